"""SPARQL over the loaded graph, with the project's prefixes predeclared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kggraph.errors import KgError
from kggraph.model.namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.plugins.sparql.sparql import Query
    from rdflib.query import Result

__all__ = ["run_query"]


def run_query(
    graph: Graph, text: str, *, allow_service: bool = False
) -> tuple[list[str], list[dict]]:
    """Run a SELECT, ASK or CONSTRUCT query; return columns and rows of plain strings.

    A syntax error, or a failure while the query runs, is a :class:`KgError` with the
    parser's message. A query that would fetch from elsewhere (``SERVICE <…>``, ``FROM <…>``)
    is refused unless ``allow_service``: kggraph sends no request the user did not ask for.
    """
    try:
        query = _prepared(text)
        remote = _remote_parts(query.algebra)
        if remote and not allow_service:
            raise KgError(
                f"the query reads from elsewhere ({', '.join(sorted(remote))}); "
                "kggraph sends no request unasked: give --allow-service to run it"
            )
        return _answer(graph.query(query))
    except KgError:
        raise
    except Exception as err:  # noqa: BLE001 - parser, rdflib and network errors become one line
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise KgError(f"SPARQL query failed: {first}") from None


def _prepared(text: str) -> Query:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text, initNs=PREFIXES)


_REMOTE = {"ServiceGraphPattern": "SERVICE", "DatasetClause": "FROM"}


def _remote_parts(node: object) -> set[str]:
    """The clauses of a parsed query that would fetch from elsewhere."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        found = {_REMOTE[node.name]} if node.name in _REMOTE else set()
        return found.union(*(_remote_parts(v) for v in node.values()))
    if isinstance(node, list | tuple):
        return set().union(*(_remote_parts(v) for v in node))
    return set()


def _answer(result: Result) -> tuple[list[str], list[dict]]:
    """Columns and rows of plain strings (the result is read here, where a SERVICE call
    made with --allow-service may still fail)."""
    if result.type == "ASK":
        return ["ask"], [{"ask": bool(result.askAnswer)}]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows = [
            {"subject": str(s), "predicate": str(p), "object": str(o)} for s, p, o in result.graph
        ]
        return ["subject", "predicate", "object"], sorted(rows, key=lambda r: tuple(r.values()))
    columns = [str(v) for v in result.vars]
    rows = [{c: (None if row[c] is None else str(row[c])) for c in columns} for row in result]
    return columns, rows

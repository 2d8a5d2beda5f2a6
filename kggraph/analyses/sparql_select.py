"""SPARQL over the loaded graph, with the project's prefixes predeclared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kggraph.errors import KgError
from kggraph.model.namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["run_query"]


def run_query(graph: Graph, text: str) -> tuple[list[str], list[dict]]:
    """Run a SELECT, ASK or CONSTRUCT query; return columns and rows of plain strings.

    A syntax error is a :class:`KgError` with the parser's message.
    """
    try:
        result = graph.query(text, initNs=PREFIXES)
    except Exception as err:  # noqa: BLE001 - pyparsing and rdflib errors become one line
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise KgError(f"SPARQL query failed: {first}") from None
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

"""Rows against the data already loaded: an unchanged row is no conflict, a changed one is one
clear line.

A secretariat exports the bundled data, changes a row in Excel and imports the workbook with the
bundled data still loaded. Every row that says what the loaded data already say is left out of
the output (loading both would only repeat it); a row that gives a loaded id other facts would
contradict the loaded data, so it is a problem that says what to do instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from rdflib import BNode

from kggraph.sources.tables.names import iri_text
from kggraph.sources.tables.read import TableProblem
from kggraph.sources.tables.to_graph import Conversion, Triple

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node as Term

__all__ = ["against_loaded"]

Shape = frozenset


def _shape(pairs: Iterable[tuple[Term, Term]], expand) -> Shape:  # noqa: ANN001
    """A node's properties, blank nodes replaced by their own shapes (so two copies compare)."""
    return frozenset((p, expand(o) if isinstance(o, BNode) else o) for p, o in pairs)


def _loaded_shape(context: Graph, node: Term) -> Shape:
    return _shape(context.predicate_objects(node), lambda b: _loaded_shape(context, b))


def _row_shape(by_subject: dict[Term, list[tuple[Term, Term]]], node: Term) -> Shape:
    return _shape(by_subject.get(node, ()), lambda b: _row_shape(by_subject, b))


def _row_state(
    triples: list[Triple],
    subject: Term | None,
    by_subject: dict[Term, list[tuple[Term, Term]]],
    context: Graph,
) -> str:
    """'new', 'same' or the predicates that differ, for a row about ``subject`` (what all the
    rows say of it, against what the loaded data say)."""
    if subject is None or isinstance(subject, BNode) or (subject, None, None) not in context:
        if all((t[0], None, None) not in context for t in triples):
            return "new"
        return _triples(triples, context)
    mine, theirs = _row_shape(by_subject, subject), _loaded_shape(context, subject)
    if mine == theirs:
        return "same"
    return ", ".join(sorted({iri_text(str(p)) for p, _ in mine ^ theirs}))


def _triples(triples: list[Triple], context: Graph) -> str:
    """A row of single facts (the triples sheet): the same when every fact is loaded."""
    plain = all(not isinstance(x, BNode) for t in triples for x in (t[0], t[2]))
    return "same" if plain and all(t in context for t in triples) else "new"


def against_loaded(conversion: Conversion, context: Graph) -> Conversion:
    """The conversion without the rows the loaded data already hold, and with a problem for
    each row that gives a loaded id other facts."""
    row_triples = dict(conversion.row_triples)
    problems = list(conversion.problems)
    rejected = set(conversion.rejected)
    unchanged = 0
    by_subject: dict[Term, list[tuple[Term, Term]]] = defaultdict(list)
    for where, triples in conversion.row_triples.items():
        if where not in rejected:
            for s, p, o in triples:
                by_subject[s].append((p, o))
    for where, triples in conversion.row_triples.items():
        if where in rejected:
            continue
        state = _row_state(triples, conversion.row_subject.get(where), by_subject, context)
        if state == "same":
            del row_triples[where]
            unchanged += 1
        elif state != "new":
            subject = conversion.row_subject[where]
            problems.append(
                TableProblem(
                    where[0],
                    where[1],
                    "",
                    f"{iri_text(str(subject))} is in the loaded data with other {state}; to "
                    "replace the loaded data, import with --no-bundled (and load the result "
                    "with --no-bundled --data), or give the row a new id",
                )
            )
            rejected.add(where)
    return replace(
        conversion,
        problems=problems,
        rejected=rejected,
        row_triples=row_triples,
        unchanged=conversion.unchanged + unchanged,
    )

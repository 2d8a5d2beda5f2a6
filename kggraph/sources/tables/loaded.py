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
from kggraph.sources.tables.row_ids import Triple
from kggraph.sources.tables.to_graph import Conversion

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


def _anchor(node: Term, parent: dict[Term, Term]) -> Term:
    """The named node a blank node hangs from (through the rows' triples), or itself."""
    seen = set()
    while isinstance(node, BNode) and node in parent and node not in seen:
        seen.add(node)
        node = parent[node]
    return node


def _row_state(
    triples: list[Triple],
    by_subject: dict[Term, list[tuple[Term, Term]]],
    parent: dict[Term, Term],
    context: Graph,
) -> str:
    """'new', 'same' or the predicates that differ, for a row: what all the rows say of each
    loaded node the row is about, against what the loaded data say of it."""
    anchors = {_anchor(t[0], parent) for t in triples}
    loaded = [a for a in anchors if not isinstance(a, BNode) and (a, None, None) in context]
    if not loaded:
        return "new"
    differ: set[str] = set()
    for anchor in loaded:
        mine, theirs = _row_shape(by_subject, anchor), _loaded_shape(context, anchor)
        differ |= {iri_text(str(p)) for p, _ in mine ^ theirs}
    return ", ".join(sorted(differ)) or "same"


def against_loaded(conversion: Conversion, context: Graph) -> Conversion:
    """The conversion without the rows the loaded data already hold, and with a problem for
    each row that gives a loaded id other facts."""
    row_triples = dict(conversion.row_triples)
    problems = list(conversion.problems)
    rejected = set(conversion.rejected)
    unchanged = 0
    by_subject: dict[Term, list[tuple[Term, Term]]] = defaultdict(list)
    parent: dict[Term, Term] = {}
    for where, triples in conversion.row_triples.items():
        if where not in rejected:
            for s, p, o in triples:
                by_subject[s].append((p, o))
                if isinstance(o, BNode):
                    parent.setdefault(o, s)
    for where, triples in conversion.row_triples.items():
        if where in rejected:
            continue
        state = _row_state(triples, by_subject, parent, context)
        if state == "same":
            del row_triples[where]
            unchanged += 1
        elif state != "new":
            subject = conversion.row_subject.get(where) or triples[0][0]
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

"""Check converted rows with the project's SHACL shapes and trace each violation to its row
and column.

pySHACL runs as :func:`kggraph.sources.validate.run_shapes` sets it up, over a read-only
union of the context and the rows (no copy). Many memberships are checked in chunks — a chunk
is a slice of the membership rows plus every other row (so that all references resolve) — one
chunk per CPU at a time where the system can fork, so a progress bar can follow and a large
table takes a fraction of the time.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, URIRef
from rdflib.graph import ReadOnlyGraphAggregate

from kggraph.model.namespaces import RDF
from kggraph.sources.tables.layout import Sheet
from kggraph.sources.tables.names import iri_text
from kggraph.sources.tables.read import TableProblem
from kggraph.sources.tables.to_graph import Conversion
from kggraph.sources.validate import run_shapes

if TYPE_CHECKING:
    from rdflib.term import Node as Term

__all__ = ["CHUNK", "shacl_results", "validate_conversion"]

#: Membership rows per chunk.
CHUNK = 5000
Result = tuple["Term", URIRef | None, str, "Term | None"]
_FORKED: tuple[Graph, Graph, Conversion, list[list[tuple[str, int]]]] | None = None


def shacl_results(graph: Graph) -> list[Result]:
    """Run the project's shapes over ``graph``: (focus node, path, message) per violation."""
    from rdflib.namespace import SH

    conforms, results, _text = run_shapes(graph)
    if conforms:
        return []
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        text = str(message or results.value(result, SH.sourceConstraintComponent))
        focus = results.value(result, SH.focusNode)
        out.append((focus, path if isinstance(path, URIRef) else None, text, value))
    return out


Where = tuple[str, int]


def _is_own(triple: tuple, subject: Term | None) -> bool:
    """Whether a membership row's triple is about the membership or its own blank nodes."""
    return triple[0] == subject or isinstance(triple[0], BNode)


def _plan(conversion: Conversion, skip: set[Where]) -> tuple[Graph, list[list[Where]]]:
    """The shared graph (every row but the memberships' own triples) and the membership rows
    in chunks of :data:`CHUNK`."""
    shared, chunks = Graph(), [[]]
    for where, triples in conversion.row_triples.items():
        if where in skip:
            continue
        if conversion.row_sheet.get(where) != "memberships":
            for t in triples:
                shared.store.add(t, shared)
            continue
        subject = conversion.row_subject.get(where)
        for t in triples:
            if not _is_own(t, subject):
                shared.store.add(t, shared)
        if len(chunks[-1]) == CHUNK:
            chunks.append([])
        chunks[-1].append(where)
    return shared, chunks


def _chunk_graph(conversion: Conversion, rows: list[Where]) -> Graph:
    graph = Graph()
    for where in rows:
        subject = conversion.row_subject.get(where)
        for t in conversion.row_triples[where]:
            if _is_own(t, subject):
                graph.store.add(t, graph)
    return graph


def _run(context: Graph, shared: Graph, conversion: Conversion, rows: list[Where]) -> list[Result]:
    chunk = _chunk_graph(conversion, rows)
    return shacl_results(ReadOnlyGraphAggregate([context, shared, chunk]))


def _forked(index: int) -> list[Result]:
    assert _FORKED is not None
    context, shared, conversion, chunks = _FORKED
    return _run(context, shared, conversion, chunks[index])


def _results(
    context: Graph,
    conversion: Conversion,
    skip: set[Where],
    progress: Callable[[int, int], None],
) -> set[Result]:
    global _FORKED
    shared, chunks = _plan(conversion, skip)
    workers = min(os.cpu_count() or 1, len(chunks))
    found: set[Result] = set()
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for done, rows in enumerate(chunks, start=1):
            found.update(_run(context, shared, conversion, rows))
            progress(done, len(chunks))
        return found
    _FORKED = (context, shared, conversion, chunks)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.imap_unordered(_forked, range(len(chunks)))
            for done, found_here in enumerate(results, start=1):
                found.update(found_here)
                progress(done, len(chunks))
    finally:
        _FORKED = None
    return found


def _column_for(sheet: Sheet, prefix: tuple[URIRef, ...], path: URIRef | None) -> str:
    for column in sheet.columns:
        via = tuple(p for p, _ in column.via)
        if path is not None and via == prefix and column.pred == path:
            return column.key
        if column.pred is not None and (*via, column.pred) == prefix:
            return column.key
        if column.pred is None and via == prefix and path in column.syntax.covers:
            return column.key
    return ""


def _found(conversion: Conversion, value: Term | None, bad: set[tuple[str, int]]) -> str:
    """What a violation found, and why when the value's own row was rejected."""
    if value is None or isinstance(value, BNode):
        return ""
    text = iri_text(str(value)) if isinstance(value, URIRef) else value.n3()
    origin = conversion.origin.get(value)
    if origin is not None and (origin[0].where, origin[0].row) in bad:
        row = origin[0]
        return f" (found {text}, whose row was rejected: {row.where}, row {row.row})"
    return f" (found {text})"


def _problems(
    conversion: Conversion, results: Iterable[Result], bad: set[tuple[str, int]]
) -> list[TableProblem]:
    out = []
    for focus, path, message, value in results:
        origin = conversion.origin.get(focus)
        if origin is None:
            continue  # about the context, not the rows
        row, sheet, prefix = origin
        key = _column_for(sheet, prefix, path)
        text = message + _found(conversion, value, bad)
        if not key and path is not None:
            text = f"{iri_text(str(path))}: {text}"
        out.append(TableProblem(row.where, row.row, row.header(key) if key else "", text))
    return out


def validate_conversion(
    conversion: Conversion,
    context: Graph,
    *,
    keep_going: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Conversion:
    """Check context + rows with the SHACL shapes; each violation becomes a problem on its row
    and column. With ``keep_going``, failing rows are dropped and the rest checked again.
    ``progress(done, total)`` follows the chunks checked."""
    problems = list(conversion.problems)
    bad = set(conversion.rejected)
    tick = progress or (lambda _done, _total: None)
    for _round in range(5):
        found = _results(context, conversion, bad, tick)
        fresh = [p for p in _problems(conversion, found, bad) if (p.where, p.row) not in bad]
        problems.extend(fresh)
        bad |= {(p.where, p.row) for p in fresh}
        if not fresh or not keep_going:
            break
    return Conversion(
        problems=sorted(set(problems)),
        rows=conversion.rows,
        rejected=bad,
        origin=conversion.origin,
        row_triples=conversion.row_triples,
        row_subject=conversion.row_subject,
        row_sheet=conversion.row_sheet,
    )

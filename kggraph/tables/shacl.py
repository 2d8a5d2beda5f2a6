"""Check converted rows with the project's SHACL shapes and trace each violation to its row
and column.

The shapes are core SHACL, so pySHACL runs without its advanced features, over a read-only
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

from kggraph.namespaces import RDF
from kggraph.tables.layout import Sheet
from kggraph.tables.read import TableProblem
from kggraph.tables.to_graph import Conversion

if TYPE_CHECKING:
    from rdflib.term import Node as Term

__all__ = ["CHUNK", "chunk_count", "shacl_results", "validate_conversion"]

#: Membership rows per chunk.
CHUNK = 5000
Result = tuple["Term", URIRef | None, str]
_FORKED: tuple[Graph, Graph, list[Graph]] | None = None


def shacl_results(graph: Graph) -> list[Result]:
    """Run the project's shapes over ``graph``: (focus node, path, message) per violation."""
    from pyshacl import validate as shacl_validate
    from rdflib.namespace import SH

    from kggraph.resources import shapes_file

    shapes = Graph().parse(shapes_file(), format="turtle")
    conforms, results, _text = shacl_validate(
        graph, shacl_graph=shapes, inference="none", advanced=False, inplace=True
    )
    if conforms:
        return []
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        text = str(message or results.value(result, SH.sourceConstraintComponent))
        if value is not None and not isinstance(value, BNode):
            text += f" (found {value.n3(graph.namespace_manager)})"
        focus = results.value(result, SH.focusNode)
        out.append((focus, path if isinstance(path, URIRef) else None, text))
    return out


def _partition(conversion: Conversion, skip: set[tuple[str, int]]) -> tuple[Graph, list[Graph]]:
    """Every row's triples but the memberships' own (shared), and the memberships in chunks."""
    shared, chunks, current, count = Graph(), [], Graph(), 0
    for where, triples in conversion.row_triples.items():
        if where in skip:
            continue
        if conversion.row_sheet.get(where) != "memberships":
            for t in triples:
                shared.store.add(t, shared)
            continue
        subject = conversion.row_subject.get(where)
        for t in triples:
            target = current if t[0] == subject or isinstance(t[0], BNode) else shared
            target.store.add(t, target)
        count += 1
        if count == CHUNK:
            chunks.append(current)
            current, count = Graph(), 0
    if count or not chunks:
        chunks.append(current)
    return shared, chunks


def chunk_count(conversion: Conversion) -> int:
    """How many SHACL runs :func:`validate_conversion` makes (for a progress bar)."""
    rows = sum(1 for k in conversion.row_sheet.values() if k == "memberships")
    return max(1, -(-rows // CHUNK))


def _run(context: Graph, shared: Graph, chunk: Graph) -> list[Result]:
    return shacl_results(ReadOnlyGraphAggregate([context, shared, chunk]))


def _forked(index: int) -> list[Result]:
    assert _FORKED is not None
    context, shared, chunks = _FORKED
    return _run(context, shared, chunks[index])


def _results(
    context: Graph, shared: Graph, chunks: list[Graph], progress: Callable[[int], None]
) -> set[Result]:
    global _FORKED
    workers = min(os.cpu_count() or 1, len(chunks))
    found: set[Result] = set()
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            found.update(_run(context, shared, chunk))
            progress(1)
        return found
    _FORKED = (context, shared, chunks)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for results in pool.imap_unordered(_forked, range(len(chunks))):
                found.update(results)
                progress(1)
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


def _problems(
    conversion: Conversion, results: Iterable[Result], graph: Graph
) -> list[TableProblem]:
    out = []
    for focus, path, message in results:
        origin = conversion.origin.get(focus)
        if origin is None:
            continue  # about the context, not the rows
        row, sheet, prefix = origin
        key = _column_for(sheet, prefix, path)
        if not key and path is not None:
            message = f"{path.n3(graph.namespace_manager)}: {message}"
        out.append(TableProblem(row.where, row.row, row.header(key) if key else "", message))
    return out


def validate_conversion(
    conversion: Conversion,
    context: Graph,
    *,
    keep_going: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Conversion:
    """Check context + rows with the SHACL shapes; each violation becomes a problem on its row
    and column. With ``keep_going``, failing rows are dropped and the rest checked again."""
    problems = list(conversion.problems)
    bad = set(conversion.rejected)
    tick = progress or (lambda _n: None)
    for _round in range(5):
        shared, chunks = _partition(conversion, bad)
        found = _results(context, shared, chunks, tick)
        fresh = [p for p in _problems(conversion, found, context) if (p.where, p.row) not in bad]
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

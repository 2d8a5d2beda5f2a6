"""Tables in and out: the graph as spreadsheets (CSV files or an .xlsx workbook) and back.

The layout (sheets, columns, cell syntax) is :mod:`kggraph.sources.tables.layout`. Import reads rows
(:mod:`~kggraph.sources.tables.read`), turns them into RDF resolving every name
(:mod:`~kggraph.sources.tables.to_graph`) and validates the result with the SHACL shapes; export
fills
the same sheets from a graph (:mod:`~kggraph.sources.tables.from_graph`) and writes them
(:mod:`~kggraph.sources.tables.write`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kggraph.sources.tables.from_graph import Export, graph_to_tables
from kggraph.sources.tables.loaded import against_loaded
from kggraph.sources.tables.read import TABLE_SUFFIXES, TableProblem, read_tables
from kggraph.sources.tables.shacl import validate_conversion
from kggraph.sources.tables.to_graph import Conversion, tables_to_graph

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "TABLE_SUFFIXES",
    "Conversion",
    "Export",
    "TableProblem",
    "add_tables",
    "export_tables",
    "import_tables",
    "is_table_path",
    "problems_summary",
]


def is_table_path(path: Path) -> bool:
    """Whether ``path`` is a table: a .csv or .xlsx file, or a folder with such files."""
    if path.is_dir():
        return any(p.suffix.lower() in TABLE_SUFFIXES for p in path.iterdir())
    return path.suffix.lower() in TABLE_SUFFIXES


def import_tables(
    paths: Iterable[Path],
    context: Graph,
    *,
    validate: bool = True,
    keep_going: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Conversion:
    """Read the tables in ``paths`` and turn them into RDF.

    Names resolve against ``context`` (the ontology and the data already loaded) and the rows
    themselves. With ``validate`` the result (with the context) is checked against the SHACL
    shapes. The returned :class:`Conversion` holds the graph of the rows without problems and
    every problem with its file or sheet, row and column.
    """
    tables = read_tables(paths)
    conversion = against_loaded(tables_to_graph(tables, context, progress=progress), context)
    if validate and (keep_going or conversion.ok):
        conversion = validate_conversion(conversion, context, keep_going=keep_going)
    return conversion


def export_tables(graph: Graph, context: Graph) -> Export:
    """The tables for what ``graph`` holds beyond ``context`` (the ontology, and anything else
    names may refer to); ``graph`` may be the loader's merged graph."""
    return graph_to_tables(graph, context)


def problems_summary(path: Path, problems: list[TableProblem], *, most: int = 3) -> str:
    """One line for a table with problems: them all when few, else how many and what to run."""
    if len(problems) <= most:
        return "; ".join(str(p) for p in problems)
    return (
        f"{path}: {len(problems)} problems in the tables, the first: {problems[0]}; "
        f"for the full list run: kggraph import {path} -o FILE.ttl"
    )


def add_tables(graph: Graph, path: Path) -> None:
    """Import the tables at ``path`` into ``graph`` (the loader's way in for ``--data``).

    Names resolve against ``graph``; any problem is a :class:`~kggraph.errors.DataError`.
    The SHACL shapes are not run here: ``kggraph validate`` and ``kggraph import`` run them.
    """
    from kggraph.errors import DataError

    conversion = import_tables([path], graph, validate=False)
    if conversion.problems:
        raise DataError(problems_summary(path, conversion.problems))
    add = graph.store.add
    for triple in conversion.triples():
        add(triple, graph)

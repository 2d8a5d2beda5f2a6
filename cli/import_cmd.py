"""``kggraph import``: tables (CSV files or an .xlsx workbook) → checked → Turtle."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from kggraph.cli.options import data_options
from kggraph.cli.progress import progress_bar
from kggraph.errors import KgError
from kggraph.render.rdf import write_triples
from kggraph.sources.load import Sources, load_graph
from kggraph.sources.tables.layout import help_text
from kggraph.sources.tables.read import TableProblem, read_tables
from kggraph.sources.tables.shacl import validate_conversion
from kggraph.sources.tables.to_graph import Conversion, tables_to_graph

__all__ = ["import_"]

_BIG = 10_000  # rows (or Turtle subjects) from which a step is slow enough for a bar


def _write_problems(path: Path, problems: list[TableProblem]) -> None:
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["file or sheet", "row", "column", "problem"])
            writer.writerows([p.where, p.row, p.column, p.message] for p in problems)
    except OSError as err:
        raise KgError(f"{path}: cannot write: {err.strerror or err}") from None


def _write(conversion: Conversion, output: Path) -> int:
    """Write the rows that are right as Turtle; the number of triples."""
    with progress_bar("Writing Turtle", _BIG) as progress:
        if str(output) == "-":
            stdout = click.get_text_stream("stdout")
            return write_triples(conversion.triples(), stdout, progress=progress)
        try:
            with output.open("w", encoding="utf-8") as out:
                return write_triples(conversion.triples(), out, progress=progress)
        except OSError as err:
            raise KgError(f"{output}: cannot write: {err.strerror or err}") from None


def _convert(paths: tuple[Path, ...], keep_going: bool, sources: Sources) -> Conversion:
    context = load_graph(sources)
    tables = read_tables(paths)
    with progress_bar("Converting rows", _BIG) as progress:
        conversion = tables_to_graph(tables, context, progress=progress)
    if conversion.ok or keep_going:
        with progress_bar("Checking the SHACL shapes", 2) as progress:
            conversion = validate_conversion(
                conversion, context, keep_going=keep_going, progress=progress
            )
    return conversion


@click.command("import", epilog=help_text())
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path), metavar="PATH…"
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The Turtle file to write ('-' for standard output).",
)
@click.option(
    "--keep-going",
    is_flag=True,
    help="Write the rows that are right and list the rejected ones (default: write nothing "
    "when any row is wrong).",
)
@click.option(
    "--problems",
    "problems_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the problems as CSV (file or sheet, row, column, problem).",
)
@data_options
def import_(
    paths: tuple[Path, ...],
    output: Path,
    keep_going: bool,
    problems_file: Path | None,
    sources: Sources,
) -> None:
    """Turn tables into Turtle: CSV files, folders of them, or .xlsx workbooks.

    Names resolve against the loaded graph (bundled data and --data) and the rows themselves;
    themes are matched to the theme scheme; the result is checked with the SHACL shapes. Every
    problem is listed with its file or sheet, row and column.

    Exit status: 0 written; 1 the tables have problems (nothing is written, or with
    --keep-going only the rows that are right); 2 could not run.

    Example: kggraph import kjernegrupper.xlsx -o kjernegrupper.ttl
    """
    conversion = _convert(paths, keep_going, sources)
    for problem in conversion.problems:
        click.echo(str(problem), err=True)
    if problems_file is not None:
        _write_problems(problems_file, conversion.problems)
    rejected = len(conversion.rejected)
    if conversion.problems and not keep_going:
        click.echo(
            f"Nothing written: {len(conversion.problems)} problem(s) in {rejected} row(s). "
            "Fix them, or write the other rows with --keep-going.",
            err=True,
        )
        sys.exit(1)
    triples = _write(conversion, output)
    kept = conversion.rows - rejected
    note = f"; rejected {rejected} row(s), listed above" if rejected else ""
    click.echo(f"Wrote {output}: {triples} triples from {kept} row(s){note}.", err=True)
    if conversion.problems:
        sys.exit(1)

"""``kggraph import``: tables (CSV files or an .xlsx workbook) → checked → Turtle."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kggraph.cli.options import data_options
from kggraph.cli.progress import progress_bar
from kggraph.errors import KgError
from kggraph.outputs import atomic_file
from kggraph.render.cells import printable
from kggraph.render.rdf import write_triples
from kggraph.sources.load import Sources, load_graph
from kggraph.sources.tables.layout import help_text
from kggraph.sources.tables.read import TableProblem, read_tables
from kggraph.sources.tables.shacl import validate_conversion
from kggraph.sources.tables.to_graph import Conversion, tables_to_graph

if TYPE_CHECKING:
    from kggraph.sources.register import Register

__all__ = ["import_"]

_BIG = 10_000  # rows (or Turtle subjects) from which a step is slow enough for a bar
_SHOWN = 20  # problems printed; the rest are counted (all go to --problems FILE)


def _write_problems(path: Path, problems: list[TableProblem]) -> None:
    with atomic_file(path, encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file or sheet", "row", "column", "problem"])
        writer.writerows([p.where, p.row, p.column, p.message] for p in problems)


def _write_triples(triples: Iterable, output: Path) -> int:
    """Write triples as Turtle to ``output`` ('-' for standard output), atomically."""
    with progress_bar("Writing Turtle", _BIG) as progress:
        if str(output) == "-":
            return write_triples(triples, click.get_text_stream("stdout"), progress=progress)
        with atomic_file(output, encoding="utf-8") as out:
            return write_triples(triples, out, progress=progress)


def register_summary(register: Register) -> list[str]:
    """What the register held, what was skipped and why, and the columns left unread."""
    c = register.imported.counts
    lines = [
        f"Imported {c['structures']} structures, {c['parts']} parts, {c['seats']} seats "
        f"and {c['organisations']} organisations."
    ]
    for why, n in sorted(register.imported.skipped.items()):
        lines.append(f"{n} {why}.")
    for name, columns in register.unmapped.items():
        if columns:
            lines.append(f"{name}: columns the mapping does not read: {', '.join(columns)}.")
    return lines


def _import_register(
    mapping: Path,
    paths: tuple[Path, ...],
    output: Path,
    keep_going: bool,
    problems_file: Path | None,
) -> None:
    from kggraph.sources.register import import_register

    register = import_register(mapping, list(paths))
    imported = register.imported
    problems = [TableProblem(p.file, p.row, p.column, p.message) for p in imported.problems]
    for problem in problems[:_SHOWN]:
        click.echo(str(problem), err=True)
    if len(problems) > _SHOWN:
        click.echo(f"… and {len(problems) - _SHOWN} more problem(s).", err=True)
    if problems_file is not None:
        _write_problems(problems_file, problems)
    if problems and not keep_going:
        raise KgError(
            f"nothing written: {len(problems)} problem(s) in the register's rows; fix the "
            "mapping or the rows, or skip those rows with --keep-going"
        )
    triples = _write_triples(imported.triples, output)
    for line in register_summary(register):
        click.echo(line, err=True)
    rows = imported.counts["rows"]
    click.echo(f"Wrote {output}: {triples} triples from {rows} row(s).", err=True)
    if problems:
        click.echo(f"Skipped {len(problems)} row(s) with the problems listed above.", err=True)
        sys.exit(1)


def _convert(paths: tuple[Path, ...], keep_going: bool, sources: Sources) -> Conversion:
    context = load_graph(sources)
    tables = read_tables(paths)
    for warning in tables.warnings:
        click.echo(f"Warning: {printable(str(warning))}", err=True)
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
    "--problems",
    "problems_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the problems as CSV (file or sheet, row, column, problem).",
)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Read a register in its own columns, as this TOML mapping describes (see the README, "
    "'Bringing your own register'); PATH… are its files or their folder.",
)
@data_options
def import_(
    paths: tuple[Path, ...],
    output: Path,
    problems_file: Path | None,
    mapping: Path | None,
    sources: Sources,
) -> None:
    """Turn tables into Turtle: CSV files, folders of them, or .xlsx workbooks.

    Names resolve against the loaded graph (bundled data and --data) and the rows themselves;
    themes are matched to the theme scheme; the result is checked with the SHACL shapes. Every
    problem is listed with its file or sheet, row and column.

    Exit status: 0 written; 1 the tables have problems (nothing is written, or with
    --keep-going only the rows that are right); 2 could not run.

    Example: kggraph import kjernegrupper.xlsx -o kjernegrupper.ttl

    With --mapping, PATH… are a register's own files (or their folder), read as the mapping
    says; the data loaded with --data play no part. Example: kggraph import --mapping
    examples/eu-expert-groups/mapping.toml ../shared/realdata/eu-expert-groups -o eg.ttl
    """
    keep_going = sources.keep_going
    if mapping is not None:
        _import_register(mapping, paths, output, keep_going, problems_file)
        return
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
    triples = _write_triples(conversion.triples(), output)
    kept = conversion.rows - rejected
    note = f"; rejected {rejected} row(s), listed above" if rejected else ""
    click.echo(f"Wrote {output}: {triples} triples from {kept} row(s){note}.", err=True)
    if conversion.problems:
        sys.exit(1)

"""``kggraph export``: the merged graph for other tools, or the data as tables."""

from __future__ import annotations

from pathlib import Path

import click

from kggraph.cli.options import data_options
from kggraph.outputs import atomic_file
from kggraph.render.rdf import serialise
from kggraph.sources.load import Sources, load_graph
from kggraph.sources.tables.write import TABLE_FORMATS, write_tables

__all__ = ["export"]


def _export_tables(sources: Sources, fmt: str, output: Path, headers: str) -> None:
    from rdflib import Graph

    from kggraph.resources import ontology_files
    from kggraph.sources.load import parse_file
    from kggraph.sources.tables import export_tables

    ontology = Graph()
    for path in ontology_files():
        parse_file(ontology, path)
    export = export_tables(load_graph(sources), ontology)
    write_tables(export, output, fmt, headers)
    counts = ", ".join(f"{k} {len(v)}" for k, v in export.rows.items() if v)
    click.echo(f"Wrote {output} ({fmt}): {counts}.", err=True)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "nt", "jsonld", "csv", *TABLE_FORMATS]),
    default="turtle",
    show_default=True,
    help="turtle, N-Triples (nt), JSON-LD, CSV of triples; or the data as tables: an .xlsx "
    "workbook (xlsx) or a folder of CSV files (csv-dir), the layout `kggraph import` reads.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default="-",
    show_default=True,
    help="Where to write ('-' for standard output; a file for xlsx, a folder for csv-dir).",
)
@click.option(
    "--headers",
    type=click.Choice(["en", "nb"]),
    default="en",
    show_default=True,
    help="Language of the sheet names and column headers (xlsx, csv-dir).",
)
@data_options
def export(fmt: str, output: Path, headers: str, sources: Sources) -> None:
    """Write the merged graph (ontology + data) for other tools, or the data as tables.

    The tables (xlsx, csv-dir) hold the data without the ontology; `kggraph import` reads them
    back to the same graph.

    Examples: kggraph export --format nt -o kggraph.nt;
    kggraph export --format xlsx -o kjernegrupper.xlsx
    """
    if fmt in TABLE_FORMATS:
        if str(output) == "-":
            raise click.UsageError(
                f"--format {fmt} needs -o (a file for xlsx, a folder for csv-dir)"
            )
        _export_tables(sources, fmt, output, headers)
        return
    if output.is_dir():
        raise click.UsageError(f"{output} is a folder; give a file name with -o")
    text = serialise(load_graph(sources), fmt)
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    with atomic_file(output, encoding="utf-8") as out:
        out.write(text)
    click.echo(f"Wrote {output} ({fmt}).", err=True)

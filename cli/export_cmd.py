"""``kggraph export``: the merged graph for other tools."""

from __future__ import annotations

from pathlib import Path

import click
from kggraph.cli.options import data_options, sources_from

from kggraph.export import serialise
from kggraph.load import load_graph

__all__ = ["export"]


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "nt", "jsonld", "csv"]),
    default="turtle",
    show_default=True,
    help="turtle, N-Triples (nt), JSON-LD, or CSV of triples.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default="-",
    show_default=True,
    help="Where to write ('-' for standard output).",
)
@data_options
def export(fmt: str, output: Path, **data: object) -> None:
    """Write the merged graph (ontology + data) for other tools.

    Example: kggraph export --format nt -o kggraph.nt
    """
    text = serialise(load_graph(sources_from(**data)), fmt)
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {output} ({fmt}).", err=True)

"""``kggraph validate``: SHACL validation of ontology + data."""

from __future__ import annotations

import sys

import click

from kggraph.cli.options import data_options
from kggraph.sources.load import Sources, load_graph
from kggraph.sources.validate import validate as shacl_validate

__all__ = ["validate"]


@click.command()
@data_options
def validate(sources: Sources) -> None:
    """Validate the data against the SHACL shapes (ontology/shapes.ttl).

    Exit status: 0 conforms, 1 does not conform (the report says why), 2 could not run.
    """
    report = shacl_validate(load_graph(sources))
    if report.conforms:
        click.echo("Conforms: the data satisfy every shape.")
        return
    click.echo(f"Does not conform: {report.violations} violation(s).\n")
    click.echo(report.text)
    sys.exit(1)

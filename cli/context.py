"""What every command does first: load the model and resolve names, through the library."""

from __future__ import annotations

from pathlib import Path

import click

from kggraph.cli.options import sources_from
from kggraph.load import load_model
from kggraph.model import Model
from kggraph.render import render
from kggraph.resolve import entity_resolver

__all__ = ["TABLE_HEADERS", "emit", "model_from", "resolve_name"]

TABLE_HEADERS = {
    "structure_label": "name",
    "member_label": "name",
    "structure_type": "type",
    "role_label": "role",
    "level_label": "level",
    "start_text": "start",
    "end_text": "end",
}


def model_from(
    data: tuple[Path, ...],
    no_bundled: bool,
    endpoint: str | None,
    graph_iri: str | None,
    timeout: float,
) -> Model:
    """Load the model from the data options."""
    return load_model(sources_from(data, no_bundled, endpoint, graph_iri, timeout))


def resolve_name(model: Model, name: str) -> str:
    """The IRI of ``name`` (one resolver for every command)."""
    return entity_resolver(model).resolve(name)


def emit(
    rows: list[dict],
    fmt: str,
    columns: list[str],
    table_columns: list[str],
    title: str | None = None,
) -> None:
    """Write rows to stdout; tables get a title line and readable columns."""
    if fmt == "table":
        if title:
            click.echo(title)
        click.echo(render(rows, table_columns, "table", headers=TABLE_HEADERS), nl=False)
    else:
        click.echo(render(rows, columns, fmt), nl=False)

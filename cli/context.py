"""What every command does first: load the model and resolve names, through the library."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kggraph.cli.options import sources_from
from kggraph.cli.progress import LOAD_MIN_BYTES, progress_bar
from kggraph.model.names import entity_resolver
from kggraph.model.records import Model
from kggraph.render import render
from kggraph.sources.load import load_model

if TYPE_CHECKING:
    from kggraph.analyses.checks import CheckOptions
    from kggraph.analyses.findings import Finding

__all__ = ["TABLE_HEADERS", "emit", "findings_on", "model_from", "resolve_name"]

CHECK_BAR_MEMBERSHIPS = 50_000  # from about here the checks take more than a couple of seconds

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
    max_answer_mb: float = 2048,
) -> Model:
    """Load the model from the data options (with a progress bar while large files parse)."""
    sources = sources_from(data, no_bundled, endpoint, graph_iri, timeout, max_answer_mb)
    with progress_bar("Loading", LOAD_MIN_BYTES) as progress:
        return load_model(sources, progress)


def findings_on(
    model: Model,
    at: date,
    lang: str,
    rules: tuple[str, ...] | None = None,
    options: CheckOptions | None = None,
) -> list[Finding]:
    """Every check's findings (see :func:`kggraph.analyses.checks.run_checks`), with a progress bar
    when the model is large."""
    from kggraph.analyses.checks import DEFAULTS, run_checks

    large = len(model.memberships) >= CHECK_BAR_MEMBERSHIPS
    with progress_bar("Checking", 0 if large else sys.maxsize) as progress:
        return run_checks(model, at, lang, rules, options or DEFAULTS, progress)


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

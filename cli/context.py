"""What every command does first: load the model and resolve names, through the library."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING

import click

from kggraph.cli.progress import LOAD_MIN_BYTES, progress_bar
from kggraph.model.names import entity_resolver
from kggraph.model.records import Model
from kggraph.render import render
from kggraph.render.cells import printable
from kggraph.sources.load import Sources, load_model

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


def model_from(sources: Sources) -> Model:
    """Load the model from the data options (with a progress bar while large files parse);
    what the data lacks or what was left out of it is a warning on stderr."""
    with progress_bar("Loading", LOAD_MIN_BYTES) as progress:
        model = load_model(sources, progress)
    warn_problems(model)
    return model


def warn_problems(model: Model, most: int = 5) -> None:
    """Warnings on stderr: each subject left out (at most ``most``, then a count), and what
    was kept though incomplete, one line per kind (a register without periods has thousands)."""
    if not model.problems:
        return
    from kggraph.sources.screen import describe

    left = [p for p in model.problems if p.fatal]
    for problem in left[:most]:
        click.echo(f"Warning: left out: {printable(describe(problem))}", err=True)
    if len(left) > most:
        click.echo(f"Warning: and {len(left) - most} more left out", err=True)
    kinds: dict[tuple[str, str], list] = {}
    for problem in model.problems:
        if not problem.fatal:
            kinds.setdefault((problem.prop, problem.message), []).append(problem)
    for same in kinds.values():
        more = f" (and {len(same) - 1} more like it)" if len(same) > 1 else ""
        click.echo(f"Warning: {printable(describe(same[0]))}{more}", err=True)


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
            click.echo(printable(title))
        click.echo(render(rows, table_columns, "table", headers=TABLE_HEADERS), nl=False)
    else:
        click.echo(render(rows, columns, fmt), nl=False)

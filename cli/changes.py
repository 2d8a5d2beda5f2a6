"""``kggraph diff`` (what changed between two dates) and ``kggraph history`` (one story)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date

import click

from kggraph.analyses.change import CHANGE_COLUMNS, Change
from kggraph.analyses.changes import compare
from kggraph.analyses.scope import Scope
from kggraph.analyses.timeline import history as timeline
from kggraph.cli.context import findings_on, model_from, resolve_name
from kggraph.cli.options import IsoDate, data_options, format_option, lang_option
from kggraph.errors import KgError
from kggraph.model.records import Model
from kggraph.render import render
from kggraph.render.cells import printable
from kggraph.render.changes_text import render_changes
from kggraph.sources.load import Sources

__all__ = ["changes_between", "diff", "history", "period_options"]


def period_options(required: bool) -> Callable[[Callable], Callable]:
    """``--from DATE`` and ``--to DATE``: the two dates compared."""

    def apply(func: Callable) -> Callable:
        for flag, name, what in (("--to", "last", "later"), ("--from", "first", "earlier")):
            func = click.option(
                flag,
                name,
                type=IsoDate(),
                required=required,
                metavar="DATE",
                help=f"The {what} date, ISO 8601.",
            )(func)
        return func

    return apply


def changes_between(
    model: Model, first: date, last: date, names: tuple[str, ...], lang: str, findings: bool
) -> list[Change]:
    """The changes between two dates in the named structures/organisations (all when none)."""
    if first >= last:
        raise KgError(f"--from {first.isoformat()} must be before --to {last.isoformat()}")
    iris = [resolve_name(model, n) for n in names]
    scope = Scope.of(model, iris) if iris else Scope.everything(model)
    checks = (lambda day: findings_on(model, day, lang)) if findings else None
    return compare(model, first, last, scope, checks, lang)


@click.command()
@click.argument("names", nargs=-1, metavar="[NAME]...")
@period_options(required=True)
@format_option
@lang_option
@click.option("--no-findings", is_flag=True, help="Leave out the findings of `kggraph check`.")
@data_options
def diff(
    names: tuple[str, ...],
    first: date,
    last: date,
    fmt: str,
    lang: str,
    no_findings: bool,
    sources: Sources,
) -> None:
    """What changed between two dates, for the whole graph or the structures/organisations NAME.

    Memberships that began or ended, changes of role or level, leads that moved, structures
    started or ended, reorganisations and what they moved, and findings of `kggraph check`
    that appeared, went away or changed severity. Each line cites its sources; a date the
    sources do not give is shown as the range it lies in. An unknown level is no change.

    Example: kggraph diff --from 2023-06-30 --to 2024-06-30 Klima
    """
    model = model_from(sources)
    found = changes_between(model, first, last, names, lang, not no_findings)
    rows = [c.as_row(lang) for c in found]
    scope = f" ({', '.join(names)})" if names else ""
    title = f"{first.isoformat()} → {last.isoformat()}{scope}: {_count(len(rows), lang)}"
    _emit(rows, fmt, title, grouped=True)


@click.command()
@click.argument("name")
@format_option
@lang_option
@data_options
def history(name: str, fmt: str, lang: str, sources: Sources) -> None:
    """The story of one structure or organisation: every dated change, oldest first.

    Participation, roles, levels, lead, secretariat, mandate, parts started and ended, and
    reorganisations and renames, each with its sources.

    Example: kggraph history KUBU
    """
    model = model_from(sources)
    iri = resolve_name(model, name)
    rows = [c.as_row(lang) for c in timeline(model, iri, lang)]
    entity = model.entities[iri]
    title = f"{entity.label(lang)} ({entity.notation}): {_count(len(rows), lang)}"
    _emit(rows, fmt, title, grouped=False)


def _count(n: int, lang: str) -> str:
    """'1 change', '3 endringer'."""
    one, many = ("endring", "endringer") if lang == "nb" else ("change", "changes")
    return f"{n} {one if n == 1 else many}"


def _emit(rows: list[dict], fmt: str, title: str, grouped: bool) -> None:
    """Changes as text (a title, then a block per change), CSV or JSON."""
    if fmt == "table":
        click.echo(printable(title))
        width = shutil.get_terminal_size((100, 24)).columns
        click.echo(render_changes(rows, grouped=grouped, width=max(width, 60)), nl=False)
    else:
        click.echo(render(rows, CHANGE_COLUMNS, fmt), nl=False)

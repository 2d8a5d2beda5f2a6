"""``kggraph check`` (the guideline checks, optionally with a proposed group) and
``kggraph overlap`` (who shares whom between the core groups)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from functools import lru_cache
from pathlib import Path

import click

from kggraph.analyses import overlap as ov
from kggraph.analyses import seats
from kggraph.analyses.checks import CheckOptions
from kggraph.analyses.findings import SEVERITIES, Finding
from kggraph.analyses.proposal import Compared, check_proposal, read_proposal
from kggraph.cli.context import emit, findings_on, model_from
from kggraph.cli.options import data_options, output_options, resolve_at
from kggraph.model.dates import today
from kggraph.render import overlap_rows as rows_of
from kggraph.render import render
from kggraph.render.json_rows import render_json

__all__ = ["FINDING_COLUMNS", "check", "overlap", "threshold_options"]

FINDING_COLUMNS = [
    "rule",
    "severity",
    "subject",
    "related",
    "message",
    "evidence",
    "source",
    "guideline_text",
    "details",
]
_OPTION_NAMES = [f.name for f in fields(CheckOptions)]


def threshold_options(func: Callable) -> Callable:
    """One option per :class:`CheckOptions` field, with its default and help."""
    for f in reversed(fields(CheckOptions)):
        flag = "--" + f.name.replace("_", "-")
        help_text = f.metadata.get("help", "")
        if isinstance(f.default, bool):
            negative = "--no-" + f.name.replace("_", "-")
            decorator = click.option(
                f"{flag}/{negative}", f.name, default=f.default, show_default=True, help=help_text
            )
        else:
            decorator = click.option(
                flag,
                f.name,
                type=type(f.default),
                default=f.default,
                show_default=True,
                help=help_text,
            )
        func = decorator(func)
    return func


def _split(kwargs: dict) -> tuple[CheckOptions, dict]:
    chosen = {k: kwargs.pop(k) for k in _OPTION_NAMES}
    return CheckOptions(**chosen), kwargs


def _row(f: Finding, change: str | None, fmt: str) -> dict:
    row = f.as_row()
    if fmt == "csv":
        row["evidence"] = [f"{e['fact']} [{e['source']}]" for e in row["evidence"]]
    if change is not None:
        row["change"] = change
    return row


def _summary(items: list[tuple[Finding, str | None]], when: date, lang: str) -> str:
    """'2024-06-30: 7 findings (0 errors, 4 warnings, 3 info)' in the language asked for."""
    counts = {s: sum(1 for f, c in items if f.severity == s and c != "gone") for s in SEVERITIES}
    total = sum(counts.values())
    if lang == "en":
        words = {"error": ("error", "errors"), "warning": ("warning", "warnings")}
        noun = "finding" if total == 1 else "findings"
    else:
        words = {"error": ("feil", "feil"), "warning": ("advarsel", "advarsler")}
        noun = "funn"
    words["info"] = ("info", "info")
    parts = ", ".join(f"{counts[s]} {words[s][counts[s] != 1]}" for s in SEVERITIES)
    return f"{when.isoformat()}: {total} {noun} ({parts})"


@lru_cache(maxsize=1024)
def _wrap(text: str, width: int, first: str, rest: str) -> tuple[str, ...]:
    """The text wrapped; once per text (every finding of a rule quotes the same guideline)."""
    return tuple(
        textwrap.wrap(
            text, width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
        )
    )


_HEAD_WORDS = {  # a finding's head line: severity, and its change against the data alone
    "nb": {"error": "FEIL", "warning": "ADVARSEL", "info": "INFO"}
    | {"new": "ny", "changed": "endret", "gone": "borte"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
    | {"new": "new", "changed": "changed", "gone": "gone"},
}


def _block(f: Finding, change: str | None, lang: str, width: int = 100) -> str:
    """One finding as a readable block: head line (severity and change in the language asked
    for), message, evidence, the guideline's words."""
    words = _HEAD_WORDS.get(lang, _HEAD_WORDS["en"])
    mark = f"[{words[change]}] " if change and change != "same" else ""
    related = f" ~ {', '.join(f.related)}" if f.related else ""
    lines = [f"{mark}{words[f.severity]}  {f.rule}  {f.subject}{related}"]
    lines += _wrap(f.message, width, "  ", "  ")
    for e in f.evidence:
        lines += _wrap(f"· {e.fact}  [{e.source}]", width, "    ", "      ")
    if f.guideline_text:
        lines += _wrap(f"{f.rule}: «{f.guideline_text}» ({f.source})", width, "  ", "    ")
    return "\n".join(lines)


def _emit_findings(
    items: list[tuple[Finding, str | None]], fmt: str, when: date, lang: str, head: str = ""
) -> None:
    if fmt == "table":
        click.echo(head + _summary(items, when, lang))
        for f, change in items:
            click.echo("\n" + _block(f, change, lang))
        return
    with_change = any(c is not None for _, c in items)
    columns = (["change"] if with_change else []) + FINDING_COLUMNS
    click.echo(render([_row(f, c, fmt) for f, c in items], columns, fmt), nl=False)


def _proposal_head(compared: list[Compared], name: str, lang: str) -> str:
    n = {k: sum(1 for c in compared if c.change == k) for k in ("new", "changed", "gone")}
    if lang == "en":
        return f"Proposal {name}: {n['new']} new, {n['changed']} changed, {n['gone']} gone.\n"
    return f"Forslag {name}: {n['new']} nye, {n['changed']} endret, {n['gone']} borte.\n"


@click.command()
@click.option(
    "--rule",
    "rules",
    multiple=True,
    metavar="R",
    help="Only this rule (repeatable): a guideline point (2.4, 5.1), a chapter (4) or an "
    "evaluation recommendation (DFØ 5.2).",
)
@click.option("--strict", is_flag=True, help="Exit with status 1 when a finding is an error.")
@click.option(
    "--proposal",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A proposed core group (TOML or Turtle): check as if it existed and show what it "
    "adds or changes. Without --at, the date is the later of today and its start.",
)
@threshold_options
@output_options
@data_options
def check(
    rules: tuple[str, ...],
    strict: bool,
    proposal: Path | None,
    at: date | None,
    fmt: str,
    lang: str,
    **kwargs: object,
) -> None:
    """Check the core groups against the guidelines on a date; explain every finding.

    Each finding names the guideline point, how serious it is, the structure, the others
    involved, and the facts it rests on with their sources. With --proposal the proposed
    group's findings come first, marked new or changed against the same date without it.

    Example: kggraph check --at 2024-06-30 --rule 5.1
    """
    options, data = _split(kwargs)
    model = model_from(**data)
    if proposal is None:
        when = resolve_at(at)
        findings = findings_on(model, when, lang, rules or None, options)
        items: list[tuple[Finding, str | None]] = [(f, None) for f in findings]
        _emit_findings(items, fmt, when, lang)
    else:
        layer = read_proposal(proposal, model)
        for warning in layer.warnings:
            click.echo(f"Warning: {proposal.name}: {warning}", err=True)
        when, compared = check_proposal(model, layer, at, today(), lang, rules or None, options)
        items = [(c.finding, c.change) for c in compared]
        head = _proposal_head(compared, layer.group.notation, lang)
        _emit_findings(items, fmt, when, lang, head)
    if strict and any(f.severity == "error" and c != "gone" for f, c in items):
        click.get_current_context().exit(1)


@click.command()
@click.option(
    "--by",
    type=click.Choice(list(ov.BY_KINDS)),
    default="all",
    show_default=True,
    help="Count ministries, agencies, or all organisations (others included).",
)
@click.option(
    "--matrix",
    is_flag=True,
    help="Print the organisation × core-group participation matrix (role and level in the "
    "cells; csv and json cite the seats in a source column) instead.",
)
@output_options
@data_options
def overlap(by: str, matrix: bool, at: date | None, fmt: str, lang: str, **data: object) -> None:
    """Overlap between the active core groups, and each organisation's load.

    Pairs: shared members (a group counted with its parts), Jaccard and overlap coefficient.
    Load: how many core groups each organisation takes part in and leads. With --format csv
    the two tables follow each other, separated by a blank line.

    Example: kggraph overlap --by ministries --at 2024-06-30
    """
    model = model_from(**data)
    when = resolve_at(at)
    if matrix:
        columns, rows = rows_of.matrix_rows(model, seats.participation(model, when, by), lang)
        cells = [c for c in columns if c != "source"]  # the table keeps to what fits
        emit(rows, fmt, columns, cells, title=f"{when.isoformat()}: {by} × core groups")
        return
    pairs = rows_of.pair_rows(model, seats.group_pairs(model, when, by))
    load = rows_of.load_rows(model, seats.loads(model, when, by), lang)
    if fmt == "json":
        doc = {"at": when.isoformat(), "by": by, "pairs": pairs, "load": load}
        click.echo(render_json(doc), nl=False)
        return
    if fmt == "csv":
        click.echo(
            render(pairs, rows_of.PAIR_COLUMNS, "csv")
            + "\n"
            + render(load, rows_of.LOAD_COLUMNS, "csv"),
            nl=False,
        )
        return
    click.echo(f"{when.isoformat()}: {len(pairs)} pairs of core groups sharing members ({by})")
    click.echo(render(pairs, [c for c in rows_of.PAIR_COLUMNS if c != "source"], "table"))
    click.echo(f"{when.isoformat()}: load ({by})")
    skip = {"org_label", "source"}  # the table keeps to what fits; csv and json cite the seats
    click.echo(render(load, [c for c in rows_of.LOAD_COLUMNS if c not in skip], "table"), nl=False)

"""``kggraph check`` (the guideline checks, optionally with a proposed group) and
``kggraph overlap`` (who shares whom between the core groups)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from pathlib import Path

import click

from kggraph.analyses import overlap as ov
from kggraph.analyses import seats
from kggraph.analyses.checks import CheckOptions
from kggraph.analyses.findings import Finding
from kggraph.analyses.proposal import check_proposal
from kggraph.analyses.proposal_files import read_proposal
from kggraph.cli.context import emit, findings_on, model_from
from kggraph.cli.options import data_options, output_options, resolve_at
from kggraph.model.dates import today
from kggraph.render import overlap_rows as rows_of
from kggraph.render import render
from kggraph.render.findings_text import proposal_head, render_findings
from kggraph.render.json_rows import render_json
from kggraph.sources.load import Sources

__all__ = ["check", "overlap", "threshold_options"]


def threshold_options(func: Callable) -> Callable:
    """One option per :class:`CheckOptions` field, with its default and help."""
    for f in reversed(fields(CheckOptions)):
        flag = f.metadata.get("flag", "--" + f.name.replace("_", "-"))
        help_text = f.metadata.get("help", "")
        choices = f.metadata.get("choices")
        if isinstance(f.default, bool):
            negative = "--no-" + f.name.replace("_", "-")
            decorator = click.option(
                f"{flag}/{negative}", f.name, default=f.default, show_default=True, help=help_text
            )
        else:
            decorator = click.option(
                flag,
                f.name,
                type=click.Choice(choices) if choices else type(f.default),
                default=f.default,
                show_default=True,
                help=help_text,
            )
        func = decorator(func)
    return func


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
    sources: Sources,
    **kwargs: object,
) -> None:
    """Check the core groups against the guidelines on a date; explain every finding.

    Each finding names the guideline point, how serious it is, the structure, the others
    involved, and the facts it rests on with their sources. With --proposal the proposed
    group's findings come first, marked new or changed against the same date without it.

    Example: kggraph check --at 2024-06-30 --rule 5.1
    """
    options = CheckOptions(**kwargs)
    model = model_from(sources)
    if proposal is None:
        when = resolve_at(at)
        findings = findings_on(model, when, lang, rules or None, options)
        items: list[tuple[Finding, str | None]] = [(f, None) for f in findings]
        click.echo(render_findings(items, fmt, when, lang), nl=False)
    else:
        layer = read_proposal(proposal, model)
        for warning in layer.warnings:
            click.echo(f"Warning: {proposal.name}: {warning}", err=True)
        when, compared = check_proposal(model, layer, at, today(), lang, rules or None, options)
        items = [(c.finding, c.change) for c in compared]
        head = proposal_head(compared, layer.group.notation, lang)
        click.echo(render_findings(items, fmt, when, lang, head), nl=False)
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
def overlap(by: str, matrix: bool, at: date | None, fmt: str, lang: str, sources: Sources) -> None:
    """Overlap between the active core groups, and each organisation's load.

    Pairs: shared members (a group counted with its parts), Jaccard and overlap coefficient.
    Load: how many core groups each organisation takes part in and leads. With --format csv
    the two tables follow each other, separated by a blank line.

    Example: kggraph overlap --by ministries --at 2024-06-30
    """
    model = model_from(sources)
    when = resolve_at(at)
    if matrix:
        columns, rows = rows_of.matrix_rows(model, seats.participation(model, when, by), lang)
        cells = [c for c in columns if c != "source"]  # the table keeps to what fits
        emit(rows, fmt, columns, cells, title=f"{when.isoformat()}: {by} × core groups")
        return
    doc = rows_of.overlap_document(model, when, by, lang)
    pairs, load = doc["pairs"], doc["load"]
    if fmt == "json":
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

"""The picture commands: ``viz`` (an interactive graph page) and ``report`` (a one-page report).

Both write one self-contained HTML file (no request leaves it) and say on stdout what they
wrote and how the graph was laid out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import click
import networkx as nx

from kggraph.analyses.report import report_content
from kggraph.analyses.timeline import day_states, slider_days
from kggraph.cli.changes import changes_between, period_options
from kggraph.cli.context import findings_on, model_from, resolve_name
from kggraph.cli.options import IsoDate, at_option, data_options, lang_option, resolve_at
from kggraph.errors import KgError
from kggraph.model.records import Model
from kggraph.model.view import build_view
from kggraph.outputs import atomic_file
from kggraph.render.html.findings_layer import about
from kggraph.render.html.graph_html import GraphPage, render_graph_html
from kggraph.render.html.layout import LARGE_GRAPH
from kggraph.render.html.report_html import TOP_PAIRS, render_report_html
from kggraph.render.html.select import neighbourhood, only_types, parse_types
from kggraph.render.html.slider import render_slider_html
from kggraph.sources.load import Sources

__all__ = ["MAX_DATES", "report", "viz"]

MAX_DATES = 100  # a slider's dates; the bundled data have 8 from mid 2023 to mid 2024


def _write(path: Path, html: str) -> None:
    with atomic_file(path, encoding="utf-8") as f:
        f.write(html)


def _output_option(default: str) -> Callable:
    """``-o/--output FILE``: where the page goes."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path(default),
        show_default=True,
        help="The HTML file to write.",
    )


def _limit_option(flag: str, default: int, help_text: str, least: int = 1) -> Callable:
    """A ``--max-…`` option: a whole number with a default, shown in the help."""
    return click.option(
        flag,
        type=click.IntRange(min=least),
        metavar="N",
        default=default,
        show_default=True,
        help=help_text,
    )


def _summary(path: Path, page: GraphPage, at: date) -> str:
    placed = len(page.findings) - len(page.unplaced)
    lines = [
        f"Wrote {path} ({at.isoformat()}): {page.node_count} nodes, {page.edge_count} edges, "
        f"{len(page.findings)} findings ({placed} drawn on the graph)",
        f"Layout: {page.plan.describe()}",
    ]
    return "\n".join(lines)


@click.command()
@_output_option("kggraph.html")
@at_option
@lang_option
@click.option(
    "--focus",
    metavar="NAME",
    help="Draw only the neighbourhood of this structure "
    "or organisation (abbreviation, name or IRI).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="With --focus: how many links away to draw (default 1).",
)
@click.option(
    "--types",
    metavar="T,…",
    help="Draw only these categories (ministry, agency, "
    "other_organisation, core_group, secretariat, other_structure) or types "
    "(ExpertGroup, …), comma-separated.",
)
@click.option("--no-findings", is_flag=True, help="Leave the findings of `kggraph check` out.")
@_limit_option(
    "--max-nodes",
    LARGE_GRAPH,
    "Above this many nodes, draw an overview of clusters that open on a click.",
)
@period_options(required=False)
@_limit_option(
    "--max-dates",
    MAX_DATES,
    "With --from/--to: refuse a period with more dates than this on the slider "
    "(each date is a graph and a run of the checks).",
    least=2,
)
@data_options
def viz(
    output: Path,
    at: date | None,
    first: date | None,
    last: date | None,
    lang: str,
    focus: str | None,
    depth: int | None,
    types: str | None,
    no_findings: bool,
    max_nodes: int,
    max_dates: int,
    sources: Sources,
) -> None:
    """Write the graph on a date as one self-contained interactive HTML page.

    Nodes are coloured and shaped by type, lines drawn by role and level; hover for the facts
    and their sources. The page has a search box, filters by type and core group, and the
    findings of `kggraph check` with a toggle. It loads nothing from the network.

    With --from and --to the page has a date slider instead: it steps through every day in
    between on which anything changes, showing who sat where and which findings held;
    memberships whose dates the sources do not give are drawn faint and dashed on the days
    they may or may not hold.

    Example: kggraph viz -o kjernegrupper.html --at 2024-06-30 --focus KUBU --depth 2
    """
    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus NAME")
    model = model_from(sources)
    narrow = _narrowing(model, focus, depth, types)
    if first is not None or last is not None:
        _period_page(model, output, at, first, last, lang, narrow, no_findings, max_dates)
        return
    when = resolve_at(at)
    view = narrow(build_view(model, when, lang))
    findings = [] if no_findings else findings_on(model, when, lang)
    if focus or types:
        findings = about(view, findings)
    html, page = render_graph_html(
        view, findings, lang, show_findings=not no_findings, threshold=max_nodes
    )
    _write(output, html)
    click.echo(_summary(output, page, when))


def _narrowing(
    model: Model, focus: str | None, depth: int | None, types: str | None
) -> Callable[[nx.MultiDiGraph], nx.MultiDiGraph]:
    """What --focus/--depth and --types leave of a view (the same for every day drawn)."""
    centre = resolve_name(model, focus) if focus else None
    wanted = parse_types(types, {e.type for e in model.entities.values()})

    def narrow(view: nx.MultiDiGraph) -> nx.MultiDiGraph:
        if centre is not None:
            view = neighbourhood(view, centre, 1 if depth is None else depth, name=focus)
        return only_types(view, wanted)

    return narrow


def _period_page(
    model: Model,
    output: Path,
    at: date | None,
    first: date | None,
    last: date | None,
    lang: str,
    narrow: Callable[[nx.MultiDiGraph], nx.MultiDiGraph],
    no_findings: bool,
    max_dates: int,
) -> None:
    """``viz --from --to``: one page with a date slider over the period."""
    if first is None or last is None or at is not None:
        raise click.UsageError("a page with a date slider needs both --from and --to, not --at")
    if first >= last:
        raise KgError(f"--from {first.isoformat()} must be before --to {last.isoformat()}")
    dates = slider_days(model, first, last)
    if len(dates) > max_dates:
        raise KgError(
            f"{len(dates)} dates from {first.isoformat()} to {last.isoformat()} on which the graph "
            f"changes, more than --max-dates {max_dates} (each is a graph and a run of the "
            "checks): choose a shorter period, or raise --max-dates"
        )
    checks = None if no_findings else (lambda day: findings_on(model, day, lang))
    states = day_states(model, dates, checks)
    days = [(s, narrow(build_view(model, s.day, lang))) for s in states]
    html, page = render_slider_html(days, lang)
    _write(output, html)
    click.echo(
        f"Wrote {output} ({first.isoformat()} – {last.isoformat()}): {len(days)} dates on the "
        f"slider, {page.node_count} nodes, {page.edge_count} edges, {len(page.findings)} findings"
    )


@click.command()
@_output_option("kggraph-report.html")
@at_option
@lang_option
@click.option(
    "--since",
    type=IsoDate(),
    default=None,
    metavar="DATE",
    help="Add a section 'What changed since DATE' (as `kggraph diff --from DATE --to` the date).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=TOP_PAIRS,
    show_default=True,
    metavar="N",
    help="List the N most overlapping pairs of core groups.",
)
@data_options
def report(
    output: Path, at: date | None, lang: str, since: date | None, top: int, sources: Sources
) -> None:
    """Write a one-page HTML report on a date, with the interactive graph embedded.

    The report lists the structures active on the date, the ministry × core-group
    participation matrix coloured by level (by cluster of groups when there are more than
    40), the most overlapping pairs of core groups, and every finding with the guideline's
    words and its sources; long tables can be filtered and sorted in the page. It loads
    nothing from the network.

    With --since DATE it adds a section "What changed since DATE": the changes from that date
    to the report's, each with its sources, as `kggraph diff` lists them.

    Example: kggraph report -o rapport.html --at 2024-06-30 --since 2023-06-30
    """
    model = model_from(sources)
    when = resolve_at(at)
    view = build_view(model, when, lang)
    findings = findings_on(model, when, lang)
    changed = None
    if since is not None:
        changed = (since, changes_between(model, since, when, (), lang, findings=True))
    content = report_content(model, when, findings, lang, since=changed)
    html, page = render_report_html(model, content, view, lang, top)
    _write(output, html)
    click.echo(_summary(output, page, when))
    if changed is not None:
        click.echo(f"What changed since {since.isoformat()}: {len(changed[1])} changes")

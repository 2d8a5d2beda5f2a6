"""The picture commands: ``viz`` (an interactive graph page) and ``report`` (a one-page report).

Both write one self-contained HTML file (no request leaves it) and say on stdout what they
wrote and how the graph was laid out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from kggraph.analyses.report import report_content
from kggraph.cli.context import findings_on, model_from, resolve_name
from kggraph.cli.options import at_option, data_options, lang_option, resolve_at
from kggraph.errors import KgError
from kggraph.model.view import build_view
from kggraph.render.html.graph_html import GraphPage, render_graph_html
from kggraph.render.html.layout import LARGE_GRAPH
from kggraph.render.html.report_html import render_report_html
from kggraph.render.html.select import neighbourhood, only_types, parse_types
from kggraph.sources.load import Sources

__all__ = ["report", "viz"]


def _write(path: Path, html: str) -> None:
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as err:
        raise KgError(f"cannot write {path}: {err.strerror or err}") from None


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
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    metavar="N",
    default=LARGE_GRAPH,
    show_default=True,
    help="Above this many nodes, group agencies by ministry and shorten physics.",
)
@data_options
def viz(
    output: Path,
    at: date | None,
    lang: str,
    focus: str | None,
    depth: int | None,
    types: str | None,
    no_findings: bool,
    max_nodes: int,
    sources: Sources,
) -> None:
    """Write the graph on a date as one self-contained interactive HTML page.

    Nodes are coloured and shaped by type, lines drawn by role and level; hover for the facts
    and their sources. The page has a search box, filters by type and core group, and the
    findings of `kggraph check` with a toggle. It loads nothing from the network.

    Example: kggraph viz -o kjernegrupper.html --at 2024-06-30 --focus KUBU --depth 2
    """
    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus NAME")
    model = model_from(sources)
    when = resolve_at(at)
    view = build_view(model, when, lang)
    if focus:
        view = neighbourhood(
            view, resolve_name(model, focus), 1 if depth is None else depth, name=focus
        )
    view = only_types(view, parse_types(types, {e.type for e in model.entities.values()}))
    findings = [] if no_findings else findings_on(model, when, lang)
    html, page = render_graph_html(
        view, findings, lang, show_findings=not no_findings, threshold=max_nodes
    )
    _write(output, html)
    click.echo(_summary(output, page, when))


@click.command()
@_output_option("kggraph-report.html")
@at_option
@lang_option
@data_options
def report(output: Path, at: date | None, lang: str, sources: Sources) -> None:
    """Write a one-page HTML report on a date, with the interactive graph embedded.

    The report lists the structures active on the date, the ministry × core-group
    participation matrix coloured by level, the overlap between core groups, and every
    finding with the guideline's words and its sources. It loads nothing from the network.

    Example: kggraph report -o rapport.html --at 2024-06-30
    """
    model = model_from(sources)
    when = resolve_at(at)
    view = build_view(model, when, lang)
    findings = findings_on(model, when, lang)
    content = report_content(model, when, findings, lang)
    html, page = render_report_html(model, content, view, lang)
    _write(output, html)
    click.echo(_summary(output, page, when))

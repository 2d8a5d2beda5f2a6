"""One page for a period: the graph of every day in it, and a date slider to move between them.

The page draws the union of the days' views once; each day lists what is present on it (nodes,
lines by their stable names, findings by row) and which memberships are uncertain that day,
worked out here in Python: the first day in full, each later one as what it adds and drops.
The browser only shows and hides: moving the slider makes lines appear and fade, draws
uncertain memberships faint and dashed, and updates the findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import networkx as nx

from kggraph.analyses.findings import Finding
from kggraph.analyses.timeline import DayState
from kggraph.render.html.graph_html import GraphPage, build_graph_page, edge_key
from kggraph.render.html.templating import render_template

__all__ = ["render_slider_html"]


def _day(state: DayState, view: nx.MultiDiGraph, drawn: set[str], rows: dict) -> dict:
    """What is on the page on one day: node ids, line names, uncertain lines, finding rows."""
    keys = {edge_key(u, v, k) for u, v, k in view.edges(keys=True)}
    maybe = sorted(state.maybe & drawn)
    ends = {n for u, v, k in view.edges(keys=True) for n in (u, v)}
    return {
        "day": state.day.isoformat(),
        "nodes": sorted(set(view.nodes) | ends | set(_ends_of(maybe, rows["ends"]))),
        "edges": sorted(keys | set(maybe)),
        "maybe": maybe,
        "findings": sorted({rows["ids"][f] for f in state.findings if f in rows["ids"]}),
    }


_PARTS = ("nodes", "edges", "maybe", "findings")


def _steps(days: Iterable[dict]) -> Iterator[dict]:
    """The first day in full, each later one as what it adds and drops (the page stays small
    when many days share most of their lines)."""
    before: dict | None = None
    for day in days:
        if before is None:
            yield day
        else:
            yield {"day": day["day"]} | {
                p: {
                    "add": sorted(set(day[p]) - set(before[p])),
                    "drop": sorted(set(before[p]) - set(day[p])),
                }
                for p in _PARTS
            }
        before = day


def _ends_of(keys: Sequence[str], ends: dict[str, tuple[str, str]]) -> list[str]:
    return [n for k in keys for n in ends.get(k, ())]


def render_slider_html(
    days: Sequence[tuple[DayState, nx.MultiDiGraph]], lang: str = "nb"
) -> tuple[str, GraphPage]:
    """The page for a period: ``days`` pairs each day's state with its view, oldest first."""
    union = nx.compose_all([view for _, view in days])
    findings: list[Finding] = list(dict.fromkeys(f for state, _ in days for f in state.findings))
    # every node drawn as itself: a line inside a cluster would have no name the days could use
    page = build_graph_page(union, findings, lang, True)
    ends = {e["key"]: (e["from"], e["to"]) for e in page.data["edges"] if "key" in e}
    rows = {"ids": {f: row["id"] for f, row in zip(findings, page.findings, strict=True)}}
    rows["ends"] = ends
    drawn = set(ends)
    page.data["states"] = list(_steps(_day(state, view, drawn, rows) for state, view in days))
    page.lines.append(
        {"label": page.words["uncertain"], "width": 2, "colour": "#9aa9b8", "style": "dashed"}
    )
    first, last = days[0][0].day.isoformat(), days[-1][0].day.isoformat()
    heading = f"{page.words['title']} {first} – {last}"
    html = render_template(
        "graph.html", page=page, heading=heading, at=first, lang=lang, show_findings=True
    )
    return html, page

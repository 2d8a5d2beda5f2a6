"""The self-contained graph page: a view and its findings drawn with pyvis and vis-network.

pyvis assembles the nodes and edges (``Network.add_node``/``add_edge``); the page comes from
our own template, not pyvis's, because pyvis's loads Bootstrap from a CDN and writes a ``lib/``
folder beside the file. vis-network's script and style are inlined, data sits in the page as
escaped JSON, and every hover text is built in the browser with ``textContent``: nothing from
the data is ever read as HTML.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
from pyvis.network import Network

from kggraph.analyses.clusters import cluster_view
from kggraph.analyses.findings import Finding
from kggraph.render.html.findings_layer import finding_lines, finding_rows
from kggraph.render.html.layout import LARGE_GRAPH, LayoutPlan
from kggraph.render.html.overview import OverviewPage, build_overview
from kggraph.render.html.select import core_group_parts
from kggraph.render.html.style import (
    CATEGORIES,
    FINDING_COLOURS,
    category_style,
    membership_style,
    structural_style,
    ui_words,
)
from kggraph.render.html.templating import render_template

__all__ = ["GraphPage", "build_graph_page", "build_page", "edge_key", "render_graph_html"]


@dataclass
class GraphPage:
    """Everything a page needs to draw the graph: the data, the legend and what was done."""

    data: dict
    legend: list[dict]
    lines: list[dict]
    core_groups: list[dict]
    findings: list[dict]
    plan: LayoutPlan
    words: dict[str, str]
    unplaced: list[dict] = field(default_factory=list)
    overview = False

    @property
    def node_count(self) -> int:
        """Nodes drawn."""
        return len(self.data["nodes"])

    @property
    def edge_count(self) -> int:
        """Edges drawn, finding lines not counted."""
        return sum(1 for e in self.data["edges"] if not e.get("finding"))


def _period(start: str | None, end: str | None) -> str:
    return f"{start or '…'} – {end or ''}".strip()


def _node_tip(attrs: dict, words: dict[str, str], lang: str) -> dict:
    style = category_style(attrs.get("category", ""))
    rows = [
        [words["type"], f"{style.label(lang)} ({attrs.get('type', '')})"],
        [words["notation"], attrs.get("notation") or ""],
        [words["active"], _period(attrs.get("start"), attrs.get("end"))],
        [words["sources"], "; ".join(attrs.get("sources") or []) or "—"],
    ]
    return {"title": attrs.get("label") or attrs.get("notation") or "", "rows": rows}


def _edge_tip(view: nx.MultiDiGraph, u: str, v: str, attrs: dict, words: dict[str, str]) -> dict:
    name = f"{view.nodes[u].get('notation', '')} → {view.nodes[v].get('notation', '')}"
    kind = attrs.get("kind", "")
    rows = [[words["kind"], words.get(kind, kind)]]
    if kind == "membership":
        rows += [
            [words["role"], attrs.get("role_label") or attrs.get("role") or ""],
            [words["level"], attrs.get("level_label") or attrs.get("level") or ""],
            [words["active"], _period(attrs.get("start"), attrs.get("end"))],
        ]
    rows.append([words["sources"], "; ".join(attrs.get("sources") or []) or "—"])
    return {"title": name, "rows": rows}


def _add_nodes(net: Network, view: nx.MultiDiGraph, words: dict[str, str], lang: str) -> None:
    for node, attrs in view.nodes(data=True):
        style = category_style(attrs.get("category", ""))
        colour = {
            "background": style.colour,
            "border": style.border,
            "highlight": {"background": style.colour, "border": "#000000"},
        }
        net.add_node(
            node,
            label=attrs.get("notation") or attrs.get("label") or node,
            shape=style.shape,
            color=colour,
            size=style.size,
            borderWidth=1.5,
            font={"color": style.font_colour, "size": 26 if style.key == "core_group" else 18},
            category=attrs.get("category", "other_structure"),
            type=attrs.get("type", ""),
            notation=attrs.get("notation", ""),
            name=attrs.get("label", ""),
            tip=_node_tip(attrs, words, lang),
        )


def _edge_look(attrs: dict) -> dict:
    if attrs.get("kind") == "membership":
        style = membership_style(attrs.get("role", ""), attrs.get("level", "unknown"))
    else:
        style = structural_style(attrs.get("kind", ""))
    return {
        "width": style.width,
        "dashes": list(style.dashes) or False,
        "color": {"color": style.colour, "highlight": "#000000", "opacity": 0.9},
    }


def edge_key(u: str, v: str, key: object) -> str:
    """An edge's name that stays the same in every view it is drawn in (a membership's IRI)."""
    return str(key) if str(key).startswith(("http://", "https://")) else f"{u}|{v}|{key}"


def _add_edges(
    net: Network, view: nx.MultiDiGraph, words: dict[str, str]
) -> dict[tuple[str, str], list[str]]:
    """Add every edge; return the ids of the membership lines by (member, structure)."""
    memberships: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i, (u, v, key, attrs) in enumerate(view.edges(keys=True, data=True)):
        net.add_edge(
            u,
            v,
            id=f"e{i}",
            key=edge_key(u, v, key),
            kind=attrs.get("kind", ""),
            role=attrs.get("role"),
            level=attrs.get("level"),
            tip=_edge_tip(view, u, v, attrs, words),
            **_edge_look(attrs),
        )
        if attrs.get("kind") == "membership":
            memberships[(u, v)].append(f"e{i}")
    return memberships


def _core_group_spheres(view: nx.MultiDiGraph) -> list[dict]:
    """For each core group: itself, its parts (at any depth) and everyone taking part in them."""
    spheres = []
    for node, inside in core_group_parts(view).items():
        members = {
            u for s in inside for u, _, k in view.in_edges(s, data="kind") if k == "membership"
        }
        attrs = view.nodes[node]
        spheres.append(
            {
                "id": node,
                "label": attrs.get("label", ""),
                "notation": attrs.get("notation", ""),
                "nodes": sorted(inside | members),
            }
        )
    return sorted(spheres, key=lambda s: s["notation"].casefold())


def _legend(view: nx.MultiDiGraph, lang: str) -> list[dict]:
    counts: dict[str, int] = defaultdict(int)
    for _, cat in view.nodes(data="category"):
        counts[cat] += 1
    return [
        {
            "key": c.key,
            "label": c.label(lang),
            "colour": c.colour,
            "border": c.border,
            "shape": c.shape,
            "count": counts.get(c.key, 0),
        }
        for c in CATEGORIES
    ]


def _line_legend(words: dict[str, str]) -> list[dict]:
    def line(label: str, width: float, dashes: Iterable[int], colour: str) -> dict:
        d = list(dashes)
        return {
            "label": label,
            "width": width,
            "colour": colour,
            "style": "solid" if not d else ("dotted" if d[0] <= 2 else "dashed"),
        }

    lead, member = membership_style("lead", "secretary-general"), membership_style("member", "x")
    unknown, obs = membership_style("member", "unknown"), membership_style("observer", "x")
    return [
        line(words["lead"], lead.width, lead.dashes, lead.colour),
        line(words["member"], 2.0, (), member.colour),
        line(words["observer"], obs.width, (), obs.colour),
        line(words["sg"], 2.0, (), "#4a6a8a"),
        line(words["below_sg"], 2.0, member.dashes, member.colour),
        line(words["unknown_level"], 2.0, unknown.dashes, unknown.colour),
        *(
            line(words[k], s.width, s.dashes, s.colour)
            for k, s in (
                ("part_of", structural_style("part_of")),
                ("parent_ministry", structural_style("parent_ministry")),
                ("steers", structural_style("steers")),
                ("replaces", structural_style("replaces")),
            )
        ),
        line(words["finding_line"], 3, (3, 3), FINDING_COLOURS["error"]),
    ]


def build_graph_page(
    view: nx.MultiDiGraph,
    findings: Sequence[Finding] = (),
    lang: str = "nb",
    show_findings: bool = True,
) -> GraphPage:
    """Turn a view (see :func:`kggraph.model.view.build_view`) and findings into page data.

    ``show_findings=False`` leaves the findings layer out altogether (``--no-findings``).
    Every node is drawn: :func:`build_page` chooses this page only for graphs small enough.
    """
    plan = LayoutPlan(view.number_of_nodes())
    words = ui_words(lang)
    net = Network(directed=True, cdn_resources="in_line")
    _add_nodes(net, view, words, lang)
    memberships = _add_edges(net, view, words)
    rows = finding_rows(view, findings, memberships) if show_findings else []
    options = {
        **plan.vis_options(),
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    }
    data = {
        "nodes": net.nodes,
        "edges": [*net.edges, *finding_lines(rows)],
        "findings": rows,
        "options": options,
        "spheres": _core_group_spheres(view),
    }
    return GraphPage(
        data=data,
        legend=_legend(view, lang),
        lines=_line_legend(words),
        core_groups=data["spheres"],
        findings=rows,
        plan=plan,
        words=words,
        unplaced=[r for r in rows if not r["subjectId"]],
    )


def build_page(
    view: nx.MultiDiGraph,
    findings: Sequence[Finding] = (),
    lang: str = "nb",
    show_findings: bool = True,
    threshold: int = LARGE_GRAPH,
) -> GraphPage | OverviewPage:
    """The full graph up to ``threshold`` nodes; above it, the overview of its clusters."""
    if view.number_of_nodes() <= threshold:
        return build_graph_page(view, findings, lang, show_findings)
    words = ui_words(lang)
    clustering = cluster_view(view)
    data, plan, rows = build_overview(
        view, clustering, findings if show_findings else (), words, threshold, lang
    )
    return OverviewPage(
        data=data,
        legend=_legend(view, lang),
        lines=_line_legend(words),
        words=words,
        plan=plan,
        clustering=clustering,
        findings=rows,
        unplaced=[r for r in rows if not r["subjectId"]],
    )


def render_graph_html(
    view: nx.MultiDiGraph,
    findings: Sequence[Finding] = (),
    lang: str = "nb",
    show_findings: bool = True,
    title: str | None = None,
    threshold: int = LARGE_GRAPH,
) -> tuple[str, GraphPage | OverviewPage]:
    """The whole graph page as one HTML string, and the page data (for counts and notes)."""
    page = build_page(view, findings, lang, show_findings, threshold)
    at = view.graph.get("at", "")
    heading = title or f"{page.words['title']} {page.words['at']} {at}".strip()
    html = render_template(
        "graph.html", page=page, heading=heading, at=at, lang=lang, show_findings=show_findings
    )
    return html, page

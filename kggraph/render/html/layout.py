"""Keeping large graphs usable: bounded physics, and agencies grouped under their ministry.

vis-network's physics runs forever by default, which freezes a browser on a few hundred nodes
(pyvis issues #204, #228, #229). Every page here stabilises first and then switches physics
off; above a size threshold it also skips vis-network's slow "improved layout", spends fewer
iterations, draws straight edges, and folds the agencies of each ministry into one node.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from kggraph.model.ranks import LEVEL_ORDER

__all__ = ["LARGE_GRAPH", "LayoutPlan", "group_agencies", "plan_layout"]

#: Above this many nodes a graph counts as large.
LARGE_GRAPH = 300
_ROLE_STRENGTH = (
    "lead",
    "chair",
    "responsible",
    "secretariat-lead",
    "member",
    "secretariat-member",
    "observer",
)


@dataclass(frozen=True)
class LayoutPlan:
    """What the page will do to lay the graph out, and how to say so."""

    large: bool
    threshold: int
    nodes_in: int
    nodes_drawn: int
    grouped_agencies: int = 0
    agency_groups: int = 0

    @property
    def iterations(self) -> int:
        """Physics steps spent before the layout freezes (fewer for large graphs)."""
        return 150 if self.large else 400

    def vis_options(self) -> dict:
        """The layout and physics part of vis-network's options."""
        return {
            "layout": {"randomSeed": 7, "improvedLayout": not self.large},
            "physics": {
                "enabled": True,
                "solver": "barnesHut",
                "barnesHut": {
                    "gravitationalConstant": -6000,
                    "springLength": 140,
                    "avoidOverlap": 0.2,
                },
                "stabilization": {
                    "enabled": True,
                    "iterations": self.iterations,
                    "updateInterval": 50,
                    "fit": True,
                },
            },
            "edges": {"smooth": False}
            if self.large
            else {"smooth": {"enabled": True, "type": "dynamic"}},
        }

    def describe(self) -> str:
        """One line for the user: the size, and what was done about it."""
        text = (
            f"{self.nodes_drawn} nodes; physics stabilises for at most "
            f"{self.iterations} iterations in the browser, then stops"
        )
        if not self.large:
            return text
        grouped = (
            f"; {self.grouped_agencies} agencies grouped into {self.agency_groups} nodes, one "
            "per parent ministry"
            if self.grouped_agencies
            else ""
        )
        return (
            f"large graph ({self.nodes_in} nodes > {self.threshold}): {text}; "
            f"straight edges, no improved layout{grouped}"
        )


def plan_layout(
    view: nx.MultiDiGraph, threshold: int = LARGE_GRAPH, group: bool = True
) -> tuple[nx.MultiDiGraph, LayoutPlan]:
    """Decide how to lay ``view`` out; above ``threshold`` nodes, group agencies (if ``group``).

    Returns the graph to draw (the view itself when nothing is grouped) and the plan.
    """
    n = view.number_of_nodes()
    if n <= threshold:
        return view, LayoutPlan(False, threshold, n, n)
    if not group:
        return view, LayoutPlan(True, threshold, n, n)
    drawn, folded, groups = group_agencies(view)
    return drawn, LayoutPlan(True, threshold, n, drawn.number_of_nodes(), folded, groups)


def _group_id(view: nx.MultiDiGraph, agency: str) -> str:
    parents = [t for _, t, k in view.out_edges(agency, data="kind") if k == "parent_ministry"]
    return f"group:{parents[0] if parents else 'none'}"


def _group_node(view: nx.MultiDiGraph, gid: str, agencies: list[str]) -> dict:
    ministry = gid.removeprefix("group:")
    m = view.nodes[ministry] if ministry in view else {}
    notation = m.get("notation", "?")
    lang = view.graph.get("lang", "nb")
    word = "agencies of" if lang == "en" else "etater under"
    return {
        "type": "AgencyGroup",
        "category": "agency_group",
        "label": f"{len(agencies)} {word} {notation}",
        "notation": f"{notation}*",
        "start": None,
        "end": None,
        "sources": sorted({s for a in agencies for s in view.nodes[a].get("sources", [])}),
        "members": sorted(view.nodes[a].get("label", a) for a in agencies),
    }


def group_agencies(view: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, int, int]:
    """Fold every agency into one node per parent ministry; memberships follow the group.

    Parallel memberships of one group in one structure merge into one edge with the strongest
    role and the highest level, and the agencies behind it listed. Returns the new graph, the
    number of agencies folded and the number of group nodes.
    """
    members: dict[str, list[str]] = defaultdict(list)
    for node, cat in view.nodes(data="category"):
        if cat == "agency":
            members[_group_id(view, node)].append(node)
    where = {a: gid for gid, agencies in members.items() for a in agencies}
    out = nx.MultiDiGraph(**view.graph)
    out.add_nodes_from((n, a) for n, a in view.nodes(data=True) if n not in where)
    for gid, agencies in members.items():
        out.add_node(gid, **_group_node(view, gid, agencies))
    merged: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for u, v, key, attrs in view.edges(keys=True, data=True):
        gu, gv = where.get(u, u), where.get(v, v)
        if gu == gv:
            continue
        if u in where or v in where:
            merged[(gu, gv, attrs.get("kind", ""))].append(
                {**attrs, "_from_label": view.nodes[u].get("label", u)}
            )
        else:
            out.add_edge(u, v, key=key, **attrs)
    for (gu, gv, kind), edges in merged.items():
        out.add_edge(gu, gv, key=f"{kind}:{gu}->{gv}", **_merge_edges(kind, edges))
    return out, len(where), len(members)


def _rank(value: str, order: tuple[str, ...]) -> int:
    return order.index(value) if value in order else len(order)


def _merge_edges(kind: str, edges: list[dict]) -> dict:
    """One edge standing for several: strongest role, highest level, every source."""
    merged = {
        "kind": kind,
        "sources": sorted({s for e in edges for s in e.get("sources", [])}),
        "grouped": sorted(e["_from_label"] for e in edges),
    }
    if kind != "membership":
        return merged
    role = min(edges, key=lambda e: _rank(e.get("role", ""), _ROLE_STRENGTH))
    level = min(edges, key=lambda e: _rank(e.get("level", ""), LEVEL_ORDER))
    merged.update(
        role=role.get("role"),
        role_label=role.get("role_label"),
        level=level.get("level"),
        level_label=level.get("level_label"),
        start=None,
        end=None,
    )
    return merged

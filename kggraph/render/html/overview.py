"""The overview page of a large graph: clusters first, their nodes on demand.

Above the size threshold a picture of every node is a hairball, so the page opens on one node
per cluster (see :mod:`kggraph.analyses.clusters`), sized by its nodes and named by its lead
body and telling words, linked to the clusters it shares most participants with. Clicking a
cluster opens it where it stands; search opens the cluster of what it finds.

The page stays small: every string is written once (nodes as parallel arrays, repeated texts
such as types, sources and messages as tables of their own), edges are index triples, and a
finding is a few numbers with its message looked up only when it is shown. Positions come
from :mod:`kggraph.render.html.overview_layout`; the page runs no physics.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import networkx as nx

from kggraph.analyses.clusters import STRUCTURE_CATEGORIES, Clustering
from kggraph.analyses.findings import Finding
from kggraph.render.html.findings_layer import finding_rows
from kggraph.render.html.overview_layout import Placement, place
from kggraph.render.html.style import (
    CATEGORIES,
    FINDING_COLOURS,
    category_style,
    membership_style,
    structural_style,
)

__all__ = ["OverviewPage", "OverviewPlan", "build_overview", "strong_links"]

SEVERITIES = ("error", "warning", "info")
#: How many of its strongest links each cluster draws in the overview.
LINKS_PER_CLUSTER = 3
_LABEL_CHARS = 32


@dataclass(frozen=True)
class OverviewPlan:
    """What the overview did, and how to say so."""

    threshold: int
    nodes_in: int
    clusters: int
    links: int

    def describe(self) -> str:
        """One line for the user: the size, and what was done about it."""
        return (
            f"overview ({self.nodes_in} nodes > {self.threshold}): {self.clusters} clusters "
            f"(Louvain communities of the membership network), {self.links} links between "
            "them; positions computed before the page opens, no physics; click a cluster to "
            "open it"
        )


@dataclass
class OverviewPage:
    """Everything the overview page needs; the same summary fields as the full graph page."""

    data: dict
    legend: list[dict]
    lines: list[dict]
    words: dict[str, str]
    plan: OverviewPlan
    clustering: Clustering
    findings: list[dict] = field(default_factory=list)
    unplaced: list[dict] = field(default_factory=list)
    overview = True

    @property
    def node_count(self) -> int:
        """Nodes the page can show (every node of the view)."""
        return len(self.data["nodes"]["id"])

    @property
    def edge_count(self) -> int:
        """Edges the page can show."""
        return len(self.data["edges"]) // 4


class _Table:
    """Repeated values written once: ``add`` returns the value's index in ``values``."""

    def __init__(self) -> None:
        self.values: list = []
        self._index: dict[Hashable, int] = {}

    def add(self, value: object) -> int:
        key = json.dumps(value, sort_keys=True, ensure_ascii=False)
        if key not in self._index:
            self._index[key] = len(self.values)
            self.values.append(value)
        return self._index[key]


def _short(text: str) -> str:
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1].rstrip() + "…"


def _period(attrs: dict) -> str:
    return f"{attrs.get('start') or '…'} – {attrs.get('end') or ''}".strip()


def _nodes(view: nx.MultiDiGraph, clustering: Clustering, xy: Placement, t: dict) -> dict:
    """Parallel arrays, one entry per node in view order; repeated texts go to tables ``t``."""
    out: dict[str, list] = defaultdict(list)
    keys = [c.key for c in CATEGORIES]
    for node, a in view.nodes(data=True):
        x, y = xy.node_xy[node]
        style = category_style(a.get("category", ""))
        out["id"].append(node)
        out["name"].append(a.get("label") or "")
        out["notation"].append(a.get("notation") or "")
        out["label"].append(_short(a.get("notation") or a.get("label") or node))
        out["cat"].append(keys.index(style.key))
        out["type"].append(t["types"].add(a.get("type", "")))
        out["period"].append(t["texts"].add(_period(a)))
        out["src"].append(t["texts"].add("; ".join(a.get("sources") or []) or "—"))
        out["cl"].append(clustering.of[node])
        out["x"].append(round(x))
        out["y"].append(round(y))
    return dict(out)


def _edge_style(attrs: dict, words: dict[str, str]) -> dict:
    kind = attrs.get("kind", "")
    if kind == "membership":
        style = membership_style(attrs.get("role", ""), attrs.get("level", "unknown"))
        rows = [
            [words["role"], attrs.get("role_label") or attrs.get("role") or ""],
            [words["level"], attrs.get("level_label") or attrs.get("level") or ""],
        ]
    else:
        style = structural_style(kind)
        rows = []
    return {
        "width": style.width,
        "dashes": list(style.dashes) or False,
        "colour": style.colour,
        "rows": [[words["kind"], words.get(kind, kind)], *rows],
    }


def _edges(
    view: nx.MultiDiGraph, index: dict[str, int], words: dict[str, str], t: dict
) -> tuple[list[int], dict[tuple[str, str], list[str]]]:
    """Edges as flat ``from, to, style, sources`` quadruples, and membership edge ids."""
    flat: list[int] = []
    seats: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k, (u, v, a) in enumerate(view.edges(data=True)):
        src = t["texts"].add("; ".join(a.get("sources") or []) or "—")
        flat += [index[u], index[v], t["edges"].add(_edge_style(a, words)), src]
        if a.get("kind") == "membership":
            seats[(u, v)].append(str(k))
    return flat, dict(seats)


def strong_links(clustering: Clustering, per_cluster: int = LINKS_PER_CLUSTER) -> list[int]:
    """The links the overview draws: each cluster's strongest few, as flat ``a, b, weight``."""
    by_cluster: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for (a, b), w in clustering.links.items():
        by_cluster[a].append((w, a, b))
        by_cluster[b].append((w, a, b))
    kept = {
        (a, b, w)
        for links in by_cluster.values()
        for w, a, b in sorted(links, key=lambda x: (-x[0], x[1], x[2]))[:per_cluster]
    }
    return [n for a, b, w in sorted(kept) for n in (a, b, w)]


def _label_lines(clustering: Clustering, i: int) -> list[str]:
    """A cluster's label: its lead body, then its telling words (counts are in its tip)."""
    lines = [clustering.lead[i], ", ".join(clustering.terms[i])]
    return [_short(line) for line in lines if line] or ["…"]


def _clusters(clustering: Clustering, xy: Placement, labels: list[list[str]]) -> list[dict]:
    return [
        {
            "label": "\n".join(lines),
            "lead": clustering.lead[i],
            "terms": list(clustering.terms[i]),
            "x": round(float(xy.centres[i][0])),
            "y": round(float(xy.centres[i][1])),
            "r": round(float(xy.radii[i])),
            "structures": clustering.structures[i],
            "size": len(clustering.members[i]),
        }
        for i, lines in enumerate(labels)
    ]


def _findings(
    view: nx.MultiDiGraph,
    findings: Sequence[Finding],
    seats: dict[tuple[str, str], list[str]],
    index: dict[str, int],
    t: dict,
) -> tuple[list[dict], list[dict]]:
    """Compact findings (numbers and table indexes), and the full rows (for the summary)."""
    rows = finding_rows(view, findings, seats)
    compact = []
    for row in rows:
        entry = {
            "sev": SEVERITIES.index(row["severity"]) if row["severity"] in SEVERITIES else 2,
            "rule": t["texts"].add(row["rule"]),
            "subject": t["texts"].add(row["subject"]),
            "message": t["texts"].add(row["message"]),
            "source": t["texts"].add(row["source"] or ""),
            "node": index[row["subjectId"]] if row["subjectId"] else -1,
        }
        if row["related"]:
            entry["related"] = t["texts"].add(", ".join(row["related"]))
        if row["edgeIds"]:
            entry["edges"] = [int(e) for e in row["edgeIds"]]
        if row["lineTo"]:
            entry["lines"] = [index[n] for n in row["lineTo"]]
        compact.append(entry)
    return compact, rows


def build_overview(
    view: nx.MultiDiGraph,
    clustering: Clustering,
    findings: Sequence[Finding],
    words: dict[str, str],
    threshold: int,
    lang: str = "nb",
) -> tuple[dict, OverviewPlan, list[dict]]:
    """The overview's page data, its plan, and the findings' full rows (for the summary).

    ``clustering`` is :func:`kggraph.analyses.clusters.cluster_view` of ``view``.
    """
    labels = [_label_lines(clustering, i) for i in range(len(clustering.members))]
    xy = place(view, clustering, labels)
    tables = {"types": _Table(), "texts": _Table(), "edges": _Table()}
    index = {n: i for i, n in enumerate(view)}
    nodes = _nodes(view, clustering, xy, tables)
    edges, seats = _edges(view, index, words, tables)
    compact, rows = _findings(view, findings, seats, index, tables)
    links = strong_links(clustering)
    data = {
        "nodes": nodes,
        "edges": edges,
        "clusters": _clusters(clustering, xy, labels),
        "links": links,
        "font": round(xy.font, 2),
        "categories": [
            {
                "key": c.key,
                "label": c.label(lang),
                "colour": c.colour,
                "border": c.border,
                "shape": "dot" if c.shape == "ellipse" else c.shape,
                "size": c.size,
                "font": c.font_colour,
            }
            for c in CATEGORIES
        ],
        "structureCategories": sorted(STRUCTURE_CATEGORIES),
        "findings": compact,
        "findingColours": [FINDING_COLOURS[s] for s in SEVERITIES],
        "types": tables["types"].values,
        "texts": tables["texts"].values,
        "edgeStyles": tables["edges"].values,
    }
    plan = OverviewPlan(threshold, view.number_of_nodes(), len(clustering.members), len(links) // 3)
    return data, plan, rows

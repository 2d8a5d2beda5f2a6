"""Clusters of a large view: community detection on the membership network, and their words.

A register of thousands of structures cannot be read node by node. Its structures and the
organisations sitting in them form one weighted network (an edge per seat or part-of link,
weighted by how many there are); networkx's Louvain method, with a fixed seed, splits it into
communities of structures that share their participants. Every node of the view falls into
exactly one cluster, so a cluster can be drawn as one node and opened into its own nodes.

Two clusters are linked by the participants they share: the organisations holding seats in
structures of both. A cluster is named by its most frequent lead body and the words of its
structures' names that tell it apart from the other clusters (class-based TF-IDF: a word's
frequency in the cluster times the log of how few clusters use it).

>>> import networkx as nx

from kggraph.analyses.seats import Participation
from kggraph.model.ranks import LEVEL_ORDER
>>> v = nx.MultiDiGraph()
>>> v.add_node("a", category="ministry", label="A", notation="A")
>>> v.add_node("g", category="other_structure", label="Water quality group", notation="G")
>>> v.add_node("h", category="other_structure", label="Fish stocks group", notation="H")
>>> _ = v.add_edge("a", "g", kind="membership", role="lead")
>>> _ = v.add_edge("a", "h", kind="membership", role="member")
>>> c = cluster_view(v)
>>> len(c.members), c.of["a"] == c.of["g"] == c.of["h"]
(1, True)
>>> c.lead[0], c.terms[0]
('A', ('fish', 'quality', 'stocks'))
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from kggraph.analyses.seats import Participation
from kggraph.model.ranks import LEVEL_ORDER

__all__ = [
    "MAX_CLUSTER",
    "STRUCTURE_CATEGORIES",
    "ClusterSeats",
    "Clustering",
    "cluster_seats",
    "cluster_view",
    "shared_participants",
]

#: Categories of the view that are structures (everything else takes part in them).
STRUCTURE_CATEGORIES = frozenset({"core_group", "secretariat", "other_structure"})
#: A community larger than this is split again (when Louvain can split it).
MAX_CLUSTER = 400
_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "into",
        "under",
        "between",
        "other",
        "its",
        "their",
        "this",
        "that",
        "all",
        "group",
        "groups",
        "expert",
        "experts",
        "subgroup",
        "sub",
        "committee",
        "working",
        "party",
        "commission",
        "european",
        "sur",
        "les",
        "des",
        "une",
        "aux",
        "pour",
        "dans",
        "par",
        "avec",
        "entre",
        "groupe",
        "comité",
        "experts",
        "sous",
        "og",
        "for",
        "med",
        "til",
        "fra",
        "gruppe",
        "grupper",
    ]
)


@dataclass(frozen=True)
class Clustering:
    """A partition of a view's nodes into clusters, and what names and links them.

    ``members[i]`` lists cluster ``i``'s nodes (view order); ``of`` maps a node to its
    cluster. ``structures[i]`` counts its structures. ``lead[i]`` is the notation of the most
    frequent lead body of its structures ('' when none is known), ``terms[i]`` its telling
    words. ``links`` maps a pair ``(i, j)``, ``i < j``, to the participants they share.
    """

    members: tuple[tuple[str, ...], ...]
    of: dict[str, int]
    structures: tuple[int, ...]
    lead: tuple[str, ...]
    terms: tuple[tuple[str, ...], ...]
    links: dict[tuple[int, int], int]


def _network(view: nx.MultiDiGraph, order: dict[str, int]) -> nx.Graph:
    """The view as a simple undirected graph, an edge weighted by the links it stands for.

    Nodes are numbered in view order: Louvain walks sets of nodes, and a set of strings comes
    out in a different order in every process (hash randomisation); a set of small integers
    does not, so the same view gives the same clusters in any run.
    """
    g = nx.Graph()
    g.add_nodes_from(range(len(order)))
    for u, v in view.edges():
        a, b = order[u], order[v]
        if a != b:
            g.add_edge(a, b, weight=g.get_edge_data(a, b, {"weight": 0})["weight"] + 1)
    return g


def _is_structure(view: nx.MultiDiGraph, node: str) -> bool:
    return view.nodes[node].get("category") in STRUCTURE_CATEGORIES


def shared_participants(view: nx.MultiDiGraph, of: dict[str, int]) -> dict[tuple[int, int], int]:
    """For each pair of clusters, how many organisations hold seats in structures of both.

    An organisation counts in its own cluster and in the cluster of every structure it sits in.
    """
    counts: Counter[tuple[int, int]] = Counter()
    for node in view:
        if _is_structure(view, node):
            continue
        where = {of[node]}
        where.update(of[s] for _, s, k in view.out_edges(node, data="kind") if k == "membership")
        ordered = sorted(where)
        counts.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    return dict(sorted(counts.items()))


def _leads(view: nx.MultiDiGraph, nodes: tuple[str, ...]) -> str:
    """The notation of the organisation leading most of these structures ('' if none)."""
    leads = Counter(
        view.nodes[u].get("notation") or view.nodes[u].get("label") or u
        for s in nodes
        if _is_structure(view, s)
        for u, _, role in view.in_edges(s, data="role")
        if role == "lead"
    )
    return min(leads.items(), key=lambda kv: (-kv[1], kv[0]))[0] if leads else ""


def _words(view: nx.MultiDiGraph, nodes: tuple[str, ...]) -> Counter[str]:
    return Counter(
        w
        for s in nodes
        if _is_structure(view, s)
        for w in _WORD.findall(str(view.nodes[s].get("label") or "").casefold())
        if w not in _STOP
    )


def _telling_words(counts: list[Counter[str]], top: int) -> list[tuple[str, ...]]:
    """Per cluster, the ``top`` words by class-based TF-IDF (ties broken alphabetically)."""
    df = Counter(w for c in counts for w in c)
    n = len(counts)
    out = []
    for c in counts:
        total = sum(c.values()) or 1
        score = {w: k / total * math.log(1 + n / df[w]) for w, k in c.items()}
        best = sorted(score, key=lambda w: (-score[w], w))[:top]
        out.append(tuple(best))
    return out


def _communities(g: nx.Graph, resolution: float, seed: int) -> list[set[int]]:
    """Louvain communities; one larger than :data:`MAX_CLUSTER` is split again on its own."""
    found = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    if len(found) == 1:
        return found
    out: list[set[str]] = []
    for c in found:
        out.extend(_communities(g.subgraph(c), resolution, seed) if len(c) > MAX_CLUSTER else [c])
    return out


def cluster_view(
    view: nx.MultiDiGraph, seed: int = 0, resolution: float = 1.0, top: int = 3
) -> Clustering:
    """Split ``view`` into communities (Louvain, seeded: the same view gives the same clusters).

    Clusters are numbered largest first (ties by their first node); one larger than
    :data:`MAX_CLUSTER` nodes is split again, so that an open cluster stays quick to draw.
    ``resolution`` above 1 gives more, smaller clusters; ``top`` is how many telling words
    each cluster gets.
    """
    nodes = list(view)
    order = {n: i for i, n in enumerate(nodes)}
    found = _communities(_network(view, order), resolution, seed)
    members = sorted(
        (tuple(nodes[i] for i in sorted(c)) for c in found),
        key=lambda c: (-len(c), order[c[0]]),
    )
    of = {n: i for i, c in enumerate(members) for n in c}
    return Clustering(
        members=tuple(members),
        of=of,
        structures=tuple(sum(_is_structure(view, n) for n in c) for c in members),
        lead=tuple(_leads(view, c) for c in members),
        terms=tuple(_telling_words([_words(view, c) for c in members], top)),
        links=shared_participants(view, of),
    )


@dataclass(frozen=True)
class ClusterSeats:
    """Organisations × clusters: in how many of a cluster's core groups each one sits, and
    the highest level it holds there. ``clusters`` lists the clusters holding a core group."""

    clusters: tuple[int, ...]
    groups: dict[int, int]
    seats: dict[str, dict[int, tuple[int, str]]]


def cluster_seats(participation: Participation, clustering: Clustering) -> ClusterSeats:
    """The participation matrix folded by cluster: one column per cluster instead of per group.

    A group outside the clustering (not in the view) is left out.
    """
    where = {g: clustering.of[g] for g in participation.groups if g in clustering.of}
    seats: dict[str, dict[int, tuple[int, str]]] = {}
    for org, by_group in participation.seats.items():
        row: dict[int, tuple[int, str]] = {}
        for group, seat in by_group.items():
            if group not in where:
                continue
            count, level = row.get(where[group], (0, LEVEL_ORDER[-1]))
            top = min(level, seat.level, key=_level_rank)
            row[where[group]] = (count + 1, top)
        seats[org] = row
    groups = Counter(where.values())
    return ClusterSeats(tuple(sorted(groups)), dict(sorted(groups.items())), seats)


def _level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)

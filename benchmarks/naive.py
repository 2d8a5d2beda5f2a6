"""The naive road, as a small-data program would do it: rdflib's parser, a networkx bipartite
graph and its projection, and Python loops over every pair.

Each function computes what its counterpart in :mod:`benchmarks.ours` computes, so the two can
be compared result for result (``tests/test_fastpath.py``). This module imports nothing from
the benchmark package, so a test can load it on its own.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from networkx.algorithms import bipartite

from kggraph.analyses.checks import RULES, CheckOptions, run_checks
from kggraph.analyses.overlap import BY_KINDS, core_groups, lineages
from kggraph.analyses.participants import CONVENED_MIN, participation
from kggraph.analyses.subjects import subject_vectors
from kggraph.model.records import Model
from kggraph.resources import ontology_files
from kggraph.sources.extract import extract
from kggraph.sources.subject_index import from_rdflib

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["build_graph", "check_all", "duplication_scores", "load", "overlaps"]

Pairs = dict[tuple[str, str], tuple[int, float, float]]  # (a, b) → shared, jaccard, overlap
DEFAULTS = CheckOptions()


def load(path: Path) -> Model:
    """rdflib parses the ontology and the file; the records come from the rdflib graph."""
    from rdflib import Graph

    graph = Graph()
    for p in [*ontology_files(), path]:
        graph.parse(p, format="nt" if p.suffix == ".nt" else "turtle")
    return extract(from_rdflib(graph))


def _member_sets(model: Model, at: date, rows: list[str]) -> dict[str, set[str]]:
    """Each row's organisations on ``at``: a membership in a part counts for its wholes."""
    chains = lineages(model, at)
    wanted = set(rows)
    out: dict[str, set[str]] = {r: set() for r in rows}
    for m in model.memberships:
        member = model.entities.get(m.member)
        if member is None or member.type not in BY_KINDS["all"] or not model.holds(m, at):
            continue
        for whole in chains.get(m.organization, (m.organization,)):
            if whole in wanted:
                out[whole].add(m.member)
    return out


def build_graph(model: Model, at: date) -> nx.Graph:
    """The bipartite graph of the core groups active on ``at`` and the organisations taking
    part in them (in the group or one of its parts)."""
    groups = core_groups(model, at)
    g = nx.Graph()
    g.add_nodes_from(groups, bipartite=0)
    for group, members in _member_sets(model, at, groups).items():
        for org in members:
            g.add_node(org, bipartite=1, type=model.entities[org].type)
            g.add_edge(group, org)
    return g


def _coefficients(shared: int, a: int, b: int) -> tuple[int, float, float]:
    union, smaller = a + b - shared, min(a, b)
    return shared, shared / union if union else 0.0, shared / smaller if smaller else 0.0


def _projected(g: nx.Graph, groups: list[str], kind: str) -> Pairs:
    orgs = [n for n, d in g.nodes(data=True) if d.get("type") in BY_KINDS[kind]]
    sub = g.subgraph([*groups, *orgs])
    projection = bipartite.weighted_projected_graph(sub, groups)
    out: Pairs = {}
    for u, v, w in projection.edges(data="weight"):
        a, b = sorted((u, v))
        out[a, b] = _coefficients(w, sub.degree(a), sub.degree(b))
    return out


def _theme_pairs(model: Model, groups: list[str]) -> Pairs:
    themes = {g: set(model.entities[g].themes) for g in groups}
    out: Pairs = {}
    for a, b in combinations(sorted(groups), 2):
        shared = len(themes[a] & themes[b])
        if shared:
            out[a, b] = _coefficients(shared, len(themes[a]), len(themes[b]))
    return out


def overlaps(model: Model, at: date, g: nx.Graph) -> dict[str, Pairs]:
    """Every pair of active core groups sharing ministries, agencies or themes: networkx's
    bipartite projection for the organisations, a loop over all pairs for the themes."""
    groups = [n for n, d in g.nodes(data=True) if d.get("bipartite") == 0]
    return {
        "ministries": _projected(g, groups, "ministries"),
        "agencies": _projected(g, groups, "agencies"),
        "themes": _theme_pairs(model, groups),
    }


def _bound(model: Model, iri: str) -> tuple[float, float]:
    active = model.entities[iri].active
    first = active.start.effective() if active.start else None
    last = active.end.effective() if active.end else None
    return (
        first.toordinal() if first else float("-inf"),
        last.toordinal() if last else float("inf"),
    )


def duplication_scores(
    model: Model, at: date, options: CheckOptions = DEFAULTS
) -> dict[frozenset[str], float]:
    """The 2.4 score of every (active core group, other active structure) pair, by a loop
    over all pairs with Python sets and dicts; pairs from ``options.duplicate_warning`` up (see
    :func:`kggraph.analyses.checks.duplication.score_pairs` for the score). The weights and
    vectors are the library's; what the loop checks is the pairing, the blocks and the sums."""
    rows = sorted(e.iri for e in model.active_structures(at))
    people = participation(model, at, rows)
    weight = dict(zip(people.cols, people.weight.tolist(), strict=True))
    members = [people.of(people.members, i) for i in range(len(rows))]
    convenors = [people.of(people.convening, i) for i in range(len(rows))]
    convened: dict[str, list[int]] = {}
    for i, cs in enumerate(convenors):
        for c in cs:
            convened.setdefault(c, []).append(i)

    def local(c: str) -> dict[str, float]:
        n, df = len(convened[c]), Counter(o for i in convened[c] for o in members[i])
        return {o: math.log((1 + n) / (1 + df[o])) for o in people.cols}

    words = subject_vectors(model, rows, options.theme_hierarchy)
    vectors = [words.row(i) for i in range(len(rows))]
    counts = [_row(words.counts, i) for i in range(len(rows))]

    def local_words(c: str) -> dict[int, float]:
        n, df = len(convened[c]), Counter(t for i in convened[c] for t in counts[i])
        return {t: math.log((1 + n) / (1 + k)) for t, k in df.items()}

    related = [
        set(words.related.indices[words.related.indptr[t] : words.related.indptr[t + 1]].tolist())
        for t in range(len(words.terms))
    ]
    bounds = [_bound(model, r) for r in rows]
    cores = [i for i, r in enumerate(rows) if model.entities[r].type == "CoreGroup"]
    out: dict[frozenset[str], float] = {}
    for a in cores:
        for b in range(len(rows)):
            if a == b or (model.entities[rows[b]].type == "CoreGroup" and b < a):
                continue
            apart = convenors[a] & convenors[b]
            mine, theirs = members[a] - apart, members[b] - apart
            if len(mine & theirs) < options.duplicate_min_shared:
                continue
            member = _weighed(weight, mine, theirs)
            subject = _cosine(vectors[a], vectors[b], related)
            for c in apart:
                if len(convened[c]) >= CONVENED_MIN:
                    member = min(member, _weighed(local(c), mine, theirs))
                    w = local_words(c)
                    va, vb = (_unit({t: x * w[t] for t, x in counts[i].items()}) for i in (a, b))
                    subject = min(subject, _cosine(va, vb, related))
            days = min(bounds[a][1], bounds[b][1]) - max(bounds[a][0], bounds[b][0]) + 1
            time = (
                1.0 if math.isinf(days) else min(max(days / options.duplicate_full_days, 0.0), 1.0)
            )
            score = member * min(subject, 1.0) * time
            if score >= options.duplicate_warning - 1e-12:
                out[frozenset((rows[a], rows[b]))] = score
    return out


def _row(matrix: sparse.csr_matrix, i: int) -> dict[int, float]:
    lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
    return dict(zip(matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].tolist(), strict=True))


def _unit(v: dict[int, float]) -> dict[int, float]:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {t: x / norm for t, x in v.items()} if norm > 0 else {}


def _cosine(va: dict[int, float], vb: dict[int, float], related: list[set[int]]) -> float:
    same = sum(x * vb.get(t, 0.0) for t, x in va.items())
    return same + sum(x * vb.get(u, 0.0) for t, x in va.items() for u in related[t])


def _weighed(weight: dict[str, float], a: set[str], b: set[str]) -> float:
    mass = math.sqrt(sum(weight[o] for o in a) * sum(weight[o] for o in b))
    return sum(weight[o] for o in a & b) / mass if mass > 1e-12 else 0.0


def check_all(model: Model, at: date) -> tuple[dict[frozenset[str], float], list]:
    """All checks the naive way: duplication by the loop over pairs, the other rules as
    :func:`kggraph.analyses.checks.run_checks` runs them (they have no pairwise part)."""
    others = [r for r in RULES if r != "2.4"]
    return duplication_scores(model, at), run_checks(model, at, "en", rules=others)

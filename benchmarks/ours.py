"""kggraph's fast road, stage by stage: the counterparts of :mod:`benchmarks.naive`.

Loading is :func:`kggraph.sources.load.load_model` (pyoxigraph, without the cache for the cold
load);
the graph is a sparse incidence matrix (:mod:`kggraph.analyses.overlap`); every pairwise overlap is
one
sparse product; duplication scores only the pairs that share something
(:func:`kggraph.analyses.checks.duplication.score_pairs`); the checks are
:func:`kggraph.analyses.checks.run_checks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from kggraph.analyses.checks import run_checks
from kggraph.analyses.checks.duplication import score_pairs
from kggraph.analyses.overlap import (
    BY_KINDS,
    Incidence,
    PairCounts,
    core_groups,
    member_incidence,
    shared_pairs,
    theme_incidence,
)
from kggraph.model.records import Model
from kggraph.sources.load import Sources, load_model

__all__ = ["Graph", "build_graph", "check_all", "duplication_scores", "load", "overlaps"]


def load(path: Path) -> Model:
    """The fast loader (the caller decides about the cache through ``KGGRAPH_NO_CACHE``)."""
    return load_model(Sources(data=(path,), bundled=False))


@dataclass(frozen=True)
class Graph:
    """Core groups × organisations and core groups × themes, with each column's kind."""

    members: Incidence
    kinds: np.ndarray
    themes: Incidence


def build_graph(model: Model, at: date) -> Graph:
    """The incidence matrices of the core groups active on ``at``."""
    groups = core_groups(model, at)
    members = member_incidence(model, at, groups, BY_KINDS["all"])
    kinds = np.array([model.entities[c].type for c in members.cols], dtype=object)
    return Graph(members, kinds, theme_incidence(model, groups))


def overlaps(model: Model, at: date, g: Graph) -> dict[str, PairCounts]:
    """Every pair sharing ministries, agencies or themes: one sparse product each."""
    out = {}
    for kind in ("ministries", "agencies"):
        columns = np.isin(g.kinds, BY_KINDS[kind])
        out[kind] = shared_pairs(g.members.matrix[:, columns].tocsr())
    out["themes"] = shared_pairs(g.themes.matrix)
    for pairs in out.values():
        pairs.jaccard(), pairs.overlap()
    return out


def duplication_scores(model: Model, at: date) -> list:
    """2.4 scores of the pairs that share enough members."""
    return score_pairs(model, at)


def check_all(model: Model, at: date) -> list:
    """Every check."""
    return run_checks(model, at, "en")

"""Who overlaps with whom: organisations × structures as sparse matrices, all pairs at once.

A structure is compared together with its parts: KUBU's agencies sit in its inter-agency
collaboration, not in the core group itself, so the *family* of a structure (the structure and
every active part of it, at any depth) is what takes part. Each family is a row of an incidence
matrix ``A`` (structures × organisations); ``A @ A.T`` gives every pair's shared count in one
sparse product, so only pairs that share something are ever looked at. The same holds for
themes. Functions return plain data (numpy arrays, dicts); nothing prints. Who sits where,
built on these matrices, is :mod:`kggraph.analyses.seats`.

>>> from scipy import sparse
>>> a = sparse.csr_matrix([[1, 1, 0], [0, 1, 1], [0, 0, 0]])
>>> p = shared_pairs(a)
>>> list(zip(p.left.tolist(), p.right.tolist(), p.shared.tolist()))
[(0, 1, 1)]
>>> p.jaccard().round(3).tolist(), p.overlap().tolist()
([0.333], [0.5])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from kggraph.model.ranks import role_rank
from kggraph.model.records import Membership, Model

__all__ = [
    "BY_KINDS",
    "Incidence",
    "PairCounts",
    "ancestors",
    "core_groups",
    "families",
    "family_members",
    "lineages",
    "member_incidence",
    "related_theme_incidence",
    "shared_pairs",
    "theme_incidence",
]

BY_KINDS: dict[str, tuple[str, ...]] = {
    "ministries": ("Ministry",),
    "agencies": ("Agency",),
    "all": ("Ministry", "Agency", "OtherOrganisation"),
}


@dataclass(frozen=True)
class Incidence:
    """A 0/1 matrix with named rows (structures) and columns (organisations or themes)."""

    rows: list[str]
    cols: list[str]
    matrix: sparse.csr_matrix

    def row_of(self, iri: str) -> int:
        """The row index of a structure."""
        return self.rows.index(iri)

    def members(self, i: int) -> set[str]:
        """The column IRIs set in row ``i``."""
        start, end = self.matrix.indptr[i], self.matrix.indptr[i + 1]
        return {self.cols[j] for j in self.matrix.indices[start:end]}

    def sizes(self) -> np.ndarray:
        """How many columns each row has set."""
        return np.diff(self.matrix.indptr)


@dataclass(frozen=True)
class PairCounts:
    """Pairs of rows (``left[k]``, ``right[k]``) that share ``shared[k]`` columns."""

    left: np.ndarray
    right: np.ndarray
    shared: np.ndarray
    size_left: np.ndarray
    size_right: np.ndarray

    def jaccard(self) -> np.ndarray:
        """|A ∩ B| / |A ∪ B| for every pair."""
        union = self.size_left + self.size_right - self.shared
        return np.divide(self.shared, union, out=np.zeros(len(self.shared)), where=union > 0)

    def overlap(self) -> np.ndarray:
        """The overlap coefficient |A ∩ B| / min(|A|, |B|) for every pair."""
        smaller = np.minimum(self.size_left, self.size_right)
        return np.divide(self.shared, smaller, out=np.zeros(len(self.shared)), where=smaller > 0)


def _binary(rows: list[int], cols: list[int], shape: tuple[int, int]) -> sparse.csr_matrix:
    data = np.ones(len(rows), dtype=np.int32)
    m = sparse.coo_matrix((data, (rows, cols)), shape=shape).tocsr()
    m.sum_duplicates()
    m.data[:] = 1
    return m


def lineages(model: Model, at: date) -> dict[str, tuple[str, ...]]:
    """For every structure active on ``at``: itself, then its active wholes, nearest first.

    A part whose whole is not active on ``at`` stands alone.
    """
    active = {e.iri for e in model.active_structures(at)}
    out: dict[str, tuple[str, ...]] = {}

    def walk(iri: str, seen: tuple[str, ...]) -> tuple[str, ...]:
        if iri in out:
            return out[iri]
        chain = [iri]
        for whole in sorted(model.entities[iri].part_of):
            if whole in active and whole not in seen:
                chain.extend(w for w in walk(whole, (*seen, iri)) if w not in chain)
        out[iri] = tuple(chain)
        return out[iri]

    for iri in active:
        walk(iri, ())
    return out


def _active_memberships(model: Model, at: date, kinds: tuple[str, ...]) -> Iterable[Membership]:
    for m in model.memberships:
        member = model.entities.get(m.member)
        if member is not None and member.type in kinds and model.holds(m, at):
            yield m


def member_incidence(
    model: Model,
    at: date,
    rows: Sequence[str],
    kinds: tuple[str, ...] = BY_KINDS["all"],
    *,
    families: bool = True,
) -> Incidence:
    """Structures × organisations: 1 where the organisation takes part in the structure's
    family (or, with ``families=False``, in the structure itself) on ``at``.

    One pass over the memberships; a membership in a part counts for every active whole.
    """
    row_index = {iri: i for i, iri in enumerate(rows)}
    chains = lineages(model, at) if families else {}
    col_index: dict[str, int] = {}
    r: list[int] = []
    c: list[int] = []
    for m in _active_memberships(model, at, kinds):
        for whole in chains.get(m.organization, (m.organization,)):
            i = row_index.get(whole)
            if i is not None:
                r.append(i)
                c.append(col_index.setdefault(m.member, len(col_index)))
    cols = list(col_index)
    return Incidence(list(rows), cols, _binary(r, c, (len(rows), len(cols))))


def theme_incidence(model: Model, rows: Sequence[str], themes: Sequence[str] = ()) -> Incidence:
    """Structures × themes: 1 where the structure itself names the theme (``kg:theme``)."""
    col_index = {t: i for i, t in enumerate(themes)}
    r: list[int] = []
    c: list[int] = []
    for i, iri in enumerate(rows):
        for theme in model.entities[iri].themes:
            r.append(i)
            c.append(col_index.setdefault(theme, len(col_index)))
    cols = list(col_index)
    return Incidence(list(rows), cols, _binary(r, c, (len(rows), len(cols))))


def ancestors(model: Model, concept: str) -> set[str]:
    """Every broader concept of ``concept`` (``skos:broader``, transitively)."""
    seen: set[str] = set()
    todo = [concept]
    while todo:
        c = model.concepts.get(todo.pop())
        for parent in c.broader if c else ():
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def related_theme_incidence(model: Model, themes: Incidence) -> Incidence:
    """Each row's themes widened to every theme *related* to one of them: the theme itself,
    any broader theme (``skos:broader``, transitively) and any narrower one.

    Siblings are not related: «ungt utenforskap» and «utsatte barn og unge» both sit under
    «barn og unge» but do not match each other; each matches «barn og unge».
    """
    cols = list(themes.cols)
    index = {t: i for i, t in enumerate(cols)}
    pairs: set[tuple[int, int]] = set()
    for t in list(cols):
        for a in ancestors(model, t):
            j = index.setdefault(a, len(cols))
            if j == len(cols):
                cols.append(a)
            pairs.update({(index[t], j), (j, index[t])})
    pairs.update((i, i) for i in range(len(cols)))
    rel = _binary([p[0] for p in pairs], [p[1] for p in pairs], (len(cols), len(cols)))
    base = sparse.csr_matrix(
        (themes.matrix.data, themes.matrix.indices, themes.matrix.indptr),
        shape=(themes.matrix.shape[0], len(cols)),
    )
    widened = (base @ rel).tocsr()
    widened.data[:] = 1
    return Incidence(list(themes.rows), cols, widened)


def shared_pairs(
    a: sparse.csr_matrix, b: sparse.csr_matrix | None = None, *, minimum: int = 1
) -> PairCounts:
    """Every pair of rows sharing at least ``minimum`` columns, from one sparse product.

    With ``b`` None the pairs are within ``a`` (each unordered pair once, ``left < right``);
    otherwise ``left`` indexes rows of ``a`` and ``right`` rows of ``b``.
    """
    other = a if b is None else b
    product = (a @ other.T).tocsr()
    product.sort_indices()  # rows ascending, columns ascending within a row: pairs in order
    rows = np.repeat(
        np.arange(product.shape[0], dtype=product.indices.dtype), np.diff(product.indptr)
    )
    keep = product.data >= minimum
    if b is None:
        keep &= rows < product.indices
    left, right, shared = rows[keep], product.indices[keep], product.data[keep]
    sizes_a = np.diff(a.indptr)
    sizes_b = np.diff(other.indptr)
    return PairCounts(left, right, shared, sizes_a[left], sizes_b[right])


def core_groups(model: Model, at: date) -> list[str]:
    """The core groups active on ``at``, by notation."""
    groups = [e for e in model.active_structures(at) if e.type == "CoreGroup"]
    return [e.iri for e in sorted(groups, key=lambda e: e.notation.casefold())]


def families(model: Model, at: date) -> dict[str, tuple[str, ...]]:
    """For every structure active on ``at``: itself and all its active parts (any depth),
    nearest first (then by IRI). The inverse of :func:`lineages`, computed once for many
    look-ups.
    """
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for part, chain in lineages(model, at).items():
        for depth, whole in enumerate(chain):
            out[whole].append((depth, part))
    return {whole: tuple(p for _, p in sorted(parts)) for whole, parts in out.items()}


def family_members(
    model: Model, at: date, iri: str, family: Sequence[str] | None = None
) -> dict[str, list[Membership]]:
    """The memberships held on ``at`` in a structure's family, by member IRI; each list with
    the highest role first (lead, chair, member, …), then the nearest part, then the IRI.

    ``family`` (the structure and its parts, nearest first, from :func:`families`) saves
    working it out again.
    """
    parts = families(model, at).get(iri, (iri,)) if family is None else family
    nearness = {part: k for k, part in enumerate(parts)}
    out: dict[str, list[Membership]] = defaultdict(list)
    for part in parts:
        for m in model.memberships_in.get(part, []):
            if model.holds(m, at):
                out[m.member].append(m)
    for ms in out.values():
        ms.sort(key=lambda m: (role_rank(m.role), nearness[m.organization], m.iri))
    return out

"""Who takes part in a structure, and how much a shared participant tells.

Two structures that share an organisation found in nearly every structure (a ministry of
finance, a statistics office in every statistics group) are hardly alike for it; two that share
an organisation found in three structures are. Each organisation weighs
``idf = ln((1 + N) / (1 + df))`` (:func:`kggraph.analyses.subjects.idf`), ``N`` the number of
structures compared and ``df`` how many of them it takes part in (in the structure or one of
its parts).

The body that convenes a structure is a participant of another kind: the organisation that
leads or chairs the structure itself (role ``lead`` or ``chair``), and the one that runs its
secretariat (``secretariat-lead``, in the structure or one of its parts). The same directorate
convenes dozens of groups, so a body that convenes *both* structures of a pair is reported
apart and counts for neither (:attr:`Participation.convening`): on its own it never makes two
structures alike. A body that convenes one and sits in the other takes part in both and counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
from scipy import sparse

from kggraph.model.records import Model

from .overlap import BY_KINDS, lineages
from .subjects import idf

__all__ = [
    "CONVENING_ROLES",
    "SECRETARIAT_ROLES",
    "ByConvenor",
    "Participation",
    "participation",
]

CONVENING_ROLES = frozenset({"lead", "chair"})  # in the structure itself
SECRETARIAT_ROLES = frozenset({"secretariat-lead"})  # in the structure or any of its parts
CONVENED_MIN = 10  # structures a body must convene before weights among them are used


@dataclass(frozen=True)
class Participation:
    """Structures × organisations on a date: who takes part (convenors included) and who
    convenes (0/1), and each organisation's weight."""

    rows: list[str]
    cols: list[str]
    members: sparse.csr_matrix
    convening: sparse.csr_matrix
    weight: np.ndarray

    def of(self, matrix: sparse.csr_matrix, i: int) -> set[str]:
        """The organisations set in row ``i`` of ``matrix`` (members or convening)."""
        return {self.cols[j] for j in matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]]}

    @cached_property
    def column(self) -> dict[str, int]:
        """Each organisation's column."""
        return {o: k for k, o in enumerate(self.cols)}

    def weight_of(self, org: str) -> float:
        """An organisation's weight (0 for one not taking part)."""
        k = self.column.get(org)
        return 0.0 if k is None else float(self.weight[k])


class ByConvenor:
    """Weights among the structures one body convenes.

    The non-EU statistics offices sit in every group Eurostat convenes: across the whole
    register they are rare, among Eurostat's groups they are everywhere and tell nothing. So
    for two structures with a convenor in common, a participant also weighs
    ``ln((1 + N_c) / (1 + df_c))``, ``N_c`` the structures that convenor convenes and ``df_c``
    those of them it takes part in, and the pair's participant score is the lower of the two.
    A convenor of fewer than :data:`CONVENED_MIN` structures is not asked: among so few,
    everyone looks usual.
    """

    def __init__(self, people: Participation) -> None:
        self.people = people
        self.counts = (people.convening.T @ people.members).tocsr()  # convenor × organisation
        self.sizes = np.asarray(people.convening.sum(axis=0)).ravel()
        self.convened = people.convening.T.tocsr()  # convenor × structure
        self.cache: dict[int, dict[int, float]] = {}

    def weights(self, c: int) -> dict[int, float]:
        """The weight of each organisation among the structures ``c`` (a column) convenes."""
        if c not in self.cache:
            lo, hi = self.counts.indptr[c], self.counts.indptr[c + 1]
            w = idf(self.counts.data[lo:hi], int(self.sizes[c]))
            self.cache[c] = dict(zip(self.counts.indices[lo:hi].tolist(), w.tolist(), strict=True))
        return self.cache[c]

    def rows_of(self, c: int) -> np.ndarray:
        """The rows (structures) body ``c`` convenes."""
        return self.convened.indices[self.convened.indptr[c] : self.convened.indptr[c + 1]]

    def asked(self, i: int, j: int) -> list[int]:
        """The common convenors of rows ``i`` and ``j`` that convene enough structures
        (:data:`CONVENED_MIN`) to weigh among."""
        return [c for c in self.common(i, j) if self.sizes[c] >= CONVENED_MIN]

    def weight_of(self, c: int, org: str) -> float:
        """An organisation's weight among the structures ``c`` convenes."""
        return self.weights(c).get(self.people.column.get(org, -1), 0.0)

    def common(self, i: int, j: int) -> list[int]:
        """The convenors (columns) rows ``i`` and ``j`` have in common."""
        m = self.people.convening
        return sorted(
            set(m.indices[m.indptr[i] : m.indptr[i + 1]].tolist())
            & set(m.indices[m.indptr[j] : m.indptr[j + 1]].tolist())
        )

    def score(self, c: int, i: int, j: int) -> float:
        """The participant score of rows ``i`` and ``j`` weighed among ``c``'s structures."""
        m, w = self.people.members, self.weights(c)
        both = self.common(i, j)
        a = [o for o in m.indices[m.indptr[i] : m.indptr[i + 1]].tolist() if o not in both]
        b = [o for o in m.indices[m.indptr[j] : m.indptr[j + 1]].tolist() if o not in both]
        mass = (sum(w.get(o, 0.0) for o in a) * sum(w.get(o, 0.0) for o in b)) ** 0.5
        return sum(w.get(o, 0.0) for o in set(a) & set(b)) / mass if mass else 0.0

    def lowest(self, i: int, j: int) -> tuple[float, int | None]:
        """The lowest participant score of rows ``i`` and ``j`` among their common convenors'
        structures, and that convenor (1.0 and None if they have none)."""
        found = [(self.score(c, i, j), c) for c in self.asked(i, j)]
        return min(found) if found else (1.0, None)


def _binary(rows: list[int], cols: list[int], shape: tuple[int, int]) -> sparse.csr_matrix:
    m = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    m.data[:] = 1.0
    return m


def participation(model: Model, at: date, rows: Sequence[str]) -> Participation:
    """Who takes part in each structure of ``rows`` (with its parts) on ``at``: one pass over
    the memberships of ministries, agencies and other organisations."""
    index = {iri: i for i, iri in enumerate(rows)}
    chains = lineages(model, at)
    kinds = set(BY_KINDS["all"])
    cols: dict[str, int] = {}
    entries: tuple[tuple[list[int], list[int]], ...] = (([], []), ([], []))
    for m in model.memberships:
        member = model.entities.get(m.member)
        if member is None or member.type not in kinds or not model.holds(m, at):
            continue
        col = cols.setdefault(m.member, len(cols))
        secretariat = m.role in SECRETARIAT_ROLES
        for depth, whole in enumerate(chains.get(m.organization, (m.organization,))):
            i = index.get(whole)
            if i is not None:
                kind = secretariat or (depth == 0 and m.role in CONVENING_ROLES)
                entries[kind][0].append(i)
                entries[kind][1].append(col)
    shape = (len(rows), len(cols))
    ordinary, convening = (_binary(r, c, shape) for r, c in entries)
    members = ((ordinary + convening) > 0).astype(np.float64).tocsr()
    weight = idf(np.bincount(members.indices, minlength=len(cols)), len(rows))
    return Participation(list(rows), list(cols), members, convening, weight)

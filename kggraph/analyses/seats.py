"""Who sits where among the core groups: each organisation's seat in each group, the pairs of
groups that share members, and each organisation's load.

These are values (IRIs, memberships, figures), built on the incidence matrices of
:mod:`kggraph.analyses.overlap`; :mod:`kggraph.render.overlap_rows` and the report turn them
into rows with labels in a language. A group is counted with its active parts, as everywhere
in the overlap.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kggraph.analyses.overlap import (
    BY_KINDS,
    core_groups,
    families,
    family_members,
    member_incidence,
    shared_pairs,
)
from kggraph.model.records import Membership, Model

__all__ = [
    "GroupPair",
    "Load",
    "Participation",
    "Seat",
    "group_pairs",
    "loads",
    "participation",
    "seat",
]


@dataclass(frozen=True)
class Seat:
    """One organisation in one core group: every membership it holds in the group's family on
    the date, the main one first.

    The main membership is the seat's role and level: one in the group itself before any in
    its parts, then the highest role, then the nearest part, then the IRI.
    """

    group: str
    member: str
    memberships: tuple[Membership, ...]

    @property
    def main(self) -> Membership:
        """The membership that names the seat."""
        return self.memberships[0]

    @property
    def level(self) -> str:
        """The main membership's level (``disputed`` where the sources disagree on it)."""
        return self.main.level

    @property
    def direct(self) -> bool:
        """Whether the organisation sits in the group itself, not only in its parts."""
        return self.main.organization == self.group

    @property
    def other_parts(self) -> int:
        """How many further parts of the group it sits in, beside the main membership's."""
        return len({m.organization for m in self.memberships} - {self.main.organization})


def seat(group: str, member: str, held: Sequence[Membership]) -> Seat:
    """The seat of ``member`` in ``group`` from the memberships it holds in the group's family,
    given in :func:`~kggraph.analyses.overlap.family_members`' order (highest role, nearest
    part, IRI). The one definition the report and ``kggraph overlap --matrix`` share.
    """
    return Seat(group, member, tuple(sorted(held, key=lambda m: m.organization != group)))


@dataclass(frozen=True)
class Participation:
    """Organisations × active core groups on a date: ``seats[org][group]`` where it sits."""

    groups: tuple[str, ...]
    seats: dict[str, dict[str, Seat]]


def participation(model: Model, at: date, by: str = "ministries") -> Participation:
    """Every seat of the organisations of kind ``by`` (see ``BY_KINDS``) in the core groups
    active on ``at``; the groups by notation."""
    groups = core_groups(model, at)
    family = families(model, at)
    seats: dict[str, dict[str, Seat]] = defaultdict(dict)
    for g in groups:
        for org, ms in family_members(model, at, g, family.get(g, (g,))).items():
            if model.entities[org].type in BY_KINDS[by]:
                seats[org][g] = seat(g, org, ms)
    return Participation(tuple(groups), dict(seats))


@dataclass(frozen=True)
class GroupPair:
    """Two core groups that share members: who, how many of how many, and the seats behind."""

    a: str
    b: str
    shared: tuple[str, ...]
    size_a: int
    size_b: int
    jaccard: float
    overlap: float
    memberships: tuple[Membership, ...]


def _held(model: Model, at: date, groups: Sequence[str]) -> list[dict[str, list[Membership]]]:
    """Per core group, the memberships held on ``at`` in its family, by member IRI."""
    family = families(model, at)
    return [family_members(model, at, g, family.get(g, (g,))) for g in groups]


def _notation_order(model: Model, iris: Sequence[str]) -> list[int]:
    """Indices of ``iris`` in the order of their notations (case-folded)."""
    return sorted(range(len(iris)), key=lambda j: model.entities[iris[j]].notation.casefold())


def group_pairs(model: Model, at: date, by: str = "all") -> list[GroupPair]:
    """The pairs of core groups active on ``at`` that share organisations of kind ``by``: the
    shared members (by notation), Jaccard and overlap coefficient (to three decimals), and the
    shared members' seats in both groups; most overlapping first, then by the groups'
    notations.
    """
    groups = core_groups(model, at)
    inc = member_incidence(model, at, groups, BY_KINDS[by])
    pairs = shared_pairs(inc.matrix)
    rank = {j: r for r, j in enumerate(_notation_order(model, inc.cols))}
    sets = [frozenset(inc.matrix.indices[a:b]) for a, b in itertools.pairwise(inc.matrix.indptr)]
    held = _held(model, at, groups)
    out = [
        GroupPair(
            a=groups[i],
            b=groups[j],
            shared=tuple(inc.cols[c] for c in sorted(both, key=rank.__getitem__)),
            size_a=int(size_a),
            size_b=int(size_b),
            jaccard=float(jac),
            overlap=float(coef),
            memberships=tuple(m for k in (i, j) for c in both for m in held[k][inc.cols[c]]),
        )
        for i, j, size_a, size_b, jac, coef in zip(
            pairs.left.tolist(),
            pairs.right.tolist(),
            pairs.size_left.tolist(),
            pairs.size_right.tolist(),
            pairs.jaccard().round(3).tolist(),
            pairs.overlap().round(3).tolist(),
            strict=True,
        )
        for both in (sets[i] & sets[j],)
    ]
    notation = {g: model.entities[g].notation for g in groups}
    return sorted(out, key=lambda p: (-p.overlap, -len(p.shared), notation[p.a], notation[p.b]))


@dataclass(frozen=True)
class Load:
    """One organisation's load: the core groups it takes part in (in the group or a part) and
    the ones it leads (by notation), with the memberships behind them."""

    org: str
    groups: tuple[str, ...]
    leading: tuple[str, ...]
    memberships: tuple[Membership, ...]


def loads(model: Model, at: date, by: str = "all") -> list[Load]:
    """The load on ``at`` of every organisation of kind ``by`` that takes part in a core
    group; busiest first (most groups, then most led, then by notation)."""
    groups = core_groups(model, at)  # by notation already
    inc = member_incidence(model, at, groups, BY_KINDS[by])
    taking_part: dict[str, list[str]] = defaultdict(list)
    for i, g in enumerate(groups):
        for org in inc.members(i):
            taking_part[org].append(g)
    leading: dict[str, list[str]] = defaultdict(list)
    for g in groups:
        for m in model.memberships_in.get(g, []):
            if m.role == "lead" and model.holds(m, at):
                leading[m.member].append(g)
    held = _held(model, at, groups)
    out = [
        Load(
            org=org,
            groups=tuple(gs),
            leading=tuple(leading.get(org, ())),
            memberships=tuple(m for ms in held for m in ms.get(org, [])),
        )
        for org, gs in taking_part.items()
    ]
    notation = {o.org: model.entities[o.org].notation for o in out}
    return sorted(out, key=lambda o: (-len(o.groups), -len(o.leading), notation[o.org]))

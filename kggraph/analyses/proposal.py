"""«What if we set up this new group?»: a proposed core group as a layer over the data.

A proposal's records (the structure, its memberships, secretariat and assignments) are kept
apart from the loaded data: :func:`with_proposal` returns a *new* model with the layer added,
and :func:`compare` runs the checks on the same date with and without it and says which
findings the proposal adds or changes. A proposal file is read by
:func:`kggraph.analyses.proposal_files.read_proposal` (TOML through
:mod:`kggraph.analyses.proposal_toml`, or Turtle with the ontology's terms).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from kggraph.analyses.findings import Finding
from kggraph.errors import KgError
from kggraph.model.dates import Instant, Interval
from kggraph.model.records import Assignment, Citation, Entity, Membership, Model

if TYPE_CHECKING:
    from kggraph.analyses.checks import CheckOptions

__all__ = [
    "PROPOSAL_NS",
    "Compared",
    "Proposal",
    "check_proposal",
    "compare",
    "proposal_date",
    "proposal_iri",
    "undated",
    "with_proposal",
]

PROPOSAL_NS = "https://w3id.org/kggraph/proposal/"


def proposal_iri(name: str) -> str:
    """The IRI of a proposed record named ``name``, in :data:`PROPOSAL_NS`.

    >>> proposal_iri("Psykisk helse")
    'https://w3id.org/kggraph/proposal/psykisk-helse'
    """
    return PROPOSAL_NS + (re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "proposal")


@dataclass(frozen=True)
class Proposal:
    """The records of a proposed core group, kept apart from the data."""

    path: str
    structures: tuple[Entity, ...]
    memberships: tuple[Membership, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    citations: tuple[Citation, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def group(self) -> Entity:
        """The proposed core group (the first proposed structure)."""
        return self.structures[0]

    @property
    def notations(self) -> frozenset[str]:
        """The notations of every proposed structure."""
        return frozenset(e.notation for e in self.structures)

    @property
    def start(self) -> date | None:
        """The proposed group's effective start."""
        s = self.group.active.start
        return s.effective() if s else None


@dataclass(frozen=True)
class Compared:
    """A finding with the proposal, and how it differs from the same date without it.

    ``change`` is ``new`` (only with the proposal), ``changed`` (same rule, subject and
    related, other severity or message), ``same``, or ``gone`` (only without it; ``finding``
    is then the one without).
    """

    finding: Finding
    change: str
    before: Finding | None = None
    about_proposal: bool = False


def with_proposal(model: Model, proposal: Proposal) -> Model:
    """A new model: the data and the proposal's layer; ``model`` itself is not changed."""
    return replace(
        model,
        entities={**model.entities, **{e.iri: e for e in proposal.structures}},
        memberships=[*model.memberships, *proposal.memberships],
        citations={**model.citations, **{c.iri: c for c in proposal.citations}},
        assignments=[*model.assignments, *proposal.assignments],
        assessments=list(model.assessments),
        events=list(model.events),
        files=(*model.files, proposal.path),
    )


def _about(proposal: Proposal, f: Finding) -> bool:
    return f.subject in proposal.notations or bool(proposal.notations & set(f.related))


def compare(before: list[Finding], after: list[Finding], proposal: Proposal) -> list[Compared]:
    """Line up the findings without (``before``) and with (``after``) the proposal.

    The proposal's own findings come first, then what it adds or changes elsewhere, then the
    rest unchanged, then any that disappear; each group keeps the order it was given in.
    """
    old = {f.key(): f for f in before}
    new_keys = {f.key() for f in after}
    out = []
    for f in after:
        prior = old.get(f.key())
        change = "new" if prior is None else ("same" if prior == f else "changed")
        out.append(Compared(f, change, prior, _about(proposal, f)))
    out += [Compared(f, "gone", f, _about(proposal, f)) for f in before if f.key() not in new_keys]
    rank = {"new": 0, "changed": 1, "gone": 2, "same": 3}
    return sorted(out, key=lambda c: (not c.about_proposal, rank[c.change]))


def proposal_date(proposal: Proposal, at: date | None, today: date) -> date:
    """The date to check a proposal on: ``at``, or the later of today and its start.

    A date before the proposed start is an error: the group would not exist yet.
    """
    start = proposal.start
    when = at or max(today, start or today)
    if start and when < start:
        raise KgError(
            f"--at {when.isoformat()} is before the proposal's start {start.isoformat()}: "
            f"the group would not exist yet; check on {start.isoformat()} or later"
        )
    return when


def undated(proposal: Proposal, when: date) -> Proposal:
    """The proposal with an open start filled in with ``when`` (TOML without ``start``)."""
    if proposal.start is not None:
        return proposal
    during = Interval(Instant(when), proposal.group.active.end)
    structures = tuple(
        replace(e, active=during) if e.active.start is None else e for e in proposal.structures
    )
    memberships = tuple(
        replace(m, during=during) if m.during.start is None and m.iri.startswith(PROPOSAL_NS) else m
        for m in proposal.memberships
    )
    return replace(proposal, structures=structures, memberships=memberships)


def check_proposal(
    model: Model,
    proposal: Proposal,
    at: date | None,
    today: date,
    lang: str = "nb",
    rules: Iterable[str] | None = None,
    options: CheckOptions | None = None,
) -> tuple[date, list[Compared]]:
    """Run the checks on one date without and with the proposal; the date and the comparison.

    The date is ``at``, or the later of ``today`` and the proposal's start.
    """
    from kggraph.analyses.checks import CheckOptions, run_checks

    options = options or CheckOptions()
    when = proposal_date(proposal, at, today)
    proposal = undated(proposal, when)
    before = run_checks(model, when, lang, rules, options)
    after = run_checks(with_proposal(model, proposal), when, lang, rules, options)
    return when, compare(before, after, proposal)

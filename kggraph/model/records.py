"""The graph as plain records: organisations, structures, memberships, citations, concepts.

Every analysis reads these records instead of walking RDF, so the slow part (parsing and
extracting) happens once and can be cached. The records are built by :mod:`kggraph.sources.extract`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple

from kggraph.model.dates import Instant, Interval
from kggraph.model.namespaces import KGLEVEL

__all__ = [
    "Assessment",
    "Assignment",
    "ChangeEvent",
    "Citation",
    "Concept",
    "DatedName",
    "Entity",
    "Mandate",
    "Membership",
    "Model",
    "Problem",
    "Sourced",
    "Staff",
    "ORGANISATION_TYPES",
    "category_of",
]

ORGANISATION_TYPES = frozenset({"Ministry", "Agency", "OtherOrganisation"})
_CATEGORIES = {
    "Ministry": "ministry",
    "Agency": "agency",
    "OtherOrganisation": "other_organisation",
    "CoreGroup": "core_group",
    "Secretariat": "secretariat",
}


def category_of(type_name: str) -> str:
    """The drawing category of a type: ministry, agency, core_group, secretariat, other_…"""
    return _CATEGORIES.get(type_name, "other_structure")


@dataclass(frozen=True)
class Citation:
    """A place in a source document, with the sentence quoted. ``label`` is e.g. '002 §3.1.2'."""

    iri: str
    label: str
    document: str | None = None
    section: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Sourced:
    """A judgement (a concept IRI or a literal) with its citations."""

    value: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mandate:
    """A structure's mandate: whether it exists, when it was set, and where that is said."""

    status: str  # yes | no | unknown
    date: Instant | None = None
    sources: tuple[str, ...] = ()
    comment: str | None = None


@dataclass(frozen=True)
class Concept:
    """A SKOS concept (level, role, theme, guideline point, staircase step)."""

    iri: str
    notation: str
    labels: dict[str, str]
    alt_labels: tuple[str, ...] = ()
    scheme: str | None = None
    definition: dict[str, str] = field(default_factory=dict)
    rank: int | None = None
    broader: tuple[str, ...] = ()


@dataclass(frozen=True)
class DatedName:
    """A name an organisation had during a period (e.g. OED until 2023-12-31)."""

    notation: str
    labels: dict[str, str]
    during: Interval = Interval()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Staff:
    """How many persons the sources say do a secretariat's work, during a period."""

    count: int
    during: Interval = Interval()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """The evaluators' own judgement of a structure against a guideline point, in their words.

    ``guideline`` is the point's notation ('7.3'), ``verdict`` yes, no or partly; ``during``
    is when the judgement holds (from the date of the report that makes it).
    """

    iri: str
    about: str
    guideline: str
    verdict: str
    quote: str
    during: Interval = Interval()
    sources: tuple[str, ...] = ()
    comment: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Entity:
    """An organisation (ministry, agency, other) or a structure (core group and all others)."""

    iri: str
    type: str
    notation: str
    labels: dict[str, str]
    alt_labels: tuple[str, ...] = ()
    active: Interval = Interval()
    parent: str | None = None
    also_steered_by: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    predecessors: tuple[str, ...] = ()
    steers: tuple[str, ...] = ()
    hosted_by: tuple[str, ...] = ()
    provided_by: tuple[str, ...] = ()
    mandate: Mandate | None = None
    government_anchoring: Sourced | None = None
    coordination_step: Sourced | None = None
    counts: dict[str, int] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    comment: dict[str, str] = field(default_factory=dict)
    former_names: tuple[DatedName, ...] = ()
    staff: tuple[Staff, ...] = ()
    # What a structure is about, in its own words: every dcterms:description of it and of its
    # mandate (mission, tasks, terms of reference), in any language.
    descriptions: tuple[str, ...] = ()

    @property
    def is_organisation(self) -> bool:
        """True for ministries, agencies and other organisations; False for structures."""
        return self.type in ORGANISATION_TYPES

    @property
    def category(self) -> str:
        """See :func:`category_of`."""
        return category_of(self.type)

    def label(self, lang: str = "nb", when: date | None = None) -> str:
        """The name in ``lang`` (on ``when``, if given: a former name while it was used),
        falling back to Norwegian, English, then the notation."""
        labels = self._name_on(when).labels if when else self.labels
        return labels.get(lang) or labels.get("nb") or labels.get("en") or self.notation_on(when)

    def notation_on(self, when: date | None) -> str:
        """The short name on ``when``: a former one while it was used (OED before 2024)."""
        return self._name_on(when).notation if when else self.notation

    def _name_on(self, when: date) -> DatedName | Entity:
        for name in self.former_names:
            if name.during.contains(when):
                return name
        return self


@dataclass(frozen=True)
class Membership:
    """``member`` takes part in ``organization`` with a role and a level during a period."""

    iri: str
    member: str
    organization: str
    role: str  # role notation: lead, member, observer, secretariat-lead, …
    level: str  # level notation: secretary-general, …, unknown
    during: Interval = Interval()
    sources: tuple[str, ...] = ()
    comment: str | None = None
    level_claims: tuple[Sourced, ...] = ()
    contradicted_by: tuple[str, ...] = ()

    def active_at(self, when: date) -> bool:
        """Whether the membership holds on ``when``."""
        return self.during.contains(when)


@dataclass(frozen=True)
class Assignment:
    """A task given by ministries or a structure to agencies."""

    iri: str
    labels: dict[str, str]
    issuers: tuple[str, ...]
    assignees: tuple[str, ...]
    lead: str | None = None
    subject: dict[str, str] = field(default_factory=dict)
    when: Instant | None = None
    deliverable: str | None = None
    channel: str | None = None
    number_of_assignees: int | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeEvent:
    """A reorganisation: original organisations become resulting ones on a date."""

    iri: str
    labels: dict[str, str]
    when: date | None
    original: tuple[str, ...]
    resulting: tuple[str, ...]
    sources: tuple[str, ...] = ()


class Problem(NamedTuple):
    """Something wrong with ``subject`` in the data read (found by
    :mod:`kggraph.sources.screen`): ``prop`` is the property, or a path ``p1 / p2``.

    A ``fatal`` problem left the subject out of the model; the others are warnings about a
    subject that is kept. ``files`` are the files that name the subject, when known.
    """

    subject: str
    prop: str
    message: str
    fatal: bool = True
    files: tuple[str, ...] = ()


@dataclass
class Model:
    """Everything the analyses need, keyed by IRI."""

    entities: dict[str, Entity] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    citations: dict[str, Citation] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    assignments: list[Assignment] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    events: list[ChangeEvent] = field(default_factory=list)
    triples: int = 0
    files: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @cached_property
    def memberships_of(self) -> dict[str, list[Membership]]:
        """Memberships by member IRI."""
        index: dict[str, list[Membership]] = defaultdict(list)
        for m in self.memberships:
            index[m.member].append(m)
        return index

    @cached_property
    def _membership_by_iri(self) -> dict[str, Membership]:
        return {m.iri: m for m in self.memberships}

    def membership(self, iri: str) -> Membership:
        """The membership with this IRI."""
        return self._membership_by_iri[iri]

    @cached_property
    def memberships_in(self) -> dict[str, list[Membership]]:
        """Memberships by structure IRI."""
        index: dict[str, list[Membership]] = defaultdict(list)
        for m in self.memberships:
            index[m.organization].append(m)
        return index

    @cached_property
    def parts_of(self) -> dict[str, list[str]]:
        """Direct parts (sub-structures) by whole IRI."""
        index: dict[str, list[str]] = defaultdict(list)
        for e in self.entities.values():
            for whole in e.part_of:
                index[whole].append(e.iri)
        return index

    def source_labels(self, iris: tuple[str, ...]) -> list[str]:
        """The short labels ('002 §3.1.2') of citations, sorted, without repeats.

        Worked out once per set of citations (many memberships share theirs, and the picture
        of a period asks again for every day).
        """
        found = self._source_labels.get(iris)
        if found is None:
            found = self._source_labels[iris] = sorted(
                {self.citations[i].label if i in self.citations else i for i in iris}
            )
        return list(found)

    @cached_property
    def _source_labels(self) -> dict[tuple[str, ...], list[str]]:
        return {}

    def concept_notation(self, iri: str) -> str:
        """The notation of a concept, or the IRI's last segment when it is not in the model."""
        c = self.concepts.get(iri)
        return c.notation if c else iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def concept_label(self, iri_or_notation: str, scheme_prefix: str, lang: str = "nb") -> str:
        """The label of a concept given by IRI, or by notation inside a scheme's namespace."""
        iri = iri_or_notation if "://" in iri_or_notation else scheme_prefix + iri_or_notation
        c = self.concepts.get(iri)
        if c is None:
            return iri_or_notation
        return c.labels.get(lang) or c.labels.get("nb") or c.notation

    def document_labels(self, iris: tuple[str, ...]) -> str:
        """The documents citations belong to, as their numbers ('004'), '/'-joined."""
        docs = {(self.citations[i].document or i) if i in self.citations else i for i in iris}
        return "/".join(sorted(d.rsplit("-", 1)[-1] for d in docs))

    def level_label(self, m: Membership, lang: str = "nb") -> str:
        """A membership's level in ``lang``; where the sources disagree, each source's level
        with its document, highest level first: 'departementsråd (004) / ekspedisjonssjef (002)'.
        """
        if not m.level_claims:
            return self.concept_label(m.level, str(KGLEVEL), lang)
        return " / ".join(
            f"{self.concept_label(c.value, str(KGLEVEL), lang)} ({self.document_labels(c.sources)})"
            for c in m.level_claims
        )

    def holds(self, m: Membership, when: date) -> bool:
        """Whether a membership holds on ``when``: its own period, and both sides exist then.

        An organisation that has ceased (Direktoratet for e-helse after 2023) takes part in
        nothing afterwards, whatever the membership's own end says.
        """
        member, structure = self.entities.get(m.member), self.entities.get(m.organization)
        return (
            m.active_at(when)
            and member is not None
            and structure is not None
            and member.active.contains(when)
            and structure.active.contains(when)
        )

    def certainty(self, m: Membership, when: date) -> str:
        """Whether a membership surely holds on ``when`` ('yes'), surely not ('no'), or hangs on
        a date the sources do not give ('maybe'): its own period and both sides' lifetimes."""
        member, structure = self.entities.get(m.member), self.entities.get(m.organization)
        if member is None or structure is None:
            return "no"
        found = {i.certainty(when) for i in (m.during, member.active, structure.active)}
        return "no" if "no" in found else "maybe" if "maybe" in found else "yes"

    def active_structures(self, when: date) -> list[Entity]:
        """Structures (not organisations) active on ``when``."""
        return [
            e for e in self.entities.values() if not e.is_organisation and e.active.contains(when)
        ]

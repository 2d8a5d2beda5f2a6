"""Turn RDF triples into the records of :mod:`kggraph.model.records`.

The input is any iterable of triples in the plain form of :mod:`kggraph.sources.subject_index`
(rdflib graphs through its ``from_rdflib``), or a subject index a parser built directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from operator import attrgetter

from kggraph.model.dates import Instant, Interval
from kggraph.model.records import (
    Assessment,
    Assignment,
    ChangeEvent,
    Citation,
    Concept,
    DatedName,
    Entity,
    Mandate,
    Membership,
    Model,
    Sourced,
    Staff,
)
from kggraph.sources.kinds import Kinds
from kggraph.sources.plain_memberships import MembershipRow, membership_row, row_props
from kggraph.sources.screen import screen
from kggraph.sources.subject_index import (
    DCTERMS,
    KG,
    ORG,
    RDF,
    RDFS,
    SKOS,
    TIME,
    Index,
    Props,
    Triple,
    all_lits,
    index_triples,
    iris,
    langs,
    lit,
    one,
)

__all__ = ["extract", "extract_index"]


def extract(triples: Iterable[Triple], files: tuple[str, ...] = ()) -> Model:
    """Build a :class:`Model` from triples (ontology and data together).

    A triple given twice counts once, as in an rdflib graph.
    """
    return extract_index(*index_triples(triples), files=files)


def extract_index(
    subjects: Index,
    count: int,
    taken: list[MembershipRow] | tuple[()] = (),
    files: tuple[str, ...] = (),
) -> Model:
    """Build a :class:`Model` from a subject index: subject → predicate → its distinct
    objects in the order given, and ``count`` distinct triples (what :func:`extract` builds
    from triples; a parser may build it directly, see
    :func:`kggraph.sources.fastparse.index_files`).
    ``taken`` are the memberships :func:`take_memberships` took out of the index. What
    cannot be read is left out and listed in the model's ``problems``
    (:func:`kggraph.sources.screen.screen`).
    """
    taken = list(taken)
    problems = screen(subjects, taken)
    reader = _Reader(subjects, taken)
    model = Model(triples=count, files=files, problems=tuple(problems))
    model.citations = reader.citations()
    model.concepts = reader.concepts()
    model.entities = reader.entities()
    model.memberships = reader.memberships()
    model.assignments = reader.assignments()
    model.assessments = reader.assessments()
    model.events = reader.events()
    return model


class _Memo(dict):
    """``read(node)`` once per node, looked up as ``memo[node]``: a date or a period many
    memberships share is one object, and a repeated node costs one dict lookup.

    >>> lengths = _Memo(len)
    >>> lengths["abc"], lengths["abc"], list(lengths)
    (3, 3, ['abc'])
    """

    def __init__(self, read: Callable[[str | None], object]) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, node: str | None) -> object:
        value = self[node] = self.read(node)
        return value


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _dated(props: Props, text: str | None = None) -> Instant | None:
    """The date a record states (``dcterms:date``) at its ``kg:precision`` (a day if none is
    given), with the source's own words ``text``; None if it states no date."""
    when = _date(lit(props, DCTERMS.date))
    if when is None:
        return None
    precision = one(props, KG.precision)
    return Instant(when, _local(precision) if precision else "day", text=text)


class _Reader:
    """Reads records out of the subject index."""

    def __init__(self, subjects: dict[str, Props], taken: list[MembershipRow] | tuple[()]) -> None:
        self.s = subjects
        self.taken = taken
        self._taken_by_iri: dict[str, MembershipRow] | None = None
        self.kinds = Kinds(subjects)
        self.types, self.typed = self.kinds.types, self.kinds.typed
        self.instant = _Memo(self._instant)
        self.interval = _Memo(self._interval)

    def props_of(self, node: str | None) -> Props | None:
        """The properties of ``node``; None if nothing is said of it.

        A membership taken out of the index as a row is read back from it (only data that
        uses a membership as a period, a mandate or the like gets there).
        """
        if node is None:
            return None
        props = self.s.get(node)
        if props is None and self.taken:
            if self._taken_by_iri is None:
                self._taken_by_iri = {row[0]: row for row in self.taken}
            row = self._taken_by_iri.get(node)
            props = None if row is None else row_props(row)
        return props

    def of_type(self, cls: str) -> Iterable[tuple[str, Props]]:
        """The subjects declared ``cls``, in subject order."""
        subjects = self.s
        return ((s, subjects[s]) for s in self.typed.get(cls, ()))

    def _instant(self, node: str | None) -> Instant | None:
        p = self.props_of(node)
        if p is None:
            return None
        prec = one(p, KG.precision)
        when = _date(lit(p, TIME.inXSDDate))
        return Instant(
            date=when,
            precision=_local(prec) if prec else ("day" if when else "unknown"),
            not_before=_date(lit(p, KG.notBefore)),
            not_after=_date(lit(p, KG.notAfter)),
            text=lit(p, RDFS.label),
            inferred_from=iris(p, KG.inferredFrom),
        )

    def _interval(self, node: str | None) -> Interval:
        p = self.props_of(node)
        if p is None:
            return Interval()
        return Interval(self.instant[one(p, TIME.hasBeginning)], self.instant[one(p, TIME.hasEnd)])

    def sourced(self, node: str | None) -> Sourced | None:
        p = self.props_of(node)
        if p is None:
            return None
        value = one(p, RDF.value) or lit(p, RDF.value)
        return Sourced(value, iris(p, DCTERMS.source)) if value else None

    def mandate(self, node: str | None) -> Mandate | None:
        p = self.props_of(node)
        if p is None:
            return None
        status = one(p, KG.mandateStatus)
        return Mandate(
            status=_local(status) if status else "unknown",
            date=_dated(p, lit(p, RDFS.label)),
            sources=iris(p, DCTERMS.source),
            comment=lit(p, RDFS.comment),
        )

    def descriptions(self, props: Props) -> tuple[str, ...]:
        """Every ``dcterms:description`` of a subject and of its ``kg:mandate`` node."""
        mandate = self.props_of(one(props, KG.mandate)) or {}
        return all_lits(props, DCTERMS.description) + all_lits(mandate, DCTERMS.description)

    def citations(self) -> dict[str, Citation]:
        out = {}
        for s, props in self.of_type(KG.Citation):
            out[s] = Citation(
                iri=s,
                label=lit(props, RDFS.label) or _local(s),
                document=one(props, DCTERMS.isPartOf),
                section=lit(props, KG.section),
                quote=lit(props, KG.quote),
            )
        return out

    def concepts(self) -> dict[str, Concept]:
        out = {}
        for s, props in self.of_type(SKOS.Concept):
            rank = lit(props, KG.rank)
            out[s] = Concept(
                iri=s,
                notation=lit(props, SKOS.notation) or _local(s),
                labels=langs(props, SKOS.prefLabel),
                alt_labels=all_lits(props, SKOS.altLabel),
                scheme=one(props, SKOS.inScheme),
                definition=langs(props, SKOS.definition),
                rank=int(rank) if rank else None,
                broader=iris(props, SKOS.broader),
            )
        return out

    def entities(self) -> dict[str, Entity]:
        out = {}
        for s, classes in self.types.items():
            cls = self.kinds.entity_class(classes)
            if cls is None or s.startswith("_:"):
                continue
            props = self.s[s]
            labels = langs(props, SKOS.prefLabel) or langs(props, RDFS.label)
            out[s] = Entity(
                iri=s,
                type=_local(cls),
                notation=lit(props, SKOS.notation) or _local(s),
                labels={k: v for k, v in labels.items() if k},
                alt_labels=all_lits(props, SKOS.altLabel) + all_lits(props, SKOS.hiddenLabel),
                active=self.interval[one(props, KG.activeDuring)],
                parent=one(props, KG.parentMinistry),
                also_steered_by=iris(props, KG.alsoSteeredBy),
                part_of=iris(props, ORG.subOrganizationOf),
                themes=iris(props, KG.theme),
                replaces=iris(props, DCTERMS.replaces),
                predecessors=iris(props, KG.predecessor),
                steers=iris(props, KG.steers),
                hosted_by=iris(props, KG.hostedBy),
                provided_by=iris(props, KG.providedBy),
                mandate=self.mandate(one(props, KG.mandate)),
                government_anchoring=self.sourced(one(props, KG.governmentAnchoring)),
                coordination_step=self.sourced(one(props, KG.coordinationStep)),
                counts={
                    k: int(v)
                    for k, v in (
                        ("work_packages", lit(props, KG.numberOfWorkPackages)),
                        ("responsible_ministries", lit(props, KG.numberOfResponsibleMinistries)),
                    )
                    if v
                },
                sources=iris(props, DCTERMS.source),
                comment={k: v for k, v in langs(props, RDFS.comment).items()},
                former_names=tuple(self.dated_name(n) for n in iris(props, KG.formerName)),
                staff=tuple(self.staff(n) for n in iris(props, KG.staffCount)),
                descriptions=self.descriptions(props),
            )
        return out

    def dated_name(self, node: str) -> DatedName:
        """A former name: notation and labels during a period (OED until 2023-12-31)."""
        p = self.props_of(node) or {}
        return DatedName(
            notation=lit(p, SKOS.notation) or _local(node),
            labels={k: v for k, v in langs(p, SKOS.prefLabel).items() if k},
            during=self.interval[one(p, KG.validDuring)],
            sources=iris(p, DCTERMS.source),
        )

    def staff(self, node: str) -> Staff:
        """How many persons do a secretariat's work, during a period, and the source."""
        p = self.props_of(node) or {}
        return Staff(
            count=int(lit(p, RDF.value) or 0),
            during=self.interval[one(p, KG.validDuring)],
            sources=iris(p, DCTERMS.source),
        )

    def level_claims(self, props: Props) -> tuple[Sourced, ...]:
        """The level each source gives where they disagree (kg:levelClaim), highest first."""
        claims = [self.sourced(n) for n in iris(props, KG.levelClaim)]
        ranked = [
            (self._rank(c.value), _local(c.value), c.sources) for c in claims if c is not None
        ]
        return tuple(Sourced(level, sources) for _, level, sources in sorted(ranked))

    def _rank(self, concept: str) -> int:
        rank = lit(self.s.get(concept, {}), KG.rank)
        return int(rank) if rank else 99

    def memberships(self) -> list[Membership]:
        """The memberships with a member and an organisation, by IRI: those taken out of the
        index as rows, and those read from it. (The bulk of a large load.)"""
        out = []
        notation = _Memo(lambda concept: _local(concept) if concept else None)
        interval, subjects = self.interval, self.s
        read_iris = self.typed.get(ORG.Membership, ())
        read = [membership_row(s, subjects[s]) for s in read_iris]
        disputed = {
            s: (self.level_claims(subjects[s]), iris(subjects[s], KG.contradictedBy))
            for s in read_iris
            if KG.levelClaim in subjects[s] or KG.contradictedBy in subjects[s]
        }
        for rows in (self.taken, read):
            for s, member, organization, role, level, during, sources, comment in rows:
                if member is None or organization is None:
                    continue
                out.append(
                    Membership(
                        s,
                        member,
                        organization,
                        notation[role] or "member",
                        notation[level] or "unknown",
                        interval[during],
                        sources,
                        comment,
                        *disputed.get(s, ()),
                    )
                )
        out.sort(key=attrgetter("iri"))
        return out

    def assignments(self) -> list[Assignment]:
        out = []
        for s, props in self.of_type(KG.Assignment):
            count = lit(props, KG.numberOfAssignees)
            out.append(
                Assignment(
                    iri=s,
                    labels={k: v for k, v in langs(props, RDFS.label).items() if k},
                    issuers=iris(props, KG.issuedBy),
                    assignees=tuple(
                        dict.fromkeys(iris(props, KG.assignedTo) + iris(props, KG.leadAssignee))
                    ),
                    lead=one(props, KG.leadAssignee),
                    subject={k: v for k, v in langs(props, KG.subject).items() if k},
                    when=_dated(props),
                    deliverable=lit(props, KG.deliverable),
                    channel=lit(props, KG.channel),
                    number_of_assignees=int(count) if count else None,
                    sources=iris(props, DCTERMS.source),
                )
            )
        out.sort(key=attrgetter("iri"))
        return out

    def assessments(self) -> list[Assessment]:
        """The evaluators' own judgements (kg:Assessment), by IRI."""
        out = []
        for s, props in self.of_type(KG.Assessment):
            about, guideline, verdict = (
                one(props, p) for p in (KG.about, KG.guideline, KG.verdict)
            )
            if about is None or guideline is None:
                continue
            point = lit(self.s.get(guideline, {}), SKOS.notation) or _local(guideline)
            out.append(
                Assessment(
                    iri=s,
                    about=about,
                    guideline=point,
                    verdict=_local(verdict) if verdict else "unknown",
                    quote=lit(props, KG.quote) or "",
                    during=self.interval[one(props, KG.validDuring)],
                    sources=iris(props, DCTERMS.source),
                    comment={k: v for k, v in langs(props, RDFS.comment).items() if k},
                )
            )
        out.sort(key=attrgetter("iri"))
        return out

    def events(self) -> list[ChangeEvent]:
        out = []
        for s, props in self.of_type(ORG.ChangeEvent):
            out.append(
                ChangeEvent(
                    iri=s,
                    labels={k: v for k, v in langs(props, RDFS.label).items() if k},
                    when=_date(lit(props, DCTERMS.date)),
                    original=iris(props, ORG.originalOrganization),
                    resulting=iris(props, ORG.resultingOrganization),
                    sources=iris(props, DCTERMS.source),
                )
            )
        return out

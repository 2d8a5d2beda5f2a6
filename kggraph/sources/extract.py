"""Turn RDF triples into the records of :mod:`kggraph.model.records`.

The input is any iterable of triples in the plain form of :mod:`kggraph.sources.subject_index`
(rdflib graphs through its ``from_rdflib``), or a subject index a parser built directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from operator import attrgetter

from kggraph.model import namespaces
from kggraph.model.dates import Instant, Interval
from kggraph.model.records import (
    Assignment,
    ChangeEvent,
    Citation,
    Concept,
    Entity,
    Mandate,
    Membership,
    Model,
    Sourced,
)
from kggraph.sources.plain_memberships import MembershipRow, membership_row, row_props
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
    Term,
    Triple,
    all_lits,
    index_triples,
    iris,
    langs,
    lit,
    objects,
    one,
)

__all__ = ["extract", "extract_index"]

_KG = str(namespaces.KG._NS)
_ORG_ROOTS = {
    str(ORG.Organization),
    str(ORG.FormalOrganization),
    str(ORG.OrganizationalCollaboration),
    str(ORG.OrganizationalUnit),
}


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
    ``taken`` are the memberships :func:`take_memberships` took out of the index.
    """
    reader = _Reader(subjects, taken)
    model = Model(triples=count, files=files)
    model.citations = reader.citations()
    model.concepts = reader.concepts()
    model.entities = reader.entities()
    model.memberships = reader.memberships()
    model.assignments = reader.assignments()
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


class _Reader:
    """Reads records out of the subject index."""

    def __init__(self, subjects: dict[str, Props], taken: list[MembershipRow] | tuple[()]) -> None:
        self.s = subjects
        self.taken = taken
        self._taken_by_iri: dict[str, MembershipRow] | None = None
        self.types, self.typed = self._typed()
        self.parents = self._class_parents()
        self._known_ancestors: dict[str, set[str]] = {}
        self._entity_classes: dict[tuple[Term, ...], str | None] = {}
        self.instant = _Memo(self._instant)
        self.interval = _Memo(self._interval)

    def _typed(self) -> tuple[dict[str, tuple[Term, ...]], dict[Term, list[str]]]:
        """The classes of each typed subject, as stated, and the subjects of each class in
        subject order: one pass, so each kind of record reads only its own subjects."""
        types: dict[str, tuple[Term, ...]] = {}
        typed: dict[Term, list[str]] = defaultdict(list)
        rdf_type = RDF.type
        for s, props in self.s.items():
            values = props.get(rdf_type)
            if values is not None:
                classes = types[s] = tuple(objects(values))
                for c in classes:
                    typed[c].append(s)
        return types, typed

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

    def _class_parents(self) -> dict[str, set[str]]:
        parents: dict[str, set[str]] = defaultdict(set)
        sub_class_of = RDFS.subClassOf
        for s, props in self.s.items():
            if sub_class_of in props:
                parents[s].update(iris(props, sub_class_of))
        return parents

    def _ancestors(self, cls: str) -> set[str]:
        known = self._known_ancestors.get(cls)
        if known is not None:
            return known
        seen: set[str] = set()
        todo = [cls]
        while todo:
            c = todo.pop()
            for p in self.parents.get(c, ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        self._known_ancestors[cls] = seen
        return seen

    def _entity_class(self, classes: tuple[Term, ...]) -> str | None:
        """The most specific kggraph class of an organisation or structure with these
        classes; None for anything else. Worked out once per combination of classes."""
        try:
            return self._entity_classes[classes]
        except KeyError:
            named = frozenset([c for c in classes if type(c) is str])
            cls = self._most_specific(named) if self._is_org(named) else None
            self._entity_classes[classes] = cls
            return cls

    def _most_specific(self, classes: frozenset[str]) -> str | None:
        own = {c for c in classes if c.startswith(_KG)}
        for c in own:
            if not any(c in self._ancestors(o) for o in own if o != c):
                return c
        return None

    def _is_org(self, classes: frozenset[str]) -> bool:
        return any(c in _ORG_ROOTS or self._ancestors(c) & _ORG_ROOTS for c in classes)

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
        when = _date(lit(p, DCTERMS.date))
        prec = one(p, KG.precision)
        return Mandate(
            status=_local(status) if status else "unknown",
            date=Instant(when, _local(prec) if prec else "day", text=lit(p, RDFS.label))
            if when
            else None,
            sources=iris(p, DCTERMS.source),
            comment=lit(p, RDFS.comment),
        )

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
            cls = self._entity_class(classes)
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
            )
        return out

    def memberships(self) -> list[Membership]:
        """The memberships with a member and an organisation, by IRI: those taken out of the
        index as rows, and those read from it. (The bulk of a large load.)"""
        out = []
        notation = _Memo(lambda concept: _local(concept) if concept else None)
        interval, subjects = self.interval, self.s
        read = [membership_row(s, subjects[s]) for s in self.typed.get(ORG.Membership, ())]
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
                    )
                )
        out.sort(key=attrgetter("iri"))
        return out

    def assignments(self) -> list[Assignment]:
        out = []
        for s, props in self.of_type(KG.Assignment):
            count = lit(props, KG.numberOfAssignees)
            when = _date(lit(props, DCTERMS.date))
            prec = one(props, KG.precision)
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
                    when=Instant(when, _local(prec) if prec else "day") if when else None,
                    deliverable=lit(props, KG.deliverable),
                    channel=lit(props, KG.channel),
                    number_of_assignees=int(count) if count else None,
                    sources=iris(props, DCTERMS.source),
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

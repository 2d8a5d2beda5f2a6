"""Turn RDF triples into the records of :mod:`kggraph.model`.

The input is any iterable of ``(subject, predicate, object)`` in plain Python: IRIs and blank
nodes as ``str`` (blank nodes start with ``_:``), literals as :class:`Lit`. rdflib graphs go
through :func:`from_rdflib`; a faster parser can feed the same function.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from kggraph.dates import Instant, Interval
from kggraph.model import (
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
from kggraph.namespaces import DCTERMS, KG, ORG, RDF, RDFS, SKOS, TIME

__all__ = ["Lit", "Triple", "extract", "from_rdflib"]


class Lit(NamedTuple):
    """A literal: its lexical form, language tag and datatype IRI."""

    value: str
    lang: str | None = None
    datatype: str | None = None


Term = str | Lit
Triple = tuple[str, str, Term]
Props = dict[str, list[Term]]

_KG = str(KG._NS)
_ORG_ROOTS = {
    str(ORG.Organization),
    str(ORG.FormalOrganization),
    str(ORG.OrganizationalCollaboration),
    str(ORG.OrganizationalUnit),
}


def from_rdflib(graph) -> Iterable[Triple]:  # noqa: ANN001 - rdflib.Graph, imported lazily
    """Yield the triples of an rdflib graph in the plain form :func:`extract` reads."""
    from rdflib import BNode, Literal

    def term(t) -> Term:  # noqa: ANN001
        if isinstance(t, Literal):
            return Lit(str(t), t.language, str(t.datatype) if t.datatype else None)
        if isinstance(t, BNode):
            return f"_:{t}"
        return str(t)

    for s, p, o in graph:
        yield term(s), str(p), term(o)


def extract(triples: Iterable[Triple], files: tuple[str, ...] = ()) -> Model:
    """Build a :class:`Model` from triples (ontology and data together)."""
    subjects: dict[str, Props] = defaultdict(lambda: defaultdict(list))
    count = 0
    for s, p, o in triples:
        subjects[s][p].append(o)
        count += 1
    reader = _Reader(subjects)
    model = Model(triples=count, files=files)
    model.citations = reader.citations()
    model.concepts = reader.concepts()
    model.entities = reader.entities()
    model.memberships = reader.memberships()
    model.assignments = reader.assignments()
    model.events = reader.events()
    return model


def _iris(props: Props, pred: object) -> tuple[str, ...]:
    return tuple(o for o in props.get(str(pred), ()) if isinstance(o, str))


def _one(props: Props, pred: object) -> str | None:
    values = _iris(props, pred)
    return values[0] if values else None


def _lit(props: Props, pred: object) -> str | None:
    values = [o.value for o in props.get(str(pred), ()) if isinstance(o, Lit)]
    return values[0] if values else None


def _langs(props: Props, pred: object) -> dict[str, str]:
    out: dict[str, str] = {}
    for o in props.get(str(pred), ()):
        if isinstance(o, Lit):
            out.setdefault(o.lang or "", o.value)
    return out


def _all_lits(props: Props, pred: object) -> tuple[str, ...]:
    return tuple(o.value for o in props.get(str(pred), ()) if isinstance(o, Lit))


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class _Reader:
    """Reads records out of the subject index."""

    def __init__(self, subjects: dict[str, Props]) -> None:
        self.s = subjects
        self.types = {s: set(_iris(p, RDF.type)) for s, p in subjects.items()}
        self.parents = self._class_parents()

    def _class_parents(self) -> dict[str, set[str]]:
        parents: dict[str, set[str]] = defaultdict(set)
        for s, props in self.s.items():
            parents[s].update(_iris(props, RDFS.subClassOf))
        return parents

    def _ancestors(self, cls: str) -> set[str]:
        seen: set[str] = set()
        todo = [cls]
        while todo:
            c = todo.pop()
            for p in self.parents.get(c, ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    def _most_specific(self, classes: set[str]) -> str | None:
        own = {c for c in classes if c.startswith(_KG)}
        for c in own:
            if not any(c in self._ancestors(o) for o in own if o != c):
                return c
        return None

    def _is_org(self, classes: set[str]) -> bool:
        return any(c in _ORG_ROOTS or self._ancestors(c) & _ORG_ROOTS for c in classes)

    def instant(self, node: str | None) -> Instant | None:
        if node is None or node not in self.s:
            return None
        p = self.s[node]
        prec = _one(p, KG.precision)
        when = _date(_lit(p, TIME.inXSDDate))
        return Instant(
            date=when,
            precision=_local(prec) if prec else ("day" if when else "unknown"),
            not_before=_date(_lit(p, KG.notBefore)),
            not_after=_date(_lit(p, KG.notAfter)),
            text=_lit(p, RDFS.label),
        )

    def interval(self, node: str | None) -> Interval:
        if node is None or node not in self.s:
            return Interval()
        p = self.s[node]
        return Interval(
            self.instant(_one(p, TIME.hasBeginning)), self.instant(_one(p, TIME.hasEnd))
        )

    def sourced(self, node: str | None) -> Sourced | None:
        if node is None or node not in self.s:
            return None
        p = self.s[node]
        value = _one(p, RDF.value) or _lit(p, RDF.value)
        return Sourced(value, _iris(p, DCTERMS.source)) if value else None

    def mandate(self, node: str | None) -> Mandate | None:
        if node is None or node not in self.s:
            return None
        p = self.s[node]
        status = _one(p, KG.mandateStatus)
        when = _date(_lit(p, DCTERMS.date))
        prec = _one(p, KG.precision)
        return Mandate(
            status=_local(status) if status else "unknown",
            date=Instant(when, _local(prec) if prec else "day", text=_lit(p, RDFS.label))
            if when
            else None,
            sources=_iris(p, DCTERMS.source),
            comment=_lit(p, RDFS.comment),
        )

    def citations(self) -> dict[str, Citation]:
        out = {}
        for s, props in self.s.items():
            if str(KG.Citation) in self.types[s]:
                out[s] = Citation(
                    iri=s,
                    label=_lit(props, RDFS.label) or _local(s),
                    document=_one(props, DCTERMS.isPartOf),
                    section=_lit(props, KG.section),
                    quote=_lit(props, KG.quote),
                )
        return out

    def concepts(self) -> dict[str, Concept]:
        out = {}
        for s, props in self.s.items():
            if str(SKOS.Concept) in self.types[s]:
                rank = _lit(props, KG.rank)
                out[s] = Concept(
                    iri=s,
                    notation=_lit(props, SKOS.notation) or _local(s),
                    labels=_langs(props, SKOS.prefLabel),
                    alt_labels=_all_lits(props, SKOS.altLabel),
                    scheme=_one(props, SKOS.inScheme),
                    definition=_langs(props, SKOS.definition),
                    rank=int(rank) if rank else None,
                    broader=_iris(props, SKOS.broader),
                )
        return out

    def entities(self) -> dict[str, Entity]:
        out = {}
        for s, props in self.s.items():
            classes = self.types[s]
            if s.startswith("_:") or not self._is_org(classes):
                continue
            cls = self._most_specific(classes)
            if cls is None:
                continue
            labels = _langs(props, SKOS.prefLabel) or _langs(props, RDFS.label)
            out[s] = Entity(
                iri=s,
                type=_local(cls),
                notation=_lit(props, SKOS.notation) or _local(s),
                labels={k: v for k, v in labels.items() if k},
                alt_labels=_all_lits(props, SKOS.altLabel) + _all_lits(props, SKOS.hiddenLabel),
                active=self.interval(_one(props, KG.activeDuring)),
                parent=_one(props, KG.parentMinistry),
                also_steered_by=_iris(props, KG.alsoSteeredBy),
                part_of=_iris(props, ORG.subOrganizationOf),
                themes=_iris(props, KG.theme),
                replaces=_iris(props, DCTERMS.replaces),
                predecessors=_iris(props, KG.predecessor),
                steers=_iris(props, KG.steers),
                hosted_by=_iris(props, KG.hostedBy),
                provided_by=_iris(props, KG.providedBy),
                mandate=self.mandate(_one(props, KG.mandate)),
                government_anchoring=self.sourced(_one(props, KG.governmentAnchoring)),
                coordination_step=self.sourced(_one(props, KG.coordinationStep)),
                counts={
                    k: int(v)
                    for k, v in (
                        ("work_packages", _lit(props, KG.numberOfWorkPackages)),
                        ("responsible_ministries", _lit(props, KG.numberOfResponsibleMinistries)),
                    )
                    if v
                },
                sources=_iris(props, DCTERMS.source),
                comment={k: v for k, v in _langs(props, RDFS.comment).items()},
            )
        return out

    def memberships(self) -> list[Membership]:
        out = []
        for s, props in self.s.items():
            if str(ORG.Membership) not in self.types[s]:
                continue
            member, organization = _one(props, ORG.member), _one(props, ORG.organization)
            if member is None or organization is None:
                continue
            role, level = _one(props, ORG.role), _one(props, KG.level)
            out.append(
                Membership(
                    iri=s,
                    member=member,
                    organization=organization,
                    role=_local(role) if role else "member",
                    level=_local(level) if level else "unknown",
                    during=self.interval(_one(props, ORG.memberDuring)),
                    sources=_iris(props, DCTERMS.source),
                    comment=_lit(props, RDFS.comment),
                )
            )
        out.sort(key=lambda m: m.iri)
        return out

    def assignments(self) -> list[Assignment]:
        out = []
        for s, props in self.s.items():
            if str(KG.Assignment) not in self.types[s]:
                continue
            count = _lit(props, KG.numberOfAssignees)
            when = _date(_lit(props, DCTERMS.date))
            prec = _one(props, KG.precision)
            out.append(
                Assignment(
                    iri=s,
                    labels={k: v for k, v in _langs(props, RDFS.label).items() if k},
                    issuers=_iris(props, KG.issuedBy),
                    assignees=tuple(
                        dict.fromkeys(_iris(props, KG.assignedTo) + _iris(props, KG.leadAssignee))
                    ),
                    lead=_one(props, KG.leadAssignee),
                    subject={k: v for k, v in _langs(props, KG.subject).items() if k},
                    when=Instant(when, _local(prec) if prec else "day") if when else None,
                    deliverable=_lit(props, KG.deliverable),
                    channel=_lit(props, KG.channel),
                    number_of_assignees=int(count) if count else None,
                    sources=_iris(props, DCTERMS.source),
                )
            )
        out.sort(key=lambda a: a.iri)
        return out

    def events(self) -> list[ChangeEvent]:
        out = []
        for s, props in self.s.items():
            if str(ORG.ChangeEvent) not in self.types[s]:
                continue
            out.append(
                ChangeEvent(
                    iri=s,
                    labels={k: v for k, v in _langs(props, RDFS.label).items() if k},
                    when=_date(_lit(props, DCTERMS.date)),
                    original=_iris(props, ORG.originalOrganization),
                    resulting=_iris(props, ORG.resultingOrganization),
                    sources=_iris(props, DCTERMS.source),
                )
            )
        return out

"""Turn RDF triples into the records of :mod:`kggraph.model.records`.

The input is any iterable of ``(subject, predicate, object)`` in plain Python: IRIs and blank
nodes as ``str`` (blank nodes start with ``_:``), literals as :class:`Lit`. rdflib graphs go
through :func:`from_rdflib`; a faster parser can feed the same function.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from operator import attrgetter
from typing import NamedTuple

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

__all__ = [
    "Index",
    "Lit",
    "MembershipRow",
    "Triple",
    "add_value",
    "extract",
    "extract_index",
    "from_rdflib",
    "objects",
    "row_props",
    "take_memberships",
]


class Lit(NamedTuple):
    """A literal: its lexical form, language tag and datatype IRI."""

    value: str
    lang: str | None = None
    datatype: str | None = None


Term = str | Lit
Triple = tuple[str, str, Term]
Props = dict[str, "Term | list[Term]"]
"""A subject's predicates → their objects: one object as itself, several as a list in the
order given. (Most predicates have one object; a million one-item lists cost time and memory.)"""
Index = dict[str, Props]
MembershipRow = tuple[
    str, str | None, str | None, str | None, str | None, str | None, tuple[str, ...], str | None
]
"""A membership's fields as stated, before its period is read: IRI, member, organization,
role, level, period node, sources and comment (see :func:`take_memberships`)."""


class _Strings:
    """A vocabulary whose terms are plain IRI strings, each looked up once.

    rdflib's namespaces build a new term on every attribute access: fine for a few thousand
    triples, most of the time for a million memberships.
    """

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = str(getattr(self._namespace, name))
        setattr(self, name, value)
        return value


DCTERMS, KG, ORG, RDF, RDFS, SKOS, TIME = (
    _Strings(getattr(namespaces, name))
    for name in ("DCTERMS", "KG", "ORG", "RDF", "RDFS", "SKOS", "TIME")
)
_KG = str(namespaces.KG._NS)
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
    """Build a :class:`Model` from triples (ontology and data together).

    A triple given twice counts once, as in an rdflib graph.
    """
    return extract_index(*_index(triples), files=files)


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


def _index(triples: Iterable[Triple]) -> tuple[Index, int]:
    """Subject → predicate → objects (see :data:`Props`), in the order given, each distinct
    triple once; and the number of distinct triples."""
    subjects: dict[str, Props] = {}
    count = 0
    for s, p, o in triples:
        props = subjects.get(s)
        if props is None:
            props = subjects[s] = {}
        count += add_value(props, p, o)
    return subjects, count


def add_value(props: Props, pred: str, obj: Term) -> bool:
    """Add ``obj`` to the objects of ``pred``; False if it is there already.

    >>> props = {}
    >>> add_value(props, "p", "a"), add_value(props, "p", "b"), add_value(props, "p", "a")
    (True, True, False)
    >>> props
    {'p': ['a', 'b']}
    """
    values = props.get(pred)
    if values is None:
        props[pred] = obj
    elif type(values) is list:
        if obj in values:
            return False
        values.append(obj)
    elif values == obj:
        return False
    else:
        props[pred] = [values, obj]
    return True


def objects(stored: Term | list[Term] | None) -> list[Term] | tuple[Term, ...]:
    """What a :data:`Props` entry holds, as a sequence of objects (none for ``None``).

    >>> objects("a"), objects(["a", "b"]), objects(None)
    (('a',), ['a', 'b'], ())
    """
    if stored is None:
        return ()
    return stored if type(stored) is list else (stored,)


def _iris(props: Props, pred: str) -> tuple[str, ...]:
    values = props.get(pred)
    if type(values) is str:
        return (values,)
    return () if values is None else tuple([o for o in objects(values) if type(o) is str])


def _one(props: Props, pred: str) -> str | None:
    values = props.get(pred)
    return values if type(values) is str else _first_iri(values)


def _first_iri(values: Term | list[Term] | None) -> str | None:
    """The IRI, or the first IRI of several objects; None if there is none."""
    if type(values) is str:
        return values
    for o in values if type(values) is list else ():
        if type(o) is str:
            return o
    return None


_LANG_RANK = {"": 0, "nb": 1, "en": 2}


def _literals(props: Props, pred: str) -> list[Lit]:
    """The literals of ``pred``. Any tuple ``(value, lang, datatype)`` is one: :class:`Lit`
    names the fields, and a parser may hand over plain tuples (see
    :mod:`kggraph.sources.splitparse`).
    """
    values = props.get(pred)
    if values is None or type(values) is str:
        return []
    return [o for o in values if type(o) is not str] if type(values) is list else [values]


def _lit(props: Props, pred: str) -> str | None:
    """The one literal of ``pred``; of several, the one without a language tag, else the
    Norwegian, else the English, else the least: the same whatever order the triples came in.
    """
    values = props.get(pred)
    if values is None or type(values) is str:
        return None
    if type(values) is not list:
        return values[0]
    values = [o for o in values if type(o) is not str]
    if len(values) < 2:
        return values[0][0] if values else None
    return min(values, key=lambda o: (_LANG_RANK.get(o[1] or "", 3), o[0]))[0]


def _langs(props: Props, pred: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for value, lang, _ in _literals(props, pred):
        out.setdefault(lang or "", value)
    return out


def _all_lits(props: Props, pred: str) -> tuple[str, ...]:
    return tuple([o[0] for o in _literals(props, pred)])


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


_SINGLE = (ORG.member, ORG.organization, ORG.role, KG.level, ORG.memberDuring)
_PLAIN_MEMBERSHIP = frozenset((RDF.type, *_SINGLE, DCTERMS.source))


def _membership_row(s: str, props: Props) -> MembershipRow:
    """The fields of the membership ``s``: the first IRI of each single-valued property."""
    member, organization, role, level, during = [
        v if type(v) is str else _first_iri(v) for v in map(props.get, _SINGLE)
    ]
    return (
        s,
        member,
        organization,
        role,
        level,
        during,
        _iris(props, DCTERMS.source),
        _lit(props, RDFS.comment),
    )


def take_memberships(subjects: Index) -> list[MembershipRow]:
    """Take the plain memberships out of ``subjects`` as rows, in subject order.

    A plain membership is typed ``org:Membership`` only and states nothing but one object
    (an IRI or a blank node) for each of member, organization, role, level and period, and
    IRIs as its sources; :func:`row_props` gives its properties back from the row. Half of a
    large file is parsed in another process (:mod:`kggraph.sources.splitparse`), and the memberships
    are most of its subjects: sent as rows they cost less to send and to read, and they are
    read while the other half is parsed. The rows stand for their subjects only if nothing
    else is said of them: the loader checks that (:func:`kggraph.sources.fastparse.index_files`).

    >>> props = {RDF.type: ORG.Membership, ORG.member: "m", ORG.organization: "o"}
    >>> subjects = {"s": props}
    >>> take_memberships(subjects), subjects
    ([('s', 'm', 'o', None, None, None, (), None)], {})
    >>> row_props(_membership_row("s", props)) == props
    True
    """
    rows = []
    rdf_type, membership, source = RDF.type, ORG.Membership, DCTERMS.source
    for s, props in subjects.items():
        if props.get(rdf_type) == membership and props.keys() <= _PLAIN_MEMBERSHIP:
            sources = _plain_sources(props, props.get(source))
            if sources is not None:
                rows.append((s, *map(props.get, _SINGLE), sources, None))
    for row in rows:
        del subjects[row[0]]
    return rows


_STR = {str}


def _plain_sources(props: Props, sources: Term | list[Term] | None) -> tuple[str, ...] | None:
    """The sources of a plain membership, or None if ``props`` are not plain: every object
    is one IRI or blank node, save the sources, which may be several."""
    if type(sources) is not list:
        if set(map(type, props.values())) != _STR:
            return None
        return () if sources is None else (sources,)
    others = [v for p, v in props.items() if p != DCTERMS.source]
    return tuple(sources) if set(map(type, others + sources)) == _STR else None


def row_props(row: MembershipRow) -> Props:
    """The properties of a membership taken as ``row`` by :func:`take_memberships`."""
    _, *single, sources, _ = row
    props: Props = {RDF.type: ORG.Membership}
    props.update((p, v) for p, v in zip(_SINGLE, single, strict=True) if v is not None)
    if sources:
        props[DCTERMS.source] = sources[0] if len(sources) == 1 else list(sources)
    return props


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
                parents[s].update(_iris(props, sub_class_of))
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
            iris = frozenset([c for c in classes if type(c) is str])
            cls = self._most_specific(iris) if self._is_org(iris) else None
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
        prec = _one(p, KG.precision)
        when = _date(_lit(p, TIME.inXSDDate))
        return Instant(
            date=when,
            precision=_local(prec) if prec else ("day" if when else "unknown"),
            not_before=_date(_lit(p, KG.notBefore)),
            not_after=_date(_lit(p, KG.notAfter)),
            text=_lit(p, RDFS.label),
        )

    def _interval(self, node: str | None) -> Interval:
        p = self.props_of(node)
        if p is None:
            return Interval()
        return Interval(
            self.instant[_one(p, TIME.hasBeginning)], self.instant[_one(p, TIME.hasEnd)]
        )

    def sourced(self, node: str | None) -> Sourced | None:
        p = self.props_of(node)
        if p is None:
            return None
        value = _one(p, RDF.value) or _lit(p, RDF.value)
        return Sourced(value, _iris(p, DCTERMS.source)) if value else None

    def mandate(self, node: str | None) -> Mandate | None:
        p = self.props_of(node)
        if p is None:
            return None
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
        for s, props in self.of_type(KG.Citation):
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
        for s, props in self.of_type(SKOS.Concept):
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
        for s, classes in self.types.items():
            cls = self._entity_class(classes)
            if cls is None or s.startswith("_:"):
                continue
            props = self.s[s]
            labels = _langs(props, SKOS.prefLabel) or _langs(props, RDFS.label)
            out[s] = Entity(
                iri=s,
                type=_local(cls),
                notation=_lit(props, SKOS.notation) or _local(s),
                labels={k: v for k, v in labels.items() if k},
                alt_labels=_all_lits(props, SKOS.altLabel) + _all_lits(props, SKOS.hiddenLabel),
                active=self.interval[_one(props, KG.activeDuring)],
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
        """The memberships with a member and an organisation, by IRI: those taken out of the
        index as rows, and those read from it. (The bulk of a large load.)"""
        out = []
        notation = _Memo(lambda concept: _local(concept) if concept else None)
        interval, subjects = self.interval, self.s
        read = [_membership_row(s, subjects[s]) for s in self.typed.get(ORG.Membership, ())]
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
        out.sort(key=attrgetter("iri"))
        return out

    def events(self) -> list[ChangeEvent]:
        out = []
        for s, props in self.of_type(ORG.ChangeEvent):
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

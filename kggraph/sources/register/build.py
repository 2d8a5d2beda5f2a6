"""A register's rows → kggraph's model as RDF triples, every fact citing the row it came from.

Structures come from one file (one row each), seats from another, linked by a column; parts
(subgroups) are named in a column of the seats file. Organisations have no id in most registers:
each gets one made from its normalised name (and whatever else the mapping names, such as the
country), so spellings that differ in more than case, accents and spacing stay apart until a
person merges them (``kggraph dedupe``). Nothing is dropped without a count that says why.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node as Term

from kggraph.model import names
from kggraph.model.names import fold_letters
from kggraph.model.namespaces import (
    DCTERMS,
    KG,
    KGD,
    KGLEVEL,
    KGROLE,
    KGVAL,
    ORG,
    RDF,
    RDFS,
    SKOS,
    TIME,
    XSD,
)
from kggraph.sources.register.mapping import CellSeats, ConceptColumn, Mapping
from kggraph.sources.register.rows import RegisterFile
from kggraph.sources.register.values import DateValue, Spec, ValueProblem

__all__ = ["Imported", "Problem", "build", "local_id", "normalise"]

Triple = tuple[Term, URIRef, Term]
_ID_LENGTH = 60
_ORG_TYPES = ("Ministry", "Agency", "OtherOrganisation")


@dataclass(frozen=True)
class Problem:
    """A cell the mapping cannot read: file, row (as a spreadsheet numbers it), column."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, {self.column}: {self.message}"


@dataclass
class Imported:
    """The triples of a register, what it holds, what was skipped and every problem."""

    triples: list[Triple] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)


def normalise(text: str) -> str:
    """A name folded for comparison: case, accents, punctuation and spacing ignored.

    >>> normalise("Bureau Européen des Unions de Consommateurs  (BEUC)")
    'bureau europeen des unions de consommateurs beuc'
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", names.normalise(text)).split())


def local_id(text: str, *, keep_case: bool = False) -> str:
    """An id made from text: its normalised words joined by '-', a hash added when cut short.

    >>> local_id("BEUC European")
    'beuc-european'
    >>> local_id("E00089", keep_case=True)
    'E00089'
    """
    if keep_case:
        slug = re.sub(r"[^A-Za-z0-9]+", "-", fold_letters(text)).strip("-") or "x"
    else:
        slug = normalise(text).replace(" ", "-") or "x"
    if len(slug) <= _ID_LENGTH:
        return slug
    digest = hashlib.sha1(slug.encode()).hexdigest()[:8]
    return f"{slug[:_ID_LENGTH].rstrip('-')}-{digest}"


def _lang_literal(text: str, lang: str | None) -> Literal:
    return Literal(text, lang=lang or "und")


class _Builder:
    """Turns rows into triples; keeps the ids already made so each node is made once."""

    def __init__(self, mapping: Mapping, structure_classes: set[str], roles: tuple[str, ...]):
        self.mapping = mapping
        self.roles = roles
        self.prefix = mapping.dataset.prefix
        self.structure_classes = structure_classes
        self.out = Imported()
        self.add = self.out.triples.append
        self.made: set[URIRef] = set()
        self.structure_of: dict[str, URIRef] = {}
        self.class_of: dict[URIRef, URIRef] = {}
        self.notation_of: dict[URIRef, str] = {}
        self.parts: dict[tuple[URIRef, str], URIRef] = {}
        self.orgs: dict[str, URIRef] = {}
        self.seats: set[tuple[URIRef, URIRef, str]] = set()
        self.theme_schemes: set[URIRef] = set()
        self.journal: list[tuple[dict | set, object]] = []

    def iri(self, *parts: str) -> URIRef:
        return KGD["-".join((self.prefix, *parts))]

    def first_time(self, node: URIRef) -> bool:
        if node in self.made:
            return False
        self.made.add(node)
        self.journal.append((self.made, node))
        return True

    def remember(self, index: dict | set, key: object, value: object = None) -> None:
        """Add to one of the indexes, noting it so a row with a problem can be undone."""
        if isinstance(index, set):
            index.add(key)
        else:
            index[key] = value
        self.journal.append((index, key))

    def undo(self) -> None:
        """Forget what the current row added to the indexes."""
        for index, key in reversed(self.journal):
            index.discard(key) if isinstance(index, set) else index.pop(key, None)
        self.journal.clear()

    # ------------------------------------------------------------ sources, schemes, dates

    def document(self, file: RegisterFile) -> URIRef:
        doc = self.iri("doc", local_id(file.path.stem))
        if self.first_time(doc):
            self.add((doc, RDF.type, KG.SourceDocument))
            self.add((doc, RDFS.label, Literal(file.name)))
            self.add((doc, KG.fileName, Literal(file.name)))
            if self.mapping.dataset.source:
                self.add((doc, DCTERMS.bibliographicCitation, Literal(self.mapping.dataset.source)))
        return doc

    def citation(self, file: RegisterFile, row: int) -> URIRef:
        cite = self.iri("src", local_id(file.path.stem), str(row))
        self.add((cite, RDF.type, KG.Citation))
        self.add((cite, DCTERMS.isPartOf, self.document(file)))
        self.add((cite, KG.section, Literal(f"row {row}")))
        self.add((cite, RDFS.label, Literal(f"{file.name} row {row}")))
        return cite

    def concept(self, column: ConceptColumn, value: str) -> URIRef:
        scheme = self.iri(local_id(column.scheme))
        if self.first_time(scheme):
            self.add((scheme, RDF.type, SKOS.ConceptScheme))
            self.add((scheme, SKOS.prefLabel, Literal(column.scheme)))
        if column.property == str(KG.theme):
            self.theme_schemes.add(scheme)
        concept = self.iri(local_id(column.scheme), local_id(value))
        if self.first_time(concept):
            self.add((concept, RDF.type, SKOS.Concept))
            self.add((concept, SKOS.inScheme, scheme))
            self.add((concept, SKOS.topConceptOf, scheme))
            self.add((concept, SKOS.notation, Literal(value)))
            self.add((concept, SKOS.prefLabel, _lang_literal(value, column.spec.lang)))
        return concept

    def instant(self, when: DateValue) -> URIRef:
        node = self.iri("t", when.date.isoformat(), when.precision)
        if self.first_time(node):
            self.add((node, RDF.type, TIME.Instant))
            self.add((node, TIME.inXSDDate, Literal(when.date.isoformat(), datatype=XSD.date)))
            self.add((node, KG.precision, KGVAL[when.precision]))
            self.add((node, RDFS.label, Literal(when.text)))
        return node

    # ------------------------------------------------------------ facts

    def labels(self, node: URIRef, specs: tuple[Spec, ...], row: dict[str, str]) -> None:
        """prefLabels in their languages; an undetermined one equal to a known one is left out."""
        seen: set[str] = set()
        for spec in specs:
            text = spec.one(row)
            if text and text not in seen:
                seen.add(text)
                self.add((node, SKOS.prefLabel, _lang_literal(text, spec.lang)))

    def concepts(self, node: URIRef, columns: tuple[ConceptColumn, ...], row: dict) -> None:
        for column in columns:
            for value in column.spec.values(row):
                self.add((node, URIRef(column.property), self.concept(column, value)))

    def organisation(self, key: str, kind: str, name: str, lang: str | None) -> URIRef:
        """The organisation with this normalised key, made on first sight."""
        node = self.orgs.get(key)
        if node is None:
            node = self.iri("o", local_id(key))
            self.remember(self.orgs, key, node)
            self.add((node, RDF.type, KG[kind]))
            self.add((node, SKOS.prefLabel, _lang_literal(name, lang)))
        return node

    def notation(self, node: URIRef, notation: str | None) -> None:
        """The first notation a node is given is its short name; a different later one (another
        row's acronym) is an alternative name."""
        if not notation:
            return
        first = self.notation_of.get(node)
        if first is None:
            self.remember(self.notation_of, node, notation)
            self.add((node, SKOS.notation, Literal(notation)))
        elif first != notation:
            self.add((node, SKOS.altLabel, Literal(notation, lang="und")))

    def seat(
        self, structure: URIRef, org: URIRef, role: str, cite: URIRef, what: str = "rows"
    ) -> None:
        """One membership per structure, organisation and role; a repeat adds its source (and
        is counted, as ``what`` repeat a seat)."""
        digest = hashlib.sha1(f"{structure} {org} {role}".encode()).hexdigest()[:12]
        node = self.iri("m", digest)
        self.add((node, DCTERMS.source, cite))
        if (structure, org, role) in self.seats:
            self.out.skipped[
                f"{what} repeat a seat already imported (their source is added to it)"
            ] += 1
            return
        self.remember(self.seats, (structure, org, role))
        self.add((node, RDF.type, ORG.Membership))
        self.add((node, ORG.member, org))
        self.add((node, ORG.organization, structure))
        self.add((node, ORG.role, KGROLE[role]))
        self.add((node, KG.level, KGLEVEL.unknown))

    # ------------------------------------------------------------ rows

    def structure_class(self, spec: Spec, row: dict[str, str]) -> URIRef:
        kind = spec.one(row) or ""
        if kind not in self.structure_classes:
            known = ", ".join(sorted(self.structure_classes))
            raise ValueProblem(spec.name, f"'{kind}' is not a structure type ({known})")
        return KG[kind]

    def structure_row(self, file: RegisterFile, number: int, row: dict[str, str]) -> None:
        m = self.mapping.structures
        key = m.id.one(row)
        if not key:
            raise ValueProblem(m.id.name, "empty: every structure needs an id")
        node = self.iri(local_id(key, keep_case=True))
        if key in self.structure_of:
            raise ValueProblem(m.id.name, f"'{key}' is the id of an earlier row too")
        cls = self.structure_class(m.type, row)
        start = m.start.date(row) if m.start else None
        end = m.end.date(row) if m.end else None
        cite = self.citation(file, number)
        self.remember(self.structure_of, key, node)
        self.class_of[node] = cls
        self.add((node, RDF.type, cls))
        self.notation(node, (m.notation.one(row) if m.notation else None) or key)
        self.labels(node, m.names, row)
        self.texts(node, row)
        if start or end:
            period = BNode()
            self.add((node, KG.activeDuring, period))
            self.add((period, RDF.type, TIME.Interval))
            if start:
                self.add((period, TIME.hasBeginning, self.instant(start)))
            if end:
                self.add((period, TIME.hasEnd, self.instant(end)))
        self.concepts(node, m.concepts, row)
        for seats in m.seats:
            self.cell_seats(node, seats, row, cite)
        self.add((node, DCTERMS.source, cite))

    def texts(self, node: URIRef, row: dict[str, str]) -> None:
        m = self.mapping.structures
        for spec, prop in ((m.description, DCTERMS.description), (m.comment, RDFS.comment)):
            text = spec.one(row) if spec else None
            if text:
                self.add((node, prop, _lang_literal(text, spec.lang)))
        for alt in m.alt_names.values(row) if m.alt_names else ():
            self.add((node, SKOS.altLabel, _lang_literal(alt, m.alt_names.lang)))
        page = m.homepage.one(row) if m.homepage else None
        if page and re.match(r"^https?://\S+$", page):
            self.add((node, RDFS.seeAlso, URIRef(page)))

    def cell_seats(self, node: URIRef, seats: CellSeats, row: dict, cite: URIRef) -> None:
        for text in seats.spec.values(row):
            found = seats.spec.matched(text)
            notation = found.get("notation")
            name = found.get("name") or notation or text
            org = self.organisation(notation or name, seats.type, name, seats.spec.lang)
            self.notation(org, notation)
            if seats.category:
                column = ConceptColumn(seats.spec, str(KG.category), "Organisation categories")
                self.add((org, KG.category, self.concept(column, seats.category)))
            self.add((org, DCTERMS.source, cite))
            self.seat(node, org, seats.role, cite)

    def part(self, whole: URIRef, name: str, lang: str | None) -> URIRef:
        node = self.parts.get((whole, name))
        if node is None:
            node = URIRef(f"{whole}-{local_id(name)}")
            self.remember(self.parts, (whole, name), node)
            seats = self.mapping.seats
            cls = KG[seats.part_type] if seats and seats.part_type else self.class_of[whole]
            self.add((node, RDF.type, cls))
            self.add((node, SKOS.notation, Literal(f"{self.notation_of[whole]}: {name}")))
            self.add((node, SKOS.prefLabel, _lang_literal(name, lang)))
            self.add((node, ORG.subOrganizationOf, whole))
        return node

    def seat_row(self, file: RegisterFile, number: int, row: dict[str, str]) -> None:
        m = self.mapping.seats
        assert m is not None
        o = m.organisation
        key = m.structure.one(row)
        whole = self.structure_of.get(key or "")
        if whole is None:
            self.out.skipped[f"seat rows name no structure in {self.mapping.structures.file}"] += 1
            return
        name = o.name.one(row)
        if not name:
            self.out.skipped["seat rows have no organisation name"] += 1
            return
        role = m.role.one(row) or ""
        if role not in self.roles:
            raise ValueProblem(m.role.name, f"'{role}' is not a role ({', '.join(self.roles)})")
        kind = o.type.one(row) or "OtherOrganisation"
        if kind not in _ORG_TYPES:
            raise ValueProblem(o.type.name, f"'{kind}' is not one of {', '.join(_ORG_TYPES)}")
        part_name = m.part.one(row) if m.part else None
        cite = self.citation(file, number)
        where = self.part(whole, part_name, m.part.lang) if part_name else whole
        org = self.organisation(normalise(" ".join(o.id.values(row))), kind, name, o.name.lang)
        self.notation(org, o.notation.one(row) if o.notation else None)
        for alt in o.alt_names.values(row) if o.alt_names else ():
            self.add((org, SKOS.altLabel, _lang_literal(alt, o.alt_names.lang)))
        self.concepts(org, o.concepts, row)
        self.add((org, DCTERMS.source, cite))
        self.seat(where, org, role, cite)
        self.part_seats(whole, org, row, cite)

    def part_seats(self, whole: URIRef, org: URIRef, row: dict[str, str], cite: URIRef) -> None:
        """The parts a seat row lists with the organisation's status in each: every part is
        imported, and a status mapped to a role is a seat there (``none``: no seat)."""
        spec = self.mapping.seats.part_status if self.mapping.seats else None
        for name, role in spec.pairs(row) if spec else ():
            if role != "none" and role not in self.roles:
                known = ", ".join(self.roles)
                raise ValueProblem(spec.name, f"'{role}' is not a role ({known}) or none")
            part = self.part(whole, name, spec.lang)
            if role != "none":
                self.seat(part, org, role, cite, f"statuses in {spec.name}")

    def dataset(self, files: list[RegisterFile]) -> None:
        d = self.mapping.dataset
        node = self.iri("dataset")
        self.add((node, RDF.type, KG.Dataset))
        if d.name:
            self.add((node, RDFS.label, _lang_literal(d.name.one({}) or d.prefix, d.name.lang)))
        if d.snapshot:
            self.add((node, KG.snapshotDate, Literal(d.snapshot.isoformat(), datatype=XSD.date)))
        for scheme in sorted(self.theme_schemes):
            self.add((node, KG.themeScheme, scheme))
        self.add((node, KG.agenciesNeedParent, Literal(d.agencies_need_parent)))
        for file in files:
            self.add((node, DCTERMS.source, self.document(file)))


def _rows(builder: _Builder, file: RegisterFile, handle) -> None:
    """Each row through ``handle``; a row with a problem is recorded and its triples dropped."""
    out = builder.out
    for number, row in enumerate(file.rows, start=2):
        mark = len(out.triples)
        builder.journal.clear()
        try:
            handle(file, number, row)
        except ValueProblem as problem:
            del out.triples[mark:]
            builder.undo()
            out.problems.append(Problem(file.name, number, problem.column, problem.message))


def build(
    mapping: Mapping,
    structures: RegisterFile,
    seats: RegisterFile | None,
    structure_classes: set[str],
    roles: tuple[str, ...],
) -> Imported:
    """The register's triples (see the module's docstring) with counts, skips and problems."""
    builder = _Builder(mapping, structure_classes, roles)
    _rows(builder, structures, builder.structure_row)
    files = [structures]
    if seats is not None:
        _rows(builder, seats, builder.seat_row)
        files.append(seats)
    builder.dataset(files)
    counts = builder.out.counts
    counts["rows"] = sum(len(f.rows) for f in files)
    counts["structures"], counts["parts"] = len(builder.structure_of), len(builder.parts)
    counts["organisations"], counts["seats"] = len(builder.orgs), len(builder.seats)
    return builder.out

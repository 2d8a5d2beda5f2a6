"""Cell syntaxes: how one spreadsheet cell reads into RDF terms and is written back.

Each syntax has a *domain* (the graph terms a column of that syntax stands for), ``read``
(cell → values) and ``write`` (values → cell). A value is an rdflib term, or a :class:`Node`:
the description of a small node of its own (an instant, a mandate date) as (predicate, object)
pairs. Export keeps a column only when ``read(write(values)) == values``, so a table never says
less than the graph; whatever a column cannot say goes to the ``triples`` sheet.

>>> from kggraph.sources.tables.names import Names
>>> names = Names.empty()
>>> node = INSTANT.read("2021-02 (month) «februar 2021»", names)[0]
>>> INSTANT.write([node], names)
'2021-02 (month) «februar 2021»'
>>> INSTANT.write(INSTANT.read("unknown ≤ 2024-06-14", names), names)
'unknown ≤ 2024-06-14'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node as Term

from kggraph.model.names import normalise
from kggraph.model.namespaces import DCTERMS, KG, KGVAL, RDF, RDFS, TIME, XSD

if TYPE_CHECKING:
    from kggraph.sources.tables.names import Names

__all__ = [
    "CellError",
    "Cell",
    "Node",
    "Value",
    "Syntax",
    "Text",
    "LangText",
    "LangTexts",
    "Integer",
    "DateLiteral",
    "Refs",
    "SourcedRefs",
    "InstantSyntax",
    "InlineDate",
    "INSTANT",
    "SEPARATOR",
    "DATE_SYNTAX",
    "split_list",
]

Cell = str | date | int | float | None
SEPARATOR = "; "
DATE_SYNTAX = (
    "2021-02-14 (a date cell in a workbook) | 2021-02 (month) | 2022 (year) | "
    "2022-09-01 (season) | 2021-06-01 (approximate) — a coarse date is the first day of its "
    "period | unknown ≤ 2024-06-14 | unknown ≥ 2021-08-01 | 2023-05-11 ≤ unknown ≤ 2024-06-13 "
    "(ukjent, <= and >= also work); then optionally the source's words «februar 2021» "
    "(Norwegian; «…»@en for English; « » inside words are kept), for a date no source states "
    "but one implies (inferred from src-002-3.1.1-mission), and, for an instant shared by "
    "several rows, its id [t-Klima-start]"
)
_LANG_SUFFIX = re.compile(r"^(?P<text>.*?)\s*@(?P<lang>[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]+)*)$", re.S)


class CellError(ValueError):
    """A cell that does not read: the message says what is wrong and what would be right."""


@dataclass(frozen=True)
class Node:
    """A node described inside one cell: its (predicate, object) pairs, and its id if named.

    ``iri`` is None for a blank node (made afresh on import); a named node (``[t-start]`` in
    the cell) keeps its IRI so that many rows can share it.
    """

    pairs: frozenset[tuple[URIRef, Term]]
    iri: URIRef | None = None

    def ordered(self) -> list[tuple[URIRef, Term]]:
        """The pairs in a stable order: the type first, then by property."""
        return sorted(self.pairs, key=lambda po: (po[0] != RDF.type, str(po[0]), str(po[1])))


Value = Term | Node


def split_list(text: str) -> list[str]:
    """The items of a list cell (separated by ';'), stripped, empties dropped."""
    return [part.strip() for part in text.split(";") if part.strip()]


def cell_text(cell: Cell) -> str:
    """A cell as text: dates in ISO 8601, whole floats without '.0', None as ''."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


@dataclass(frozen=True)
class Syntax:
    """The base: one value per cell, the cell's text is the value."""

    name: str = "text"
    doc: str = ""
    example: str = ""
    multi: bool = False
    covers: tuple[URIRef, ...] = ()

    def accepts(self, term: Term) -> bool:
        """Whether a graph term belongs to a column of this syntax."""
        raise NotImplementedError

    def read(self, cell: Cell, names: Names) -> list[Value]:
        """The values a cell stands for (none for an empty cell); CellError if it does not read."""
        text = cell_text(cell)
        if not text:
            return []
        items = split_list(text) if self.multi else [text]
        values, errors = [], []
        for item in items:
            try:
                values.append(self.read_one(item, names))
            except CellError as err:
                errors.append(str(err))
        if errors:
            raise CellError("; ".join(errors))
        return values

    def read_one(self, text: str, names: Names) -> Value:
        """One item of a cell."""
        raise NotImplementedError

    def write(self, values: Sequence[Value], names: Names) -> Cell:
        """The cell for ``values`` (None when there are none)."""
        if not values:
            return None
        texts = sorted(self.write_one(v, names) for v in values)
        if not self.multi and len(texts) > 1:
            raise CellError("more than one value")
        return SEPARATOR.join(texts)

    def write_one(self, value: Value, names: Names) -> str:
        """One item of a cell."""
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Syntax):
    """Text as it is (line breaks included); with ``lang`` the text is in that language (a
    column per language: ``name`` is Norwegian, ``name (en)`` English)."""

    name: str = "text"
    doc: str = "text as it is"
    lang: str | None = None

    def accepts(self, term: Term) -> bool:
        if not isinstance(term, Literal) or term.language != self.lang:
            return False
        return self.lang is not None or term.datatype is None

    def read(self, cell: Cell, names: Names) -> list[Value]:
        text = cell_text(cell)
        return [Literal(text, lang=self.lang)] if text else []

    def write_one(self, value: Value, names: Names) -> str:
        return str(value)


def LangText(lang: str = "nb") -> Text:  # noqa: N802 - reads like the other syntaxes
    """Text in one language (Norwegian unless told)."""
    return Text(
        doc="Norwegian text" if lang == "nb" else "English text" if lang == "en" else lang,
        lang=lang,
    )


@dataclass(frozen=True)
class LangTexts(Syntax):
    """A list of names; each is Norwegian unless it ends in ``@en`` (or another language tag)."""

    name: str = "names"
    doc: str = "names separated by ';', each Norwegian unless it ends in @en (or @se, …)"
    example: str = "Justisdepartementet; Ministry of Justice@en"
    multi: bool = True
    default: str = "nb"

    def accepts(self, term: Term) -> bool:
        return isinstance(term, Literal) and bool(term.language)

    def read_one(self, text: str, names: Names) -> Value:
        m = _LANG_SUFFIX.match(text)
        if m and m["text"]:
            return Literal(m["text"], lang=m["lang"].lower())
        return Literal(text, lang=self.default)

    def write_one(self, value: Value, names: Names) -> str:
        assert isinstance(value, Literal)
        if ";" in value or _LANG_SUFFIX.match(str(value)):
            raise CellError("a name with ';' or '@' cannot stand in a list")
        return str(value) if value.language == self.default else f"{value}@{value.language}"


@dataclass(frozen=True)
class Integer(Syntax):
    """A whole number (xsd:integer)."""

    name: str = "number"
    doc: str = "a whole number"

    def accepts(self, term: Term) -> bool:
        return isinstance(term, Literal) and term.datatype == XSD.integer

    def read_one(self, text: str, names: Names) -> Value:
        if not re.fullmatch(r"[+-]?\d+(\.0*)?", text):
            raise CellError(f"'{text}' is not a whole number")
        return Literal(str(int(float(text))), datatype=XSD.integer)

    def write(self, values: Sequence[Value], names: Names) -> Cell:
        if len(values) != 1 or str(values[0]) != str(int(str(values[0]))):
            return super().write(values, names)
        return int(str(values[0]))

    def write_one(self, value: Value, names: Names) -> str:
        return str(value)


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CellError(f"'{text}' is not a date (YYYY-MM-DD, e.g. 2024-06-14)") from None


def _date_literal(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


@dataclass(frozen=True)
class DateLiteral(Syntax):
    """A plain date (xsd:date), e.g. when a document was issued."""

    name: str = "date"
    doc: str = "a date, YYYY-MM-DD (a date cell in a workbook)"
    example: str = "2024-06-14"

    def accepts(self, term: Term) -> bool:
        return isinstance(term, Literal) and term.datatype == XSD.date

    def read_one(self, text: str, names: Names) -> Value:
        return _date_literal(_parse_day(text))

    def write(self, values: Sequence[Value], names: Names) -> Cell:
        if len(values) == 1:
            try:
                return date.fromisoformat(str(values[0]))
            except ValueError:
                raise CellError("not an ISO date") from None
        return super().write(values, names)

    def write_one(self, value: Value, names: Names) -> str:
        return str(value)


@dataclass(frozen=True)
class Refs(Syntax):
    """References: organisations and structures by abbreviation or name (the one resolver),
    concepts by notation or label, citations by id, or any IRI written ``kgd:…``/``<…>``."""

    name: str = "names"
    kind: str = "entity"  # entity | citation | document | concept scheme IRI | class family
    doc: str = "abbreviations or names, separated by ';'"
    multi: bool = True

    def accepts(self, term: Term) -> bool:
        return isinstance(term, URIRef)

    def read_one(self, text: str, names: Names) -> Value:
        return names.lookup(self.kind, text)

    def write_one(self, value: Value, names: Names) -> str:
        assert isinstance(value, URIRef)
        return names.name_of(self.kind, value)


_SOURCED = re.compile(r"^(?P<value>[^\[\]]+?)\s*\[(?P<sources>[^\[\]]*)\]$")


@dataclass(frozen=True)
class SourcedRefs(Syntax):
    """Values each with its own sources, one ``kg:QualifiedValue`` node per item, where two
    sources disagree: ``secretary-general [src-004-v4-kubu]; director-general
    [src-002-3.1.2-levels]`` (citation ids inside […], separated by ',')."""

    name: str = "sourced values"
    kind: str = "level"
    doc: str = (
        "where the sources disagree: each value with its sources in [...], items separated by "
        "';', e.g. secretary-general [src-004-v4-kubu]; director-general [src-002-3.1.2-levels]"
    )
    multi: bool = True
    covers: tuple[URIRef, ...] = (RDF.type, RDF.value, DCTERMS.source)

    def accepts(self, term: Term) -> bool:
        return isinstance(term, BNode)

    def read_one(self, text: str, names: Names) -> Value:
        m = _SOURCED.match(text)
        if not m:
            raise CellError(
                f"'{text}': write a value and its sources, e.g. secretary-general [src-004-v4-kubu]"
            )
        sources = [s.strip() for s in m["sources"].split(",") if s.strip()]
        if not sources:
            raise CellError(f"'{text}': the value needs its source in [...]")
        pairs = [(RDF.type, KG.QualifiedValue), (RDF.value, names.lookup(self.kind, m["value"]))]
        pairs += [(DCTERMS.source, names.lookup("citation", s)) for s in sources]
        return Node(frozenset(pairs))

    def write_one(self, value: Value, names: Names) -> str:
        assert isinstance(value, Node)
        found: dict[URIRef, list[Term]] = {}
        for p, o in value.pairs:
            found.setdefault(p, []).append(o)
        values, sources = found.get(RDF.value, []), found.get(DCTERMS.source, [])
        plain = found.get(RDF.type) == [KG.QualifiedValue] and len(values) == 1 and sources
        if value.iri is not None or not plain or not isinstance(values[0], URIRef):
            raise CellError("not a value with its sources")
        cited = ", ".join(sorted(names.name_of("citation", s) for s in sources))
        return f"{names.name_of(self.kind, values[0])} [{cited}]"


# ---------------------------------------------------------------- dates with precision and bounds

PRECISIONS = {
    "day": ("day", "dag"),
    "month": ("month", "måned", "maned"),
    "season": ("season", "årstid", "arstid"),
    "year": ("year", "år", "ar"),
    "approximate": ("approximate", "omtrentlig", "ca"),
}
_PRECISION_WORDS = {normalise(w): key for key, words in PRECISIONS.items() for w in words}
UNKNOWN_WORDS = ("unknown", "ukjent")
_LANG_TAG = re.compile(r"@(?P<lang>[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]+)*)")
_ID = re.compile(r"\[(?P<id>[^\]\s]+)\]\s*$")
_INFERRED = re.compile(r"\((?:inferred from|utledet av)\s+(?P<sources>[^()]+)\)\s*$")
_HEAD = re.compile(r"^(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:\s*\((?P<prec>[^)]*)\))?$")
_LE = "≤"
_GE = "≥"


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"«": 1, "»": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _split_words(text: str) -> tuple[str, tuple[Literal, ...]]:
    """The date part of a cell and its words: «…» groups (nested « » kept), each Norwegian
    unless followed by @en (or another tag)."""
    start = text.find("«")
    if start < 0:
        return text.strip(), ()
    head, rest, words = text[:start].strip(), text[start:], []
    while rest:
        if not rest.startswith("«"):
            raise CellError(f"'{rest}': after the date, only words in «…» and an [id]")
        depth, end = 0, -1
        for i, ch in enumerate(rest):
            depth += {"«": 1, "»": -1}.get(ch, 0)
            if depth == 0:
                end = i
                break
        if end < 0:
            raise CellError(f"'{rest}': a « without its »")
        inner, rest = rest[1:end], rest[end + 1 :]
        tag = _LANG_TAG.match(rest)
        lang = tag["lang"].lower() if tag else "nb"
        rest = rest[tag.end() :].strip() if tag else rest.strip()
        words.append(Literal(inner, lang=lang))
    return head, tuple(words)


def _precision(text: str | None, written: str) -> str:
    if text is None:
        return {4: "year", 7: "month"}.get(len(written), "day")
    key = _PRECISION_WORDS.get(normalise(text))
    if key is None:
        raise CellError(f"unknown precision '{text}' (use {', '.join(PRECISIONS)})")
    return key


def _first_day(written: str) -> date:
    parts = written.split("-")
    try:
        return (
            date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, 1)
            if len(parts) < 3
            else date.fromisoformat(written)
        )
    except ValueError:
        raise CellError(f"'{written}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None


def _bounds(text: str) -> tuple[date | None, date | None]:
    """``unknown ≤ B``, ``unknown ≥ A``, ``A ≤ unknown ≤ B`` (also <=, >=, 'ukjent')."""
    flat = text.replace("<=", _LE).replace(">=", _GE)
    for word in UNKNOWN_WORDS:
        flat = re.sub(word, "?", flat, flags=re.I)
    flat = " ".join(flat.split())
    patterns = [
        (r"^\?$", None),
        (rf"^\? {_LE} (\S+)$", "B"),
        (rf"^\? {_GE} (\S+)$", "A"),
        (rf"^(\S+) {_LE} \?$", "A"),
        (rf"^(\S+) {_LE} \? {_LE} (\S+)$", "AB"),
    ]
    for pattern, kind in patterns:
        m = re.match(pattern, flat)
        if not m:
            continue
        if kind is None:
            return None, None
        days = [_parse_day(g) for g in m.groups()]
        if kind == "A":
            return days[0], None
        if kind == "B":
            return None, days[0]
        return days[0], days[1]
    raise CellError(
        f"'{text}' is not a date: write e.g. 2021-02-14, 2021-02 (month), 2022 (year), "
        f"unknown ≤ 2024-06-14 or 2023-05-11 ≤ unknown ≤ 2024-06-13"
    )


@dataclass(frozen=True)
class _When:
    """A date as a cell says it: known (date + precision) or unknown (bounds), with words."""

    day: date | None = None
    precision: str | None = None
    not_before: date | None = None
    not_after: date | None = None
    words: tuple[Literal, ...] = ()
    iri: str | None = None
    inferred: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> _When:
        iri = None
        m = _ID.search(text)
        if m:
            iri, text = m["id"], text[: m.start()].strip()
        inferred: tuple[str, ...] = ()
        m = _INFERRED.search(text)
        if m:
            inferred = tuple(s.strip() for s in m["sources"].split(",") if s.strip())
            text = text[: m.start()].strip()
        head, words = _split_words(text)
        if not head and iri:
            return cls(iri=iri, words=words, inferred=inferred)
        m = _HEAD.match(head)
        if m:
            return cls(
                day=_first_day(m["date"]),
                precision=_precision(m["prec"], m["date"]),
                words=words,
                iri=iri,
                inferred=inferred,
            )
        before, after = _bounds(head)
        if before is None and after is None:
            raise CellError(f"'{text}': an unknown date needs a bound, e.g. unknown ≤ 2024-06-14")
        return cls(not_before=before, not_after=after, words=words, iri=iri, inferred=inferred)

    def head(self) -> str:
        if self.day is not None:
            if self.precision == "month" and self.day.day == 1:
                shown = self.day.isoformat()[:7]
            elif self.precision == "year" and (self.day.month, self.day.day) == (1, 1):
                shown = str(self.day.year)
            else:
                shown = self.day.isoformat()
            return f"{shown} ({self.precision})"
        a = self.not_before.isoformat() if self.not_before else None
        b = self.not_after.isoformat() if self.not_after else None
        if a and b:
            return f"{a} {_LE} unknown {_LE} {b}"
        return f"unknown {_LE} {b}" if b else f"unknown {_GE} {a}"

    def text(self) -> str:
        parts = [self.head()]
        for w in sorted(self.words, key=lambda w: (w.language != "nb", w.language or "", str(w))):
            if not _balanced(str(w)):
                raise CellError("words with unbalanced « » cannot be written")
            parts.append(f"«{w}»" if w.language == "nb" else f"«{w}»@{w.language}")
        if self.inferred:
            parts.append(f"(inferred from {', '.join(self.inferred)})")
        if self.iri:
            parts.append(f"[{self.iri}]")
        return " ".join(parts)


@dataclass(frozen=True)
class InstantSyntax(Syntax):
    """A point in time (a ``time:Instant`` node): a date with its precision, or the bounds of an
    unknown date, then optionally the source's own words «…» and a shared instant's id [id]."""

    name: str = "date"
    doc: str = "a date: 2021-02-14, 2021-02 (month), unknown ≤ 2024-06-14, … (see Cells)"
    example: str = "2021-02 (month) «februar 2021»"
    covers: tuple[URIRef, ...] = (
        RDF.type,
        TIME.inXSDDate,
        KG.precision,
        KG.notBefore,
        KG.notAfter,
        RDFS.label,
        KG.inferredFrom,
    )
    node_class: URIRef = TIME.Instant
    date_predicate: URIRef = TIME.inXSDDate
    words_predicate: URIRef | None = RDFS.label

    def accepts(self, term: Term) -> bool:
        return isinstance(term, BNode | URIRef)

    def read_one(self, text: str, names: Names) -> Value:
        when = _When.parse(text)
        iri = names.instant(when.iri) if when.iri else None
        if iri is not None and when.day is None and when.not_after is None and not when.not_before:
            return Node(frozenset(), iri)  # a reference to an instant described elsewhere
        inferred = [(KG.inferredFrom, names.lookup("citation", s)) for s in when.inferred]
        return Node(frozenset(self._pairs(when) + inferred), iri)

    def read(self, cell: Cell, names: Names) -> list[Value]:
        if isinstance(cell, datetime | date):
            day = cell.date() if isinstance(cell, datetime) else cell
            return [Node(frozenset(self._pairs(_When(day=day, precision="day"))))]
        return super().read(cell, names)

    def _pairs(self, when: _When) -> list[tuple[URIRef, Term]]:
        pairs: list[tuple[URIRef, Term]] = []
        if self.node_class is not None:
            pairs.append((RDF.type, self.node_class))
        if when.day is not None:
            pairs.append((self.date_predicate, _date_literal(when.day)))
            pairs.append((KG.precision, KGVAL[when.precision or "day"]))
        if when.not_before is not None:
            pairs.append((KG.notBefore, _date_literal(when.not_before)))
        if when.not_after is not None:
            pairs.append((KG.notAfter, _date_literal(when.not_after)))
        if when.words:
            if self.words_predicate is None:
                raise CellError("this date takes no words «…»")
            pairs.extend((self.words_predicate, w) for w in when.words)
        return pairs

    def describe(self, node: Node) -> _When:
        """The cell form of a node; CellError when the node says more than a cell can."""
        found: dict[URIRef, list[Term]] = {}
        for p, o in node.pairs:
            found.setdefault(p, []).append(o)
        day = _one_date(found.get(self.date_predicate, []))
        prec = found.get(KG.precision, [])
        precision = _local(prec[0]) if len(prec) == 1 else None
        if prec and (precision not in PRECISIONS or len(prec) > 1):
            raise CellError("unknown precision")
        words = tuple(found.get(self.words_predicate, [])) if self.words_predicate else ()
        if any(not isinstance(w, Literal) or not w.language for w in words):
            raise CellError("words without a language")
        return _When(
            day=day,
            precision=precision,
            not_before=_one_date(found.get(KG.notBefore, [])),
            not_after=_one_date(found.get(KG.notAfter, [])),
            words=words,
            inferred=tuple(str(i) for i in found.get(KG.inferredFrom, [])),
        )

    def write_one(self, value: Value, names: Names) -> str:
        assert isinstance(value, Node)
        when = self.describe(value)
        cited = tuple(sorted(names.name_of("citation", URIRef(i)) for i in when.inferred))
        when = _When(**{**when.__dict__, "inferred": cited})
        if value.iri is not None:
            when = _When(**{**when.__dict__, "iri": names.instant_name(value.iri)})
        return when.text()

    def write(self, values: Sequence[Value], names: Names) -> Cell:
        if len(values) == 1 and isinstance(values[0], Node) and values[0].iri is None:
            when = self.describe(values[0])
            plain = not when.words and not when.inferred
            if when.precision == "day" and plain and when.day is not None:
                return when.day
        return super().write(values, names)


def _one_date(terms: list[Term]) -> date | None:
    if not terms:
        return None
    if len(terms) > 1 or not isinstance(terms[0], Literal) or terms[0].datatype != XSD.date:
        raise CellError("not one xsd:date")
    return date.fromisoformat(str(terms[0]))


def _local(iri: Term) -> str:
    return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass(frozen=True)
class InlineDate(InstantSyntax):
    """A date said on the row's own node (``dcterms:date`` + ``kg:precision``), e.g. of a
    mandate or an assignment: the same cell syntax as other dates, without ids."""

    covers: tuple[URIRef, ...] = (DCTERMS.date, KG.precision)
    node_class: URIRef | None = None
    date_predicate: URIRef = DCTERMS.date
    words_predicate: URIRef | None = None
    doc: str = "2024-04-01 | 2024-04 (month) | 2024 (year): the date syntax, without bounds"

    def read_one(self, text: str, names: Names) -> Value:
        when = _When.parse(text)
        if when.iri:
            raise CellError("this date takes no id […]")
        if when.day is None:
            raise CellError(f"'{text}': this date cannot be unknown; leave the cell empty")
        return Node(frozenset(self._pairs(when)))


@dataclass(frozen=True)
class InlineDateWords(InlineDate):
    """A mandate's date: like :class:`InlineDate`, with the source's words in ``rdfs:label``."""

    covers: tuple[URIRef, ...] = (DCTERMS.date, KG.precision, RDFS.label)
    words_predicate: URIRef | None = RDFS.label
    doc: str = "2021-10 (month) «helt i starten av arbeidet»: a date, then the source's words"


INSTANT = InstantSyntax()

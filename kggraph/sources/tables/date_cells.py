"""Date cells: plain dates, and instants with their precision, bounds and the source's words.

A plain date (:class:`DateLiteral`) is one ``xsd:date``. An instant (:class:`InstantSyntax`, and
:class:`InlineDate` for a date said on the row's own node) keeps what the graph knows about a
point in time in one cell: a date with its precision, or the bounds of an unknown date, then
optionally the source's own words «…», the sources it is inferred from, and a shared id [id].
The cell syntaxes these build on are in :mod:`kggraph.sources.tables.cells`.

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
from kggraph.sources.tables.cells import Cell, CellError, Node, Syntax, Value

if TYPE_CHECKING:
    from kggraph.sources.tables.names import Names

__all__ = [
    "DateLiteral",
    "InstantSyntax",
    "InlineDate",
    "InlineDateWords",
    "INSTANT",
    "DATE_SYNTAX",
]

DATE_SYNTAX = (
    "2021-02-14 (a date cell in a workbook) | 2021-02 (month) | 2022 (year) | "
    "2022-09-01 (season) | 2021-06-01 (approximate) — a coarse date is the first day of its "
    "period | unknown ≤ 2024-06-14 | unknown ≥ 2021-08-01 | 2023-05-11 ≤ unknown ≤ 2024-06-13 "
    "(ukjent, <= and >= also work); then optionally the source's words «februar 2021» "
    "(Norwegian; «…»@en for English; « » inside words are kept), for a date no source states "
    "but one implies (inferred from src-002-3.1.1-mission), and, for an instant shared by "
    "several rows, its id [t-Klima-start]"
)


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

"""Cell syntaxes: how one spreadsheet cell reads into RDF terms and is written back.

Each syntax has a *domain* (the graph terms a column of that syntax stands for), ``read``
(cell → values) and ``write`` (values → cell). A value is an rdflib term, or a :class:`Node`:
the description of a small node of its own (an instant, a mandate date) as (predicate, object)
pairs. Export keeps a column only when ``read(write(values)) == values``, so a table never says
less than the graph; whatever a column cannot say goes to the ``triples`` sheet. This module
holds the values and the text, number and reference syntaxes; date cells are in
:mod:`kggraph.sources.tables.date_cells`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node as Term

from kggraph.model.namespaces import DCTERMS, KG, RDF, XSD

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
    "Refs",
    "SourcedRefs",
    "SEPARATOR",
    "split_list",
]

Cell = str | date | int | float | None
SEPARATOR = "; "
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
    exclude: tuple[str, ...] = ()  # languages another column holds

    def accepts(self, term: Term) -> bool:
        return (
            isinstance(term, Literal) and bool(term.language) and term.language not in self.exclude
        )

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

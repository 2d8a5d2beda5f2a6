"""A table's columns: headers, cell syntax and place in the graph, and the column groups several
sheets share (ids, names, periods, sources, comments, sourced judgements, former names, staff).

A column is a property path from the row's node: ``via`` walks through small nodes of their
own (an interval, a mandate, a sourced judgement) that the import makes as blank nodes, and
``pred`` is the property whose values the cell holds (None when the cell's syntax says several
properties of the node itself, as a mandate's date does).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kggraph.model.names import normalise
from kggraph.model.namespaces import DCTERMS, KG, RDF, RDFS, SKOS, TIME
from kggraph.sources.tables.cells import (
    Integer,
    LangText,
    LangTexts,
    Refs,
    Syntax,
    Text,
)
from kggraph.sources.tables.date_cells import INSTANT

__all__ = [
    "Column",
    "Sheet",
    "Via",
    "MANDATE",
    "bilingual_columns",
    "comment_columns",
    "former_name_columns",
    "id_column",
    "judgement_columns",
    "name_columns",
    "period_columns",
    "refs",
    "source_column",
    "source_refs",
    "staff_columns",
]

Via = tuple[tuple[URIRef, URIRef], ...]


@dataclass(frozen=True)
class Column:
    """One column: its key, headers, cell syntax and property path."""

    key: str
    en: str
    nb: str
    syntax: Syntax
    pred: URIRef | None = None
    via: Via = ()
    required: bool = False
    doc: str = ""
    aliases: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # required, unless one of these columns is filled

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header this column is recognised by (English, Norwegian, aliases)."""
        return (self.en, self.nb, self.key, *self.aliases)


@dataclass(frozen=True)
class Sheet:
    """One table: a row is one node of ``classes`` (the type column picks one, or the fixed
    class is implied); ``mint`` names the rule that makes an id when the id cell is empty."""

    key: str
    en: str
    nb: str
    columns: tuple[Column, ...]
    doc: str
    fixed_class: URIRef | None = None
    mint: str = ""
    aliases: tuple[str, ...] = ()
    derived: tuple[str, ...] = field(default=())

    def column(self, key: str) -> Column:
        """The column with ``key``."""
        return next(c for c in self.columns if c.key == key)

    def column_for_header(self, header: str) -> Column | None:
        """The column a header names (case, accents and punctuation ignored), or None."""
        want = normalise(header)
        for c in self.columns:
            if want in {normalise(h) for h in c.headers}:
                return c
        return None


def id_column() -> Column:
    return Column(
        "id",
        "id",
        "id",
        Refs(
            name="id",
            kind="id",
            multi=False,
            doc="the node's id: KD → kgd:KD; _:x for a blank node",
        ),
        doc="made from the abbreviation/short name when empty",
        aliases=("iri",),
    )


def bilingual_columns(
    key: str, english: str, norwegian: str, predicate: URIRef
) -> tuple[Column, Column]:
    """A free-text column in Norwegian and its English twin, both for ``predicate``.

    >>> [c.key for c in bilingual_columns("comment", "comment", "kommentar", RDFS.comment)]
    ['comment', 'comment_en']
    """
    return (
        Column(key, english, norwegian, LangText(), predicate),
        Column(
            f"{key}_en",
            f"{english} (en)",
            f"{norwegian} (engelsk)",
            LangText(lang="en"),
            predicate,
        ),
    )


def comment_columns() -> tuple[Column, ...]:
    return bilingual_columns("comment", "comment", "kommentar", RDFS.comment)


def name_columns(*, required: bool = True) -> tuple[Column, ...]:
    return (
        Column(
            "name",
            "name",
            "navn",
            LangText(),
            SKOS.prefLabel,
            required=required,
            unless=("name_en", "name_other"),
        ),
        Column("name_en", "name (en)", "navn (engelsk)", LangText(lang="en"), SKOS.prefLabel),
        Column(
            "name_other",
            "name (other languages)",
            "navn (andre språk)",
            LangTexts(
                default="und",
                doc="names in other languages, each ending in its tag (@fr, @de; @und when "
                "the language is not known)",
                example="Groupe d'experts@fr",
                exclude=("nb", "en"),
            ),
            SKOS.prefLabel,
        ),
        Column(
            "altnames",
            "altnames",
            "alternative navn",
            LangTexts(),
            SKOS.altLabel,
            aliases=("alternative names", "other names", "andre navn"),
        ),
    )


def refs(doc: str = "abbreviations or names, separated by ';'", *, multi: bool = True) -> Refs:
    return Refs(kind="entity", multi=multi, doc=doc)


def source_refs() -> Refs:
    return Refs(kind="citation", doc="citation ids (see sheet citations), separated by ';'")


def period_columns(interval: URIRef) -> tuple[Column, ...]:
    via: Via = ((interval, TIME.Interval),)
    return (
        Column("start", "start", "start", INSTANT, TIME.hasBeginning, via, aliases=("fra", "from")),
        Column("end", "end", "slutt", INSTANT, TIME.hasEnd, via, aliases=("til", "to")),
        Column(
            "period_note",
            "period note",
            "merknad om perioden",
            LangTexts(doc="how the sources word the period; Norwegian unless it ends in @en"),
            RDFS.label,
            via,
        ),
        Column(
            "period_source",
            "period source",
            "kilde for perioden",
            source_refs(),
            DCTERMS.source,
            via,
        ),
    )


def source_column(required: bool = False) -> Column:
    return Column(
        "source",
        "source",
        "kilde",
        source_refs(),
        DCTERMS.source,
        required=required,
        aliases=("sources", "kilder"),
    )


def judgement_columns(key: str, en: str, nb: str, kind: str, pred: URIRef) -> tuple[Column, ...]:
    via: Via = ((pred, KG.QualifiedValue),)
    return (
        Column(
            key,
            en,
            nb,
            Refs(kind=kind, multi=False, doc=f"a {kind} (notation or label)"),
            RDF.value,
            via,
        ),
        Column(
            f"{key}_source", f"{en} source", f"kilde for {nb}", source_refs(), DCTERMS.source, via
        ),
        Column(
            f"{key}_comment", f"{en} comment", f"kommentar til {nb}", LangText(), RDFS.comment, via
        ),
    )


MANDATE: Via = ((KG.mandate, KG.Mandate),)
_FORMER: Via = ((KG.formerName, KG.DatedName),)
_STAFF: Via = ((KG.staffCount, KG.QualifiedValue),)


def former_name_columns() -> tuple[Column, ...]:
    """An organisation's earlier name (OED until 2023-12-31): every answer about a date in
    its period shows it."""
    period: Via = (*_FORMER, (KG.validDuring, TIME.Interval))
    return (
        Column(
            "former_abbreviation",
            "former abbreviation",
            "tidligere forkortelse",
            Text(),
            SKOS.notation,
            _FORMER,
        ),
        Column("former_name", "former name", "tidligere navn", LangText(), SKOS.prefLabel, _FORMER),
        Column(
            "former_name_en",
            "former name (en)",
            "tidligere navn (engelsk)",
            LangText(lang="en"),
            SKOS.prefLabel,
            _FORMER,
        ),
        Column(
            "former_name_until",
            "former name until",
            "tidligere navn til",
            INSTANT,
            TIME.hasEnd,
            period,
        ),
        Column(
            "former_name_comment",
            "former name comment",
            "kommentar til tidligere navn",
            LangText(),
            RDFS.comment,
            _FORMER,
        ),
        Column(
            "former_name_source",
            "former name source",
            "kilde for tidligere navn",
            source_refs(),
            DCTERMS.source,
            _FORMER,
        ),
    )


def staff_columns() -> tuple[Column, ...]:
    """How many persons do a secretariat's work, from when, and the source."""
    period: Via = (*_STAFF, (KG.validDuring, TIME.Interval))
    return (
        Column("staff", "staff", "antall personer", Integer(), RDF.value, _STAFF),
        Column(
            "staff_from", "staff from", "antall personer fra", INSTANT, TIME.hasBeginning, period
        ),
        Column(
            "staff_source",
            "staff source",
            "kilde for antall personer",
            source_refs(),
            DCTERMS.source,
            _STAFF,
        ),
        Column(
            "staff_comment",
            "staff comment",
            "kommentar til antall personer",
            LangText(),
            RDFS.comment,
            _STAFF,
        ),
    )

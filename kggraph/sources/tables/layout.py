"""The table layout: sheets, their columns, English and Norwegian headers, and each column's
place in the graph. Import, export, ``kggraph import --help`` and the README all read this one
definition.

A column is a property path from the row's node: ``via`` walks through small nodes of their
own (an interval, a mandate, a sourced judgement) that the import makes as blank nodes, and
``pred`` is the property whose values the cell holds (None when the cell's syntax says several
properties of the node itself, as a mandate's date does). Column ``lead`` of ``structures`` is
the one derived column: it is read from the memberships on export, and on import makes a lead
membership when the memberships sheet has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kggraph.model.names import normalise
from kggraph.model.namespaces import DCTERMS, KG, ORG, RDF, RDFS, SKOS, TIME
from kggraph.sources.tables.cells import (
    DATE_SYNTAX,
    INSTANT,
    DateLiteral,
    InlineDate,
    InlineDateWords,
    Integer,
    LangText,
    LangTexts,
    Refs,
    SourcedRefs,
    Syntax,
    Text,
)

__all__ = [
    "Column",
    "Sheet",
    "SHEETS",
    "TRIPLES",
    "CELL_SYNTAX",
    "column_help",
    "help_text",
    "layout_markdown",
    "sheet_named",
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


def _id() -> Column:
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


def _comments() -> tuple[Column, ...]:
    return (
        Column("comment", "comment", "kommentar", LangText(), RDFS.comment),
        Column(
            "comment_en", "comment (en)", "kommentar (engelsk)", LangText(lang="en"), RDFS.comment
        ),
    )


def _names(*, required: bool = True) -> tuple[Column, ...]:
    return (
        Column("name", "name", "navn", LangText(), SKOS.prefLabel, required=required),
        Column("name_en", "name (en)", "navn (engelsk)", LangText(lang="en"), SKOS.prefLabel),
        Column(
            "altnames",
            "altnames",
            "alternative navn",
            LangTexts(),
            SKOS.altLabel,
            aliases=("alternative names", "other names", "andre navn"),
        ),
    )


def _refs(doc: str = "abbreviations or names, separated by ';'", *, multi: bool = True) -> Refs:
    return Refs(kind="entity", multi=multi, doc=doc)


def _sources() -> Refs:
    return Refs(kind="citation", doc="citation ids (see sheet citations), separated by ';'")


def _period(interval: URIRef) -> tuple[Column, ...]:
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
            "period_source", "period source", "kilde for perioden", _sources(), DCTERMS.source, via
        ),
    )


def _source(required: bool = False) -> Column:
    return Column(
        "source",
        "source",
        "kilde",
        _sources(),
        DCTERMS.source,
        required=required,
        aliases=("sources", "kilder"),
    )


def _judgement(key: str, en: str, nb: str, kind: str, pred: URIRef) -> tuple[Column, ...]:
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
        Column(f"{key}_source", f"{en} source", f"kilde for {nb}", _sources(), DCTERMS.source, via),
        Column(
            f"{key}_comment", f"{en} comment", f"kommentar til {nb}", LangText(), RDFS.comment, via
        ),
    )


_MANDATE: Via = ((KG.mandate, KG.Mandate),)
_FORMER: Via = ((KG.formerName, KG.DatedName),)
_STAFF: Via = ((KG.staffCount, KG.QualifiedValue),)


def _former_name() -> tuple[Column, ...]:
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
            _sources(),
            DCTERMS.source,
            _FORMER,
        ),
    )


def _staff() -> tuple[Column, ...]:
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
            _sources(),
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


ORGANISATIONS = Sheet(
    "organisations",
    "organisations",
    "organisasjoner",
    (
        _id(),
        Column(
            "type",
            "type",
            "type",
            Refs(
                kind="organisation-type",
                multi=False,
                doc="Ministry, Agency or OtherOrganisation (or departement, …)",
            ),
            RDF.type,
            required=True,
        ),
        Column("abbreviation", "abbreviation", "forkortelse", Text(), SKOS.notation, required=True),
        *_names(),
        Column(
            "parent",
            "parent",
            "overordnet departement",
            _refs("the parent ministry (an agency's steering line)", multi=False),
            KG.parentMinistry,
            aliases=("parent ministry",),
        ),
        Column("also_steered_by", "also steered by", "også styrt av", _refs(), KG.alsoSteeredBy),
        *_period(KG.activeDuring),
        Column(
            "changed_by",
            "changed by",
            "endret ved",
            Refs(kind="id", doc="event ids"),
            ORG.changedBy,
        ),
        Column(
            "resulted_from",
            "resulted from",
            "oppstått ved",
            Refs(kind="id", doc="event ids"),
            ORG.resultedFrom,
        ),
        *_former_name(),
        *_comments(),
        Column("note", "editorial note", "redaksjonell merknad", LangText(), SKOS.editorialNote),
        Column(
            "note_en",
            "editorial note (en)",
            "redaksjonell merknad (engelsk)",
            LangText(lang="en"),
            SKOS.editorialNote,
        ),
        _source(),
    ),
    "Ministries, agencies and other organisations.",
    mint="abbreviation",
    aliases=("organizations", "organisasjon"),
)

STRUCTURES = Sheet(
    "structures",
    "structures",
    "strukturer",
    (
        _id(),
        Column(
            "type",
            "type",
            "type",
            Refs(
                kind="structure-type",
                multi=False,
                doc="CoreGroup, Secretariat, WorkingGroup, … (or kjernegruppe, …)",
            ),
            RDF.type,
            required=True,
        ),
        Column(
            "short_name",
            "short name",
            "kortnavn",
            Text(),
            SKOS.notation,
            required=True,
            aliases=("abbreviation",),
        ),
        *_names(),
        Column("part_of", "part of", "del av", _refs(), ORG.subOrganizationOf),
        Column(
            "lead",
            "lead",
            "leder",
            _refs(
                "the lead (a membership with role lead is made if the memberships sheet has none)"
            ),
            doc="derived from memberships",
        ),
        *_period(KG.activeDuring),
        Column(
            "mandate",
            "mandate",
            "mandat",
            Refs(kind="value", multi=False, doc="yes, no or unknown"),
            KG.mandateStatus,
            _MANDATE,
        ),
        Column("mandate_date", "mandate date", "mandatdato", InlineDateWords(), None, _MANDATE),
        Column(
            "mandate_source",
            "mandate source",
            "kilde for mandat",
            _sources(),
            DCTERMS.source,
            _MANDATE,
        ),
        Column(
            "mandate_comment",
            "mandate comment",
            "kommentar til mandat",
            LangText(),
            RDFS.comment,
            _MANDATE,
        ),
        *_judgement(
            "government_anchoring",
            "government anchoring",
            "regjeringsforankring",
            "value",
            KG.governmentAnchoring,
        ),
        *_judgement(
            "coordination_step",
            "coordination step",
            "samordningstrinn",
            "step",
            KG.coordinationStep,
        ),
        Column(
            "themes",
            "themes",
            "temaer",
            Refs(kind="theme", doc="themes of the theme scheme, by name, separated by ';'"),
            KG.theme,
            aliases=("theme", "tema"),
        ),
        Column("replaces", "replaces", "erstatter", _refs(), DCTERMS.replaces),
        Column(
            "continues",
            "continues",
            "bygger videre på",
            _refs(),
            KG.predecessor,
            aliases=("predecessor",),
        ),
        Column("steers", "steers", "styrer", _refs(), KG.steers),
        Column("hosted_by", "hosted by", "plassert i", _refs(), KG.hostedBy),
        Column("provided_by", "provided by", "tilbys av", _refs(), KG.providedBy),
        Column(
            "work_packages",
            "work packages",
            "antall arbeidspakker",
            Integer(),
            KG.numberOfWorkPackages,
        ),
        Column(
            "responsible_ministries",
            "responsible ministries",
            "antall ansvarlige departementer",
            Integer(),
            KG.numberOfResponsibleMinistries,
        ),
        *_staff(),
        *_comments(),
        _source(),
    ),
    "Core groups and every other structure (secretariats, working groups, programmes, …).",
    mint="short_name",
    derived=("lead",),
)

MEMBERSHIPS = Sheet(
    "memberships",
    "memberships",
    "medlemskap",
    (
        _id(),
        Column(
            "structure",
            "structure",
            "struktur",
            _refs("the structure (short name or name)", multi=False),
            ORG.organization,
            required=True,
        ),
        Column(
            "member",
            "member",
            "medlem",
            _refs("the member (abbreviation or name)", multi=False),
            ORG.member,
            required=True,
        ),
        Column(
            "role",
            "role",
            "rolle",
            Refs(
                kind="role",
                multi=False,
                doc="lead, member, observer, chair, secretariat-lead, … (or leder, medlem, …)",
            ),
            ORG.role,
            required=True,
        ),
        Column(
            "level",
            "level",
            "nivå",
            Refs(
                kind="level",
                multi=False,
                doc="secretary-general, director-general, … ; empty means unknown",
            ),
            KG.level,
        ),
        *_period(ORG.memberDuring),
        Column(
            "level_claims",
            "level per source",
            "nivå per kilde",
            SourcedRefs(),
            KG.levelClaim,
            doc="where the sources disagree on the level (level disputed): each source's level "
            "with its citation, e.g. secretary-general [src-004-v4-kubu]; director-general "
            "[src-002-3.1.2-levels]",
        ),
        Column(
            "contradicted_by",
            "contradicted by",
            "motsies av",
            _sources(),
            KG.contradictedBy,
            doc="citations that say otherwise (e.g. a list that leaves this member out)",
        ),
        *_comments(),
        _source(required=True),
    ),
    "Who takes part in which structure, in which role, at which level, when.",
    fixed_class=ORG.Membership,
    mint="membership",
    aliases=("members", "medlemmer", "deltakelse"),
)

ASSIGNMENTS = Sheet(
    "assignments",
    "assignments",
    "oppdrag",
    (
        _id(),
        Column("name", "name", "navn", LangText(), RDFS.label),
        Column("name_en", "name (en)", "navn (engelsk)", LangText(lang="en"), RDFS.label),
        Column(
            "issuers",
            "issuers",
            "utstedere",
            _refs(),
            KG.issuedBy,
            required=True,
            aliases=("issued by", "gitt av"),
        ),
        Column(
            "assignees",
            "assignees",
            "mottakere",
            _refs(),
            KG.assignedTo,
            required=True,
            aliases=("assigned to", "gitt til"),
        ),
        Column(
            "lead",
            "lead",
            "ledende mottaker",
            _refs(multi=False),
            KG.leadAssignee,
            aliases=("lead assignee",),
        ),
        Column("subject", "subject", "tema", LangText(), KG.subject),
        Column("date", "date", "dato", InlineDate(), None),
        Column("deliverable", "deliverable", "leveranse", LangText(), KG.deliverable),
        Column("channel", "channel", "kanal", LangText(), KG.channel),
        Column(
            "assignee_count",
            "number of assignees",
            "antall mottakere",
            Integer(),
            KG.numberOfAssignees,
        ),
        *_comments(),
        _source(required=True),
    ),
    "Tasks given by ministries or a structure to agencies.",
    fixed_class=KG.Assignment,
    mint="name",
)

ASSESSMENTS = Sheet(
    "assessments",
    "assessments",
    "vurderinger",
    (
        _id(),
        *(
            Column(key, en, nb, Refs(kind=kind, multi=False, doc=doc), pred, required=True)
            for key, en, nb, kind, doc, pred in (
                ("about", "about", "gjelder", "entity", "the structure judged", KG.about),
                (
                    "guideline",
                    "guideline point",
                    "retningslinje",
                    "guideline",
                    "4.2, 7.3, 1, …",
                    KG.guideline,
                ),
                (
                    "verdict",
                    "verdict",
                    "konklusjon",
                    "value",
                    "yes, no or partly (met?)",
                    KG.verdict,
                ),
            )
        ),
        Column(
            "quote",
            "quote",
            "sitat",
            LangText(),
            KG.quote,
            required=True,
            doc="the evaluators' words, verbatim",
        ),
        *_period(KG.validDuring)[:2],
        *_comments(),
        _source(required=True),
    ),
    "The evaluators' own judgements of a structure against a guideline point, in their words.",
    fixed_class=KG.Assessment,
    mint="assessment",
    aliases=("judgements", "vurdering"),
)

CITATIONS = Sheet(
    "citations",
    "citations",
    "kildehenvisninger",
    (
        _id(),
        Column(
            "document",
            "document",
            "dokument",
            Refs(kind="document", multi=False, doc="the document's label (002) or id (doc-002)"),
            DCTERMS.isPartOf,
        ),
        Column("section", "section", "avsnitt", Text(), KG.section),
        Column("quote", "quote", "sitat", LangText(), KG.quote, doc="the sentence, verbatim"),
        Column(
            "label", "label", "kortform", Text(), RDFS.label, doc="the short form, e.g. 002 §3.1.2"
        ),
        *_comments(),
    ),
    "Places in the source documents, with the sentence quoted; other sheets cite them by id.",
    fixed_class=KG.Citation,
    mint="citation",
    aliases=("sources", "kilder"),
)

DOCUMENTS = Sheet(
    "documents",
    "documents",
    "dokumenter",
    (
        _id(),
        Column("label", "label", "kortform", Text(), RDFS.label, required=True),
        Column("file_name", "file name", "filnavn", Text(), KG.fileName),
        Column("title", "title", "tittel", LangText(), DCTERMS.title),
        Column(
            "alternative", "alternative title", "alternativ tittel", LangText(), DCTERMS.alternative
        ),
        Column(
            "citation",
            "bibliographic citation",
            "bibliografisk henvisning",
            Text(),
            DCTERMS.bibliographicCitation,
        ),
        Column("description", "description", "beskrivelse", LangText(), DCTERMS.description),
        Column(
            "description_en",
            "description (en)",
            "beskrivelse (engelsk)",
            LangText(lang="en"),
            DCTERMS.description,
        ),
        Column("language", "language", "språk", Text(), DCTERMS.language),
        Column("publisher", "publisher", "utgiver", _refs(multi=False), DCTERMS.publisher),
        Column("issued", "issued", "utgitt", DateLiteral(), DCTERMS.issued),
        Column("modified", "modified", "endret", DateLiteral(), DCTERMS.modified),
        *_comments(),
    ),
    "The source documents.",
    fixed_class=KG.SourceDocument,
    mint="document",
)

EVENTS = Sheet(
    "events",
    "events",
    "hendelser",
    (
        _id(),
        Column("name", "name", "navn", LangText(), RDFS.label),
        Column("name_en", "name (en)", "navn (engelsk)", LangText(lang="en"), RDFS.label),
        Column("date", "date", "dato", DateLiteral(), DCTERMS.date),
        Column("original", "original", "opprinnelige", _refs(), ORG.originalOrganization),
        Column("resulting", "resulting", "resulterende", _refs(), ORG.resultingOrganization),
        *_comments(),
        _source(),
    ),
    "Reorganisations: original organisations become resulting ones on a date.",
    fixed_class=ORG.ChangeEvent,
    mint="name",
    aliases=("changes", "endringer"),
)

TRIPLES = Sheet(
    "triples",
    "triples",
    "tripler",
    (
        Column(
            "subject",
            "subject",
            "subjekt",
            Text(),
            doc="an id, or a path to a node: DFD / kg:activeDuring",
        ),
        Column("predicate", "predicate", "predikat", Text(), doc="prefix:name or <IRI>"),
        Column(
            "object",
            "object",
            "objekt",
            Text(),
            doc="an id, prefix:name, <IRI> or a path (for a node)",
        ),
        Column("value", "value", "verdi", Text(), doc="the text of a literal (for a value)"),
        Column("language", "language", "språk", Text()),
        Column("datatype", "datatype", "datatype", Text(), doc="e.g. xsd:date"),
    ),
    "Every fact no other sheet has a column for, one per row.",
    aliases=("extra", "andre"),
)

SHEETS: tuple[Sheet, ...] = (
    ORGANISATIONS,
    STRUCTURES,
    MEMBERSHIPS,
    ASSIGNMENTS,
    ASSESSMENTS,
    CITATIONS,
    DOCUMENTS,
    EVENTS,
    TRIPLES,
)


def sheet_named(name: str) -> Sheet | None:
    """The sheet a sheet or file name stands for (English, Norwegian, aliases), or None."""
    want = normalise(name)
    for sheet in SHEETS:
        if want in {normalise(n) for n in (sheet.key, sheet.en, sheet.nb, *sheet.aliases)}:
            return sheet
    return None


def column_help(sheet: Sheet) -> str:
    """One line per column: headers and what the cell holds."""
    lines = []
    for c in sheet.columns:
        req = " (required)" if c.required else ""
        what = c.doc or c.syntax.doc
        lines.append(f"{c.en} / {c.nb}{req}: {what}")
    return "\n".join(lines)


def layout_markdown() -> str:
    """The layout as Markdown: a table per sheet, then the cell syntax (for the README)."""
    out = []
    for sheet in SHEETS:
        out.append(f"#### `{sheet.en}` / `{sheet.nb}`\n\n{sheet.doc}\n")
        out.append("| column | norsk | cell |\n| --- | --- | --- |")
        for c in sheet.columns:
            req = " **(required)**" if c.required else ""
            what = (c.doc or c.syntax.doc).replace("|", "\\|")
            out.append(f"| {c.en} | {c.nb} | {what}{req} |")
        out.append("")
    out.append("#### Cells\n")
    out.extend(f"- **{name}**: {text}" for name, text in CELL_SYNTAX)
    return "\n".join(out) + "\n"


CELL_SYNTAX = (
    ("lists", "several values in one cell are separated by ';' (names, sources, themes)"),
    ("names", "organisations and structures by abbreviation, short name, any name or variant"),
    (
        "languages",
        "text is Norwegian; name (en), comment (en) are English; in a list of names "
        "a name ending in @en is English",
    ),
    (
        "ids",
        "KD stands for kgd:KD; kgd:…, <https://…> and _:x (a blank node) also work; "
        "an empty id is made from the abbreviation/short name",
    ),
    ("sources", "citation ids from the citations sheet (e.g. src-002-3.1-start)"),
    ("dates", DATE_SYNTAX),
    (
        "themes",
        "names from the theme scheme (e.g. klima, psykisk helse); unknown ones are "
        "reported with the closest",
    ),
)


def help_text(width: int = 78) -> str:
    """The layout for ``kggraph import --help``: click keeps blocks after a '\\b' line as they
    are, so the text is wrapped here."""
    import textwrap

    def wrap(text: str, indent: str) -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ")

    lines = [
        "\b",
        "Tables (a CSV file named after the table, or a sheet of a workbook; English",
        "or Norwegian names and headers; * = required):",
    ]
    for sheet in SHEETS:
        cols = ", ".join(c.en + ("*" if c.required else "") for c in sheet.columns)
        lines += wrap(f"{sheet.en} ({sheet.nb}): {cols}", "  ")
    lines += ["", "\b", "Cells:"]
    for name, text in CELL_SYNTAX:
        lines += wrap(f"{name}: {text}", "  ")
    return "\n".join(lines)

"""The table layout: sheets, their columns, English and Norwegian headers, and each column's
place in the graph (:mod:`~kggraph.sources.tables.columns`). Import, export, ``kggraph import
--help`` and the README (:mod:`~kggraph.sources.tables.layout_help`) all read this one
definition. The entity sheets (organisations, structures, memberships) are declared in
:mod:`~kggraph.sources.tables.entity_sheets`; this module declares the others and lists them all.

Column ``lead`` of ``structures`` is the one derived column: it is read from the memberships on
export, and on import makes a lead membership when the memberships sheet has none.
"""

from __future__ import annotations

from kggraph.model.names import normalise
from kggraph.model.namespaces import DCTERMS, KG, ORG, RDFS
from kggraph.sources.tables.cells import (
    Integer,
    LangText,
    Refs,
    Text,
)
from kggraph.sources.tables.columns import (
    Column,
    Sheet,
    bilingual_columns,
    comment_columns,
    id_column,
    period_columns,
    refs,
    source_column,
)
from kggraph.sources.tables.date_cells import DateLiteral, InlineDate
from kggraph.sources.tables.entity_sheets import MEMBERSHIPS, ORGANISATIONS, STRUCTURES

__all__ = ["Column", "Sheet", "SHEETS", "TRIPLES", "sheet_named"]

ASSIGNMENTS = Sheet(
    "assignments",
    "assignments",
    "oppdrag",
    (
        id_column(),
        Column("name", "name", "navn", LangText(), RDFS.label),
        Column("name_en", "name (en)", "navn (engelsk)", LangText(lang="en"), RDFS.label),
        Column(
            "issuers",
            "issuers",
            "utstedere",
            refs(),
            KG.issuedBy,
            required=True,
            aliases=("issued by", "gitt av"),
        ),
        Column(
            "assignees",
            "assignees",
            "mottakere",
            refs(),
            KG.assignedTo,
            required=True,
            aliases=("assigned to", "gitt til"),
        ),
        Column(
            "lead",
            "lead",
            "ledende mottaker",
            refs(multi=False),
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
        *comment_columns(),
        source_column(required=True),
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
        id_column(),
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
        *period_columns(KG.validDuring)[:2],
        *comment_columns(),
        source_column(required=True),
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
        id_column(),
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
        *comment_columns(),
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
        id_column(),
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
        *bilingual_columns("description", "description", "beskrivelse", DCTERMS.description),
        Column("language", "language", "språk", Text(), DCTERMS.language),
        Column("publisher", "publisher", "utgiver", refs(multi=False), DCTERMS.publisher),
        Column("issued", "issued", "utgitt", DateLiteral(), DCTERMS.issued),
        Column("modified", "modified", "endret", DateLiteral(), DCTERMS.modified),
        *comment_columns(),
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
        id_column(),
        Column("name", "name", "navn", LangText(), RDFS.label),
        Column("name_en", "name (en)", "navn (engelsk)", LangText(lang="en"), RDFS.label),
        Column("date", "date", "dato", DateLiteral(), DCTERMS.date),
        Column("original", "original", "opprinnelige", refs(), ORG.originalOrganization),
        Column("resulting", "resulting", "resulterende", refs(), ORG.resultingOrganization),
        *comment_columns(),
        source_column(),
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

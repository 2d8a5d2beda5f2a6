"""The table layout: sheets, their columns, English and Norwegian headers, and each column's
place in the graph (:mod:`~kggraph.sources.tables.columns`). Import, export, ``kggraph import
--help`` and the README (:mod:`~kggraph.sources.tables.layout_help`) all read this one
definition.

Column ``lead`` of ``structures`` is the one derived column: it is read from the memberships on
export, and on import makes a lead membership when the memberships sheet has none.
"""

from __future__ import annotations

from kggraph.model.names import normalise
from kggraph.model.namespaces import DCTERMS, KG, ORG, RDF, RDFS, SKOS
from kggraph.sources.tables.cells import (
    Integer,
    LangText,
    Refs,
    SourcedRefs,
    Text,
)
from kggraph.sources.tables.columns import (
    MANDATE,
    Column,
    Sheet,
    comment_columns,
    former_name_columns,
    id_column,
    judgement_columns,
    name_columns,
    period_columns,
    refs,
    source_column,
    source_refs,
    staff_columns,
)
from kggraph.sources.tables.date_cells import DateLiteral, InlineDate, InlineDateWords

__all__ = ["Column", "Sheet", "SHEETS", "TRIPLES", "sheet_named"]

ORGANISATIONS = Sheet(
    "organisations",
    "organisations",
    "organisasjoner",
    (
        id_column(),
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
        *name_columns(),
        Column(
            "parent",
            "parent",
            "overordnet departement",
            refs("the parent ministry (an agency's steering line)", multi=False),
            KG.parentMinistry,
            aliases=("parent ministry",),
        ),
        Column("also_steered_by", "also steered by", "også styrt av", refs(), KG.alsoSteeredBy),
        *period_columns(KG.activeDuring),
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
        *former_name_columns(),
        *comment_columns(),
        Column("note", "editorial note", "redaksjonell merknad", LangText(), SKOS.editorialNote),
        Column(
            "note_en",
            "editorial note (en)",
            "redaksjonell merknad (engelsk)",
            LangText(lang="en"),
            SKOS.editorialNote,
        ),
        source_column(),
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
        id_column(),
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
        *name_columns(),
        Column("part_of", "part of", "del av", refs(), ORG.subOrganizationOf),
        Column(
            "lead",
            "lead",
            "leder",
            refs(
                "the lead (a membership with role lead is made if the memberships sheet has none)"
            ),
            doc="derived from memberships",
        ),
        *period_columns(KG.activeDuring),
        Column(
            "mandate",
            "mandate",
            "mandat",
            Refs(kind="value", multi=False, doc="yes, no or unknown"),
            KG.mandateStatus,
            MANDATE,
        ),
        Column("mandate_date", "mandate date", "mandatdato", InlineDateWords(), None, MANDATE),
        Column(
            "mandate_source",
            "mandate source",
            "kilde for mandat",
            source_refs(),
            DCTERMS.source,
            MANDATE,
        ),
        Column(
            "mandate_comment",
            "mandate comment",
            "kommentar til mandat",
            LangText(),
            RDFS.comment,
            MANDATE,
        ),
        *judgement_columns(
            "government_anchoring",
            "government anchoring",
            "regjeringsforankring",
            "value",
            KG.governmentAnchoring,
        ),
        *judgement_columns(
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
        Column("replaces", "replaces", "erstatter", refs(), DCTERMS.replaces),
        Column(
            "continues",
            "continues",
            "bygger videre på",
            refs(),
            KG.predecessor,
            aliases=("predecessor",),
        ),
        Column("steers", "steers", "styrer", refs(), KG.steers),
        Column("hosted_by", "hosted by", "plassert i", refs(), KG.hostedBy),
        Column("provided_by", "provided by", "tilbys av", refs(), KG.providedBy),
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
        *staff_columns(),
        *comment_columns(),
        source_column(),
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
        id_column(),
        Column(
            "structure",
            "structure",
            "struktur",
            refs("the structure (short name or name)", multi=False),
            ORG.organization,
            required=True,
        ),
        Column(
            "member",
            "member",
            "medlem",
            refs("the member (abbreviation or name)", multi=False),
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
        *period_columns(ORG.memberDuring),
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
            source_refs(),
            KG.contradictedBy,
            doc="citations that say otherwise (e.g. a list that leaves this member out)",
        ),
        *comment_columns(),
        source_column(required=True),
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
        Column("description", "description", "beskrivelse", LangText(), DCTERMS.description),
        Column(
            "description_en",
            "description (en)",
            "beskrivelse (engelsk)",
            LangText(lang="en"),
            DCTERMS.description,
        ),
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

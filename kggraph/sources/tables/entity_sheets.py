"""The entity sheets of the table layout: ``organisations``, ``structures`` and ``memberships``.

These are the sheets of who takes part where: the ministries and agencies, the core groups and
other structures with their mandates and periods, and each membership with its role and level.
The other sheets and the list of all sheets are in :mod:`~kggraph.sources.tables.layout`.
"""

from __future__ import annotations

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
    bilingual_columns,
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
from kggraph.sources.tables.date_cells import InlineDateWords

__all__ = ["ORGANISATIONS", "STRUCTURES", "MEMBERSHIPS"]

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
        *bilingual_columns("note", "editorial note", "redaksjonell merknad", SKOS.editorialNote),
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

"""The one-page HTML report: what is active on a date, who sits where, overlaps, findings.

The page holds the structures active on the date, the ministry × core-group participation
matrix coloured by level, the overlap between core groups, every finding with the guideline's
own words and its sources, and the interactive graph (the same panel as ``kggraph viz``).
Like the graph page it is self-contained and escapes every text from the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from kggraph.analyses.clusters import Clustering, ClusterSeats, cluster_seats, cluster_view
from kggraph.analyses.findings import Finding
from kggraph.analyses.report import ReportContent
from kggraph.analyses.seats import GroupPair, Participation, Seat
from kggraph.model.namespaces import KGLEVEL, KGROLE
from kggraph.model.ranks import LEVEL_ORDER
from kggraph.model.records import Membership, Model
from kggraph.render.html.graph_html import GraphPage, build_page
from kggraph.render.html.overview import OverviewPage
from kggraph.render.html.style import LEVEL_COLOURS
from kggraph.render.html.templating import render_template
from kggraph.render.overlap_rows import pair_rows

__all__ = [
    "FULL_FINDINGS",
    "MATRIX_COLUMNS",
    "TOP_PAIRS",
    "MatrixCell",
    "cluster_matrix",
    "level_matrix",
    "render_report_html",
]

_DARK_LEVELS = {"secretary-general", "director-general"}
_WORDS = {
    "nb": {
        "report": "Rapport",
        "structures": "Strukturer aktive",
        "matrix": "Departementenes deltakelse i kjernegruppene",
        "overlap": "Overlapp mellom kjernegrupper",
        "findings": "Funn",
        "graph": "Grafen",
        "structure": "Struktur",
        "name": "Navn",
        "type": "Type",
        "part_of": "Del av",
        "lead": "Leder",
        "members": "Deltakere",
        "start": "Start",
        "end": "Slutt",
        "sources": "Kilder",
        "ministry": "Departement",
        "shared": "Felles deltakere",
        "count": "Antall",
        "evidence": "Grunnlag",
        "guideline": "Retningslinjen",
        "none": "Ingen",
        "levels": "Nivå (farge)",
        "star": "* bare i en del av gruppen (sekretariatet, en undergruppe)",
        "jaccard": "Jaccard",
        "coefficient": "Overlappkoeffisient",
        "error": "feil",
        "warning": "advarsel",
        "info": "merknad",
        "assessment": "kildenes vurdering",
        "data": "Data",
        "changed": "Hva er endret siden",
        "when": "Når",
        "change": "Endring",
        "groups": "grupper",
        "by_cluster": (
            "%d kjernegrupper er for mange kolonner: hver kolonne er en klynge av grupper (som i "
            "grafen), og en celle teller departementets grupper der, farget etter høyeste nivå."
        ),
        "top_pairs": "De %d sterkeste av %d par (flest felles deltakere først; --top).",
        "rest": (
            "De %d mest alvorlige funnene står over i sin helhet; de %d andre er én linje "
            "hver (hele teksten: kggraph check)."
        ),
        "message": "Melding",
        "severity": "Alvor",
        "rule": "Regel",
        "top_groups": "De %d kjernegruppene med flest departementer, en kolonne hver:",
        "filter": "Filtrer …",
        "see_rule": "Retningslinjen for regelen står over.",
    },
    "en": {
        "report": "Report",
        "structures": "Structures active",
        "matrix": "The ministries' participation in the core groups",
        "overlap": "Overlap between core groups",
        "findings": "Findings",
        "graph": "The graph",
        "structure": "Structure",
        "name": "Name",
        "type": "Type",
        "part_of": "Part of",
        "lead": "Lead",
        "members": "Members",
        "start": "Start",
        "end": "End",
        "sources": "Sources",
        "ministry": "Ministry",
        "shared": "Shared members",
        "count": "Count",
        "evidence": "Evidence",
        "guideline": "The guideline",
        "none": "None",
        "levels": "Level (colour)",
        "star": "* only in a part of the group (its secretariat, a sub-group)",
        "jaccard": "Jaccard",
        "coefficient": "Overlap coefficient",
        "error": "error",
        "warning": "warning",
        "info": "note",
        "assessment": "the sources' assessment",
        "data": "Data",
        "changed": "What changed since",
        "when": "When",
        "change": "Change",
        "groups": "groups",
        "by_cluster": (
            "%d core groups are too many columns: each column is a cluster of groups (as in the "
            "graph), and a cell counts the ministry's groups there, coloured by its highest level."
        ),
        "top_pairs": "The %d strongest of %d pairs (most shared members first; --top).",
        "rest": (
            "The %d most severe findings are above in full; the %d others are one line each "
            "(the whole text: kggraph check)."
        ),
        "message": "Message",
        "severity": "Severity",
        "rule": "Rule",
        "top_groups": "The %d core groups with most ministries, a column each:",
        "filter": "Filter …",
        "see_rule": "The rule's guideline is quoted above.",
    },
}
#: Up to this many core groups the matrix has a column per group; above, one per cluster.
MATRIX_COLUMNS = 40
#: How many of the strongest overlapping pairs the report lists by default.
TOP_PAIRS = 50
#: Up to this many findings are shown in full (evidence, guideline); the rest, one line each.
FULL_FINDINGS = 300
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_LINE_CHARS = 140


@dataclass(frozen=True)
class MatrixCell:
    """One ministry in one core group: its seat's role and level, and every membership."""

    role_label: str
    level: str
    level_label: str
    seats: tuple[str, ...]

    @property
    def colour(self) -> str:
        """Background colour by level (darker = higher)."""
        return LEVEL_COLOURS.get(self.level, LEVEL_COLOURS["unknown"])

    @property
    def dark(self) -> bool:
        """Whether the background needs white text."""
        return self.level in _DARK_LEVELS


def _seat_text(model: Model, m: Membership, lang: str) -> str:
    part = model.entities[m.organization].notation
    role = model.concept_label(m.role, str(KGROLE), lang)
    level = model.level_label(m, lang)
    return f"{part}: {role}, {level} ({'; '.join(model.source_labels(m.sources))})"


def _cell(model: Model, seat: Seat, lang: str) -> MatrixCell:
    """The cell of one ministry in one core group: the seat's role (``*`` when held only in a
    part), its level (the main membership's), and every membership, the main one first."""
    return MatrixCell(
        role_label=model.concept_label(seat.main.role, str(KGROLE), lang)
        + ("" if seat.direct else "*"),
        level=seat.level,
        level_label=model.level_label(seat.main, lang),
        seats=tuple(_seat_text(model, m, lang) for m in seat.memberships),
    )


def level_matrix(
    model: Model, participation: Participation, lang: str = "nb"
) -> tuple[list[dict], list[dict]]:
    """Ministries × core groups: each ministry's seat in the group or its parts, from
    :func:`kggraph.analyses.seats.participation` (the seats ``kggraph overlap --matrix`` shows).

    Returns ``(columns, rows)``: columns are the core groups (``id``, ``notation``, ``label``);
    each row is a ministry, by notation, with one :class:`MatrixCell` or ``None`` per column. A
    role marked ``*`` is held only in a part of the group (its secretariat, a sub-group).
    """
    groups = [model.entities[g] for g in participation.groups]
    columns = [{"id": g.iri, "notation": g.notation, "label": g.label(lang)} for g in groups]
    ministries = sorted(participation.seats, key=lambda m: model.entities[m].notation.casefold())
    rows = [
        {
            "notation": model.entities[m].notation,
            "label": model.entities[m].label(lang),
            "cells": [
                _cell(model, participation.seats[m][g.iri], lang)
                if g.iri in participation.seats[m]
                else None
                for g in groups
            ],
        }
        for m in ministries
    ]
    return columns, rows


def cluster_matrix(
    model: Model, seats: ClusterSeats, clustering: Clustering, lang: str = "nb"
) -> tuple[list[dict], list[dict]]:
    """Ministries × clusters of core groups (see :func:`kggraph.analyses.clusters.cluster_seats`),
    in the shape of :func:`level_matrix`: a cell counts the groups and shows the highest level."""
    word = _WORDS["en" if lang == "en" else "nb"]["groups"]
    columns = [
        {
            "id": f"c{c}",
            "notation": clustering.lead[c] or f"#{c + 1}",
            "label": f"{', '.join(clustering.terms[c])} ({seats.groups[c]} {word})",
        }
        for c in seats.clusters
    ]
    ministries = sorted(seats.seats, key=lambda m: model.entities[m].notation.casefold())
    rows = [
        {
            "notation": model.entities[m].notation,
            "label": model.entities[m].label(lang),
            "cells": [_count_cell(model, seats.seats[m].get(c), lang) for c in seats.clusters],
        }
        for m in ministries
    ]
    return columns, rows


def _count_cell(model: Model, cell: tuple[int, str] | None, lang: str) -> MatrixCell | None:
    if cell is None:
        return None
    count, level = cell
    return MatrixCell(str(count), level, model.concept_label(level, str(KGLEVEL), lang), ())


def _top_groups(participation: Participation, count: int) -> Participation:
    """The ``count`` core groups with most seats (then by their order), and only their seats."""
    seated = {
        g: sum(g in row for row in participation.seats.values()) for g in participation.groups
    }
    order = {g: i for i, g in enumerate(participation.groups)}
    top = sorted(sorted(seated, key=lambda g: (-seated[g], order[g]))[:count], key=order.get)
    keep = set(top)
    seats = {
        m: {g: s for g, s in row.items() if g in keep} for m, row in participation.seats.items()
    }
    return Participation(tuple(top), {m: row for m, row in seats.items() if row})


def _matrices(
    model: Model,
    content: ReportContent,
    page: GraphPage | OverviewPage,
    view: nx.MultiDiGraph,
    lang: str,
) -> list[dict]:
    """The participation matrix by group; when the groups are too many, one by cluster and
    one of the :data:`MATRIX_COLUMNS` groups with most seats."""
    seats = content.participation
    if len(seats.groups) <= MATRIX_COLUMNS:
        columns, rows = level_matrix(model, seats, lang)
        return [{"id": "kg-matrix", "note": "", "columns": columns, "rows": rows, "star": True}]
    words = _WORDS["en" if lang == "en" else "nb"]
    clustering = page.clustering if page.overview else cluster_view(view)
    folded = cluster_matrix(model, cluster_seats(seats, clustering), clustering, lang)
    top = level_matrix(model, _top_groups(seats, MATRIX_COLUMNS), lang)
    return [
        {
            "id": "kg-matrix",
            "note": words["by_cluster"] % len(seats.groups),
            "columns": folded[0],
            "rows": folded[1],
            "star": False,
        },
        {
            "id": "kg-matrix-top",
            "note": words["top_groups"] % MATRIX_COLUMNS,
            "columns": top[0],
            "rows": top[1],
            "star": True,
        },
    ]


def _split_findings(findings: Sequence[Finding]) -> tuple[list[Finding], list[dict]]:
    """All findings in full when they are few; else the :data:`FULL_FINDINGS` most severe in
    full and the rest as short rows (severity, rule, subject, related, the message's start)."""
    if len(findings) <= FULL_FINDINGS:
        return list(findings), []
    ranked = sorted(findings, key=lambda f: _SEVERITY_ORDER.get(f.severity, 3))
    rest = [
        {
            "severity": f.severity,
            "rule": f.rule,
            "subject": f.subject,
            "related": ", ".join(f.related),
            "message": f.message
            if len(f.message) <= _LINE_CHARS
            else f.message[: _LINE_CHARS - 1].rstrip() + "…",
        }
        for f in ranked[FULL_FINDINGS:]
    ]
    return ranked[:FULL_FINDINGS], rest


def _strongest(pairs: Sequence[GroupPair], top: int) -> list[GroupPair]:
    """The ``top`` pairs sharing most members (then the higher Jaccard), in that order."""
    return sorted(pairs, key=lambda p: (-len(p.shared), -p.jaccard))[:top]


def _levels_legend(model: Model, lang: str) -> list[dict]:
    return [
        {
            "level": lv,
            "label": model.concept_label(lv, str(KGLEVEL), lang),
            "colour": LEVEL_COLOURS[lv],
            "dark": lv in _DARK_LEVELS,
        }
        for lv in LEVEL_ORDER
    ]


def render_report_html(
    model: Model,
    content: ReportContent,
    view: nx.MultiDiGraph,
    lang: str = "nb",
    top: int = TOP_PAIRS,
) -> tuple[str, GraphPage | OverviewPage]:
    """The report page as one HTML string, and the embedded graph's page data.

    ``content`` comes from :func:`kggraph.analyses.report.report_content`; ``model`` only names
    what it holds. Above :data:`MATRIX_COLUMNS` core groups the matrix folds them by cluster;
    the overlap lists the ``top`` strongest pairs.
    """
    words = _WORDS["en" if lang == "en" else "nb"]
    at = content.at.isoformat()
    page = build_page(view, content.findings, lang)
    matrices = _matrices(model, content, page, view, lang)
    html = render_template(
        "report.html",
        lang=lang,
        at=at,
        words=words,
        page=page,
        heading=f"{page.words['title']} — {words['report']} {page.words['at']} {at}",
        structures=content.structures,
        matrices=matrices,
        levels=_levels_legend(model, lang),
        overlaps=pair_rows(model, _strongest(content.pairs, top)),
        pair_count=len(content.pairs),
        findings=list(content.findings),
        shown=_split_findings(content.findings),
        show_findings=True,
        since=content.since.isoformat() if content.since else None,
        changes=[c.as_row(lang) for c in content.changes],
        files=[f if "://" in f else f.rsplit("/", 1)[-1] for f in model.files],
    )
    return html, page

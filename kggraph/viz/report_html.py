"""The one-page HTML report: what is active on a date, who sits where, overlaps, findings.

The page holds the structures active on the date, the ministry × core-group participation
matrix coloured by level, the overlap between core groups, every finding with the guideline's
own words and its sources, and the interactive graph (the same panel as ``kggraph viz``).
Like the graph page it is self-contained and escapes every text from the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import networkx as nx

from kggraph import queries
from kggraph.findings import Finding
from kggraph.model import Model
from kggraph.namespaces import KGLEVEL
from kggraph.viz.graph_html import GraphPage, build_graph_page
from kggraph.viz.select import core_group_parts
from kggraph.viz.style import LEVEL_COLOURS, LEVEL_ORDER
from kggraph.viz.templating import render_template

__all__ = ["MatrixCell", "participation_matrix", "overlap_rows", "render_report_html"]

_DARK_LEVELS = {"secretary-general", "director-general"}
_ROLE_ORDER = (
    "lead",
    "chair",
    "responsible",
    "member",
    "secretariat-lead",
    "secretariat-member",
    "observer",
)
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
        "error": "feil",
        "warning": "advarsel",
        "info": "merknad",
        "data": "Data",
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
        "error": "error",
        "warning": "warning",
        "info": "note",
        "data": "Data",
    },
}


@dataclass(frozen=True)
class MatrixCell:
    """One ministry in one core group: its main role, its highest level, and every seat."""

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


def _rank(value: str | None, order: Sequence[str]) -> int:
    return order.index(value) if value in order else len(order)


def _cell(view: nx.MultiDiGraph, ministry: str, core: str, inside: set[str]) -> MatrixCell | None:
    seats = [
        (v, a)
        for _, v, a in view.out_edges(ministry, data=True)
        if a.get("kind") == "membership" and v in inside
    ]
    if not seats:
        return None
    main = min(seats, key=lambda s: (s[0] != core, _rank(s[1].get("role"), _ROLE_ORDER)))[1]
    top = min(seats, key=lambda s: _rank(s[1].get("level"), LEVEL_ORDER))[1]
    via = "" if any(v == core for v, _ in seats) else "*"
    return MatrixCell(
        role_label=(main.get("role_label") or main.get("role") or "") + via,
        level=top.get("level") or "unknown",
        level_label=top.get("level_label") or top.get("level") or "",
        seats=tuple(
            f"{view.nodes[v].get('notation', '')}: {a.get('role_label', '')}, "
            f"{a.get('level_label', '')} ({'; '.join(a.get('sources') or [])})"
            for v, a in seats
        ),
    )


def participation_matrix(view: nx.MultiDiGraph) -> tuple[list[dict], list[dict]]:
    """Ministries × core groups: for each pair, the ministry's seat in the group or its parts.

    Returns ``(columns, rows)``: columns are the core groups (``id``, ``notation``, ``label``);
    each row is a ministry with one :class:`MatrixCell` or ``None`` per column. A role marked
    ``*`` is held only in a part of the group (its secretariat, a sub-group).
    """
    parts = core_group_parts(view)
    columns = sorted(
        (
            {
                "id": c,
                "notation": view.nodes[c].get("notation", ""),
                "label": view.nodes[c].get("label", ""),
            }
            for c in parts
        ),
        key=lambda c: c["notation"].casefold(),
    )
    rows = []
    for node, attrs in sorted(view.nodes(data=True), key=lambda n: n[1].get("notation", "")):
        if attrs.get("category") != "ministry":
            continue
        cells = [_cell(view, node, c["id"], parts[c["id"]]) for c in columns]
        if any(cells):
            rows.append(
                {
                    "notation": attrs.get("notation", ""),
                    "label": attrs.get("label", ""),
                    "cells": cells,
                }
            )
    return columns, rows


def overlap_rows(view: nx.MultiDiGraph) -> list[dict]:
    """Pairs of core groups with the organisations taking part in both (group or its parts)."""
    parts = core_group_parts(view)
    members = {
        core: {u for s in inside for u, _, k in view.in_edges(s, data="kind") if k == "membership"}
        for core, inside in parts.items()
    }
    rows = []
    for a, b in combinations(sorted(parts, key=lambda n: view.nodes[n].get("notation", "")), 2):
        shared = members[a] & members[b]
        if shared:
            rows.append(
                {
                    "a": view.nodes[a].get("notation", ""),
                    "b": view.nodes[b].get("notation", ""),
                    "count": len(shared),
                    "shared": sorted(view.nodes[n].get("notation", "") for n in shared),
                }
            )
    return sorted(rows, key=lambda r: (-r["count"], r["a"], r["b"]))


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
    view: nx.MultiDiGraph,
    at: date,
    findings: Sequence[Finding] = (),
    lang: str = "nb",
) -> tuple[str, GraphPage]:
    """The report page as one HTML string, and the embedded graph's page data."""
    words = _WORDS["en" if lang == "en" else "nb"]
    page = build_graph_page(view, findings, lang)
    columns, rows = participation_matrix(view)
    html = render_template(
        "report.html",
        lang=lang,
        at=at.isoformat(),
        words=words,
        page=page,
        heading=f"{page.words['title']} — {words['report']} {page.words['at']} {at.isoformat()}",
        structures=queries.structures(model, at, lang),
        columns=columns,
        rows=rows,
        levels=_levels_legend(model, lang),
        overlaps=overlap_rows(view),
        findings=list(findings),
        show_findings=True,
        files=[f.rsplit("/", 1)[-1] for f in model.files],
    )
    return html, page

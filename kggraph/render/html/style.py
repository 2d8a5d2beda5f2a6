"""How the picture looks: colour and shape by category, line by role and level, UI words.

Kept apart from the page builders so the graph page, the report and the legend read one
table: a node's look in the legend is by construction the look it has in the graph.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CATEGORIES",
    "CategoryStyle",
    "EdgeStyle",
    "FINDING_COLOURS",
    "LEVEL_COLOURS",
    "ui_words",
    "category_style",
    "membership_style",
    "structural_style",
]


@dataclass(frozen=True)
class CategoryStyle:
    """The look of one node category, and its name in the legend."""

    key: str
    colour: str
    border: str
    shape: str
    font_colour: str
    size: int
    label_nb: str
    label_en: str

    def label(self, lang: str) -> str:
        """The legend name in ``lang`` (Norwegian unless English is asked for)."""
        return self.label_en if lang == "en" else self.label_nb


CATEGORIES: tuple[CategoryStyle, ...] = (
    CategoryStyle(
        "ministry", "#1f4e79", "#0f2740", "box", "#ffffff", 18, "Departement", "Ministry"
    ),
    CategoryStyle("agency", "#9dc3e6", "#2e75b6", "ellipse", "#10253f", 14, "Etat", "Agency"),
    CategoryStyle(
        "other_organisation",
        "#d9d9d9",
        "#7f7f7f",
        "ellipse",
        "#262626",
        14,
        "Annen organisasjon",
        "Other organisation",
    ),
    CategoryStyle(
        "core_group", "#c55a11", "#843c0c", "hexagon", "#262626", 30, "Kjernegruppe", "Core group"
    ),
    CategoryStyle(
        "secretariat", "#f4b183", "#c55a11", "diamond", "#262626", 18, "Sekretariat", "Secretariat"
    ),
    CategoryStyle(
        "other_structure",
        "#a9d18e",
        "#548235",
        "dot",
        "#262626",
        14,
        "Annen struktur",
        "Other structure",
    ),
)
_BY_KEY = {c.key: c for c in CATEGORIES}


def category_style(category: str) -> CategoryStyle:
    """The style of a node category; an unknown category is drawn as another structure."""
    return _BY_KEY.get(category, _BY_KEY["other_structure"])


@dataclass(frozen=True)
class EdgeStyle:
    """The look of one kind of line: width, dash pattern (empty = solid) and colour."""

    width: float
    dashes: tuple[int, ...]
    colour: str


_ROLE_WIDTH = {
    "lead": 5.0,
    "chair": 3.5,
    "responsible": 3.5,
    "secretariat-lead": 3.5,
    "member": 2.0,
    "secretariat-member": 1.5,
    "observer": 1.0,
}
_ROLE_COLOUR = {
    "lead": "#0f2740",
    "chair": "#0f2740",
    "responsible": "#0f2740",
    "secretariat-lead": "#c55a11",
    "secretariat-member": "#c55a11",
    "member": "#4a6a8a",
    "observer": "#8ea9c1",
}
#: Report matrix colours, darkest for the highest level; unknown is hatched grey, a level the
#: sources disagree on violet.
LEVEL_COLOURS = {
    "secretary-general": "#08306b",
    "director-general": "#2171b5",
    "deputy-director-general": "#6baed6",
    "coordinator": "#c6dbef",
    "agency-director": "#74c476",
    "division-head": "#c7e9c0",
    "case-officer": "#f0f0f0",
    "disputed": "#cbb7e3",
    "unknown": "#d9d9d9",
}
_DASHED = (8, 6)
_DOTTED = (2, 5)


def membership_style(role: str, level: str) -> EdgeStyle:
    """A membership line: heavier for leading roles; dashed below secretary-general level.

    A level the sources do not give, or give differently, is dotted, not dashed: we do not
    know it is lower.
    """
    if level == "secretary-general":
        dashes: tuple[int, ...] = ()
    elif level in ("unknown", "disputed"):
        dashes = _DOTTED
    else:
        dashes = _DASHED
    return EdgeStyle(_ROLE_WIDTH.get(role, 2.0), dashes, _ROLE_COLOUR.get(role, "#4a6a8a"))


_STRUCTURAL = {
    "part_of": EdgeStyle(1.5, (), "#548235"),
    "parent_ministry": EdgeStyle(1.0, (), "#bfbfbf"),
    "steers": EdgeStyle(1.0, (), "#7030a0"),
    "replaces": EdgeStyle(1.5, (4, 4), "#7f6000"),
    "predecessor": EdgeStyle(1.5, (4, 4), "#7f6000"),
}


def structural_style(kind: str) -> EdgeStyle:
    """The line for a non-membership edge (part of, parent ministry, steers, replaces…)."""
    return _STRUCTURAL.get(kind, EdgeStyle(1.0, (), "#bfbfbf"))


FINDING_COLOURS = {
    "error": "#c00000",
    "warning": "#e36c09",
    "info": "#7f7f7f",
    "assessment": "#2f5597",
}

_WORDS = {
    "nb": {
        "title": "Kjernegrupper",
        "search": "Søk",
        "search_placeholder": "Navn eller forkortelse",
        "not_found": "Fant ikke",
        "found": "Viser",
        "types": "Typer",
        "core_group": "Kjernegruppe",
        "all": "Alle",
        "findings": "Funn",
        "show_findings": "Vis funn",
        "legend": "Tegnforklaring",
        "lines": "Linjer",
        "type": "Type",
        "active": "Aktiv",
        "sources": "Kilder",
        "role": "Rolle",
        "level": "Nivå",
        "notation": "Kortnavn",
        "kind": "Forbindelse",
        "lead": "leder (tykk linje)",
        "member": "medlem",
        "observer": "deltar på enkelte møter",
        "sg": "departementsrådsnivå (heltrukken)",
        "below_sg": "under departementsråd (stiplet)",
        "unknown_level": "nivå ukjent (prikket)",
        "part_of": "del av",
        "parent_ministry": "overordnet departement",
        "steers": "styrer",
        "replaces": "erstatter / forløper",
        "finding_line": "funn (farget ramme, linje eller strek)",
        "no_findings": "Ingen funn",
        "at": "per",
        "nodes": "noder",
        "edges": "kanter",
        "layout_note": "Oppsett",
        "date": "Dato",
        "uncertain": "usikker på denne datoen (blek, stiplet)",
        "structures": "strukturer",
        "members": "deltakere",
        "clusters": "Klynger",
        "cluster": "Klynge",
        "choose_cluster": "Åpne en klynge …",
        "close_all": "Lukk alle",
        "on_screen": "på skjermen",
        "page": "side",
        "previous": "Forrige",
        "next": "Neste",
        "not_placed": "uten node i grafen",
        "links_to": "forbindelser til klyngen",
        "shared": "felles deltakere",
    },
    "en": {
        "title": "Core groups",
        "search": "Search",
        "search_placeholder": "Name or abbreviation",
        "not_found": "Not found",
        "found": "Showing",
        "types": "Types",
        "core_group": "Core group",
        "all": "All",
        "findings": "Findings",
        "show_findings": "Show findings",
        "legend": "Legend",
        "lines": "Lines",
        "type": "Type",
        "active": "Active",
        "sources": "Sources",
        "role": "Role",
        "level": "Level",
        "notation": "Short name",
        "kind": "Link",
        "lead": "lead (heavy line)",
        "member": "member",
        "observer": "attends some meetings",
        "sg": "secretary-general level (solid)",
        "below_sg": "below secretary-general (dashed)",
        "unknown_level": "level unknown (dotted)",
        "part_of": "part of",
        "parent_ministry": "parent ministry",
        "steers": "steers",
        "replaces": "replaces / predecessor",
        "finding_line": "finding (coloured border, line or dash)",
        "no_findings": "No findings",
        "at": "at",
        "nodes": "nodes",
        "edges": "edges",
        "layout_note": "Layout",
        "date": "Date",
        "uncertain": "uncertain on this date (faint, dashed)",
        "structures": "structures",
        "members": "members",
        "clusters": "Clusters",
        "cluster": "Cluster",
        "choose_cluster": "Open a cluster …",
        "close_all": "Close all",
        "on_screen": "on screen",
        "page": "page",
        "previous": "Previous",
        "next": "Next",
        "not_placed": "with no node in the graph",
        "links_to": "links to the cluster",
        "shared": "shared participants",
    },
}


def ui_words(lang: str) -> dict[str, str]:
    """The page's own words in ``lang`` (Norwegian unless English is asked for)."""
    return dict(_WORDS["en" if lang == "en" else "nb"])

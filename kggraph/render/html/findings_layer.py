"""The findings of ``kggraph check`` as a layer over the graph, to show or hide.

A finding marks its subject (border in the colour of its severity). Its related names are drawn
in one of two ways: an organisation (a ministry that sits too low, the one ministry a
secretariat comes from) lights up the membership lines between it and the subject or the
subject's parts; a structure (the other half of a duplication pair) gets a dashed line of its
own from the subject. Findings whose subject is not drawn are listed, not placed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx

from kggraph.analyses.findings import Finding
from kggraph.render.html.select import family
from kggraph.render.html.style import FINDING_COLOURS

__all__ = ["ORGANISATION_CATEGORIES", "about", "finding_lines", "finding_rows"]

ORGANISATION_CATEGORIES = frozenset({"ministry", "agency", "other_organisation"})
#: Membership line ids by (member, structure).
Seats = Mapping[tuple[str, str], list[str]]


def _notation_index(view: nx.MultiDiGraph) -> dict[str, str]:
    index: dict[str, str] = {}
    for node, notation in view.nodes(data="notation"):
        if notation:
            index.setdefault(notation, node)
    return index


def _seat_edges(
    view: nx.MultiDiGraph,
    subject: str,
    related: str,
    memberships: Seats,
) -> list[str]:
    """The membership lines from an organisation into a structure or any of its parts."""
    return [
        e for part in sorted(family(view, subject)) for e in memberships.get((related, part), [])
    ]


def _row(
    i: int,
    f: Finding,
    view: nx.MultiDiGraph,
    index: dict[str, str],
    memberships: Seats,
) -> dict:
    subject = index.get(f.subject)
    related = [index[r] for r in f.related if r in index and index[r] != subject]
    edges: list[str] = []
    lines: list[str] = []
    for r in related if subject else []:
        seats = (
            _seat_edges(view, subject, r, memberships)
            if view.nodes[r].get("category") in ORGANISATION_CATEGORIES
            else []
        )
        edges += seats
        if not seats:
            lines.append(r)
    return {
        "id": f"f{i}",
        "rule": f.rule,
        "severity": f.severity,
        "subject": f.subject,
        "subjectId": subject,
        "related": list(f.related),
        "relatedIds": related,
        "edgeIds": edges,
        "lineTo": lines,
        "message": f.message,
        "source": f.source,
        "colour": FINDING_COLOURS.get(f.severity, FINDING_COLOURS["info"]),
    }


def about(view: nx.MultiDiGraph, findings: Sequence[Finding]) -> list[Finding]:
    """The findings whose subject or a related name is drawn in ``view`` (a selection of the
    graph), so that a page of a neighbourhood does not carry every finding of the register."""
    index = _notation_index(view)
    return [f for f in findings if f.subject in index or any(r in index for r in f.related)]


def finding_rows(
    view: nx.MultiDiGraph,
    findings: Sequence[Finding],
    memberships: Seats,
) -> list[dict]:
    """One plain record per finding, with the nodes and lines it is drawn on.

    ``memberships`` maps (member, structure) to the ids of the membership lines drawn between
    them. ``subjectId`` is None when the subject is not in the drawing.
    """
    index = _notation_index(view)
    return [_row(i, f, view, index, memberships) for i, f in enumerate(findings)]


def finding_lines(rows: Sequence[dict]) -> list[dict]:
    """A dashed line in the finding's colour from its subject to each related structure."""
    return [
        {
            "id": f"{row['id']}-{j}",
            "from": row["subjectId"],
            "to": target,
            "finding": row["id"],
            "color": {"color": row["colour"], "highlight": row["colour"]},
            "width": 3,
            "dashes": [3, 3],
            "physics": False,
            "arrows": "",
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.25},
            "tip": {
                "title": f"{row['rule']}: {row['subject']} ↔ {', '.join(row['related'])}",
                "rows": [["", row["message"]], ["", row["source"]]],
            },
        }
        for row in rows
        for j, target in enumerate(row["lineTo"])
    ]

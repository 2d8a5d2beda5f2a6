"""The rows of ``kggraph overlap``: pairs of core groups, each organisation's load, and the
participation matrix, with notations, labels in a language and the citations of the seats.

The figures come from :mod:`kggraph.analyses.seats`; this module only names and formats them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kggraph.analyses.seats import GroupPair, Load, Participation, Seat, group_pairs, loads
from kggraph.model.namespaces import KGLEVEL, KGROLE
from kggraph.model.records import Membership, Model

__all__ = [
    "LOAD_COLUMNS",
    "PAIR_COLUMNS",
    "cited",
    "load_rows",
    "matrix_rows",
    "overlap_document",
    "pair_rows",
]

PAIR_COLUMNS = [
    "a",
    "b",
    "shared",
    "size_a",
    "size_b",
    "jaccard",
    "overlap",
    "shared_members",
    "source",
]
LOAD_COLUMNS = ["org", "org_label", "type", "core_groups", "leads", "groups", "leading", "source"]


def cited(model: Model, memberships: Iterable[Membership]) -> str:
    """The citations of the memberships behind a figure, sorted, '; '-joined."""
    return "; ".join(model.source_labels(tuple(s for m in memberships for s in m.sources)))


def _notations(model: Model, iris: Iterable[str]) -> list[str]:
    return [model.entities[i].notation for i in iris]


def pair_rows(model: Model, pairs: Iterable[GroupPair]) -> list[dict]:
    """One row per pair of core groups (columns :data:`PAIR_COLUMNS`), in the pairs' order."""
    return [
        {
            "a": model.entities[p.a].notation,
            "b": model.entities[p.b].notation,
            "shared": len(p.shared),
            "size_a": p.size_a,
            "size_b": p.size_b,
            "jaccard": p.jaccard,
            "overlap": p.overlap,
            "shared_members": _notations(model, p.shared),
            "source": cited(model, p.memberships),
        }
        for p in pairs
    ]


def load_rows(model: Model, loads: Iterable[Load], lang: str = "nb") -> list[dict]:
    """One row per organisation (columns :data:`LOAD_COLUMNS`), in the loads' order."""
    return [
        {
            "org": model.entities[o.org].notation,
            "org_label": model.entities[o.org].label(lang),
            "type": model.entities[o.org].type,
            "core_groups": len(o.groups),
            "leads": len(o.leading),
            "groups": _notations(model, o.groups),
            "leading": _notations(model, o.leading),
            "source": cited(model, o.memberships),
        }
        for o in loads
    ]


def seat_text(model: Model, s: Seat, lang: str) -> str:
    """A matrix cell: role and level in the group itself (``leder · departementsråd``); a seat
    only in parts shows its role and part in brackets, with ``+N`` for further parts."""
    role = model.concept_label(s.main.role, str(KGROLE), lang)
    if s.direct:
        return f"{role} · {model.concept_label(s.level, str(KGLEVEL), lang)}"
    more = f" +{s.other_parts}" if s.other_parts else ""
    return f"({role} · {model.entities[s.main.organization].notation}{more})"


def matrix_rows(model: Model, p: Participation, lang: str = "nb") -> tuple[list[str], list[dict]]:
    """Organisations × core groups: the column names (``org``, the groups' notations,
    ``source``) and one row per organisation, the one in most groups first, then by notation.
    A cell is :func:`seat_text`, empty where the organisation takes no part; ``source`` cites
    the seats behind the row's cells."""
    groups = [model.entities[g].notation for g in p.groups]
    order = sorted(p.seats.items(), key=lambda kv: (-len(kv[1]), model.entities[kv[0]].notation))
    rows = [
        {
            "org": model.entities[org].notation,
            **{model.entities[g].notation: seat_text(model, s, lang) for g, s in by_group.items()},
            "source": cited(model, (m for s in by_group.values() for m in s.memberships)),
        }
        for org, by_group in order
    ]
    return ["org", *groups, "source"], rows


def overlap_document(model: Model, at: date, by: str, lang: str) -> dict:
    """What ``kggraph overlap --format json`` prints: the date, the pairs and the load."""
    return {
        "at": at.isoformat(),
        "by": by,
        "pairs": pair_rows(model, group_pairs(model, at, by)),
        "load": load_rows(model, loads(model, at, by), lang),
    }

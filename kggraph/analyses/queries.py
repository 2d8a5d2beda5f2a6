"""The questions users ask: who takes part where, who is in a structure, what is active.

Each function takes the model, an IRI (already resolved) and a date, and returns rows: plain
dicts with stable keys, in the user's language, ready for any renderer.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from kggraph.model.dates import edtf
from kggraph.model.namespaces import KGROLE
from kggraph.model.records import Entity, Membership, Model

__all__ = [
    "WHO_COLUMNS",
    "MEMBERS_COLUMNS",
    "STRUCTURES_COLUMNS",
    "info",
    "lead_of",
    "members",
    "structures",
    "who",
]

WHO_COLUMNS = [
    "structure",
    "structure_label",
    "structure_type",
    "role",
    "level",
    "start",
    "end",
    "source",
]
MEMBERS_COLUMNS = [
    "member",
    "member_label",
    "member_type",
    "role",
    "level",
    "start",
    "end",
    "source",
]
STRUCTURES_COLUMNS = [
    "structure",
    "structure_label",
    "structure_type",
    "part_of",
    "lead",
    "members",
    "start",
    "end",
    "source",
]

_ROLE_ORDER = {
    "lead": 0,
    "chair": 1,
    "responsible": 2,
    "member": 3,
    "secretariat-lead": 4,
    "secretariat-member": 5,
    "observer": 6,
}


def _membership_fields(model: Model, m: Membership, lang: str) -> dict[str, str | None]:
    return {
        "role": m.role,
        "level": m.level,
        "role_label": model.concept_label(m.role, str(KGROLE), lang),
        "level_label": model.level_label(m, lang),
        "start": edtf(m.during.start),
        "end": edtf(m.during.end),
        "start_text": m.during.start.describe(lang) if m.during.start else None,
        "end_text": m.during.end.describe(lang) if m.during.end else None,
        "source": "; ".join(model.source_labels(m.sources)),
    }


def _sort_key(row: dict) -> tuple:
    return (_ROLE_ORDER.get(row["role"], 9), row.get("structure") or row.get("member") or "")


def _rows(model: Model, found: list[Membership], side: str, at: date, lang: str) -> list[dict]:
    """Rows for the memberships that hold on ``at``, describing their ``side``.

    ``side`` is "structure" (for :func:`who`) or "member" (for :func:`members`).
    """
    rows = []
    for m in found:
        if not model.holds(m, at):
            continue
        other = model.entities[m.organization if side == "structure" else m.member]
        rows.append(
            {
                side: other.notation_on(at),
                f"{side}_label": other.label(lang, at),
                f"{side}_type": other.type,
                **_membership_fields(model, m, lang),
            }
        )
    return sorted(rows, key=_sort_key)


def who(model: Model, iri: str, at: date, lang: str = "nb") -> list[dict]:
    """Every structure ``iri`` takes part in on ``at``, with role, level, dates and source.

    Rows carry the keys of :data:`WHO_COLUMNS` (plus ``role_label``, ``level_label``,
    ``start_text``, ``end_text`` for tables).
    """
    return _rows(model, model.memberships_of.get(iri, []), "structure", at, lang)


def members(model: Model, iri: str, at: date, lang: str = "nb") -> list[dict]:
    """Who takes part in structure ``iri`` on ``at`` (lead included); keys of MEMBERS_COLUMNS."""
    return _rows(model, model.memberships_in.get(iri, []), "member", at, lang)


def lead_of(model: Model, iri: str, at: date) -> list[Entity]:
    """The members with the role *lead* of structure ``iri`` on ``at``."""
    return [
        model.entities[m.member]
        for m in model.memberships_in.get(iri, [])
        if m.role == "lead" and model.holds(m, at)
    ]


def structures(model: Model, at: date, lang: str = "nb", types: tuple[str, ...] = ()) -> list[dict]:
    """The structures active on ``at`` (optionally of some types) with lead and member count."""
    wanted = {t.casefold() for t in types}
    rows = []
    for e in model.active_structures(at):
        if wanted and e.type.casefold() not in wanted:
            continue
        active = [m for m in model.memberships_in.get(e.iri, []) if model.holds(m, at)]
        rows.append(
            {
                "structure": e.notation,
                "structure_label": e.label(lang),
                "structure_type": e.type,
                "part_of": ", ".join(
                    model.entities[p].notation for p in e.part_of if p in model.entities
                ),
                "lead": ", ".join(x.notation_on(at) for x in lead_of(model, e.iri, at)),
                "members": len({m.member for m in active}),
                "start": edtf(e.active.start),
                "end": edtf(e.active.end),
                "start_text": e.active.start.describe(lang) if e.active.start else None,
                "end_text": e.active.end.describe(lang) if e.active.end else None,
                "source": "; ".join(model.source_labels(e.sources)),
            }
        )
    order = {"CoreGroup": 0}
    return sorted(
        rows, key=lambda r: (order.get(r["structure_type"], 1), r["part_of"], r["structure"])
    )


def info(model: Model) -> dict:
    """Size of the graph: triples, entities by type, organisations, structures (parts of
    another structure counted apart), memberships, sources cited."""
    by_type = Counter(e.type for e in model.entities.values())
    organisations = [e for e in model.entities.values() if e.is_organisation]
    structures = [e for e in model.entities.values() if not e.is_organisation]
    parts = [e for e in structures if e.part_of]
    cited = Counter(
        model.citations[s].document or s
        for m in model.memberships
        for s in m.sources
        if s in model.citations
    )
    return {
        "triples": model.triples,
        "entities": dict(sorted(by_type.items())),
        "organisations": len(organisations),
        "structures": len(structures) - len(parts),
        "parts": len(parts),
        "memberships": len(model.memberships),
        "assignments": len(model.assignments),
        "citations": len(model.citations),
        "memberships_by_document": {k.rsplit("/", 1)[-1]: v for k, v in sorted(cited.items())},
        "files": list(model.files),
    }

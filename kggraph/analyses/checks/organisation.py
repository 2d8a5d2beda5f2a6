"""How a core group is set up: mandate (4.1, 4.2), secretariat and contact point (7.3),
a broad secretariat (DFØ 5.2), a lead at directorate level (6.2).

* **4.1** — no mandate once the early phase is over (``mandate_months`` after the start) is a
  warning, and so is a mandate set later than that; within the early phase, no mandate yet is
  an info. A mandate whose date the sources do not give is not judged on timing.
* **7.3** — no secretariat and no contact group is a warning; a secretariat the sources first
  attest after the date checked is an info (it may have existed, they do not say); a
  secretariat whose work the sources say one person does (``kg:staffCount`` 1) is a warning.
* **DFØ 5.2** — a secretariat drawn from fewer than ``secretariat_min_ministries`` ministries
  is a warning, cited as the evaluation's recommendation, not as a guideline.
* **6.2** — a part of a core group in which several agencies take part, without ministries,
  needs a lead agency (in it or in a part above it); otherwise a warning.
"""

from __future__ import annotations

from datetime import date

from kggraph.analyses.findings import Evidence, Finding
from kggraph.model.namespaces import KGVAL
from kggraph.model.records import Entity, Model

from .common import Context, per_group, possibly_active
from .options import DEFAULTS, CheckOptions

__all__ = [
    "RULES",
    "check_agency_lead",
    "check_mandate",
    "check_organisation",
    "check_secretariat",
    "months_between",
]

RULES = ("4.1", "6.2", "7.3", "DFØ 5.2")

_LEADING = {"lead", "chair"}


def check_organisation(
    model: Model, at: date, lang: str = "nb", options: CheckOptions = DEFAULTS
) -> list[Finding]:
    """All set-up findings for the core groups active on ``at``."""
    checks = (check_mandate, check_secretariat, check_agency_lead)
    return per_group(model, at, lang, options, checks)


def months_between(first: date, last: date) -> int:
    """Whole months from ``first`` to ``last``.

    >>> months_between(date(2021, 2, 1), date(2024, 4, 1))
    38
    """
    return (last.year - first.year) * 12 + last.month - first.month - (last.day < first.day)


def check_mandate(ctx: Context, g: Entity) -> list[Finding]:
    """4.1: a mandate in the early phase (within ``mandate_months`` of the start)."""
    start = g.active.start.effective() if g.active.start else None
    mandate = g.mandate
    limit = ctx.options.mandate_months
    evidence = [ctx.period_evidence(g)]
    if mandate is not None:
        said = ctx.model.concept_label(mandate.status, str(KGVAL), ctx.lang)
        fact = ctx.t(
            f"Mandat: {said}, datert {ctx.when(mandate.date)}",
            f"Mandate: {said}, dated {ctx.when(mandate.date)}",
        )
        evidence.append(Evidence(fact, ctx.cites(mandate.sources)))
        if mandate.comment:
            evidence.append(ctx.note(mandate.comment, mandate.sources))
    status = mandate.status if mandate else "unknown"
    dated = mandate.date.date if mandate and mandate.date else None
    if status == "unknown":
        message = ctx.t(
            f"Kildene sier ikke om {g.notation} har et mandat.",
            f"The sources do not say whether {g.notation} has a mandate.",
        )
        return [ctx.finding("4.1", "info", g.notation, message, (), evidence)]
    if status == "yes" and (dated is None or dated <= ctx.at):
        return _late_mandate(ctx, g, start, dated, evidence)
    age = months_between(start, ctx.at) if start else None
    late = age is not None and age > limit
    if late:
        message = ctx.t(
            f"{g.notation} har ikke noe mandat {ctx.at.isoformat()}, {age} måneder etter start "
            f"(forventet i en tidlig fase, innen {limit}).",
            f"{g.notation} has no mandate on {ctx.at.isoformat()}, {age} months after its start "
            f"(expected in an early phase, within {limit}).",
        )
    else:
        message = ctx.t(
            f"{g.notation} har ennå ikke noe mandat {ctx.at.isoformat()} ({age} måneder etter "
            f"start; forventet innen {limit}).",
            f"{g.notation} has no mandate yet on {ctx.at.isoformat()} ({age} months after its "
            f"start; expected within {limit}).",
        )
    details = {"kind": "missing", "months_since_start": age, "limit": limit}
    severity = "warning" if late else "info"
    return [ctx.finding("4.1", severity, g.notation, message, (), evidence, details)]


def _late_mandate(
    ctx: Context, g: Entity, start: date | None, dated: date | None, evidence: list[Evidence]
) -> list[Finding]:
    if start is None or dated is None:
        return []
    after = months_between(start, dated)
    limit = ctx.options.mandate_months
    if after <= limit:
        return []
    message = ctx.t(
        f"Mandatet for {g.notation} ble fastsatt {after} måneder etter start "
        f"(forventet i en tidlig fase, innen {limit}).",
        f"The mandate of {g.notation} was set {after} months after its start "
        f"(expected in an early phase, within {limit}).",
    )
    details = {"kind": "late", "months_after_start": after, "limit": limit}
    return [ctx.finding("4.1", "warning", g.notation, message, (), evidence, details)]


def _parts(ctx: Context, g: Entity, types: set[str]) -> list[Entity]:
    return [
        ctx.model.entities[p]
        for p in sorted(ctx.model.parts_of.get(g.iri, []))
        if ctx.model.entities[p].type in types
    ]


def check_secretariat(ctx: Context, g: Entity) -> list[Finding]:
    """7.3 (a secretariat or contact point) and DFØ 5.2 (a broad secretariat)."""
    parts = _parts(ctx, g, {"Secretariat", "ContactGroup"})
    active = [p for p in parts if p.active.contains(ctx.at)]
    secretariats = [p for p in active if p.type == "Secretariat"]
    out = [_broad(ctx, g, s) for s in secretariats]
    out += [_one_person(ctx, g, s) for s in secretariats]
    if not active:
        out.append(_missing_secretariat(ctx, g, parts))
    return [f for f in out if f is not None]


def _missing_secretariat(ctx: Context, g: Entity, parts: list[Entity]) -> Finding:
    maybe = sorted(
        (p for p in parts if possibly_active(p.active, ctx.at)),
        key=lambda p: (p.type != "Secretariat", p.active.start.effective(), p.iri),
    )
    evidence = [ctx.entity_evidence(p, f"{p.notation}: {ctx.when(p.active.start)}") for p in maybe]
    if maybe:
        message = ctx.t(
            f"Kildene omtaler sekretariatet for {g.notation} først senere "
            f"({ctx.when(maybe[0].active.start)}); om det fantes {ctx.at.isoformat()}, er ukjent.",
            f"The sources first mention the secretariat of {g.notation} later "
            f"({ctx.when(maybe[0].active.start)}); whether it existed on {ctx.at.isoformat()} "
            f"is unknown.",
        )
        return ctx.finding("7.3", "info", g.notation, message, (), evidence)
    message = ctx.t(
        f"{g.notation} har verken sekretariat eller kontaktpunkt.",
        f"{g.notation} has neither a secretariat nor a contact point.",
    )
    return ctx.finding("7.3", "warning", g.notation, message, (), evidence)


def _one_person(ctx: Context, g: Entity, secretariat: Entity) -> Finding | None:
    """7.3: a secretariat whose work the sources say one person does is a vulnerable
    secretariat function (a warning)."""
    staff = [s for s in secretariat.staff if s.during.contains(ctx.at)]
    if not staff or min(s.count for s in staff) != 1:
        return None
    message = ctx.t(
        f"Sekretariatsarbeidet for {g.notation} gjøres ifølge kildene av én person; en "
        f"sekretariatsfunksjon som hviler på én person, er sårbar.",
        f"According to the sources one person does the secretariat work of {g.notation}; a "
        f"secretariat function that rests on one person is vulnerable.",
    )
    evidence = [
        ctx.fact(
            f"{secretariat.notation}: {s.count} person (fra {ctx.when(s.during.start)})",
            f"{secretariat.notation}: {s.count} person (from {ctx.when(s.during.start)})",
            s.sources,
        )
        for s in staff
    ]
    details = {"kind": "one-person", "secretariat": secretariat.notation}
    return ctx.finding("7.3", "warning", g.notation, message, (), evidence, details)


def _broad(ctx: Context, g: Entity, secretariat: Entity) -> Finding | None:
    held = [
        m
        for m in ctx.memberships(secretariat.iri)
        if ctx.model.entities.get(m.member, g).type == "Ministry"
    ]
    ministries = sorted({ctx.name(m.member) for m in held})
    if len(ministries) >= ctx.options.secretariat_min_ministries:
        return None
    participants = {
        m.member for m in ctx.memberships(g.iri) if ctx.model.entities[m.member].type == "Ministry"
    }
    evidence = [ctx.membership_evidence(m) for m in held]
    if secretariat.comment.get(ctx.lang):
        evidence.append(ctx.entity_evidence(secretariat, secretariat.comment[ctx.lang]))
    if not evidence:
        evidence.append(ctx.period_evidence(secretariat))
    if not ministries:
        message = ctx.t(
            f"Kildene sier ikke hvilke departementer som er med i sekretariatet for "
            f"{g.notation} per {ctx.at.isoformat()}.",
            f"The sources do not say which ministries are in the secretariat of {g.notation} "
            f"on {ctx.at.isoformat()}.",
        )
        return ctx.finding("DFØ 5.2", "info", g.notation, message, (), evidence)
    message = ctx.t(
        f"Sekretariatet for {g.notation} kommer fra bare {', '.join(ministries)}; DFØ anbefaler "
        f"sekretariater som er bredt sammensatt med representanter fra alle de berørte "
        f"departementene ({len(participants)} deltar).",
        f"The secretariat of {g.notation} is drawn from {', '.join(ministries)} only; DFØ "
        f"recommends secretariats broadly composed of representatives of all the ministries "
        f"concerned ({len(participants)} take part).",
    )
    details = {"secretariat": secretariat.notation, "ministries": ministries}
    return ctx.finding("DFØ 5.2", "warning", g.notation, message, ministries, evidence, details)


def _family(ctx: Context, g: Entity) -> list[tuple[Entity, tuple[Entity, ...]]]:
    """The active parts of ``g`` at any depth, each with its wholes below ``g``."""
    out: list[tuple[Entity, tuple[Entity, ...]]] = []
    todo: list[tuple[str, tuple[Entity, ...]]] = [(g.iri, ())]
    seen = {g.iri}
    while todo:
        iri, above = todo.pop()
        for p in ctx.model.parts_of.get(iri, []):
            part = ctx.model.entities[p]
            if p in seen or not part.active.contains(ctx.at):
                continue
            seen.add(p)
            out.append((part, above))
            todo.append((p, (*above, part)))
    return sorted(out, key=lambda pair: pair[0].notation)


def check_agency_lead(ctx: Context, g: Entity) -> list[Finding]:
    """6.2: where several agencies have a role in a part of ``g``, one of them leads."""
    out = []
    for part, above in _family(ctx, g):
        held = ctx.memberships(part.iri)
        types = {m.member: ctx.model.entities[m.member].type for m in held}
        agencies = sorted({ctx.name(m) for m, t in types.items() if t == "Agency"})
        if len(agencies) < 2 or "Ministry" in types.values():
            continue
        if _has_agency_lead(ctx, (part, *above)):
            continue
        message = ctx.t(
            f"{len(agencies)} etater har en rolle i {part.notation} ({', '.join(agencies)}), "
            f"men ingen er oppgitt som leder på direktoratsnivå.",
            f"{len(agencies)} agencies have a role in {part.notation} ({', '.join(agencies)}), "
            f"but none is named as the lead at directorate level.",
        )
        evidence = [ctx.membership_evidence(m) for m in held]
        details = {"part": part.notation, "agencies": agencies}
        related = (part.notation,)
        out.append(ctx.finding("6.2", "warning", g.notation, message, related, evidence, details))
    return out


def _has_agency_lead(ctx: Context, structures: tuple[Entity, ...]) -> bool:
    return any(
        m.role in _LEADING
        and ctx.model.entities[m.member].type == "Agency"
        and ctx.model.holds(m, ctx.at)
        for s in structures
        for m in ctx.model.memberships_in.get(s.iri, [])
    )

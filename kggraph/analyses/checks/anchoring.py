"""Anchoring: secretary-general level (3, 5.1), one lead ministry (5.1, 7.4), government (5.3).

* **5.1 level** — every ministry taking part in a core group (lead, member, chair) should be
  there at secretary-general level: a warning for each one represented below it, an info where
  the sources do not give the level, and an info naming each source's level where the sources
  disagree on it. Observers (who attend some meetings only) are listed as info and not held to
  the level. Agencies are not ministries: the rule does not apply to them.
* **5.1 lead** — exactly one lead ministry at every date from the start to the date checked.
  Rolling leadership (7.4) is allowed: the lead may change, but never be missing or doubled.
* **5.3** — a core group not anchored in the government, or whose anchoring the sources do not
  state, is an info (the guideline says anchoring *may* be needed).
"""

from __future__ import annotations

from datetime import date, timedelta

from kggraph.analyses.findings import Evidence, Finding
from kggraph.model.records import Entity, Membership, Model

from .common import Context, per_group
from .options import DEFAULTS, CheckOptions

__all__ = ["RULES", "check_anchoring", "check_government", "check_lead", "check_levels"]

RULES = ("5.1", "5.3")

_TOP = "secretary-general"
_TAKING_PART = {"lead", "member", "chair"}


def check_anchoring(
    model: Model, at: date, lang: str = "nb", options: CheckOptions = DEFAULTS
) -> list[Finding]:
    """All anchoring findings for the core groups active on ``at``."""
    return per_group(model, at, lang, options, (check_levels, check_lead, check_government))


def _ministry_memberships(ctx: Context, g: Entity) -> dict[str, list[Membership]]:
    by_member: dict[str, list[Membership]] = {}
    for m in ctx.memberships(g.iri):
        member = ctx.model.entities.get(m.member)
        if member and member.type == "Ministry":
            by_member.setdefault(m.member, []).append(m)
    return by_member


def _rank(ctx: Context, level: str) -> int:
    c = ctx.model.concepts.get(f"https://w3id.org/kggraph/level/{level}")
    return c.rank if c and c.rank is not None else 99


def check_levels(ctx: Context, g: Entity) -> list[Finding]:
    """5.1: each participating ministry at secretary-general level (observers listed)."""
    out = []
    for _, ms in sorted(_ministry_memberships(ctx, g).items(), key=lambda kv: kv[0]):
        taking_part = [m for m in ms if m.role in _TAKING_PART]
        if not taking_part:
            out += [_observer(ctx, g, m) for m in ms if m.role == "observer"][:1]
            continue
        best = min(taking_part, key=lambda m: _rank(ctx, m.level))
        if best.level == _TOP:
            continue
        out.append(_level_finding(ctx, g, best))
    return out


def _level_finding(ctx: Context, g: Entity, m: Membership) -> Finding:
    who, level = ctx.name(m.member), ctx.level(m.level)
    if m.level_claims:
        return _disputed_level(ctx, g, m)
    if m.level == "unknown":
        message = ctx.t(
            f"{who} deltar i {g.notation}, men kildene sier ikke på hvilket nivå; "
            f"om departementet er forankret på departementsrådsnivå, er ukjent.",
            f"{who} takes part in {g.notation}, but the sources do not give the level; "
            f"whether the ministry is anchored at secretary-general level is unknown.",
        )
        severity = "info"
    else:
        message = ctx.t(
            f"{who} er representert i {g.notation} på nivået {level}, under departementsråd.",
            f"{who} is represented in {g.notation} at the level {level}, below secretary-general.",
        )
        severity = "warning"
    evidence = [ctx.membership_evidence(m)]
    if m.comment:
        evidence.append(ctx.note(m.comment, m.sources))
    return ctx.finding(
        "5.1", severity, g.notation, message, (who,), evidence, {"level": m.level, "role": m.role}
    )


def _disputed_level(ctx: Context, g: Entity, m: Membership) -> Finding:
    """5.1 where the sources disagree on the level: an info naming each source's level.

    An info, not a warning: one source's account meets the guideline point and the other's
    does not, and kggraph does not decide between its sources (data/README.md).
    """
    who, levels = ctx.name(m.member), ctx.model.level_label(m, ctx.lang)
    message = ctx.t(
        f"Kildene er uenige om nivået {who} deltar på i {g.notation}: {levels}; om "
        f"departementet er forankret på departementsrådsnivå, avhenger av hvilken kilde som "
        f"har rett.",
        f"The sources disagree on the level at which {who} takes part in {g.notation}: "
        f"{levels}; whether the ministry is anchored at secretary-general level depends on "
        f"which source is right.",
    )
    evidence = [
        Evidence(f"{who}: {ctx.level(c.value)}", ctx.cites(c.sources)) for c in m.level_claims
    ]
    if m.comment:
        evidence.append(ctx.note(m.comment, m.sources))
    details = {"level": m.level, "role": m.role, "claims": [c.value for c in m.level_claims]}
    return ctx.finding("5.1", "info", g.notation, message, (who,), evidence, details)


def _observer(ctx: Context, g: Entity, m: Membership) -> Finding:
    who = ctx.name(m.member)
    message = ctx.t(
        f"{who} deltar bare på enkelte møter i {g.notation} (observatør); kravet om "
        f"departementsrådsnivå gjelder ikke observatører.",
        f"{who} attends only some meetings of {g.notation} (observer); the secretary-general "
        f"requirement does not apply to observers.",
    )
    return ctx.finding(
        "5.1", "info", g.notation, message, (who,), [ctx.membership_evidence(m)], {"role": m.role}
    )


def _lead_memberships(ctx: Context, g: Entity) -> list[Membership]:
    return [
        m
        for m in ctx.memberships(g.iri, held=False)
        if m.role == "lead" and ctx.model.entities.get(m.member, g).type == "Ministry"
    ]


def _change_points(ctx: Context, g: Entity, leads: list[Membership]) -> list[date]:
    """Dates from the group's start up to the date checked where the set of leads may change."""
    first = g.active.start.effective() if g.active.start else None
    points = {first} if first else set()
    for m in leads:
        for interval in (m.during, ctx.model.entities[m.member].active):
            if interval.start and interval.start.effective():
                points.add(interval.start.effective())
            if interval.end and interval.end.effective():
                points.add(interval.end.effective() + timedelta(days=1))
    lower = first or min(points, default=ctx.at)
    return sorted(p for p in points | {ctx.at} if lower <= p <= ctx.at)


def lead_segments(ctx: Context, g: Entity) -> list[tuple[date, date, tuple[str, ...]]]:
    """The periods (first, last, leads) from the start of ``g`` to the date checked."""
    leads = _lead_memberships(ctx, g)
    points = _change_points(ctx, g, leads)
    segments: list[tuple[date, date, tuple[str, ...]]] = []
    for k, when in enumerate(points):
        last = points[k + 1] - timedelta(days=1) if k + 1 < len(points) else ctx.at
        who = tuple(sorted({m.member for m in leads if ctx.model.holds(m, when)}))
        if segments and segments[-1][2] == who:
            segments[-1] = (segments[-1][0], last, who)
        elif last >= when:
            segments.append((when, last, who))
    return segments


def check_lead(ctx: Context, g: Entity) -> list[Finding]:
    """5.1/7.4: exactly one lead ministry now, and at every date since the start."""
    segments = lead_segments(ctx, g)
    leads = _lead_memberships(ctx, g)
    evidence = [ctx.membership_evidence(m) for m in leads]
    out = []
    for first, last, who in segments:
        if len(who) == 1:
            continue
        now = first <= ctx.at <= last
        names = tuple(ctx.name(w) for w in who)
        period = f"{first.isoformat()} – {last.isoformat()}"
        if not who:
            message = ctx.t(
                f"{g.notation} har ikke noe lederdepartement i perioden {period}.",
                f"{g.notation} has no lead ministry in the period {period}.",
            )
        else:
            message = ctx.t(
                f"{g.notation} har flere lederdepartementer samtidig ({', '.join(names)}) i "
                f"perioden {period}; rullerende lederskap (7.4) er ett om gangen.",
                f"{g.notation} has several lead ministries at once ({', '.join(names)}) in the "
                f"period {period}; rolling leadership (7.4) means one at a time.",
            )
        out.append(
            ctx.finding(
                "5.1",
                "error" if now else "warning",
                g.notation,
                message,
                names,
                evidence,
                {"first": first.isoformat(), "last": last.isoformat(), "leads": list(names)},
            )
        )
    return out


def check_government(ctx: Context, g: Entity) -> list[Finding]:
    """5.3: no government anchoring, or anchoring the sources do not state (info)."""
    anchoring = g.government_anchoring
    value = ctx.model.concept_notation(anchoring.value) if anchoring else "unknown"
    if value == "yes":
        return []
    if value == "no":
        message = ctx.t(
            f"{g.notation} er ikke forankret i regjeringen.",
            f"{g.notation} is not anchored in the government.",
        )
    else:
        message = ctx.t(
            f"Kildene sier ikke om {g.notation} er forankret i regjeringen.",
            f"The sources do not say whether {g.notation} is anchored in the government.",
        )
    said = ctx.concept(anchoring.value) if anchoring else ctx.t("ukjent", "unknown")
    fact = ctx.t(
        f"{g.notation}: regjeringsforankret = {said}",
        f"{g.notation}: anchored in the government = {said}",
    )
    evidence = [Evidence(fact, ctx.cites(anchoring.sources if anchoring else g.sources))]
    return [ctx.finding("5.3", "info", g.notation, message, (), evidence, {"value": value})]

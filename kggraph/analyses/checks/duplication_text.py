"""The words of a 2.4 finding: the score and its three factors, each shared participant with its
weight, the convenors kept apart, the words and themes that meet, and the evidence with its
sources (see :mod:`.duplication` for the score)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kggraph.analyses.findings import Evidence, Finding
from kggraph.analyses.overlap import families, family_members
from kggraph.analyses.subjects import THEME
from kggraph.model.records import Membership, Model

from .common import Context

if TYPE_CHECKING:
    from .duplication import PairScore

__all__ = ["FamilyMembers", "finding"]

_SHOWN_TERMS = 8


class FamilyMembers:
    """Each structure's family memberships on a date, worked out once per structure."""

    def __init__(self, model: Model, at: date) -> None:
        self.model, self.at = model, at
        self.family = families(model, at)
        self.cache: dict[str, dict[str, list[Membership]]] = {}

    def __call__(self, iri: str) -> dict[str, list[Membership]]:
        if iri not in self.cache:
            parts = self.family.get(iri, (iri,))
            self.cache[iri] = family_members(self.model, self.at, iri, parts)
        return self.cache[iri]


def _period_text(ctx: Context, p: PairScore) -> str:
    first, last = p.period
    since = first.isoformat() if first else ctx.t("start", "the start")
    if last is None:
        return ctx.t(f"fra {since}, uten slutt", f"from {since}, open-ended")
    days = (last - first).days + 1 if first else None
    length = ctx.t(f"{days} dager", f"{days} days") if days else "?"
    return f"{since} – {last.isoformat()} ({length})"


def _term(ctx: Context, term: str) -> str:
    return ctx.concept(term[len(THEME) :]) if term.startswith(THEME) else f"«{term}»"


def meeting_text(ctx: Context, p: PairScore) -> str:
    """The terms that make the subjects meet, heaviest first: words in «», themes by label,
    a broader and a narrower theme as ``a ~ b``."""
    shown = [
        _term(ctx, a) if a == b else f"{_term(ctx, a)} ~ {_term(ctx, b)}"
        for a, b, _ in p.meeting[:_SHOWN_TERMS]
    ]
    more = len(p.meeting) - len(shown)
    return ", ".join(shown) + (ctx.t(f" og {more} til", f" and {more} more") if more > 0 else "")


def _shared_text(ctx: Context, p: PairScore) -> str:
    text = ", ".join(f"{ctx.name(o)} {w:.2f}" for o, w in p.shared)
    if p.weighed_among is None:
        return text
    c = ctx.name(p.weighed_among)
    return text + ctx.t(
        f", vektet blant strukturene {c} leder", f", weighed among {c}'s structures"
    )


def _convenors_text(ctx: Context, p: PairScore) -> str:
    if not p.convenors:
        return ""
    names = ", ".join(ctx.name(o) for o in p.convenors)
    return ctx.t(
        f"; leder eller sekretariat for begge, ikke talt med: {names}",
        f"; lead or secretariat of both, not counted: {names}",
    )


def finding(ctx: Context, p: PairScore, members: FamilyMembers) -> Finding:
    """The 2.4 finding for a scored pair."""
    o = ctx.options
    a, b = ctx.name(p.subject), ctx.name(p.other)
    error = p.score >= o.duplicate_error
    smaller = min(p.size_subject, p.size_other)
    figures = (
        f"{p.member_score:.2f} × {p.subject_score:.2f} × {p.time_score:.2f} = {p.score:.2f} ≥ "
        f"{o.duplicate_error if error else o.duplicate_warning:.2f}"
    )
    head = ctx.t(
        f"{a} dublerer {b}" if error else f"{a} og {b} kan dublere hverandre",
        f"{a} duplicates {b}" if error else f"{a} and {b} may duplicate each other",
    )
    message = ctx.t(
        f"{head} (skår {figures}): de deler {len(p.shared)} av {smaller} deltakere, med vekt "
        f"({_shared_text(ctx, p)}{_convenors_text(ctx, p)}), emnene møtes i "
        f"{meeting_text(ctx, p)}, og de virker side om side {_period_text(ctx, p)}.",
        f"{head} (score {figures}): they share {len(p.shared)} of {smaller} participants, "
        f"weighed ({_shared_text(ctx, p)}{_convenors_text(ctx, p)}), their subjects meet in "
        f"{meeting_text(ctx, p)}, and they run side by side {_period_text(ctx, p)}.",
    )
    details = {
        "score": round(p.score, 3),
        "members": round(p.member_score, 3),
        "subject": round(p.subject_score, 3),
        "time": round(p.time_score, 3),
        "threshold": o.duplicate_error if error else o.duplicate_warning,
        "shared": [ctx.name(s) for s, _ in p.shared],
        "weights": {ctx.name(s): round(w, 3) for s, w in p.shared},
        "convenors": [ctx.name(s) for s in p.convenors],
        "weighed_among": ctx.name(p.weighed_among) if p.weighed_among else None,
        "meeting": [[_term(ctx, t).strip("«»") for t in (x, y)] for x, y, _ in p.meeting],
    }
    severity = "error" if error else "warning"
    return ctx.finding("2.4", severity, a, message, (b,), _evidence(ctx, p, members), details)


def _evidence(ctx: Context, p: PairScore, members: FamilyMembers) -> list[Evidence]:
    es, eo = ctx.model.entities[p.subject], ctx.model.entities[p.other]
    mine, theirs = members(p.subject), members(p.other)
    out = []
    for org, weight in p.shared:
        here, there = mine[org][0], theirs[org][0]
        fact = ctx.t(
            f"{ctx.name(org)} (vekt {weight:.2f}) deltar i begge: "
            f"{ctx.name(here.organization)} ({ctx.role(here.role)}) og "
            f"{ctx.name(there.organization)} ({ctx.role(there.role)})",
            f"{ctx.name(org)} (weight {weight:.2f}) takes part in both: "
            f"{ctx.name(here.organization)} ({ctx.role(here.role)}) and "
            f"{ctx.name(there.organization)} ({ctx.role(there.role)})",
        )
        out.append(Evidence(fact, ctx.cites((*here.sources, *there.sources))))
    for x, y in p.themes:
        fact = ctx.t(
            f"Tema: {es.notation} «{ctx.concept(x)}», {eo.notation} «{ctx.concept(y)}»",
            f"Theme: {es.notation} «{ctx.concept(x)}», {eo.notation} «{ctx.concept(y)}»",
        )
        out.append(Evidence(fact, ctx.cites((*es.sources, *eo.sources))))
    for e in (es, eo):
        out.append(ctx.period_evidence(e))
    o = ctx.options
    out.append(
        Evidence(
            ctx.t(
                f"Skår = deltakere {p.member_score:.2f} × emne {p.subject_score:.2f} × tid "
                f"{p.time_score:.2f} = {p.score:.2f}; advarsel fra {o.duplicate_warning:.2f}, "
                f"feil fra {o.duplicate_error:.2f}",
                f"Score = members {p.member_score:.2f} × subject {p.subject_score:.2f} × time "
                f"{p.time_score:.2f} = {p.score:.2f}; warning from {o.duplicate_warning:.2f}, "
                f"error from {o.duplicate_error:.2f}",
            ),
            ctx.t("kggraph check (terskler)", "kggraph check (thresholds)"),
        )
    )
    return out

"""The evaluators' own judgements (``kg:Assessment``), shown beside the computed findings.

These are not kggraph's findings: the report judges a structure against a guideline point in
words no rule here reproduces (Klima's mandate «fremstår ikke … tydelig», Kompetanse «kan ikke
… sies å oppfylle kriteriene»). Each becomes a :class:`Finding` of severity ``assessment``,
about the structure's core group, with the evaluators' words as the message and the guideline
point as its rule. They count as neither errors nor warnings.
"""

from __future__ import annotations

from datetime import date

from kggraph.analyses.findings import Evidence, Finding
from kggraph.model.records import Assessment, Entity, Model

from .common import Context
from .options import DEFAULTS, CheckOptions

__all__ = ["RULES", "check_assessments"]

_POINTS = {"1": 3, "2": 4, "3": 6, "4": 7, "5": 3, "6": 4, "7": 9, "8": 3}
RULES: tuple[str, ...] = tuple(
    rule
    for chapter, count in _POINTS.items()
    for rule in (chapter, *(f"{chapter}.{k}" for k in range(1, count + 1)))
)
"""Every point of the guidelines (000 ch. 1–8): the evaluators may judge against any."""

_VERDICTS = {
    "yes": ("oppfylt", "met"),
    "no": ("ikke oppfylt", "not met"),
    "partly": ("delvis oppfylt", "partly met"),
}


def check_assessments(
    model: Model, at: date, lang: str = "nb", options: CheckOptions = DEFAULTS
) -> list[Finding]:
    """The assessments that hold on ``at`` about the active core groups and their parts."""
    ctx = Context(model, at, lang, options)
    groups = {g.iri: g for g in ctx.core_groups}
    out = []
    for a in model.assessments:
        about = model.entities.get(a.about)
        group = _core_group_of(model, about, groups) if about else None
        held = a.during.contains(at) and about is not None and about.active.contains(at)
        if held and group is not None:
            out.append(_finding(ctx, a, about, group))
    return out


def _core_group_of(model: Model, e: Entity, groups: dict[str, Entity]) -> Entity | None:
    """The active core group ``e`` is, or is a part of (at any depth)."""
    todo, seen = [e.iri], set()
    while todo:
        iri = todo.pop()
        if iri in groups:
            return groups[iri]
        seen.add(iri)
        whole = model.entities.get(iri)
        todo += [p for p in (whole.part_of if whole else ()) if p not in seen]
    return None


def _finding(ctx: Context, a: Assessment, about: Entity, group: Entity) -> Finding:
    nb, en = _VERDICTS.get(a.verdict, (a.verdict, a.verdict))
    verdict = ctx.t(nb, en)
    message = ctx.t(
        f"Evaluatorenes vurdering (kildenes, ikke kggraphs): «{a.quote}»",
        f"The evaluators' assessment (the sources', not kggraph's): «{a.quote}»",
    )
    evidence = [
        ctx.fact(
            f"{about.notation}: punkt {a.guideline} {verdict} ifølge kilden",
            f"{about.notation}: point {a.guideline} {verdict} according to the source",
            a.sources,
        )
    ]
    if a.comment.get("en") and ctx.lang == "en":
        evidence.append(Evidence(a.comment["en"], ctx.cites(a.sources)))
    related = (about.notation,) if about.iri != group.iri else ()
    details = {"kind": "assessment", "verdict": a.verdict, "assessment": a.iri}
    return ctx.finding(
        a.guideline, "assessment", group.notation, message, related, evidence, details
    )

"""Steering lines (6.1, 6.4): an assignment reaches an agency through its own ministry.

Core groups «endrer ikke de ordinære styringslinjene» (6.1), and steering signals to agencies
belong in the steering dialogue (6.4). An assignment given to an agency whose parent ministry
(or a ministry that also steers it, ``kg:alsoSteeredBy``) is not among the issuers bypasses
that line: a warning per agency. When a structure issues the assignment, its member ministries
on the assignment's date (or the date checked) are the issuers.
"""

from __future__ import annotations

from datetime import date

from kggraph.analyses.findings import Finding
from kggraph.model.records import Assignment, Model

from .common import Context
from .options import DEFAULTS, CheckOptions

__all__ = ["RULES", "check_steering", "issuing_ministries"]

RULES = ("6.1",)


def check_steering(
    model: Model, at: date, lang: str = "nb", options: CheckOptions = DEFAULTS
) -> list[Finding]:
    """Every assignment given by ``at`` whose assignee's own ministry is not an issuer.

    An undated assignment counts from the date checked, if every structure issuing it is
    active then (a structure cannot give assignments before it exists).
    """
    ctx = Context(model, at, lang, options)
    out: list[Finding] = []
    for a in model.assignments:
        given = a.when.effective() if a.when else None
        when = given or at
        if when > at or not _issuers_exist(model, a, when):
            continue
        out += _check_assignment(ctx, a, when)
    return out


def _issuers_exist(model: Model, a: Assignment, when: date) -> bool:
    issuers = [model.entities[i] for i in a.issuers if i in model.entities]
    return all(e.is_organisation or e.active.contains(when) for e in issuers)


def issuing_ministries(model: Model, a: Assignment, when: date) -> dict[str, str]:
    """The ministries behind an assignment: each issuer that is a ministry, and the member
    ministries (any role) of each issuer that is a structure, on ``when``.

    Returns ministry IRI → the issuer it stands for.
    """
    out: dict[str, str] = {}
    for issuer in a.issuers:
        e = model.entities.get(issuer)
        if e is None:
            continue
        if e.type == "Ministry":
            out.setdefault(issuer, issuer)
            continue
        for m in model.memberships_in.get(issuer, []):
            member = model.entities.get(m.member)
            if member and member.type == "Ministry" and model.holds(m, when):
                out.setdefault(m.member, issuer)
    return out


def _subject(ctx: Context, a: Assignment) -> str:
    for issuer in sorted(a.issuers):
        e = ctx.model.entities.get(issuer)
        if e is not None and not e.is_organisation:
            return e.notation
    return a.iri.rsplit("/", 1)[-1]


def _check_assignment(ctx: Context, a: Assignment, when: date) -> list[Finding]:
    ministries = issuing_ministries(ctx.model, a, when)
    title = a.labels.get(ctx.lang) or a.labels.get("nb") or a.iri
    out = []
    for assignee in sorted(a.assignees):
        agency = ctx.model.entities.get(assignee)
        if agency is None or agency.type != "Agency" or agency.parent is None:
            continue
        lines = {agency.parent, *agency.also_steered_by}
        if lines & set(ministries):
            continue
        parent = ctx.name(agency.parent)
        issuers = sorted({ctx.name(i) for i in a.issuers})
        behind = sorted(ctx.name(m) for m in ministries)
        message = ctx.t(
            f"Oppdraget «{title}» går til {agency.notation}, men overordnet departement "
            f"({parent}) er ikke blant dem som gir det ({', '.join(behind) or '–'}).",
            f"The assignment «{title}» goes to {agency.notation}, but its parent ministry "
            f"({parent}) is not among those giving it ({', '.join(behind) or '–'}).",
        )
        evidence = [
            ctx.fact(
                f"Gitt av {', '.join(issuers)} til {agency.notation}",
                f"Given by {', '.join(issuers)} to {agency.notation}",
                a.sources,
            ),
            ctx.entity_evidence(
                agency,
                ctx.t(
                    f"{agency.notation}: overordnet departement {parent}",
                    f"{agency.notation}: parent ministry {parent}",
                ),
            ),
        ]
        related = (agency.notation, parent)
        details = {"assignment": a.iri, "issuing_ministries": behind}
        out.append(
            ctx.finding("6.1", "warning", _subject(ctx, a), message, related, evidence, details)
        )
    return out

"""Few core groups at a time (4.6): «Det skal til enhver tid være få operative kjernegrupper».

The number of core groups active on the date is compared with ``few_core_groups`` (default 5:
the report evaluates five groups in 2024 and does not call that too many, while it warns
against letting the trial «ese ut»). More than that is a warning about all of them.
"""

from __future__ import annotations

from datetime import date

from kggraph.analyses.findings import Finding
from kggraph.model.records import Model

from .common import Context
from .options import DEFAULTS, CheckOptions

__all__ = ["RULES", "SUBJECT", "check_capacity"]

RULES = ("4.6",)
SUBJECT = "CoreGroup"


def check_capacity(
    model: Model, at: date, lang: str = "nb", options: CheckOptions = DEFAULTS
) -> list[Finding]:
    """One warning when more than ``options.few_core_groups`` core groups are active."""
    ctx = Context(model, at, lang, options)
    groups = ctx.core_groups
    few = options.few_core_groups
    if len(groups) <= few:
        return []
    names = [g.notation for g in groups]
    message = ctx.t(
        f"{len(groups)} kjernegrupper er virksomme {at.isoformat()} ({', '.join(names)}); "
        f"retningslinjene sier få, her høyst {few}.",
        f"{len(groups)} core groups are active on {at.isoformat()} ({', '.join(names)}); the "
        f"guidelines say few, here at most {few}.",
    )
    evidence = [ctx.period_evidence(g) for g in groups]
    details = {"active": len(groups), "few": few}
    return [ctx.finding("4.6", "warning", SUBJECT, message, names, evidence, details)]

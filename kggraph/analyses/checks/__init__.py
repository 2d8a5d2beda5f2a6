"""The guideline checks: pure functions from the model, a date and options to findings.

Each family lives in its own module and names the rules it can report:

========================  =====================================================
module                    rules
========================  =====================================================
:mod:`.duplication`       2.4 (no duplication of other structures)
:mod:`.anchoring`         5.1 (secretary-general level, one lead), 5.3 (government)
:mod:`.organisation`      4.1 (mandate), 7.3 (secretariat), 6.2 (lead agency), DFØ 5.2
:mod:`.steering`          6.1 (ordinary steering lines)
:mod:`.capacity`          4.6 (few core groups at a time)
:mod:`.assessments`       any point: the evaluators' own judgements, severity assessment
========================  =====================================================

>>> from kggraph.sources.load import load_model  # doctest: +SKIP
>>> found = run_checks(load_model(), date(2024, 6, 30), rules=["DFØ 5.2"])  # doctest: +SKIP
>>> sorted(f.subject for f in found)  # doctest: +SKIP
['Klima', 'Kompetanse', 'VA']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from kggraph.analyses.findings import SEVERITIES, Finding
from kggraph.errors import KgError
from kggraph.model.names import normalise
from kggraph.model.records import Model

from . import anchoring, assessments, capacity, duplication, organisation, steering
from .options import DEFAULTS, CheckOptions

__all__ = [
    "CHECKS",
    "DEFAULTS",
    "CheckOptions",
    "RULES",
    "match_rules",
    "run_checks",
    "sort_findings",
]

Check = Callable[[Model, date, str, CheckOptions], list[Finding]]

CHECKS: tuple[tuple[tuple[str, ...], Check], ...] = (
    (duplication.RULES, duplication.check_duplication),
    (anchoring.RULES, anchoring.check_anchoring),
    (organisation.RULES, organisation.check_organisation),
    (steering.RULES, steering.check_steering),
    (capacity.RULES, capacity.check_capacity),
    (assessments.RULES, assessments.check_assessments),
)

RULES: tuple[str, ...] = tuple(sorted({r for rules, _ in CHECKS for r in rules}))


def _key(rule: str) -> str:
    return normalise(rule.replace("DFØ", "dfo").replace("DFO", "dfo"))


def _matches(wanted: str, rule: str) -> bool:
    """``4`` matches ``4.1`` and ``4.6``; ``DFØ 5.2`` matches itself (also written ``dfo-5.2``)."""
    w, r = _key(wanted), _key(rule)
    return r == w or r.startswith(w + " ")


def match_rules(wanted: Iterable[str]) -> set[str]:
    """The rules the checks report that ``wanted`` asks for; an unknown rule is a KgError.

    >>> sorted(match_rules(["5"]))
    ['5', '5.1', '5.2', '5.3']
    >>> sorted(match_rules(["dfo 5.2"]))
    ['DFØ 5.2']
    """
    out: set[str] = set()
    for w in wanted:
        hits = {r for r in RULES if _matches(w, r)}
        if not hits:
            raise KgError(f"unknown rule '{w}'; the checks report: {', '.join(RULES)}")
        out |= hits
    return out


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then by rule, subject and related."""
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (order[f.severity], _key(f.rule), f.subject, f.related))


def run_checks(
    model: Model,
    at: date,
    lang: str = "nb",
    rules: Iterable[str] | None = None,
    options: CheckOptions = DEFAULTS,
    progress: Callable[[int, int], None] | None = None,
) -> list[Finding]:
    """Run every check (or those reporting ``rules``) on ``at``; findings most severe first.

    ``progress(done, total)`` hears of each check done, for a progress bar on large data.
    """
    wanted = match_rules(rules) if rules else set(RULES)
    chosen = [check for reported, check in CHECKS if wanted & set(reported)]
    out: list[Finding] = []
    for done, check in enumerate(chosen, 1):
        out += [f for f in check(model, at, lang, options) if f.rule in wanted]
        if progress:
            progress(done, len(chosen))
    return sort_findings(out)

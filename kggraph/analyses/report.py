"""What the one-page report shows on a date, worked out once: the active structures, the
ministries' seats in the core groups, the pairs of groups sharing members, and the findings.

The HTML renderer (:mod:`kggraph.render.html.report_html`) only draws this value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kggraph.analyses import queries
from kggraph.analyses.change import Change
from kggraph.analyses.findings import Finding
from kggraph.analyses.seats import GroupPair, Participation, group_pairs, participation
from kggraph.model.records import Model

__all__ = ["ReportContent", "report_content"]


@dataclass(frozen=True)
class ReportContent:
    """The report's figures on ``at``: structure rows (as ``kggraph structures`` gives them),
    the ministries × core groups seats, every pair of core groups sharing organisations, and
    the findings; with ``since``, the changes from that date to ``at``."""

    at: date
    structures: list[dict]
    participation: Participation
    pairs: list[GroupPair]
    findings: tuple[Finding, ...]
    since: date | None = None
    changes: tuple[Change, ...] = ()


def report_content(
    model: Model,
    at: date,
    findings: Sequence[Finding] = (),
    lang: str = "nb",
    since: tuple[date, Sequence[Change]] | None = None,
) -> ReportContent:
    """The report's figures on ``at``, with ``findings`` from the checks and, for a section
    "What changed since DATE", ``since``: the date and the changes from it (both worked out by
    the caller, as for ``kggraph diff``)."""
    return ReportContent(
        at=at,
        structures=queries.structures(model, at, lang),
        participation=participation(model, at, "ministries"),
        pairs=group_pairs(model, at),
        findings=tuple(findings),
        since=since[0] if since else None,
        changes=tuple(since[1]) if since else (),
    )

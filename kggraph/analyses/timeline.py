"""A structure's or organisation's story in order, and the days on which the graph changes.

:func:`change_days` lists the days on which anything in a scope can be different from the day
before (a membership, a structure or an organisation starts or ends, a mandate is set, a
reorganisation takes effect), by the effective dates every query uses. :func:`history` walks
those days and reports, step by step, what :func:`~kggraph.analyses.changes.diff` finds; the
picture's date slider shows the graph on the same days.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from kggraph.analyses.change import Change
from kggraph.analyses.changes import diff, rejoined
from kggraph.analyses.findings import Finding
from kggraph.analyses.scope import Scope
from kggraph.model.dates import Interval
from kggraph.model.records import Model

__all__ = ["DayState", "change_days", "day_states", "history", "slider_days"]


@dataclass(frozen=True)
class DayState:
    """The graph on one day of a period, beyond what the view of that day shows.

    ``maybe`` are the memberships that may or may not hold that day (an unknown start or end
    lies around it); ``findings`` are the checks' findings on that day.
    """

    day: date
    maybe: frozenset[str] = frozenset()
    findings: tuple[Finding, ...] = ()


def _interval_days(interval: Interval) -> Iterator[date]:
    """The first day an interval holds and the first day after it (its end + 1), and where a
    start or end is unknown, the first day it may have come (see ``Interval.certainty``)."""
    first, last = interval.bounds
    if first is not None:
        yield first
    if last is not None:
        yield last + timedelta(days=1)
    start, end = interval.start, interval.end
    if start is not None and not start.known and start.not_before is not None:
        yield start.not_before
    if end is not None and not end.known and end.not_before is not None:
        yield end.not_before + timedelta(days=1)


def change_days(model: Model, scope: Scope) -> list[date]:
    """Every day on which something in ``scope`` can differ from the day before, sorted."""
    days: set[date] = set()
    lives = set(scope.parts)
    for m in scope.memberships(model):
        days.update(_interval_days(m.during))
        lives.update((m.member, m.organization))
    for iri in lives:
        e = model.entities[iri]
        days.update(_interval_days(e.active))
        if e.mandate and e.mandate.date and e.mandate.date.effective():
            days.add(e.mandate.date.effective())
    days.update(ev.when for ev in model.events if ev.when and scope.touches(ev.original))
    return sorted(days)


def history(model: Model, iri: str, lang: str = "nb") -> list[Change]:
    """Every dated change to one structure or organisation, oldest first, with its sources.

    For a structure: its start and end, who joined and left it and its secretariat, changes
    of role, level and lead, its mandate, its parts' starts and ends, and the reorganisations
    that moved a role in it. For an organisation: the same for its own memberships, and the
    reorganisations and renames it went through.
    """
    scope = Scope.of(model, [iri])
    days = change_days(model, scope)
    out: list[Change] = []
    for before, day in zip([d - timedelta(days=1) for d in days[:1]] + days, days, strict=False):
        step = diff(model, before, day, scope, lang)
        out += sorted(step, key=lambda c: ((c.when and c.when.effective()) or day, c.sort_key()))
    return _join_up(model, out, lang)


def _join_up(model: Model, found: list[Change], lang: str) -> list[Change]:
    """A member that left and later came back in the same role at another level: one change
    of level in place of the leaving (FIN in Klima: coordinator until autumn 2023, secretary-
    general from 2024), as :func:`diff` across the gap says too."""
    out: list[Change | None] = list(found)
    for i, left in enumerate(found):
        if left.kind != "left":
            continue
        later = (
            j
            for j in range(i + 1, len(found))
            if found[j].kind == "joined"
            and found[j].member == left.member
            and found[j].subject == left.subject
            and found[j].after == left.before
        )
        j = next(later, None)
        change = rejoined(model, left, found[j], lang) if j is not None else None
        if change is not None:
            out[i], out[j] = None, change
    return [c for c in out if c is not None]


def slider_days(model: Model, first: date, last: date) -> list[date]:
    """``first``, every day in between on which anything in the graph changes, and ``last``:
    the days a picture's date slider steps through."""
    inside = [d for d in change_days(model, Scope.everything(model)) if first < d < last]
    return [first, *inside, last]


def day_states(
    model: Model,
    days: Iterable[date],
    findings_at: Callable[[date], list[Finding]] | None = None,
) -> list[DayState]:
    """The graph's state on each of ``days`` (see :func:`slider_days`): the memberships that may
    or may not hold that day, and with ``findings_at`` (the checks) the day's findings."""
    return [
        DayState(
            day,
            frozenset(m.iri for m in model.memberships if model.certainty(m, day) == "maybe"),
            tuple(findings_at(day)) if findings_at else (),
        )
        for day in days
    ]

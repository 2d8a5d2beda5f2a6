"""Writing synthetic data: subjects in Turtle or N-Triples, shared date and period nodes, and
the coarse and unknown dates the sources give (see :mod:`kggraph.sources.synth`)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

__all__ = [
    "NOTE",
    "Calendar",
    "Pairs",
    "Sink",
    "When",
    "coarse",
    "local_iri",
    "random_day",
    "text",
    "xsd_date",
]

ATTESTED = date(2024, 6, 14)  # an unknown date is bounded by the latest synthetic report


def local_iri(local: str) -> str:
    return f"kgd:{local}"


def text(value: str, lang: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def xsd_date(when: date) -> str:
    return f'"{when.isoformat()}"^^xsd:date'


Pairs = list[tuple[str, str]]


NOTE = "Synthetic data written by `kggraph synth`: not facts."


class Sink(Protocol):
    """Where the subjects go, each with its (predicate, object) pairs in Turtle's spelling
    (:class:`kggraph.render.rdf.TripleWriter`), counting the triples."""

    triples: int

    def subject(self, s: str, pairs: Pairs) -> None:
        """Take one subject with its pairs."""


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class When:
    """A synthetic date: known at a precision, or unknown with an upper bound."""

    day: date | None
    precision: str = "day"

    def key(self) -> str:
        return f"{self.day.isoformat()}-{self.precision}" if self.day else "unknown"


class Calendar:
    """Hands out shared instant and interval IRIs and writes them once, at the end."""

    def __init__(self) -> None:
        self.instants: dict[str, When] = {}
        self.intervals: dict[str, tuple[str | None, str | None]] = {}

    def instant(self, when: When) -> str:
        local = f"synth-t-{when.key()}"
        self.instants.setdefault(local, when)
        return local_iri(local)

    def interval(self, start: When | None, end: When | None) -> str:
        first = start.key() if start else "open"
        last = end.key() if end else "open"
        local = f"synth-p-{first}--{last}"
        if local not in self.intervals:
            self.intervals[local] = (
                self.instant(start) if start else None,
                self.instant(end) if end else None,
            )
        return local_iri(local)

    def write(self, w: Sink) -> None:
        for local in sorted(self.instants):
            when = self.instants[local]
            if when.day is None:
                w.subject(
                    local_iri(local),
                    [("a", "time:Instant"), ("kg:notAfter", xsd_date(ATTESTED))],
                )
                continue
            w.subject(
                local_iri(local),
                [
                    ("a", "time:Instant"),
                    ("time:inXSDDate", xsd_date(when.day)),
                    ("kg:precision", f"kgval:{when.precision}"),
                ],
            )
        for local in sorted(self.intervals):
            start, end = self.intervals[local]
            pairs: Pairs = [("a", "time:Interval")]
            if start:
                pairs.append(("time:hasBeginning", start))
            if end:
                pairs.append(("time:hasEnd", end))
            w.subject(local_iri(local), pairs)


def coarse(day: date, rng: random.Random) -> When:
    """A start as sources give it: mostly a day, sometimes a month, season or year, or unknown."""
    roll = rng.random()
    if roll < 0.55:
        return When(day, "day")
    if roll < 0.75:
        return When(day.replace(day=1), "month")
    if roll < 0.85:
        return When(date(day.year, 9, 1), "season")
    if roll < 0.95:
        return When(date(day.year, 1, 1), "year")
    return When(None)


def random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange(max(1, (last - first).days)))

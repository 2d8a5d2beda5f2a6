"""Dates and intervals as the sources give them: sometimes exact, often coarse, sometimes unknown.

A date the sources give coarsely ("februar 2021", "høsten 2022") is stored as the first day of
its period with a precision. A date they do not give at all has bounds instead: the earliest
and latest it can be. Queries need one date to compare with, the *effective* date: the known
date, or else the latest bound — a start counts from the date the sources first attest it,
an end falls on the last date it can have.

>>> from datetime import date
>>> Instant(date=None, not_after=date(2024, 6, 14)).effective()
datetime.date(2024, 6, 14)
>>> Interval(Instant(date=date(2021, 2, 1)), None).contains(date(2023, 6, 30))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from kggraph.errors import KgError

__all__ = ["Instant", "Interval", "edtf", "parse_iso_date", "today"]


def parse_iso_date(text: str) -> date:
    """Parse an ISO 8601 calendar date (``2024-06-30``), or raise a :class:`KgError`."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise KgError(f"'{text}' is not an ISO 8601 date (YYYY-MM-DD, e.g. 2024-06-30)") from None


def edtf(instant: Instant | None) -> str | None:
    """What every output writes for a start or end: its EDTF string, or None for an open side.

    The one place a date becomes a value in rows (tables, CSV, JSON): an unknown date keeps
    its bounds (``[..2024-06-14]``) instead of reading as open.
    """
    return instant.edtf() if instant is not None else None


def today() -> date:
    """Today's date: the default of every ``--at``."""
    return date.today()


@dataclass(frozen=True)
class Instant:
    """A point in time as the sources give it.

    ``date`` is the known date (first day of its period when ``precision`` is coarser than a
    day), or ``None`` when unknown; ``not_before``/``not_after`` bound an unknown date;
    ``text`` keeps the source's own words. ``inferred_from`` names the citations a date no
    source states rests on (the data say how in ``text``); :meth:`describe` marks it.
    """

    date: date | None = None
    precision: str = "day"
    not_before: date | None = None
    not_after: date | None = None
    text: str | None = None
    inferred_from: tuple[str, ...] = ()

    def effective(self) -> date | None:
        """The date queries compare with: the known date, else the latest bound, else None."""
        return self.date if self.date is not None else self.not_after

    @property
    def known(self) -> bool:
        """True when the sources give the date (at some precision)."""
        return self.date is not None

    def iso(self) -> str | None:
        """The known date in ISO 8601, or None when unknown."""
        return self.date.isoformat() if self.date is not None else None

    def edtf(self) -> str:
        """The date as an ISO 8601-2 (EDTF) string that keeps its precision and bounds.

        A known day stays a plain ISO date; a coarser one is written at its own precision;
        an unknown date is the set of days it can be (``..`` for an open side).

        >>> Instant(date(2024, 6, 30)).edtf()
        '2024-06-30'
        >>> Instant(date(2021, 2, 1), "month").edtf(), Instant(date(2024, 1, 1), "year").edtf()
        ('2021-02', '2024')
        >>> Instant(date(2022, 9, 1), "season").edtf()
        '2022-23'
        >>> Instant(date(2021, 8, 1), "approximate").edtf()
        '2021-08~'
        >>> Instant(None, "unknown", not_after=date(2024, 6, 14)).edtf()
        '[..2024-06-14]'
        >>> Instant(None, "unknown", date(2023, 9, 1), date(2023, 11, 30)).edtf()
        '[2023-09-01..2023-11-30]'
        """
        if self.date is not None:
            iso = self.date.isoformat()
            if self.precision == "season":
                return f"{iso[:4]}-{_EDTF_SEASONS.get(self.date.month, iso[5:7])}"
            return {"month": iso[:7], "year": iso[:4], "approximate": iso[:7] + "~"}.get(
                self.precision, iso
            )
        if self.not_before is None and self.not_after is None:
            return "XXXX-XX-XX"
        first = self.not_before.isoformat() if self.not_before else ""
        last = self.not_after.isoformat() if self.not_after else ""
        return f"[{first}..{last}]"

    def span(self) -> tuple[date | None, date | None]:
        """The first and last day the date can be (None: no bound).

        >>> Instant(date(2024, 1, 1), "year").span()
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
        """
        if self.date is None:
            return self.not_before, self.not_after
        months = {"month": 1, "season": 3, "year": 12}.get(self.precision)
        if months is None:
            return self.date, self.date
        month = self.date.month - 1 + months
        after = date(self.date.year + month // 12, month % 12 + 1, 1)
        return self.date, after - timedelta(days=1)

    def describe(self, lang: str = "nb") -> str:
        """A short human text at the date's own precision.

        >>> Instant(date(2021, 2, 1), "month").describe()
        '2021-02'
        >>> Instant(date(2022, 9, 1), "season").describe("en")
        'autumn 2022'
        >>> Instant(None, "unknown", not_after=date(2024, 6, 14)).describe("en")
        'unknown ≤2024-06-14'
        >>> Instant(None, "unknown", date(2023, 9, 1), date(2023, 11, 30)).describe()
        '2023-09-01…2023-11-30'
        >>> Instant(None, "unknown", None, date(2023, 1, 1), inferred_from=("c",)).describe()
        'ukjent ≤2023-01-01 (utledet)'
        """
        text = self._describe(lang)
        if self.inferred_from:
            text += " (utledet)" if lang == "nb" else " (inferred)"
        return text

    def _describe(self, lang: str) -> str:
        if self.date is not None:
            if self.precision == "month":
                return self.date.isoformat()[:7]
            if self.precision == "year":
                return self.date.isoformat()[:4]
            if self.precision == "season":
                return _season(self.date, lang)
            if self.precision == "approximate":
                return ("ca. " if lang == "nb" else "c. ") + self.date.isoformat()[:7]
            return self.date.isoformat()
        unknown = "ukjent" if lang == "nb" else "unknown"
        if self.not_before and self.not_after:
            return f"{self.not_before.isoformat()}…{self.not_after.isoformat()}"
        return f"{unknown} ≤{self.not_after.isoformat()}" if self.not_after else unknown


_EDTF_SEASONS = {3: "21", 6: "22", 9: "23", 12: "24"}  # ISO 8601-2 spring … winter

_SEASONS = {
    3: ("våren", "spring"),
    6: ("sommeren", "summer"),
    9: ("høsten", "autumn"),
    12: ("vinteren", "winter"),
}


def _season(first_day: date, lang: str) -> str:
    """'høsten 2022' / 'autumn 2022' for a season stored as its first day."""
    nb, en = _SEASONS.get(first_day.month, (first_day.isoformat()[:7], first_day.isoformat()[:7]))
    return f"{nb if lang == 'nb' else en} {first_day.year}"


@dataclass(frozen=True)
class Interval:
    """A period with a start and an end; ``None`` for an open side (no start given, still on)."""

    start: Instant | None = None
    end: Instant | None = None

    def contains(self, when: date) -> bool:
        """Whether the period covers ``when`` (both ends inclusive, effective dates).

        A side whose effective date is unknown (no date, no bound) does not limit the period.
        """
        first, last = self.bounds
        return (first is None or first <= when) and (last is None or when <= last)

    def certainty(self, when: date) -> str:
        """'yes' when the period surely covers ``when``, 'no' when it surely does not, and
        'maybe' when that hangs on a date the sources do not give (``when`` lies between the
        bounds of an unknown start or end). A coarse known date counts from its first day.

        >>> start = Instant(None, "unknown", not_after=date(2024, 6, 14))
        >>> [Interval(start).certainty(date(y, 6, 30)) for y in (2023, 2024)]
        ['maybe', 'yes']
        """
        first = _surely(self.start, when, after=True)
        last = _surely(self.end, when, after=False)
        if "no" in (first, last):
            return "no"
        return "yes" if first == last == "yes" else "maybe"

    @cached_property
    def bounds(self) -> tuple[date | None, date | None]:
        """The effective first and last day (None: open or unknown), worked out once."""
        return (
            self.start.effective() if self.start else None,
            self.end.effective() if self.end else None,
        )

    def common(self, other: Interval) -> tuple[date | None, date | None] | None:
        """The period both run side by side as ``(first, last)`` (None = open), or None if never.

        >>> a = Interval(Instant(date(2021, 1, 1)), Instant(date(2021, 12, 31)))
        >>> a.common(Interval(Instant(date(2021, 6, 1)), None))
        (datetime.date(2021, 6, 1), datetime.date(2021, 12, 31))
        """
        firsts = [i.start.effective() for i in (self, other) if i.start and i.start.effective()]
        lasts = [i.end.effective() for i in (self, other) if i.end and i.end.effective()]
        first = max(firsts) if firsts else None
        last = min(lasts) if lasts else None
        if first is not None and last is not None and first > last:
            return None
        return first, last


def _surely(side: Instant | None, when: date, after: bool) -> str:
    """Whether ``when`` is surely on the inner side of a period's start (``after``) or end."""
    if side is None:
        return "yes"
    if side.known:
        first = last = side.date
    else:
        first, last = side.not_before, side.not_after
    inside = (last is None or when >= last) if after else (first is None or when <= first)
    if inside and (last is not None if after else first is not None):
        return "yes"
    outside = (first is not None and when < first) if after else (last is not None and when > last)
    return "no" if outside else "maybe"

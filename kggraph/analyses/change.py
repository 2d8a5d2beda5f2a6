"""The one record of a change between two dates, and how its date reads.

A :class:`Change` is what ``kggraph diff`` and ``kggraph history`` list and the report's
"What changed since" shows: its kind, what it is about, the old and new value, when it
happened as the sources date it (an unknown date keeps its bounds) and its sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kggraph.model.dates import Instant, edtf

__all__ = ["CHANGE_COLUMNS", "KINDS", "NO_LEVEL", "WORDS", "Change", "when_text", "within"]

KINDS = (
    "started",
    "ended",
    "reorganised",
    "renamed",
    "moved",
    "lead",
    "joined",
    "left",
    "role",
    "level",
    "mandate",
    "finding-new",
    "finding-gone",
    "finding-severity",
)
CHANGE_COLUMNS = ["kind", "subject", "member", "before", "after", "when", "change", "source"]
NO_LEVEL = frozenset({"unknown", "disputed"})  # a silent or split source: nothing to compare

WORDS = {
    "nb": {
        "joined": "{m} ble med i {s} ({role}, {level})",
        "left": "{m} gikk ut av {s} ({role}, {level})",
        "role": "{m} i {s}: rolle {a} → {b}",
        "level": "{m} i {s}: nivå {a} → {b}",
        "lead": "{s}: ledelsen gikk fra {a} til {b}",
        "started": "{s} startet",
        "ended": "{s} ble avsluttet",
        "replaces": "{s} startet og erstatter {a}",
        "mandate": "{s} fikk mandat",
        "moved": "{s}: {role} gikk fra {a} til {b} ({event})",
        "finding-new": "nytt funn {rule} ({sev}): {msg}",
        "finding-gone": "funnet {rule} ({sev}) gjelder ikke lenger: {msg}",
        "finding-severity": "funnet {rule}: {a} → {b}: {msg}",
        "error": "feil",
        "warning": "advarsel",
        "info": "info",
        "between": "mellom {a} og {b}",
        "by": "senest {b}",
        "after": "etter {a}",
        "unknown": "ukjent",
    },
    "en": {
        "joined": "{m} joined {s} ({role}, {level})",
        "left": "{m} left {s} ({role}, {level})",
        "role": "{m} in {s}: role {a} → {b}",
        "level": "{m} in {s}: level {a} → {b}",
        "lead": "{s}: the lead moved from {a} to {b}",
        "started": "{s} started",
        "ended": "{s} ended",
        "replaces": "{s} started, replacing {a}",
        "mandate": "{s} got a mandate",
        "moved": "{s}: {role} moved from {a} to {b} ({event})",
        "finding-new": "new finding {rule} ({sev}): {msg}",
        "finding-gone": "finding {rule} ({sev}) no longer holds: {msg}",
        "finding-severity": "finding {rule}: {a} → {b}: {msg}",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "between": "between {a} and {b}",
        "by": "by {b}",
        "after": "after {a}",
        "unknown": "unknown",
    },
}


@dataclass(frozen=True)
class Change:
    """One difference between two dates.

    ``subject`` is the structure (or organisation) it is about, ``member`` the organisation
    whose part changed, ``before``/``after`` the old and new value, ``when`` the date it
    happened as the sources give it (None: not dated), ``text`` one line in the user's
    language and ``sources`` the citations ('002 §3.2.2'); ``records`` are the IRIs of the
    memberships a membership change rests on.
    """

    kind: str
    subject: str
    text: str
    when: Instant | None = None
    member: str | None = None
    before: str | None = None
    after: str | None = None
    sources: tuple[str, ...] = ()
    records: tuple[str, ...] = field(default=(), compare=False)

    def as_row(self, lang: str = "nb") -> dict:
        """A flat dict with the keys of :data:`CHANGE_COLUMNS` (plus ``when_text``)."""
        return {
            "kind": self.kind,
            "subject": self.subject,
            "member": self.member,
            "before": self.before,
            "after": self.after,
            "when": edtf(self.when),
            "when_text": when_text(self.when, lang),
            "change": self.text,
            "source": "; ".join(self.sources),
        }

    def sort_key(self) -> tuple:
        """Structure by structure, then the order of :data:`KINDS`, then the member."""
        return (self.subject.casefold(), KINDS.index(self.kind), self.member or "", self.text)


def when_text(when: Instant | None, lang: str = "nb") -> str:
    """A change's date in words: the date at its precision, or 'between A and B' when unknown.

    >>> when_text(Instant(None, "unknown", date(2023, 9, 1), date(2023, 11, 30)), "en")
    'between 2023-09-01 and 2023-11-30'
    >>> when_text(Instant(None, "unknown", not_after=date(2024, 6, 14)), "en")
    'by 2024-06-14'
    """
    words = WORDS[lang]
    if when is None:
        return ""
    if when.known:
        return when.describe(lang)
    a, b = (d.isoformat() if d else None for d in (when.not_before, when.not_after))
    if a and b:
        return words["between"].format(a=a, b=b)
    if b or a:
        return words["by" if b else "after"].format(a=a, b=b)
    return words["unknown"]


def within(day: date | None, first: date, last: date) -> bool:
    """Whether ``day`` falls after ``first`` and by ``last``."""
    return day is not None and first < day <= last

"""How a mapping takes a value from a register's row: a column, several columns, a template or a
constant, then split, matched, mapped, and read as a date.

A :class:`Spec` is what one entry of the mapping file says (``"code"``, ``{ column = "status",
map = {...} }``, ``{ value = "ExpertGroup" }``); :meth:`Spec.values` applies it to a row.
A value that breaks the spec raises :class:`ValueProblem` naming the column, so the caller can
say which file and row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = ["DateValue", "Spec", "ValueProblem", "parse_date"]

_SPLIT_LINES = "lines"
_TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")


class ValueProblem(Exception):
    """A cell the mapping cannot read; ``column`` names it."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass(frozen=True)
class DateValue:
    """A date as the register wrote it, with its precision (day, month or year)."""

    date: date
    precision: str
    text: str


def _precision(fmt: str) -> str:
    if "%d" in fmt or "%j" in fmt:
        return "day"
    if any(code in fmt for code in ("%m", "%b", "%B")):
        return "month"
    return "year"


def parse_date(text: str, formats: tuple[str, ...]) -> DateValue | None:
    """The first format that reads ``text`` whole, with the precision that format carries.

    >>> parse_date("2009", ("%d/%m/%y", "%Y"))
    DateValue(date=datetime.date(2009, 1, 1), precision='year', text='2009')
    >>> parse_date("14 Dec 2010", ("%d %b %Y",)).precision
    'day'
    """
    for fmt in formats:
        try:
            when = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return DateValue(when, _precision(fmt), text)
    return None


@dataclass(frozen=True)
class Spec:
    """Where a value comes from in a row, and how the cell is read.

    Exactly one of ``column``, ``columns`` (joined with a space: for ids), ``first`` (the first
    non-empty of several columns), ``template`` (``"{code}-{name}"``) or ``value`` (a constant)
    says where. ``split`` is ``"lines"`` or a separator; ``match`` a regular expression whose
    named groups the caller reads; ``map`` turns a cell into another value (a cell not in the
    map is an error unless there is a ``default``); ``formats`` read dates (``strptime``
    codes); ``lang`` is the language of a text column (``und`` when it is not known).
    """

    column: str | None = None
    columns: tuple[str, ...] = ()
    first: tuple[str, ...] = ()
    template: str | None = None
    value: str | None = None
    lang: str | None = None
    split: str | None = None
    match: re.Pattern[str] | None = None
    map: dict[str, str] = field(default_factory=dict)
    default: str | None = None
    formats: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """What the spec reads, for messages: its column(s), template or constant."""
        if self.column:
            return self.column
        if self.columns or self.first:
            return "+".join(self.columns or self.first)
        return self.template or repr(self.value)

    def columns_used(self) -> list[str]:
        """The columns the spec reads (to check them against the file's header)."""
        if self.template:
            return _TEMPLATE_FIELD.findall(self.template)
        return [c for c in (self.column, *self.columns, *self.first) if c]

    def _raw(self, row: dict[str, str]) -> str:
        if self.value is not None:
            return self.value
        if self.column:
            return row.get(self.column, "")
        if self.columns:
            return " ".join(row.get(c, "").strip() for c in self.columns)
        if self.first:
            return next((row[c] for c in self.first if row.get(c, "").strip()), "")
        assert self.template is not None
        return _TEMPLATE_FIELD.sub(lambda m: row.get(m.group(1), "").strip(), self.template)

    def _pieces(self, raw: str) -> list[str]:
        if self.split == _SPLIT_LINES:
            pieces = raw.splitlines()
        elif self.split:
            pieces = raw.split(self.split)
        else:
            pieces = [raw]
        return [p.strip() for p in pieces if p.strip()]

    def values(self, row: dict[str, str]) -> list[str]:
        """The cell's values, split, stripped and mapped, without repeats; [] when empty."""
        pieces = self._pieces(self._raw(row)) or ([self.default] if self.default else [])
        if not self.map:
            return list(dict.fromkeys(pieces))
        return list(dict.fromkeys(self._mapped(piece) for piece in pieces))

    def pairs(self, row: dict[str, str]) -> list[tuple[str, str]]:
        """A cell of pairs on alternating lines (a name, then a status), each status mapped:
        ``"Working Group on noise\\nNot a member\\nScience Group\\nMember"`` →
        ``[("Working Group on noise", "none"), ("Science Group", "member")]`` with the map
        ``{"Not a member": "none", "Member": "member"}``."""
        lines = [line.strip() for line in self._raw(row).splitlines() if line.strip()]
        if len(lines) % 2:
            raise ValueProblem(self.name, "needs a name and a status on alternating lines")
        pairs = zip(lines[::2], lines[1::2], strict=True)
        return [(name, self._mapped(status)) for name, status in pairs]

    def _mapped(self, piece: str) -> str:
        """``piece`` through the map (or the default); a piece the map lacks is an error."""
        mapped = self.map.get(piece, self.default)
        if mapped is None:
            known = ", ".join(repr(k) for k in self.map)
            raise ValueProblem(self.name, f"{piece!r} is not in the mapping's map ({known})")
        return mapped

    def one(self, row: dict[str, str]) -> str | None:
        """The cell's single value, or None when empty (several values are an error)."""
        values = self.values(row)
        if len(values) > 1:
            raise ValueProblem(self.name, f"one value expected, found {len(values)}: {values}")
        return values[0] if values else None

    def matched(self, text: str) -> dict[str, str]:
        """The named groups of ``match`` in ``text`` (empty groups left out); {} when no match."""
        if self.match is None:
            return {"name": text}
        found = self.match.match(text)
        if found is None:
            raise ValueProblem(self.name, f"{text!r} does not match {self.match.pattern!r}")
        return {k: v.strip() for k, v in found.groupdict().items() if v and v.strip()}

    def date(self, row: dict[str, str]) -> DateValue | None:
        """The cell as a date in one of ``formats``; None when empty."""
        text = self.one(row)
        if text is None:
            return None
        found = parse_date(text, self.formats)
        if found is None:
            wanted = ", ".join(self.formats)
            raise ValueProblem(self.name, f"{text!r} is not a date in any of the formats {wanted}")
        return found

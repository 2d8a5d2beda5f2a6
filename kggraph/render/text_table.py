"""Rows as a plain text table that fits the terminal: long cells are cut with '…'."""

from __future__ import annotations

import shutil
from collections.abc import Sequence

from kggraph.render.cells import cell_text, printable

__all__ = ["render_table"]


def _text(value: object) -> str:
    return printable(" ".join(cell_text(value, ", ").split()))


def _fit(widths: list[int], total: int) -> list[int]:
    """Shrink the widest columns until the table (with 2-space gaps) fits ``total``."""
    widths = widths[:]
    while sum(widths) + 2 * (len(widths) - 1) > total and max(widths) > 8:
        i = widths.index(max(widths))
        widths[i] -= 1
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def render_table(
    rows: Sequence[dict],
    columns: Sequence[str],
    *,
    width: int | None = None,
    headers: dict[str, str] | None = None,
) -> str:
    """An aligned table with a header and a rule; '(no rows)' when empty.

    Columns that are empty in every row are left out, so the rest get the room; ``headers``
    renames columns for display.
    """
    if not rows:
        return "(no rows)\n"
    columns = [c for c in columns if any(_text(r.get(c)) for r in rows)]
    cells = [[_text(r.get(c)) for c in columns] for r in rows]
    names = [(headers or {}).get(c, c) for c in columns]
    widths = [max(len(n), *(len(row[i]) for row in cells)) for i, n in enumerate(names)]
    widths = _fit(widths, width or shutil.get_terminal_size((120, 24)).columns)
    lines = [
        "  ".join(_cut(c, w).ljust(w) for c, w in zip(names, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(_cut(v, w).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    return "\n".join(lines) + "\n"

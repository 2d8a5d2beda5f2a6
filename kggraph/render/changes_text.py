"""Changes (from ``diff`` and ``history``) as readable text: one wrapped block per change.

A table would cut the long lines; here every change shows its date in words, its sentence and
its sources in full, grouped under the structure it is about (``diff``) or in order (``history``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from itertools import groupby

from kggraph.render.cells import printable

__all__ = ["render_changes"]

_WHEN_WIDTH = 34  # 'between 2023-05-11 and 2024-06-14' and a space


def _block(row: dict, width: int, when_width: int) -> list[str]:
    pad = " " * (2 + when_width)
    lines = textwrap.wrap(
        row["change"],
        width,
        initial_indent=f"  {row['when_text']:<{when_width}}",
        subsequent_indent=pad + "  ",
        break_on_hyphens=False,
    )
    if row["source"]:
        lines += textwrap.wrap(
            f"[{row['source']}]", width, initial_indent=pad, subsequent_indent=pad + " "
        )
    return lines


def render_changes(rows: Sequence[dict], *, grouped: bool, width: int = 100) -> str:
    """Rows of :meth:`~kggraph.analyses.change.Change.as_row` as text, every control character
    from the data written as an escape.

    ``grouped``: under a heading per subject (a diff); else in the rows' order (a history).
    """
    if not rows:
        return "(no changes)\n"
    when_width = min(_WHEN_WIDTH, 1 + max(len(r["when_text"]) for r in rows))
    if not grouped:
        lines = [line for r in rows for line in _block(r, width, when_width)]
    else:
        lines = []
        for subject, group in groupby(rows, key=lambda r: r["subject"]):
            lines.append(subject)
            lines += [line for r in group for line in _block(r, width, when_width)]
    return printable("\n".join(lines) + "\n")

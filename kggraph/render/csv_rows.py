"""Rows as CSV with a header line (lists joined with '; ')."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

__all__ = ["render_csv"]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={_cell(v)}" for k, v in value.items())
    return str(value)


def render_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """CSV text of ``rows`` with ``columns`` as header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()

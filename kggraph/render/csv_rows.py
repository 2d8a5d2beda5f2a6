"""Rows as CSV with a header line (lists joined with '; ')."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from kggraph.render.cells import cell_text

__all__ = ["render_csv"]


def render_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """CSV text of ``rows`` with ``columns`` as header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(c)) for c in columns])
    return out.getvalue()

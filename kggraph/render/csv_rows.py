"""Rows as CSV with a header line (lists joined with '; '; formulas escaped, see
:func:`kggraph.outputs.csv_cell`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from kggraph.outputs import csv_cell
from kggraph.render.cells import cell_text

__all__ = ["render_csv"]


def render_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """CSV text of ``rows`` with ``columns`` as header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(cell_text(row.get(c))) for c in columns])
    return out.getvalue()

"""Renderers: rows (lists of dicts) to text in one format each.

>>> print(render([{"a": 1, "b": "x"}], ["a", "b"], "csv").strip())
a,b
1,x
"""

from __future__ import annotations

from collections.abc import Sequence

from kggraph.render.csv_rows import render_csv
from kggraph.render.json_rows import render_json
from kggraph.render.text_table import render_table

__all__ = ["FORMATS", "render"]

FORMATS = ("table", "csv", "json")


def render(
    rows: Sequence[dict],
    columns: Sequence[str],
    fmt: str,
    *,
    width: int | None = None,
    headers: dict[str, str] | None = None,
) -> str:
    """Render ``rows`` restricted to ``columns`` as a table, CSV or JSON.

    ``headers`` renames columns in tables only; CSV and JSON keep the stable keys.
    """
    if fmt == "json":
        return render_json([{c: r.get(c) for c in columns} for r in rows])
    if fmt == "csv":
        return render_csv(rows, columns)
    return render_table(rows, columns, width=width, headers=headers)

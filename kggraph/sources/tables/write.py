"""Write exported tables: an .xlsx workbook (one sheet per table, dates as date cells, a bold
frozen header row) or a folder of CSV files (one per table, UTF-8 with a byte-order mark so
that Excel shows æ, ø and å)."""

from __future__ import annotations

import io
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kggraph.errors import KgError
from kggraph.outputs import atomic_file, csv_cell
from kggraph.sources.tables.layout import SHEETS

if TYPE_CHECKING:
    from kggraph.sources.tables.from_graph import Export

__all__ = ["TABLE_FORMATS", "write_csv_dir", "write_tables", "write_xlsx"]

TABLE_FORMATS = ("xlsx", "csv-dir")
_WIDTH = {"quote": 80, "comment": 60, "comment_en": 60, "description": 60, "description_en": 60}


def _headers(lang: str) -> dict[str, list[str]]:
    return {s.key: [c.en if lang == "en" else c.nb for c in s.columns] for s in SHEETS}


def write_xlsx(export: Export, path: Path, lang: str = "en") -> None:
    """One workbook, one sheet per table, in the layout's order."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    headers = _headers(lang)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.en if lang == "en" else sheet.nb)
        ws.append(headers[sheet.key])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in export.rows.get(sheet.key, []):
            ws.append([row.get(c.key) for c in sheet.columns])
        for i, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = _WIDTH.get(
                column.key, max(12, len(headers[sheet.key][i - 1]) + 2)
            )
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str):
                    cell.data_type = "s"  # text is never a formula, even when it starts with '='
                    if "\n" in cell.value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "B2"
    workbook = io.BytesIO()
    book.save(workbook)
    with atomic_file(path, "wb") as f:
        f.write(workbook.getvalue())


def write_csv_dir(export: Export, folder: Path, lang: str = "en") -> list[Path]:
    """A folder with one CSV file per table (``organisations.csv``, …); returns the files.

    A cell a spreadsheet would read as a formula is escaped (:func:`kggraph.outputs.csv_cell`).
    Each file is written beside its place and all are moved into place once every one is
    written: a failure leaves the folder's old files as they were."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KgError(f"{folder}: cannot make the folder: {err.strerror or err}") from None
    written = []
    with ExitStack() as files:
        for name, frame in export.frames(lang).items():
            path = folder / f"{name}.csv"
            f = files.enter_context(atomic_file(path, encoding="utf-8-sig", newline=""))
            safe = frame.map(lambda v: csv_cell(v) if isinstance(v, str) else v)
            safe.to_csv(f, index=False, date_format="%Y-%m-%d")
            written.append(path)
    return written


def write_tables(export: Export, path: Path, fmt: str, lang: str = "en") -> None:
    """Write ``export`` as ``fmt`` (xlsx or csv-dir) to ``path``."""
    if fmt == "xlsx":
        write_xlsx(export, path, lang)
    elif fmt == "csv-dir":
        write_csv_dir(export, path, lang)
    else:
        raise KgError(f"unknown table format '{fmt}' (use {', '.join(TABLE_FORMATS)})")

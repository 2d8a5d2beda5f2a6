"""Read tables from CSV files, folders of them, or .xlsx workbooks into rows that remember
where they came from (file or sheet, row number as a spreadsheet shows it, header = row 1).

Headers and sheet names are matched with :mod:`kggraph.sources.tables.layout` (English or Norwegian,
case and punctuation ignored). Unknown sheets and columns are problems, reported with the rest.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kggraph.errors import DataError
from kggraph.outputs import csv_value
from kggraph.sources.tables.cells import Cell
from kggraph.sources.tables.layout import Sheet, sheet_named

__all__ = ["TABLE_SUFFIXES", "Row", "TableProblem", "Tables", "read_tables", "table_paths"]

TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True, order=True)
class TableProblem:
    """One problem: where (file or workbook:sheet), the row (0 for the whole table), the column
    header ('' when it is about the row), and what is wrong."""

    where: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        place = self.where if self.row == 0 else f"{self.where}, row {self.row}"
        return (
            f"{place}, {self.column}: {self.message}" if self.column else f"{place}: {self.message}"
        )


@dataclass
class Row:
    """A row of one sheet: where it is, and its cells keyed by column key."""

    where: str
    row: int
    cells: dict[str, Cell]
    headers: dict[str, str]

    def header(self, key: str) -> str:
        """The header the file uses for column ``key``."""
        return self.headers.get(key, key)


@dataclass
class Tables:
    """Rows by sheet key, the problems found while reading, and warnings about cells read
    as empty that may not be (a formula without a saved value)."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[TableProblem] = field(default_factory=list)
    warnings: list[TableProblem] = field(default_factory=list)

    def add(self, other: Tables) -> None:
        """Take in another file's rows, problems and warnings."""
        for key, rows in other.rows.items():
            self.rows.setdefault(key, []).extend(rows)
        self.problems.extend(other.problems)
        self.warnings.extend(other.warnings)

    def count(self) -> int:
        """The number of rows."""
        return sum(len(r) for r in self.rows.values())


def table_paths(paths: Iterable[Path]) -> list[Path]:
    """The table files ``paths`` stand for: files as given, folders as their .csv/.xlsx files."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in TABLE_SUFFIXES))
        elif path.is_file():
            out.append(path)
        else:
            raise DataError(f"{path}: no such file or folder")
    return out


def read_tables(paths: Iterable[Path]) -> Tables:
    """Read every table in ``paths`` (CSV files, .xlsx workbooks, folders of them)."""
    tables = Tables()
    for path in table_paths(paths):
        suffix = path.suffix.lower()
        if suffix == ".csv":
            tables.add(_read_csv(path))
        elif suffix == ".xlsx":
            tables.add(_read_xlsx(path))
        else:
            raise DataError(f"{path}: not a table (use .csv or .xlsx)")
    return tables


def _read_csv(path: Path) -> Tables:
    import pandas as pd

    sheet = sheet_named(path.stem)
    if sheet is None:
        return _unknown_sheet(str(path), path.stem)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            head = f.readline()
        sep = ";" if head.count(";") > head.count(",") else ","
        frame = pd.read_csv(
            path,
            sep=sep,
            dtype=str,
            header=None,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
            quoting=csv.QUOTE_MINIMAL,
        )
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text (save the CSV as UTF-8)") from None
    except (OSError, ValueError) as err:
        raise DataError(f"{path}: cannot read: {err}") from None
    values = [[csv_value(v) if isinstance(v, str) else v for v in row] for row in frame.values]
    return _rows(str(path), sheet, values)


def _read_xlsx(path: Path) -> Tables:
    import pandas as pd

    try:
        frames = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except (OSError, ValueError, KeyError) as err:
        raise DataError(f"{path}: cannot read the workbook: {err}") from None
    except Exception as err:  # noqa: BLE001 - a corrupt zip or XML is one clear line
        raise DataError(f"{path}: not a readable .xlsx workbook ({type(err).__name__})") from None
    tables = Tables()
    for name, frame in frames.items():
        where = f"{path}:{name}"
        sheet = sheet_named(str(name))
        if sheet is None:
            if frame.dropna(how="all").empty:
                continue
            tables.add(_unknown_sheet(where, str(name)))
            continue
        tables.add(_rows(where, sheet, frame.values.tolist()))
    tables.warnings.extend(_unsaved_formulas(path))
    return tables


_UNSAVED = (
    "a formula without a saved value (%s) is read as empty; open and save the workbook in a "
    "spreadsheet program, or type the value"
)


def _unsaved_formulas(path: Path) -> list[TableProblem]:
    """The formula cells of a workbook without a saved value: a workbook written by a program
    that does not compute formulas has none, and they read as empty cells."""
    from openpyxl import load_workbook

    try:
        formulas = load_workbook(path, read_only=True, data_only=False)
        values = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - pandas read it already; no warning is all that is lost
        return []
    try:
        return [
            problem
            for sheet in formulas.sheetnames
            for problem in _unsaved_in(f"{path}:{sheet}", formulas[sheet], values[sheet])
        ]
    finally:
        formulas.close()
        values.close()


def _unsaved_in(where: str, formulas: Any, values: Any) -> Iterator[TableProblem]:
    """The formula cells of one sheet (read twice: formulas, saved values) without a value."""
    rows = zip(formulas.iter_rows(), values.iter_rows(), strict=False)
    for number, (cells, saved) in enumerate(rows, start=1):
        for cell, value in zip(cells, saved, strict=False):
            if cell.data_type == "f" and value.value is None:
                yield TableProblem(where, number, cell.column_letter, _UNSAVED % cell.value)


def _unknown_sheet(where: str, name: str) -> Tables:
    from kggraph.sources.tables.layout import SHEETS

    known = ", ".join(s.en for s in SHEETS)
    return Tables(problems=[TableProblem(where, 0, "", f"unknown table '{name}' (use {known})")])


def _cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, float):
        return None if value != value else value  # NaN is an empty cell
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date | int):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return _cell(value.to_pydatetime())
    text = str(value).strip()
    return text or None


def _rows(where: str, sheet: Sheet, values: list[list[object]]) -> Tables:
    tables = Tables(rows={sheet.key: []})
    if not values:
        return tables
    header = [_cell(v) for v in values[0]]
    keys: list[str | None] = []
    headers: dict[str, str] = {}
    for h in header:
        column = sheet.column_for_header(str(h)) if h is not None else None
        if h is not None and column is None:
            tables.problems.append(
                TableProblem(
                    where,
                    1,
                    str(h),
                    f"unknown column (the {sheet.en} table has: "
                    f"{', '.join(c.en for c in sheet.columns)})",
                )
            )
        elif column is not None and column.key in headers:
            tables.problems.append(TableProblem(where, 1, str(h), "the column appears twice"))
            column = None
        if column is not None:
            headers[column.key] = str(h)
        keys.append(column.key if column else None)
    for number, raw in enumerate(values[1:], start=2):
        cells = {k: c for k, v in zip(keys, raw, strict=False) if k and (c := _cell(v)) is not None}
        if cells:
            tables.rows[sheet.key].append(Row(where, number, cells, headers))
    return tables

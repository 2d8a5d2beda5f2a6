"""A register's own files read as rows: CSV (comma, semicolon or tab) or a workbook's first sheet.

Row numbers are as a spreadsheet shows them: the header is row 1, the first record row 2 (a
CSV record whose cell holds line breaks is still one row).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kggraph.errors import KgError

__all__ = ["RegisterFile", "find_file", "read_file"]


@dataclass(frozen=True)
class RegisterFile:
    """One file of the register: its name, its header and its rows (cells by header)."""

    path: Path
    header: tuple[str, ...]
    rows: list[dict[str, str]]

    @property
    def name(self) -> str:
        return self.path.name


def find_file(name: str, sources: Iterable[Path]) -> Path:
    """The file called ``name``: one of ``sources`` or inside one of them (a folder)."""
    sources = list(sources)
    for source in sources:
        if source.is_dir() and (source / name).is_file():
            return source / name
        if source.is_file() and source.name == name:
            return source
    given = ", ".join(str(s) for s in sources)
    raise KgError(f"the mapping names '{name}', which is not among or inside {given}")


def _csv(path: Path) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        first = f.readline()
        f.seek(0)
        delimiter = max(",;\t", key=first.count)
        reader = csv.reader(f, csv.excel, delimiter=delimiter)
        header = tuple(h.strip() for h in next(reader, []))
        width = len(header)
        rows = []
        for cells in reader:
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                raise KgError(
                    f"{path.name}, row {len(rows) + 2}: {len(cells)} cells, "
                    f"but the header has {width}"
                )
            rows.append(dict(zip(header, cells, strict=False)))
    return header, rows


def _xlsx(path: Path) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        lines = book.worksheets[0].iter_rows(values_only=True)
        header = tuple("" if h is None else str(h).strip() for h in next(lines, ()))
        rows = [
            {h: "" if v is None else str(v) for h, v in zip(header, line, strict=False)}
            for line in lines
            if any(v is not None for v in line)
        ]
    finally:
        book.close()
    return header, rows


def read_file(path: Path) -> RegisterFile:
    """Read a CSV file or the first sheet of an .xlsx workbook; an unreadable file is a KgError."""
    try:
        if path.suffix.lower() == ".xlsx":
            header, rows = _xlsx(path)
        else:
            header, rows = _csv(path)
    except OSError as err:
        raise KgError(f"{path}: cannot read: {err.strerror or err}") from None
    except (UnicodeDecodeError, csv.Error) as err:
        raise KgError(f"{path}: not a UTF-8 CSV file: {err}") from None
    if not any(header):
        raise KgError(f"{path}: no header row")
    return RegisterFile(path, header, rows)

"""Output files that are either whole or not there, and CSV cells no spreadsheet runs.

A page, a table or a Turtle file is written to a temporary file in the same folder and moved
over the target only when it is complete (:func:`os.replace` is atomic within a folder). A
full disk, a missing or read-only folder, or Ctrl-C leaves the old file as it was and no
temporary file behind; the failure is a :class:`~kggraph.errors.KgError` naming the file.

A target that is not a regular file (``/dev/full``, a named pipe, ``/dev/stdout``) cannot be
replaced: it is written in place.

A CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is a
formula to Excel and LibreOffice, which may run commands (``=cmd|' /C calc'!A0``). As OWASP
recommends, such a cell is written with a ``'`` before it (:func:`csv_cell`), and the import
takes it off again (:func:`csv_value`), so what was exported is read back unchanged.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from kggraph.errors import KgError

__all__ = ["atomic_file", "cannot_write", "csv_cell", "csv_value"]

_FORMULA_START = frozenset("=+-@\t\r")
_ESCAPED_START = _FORMULA_START | {"'"}


def csv_cell(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet reads as a formula (a ``'`` before a formula's
    first character, and before a ``'`` that :func:`csv_value` would take off).

    >>> csv_cell("=cmd|' /C calc'!A0"), csv_cell("-5"), csv_cell("'=x"), csv_cell("'quoted")
    ("'=cmd|' /C calc'!A0", "'-5", "''=x", "'quoted")
    """
    if text[:1] in _FORMULA_START or (text[:1] == "'" and text[1:2] in _ESCAPED_START):
        return "'" + text
    return text


def csv_value(cell: str) -> str:
    """The text a CSV cell written by :func:`csv_cell` holds.

    >>> [csv_value(csv_cell(t)) for t in ("=1+1", "-5", "'=x", "'quoted", "'", "")]
    ['=1+1', '-5', "'=x", "'quoted", "'", '']
    """
    if cell[:1] == "'" and cell[1:2] in _ESCAPED_START:
        return cell[1:]
    return cell


def cannot_write(path: Path | str, err: OSError) -> KgError:
    """The one line for a file that cannot be written."""
    return KgError(f"{path}: cannot write: {err.strerror or err}")


@contextmanager
def atomic_file(path: Path | str, mode: str = "w", **options: Any) -> Iterator[IO]:
    """``path`` opened for writing (``open``'s ``mode`` and keyword ``options``), replaced
    only when the block ends without an exception."""
    path = Path(path)
    if path.exists() and not path.is_file():
        with _reported(path), open(path, mode, **options) as f:
            yield f
        return
    with _reported(path):
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with _reported(path):
            with os.fdopen(fd, mode, **options) as f:
                yield f
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, _mode_for(path))
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def _reported(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as err:
        raise cannot_write(path, err) from None


def _mode_for(path: Path) -> int:
    """The permissions of the file replaced, or those a new file gets (the umask's)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

"""How one value becomes the text of one cell (shared by the table and CSV renderers)."""

from __future__ import annotations

import re

__all__ = ["cell_text", "printable"]

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Control characters (save tab and newline) and the marks that reorder text: data from
outside may hold terminal escape sequences, which a terminal would obey."""


def printable(text: str) -> str:
    r"""``text`` with every control character written as an escape (``\x1b``), so that no
    label or message from the data can move the cursor, recolour or retitle a terminal.

    >>> printable("KD\x1b[2J\u202e")
    'KD\\x1b[2J\\u202e'
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(found: re.Match) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def cell_text(value: object, sep: str = "; ") -> str:
    """Flatten a value: None is empty, lists are joined with ``sep``, dicts as key=value.

    >>> cell_text(["002 §3.1", "004 Vedlegg 4"])
    '002 §3.1; 004 Vedlegg 4'
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return sep.join(cell_text(v, sep) for v in value)
    if isinstance(value, dict):
        return sep.join(f"{k}={cell_text(v, sep)}" for k, v in value.items())
    return str(value)

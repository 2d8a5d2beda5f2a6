"""How one value becomes the text of one cell (shared by the table and CSV renderers)."""

from __future__ import annotations

__all__ = ["cell_text"]


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

"""Rows (or any JSON-able value) as indented JSON, dates as ISO strings."""

from __future__ import annotations

import json
from datetime import date

__all__ = ["render_json"]


def _default(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def render_json(value: object) -> str:
    """Indented JSON with non-ASCII kept as is (Norwegian names stay readable)."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=_default) + "\n"

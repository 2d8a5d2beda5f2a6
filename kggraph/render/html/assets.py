"""The page's inlined assets, and the one safe way to put data inside a page.

vis-network's script and style are read from the installed pyvis package (which ships them
under ``templates/lib/``) at render time, so the page needs no network and no ``lib/`` folder.
Data goes into the page only as JSON in which ``<``, ``>`` and ``&`` are escaped, so no label
can close the ``<script>`` element it sits in.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

from kggraph.errors import KgError

__all__ = ["VIS_VERSION", "inline_text", "json_for_script", "vis_network_css", "vis_network_js"]

VIS_VERSION = "9.1.2"
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_TRANSLATION = str.maketrans(_ESCAPES)  # one C-speed pass, not a Python loop per character
_CLOSING = re.compile(r"</(script|style)", re.IGNORECASE)


def json_for_script(data: Any) -> str:
    """JSON safe to place inside an inline ``<script>``: no ``<``, ``>`` or ``&`` survive.

    >>> json_for_script({"label": "</script><b>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.translate(_TRANSLATION)


def inline_text(text: str) -> str:
    """Check that a script or style can be inlined: it must not close its own element."""
    if _CLOSING.search(text):
        raise KgError("an asset to inline contains '</script' or '</style'; refusing to inline it")
    return text


@cache
def _pyvis_asset(name: str) -> str:
    """Read one file of the vis-network copy inside the installed pyvis package."""
    resource = files("pyvis").joinpath("templates", "lib", f"vis-{VIS_VERSION}", name)
    if not resource.is_file():
        raise KgError(
            f"pyvis does not ship vis-network {VIS_VERSION} ({name}); install pyvis 0.3.2"
        )
    return inline_text(resource.read_text(encoding="utf-8"))


def vis_network_js() -> str:
    """vis-network's minified script, as shipped by pyvis."""
    return _pyvis_asset("vis-network.min.js")


def vis_network_css() -> str:
    """vis-network's style sheet (its images are ``data:`` URLs), as shipped by pyvis."""
    return _pyvis_asset("vis-network.css")

"""Progress bars on stderr for long work, and nothing at all when stderr is not a terminal.

The library reports progress through callbacks (``progress(done, total)``); this module turns
them into a click progress bar, created only once the work proves large enough to take more
than a couple of seconds, so quick commands (and cache hits) never draw one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

__all__ = ["LOAD_MIN_BYTES", "progress_bar"]

LOAD_MIN_BYTES = 30_000_000  # about two seconds of parsing and extracting


@contextmanager
def progress_bar(label: str, min_total: int = 0) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback that draws a bar on stderr.

    The bar appears on the first call whose ``total`` is at least ``min_total``, and only when
    stderr is a terminal; otherwise the callback does nothing.
    """
    state: dict[str, object] = {"bar": None, "shown": 0}
    terminal = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if not terminal or total < min_total:
            return
        bar = state["bar"]
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
            state["bar"] = bar
        bar.update(done - state["shown"])
        state["shown"] = done

    try:
        yield progress
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)

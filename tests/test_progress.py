"""Progress bars: drawn on stderr when it is a terminal and the work is large, never otherwise;
the checks report each step to them."""

from __future__ import annotations

import io
import os
import pty
import select
import sys
from collections.abc import Iterator
from datetime import date
from typing import TextIO

import pytest

from kggraph.analyses.checks import run_checks
from kggraph.cli.progress import progress_bar
from kggraph.model.records import Model


@pytest.fixture
def terminal() -> Iterator[tuple[int, TextIO]]:
    """A real pseudo-terminal: its reading end and a text stream on its terminal end.

    The tests put the stream in ``sys.stderr`` themselves: pytest's capture sets
    ``sys.stderr`` again after the fixtures have run.
    """
    reader, writer = pty.openpty()
    stream = os.fdopen(writer, "w")
    yield reader, stream
    stream.close()
    os.close(reader)


def _drawn(reader: int) -> str:
    sys.stderr.flush()
    out = b""
    while select.select([reader], [], [], 0.2)[0]:
        out += os.read(reader, 65536)
    return out.decode(errors="replace")


@pytest.mark.parametrize(("min_total", "drawn"), [(100, True), (1000, False)])
def test_bar_on_a_terminal_only_for_large_work(
    terminal: tuple[int, TextIO], monkeypatch: pytest.MonkeyPatch, min_total: int, drawn: bool
) -> None:
    reader, stream = terminal
    monkeypatch.setattr(sys, "stderr", stream)
    with progress_bar("Loading", min_total=min_total) as progress:
        progress(50, 200)
        progress(200, 200)
    assert ("Loading" in _drawn(reader)) is drawn


def test_no_bar_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    with progress_bar("Loading") as progress:
        progress(50, 200)
        progress(200, 200)
    assert captured.getvalue() == ""


def test_checks_report_each_step(model: Model) -> None:
    calls: list[tuple[int, int]] = []
    run_checks(model, date(2024, 6, 30), progress=lambda done, total: calls.append((done, total)))
    total = calls[-1][1]
    assert calls == [(k, total) for k in range(1, total + 1)] and total > 1
    calls.clear()
    # 2.4 is reported by the duplication check and, as any guideline point may be, by the
    # sources' assessments: two steps. DFØ 5.2 is one check's alone: one step.
    run_checks(model, date(2024, 6, 30), rules=["2.4"], progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 2), (2, 2)]
    calls.clear()
    run_checks(
        model, date(2024, 6, 30), rules=["DFØ 5.2"], progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(1, 1)]

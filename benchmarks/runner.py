"""One road on one file, in a process of its own: ``python -m benchmarks.runner ROAD FILE DATE``
(``ROAD`` is ``naive`` or ``ours``, or ``naive-load`` / ``ours-load`` for the cold load alone).

Runs the stages in order and prints one JSON line per stage: its seconds (``time.perf_counter``)
and the peak resident memory of the process *during* the stage (Linux: the high-water mark
``VmHWM`` is reset before each stage through ``/proc/self/clear_refs`` and read after it; so a
stage's peak includes what earlier stages still hold). Elsewhere the peak is ``ru_maxrss``,
the peak of the whole process so far. A stage that forks (the load parses a large file in
two halves, :mod:`kggraph.sources.splitparse`) also counts the peak of its child, added to its own:
an
upper bound of the two at once. A fresh process per road and size keeps one run's memory out
of the next.
"""

from __future__ import annotations

import gc
import json
import os
import re
import resource
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

__all__ = ["STAGES", "main"]

STAGES = ("load", "load (cached)", "graph", "overlap", "duplication", "checks")
_PROC = Path("/proc/self")


def _reset_peak() -> bool:
    try:
        (_PROC / "clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_mb(reset_worked: bool) -> float:
    if reset_worked:
        match = re.search(r"VmHWM:\s+(\d+) kB", (_PROC / "status").read_text())
        if match:
            return int(match.group(1)) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def _measure(stage: str, work: Callable[[], object]) -> object:
    reset, children = _reset_peak(), _children_peak_kb()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    forked = _children_peak_kb()
    peak = _peak_mb(reset) + (forked / 1024 if forked > children else 0)
    line = {"stage": stage, "seconds": seconds, "peak_mb": peak}
    print(json.dumps(line), flush=True)
    return result


def _naive(path: Path, at: date) -> None:
    from benchmarks import naive

    model = _naive_load(path, at)
    graph = _measure("graph", lambda: naive.build_graph(model, at))
    _measure("overlap", lambda: naive.overlaps(model, at, graph))
    _measure("duplication", lambda: naive.duplication_scores(model, at))
    _measure("checks", lambda: naive.check_all(model, at))


def _naive_load(path: Path, at: date) -> object:
    from benchmarks import naive

    return _measure("load", lambda: naive.load(path))


def _ours_load(path: Path, at: date) -> object:
    from benchmarks import ours

    os.environ["KGGRAPH_NO_CACHE"] = "1"
    model = _measure("load", lambda: ours.load(path))
    del os.environ["KGGRAPH_NO_CACHE"]
    return model


def _ours(path: Path, at: date) -> None:
    from benchmarks import ours
    from kggraph.resources import ontology_files
    from kggraph.sources import cache
    from kggraph.sources.load import data_files

    model = _ours_load(path, at)
    cache.store(cache.cache_key([*ontology_files(), *data_files(_sources(path))]), model)
    del model
    gc.collect()
    model = _measure("load (cached)", lambda: ours.load(path))
    graph = _measure("graph", lambda: ours.build_graph(model, at))
    _measure("overlap", lambda: ours.overlaps(model, at, graph))
    _measure("duplication", lambda: ours.duplication_scores(model, at))
    _measure("checks", lambda: ours.check_all(model, at))


def _sources(path: Path):  # noqa: ANN202 - kggraph.sources.load.Sources
    from kggraph.sources.load import Sources

    return Sources(data=(path,), bundled=False)


def main(argv: list[str]) -> None:
    """``ROAD FILE DATE``: ROAD is ``naive``, ``ours``, ``naive-load`` or ``ours-load``. Needs
    ``KGGRAPH_CACHE_DIR`` set to a private folder for ``ours``."""
    road, path, at = argv[0], Path(argv[1]), date.fromisoformat(argv[2])
    roads = {"naive": _naive, "ours": _ours, "naive-load": _naive_load, "ours-load": _ours_load}
    roads[road](path, at)


if __name__ == "__main__":
    main(sys.argv[1:])

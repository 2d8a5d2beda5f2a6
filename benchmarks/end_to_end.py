"""A command as a user runs it, timed as a whole process: ``kggraph check --no-bundled --data
FILE --format json > out.json`` with a cold (empty) cache.

The seconds are wall-clock from start to exit, the cache write and the output included; the
peak memory is the process's own or that of the parser it forks, whichever is larger (Linux
reports both in the child's resource usage, ``os.wait4``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Measured", "COMMAND", "measure_check"]

COMMAND = "kggraph check --no-bundled --data {file} --format json > out.json"


@dataclass(frozen=True)
class Measured:
    """One run of the command: seconds, peak MB, bytes written, exit status."""

    seconds: float
    peak_mb: float
    output_bytes: int
    status: int


def _kggraph() -> str:
    beside = Path(sys.executable).parent / "kggraph"
    return str(beside) if beside.exists() else shutil.which("kggraph") or "kggraph"


def measure_check(data: Path) -> Measured:
    """Run the command once on ``data`` with a fresh cache folder."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        env = {**os.environ, "KGGRAPH_CACHE_DIR": str(Path(tmp) / "cache")}
        args = [_kggraph(), "check", "--no-bundled", "--data", str(data), "--format", "json"]
        with out.open("wb") as sink:
            start = time.perf_counter()
            child = subprocess.Popen(args, stdout=sink, stderr=subprocess.DEVNULL, env=env)
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        return Measured(seconds, usage.ru_maxrss / 1024, out.stat().st_size, child.returncode)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        m = measure_check(Path(name))
        print(
            f"{COMMAND.format(file=name)}: {m.seconds:.1f} s, peak {m.peak_mb:,.0f} MB, "
            f"{m.output_bytes / 1e6:.0f} MB written, exit {m.status}"
        )

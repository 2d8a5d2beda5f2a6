"""``python -m benchmarks.broken_file``: how fast a large file with one syntax error is reported.

Writes a synthetic Turtle file (``kggraph synth``, about 400 bytes a membership, so the
default 625,000 memberships make some 250 MB; kept in the work folder for the next run) and a
copy with one statement broken near its end (at 99% of its bytes). Then it runs, each in a
fresh process with the cache off and the runs taking turns,

- ``kggraph info --no-bundled --data clean.ttl`` (a clean parse, read to the end), and
- the same on the broken copy, which must fail with one line naming the file and the line,

``--runs`` times each, and prints the medians and their ratio (broken ÷ clean). Issue 20 asks
for at most 2.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.synthetic import arguments, synthetic_file
from benchmarks.who_latency import command

BREAK_AT = 0.99
"""Where the error is put, as a share of the file's bytes."""


def write_files(folder: Path, memberships: int) -> tuple[Path, Path, int]:
    """The clean file, the broken copy and the line of the broken statement."""
    clean = synthetic_file(folder, memberships)
    data = clean.read_bytes()
    at = data.index(b" .\n", int(len(data) * BREAK_AT))
    broken = folder / f"synth-{memberships}-broken.ttl"
    broken.write_bytes(data[:at] + b" ;; ]] .\n" + data[at + 3 :])
    return clean, broken, data.count(b"\n", 0, at) + 1


def timed(args: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    """Seconds of one run of ``kggraph args`` as a whole process, with its outcome."""
    env = {**os.environ, "KGGRAPH_NO_CACHE": "1"}
    start = time.perf_counter()
    done = subprocess.run([*command(), *args], capture_output=True, text=True, env=env)
    return time.perf_counter() - start, done


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv, __doc__, memberships=625_000, runs=3)
    clean, broken, line = write_files(args.work, args.memberships)
    print(f"{clean.name}: {clean.stat().st_size / 1e6:.0f} MB; broken copy: line {line}")
    seconds: dict[str, list[float]] = {"clean": [], "broken": []}
    for _ in range(args.runs):
        for name, path in (("clean", clean), ("broken", broken)):
            took, done = timed(["info", "--no-bundled", "--data", str(path)])
            seconds[name].append(took)
            expected = 2 if name == "broken" else 0
            if done.returncode != expected:
                print(f"{name}: exit {done.returncode}, expected {expected}:\n{done.stderr}")
                return 1
            if name == "broken":
                message = done.stderr.strip()
                print(f"  broken: {message}")
                if f"line {line}:" not in message or "\n" in message:
                    print("  the message does not name the line of the error")
                    return 1
    clean_s, broken_s = (statistics.median(seconds[k]) for k in ("clean", "broken"))
    for name in seconds:
        print(f"{name:>6}: median {statistics.median(seconds[name]):.2f} s of", end=" ")
        print(", ".join(f"{s:.2f}" for s in seconds[name]))
    print(f" ratio: broken / clean = {broken_s / clean_s:.2f} (issue 20: at most 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

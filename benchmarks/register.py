"""``python -m benchmarks --register``: the EU register's steps as a user meets them.

Each step runs the installed ``kggraph`` as a whole process, end to end, with an empty cache
(so nothing is read from an earlier step): import the register with its mapping, export it to a
workbook, validate it, import the workbook again, and propose the dedupe's review table. It
prints a table of wall-clock seconds (the median of ``--runs``), the CPU seconds the process
used (wall time on a shared machine also counts the other jobs), and the issue's target.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.who_latency import command

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "examples" / "eu-expert-groups" / "mapping.toml"
DEFAULT_REGISTER = ROOT.parent / "shared" / "realdata" / "eu-expert-groups"


def _steps(register: Path, work: Path) -> list[tuple[str, list[str], str]]:
    ttl, book = str(work / "eg.ttl"), str(work / "eg.xlsx")
    data = ["--no-bundled", "--data", ttl]
    return [
        (
            "import --mapping",
            ["import", "--mapping", str(MAPPING), str(register), "-o", ttl],
            "≤ 10 s",
        ),
        ("export --format xlsx", ["export", *data, "--format", "xlsx", "-o", book], "≤ 10 s"),
        ("validate", ["validate", *data], "≤ 10 s"),
        (
            "import (the workbook)",
            ["import", "--no-bundled", book, "-o", str(work / "back.ttl")],
            "",
        ),
        ("dedupe", ["dedupe", ttl, "-o", str(work / "review.csv")], ""),
    ]


def _run(args: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one process with an empty cache."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "KGGRAPH_CACHE_DIR": cache}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> None:
    """Measure each step and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks --register", description=__doc__)
    parser.add_argument("--register-dir", type=Path, default=DEFAULT_REGISTER)
    parser.add_argument("--runs", type=int, default=1, help="runs per step (median shown)")
    args = parser.parse_args(argv)
    if not (args.register_dir / "ec_expert_groups.csv").is_file():
        raise SystemExit(f"the EU register is not at {args.register_dir}")
    kggraph = command()
    print(f"load average {os.getloadavg()[0]:.1f} before", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, step, target in _steps(args.register_dir, Path(work)):
            samples = [_run([*kggraph, *step]) for _ in range(args.runs)]
            wall = statistics.median(s[0] for s in samples)
            cpu = statistics.median(s[1] for s in samples)
            rows.append((name, wall, cpu, target))
            runs = ", ".join(f"{w:.2f} s ({c:.2f} s CPU)" for w, c in samples)
            print(f"{name}: {runs}", file=sys.stderr, flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} after", file=sys.stderr)
    print("| step | wall s | CPU s | target |")
    print("|---|---:|---:|---|")
    for name, wall, cpu, target in rows:
        print(f"| `{name}` | {wall:.2f} | {cpu:.2f} | {target} |")

"""``python -m benchmarks.who_latency``: how long ``kggraph who KD`` takes, end to end.

Runs the installed ``kggraph`` command (the script beside this Python, not a shell shim) once
to fill the cache, then ``--runs`` times more, and prints the median, the fastest and the
slowest wall-clock time (``time.perf_counter`` around each process). It also says which heavy
libraries the command imports, since importing them is most of the time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = ("rdflib", "networkx", "pandas", "numpy", "scipy", "pyshacl", "pyoxigraph", "requests")
_PROBE = """
import sys
from kggraph.cli.main import cli
try:
    cli(sys.argv[1:])
except SystemExit:
    pass
print(",".join(m for m in {heavy!r} if m in sys.modules) or "none", file=sys.stderr)
"""


def command() -> list[str]:
    """The kggraph script installed beside this Python (else the one on PATH)."""
    beside = Path(sys.executable).with_name("kggraph")
    found = str(beside) if beside.exists() else shutil.which("kggraph")
    if not found:
        raise SystemExit("kggraph is not installed (pip install -e .)")
    return [found]


def time_runs(args: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of ``runs`` runs of ``args`` (output discarded)."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, check=True)
        out.append(time.perf_counter() - start)
    return out


def heavy_imports(argv: list[str]) -> str:
    """The heavy libraries the command imports, run in-process under this Python."""
    probe = _PROBE.format(heavy=HEAVY)
    result = subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True
    )
    return result.stderr.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.who_latency")
    parser.add_argument("--runs", type=int, default=10, help="timed runs (default: %(default)s)")
    parser.add_argument("words", nargs="*", default=["who", "KD"], help="the command's words")
    args = parser.parse_args(argv)
    full = [*command(), *args.words]
    time_runs(full, 1)
    times = time_runs(full, args.runs)
    print(
        f"{' '.join(['kggraph', *args.words])}: median {statistics.median(times):.3f} s over "
        f"{args.runs} runs (fastest {min(times):.3f} s, slowest {max(times):.3f} s), warm cache; "
        f"command {full[0]}"
    )
    print(f"heavy libraries imported: {heavy_imports(args.words)}")


if __name__ == "__main__":
    main()

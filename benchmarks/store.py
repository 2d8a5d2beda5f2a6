"""``python -m benchmarks --store``: the shared store at scale, timed as whole processes.

Starts Debian's Virtuoso on loopback as the tests do (``tests/virtuoso.py``: its own folder,
ports and dba password), sized as a team's store would be: its answer cap above the graph's
size (:data:`STORE_CAP`), the buffers of its own guide for 2 GB (:data:`STORE_BUFFERS`) and
room in one transaction's log and time for replacing a large graph
(:data:`STORE_AFTER_IMAGE`, :data:`STORE_QUERY_SECONDS`).
For each size (memberships) it writes the synthetic data set
(``kggraph synth``) and times, each command a fresh ``kggraph`` process:

- ``publish`` of the file, and again (replacing the graph it published);
- ``members KG1`` and ``who KD`` through the endpoint, cold (an empty cache folder: answered
  in the store);
- ``check`` through the endpoint, cold (the publication is downloaded and kept);
- ``validate`` of the file (the SHACL check that publish runs first, for the split);
- ``members``, ``who`` and ``check`` again, with the publication cached, beside the local
  ``check`` of the same file (its cache filled), and the ratio of the two checks.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AT = "2024-06-30"
SIZES = (100_000,)
GRAPH = "https://example.org/kggraph-bench/graph"
STORE_CAP = 100_000_000
"""Rows per answer: above the graph's size, as a store that serves whole reads must allow."""
STORE_BUFFERS = 170_000
"""Virtuoso's buffers (8 kB each, 1.3 GB): its own guide's figure for 2 GB of memory. The
tests' 10,000 (80 MB) thrash at a million triples."""
STORE_AFTER_IMAGE = 2_000_000_000
"""Bytes of log one Virtuoso transaction may write: the ``MOVE`` that replaces a published
graph of 100,000 memberships by another goes past the default 50 MB ("SR325 Transaction
aborted because it's log after image size went above the limit"); 2 GB lets it through."""
STORE_QUERY_SECONDS = 1800
"""How long one query or update may run: the ``MOVE`` that switches in 1,000,000 memberships
takes over a minute ("SR171 Transaction timed out" at the tests' 60 s)."""
LISTINGS = (("members", "KG1"), ("who", "KD"))
TARGETS = {
    100_000: {
        "publish": 60.0,
        "members KG1 --endpoint, cold": 2.0,
        "members KG1 --endpoint, cached": 1.0,
    },
    1_000_000: {"publish": 600.0, "who KD --endpoint, cold": 3.0},
}


def _kggraph(args: list[str], env: dict[str, str], timeout: float) -> tuple[float, float] | str:
    """Seconds one ``kggraph`` process takes, wall clock and CPU (its user and system time:
    what it costs apart from waiting for the store and for the other jobs on the machine); for
    a step that fails, its error's last line instead, and the benchmark goes on."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", "from kggraph.cli.main import cli; cli()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode == 0:
        print(f"  kggraph {args[0]}: {seconds:.1f} s", file=sys.stderr, flush=True)
        return seconds, cpu
    lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
    failed = f"failed after {seconds:.0f} s: {lines[-1][:160]}".replace("|", "/")
    print(f"  kggraph {args[0]}: {failed}", file=sys.stderr, flush=True)
    return failed


def _data(work: Path, size: int) -> Path:
    path = work / f"store-synth-{size}.nt"
    if not path.exists():
        subprocess.run(
            [sys.executable, "-c", "from kggraph.cli.main import cli; cli()", "synth"]
            + ["--memberships", str(size), "-o", str(path)],
            check=True,
            capture_output=True,
        )
    return path


def _measure(server: object, path: Path, cache: Path, timeout: float) -> list[tuple]:
    """The rows for one size: (step, (seconds, CPU seconds)), with ``cache`` as the cache
    folder."""
    env = {**os.environ, "KGGRAPH_CACHE_DIR": str(cache), "KGGRAPH_PASSWORD": server.password}
    remote = ["--endpoint", server.sparql, "--graph", GRAPH, "--timeout", "600"]
    publish = ["publish", "--data", str(path), "--no-bundled", *remote[:4]]
    publish += ["--update-endpoint", server.sparql_auth, "--user", "dba", "--timeout", "600"]
    rows = [("publish", _kggraph(publish, env, timeout))]
    rows.append(("publish again, replacing the graph", _kggraph(publish, env, timeout)))
    listings = [[command, name, "--at", AT, *remote] for command, name in LISTINGS]
    for args in listings:
        rows.append((f"{args[0]} {args[1]} --endpoint, cold", _kggraph(args, env, timeout)))
    check = ["check", "--at", AT, "--format", "json"]
    rows.append(("check --endpoint, cold", _kggraph([*check, *remote], env, timeout)))
    for args in listings:
        rows.append((f"{args[0]} {args[1]} --endpoint, cached", _kggraph(args, env, timeout)))
    rows.append(("check --endpoint, cached", _kggraph([*check, *remote], env, timeout)))
    local = [*check, "--data", str(path), "--no-bundled"]
    validate = ["validate", "--data", str(path), "--no-bundled"]
    rows.append(("validate, local file (SHACL, part of publish)", _kggraph(validate, env, timeout)))
    _kggraph(local, env, timeout)  # fill the local cache
    rows.append(("check, local file (cached)", _kggraph(local, env, timeout)))
    return rows


def _table(results: dict[int, list[tuple]]) -> str:
    lines = ["| memberships | step | seconds | CPU s | target |", "|---|---|---|---|---|"]
    for size, rows in results.items():
        for step, measured in rows:
            target = TARGETS.get(size, {}).get(step)
            aim = f"≤ {target:g} s" if target else ""
            failed = isinstance(measured, str)
            figures = f"{measured} | " if failed else "{:.1f} | {:.1f}".format(*measured)
            lines.append(f"| {size:,} | {step} | {figures} | {aim} |")
        times = {step: m[0] for step, m in rows if not isinstance(m, str)}
        remote, local = "check --endpoint, cached", "check, local file (cached)"
        ratio = f"{times[remote] / times[local]:.2f}×" if {remote, local} <= times.keys() else "–"
        lines.append(f"| {size:,} | check --endpoint (cached) ÷ local check | {ratio} | | ≤ 2× |")
    return "\n".join(lines)


def _load() -> str:
    """The machine's load average (1, 5, 15 minutes), to read the seconds beside."""
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def run(sizes: tuple[int, ...], work: Path, timeout: float) -> None:
    """Start Virtuoso, measure every size, print the table."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
    import virtuoso

    work.mkdir(parents=True, exist_ok=True)
    results = {}
    print(f"before: {_load()}", file=sys.stderr, flush=True)
    settings = {
        "cap": STORE_CAP,
        "buffers": STORE_BUFFERS,
        "after_image": STORE_AFTER_IMAGE,
        "query_seconds": STORE_QUERY_SECONDS,
    }
    with (
        tempfile.TemporaryDirectory(dir=work, prefix="virtuoso-") as folder,
        virtuoso.running_virtuoso(Path(folder), **settings) as server,
    ):
        for size in sizes:
            print(f"{size:>9,} memberships: store …", file=sys.stderr, flush=True)
            with tempfile.TemporaryDirectory(dir=work, prefix="cache-") as cache:
                results[size] = _measure(server, _data(work, size), Path(cache), timeout)
    print(_table(results))
    print(f"\n{os.cpu_count()} cores; {_load()} at the end")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.store", description=__doc__)
    parser.add_argument("--store-sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kggraph-bench")
    args = parser.parse_args(argv)
    run(tuple(int(s) for s in args.store_sizes.split(",")), args.work, args.timeout)


if __name__ == "__main__":
    main()

"""``python -m benchmarks``: the naive road against kggraph's, stage by stage, side by side.

For each size (memberships) it writes a synthetic data set once (``kggraph synth``, kept in the
work folder for the next run), then runs each road in a fresh process
(:mod:`benchmarks.runner`) through the stages:

- **load** — parse the ontology and the file and build the records. Naive: rdflib's parser;
  ours: pyoxigraph, cache off. **load (cached)** is ours again with the cache filled.
- **graph** — naive: a networkx bipartite graph of core groups and organisations; ours: sparse
  incidence matrices.
- **overlap** — every pair of active core groups sharing ministries, agencies or themes, with
  Jaccard and overlap coefficients. Naive: networkx's bipartite projection and a loop over all
  pairs; ours: one sparse product per kind.
- **duplication** — the 2.4 score of (core group, structure) pairs. Naive: a loop over all
  pairs; ours: only the pairs the sparse product says share members.
- **checks** — every rule. Naive: duplication by the loop over pairs plus the other rules.

It prints a table (seconds, naive ÷ ours, peak memory per stage) and writes it as CSV. A
stage that runs past ``--timeout`` or past ``--memory-cap`` is stopped and reported as such;
the rest of that road at that size is skipped.

After the table it prints, per size, 2.4's precision and recall at warning and error level on
the pairs ``kggraph synth`` planted (:mod:`benchmarks.planted`), and the time and peak memory
of ``kggraph check --no-bundled --data FILE --format json > out.json`` with a cold cache,
measured as a whole process (:mod:`benchmarks.end_to_end`).

The cold load is the figure a shared machine blurs most, so it is measured ``--loads`` times
(default 3) in fresh processes, the roads taking turns, and the table shows the median; every
measurement is printed below the table. A size whose first loads took a minute or more is
loaded once.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.report import Row, machine, render_csv, render_samples, render_table, total
from benchmarks.runner import STAGES

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 5_000)
AT = "2024-06-30"
E2E_SECONDS, E2E_MB = 60.0, 8 * 1024  # issue 15's bound on the whole check command at 1M
REPEAT_BELOW = 60.0
"""Seconds: a size whose first cold loads (either road) took this long or more is loaded once."""


@dataclass
class Outcome:
    """One road at one size: stage → (seconds, peak MB), why it stopped, if it did, and the
    seconds of every cold load."""

    stages: dict[str, tuple[float, float]] = field(default_factory=dict)
    stopped: str | None = None
    loads: list[float] = field(default_factory=list)

    def take_median_load(self) -> None:
        """The load stage's seconds become the median of the cold loads (its peak stays)."""
        if "load" in self.stages and len(self.loads) > 1:
            self.stages["load"] = (statistics.median(self.loads), self.stages["load"][1])


def _data(folder: Path, size: int, seed: int) -> Path:
    """The synthetic file for ``size`` and ``seed``, written unless this generator wrote it;
    what it planted is kept beside it (``.planted.json``)."""
    import hashlib
    from dataclasses import asdict

    from kggraph.render.synth_file import write_file
    from kggraph.sources import synth

    code = b"".join(p.read_bytes() for p in sorted(Path(synth.__file__).parent.glob("synth*.py")))
    generator = hashlib.sha256(code).hexdigest()[:8]
    path = folder / f"synth-{size}-{seed}-{generator}.ttl"
    if not path.exists():
        print(f"writing {path.name} …", file=sys.stderr, flush=True)
        tmp = path.with_suffix(".tmp")
        report = write_file(str(tmp), size, seed)
        path.with_suffix(".planted.json").write_text(json.dumps(asdict(report)))
        tmp.rename(path)
    return path


def _planted(path: Path):  # noqa: ANN202 - a SynthReport, imported late
    from kggraph.sources.synth import SynthReport

    saved = json.loads(path.with_suffix(".planted.json").read_text())
    lists = ("duplicates", "hard_negatives", "level_gaps", "steering_gaps")
    return SynthReport(**{k: [tuple(x) for x in v] if k in lists else v for k, v in saved.items()})


def _duplication_and_end_to_end(paths: dict[int, Path]) -> list[str]:
    """2.4's precision and recall on what was planted, and the whole ``check`` command timed
    as a user runs it, per size."""
    from benchmarks.end_to_end import COMMAND, measure_check
    from benchmarks.planted import HEAD, describe, planted_quality
    from kggraph.sources.load import Sources, load_model

    lines, notes, runs = [HEAD], [], []
    for size, path in paths.items():
        print(f"{size:>9,} memberships: 2.4 on the planted pairs …", file=sys.stderr, flush=True)
        model = load_model(Sources(data=(path,), bundled=False))
        *rows, note = describe(size, planted_quality(model, _planted(path)))
        lines += rows
        notes.append(note)
        del model
        print(f"{size:>9,} memberships: {COMMAND} …", file=sys.stderr, flush=True)
        m = measure_check(path)
        within = m.seconds <= E2E_SECONDS and m.peak_mb <= E2E_MB
        verdict = f"exit {m.status}, {'within' if within else 'over'} 60 s and 8 GB"
        runs.append(
            f"| {size:,} | {m.seconds:.1f} | {m.cpu_seconds:.1f} | {m.peak_mb:,.0f} | "
            f"{m.output_bytes / 1e6:,.1f} | "
            f"{verdict} |"
        )
    head = (
        "| memberships | seconds | CPU s | peak MB | output MB | |\n|---:|---:|---:|---:|---:|---|"
    )
    command = COMMAND.format(file="synth.ttl")
    return [*lines, "", *notes, "", f"End to end, cold cache: `{command}`", "", head, *runs]


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _run(road: str, path: Path, timeout: float, cap_mb: float) -> Outcome:
    """Run one road in a child process; stop it on a stage past ``timeout`` or ``cap_mb``.
    ``road`` may be ``naive-load`` or ``ours-load``: the cold load alone."""
    outcome = Outcome()
    with tempfile.TemporaryDirectory(prefix="kggraph-bench-") as cache:
        env = {**os.environ, "KGGRAPH_CACHE_DIR": cache, "PYTHONHASHSEED": "0"}
        env.pop("KGGRAPH_NO_CACHE", None)
        child = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.runner", road, str(path), AT],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_pump, args=(child.stdout, lines), daemon=True).start()
        outcome.stopped = _collect(child, lines, outcome, timeout, cap_mb)
    return outcome


def _pump(stream, lines: queue.Queue) -> None:  # noqa: ANN001 - a text stream
    for line in stream:
        lines.put(line)
    lines.put(None)


def _collect(
    child: subprocess.Popen, lines: queue.Queue, outcome: Outcome, timeout: float, cap_mb: float
) -> str | None:
    started = time.monotonic()
    while True:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if time.monotonic() - started > timeout:
                child.kill()
                child.wait()
                return f"> {timeout:.0f} s"
            if _rss_mb(child.pid) > cap_mb:
                child.kill()
                child.wait()
                return f"> {cap_mb / 1024:.0f} GB"
            continue
        if line is None:
            code = child.wait()
            return None if code == 0 else f"failed (exit {code})"
        record = json.loads(line)
        outcome.stages[record["stage"]] = (record["seconds"], record["peak_mb"])
        if record["stage"] == "load":
            outcome.loads.append(record["seconds"])
        started = time.monotonic()


def _rows(size: int, naive: Outcome, ours: Outcome) -> list[Row]:
    """The table rows of one size; where a road stopped, its first missing stage says why and
    the later ones say ``skipped``."""
    rows = [Row(size, s, naive.stages.get(s), ours.stages.get(s)) for s in STAGES]
    rows[0].naive_samples, rows[0].ours_samples = tuple(naive.loads), tuple(ours.loads)
    for road, outcome in (("naive", naive), ("ours", ours)):
        missing = [r for r in rows if getattr(r, road) is None and r.stage in _road_stages(road)]
        for i, row in enumerate(missing):
            setattr(row, f"{road}_note", (outcome.stopped or "?") if i == 0 else "skipped")
    for row in rows:
        if row.stage not in _road_stages("naive"):
            row.naive_note = "(no cache)"
            row.baseline = naive.stages["load"][0] if "load" in naive.stages else None
    rows.append(total(size, "load + checks", rows, ("load", "checks")))
    return rows


def _repeat_loads(path: Path, outcomes: dict[str, Outcome], args: argparse.Namespace) -> None:
    """Measure the cold load of each road that loaded ``args.loads`` times in all, the roads
    taking turns, and keep the median; unless either first load took :data:`REPEAT_BELOW` or
    more (a road stopped at a later stage still has its load), so both roads load once."""
    ran = {road: o for road, o in outcomes.items() if o.loads}
    if not ran or max(o.loads[0] for o in ran.values()) >= REPEAT_BELOW:
        return
    for _ in range(args.loads - 1):
        for road, outcome in ran.items():
            again = _run(f"{road}-load", path, args.timeout, args.memory_cap * 1024)
            outcome.loads += again.loads
    for outcome in ran.values():
        outcome.take_median_load()


def _road_stages(road: str) -> tuple[str, ...]:
    return STAGES if road == "ours" else tuple(s for s in STAGES if s != "load (cached)")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="memberships, comma-separated (default: %(default)s)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"small sizes only ({', '.join(map(str, QUICK_SIZES))}): a smoke test",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic data")
    parser.add_argument(
        "--loads",
        type=int,
        default=3,
        help="cold loads per road and size, in fresh processes; the table shows their median "
        f"(sizes whose first load took {REPEAT_BELOW:.0f} s or more: one) (default: %(default)s)",
    )
    parser.add_argument("--roads", default="naive,ours", help="which roads (default: %(default)s)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=900.0,
        help="seconds a stage may take before it is stopped (default: %(default)s)",
    )
    parser.add_argument(
        "--memory-cap",
        type=float,
        default=16.0,
        help="GB a run may hold before it is stopped (default: %(default)s)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kggraph-bench",
        help="folder for the synthetic data (default: %(default)s)",
    )
    parser.add_argument(
        "--csv",
        type=Path,
        default=Path("benchmark.csv"),
        help="where to write the table as CSV (default: %(default)s)",
    )
    return parser.parse_args(argv)  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table (``--register``: the EU register's steps, see
    :mod:`benchmarks.register`; ``--store``: the shared store's, see :mod:`benchmarks.store`)."""
    argv = sys.argv[1:] if argv is None else argv
    if "--register" in argv:
        from benchmarks import register

        register.main([a for a in argv if a != "--register"])
        return
    if "--store" in argv:
        from benchmarks.store import main as store_main

        store_main([a for a in argv if a != "--store"])
        return
    args = _arguments(argv)
    sizes = QUICK_SIZES if args.quick else tuple(int(s) for s in args.sizes.split(","))
    roads = args.roads.split(",")
    args.work.mkdir(parents=True, exist_ok=True)
    before = os.getloadavg() if hasattr(os, "getloadavg") else None
    rows: list[Row] = []
    failed: list[str] = []
    paths: dict[int, Path] = {}
    for size in sizes:
        path = paths[size] = _data(args.work, size, args.seed)
        outcomes = {}
        for road in ("naive", "ours"):
            if road not in roads:
                outcomes[road] = Outcome(stopped="not run")
                continue
            print(f"{size:>9,} memberships: {road} …", file=sys.stderr, flush=True)
            outcomes[road] = _run(road, path, args.timeout, args.memory_cap * 1024)
            if (outcomes[road].stopped or "").startswith("failed"):
                failed.append(f"{road} at {size:,} memberships {outcomes[road].stopped}")
        if args.loads > 1:
            print(f"{size:>9,} memberships: cold loads …", file=sys.stderr, flush=True)
            _repeat_loads(path, outcomes, args)
        rows += _rows(size, outcomes["naive"], outcomes["ours"])
        args.csv.write_text(render_csv(rows))
    more = _duplication_and_end_to_end(paths)
    after = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(machine(before, after, platform))
    print(render_table(rows))
    samples = render_samples(rows)
    if samples:
        print(f"\n{samples}")
    print("\n" + "\n".join(more))
    print(f"\nCSV: {args.csv}")
    if failed:
        sys.exit(f"benchmark failed: {'; '.join(failed)} (its error is above)")


if __name__ == "__main__":
    main()

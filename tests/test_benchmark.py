"""``python -m benchmarks`` runs end to end: both roads, every stage, a table and its CSV.

The sizes here are tiny (the large runs live in the benchmark itself, not in the tests); what is
tested is that the harness measures every stage of both roads and reports them side by side.
"""

from __future__ import annotations

import csv
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ["load", "load (cached)", "graph", "overlap", "duplication", "checks", "load + checks"]


def test_benchmark_measures_both_roads_stage_by_stage(tmp_path: Path) -> None:
    table = tmp_path / "bench.csv"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sizes", "300", "--work", str(tmp_path)]
        + ["--csv", str(table)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Machine: ")
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert [r["stage"] for r in rows] == STAGES
    assert {r["memberships"] for r in rows} == {"300"}
    for row in rows:
        assert float(row["ours_s"]) > 0 and float(row["ours_peak_mb"]) > 0, row
        assert float(row["ratio"]) > 0, row
        if row["stage"] != "load (cached)":
            assert float(row["naive_s"]) > 0, row
    assert all(f"| 300 | {stage} |" in done.stdout for stage in STAGES)
    load = rows[0]
    for road in ("naive", "ours"):
        samples = [float(s) for s in load[f"{road}_samples"].split()]
        assert len(samples) == 3, "three cold loads per road, each in a fresh process"
        assert abs(float(load[f"{road}_s"]) - statistics.median(samples)) < 1e-4, load
    assert "300 load, median of 3: naive " in done.stdout

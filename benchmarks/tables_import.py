"""Time the import of a large memberships table: ``python -m benchmarks.tables_import [ROWS]``.

It writes a CSV of ROWS memberships (default 100,000) between the bundled organisations and
structures, each citing a bundled citation, into a temporary folder, then runs
``kggraph import`` on it with the bundled data as context (names resolved, SHACL shapes
checked, Turtle written) and prints the time of each step and the machine it ran on.
"""

from __future__ import annotations

import csv
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["make_memberships_csv", "main"]

_LEVELS = ("secretary-general", "director-general", "deputy-director-general", "case-officer")


def make_memberships_csv(path: Path, rows: int, seed: int = 1) -> None:
    """Write ``rows`` memberships between bundled organisations and structures to ``path``."""
    from kggraph.sources.load import load_model

    model = load_model()
    organisations = sorted(e.notation for e in model.entities.values() if e.is_organisation)
    structures = sorted(e.notation for e in model.entities.values() if not e.is_organisation)
    citations = sorted(i.rsplit("/", 1)[-1] for i in model.citations)
    pick = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["structure", "member", "role", "level", "start", "end", "source"])
        for _ in range(rows):
            year = pick.randint(2015, 2023)
            writer.writerow(
                [
                    pick.choice(structures),
                    pick.choice(organisations),
                    "member",
                    pick.choice(_LEVELS),
                    f"{year}-{pick.randint(1, 12):02d}-{pick.randint(1, 28):02d}",
                    f"{year + 1}-{pick.randint(1, 12):02d} (month)" if pick.random() < 0.3 else "",
                    pick.choice(citations),
                ]
            )


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    """Generate the CSV, import it through the CLI, print the timings."""
    from click.testing import CliRunner

    from kggraph.cli.main import cli

    args = sys.argv[1:] if argv is None else argv
    rows = int(args[0]) if args else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        table = folder / "memberships.csv"
        make_memberships_csv(table, rows)
        start = time.perf_counter()
        result = CliRunner().invoke(cli, ["import", str(table), "-o", str(folder / "out.ttl")])
        seconds = time.perf_counter() - start
        size = (folder / "out.ttl").stat().st_size if (folder / "out.ttl").exists() else 0
    print(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "")
    print(
        f"{rows} membership rows imported in {seconds:.1f} s (exit {result.exit_code}, "
        f"{size / 1e6:.1f} MB of Turtle)"
    )
    print(f"machine: {_machine()}")
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())

"""What the one-question benchmarks share: their options and the synthetic file they read."""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from benchmarks.who_latency import command


def arguments(argv: list[str] | None, doc: str, memberships: int, runs: int) -> argparse.Namespace:
    """``--memberships``, ``--runs`` and ``--work`` (the folder kept for the next run, made
    here), with these defaults; ``doc``'s first paragraph is the description."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--memberships", type=int, default=memberships)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kggraph-bench")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    return args


def synthetic_file(folder: Path, memberships: int) -> Path:
    """``kggraph synth`` with ``memberships`` in ``folder`` (written once, then kept)."""
    path = folder / f"synth-{memberships}.ttl"
    if not path.exists():
        synth = [*command(), "synth", "-n", str(memberships), "-o", str(path)]
        subprocess.run(synth, check=True, stderr=subprocess.DEVNULL)
    return path

"""2.4 on a real register, against hand labels: the EU Register of Commission Expert Groups.

Imports the register (``kggraph import --mapping examples/eu-expert-groups/mapping.toml``),
runs ``kggraph check --rule 2.4 --scope all`` on it as a user would (whole processes), and joins
the findings with ``tests/data/eu-pair-labels.tsv`` (pairs labelled ``duplicate``, ``related``
or ``distinct`` by hand, each with the samplers that drew it; see tests/data/README.md).
A finding about two groups, or about a subgroup of either, stands for the pair of groups. It
prints:

- how many labelled non-duplicates (``related`` + ``distinct``) are flagged at warning level or
  above (the target is fewer than 1 in 10), on the pairs drawn by some sampler that does not
  come from kggraph's ranking (``FROM_KGGRAPH``: ``kggraph`` and ``kggraph2``, whose pairs are
  kggraph's own findings, all flagged by construction), and again on the ``heldout`` pairs alone
  (a fresh draw no change to kggraph was tuned on);
- how many of those labelled duplicates are found, at warning and at error level;
- the precision of the top 20 findings and of all error-level findings, judged on the labelled
  pairs among them (an unlabelled pair is counted apart, not guessed).

Run from the repository root::

    python -m benchmarks.eu_duplication [--register DIR] [--data eg.ttl]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from benchmarks.eu_pair_samplers import FROM_KGGRAPH

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT.parent / "shared" / "realdata" / "eu-expert-groups"
MAPPING = ROOT / "examples" / "eu-expert-groups" / "mapping.toml"
LABELS = ROOT / "tests" / "data" / "eu-pair-labels.tsv"
SNAPSHOT = "2011-06-10"


def _kggraph(*args: str) -> subprocess.CompletedProcess:
    beside = Path(sys.executable).parent / "kggraph"
    command = [str(beside) if beside.exists() else "kggraph", *args]
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)


class Label(NamedTuple):
    """A labelled pair's label and the samplers that drew it."""

    label: str
    samplers: frozenset[str]


def labels(path: Path = LABELS) -> dict[frozenset[str], Label]:
    """The labelled pairs of group codes, each with its label and samplers."""
    with path.open(encoding="utf-8", newline="") as f:
        return {
            frozenset((r["code_a"], r["code_b"])): Label(
                r["label"], frozenset(r["samplers"].split(","))
            )
            for r in csv.DictReader(f, delimiter="\t")
        }


def _group(code: str) -> str:
    """A group's code from a structure's short name (a subgroup is named after its group)."""
    found = re.match(r"[A-Z]\d+", code)
    return found.group(0) if found else code


def findings(data: Path, scope: str = "all") -> list[dict]:
    """2.4 findings on the snapshot date, strongest first, as ``kggraph check`` prints them."""
    out = _kggraph(
        "check", "--no-bundled", "--data", str(data), "--at", SNAPSHOT, "--rule", "2.4",
        "--scope", scope, "--format", "json",
    )  # fmt: skip
    rows = json.loads(out.stdout)
    return sorted(rows, key=lambda r: -r["details"]["score"])


def _pair(row: dict) -> frozenset[str]:
    return frozenset(_group(x) for x in (row["subject"], *row["related"]))


def _flagged(name: str, truth: dict[frozenset[str], str], level: dict) -> str:
    """The rate of non-duplicates flagged and the duplicates found, among the pairs of truth."""
    negatives = [p for p, lab in truth.items() if lab != "duplicate"]
    duplicates = [p for p, lab in truth.items() if lab == "duplicate"]
    flagged = [p for p in negatives if p in level]
    by_label = Counter(truth[p] for p in flagged)
    return (
        f"{name}: non-duplicates flagged at warning or above {len(flagged)} of {len(negatives)} "
        f"({len(flagged) / len(negatives):.1%}; "
        + ", ".join(f"{k} {n}" for k, n in sorted(by_label.items()))
        + f"); duplicates found {sum(p in level for p in duplicates)} of {len(duplicates)}, "
        f"{sum(level.get(p) == 'error' for p in duplicates)} at error"
    )


def report(rows: list[dict], truth: dict[frozenset[str], Label]) -> list[str]:
    """The figures, as lines."""
    level = {}
    for r in rows:
        level.setdefault(_pair(r), r["severity"])
    lines = [f"findings: {len(rows)} ({sum(r['severity'] == 'error' for r in rows)} errors)"]
    for name, drawn in (
        ("pairs not only from kggraph's ranking", lambda s: bool(s - FROM_KGGRAPH)),
        ("heldout pairs", lambda s: "heldout" in s),
    ):
        chosen = {p: t.label for p, t in truth.items() if drawn(t.samplers)}
        lines.append(_flagged(f"{name} ({len(chosen)})", chosen, level))
    for name, chosen in (
        ("top 20", rows[:20]),
        ("error level", [r for r in rows if r["severity"] == "error"]),
    ):
        judged = [truth[_pair(r)].label for r in chosen if _pair(r) in truth]
        right = judged.count("duplicate")
        precision = f"{right / len(judged):.2f}" if judged else "n/a"
        lines.append(
            f"precision of the {name}: {precision} ({right} duplicates of {len(judged)} labelled "
            f"pairs; {len(chosen) - len(judged)} of {len(chosen)} findings unlabelled)"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--register", type=Path, default=REGISTER, help="the register's folder")
    parser.add_argument("--data", type=Path, help="an imported register (skips the import)")
    args = parser.parse_args()
    truth = labels()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            data = Path(tmp) / "eg.ttl"
            _kggraph("import", "--mapping", str(MAPPING), str(args.register), "-o", str(data))
        rows = findings(data)
    print("\n".join(report(rows, truth)))
    print("top 20:")
    for r in rows[:20]:
        label = truth[_pair(r)].label if _pair(r) in truth else "unlabelled"
        pair = f"{r['subject']} ~ {', '.join(r['related'])}"
        print(f"  {r['details']['score']:.3f} {r['severity']:7} {pair}: {label}")


if __name__ == "__main__":
    main()

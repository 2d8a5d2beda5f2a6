"""How well 2.4 finds what ``kggraph synth`` planted: precision and recall at warning and at
error level, and how many hard negatives of each kind it flags.

A planted pair counts when both groups are active on the date. Recall is the share of the
planted duplicates flagged at that level or above; precision the share of *every* pair flagged
at that level or above (planted or found by chance) that is a planted duplicate. Run alone::

    python -m benchmarks.planted 100000
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kggraph.analyses.checks import run_checks
from kggraph.model.records import Model
from kggraph.render.synth_file import write_file
from kggraph.sources.load import Sources, load_model
from kggraph.sources.synth import SynthReport

__all__ = ["Quality", "planted_quality"]

AT = date(2024, 6, 30)
LEVELS = ("warning", "error")


@dataclass(frozen=True)
class Quality:
    """Precision and recall of 2.4 on one data set, by level."""

    duplicates: int  # planted duplicates active on the date
    negatives: Counter  # planted hard negatives active on the date, by kind
    flagged: dict[str, int]  # pairs flagged at each level or above
    found: dict[str, int]  # planted duplicates among them
    false: dict[str, Counter]  # planted hard negatives among them, by kind

    def precision(self, level: str) -> float:
        """Planted duplicates among the pairs flagged at ``level`` or above."""
        return self.found[level] / self.flagged[level] if self.flagged[level] else 1.0

    def recall(self, level: str) -> float:
        """Planted duplicates flagged at ``level`` or above."""
        return self.found[level] / self.duplicates if self.duplicates else 1.0


def planted_quality(model: Model, report: SynthReport, at: date = AT) -> Quality:
    """Compare 2.4's findings on ``at`` with what was planted."""
    active = {e.notation for e in model.active_structures(at)}
    findings = [f for f in run_checks(model, at, "en", rules=["2.4"])]
    by_level = {
        level: {frozenset((f.subject, *f.related)) for f in findings if f.severity in wanted}
        for level, wanted in (("warning", ("warning", "error")), ("error", ("error",)))
    }
    planted = {frozenset(p) for p in report.duplicates if set(p) <= active}
    negatives = {frozenset((a, b)): k for a, b, k in report.hard_negatives if {a, b} <= active}
    return Quality(
        duplicates=len(planted),
        negatives=Counter(negatives.values()),
        flagged={lv: len(pairs) for lv, pairs in by_level.items()},
        found={lv: len(pairs & planted) for lv, pairs in by_level.items()},
        false={
            lv: Counter(negatives[p] for p in pairs if p in negatives)
            for lv, pairs in by_level.items()
        },
    )


def describe(size: int, q: Quality) -> list[str]:
    """The quality as lines of a Markdown table and a line on the hard negatives."""
    rows = [
        f"| {size:,} | {lv} | {q.flagged[lv]:,} | {q.found[lv]} of {q.duplicates} | "
        f"{q.precision(lv):.2f} | {q.recall(lv):.2f} | {sum(q.false[lv].values())} |"
        for lv in LEVELS
    ]
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(q.negatives.items()))
    flagged = ", ".join(f"{k} {n}" for k, n in sorted(q.false["warning"].items())) or "none"
    return [*rows, f"{size:,}: hard negatives planted ({kinds}); flagged at warning: {flagged}"]


HEAD = (
    "| memberships | level | pairs flagged | planted duplicates found | precision | recall "
    "| hard negatives flagged |\n|---:|---|---:|---:|---:|---:|---:|"
)


def main(sizes: list[int]) -> None:
    """Write each size, check it, print the table."""
    print(HEAD)
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"synth-{size}.ttl"
            report = write_file(str(path), size)
            model = load_model(Sources(data=(path,), bundled=False))
            *rows, note = describe(size, planted_quality(model, report))
            print("\n".join(rows), flush=True)
            notes.append(note)
    print("\n".join(notes))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])

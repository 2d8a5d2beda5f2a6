"""The benchmark's table (text and CSV) and the description of the machine it ran on."""

from __future__ import annotations

import csv
import io
import os
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType

__all__ = ["Row", "machine", "render_csv", "render_samples", "render_table", "total"]

Measure = tuple[float, float]  # seconds, peak MB
COLUMNS = ("memberships", "stage", "naive s", "ours s", "naive ÷ ours", "naive MB", "ours MB")


@dataclass
class Row:
    """One stage at one size: each road's (seconds, peak MB), or a note where it did not run."""

    size: int
    stage: str
    naive: Measure | None
    ours: Measure | None
    naive_note: str = ""
    ours_note: str = ""
    baseline: float | None = None  # naive seconds to compare with when naive has no such stage
    naive_samples: tuple[float, ...] = ()  # every measurement when the seconds are their median
    ours_samples: tuple[float, ...] = ()

    def cells(self) -> list[str]:
        """The row as text, in :data:`COLUMNS` order."""
        return [
            f"{self.size:,}",
            self.stage,
            _seconds(self.naive, self.naive_note),
            _seconds(self.ours, self.ours_note),
            self.ratio(),
            _mb(self.naive),
            _mb(self.ours),
        ]

    def ratio(self) -> str:
        """naive ÷ ours, or a lower bound when the naive road was stopped by the time limit."""
        if not self.ours or self.ours[0] <= 0:
            return ""
        naive = self.naive[0] if self.naive else self.baseline
        if naive is not None:
            return f"{naive / self.ours[0]:,.1f}×"
        if self.naive_note.startswith("> ") and self.naive_note.endswith(" s"):
            limit = float(self.naive_note[2:-2])
            return f"> {limit / self.ours[0]:,.0f}×"
        return ""


def total(size: int, stage: str, rows: list[Row], parts: tuple[str, ...]) -> Row:
    """A row summing the seconds of ``parts`` (peak: the largest), where each road ran them."""
    chosen = [r for r in rows if r.stage in parts]

    def road(name: str) -> Measure | None:
        measures = [getattr(r, name) for r in chosen]
        if len(measures) != len(parts) or any(m is None for m in measures):
            return None
        return sum(m[0] for m in measures), max(m[1] for m in measures)

    return Row(size, stage, road("naive"), road("ours"))


def _seconds(measure: Measure | None, note: str) -> str:
    if not measure:
        return note
    return f"{measure[0]:,.2f}" if measure[0] >= 1 else f"{measure[0]:.3f}"


def _mb(measure: Measure | None) -> str:
    return f"{measure[1]:,.0f}" if measure else ""


def render_table(rows: list[Row]) -> str:
    """A Markdown table (readable as text too)."""
    lines = [
        f"| {' | '.join(COLUMNS)} |",
        f"|{'|'.join('---:' if i > 1 else '---' for i in range(len(COLUMNS)))}|",
    ]
    lines += [f"| {' | '.join(r.cells())} |" for r in rows]
    return "\n".join(lines)


def render_csv(rows: list[Row]) -> str:
    """The table as CSV with plain numbers (seconds, MB) and the notes."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["memberships", "stage", "naive_s", "ours_s", "ratio", "naive_peak_mb",
                     "ours_peak_mb", "naive_note", "ours_note", "naive_samples",
                     "ours_samples"])  # fmt: skip
    for r in rows:
        naive = r.naive[0] if r.naive else r.baseline
        ratio = naive / r.ours[0] if naive is not None and r.ours and r.ours[0] > 0 else ""
        writer.writerow([
            r.size, r.stage,
            round(r.naive[0], 4) if r.naive else "", round(r.ours[0], 4) if r.ours else "",
            round(ratio, 2) if ratio != "" else "",
            round(r.naive[1]) if r.naive else "", round(r.ours[1]) if r.ours else "",
            r.naive_note, r.ours_note,
            " ".join(f"{s:.4f}" for s in r.naive_samples),
            " ".join(f"{s:.4f}" for s in r.ours_samples),
        ])  # fmt: skip
    return out.getvalue()


def render_samples(rows: list[Row]) -> str:
    """One line per stage shown as a median: every measurement of each road, in order.

    >>> print(render_samples([Row(10, "load", (2.0, 1), (0.1, 1), naive_samples=(2.0, 1.5, 2.5),
    ...                           ours_samples=(0.1, 0.2, 0.1))]))
    10 load, median of 3: naive 2.00, 1.50, 2.50 s; ours 0.100, 0.200, 0.100 s
    """
    lines = []
    for r in rows:
        if len(r.naive_samples) > 1 or len(r.ours_samples) > 1:
            count = max(len(r.naive_samples), len(r.ours_samples))
            roads = "; ".join(
                f"{name} {', '.join(_seconds((s, 0), '') for s in samples)} s"
                for name, samples in (("naive", r.naive_samples), ("ours", r.ours_samples))
                if samples
            )
            lines.append(f"{r.size:,} {r.stage}, median of {count}: {roads}")
    return "\n".join(lines)


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024**2:.0f} GB"
    except OSError:
        pass
    return "? GB"


def _versions() -> str:
    out = []
    for name in ("pyoxigraph", "rdflib", "networkx", "scipy", "numpy"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} ?")
    return ", ".join(out)


def machine(before: tuple | None, after: tuple | None, platform: ModuleType) -> str:
    """One paragraph: CPU, cores, memory, OS, Python, libraries, load average around the run."""
    load = ""
    if before and after:
        load = f"; load average {before[0]:.1f} before, {after[0]:.1f} after"
    return (
        f"Machine: {_cpu()}, {os.cpu_count()} cores, {_memory_gb()} RAM, {platform.system()} "
        f"{platform.release()}; Python {sys.version.split()[0]}; {_versions()}{load}."
    )

"""``kggraph synth``: a synthetic data set for scale tests and the benchmark."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from kggraph.cli.progress import progress_bar

__all__ = ["synth"]

_SUFFIXES = (".ttl", ".nt")


@click.command()
@click.option(
    "--memberships",
    "-n",
    type=click.IntRange(min=1),
    required=True,
    metavar="N",
    help="How many memberships to write (exactly).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the generator.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write: .ttl (Turtle) or .nt (N-Triples).",
)
def synth(memberships: int, seed: int, output: Path) -> None:
    """Write a synthetic data set with N memberships in the project's vocabulary.

    Shaped like the bundled data (ministries, agencies with parents, core groups with
    secretariats and other sub-bodies, leads, levels incl. unknown, coarse and unknown dates,
    themes, citations, a reorganisation per state) and valid against the SHACL shapes. The
    same N and seed give the same file. It plants duplicates and gaps for the checks to find
    and reports how many on stderr. Not facts: every name is made up.

    Example: kggraph synth --memberships 100000 -o synth.ttl
    """
    from kggraph.render.synth_file import write_file

    if output.suffix.lower() not in _SUFFIXES:
        raise click.UsageError(f"-o must end in {' or '.join(_SUFFIXES)}, not '{output.name}'")
    with progress_bar("Writing", min_total=200_000) as progress:
        report = write_file(
            str(output), memberships, seed, lambda done: progress(done, memberships)
        )
    click.echo(
        f"Wrote {output}: {report.memberships:,} memberships, {report.triples:,} triples; "
        f"{report.states} state(s), {report.ministries} ministries, {report.agencies} agencies, "
        f"{report.structures:,} structures ({report.core_groups:,} core groups).",
        err=True,
    )
    click.echo(
        f"Planted: {len(report.duplicates)} duplicate pair(s) of core groups (2.4), "
        f"{len(report.level_gaps)} ministry seat(s) in a core group below secretary-general "
        "level (5.1), "
        f"{len(report.anchoring_gaps)} core group(s) without government anchoring (5.3), "
        f"{len(report.steering_gaps)} assignment(s) to an agency outside the group's "
        "steering lines (6.1).",
        err=True,
    )
    kinds = Counter(kind for _, _, kind in report.hard_negatives)
    click.echo(
        "Hard negatives for 2.4 (alike, not duplicates): "
        + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        + ".",
        err=True,
    )

"""A synthetic data set (:mod:`kggraph.sources.synth`) written to a file by the one RDF writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kggraph.outputs import atomic_file
from kggraph.render.rdf import TripleWriter
from kggraph.sources.synth import NOTE, SynthReport, generate

__all__ = ["write_file"]


def write_file(
    path: str | Path,
    memberships: int,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> SynthReport:
    """:func:`~kggraph.sources.synth.generate` into a file: N-Triples when the name ends in
    ``.nt``, else Turtle. ``progress`` gets the memberships written so far."""
    with atomic_file(path, encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        writer = TripleWriter(out, ntriples=str(path).endswith(".nt"), note=NOTE)
        return generate(writer, memberships, seed, progress)

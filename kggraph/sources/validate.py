"""SHACL validation of the merged graph against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kggraph.resources import shapes_file

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["Report", "run_shapes", "validate"]


@dataclass(frozen=True)
class Report:
    """The outcome: whether the graph conforms, the number of violations, readable text."""

    conforms: bool
    violations: int
    text: str


def run_shapes(graph: Graph) -> tuple[bool, Graph, str]:
    """Run pySHACL with the project's shapes over ``graph``: whether it conforms, the results
    graph and pySHACL's readable report. The one set-up every caller shares (``validate``,
    ``import``, ``publish``).

    The shapes are core SHACL, so pySHACL runs without its advanced features and without
    inference: the ontology sits in ``graph``, and a class target follows its
    ``rdfs:subClassOf`` there, so shapes on ORG classes see the project's subclasses. Nothing
    is inferred, so pySHACL reads ``graph`` in place instead of copying it. A shape with
    severity warning or info does not break conformance.
    """
    from pyshacl import validate as shacl_validate
    from rdflib import Graph

    shapes = Graph().parse(shapes_file(), format="turtle")
    conforms, results, text = shacl_validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        inplace=True,
        allow_warnings=True,
    )
    return bool(conforms), results, str(text)


def validate(graph: Graph) -> Report:
    """Validate ``graph`` (ontology + data) against the project's SHACL shapes."""
    from rdflib.namespace import SH

    conforms, results, text = run_shapes(graph)
    violations = len(set(results.subjects(predicate=SH.resultSeverity)))
    unread = _unreadable(graph)
    text = "".join(f"Unreadable: {line}\n" for line in unread) + text
    return Report(conforms and not unread, violations + len(unread), text)


def _unreadable(graph: Graph) -> list[str]:
    """What the loader would refuse to read (:mod:`kggraph.sources.screen`): two values where
    one is allowed, a date that is no date, a period that ends before it starts."""
    from kggraph.sources.extract import extract
    from kggraph.sources.screen import describe
    from kggraph.sources.subject_index import from_rdflib

    return [describe(p) for p in extract(from_rdflib(graph)).problems if p.fatal]

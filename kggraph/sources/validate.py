"""SHACL validation of the merged graph against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kggraph.resources import shapes_file

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["Report", "validate"]


@dataclass(frozen=True)
class Report:
    """The outcome: whether the graph conforms, the number of violations, readable text."""

    conforms: bool
    violations: int
    text: str


def validate(graph: Graph) -> Report:
    """Validate ``graph`` (ontology + data) against the project's SHACL shapes.

    No inference: ``sh:targetClass`` follows ``rdfs:subClassOf`` in the merged graph, so shapes
    on ORG classes also see the project's subclasses. So ``graph`` is read in place
    (``inplace``): pySHACL changes nothing in it, and its copy of a large graph cost a fifth
    of the validation.
    """
    from pyshacl import validate as shacl_validate
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes = Graph().parse(shapes_file(), format="turtle")
    conforms, results, text = shacl_validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    violations = len(set(results.subjects(predicate=SH.resultSeverity)))
    return Report(bool(conforms), violations, str(text))

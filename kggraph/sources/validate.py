"""SHACL validation of the merged graph against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kggraph.resources import shapes_file

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["Report", "run_shapes", "shapes_for", "validate"]

_KGS = "https://w3id.org/kggraph/shapes#"


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

    shapes = shapes_for(graph)
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


def shapes_for(data: Graph) -> Graph:
    """The project's shapes that apply to ``data``: a shape for one guideline set only
    (``kgs:onlyForGuidelines``) when the data declare that set; a shape a data set may switch
    off (``kgs:unlessDatasetSays``) unless one does (EU agencies have no parent ministry)."""
    from rdflib import Graph, Literal, URIRef

    from kggraph.model.namespaces import KG

    shapes = Graph().parse(shapes_file(), format="turtle")
    declared = set(data.objects(None, KG.guidelineSet))
    for shape, wanted in list(shapes.subject_objects(URIRef(_KGS + "onlyForGuidelines"))):
        if wanted not in declared:
            shapes.remove((shape, None, None))
    for shape, prop in list(shapes.subject_objects(URIRef(_KGS + "unlessDatasetSays"))):
        if (None, prop, Literal(False)) in data:
            shapes.remove((shape, None, None))
    return _targeted_properties(shapes)


def _targeted_properties(shapes: Graph) -> Graph:
    """``shapes`` with each property shape of a targeted node shape given the node shape's
    targets, and run on its own: the same results (a property shape is their source shape
    either way), at a third of the cost.

    pySHACL validates a node shape's ``sh:property`` once per focus node, building its
    constraint components anew each time: 23 of the 28 s the shapes took on 100,000
    memberships went to kgs:MembershipShape. A property shape with targets of its own is
    validated once, over all its focus nodes (11 s for all the shapes).
    """
    from rdflib.namespace import RDF, SH

    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        aims = [(p, o) for p in targets for o in shapes.objects(shape, p)]
        if not aims:
            continue
        for prop in list(shapes.objects(shape, SH.property)):
            shapes.remove((shape, SH.property, prop))
            shapes.add((prop, RDF.type, SH.PropertyShape))
            for aim in aims:
                shapes.add((prop, *aim))
    return shapes

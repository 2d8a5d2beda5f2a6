"""Serialise the merged graph for other tools: Turtle, N-Triples, JSON-LD, or CSV of triples."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from kggraph.model.namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["RDF_EXPORTS", "serialise"]

RDF_EXPORTS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}


def _triples_csv(graph: Graph) -> str:
    from rdflib import Literal

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["subject", "predicate", "object", "language", "datatype"])
    for s, p, o in sorted(graph):
        lang = o.language if isinstance(o, Literal) else None
        dtype = o.datatype if isinstance(o, Literal) else None
        writer.writerow([s, p, o, lang or "", dtype or ""])
    return out.getvalue()


def serialise(graph: Graph, fmt: str) -> str:
    """The graph as text in ``fmt`` (turtle, nt, jsonld or csv)."""
    if fmt == "csv":
        return _triples_csv(graph)
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph.serialize(format=RDF_EXPORTS[fmt])

"""A typed networkx view of the graph on one date.

Nodes are organisations and structures active on that date (IRI as node id); edges are
memberships (member → structure) and the structural links (part of, parent ministry, steers,
replaces, continues). Analyses and the picture read this view.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kggraph.model.dates import edtf
from kggraph.model.namespaces import KGROLE
from kggraph.model.records import Entity, Model

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["build_view"]

_LINKS = (
    ("part_of", "part_of"),
    ("steers", "steers"),
    ("replaces", "replaces"),
    ("predecessors", "predecessor"),
)


def _node_attrs(model: Model, e: Entity, lang: str, at: date) -> dict:
    return {
        "type": e.type,
        "category": e.category,
        "label": e.label(lang, at),
        "notation": e.notation_on(at),
        "start": edtf(e.active.start),
        "end": edtf(e.active.end),
        "sources": model.source_labels(e.sources),
    }


def build_view(model: Model, at: date, lang: str = "nb") -> nx.MultiDiGraph:
    """The graph on ``at``: active entities that take part in something, and their edges.

    Nodes and edges come in the order of their IRIs, whatever order the triples came in, so
    the same data give the same picture.

    An organisation appears when it has an active membership or is linked to an active
    structure; every active structure appears. Example::

        >>> from kggraph.sources.load import load_model
        >>> g = build_view(load_model(), date(2024, 6, 30))  # doctest: +SKIP
        >>> g.nodes["https://w3id.org/kggraph/id/KUBU"]["type"]  # doctest: +SKIP
        'CoreGroup'
    """
    import networkx as nx

    g = nx.MultiDiGraph(at=at.isoformat(), lang=lang)
    structures = {e.iri for e in model.active_structures(at)}
    for iri in sorted(structures):
        g.add_node(iri, **_node_attrs(model, model.entities[iri], lang, at))
    for m in sorted(model.memberships, key=lambda m: m.iri):
        if m.organization not in structures or not model.holds(m, at):
            continue
        if m.member not in g:
            g.add_node(m.member, **_node_attrs(model, model.entities[m.member], lang, at))
        g.add_edge(
            m.member,
            m.organization,
            key=m.iri,
            kind="membership",
            role=m.role,
            level=m.level,
            role_label=model.concept_label(m.role, str(KGROLE), lang),
            level_label=model.level_label(m, lang),
            start=edtf(m.during.start),
            end=edtf(m.during.end),
            sources=model.source_labels(m.sources),
        )
    _add_links(model, g)
    return g


def _add_links(model: Model, g: nx.MultiDiGraph) -> None:
    """Structural edges between nodes already in the view (nothing is pulled in by them)."""
    for iri in list(g.nodes):
        e = model.entities[iri]
        for attr, kind in _LINKS:
            for target in sorted(getattr(e, attr)):
                if target in g:
                    g.add_edge(iri, target, key=f"{kind}:{target}", kind=kind)
        if e.parent and e.parent in g:
            g.add_edge(iri, e.parent, key=f"parent:{e.parent}", kind="parent_ministry")

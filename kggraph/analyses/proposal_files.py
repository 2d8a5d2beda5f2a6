"""Read a proposal file: TOML (:mod:`kggraph.analyses.proposal_toml`) or Turtle with the
ontology's terms (``kg:CoreGroup``, ``org:Membership`` …), into a
:class:`~kggraph.analyses.proposal.Proposal`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kggraph.analyses.proposal import Proposal, proposal_iri
from kggraph.analyses.proposal_toml import read_toml
from kggraph.errors import KgError
from kggraph.model.records import Citation, Entity, Membership, Model

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["read_proposal", "read_turtle"]


def read_proposal(path: Path, model: Model) -> Proposal:
    """Read a proposal from a ``.toml`` file or an RDF file (Turtle and the other RDF formats)."""
    if path.suffix.lower() == ".toml":
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise KgError(f"{path}: cannot read: {err.strerror or err}") from None
        except UnicodeDecodeError:
            raise KgError(f"{path}: not a text file (UTF-8)") from None
        return read_toml(text, model, str(path))
    return read_turtle(path, model)


def read_turtle(path: Path, model: Model) -> Proposal:
    """Read a proposal written in Turtle with the ontology's terms (``kg:CoreGroup``,
    ``org:Membership`` …). Every ``kg:CoreGroup`` the file describes is proposed; its parts
    (``org:subOrganizationOf``) come along. References to organisations must exist in the data.
    """
    from rdflib import Graph

    from kggraph.resources import ontology_files
    from kggraph.sources.extract import extract
    from kggraph.sources.load import parse_file
    from kggraph.sources.subject_index import from_rdflib

    own = Graph()
    parse_file(own, path)
    graph = Graph()
    for f in ontology_files():
        parse_file(graph, f)
    graph += own
    source = Citation(proposal_iri(path.name) + "#source", path.name)
    layer = extract(from_rdflib(_cited_memberships(graph, own, source.iri)))
    unread = [p for p in layer.problems if p.fatal]
    if unread:
        from kggraph.sources.screen import describe

        raise KgError(f"{path}: {describe(unread[0])}")
    described = {str(s) for s in own.subjects()}
    groups = [e for e in layer.entities.values() if e.type == "CoreGroup" and e.iri in described]
    if not groups:
        raise KgError(f"{path}: the proposal describes no kg:CoreGroup")
    proposed = _with_parts(layer, groups)
    for e in proposed:
        if e.iri in model.entities:
            raise KgError(f"{path}: <{e.iri}> already exists in the data; a proposal must be new")

    def cited(record: Any) -> Any:
        return record if record.sources else replace(record, sources=(source.iri,))

    return Proposal(
        str(path),
        tuple(cited(e) for e in proposed),
        tuple(cited(m) for m in _turtle_memberships(layer, model, proposed, path)),
        tuple(cited(a) for a in layer.assignments if a.iri in described),
        (source, *(c for c in layer.citations.values() if c.iri in described)),
    )


def _cited_memberships(graph: Graph, own: Graph, source: str) -> Graph:
    """``graph`` with the proposal file as the source of each of its memberships that cites
    none (a proposal is its own source; the loader requires one)."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, ORG, RDF

    for m in own.subjects(RDF.type, ORG.Membership):
        if (m, DCTERMS.source, None) not in own:
            graph.add((m, DCTERMS.source, URIRef(source)))
    return graph


def _with_parts(layer: Model, groups: list[Entity]) -> list[Entity]:
    out = sorted(groups, key=lambda e: e.notation)
    todo = [g.iri for g in out]
    while todo:
        for part in layer.parts_of.get(todo.pop(), []):
            if all(e.iri != part for e in out):
                out.append(layer.entities[part])
                todo.append(part)
    return out


def _turtle_memberships(
    layer: Model, model: Model, proposed: list[Entity], path: Path
) -> list[Membership]:
    iris = {e.iri for e in proposed}
    out = [m for m in layer.memberships if m.organization in iris]
    for m in out:
        if m.member not in model.entities and m.member not in iris:
            raise KgError(
                f"{path}: membership <{m.iri}>: org:member <{m.member}> is not in the data"
            )
    return out

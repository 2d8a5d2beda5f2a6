"""``who`` and ``members`` answered in the store: fetch what their rows print, nothing more.

The store is asked for the organisation or structure a name stands for, then for a small
graph (N-Triples, parsed by pyoxigraph): that entity, its memberships on one side (as member
for ``who``, as structure for ``members``), the entities on the other side, the periods and
instants of all of them, and the citations of the memberships. :func:`extract` turns that
graph (with the local ontology) into a model holding only those records, and the one query
code runs on it — so the rows are the ones the embedded graph gives.

Names: the one resolver folds case, accents and punctuation (:func:`normalise`), which a
SPARQL store cannot do as it does. So publish writes, beside the data, the key each entity is
filed under for each of its names (:data:`~kggraph.sources.store.NAME_KEY`); the store is asked
for the entities under NAME's key (and the one whose IRI NAME is), their names are fetched, and
the resolver picks among them: what it finds there is what it finds in the whole graph, one
entity or an ambiguity. When it finds none (or the graph has no keys), every entity's names are
fetched, so that the error message (with its "did you mean") is the embedded road's.

The data sets' descriptions come too: ``--at`` defaults to the snapshot date they declare.
"""

from __future__ import annotations

from contextlib import suppress
from itertools import chain
from typing import TYPE_CHECKING

from kggraph.errors import UnknownNameError
from kggraph.model.names import expand_prefixed, normalise
from kggraph.model.namespaces import DCTERMS, KG, ORG, RDF, RDFS, SKOS, TIME
from kggraph.sources.store import (
    DEFAULT_GRAPH,
    NAME_KEY,
    blank_nodes_back,
    checked_iri,
    is_iri,
    publication,
    read_lines,
    without_keys,
)
from kggraph.sources.store_http import DEFAULT_MAX_ANSWER_MB, DEFAULT_TIMEOUT, client

if TYPE_CHECKING:
    from kggraph.model.records import Model
    from kggraph.sources.store_http import SparqlClient

__all__ = ["SIDES", "listing_model"]

SIDES = {"structure": ORG.member, "member": ORG.organization}
"""For each listing, the predicate that ties its memberships to the entity asked about:
``who`` lists structures (the entity is the member), ``members`` lists members."""

MAY_ANSWER = 200
"""The most entities that may answer to a name whose names are fetched by IRI; with more, every
entity's names are (a long ``VALUES`` list of subjects is planned badly by Virtuoso 7.2)."""

_NAMES = (SKOS.notation, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label)


def _text(value: str) -> str:
    """``value`` as a SPARQL string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r") + '"'


def _uris(rows: list[dict]) -> set[str]:
    """The IRIs in the rows' ``?s`` that can stand in a query (a store's answer is data from
    outside)."""
    cells = (row.get("s") or {} for row in rows)
    return {c["value"] for c in cells if c.get("type") == "uri" and is_iri(str(c.get("value", "")))}


def _candidates(http: SparqlClient, graph: str, name: str) -> set[str]:
    """The entities ``name`` may stand for: those filed under its key by publish
    (:data:`~kggraph.sources.store.NAME_KEY`), and the one whose IRI it is. Empty for a name
    no entity answers to, and in a graph without keys (not written by this version of
    ``kggraph publish``)."""
    patterns = []
    key = normalise(name)
    if key:
        patterns.append(f"{{ GRAPH <{graph}> {{ ?s <{NAME_KEY}> {_text(key)} }} }}")
    iris = [f"<{i}>" for i in sorted({name, expand_prefixed(name)}) if is_iri(i)]
    if iris:
        where = f"?s <{SKOS.notation}> ?any FILTER (?s IN ({', '.join(iris)}))"
        patterns.append(f"{{ GRAPH <{graph}> {{ {where} }} }}")
    if not patterns:
        return set()
    return _uris(http.select(f"SELECT DISTINCT ?s WHERE {{ {' UNION '.join(patterns)} }}"))


def _one_of(variable: str, predicates: tuple[str, ...]) -> str:
    """A filter: ``variable`` is one of the predicates."""
    return f"FILTER ({variable} IN ({', '.join(f'<{p}>' for p in predicates)}))"


def _around(graph: str, iri: str, side: str, named: bool) -> list[str]:
    """The patterns of every triple about ``iri``, its memberships on ``side`` and what they
    point to: the other entities, periods, instants, citations and the entities' dated former
    names (a renamed ministry answers to its old name on an earlier date).

    One pattern per path, each with its predicates written out: Virtuoso 7.2 plans a union of
    them, a long VALUES list of their subjects, or a predicate left open with a FILTER badly
    (from 10 s to "SR171 Transaction timed out" after three minutes, at 100,000
    memberships), and each path alone well.

    ``named``: every subject in the graph is an IRI, as in a kggraph publication (its blank
    nodes travel as skolem IRIs). The pattern then says ``isIRI(?s)``, which changes nothing
    in the answer but Virtuoso's plan: without it, it reads every subject of the graph for
    the last ``?s ?p ?o`` (0.3 s a pattern at 100,000 memberships, 3 s a listing); with it,
    it starts from the path (2 ms). The paths through the memberships say ``isIRI(?m)`` for
    the same reason (0.8 to 2.5 s against 0.01 to 0.03 s a pattern for KD at 1,000,000
    memberships).
    """
    other = ORG.organization if side == "structure" else ORG.member
    memberships = f"?m <{SIDES[side]}> <{iri}> . "
    ends = (TIME.hasBeginning, TIME.hasEnd)
    periods = [[KG.activeDuring], *([KG.activeDuring, end] for end in ends)]
    names = [[KG.formerName], [KG.formerName, KG.validDuring]]
    names += [[KG.formerName, KG.validDuring, end] for end in ends]
    entity = [*periods, *names]  # an entity's period and its dated former names
    from_memberships = [
        [other],
        [ORG.memberDuring],
        [DCTERMS.source],
        *([ORG.memberDuring, end] for end in ends),
        *([other, *step] for step in entity),
    ]
    steer = " FILTER (isIRI(?m))" if named else ""
    paths = [_path(f"<{iri}>", step) for step in [[], *entity]]
    paths.append(f"?s <{SIDES[side]}> <{iri}>" + steer.replace("?m", "?s"))
    paths += [memberships + _path("?m", step) + steer for step in from_memberships]
    return [_about(graph, path, named) for path in paths]


def _about(graph: str, path: str, named: bool) -> str:
    """The pattern of every triple about the subjects ``?s`` that ``path`` finds (``named``:
    see :func:`_around`)."""
    only = " FILTER (isIRI(?s))" if named else ""
    return f"GRAPH <{graph}> {{ {{ SELECT DISTINCT ?s WHERE {{ {path} }} }} ?s ?p ?o{only} }}"


def _path(start: str, predicates: list[str]) -> str:
    """Triple patterns from ``start`` along ``predicates`` to ``?s`` (none: ``?s`` is it)."""
    if not predicates:
        return f"?s ?p ?o FILTER (?s = {start})"
    nodes = [start, *(f"?n{i}" for i in range(1, len(predicates))), "?s"]
    return " . ".join(
        f"{a} <{p}> {b}" for a, p, b in zip(nodes, predicates, nodes[1:], strict=False)
    )


def _names(graph: str, of: set[str] | None = None) -> str:
    """The pattern of the types and names of the subjects ``of``, or of every subject that has
    a notation."""
    names = _one_of("?p", (RDF.type, *_NAMES))
    if of is None:
        return f"GRAPH <{graph}> {{ ?s <{SKOS.notation}> ?any . ?s ?p ?o {names} }}"
    subjects = " ".join(f"<{iri}>" for iri in sorted(of))
    return f"GRAPH <{graph}> {{ VALUES ?s {{ {subjects} }} ?s ?p ?o {names} }}"


def _datasets(graph: str, named: bool) -> str:
    """The pattern of what each data set says of itself (``--at`` defaults to its snapshot)."""
    return _about(graph, f"?s a <{KG.Dataset}>", named)


def _model(http: SparqlClient, *where: str) -> Model:
    """The model of the triples matching any of the patterns, with the local ontology."""
    from kggraph.resources import ontology_files
    from kggraph.sources.extract import extract
    from kggraph.sources.fastparse import parse_files, parse_ntriples

    lines = {line for pattern in where for line in without_keys(read_lines(http, pattern))}
    found = blank_nodes_back(b"\n".join(lines))
    return extract(chain(parse_files(ontology_files()), parse_ntriples(found)))


def listing_model(
    endpoint: str,
    graph: str | None,
    name: str,
    side: str,
    timeout: float = DEFAULT_TIMEOUT,
    max_answer_mb: float = DEFAULT_MAX_ANSWER_MB,
) -> tuple[Model, str]:
    """The model for ``who`` (``side`` "structure") or ``members`` (``side`` "member") of
    ``name``, read from the store, and the IRI ``name`` stands for.

    Raises :class:`~kggraph.errors.UnknownNameError` or an ambiguity error as the embedded
    road does, and :class:`~kggraph.sources.store_http.EndpointError` for the store.
    """
    from kggraph.model.names import entity_resolver

    iri = checked_iri(graph or DEFAULT_GRAPH)
    http = client(endpoint, timeout, max_answer_mb=max_answer_mb)
    named = publication(http, iri) is not None
    found = _candidates(http, iri, name)
    resolved = None
    if found and len(found) <= MAY_ANSWER:
        with suppress(UnknownNameError):  # a subject that is no entity: asked again below
            resolved = entity_resolver(_model(http, _names(iri, found))).resolve(name)
    if resolved is None:
        resolved = entity_resolver(_model(http, _names(iri))).resolve(name)
    return _model(http, *_around(iri, resolved, side, named), _datasets(iri, named)), resolved

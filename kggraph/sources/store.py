"""Read the graph from a SPARQL endpoint, and publish it to one (SPARQL 1.1 protocol).

A team keeps one shared store (Virtuoso, Apache Jena Fuseki, any SPARQL 1.1 store) and points
everyone's ``kggraph`` at it.

Publishing stages the graph into a fresh named graph and switches it in with one ``MOVE``: the
old graph stays whole until then, and a failure before the switch leaves it untouched. A
``MOVE`` is one transaction, but a store need not make its commit atomic for a reader in the
middle of a scan (Virtuoso 7.2 at READ COMMITTED is not: a count taken during the commit can
mix old and new). So each publication describes itself inside the graph — ``void:triples``
(how many triples it has) and ``dcterms:identifier`` — and :func:`fetch_graph` accepts a read
only if it holds exactly one publication, whole; otherwise it reads again.

Reading takes a count and one CONSTRUCT; only when the store caps its answers (Virtuoso's
``ResultSetMaxRows``) does the rest come in sorted pages. Blank nodes travel as skolem IRIs
(RDF 1.1 §3.5): Virtuoso refuses blank nodes in ``INSERT DATA`` and no store keeps them apart
across requests; :func:`fetch_graph` turns them back into blank nodes.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kggraph.errors import KgError
from kggraph.model.namespaces import DCTERMS, PREFIXES
from kggraph.sources.store_http import EndpointError, SparqlClient, client, shown

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "CHUNK_TRIPLES",
    "DEFAULT_GRAPH",
    "STAGING_PREFIX",
    "EndpointError",
    "NotConformingError",
    "PublishResult",
    "fetch_graph",
    "publish",
]

DEFAULT_GRAPH = "https://w3id.org/kggraph/graph"
"""The named graph used when none is given. (A store's default graph may hold other data:
Virtuoso's is the union of all its graphs, system graphs included.)"""

CHUNK_TRIPLES = 1000
"""Triples per ``INSERT DATA`` request: Virtuoso 7.2's SPARQL parser runs out of stack near
5,000 triples in one request ("SP030 ... memory exhausted")."""

STAGING_PREFIX = "urn:kggraph:staging:"
"""The start of every staging graph's IRI; a left-over staging graph is safe to drop."""

READ_ATTEMPTS = 4
"""Reads of a graph that is being replaced before :func:`fetch_graph` gives up."""

_VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
_MARKER = (_VOID_TRIPLES, str(DCTERMS.identifier), str(DCTERMS.modified))
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|^`\\]*")
_EMPTY = "it is empty"
_UNMARKED = "it has no kggraph publication marker"


class NotConformingError(KgError):
    """Data that break the SHACL shapes: nothing is published. ``report`` has pySHACL's text."""

    def __init__(self, message: str, report: str) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class PublishResult:
    """What :func:`publish` did: the graph it replaced, its triples now and before."""

    graph: str
    triples: int
    previous: int
    update_endpoint: str


def _iri(iri: str) -> str:
    """``iri`` checked as an absolute IRI that can stand between ``<`` and ``>``."""
    if not _IRI.fullmatch(iri):
        raise KgError(f"--graph: '{iri}' is not an absolute IRI (e.g. {DEFAULT_GRAPH})")
    return iri


def _count(http: SparqlClient, graph: str, leave_out_marker_of: str | None = None) -> int:
    """The triples in a named graph (0 when it does not exist), optionally without the
    publication marker about ``leave_out_marker_of``."""
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    if leave_out_marker_of:
        marker = ", ".join(f"<{p}>" for p in _MARKER)
        where += f" FILTER (?s != <{leave_out_marker_of}> || ?p NOT IN ({marker}))"
    return http.count(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")


# ---------------------------------------------------------------------------------- reading


def _whole(graph: str) -> str:
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"


def _page(graph: str, limit: int, offset: int) -> str:
    """One page in a stable order (the sort sits in a subquery: Virtuoso refuses a sorted
    OFFSET past its result cap at the top level, SR353)."""
    return (
        "CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o WHERE "
        f"{{ GRAPH <{graph}> {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o }} }} "
        f"LIMIT {limit} OFFSET {offset}"
    )


def _read(http: SparqlClient, graph: str) -> tuple[Graph, int]:
    """One read: the triples the store sent and the count it gave just before."""
    from rdflib import Graph

    counted = _count(http, graph)
    result = Graph()
    if counted == 0:
        return result, 0
    got = http.construct(_whole(graph), result, {})
    if got < counted:  # the store caps its answers at `got` rows: read in pages of that size
        result, bnodes, offset = Graph(), {}, 0
        while offset < counted:
            got_page = http.construct(_page(graph, max(got, 1), offset), result, bnodes)
            if got_page == 0:
                break
            offset += got_page
    return result, counted


def _publication(result: Graph, graph: str, counted: int) -> str | None:
    """What is wrong with a read, if anything; the publication marker is taken out of it."""
    from rdflib import URIRef

    subject = URIRef(graph)
    sizes = list(result.objects(subject, URIRef(_VOID_TRIPLES)))
    names = list(result.objects(subject, DCTERMS.identifier))
    whole = len(result)
    for predicate in _MARKER:
        result.remove((subject, URIRef(predicate), None))
    if counted == 0:
        return _EMPTY
    if whole != counted:
        return f"{whole} triples came where {counted} were counted"
    if not sizes and not names:
        return _UNMARKED
    if len(sizes) != 1 or len(names) != 1:
        return f"it holds parts of {max(len(sizes), len(names))} publications"
    if str(sizes[0]) != str(len(result)):
        return f"{len(result)} of the {sizes[0]} triples of publication {names[0]} came"
    return None


def fetch_graph(endpoint: str, graph: str | None = None, timeout: float = 30.0) -> Graph:
    """The named graph ``graph`` (default :data:`DEFAULT_GRAPH`) read from a SPARQL endpoint.

    A read is accepted when it is one whole publication (see the module's notes); one caught
    during a replacement is read again, up to :data:`READ_ATTEMPTS` times. A graph that
    ``kggraph publish`` did not write has no marker: it is accepted when two reads agree.
    Skolem IRIs become blank nodes again.

    Raises :class:`EndpointError` when the endpoint is unreachable, slower than ``timeout``
    seconds per request, fails, or the graph is empty or keeps changing.
    """
    iri = _iri(graph or DEFAULT_GRAPH)
    http = client(endpoint, timeout)
    unmarked_size = -1
    problem = None
    for attempt in range(READ_ATTEMPTS):
        if attempt:
            time.sleep(0.2 * attempt)
        data, counted = _read(http, iri)
        problem = _publication(data, iri, counted)
        if problem is None or (problem == _UNMARKED and len(data) == unmarked_size):
            return _with_prefixes(data.de_skolemize())
        if problem == _UNMARKED:
            unmarked_size = len(data)
    if problem == _EMPTY:
        raise EndpointError(
            f"the graph <{iri}> at {shown(endpoint)} is empty or missing: "
            "publish it first (kggraph publish), or check --graph"
        )
    raise EndpointError(
        f"the graph <{iri}> at {shown(endpoint)} kept changing while it was read "
        f"({problem}); try again"
    )


def _with_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


# ---------------------------------------------------------------------------------- publish


def _require_conformance(graph: Graph) -> None:
    """Refuse data that break the SHACL shapes (``kggraph validate`` shows the report)."""
    from kggraph.sources.validate import validate

    report = validate(graph)
    if not report.conforms:
        raise NotConformingError(
            f"nothing was published: the data break {report.violations} SHACL constraint(s) "
            "(kggraph validate shows them)",
            report.text,
        )


def _ntriples(graph: Graph) -> list[str]:
    """The graph as sorted N-Triples lines, blank nodes skolemized."""
    try:
        text = graph.skolemize().serialize(format="nt", encoding="utf-8").decode("utf-8")
    except Exception as err:  # noqa: BLE001 - rdflib raises a bare Exception for bad IRIs
        raise KgError(f"nothing was published: the graph cannot be written as RDF: {err}") from None
    return sorted(line for line in text.splitlines() if line.strip())


def _marker(target: str, triples: int, name: str, when: datetime) -> list[str]:
    """The publication's description of itself, written into the graph with the data."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    return [
        f'<{target}> <{_VOID_TRIPLES}> "{triples}"^^<{xsd}integer> .',
        f'<{target}> <{DCTERMS.identifier}> "{name}" .',
        f'<{target}> <{DCTERMS.modified}> "{stamp}"^^<{xsd}dateTime> .',
    ]


def _inserts(staging: str, lines: list[str], chunk: int) -> list[str]:
    """``INSERT DATA`` requests that put the lines into the staging graph, ``chunk`` at a time."""
    head = f"INSERT DATA {{ GRAPH <{staging}> {{\n"
    return [head + "\n".join(lines[i : i + chunk]) + "\n} }" for i in range(0, len(lines), chunk)]


def _drop(http: SparqlClient, staging: str) -> bool:
    """Drop the staging graph; False when even that fails."""
    try:
        http.update(f"DROP SILENT GRAPH <{staging}>")
    except EndpointError:
        return False
    return True


def _failed(err: EndpointError, target: str, switching: bool, left: str | None) -> str:
    """The one-line message for a publish that failed; ``left``: a staging graph left behind."""
    state = (
        f"<{target}> holds either the old or the new graph, never a mix"
        if switching
        else f"<{target}> is unchanged"
    )
    tail = f"; a partial staging graph is left: DROP SILENT GRAPH <{left}>" if left else ""
    return f"publish failed, {state}: {err}{tail}"


def publish(
    graph: Graph,
    endpoint: str,
    graph_iri: str,
    *,
    update_endpoint: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 30.0,
    chunk: int = CHUNK_TRIPLES,
) -> PublishResult:
    """Replace the named graph ``graph_iri`` in the store with ``graph``, all at once.

    The graph is validated with SHACL before anything is written. It is then inserted, with
    its publication marker, into a fresh staging graph (``chunk`` triples per request, through
    ``update_endpoint`` or else ``endpoint``), counted back through ``endpoint``, and switched
    in with one ``MOVE``. On any failure the staging graph is dropped and the old graph stays.

    ``user``/``password`` answer the store's Digest (Virtuoso's ``/sparql-auth``) or Basic
    challenge. Raises :class:`NotConformingError` or :class:`EndpointError`.
    """
    target = _iri(graph_iri)
    reader = client(endpoint, timeout, user, password)
    writer = client(update_endpoint or endpoint, timeout, user, password)
    _require_conformance(graph)
    data = _ntriples(graph)
    when = datetime.now(UTC)
    name = f"{when:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex}"
    lines = data + _marker(target, len(data), name, when)
    staging = STAGING_PREFIX + name
    written = 0
    switching = False
    try:
        for insert in _inserts(staging, lines, max(1, chunk)):
            writer.update(insert)
            written += 1
        staged = _count(reader, staging)
        if staged != len(lines):
            raise EndpointError(f"the store holds {staged} of the {len(lines)} staged triples")
        previous = _count(reader, target, leave_out_marker_of=target)
        switching = True
        writer.update(f"MOVE <{staging}> TO <{target}>")
    except EndpointError as err:
        left = staging if written and not _drop(writer, staging) else None
        raise EndpointError(_failed(err, target, switching, left)) from None
    return PublishResult(target, len(data), previous, writer.url)

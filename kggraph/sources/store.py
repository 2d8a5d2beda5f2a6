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

A command that needs the whole graph downloads it once per publication: :func:`publication`
asks for the marker alone (one small query), and :func:`publication_file` keeps the N-Triples
of that publication in the cache folder, where the fast loader reads them like any file. The
download comes a predicate or a few at a time, at most :data:`PAGE_TRIPLES` triples an answer
(a store refuses too large an answer), one answer at a time, written to the file as they
come; it is kept only when it is that publication, whole, and the marker is unchanged at
the end.
Publishing lives in :mod:`kggraph.sources.store_publish`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kggraph.errors import KgError
from kggraph.model.namespaces import DCTERMS, PREFIXES
from kggraph.sources.store_http import (
    DEFAULT_MAX_ANSWER_MB,
    DEFAULT_TIMEOUT,
    EndpointError,
    SparqlClient,
    client,
    shown,
)

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "DEFAULT_GRAPH",
    "STAGING_PREFIX",
    "VOID_TRIPLES",
    "NAME_KEY",
    "EndpointError",
    "checked_iri",
    "count_triples",
    "everything",
    "fetch_graph",
    "is_iri",
    "publication",
    "publication_file",
    "blank_nodes_back",
    "read_lines",
    "without_keys",
]

DEFAULT_GRAPH = "https://w3id.org/kggraph/graph"
"""The named graph used when none is given. (A store's default graph may hold other data:
Virtuoso's is the union of all its graphs, system graphs included.)"""

STAGING_PREFIX = "urn:kggraph:staging:"
"""The start of every staging graph's IRI; a left-over staging graph is safe to drop."""

READ_ATTEMPTS = 4
"""Reads of a graph that is being replaced before :func:`fetch_graph` gives up."""

PAGE_TRIPLES = 500_000
"""The most triples asked for in one answer when a whole publication is downloaded. Virtuoso
7.2 refuses a CONSTRUCT of more than 1,000,000 ("FRVEC: array in for vectored over max vector
length"; the 9.3 million triples of 1,000,000 memberships: "The result vector is too large"),
so a publication comes a predicate or a few at a time, and a larger predicate in sorted pages.
"""

VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
_MARKER = (VOID_TRIPLES, str(DCTERMS.identifier), str(DCTERMS.modified))
NAME_KEY = "https://w3id.org/kggraph/store#nameKey"
"""A predicate only the store holds: ``<entity> NAME_KEY "key"`` for each key the one
resolver files an organisation or structure under (:func:`~kggraph.model.names.normalise` of
each of its names). Publish writes them beside the data so that the store finds the entities a
name may stand for with one exact lookup, which it cannot do by folding case, accents and
punctuation itself. Reads leave them out, as they leave out the marker."""
_KEY = f"<{NAME_KEY}>".encode()
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|^`\\]*")
_EMPTY = "it is empty"
_UNMARKED = "it has no kggraph publication marker"


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI that can stand between ``<`` and ``>``."""
    return _IRI.fullmatch(text) is not None


def checked_iri(iri: str) -> str:
    """``iri`` checked as an absolute IRI that can stand between ``<`` and ``>``."""
    if not is_iri(iri):
        raise KgError(f"--graph: '{iri}' is not an absolute IRI (e.g. {DEFAULT_GRAPH})")
    return iri


def count_triples(http: SparqlClient, graph: str, leave_out_marker_of: str | None = None) -> int:
    """The triples in a named graph (0 when it does not exist), optionally without what
    publish writes beside the data: the publication marker about ``leave_out_marker_of`` and
    the name keys."""
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    if leave_out_marker_of:
        marker = ", ".join(f"<{p}>" for p in _MARKER)
        where += (
            f" FILTER (?p != <{NAME_KEY}> && (?s != <{leave_out_marker_of}> || "
            f"?p NOT IN ({marker})))"
        )
    return http.count(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")


# ---------------------------------------------------------------------------------- reading


def everything(graph: str) -> str:
    """The pattern of every triple in ``graph``."""
    return f"GRAPH <{graph}> {{ ?s ?p ?o }}"


def _whole(where: str) -> str:
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}"


def _page(where: str, limit: int, offset: int) -> str:
    """One page in a stable order (the sort sits in a subquery: Virtuoso refuses a sorted
    OFFSET past its result cap at the top level, SR353)."""
    return (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ {where} }} "
        f"ORDER BY ?s ?p ?o }} }} LIMIT {limit} OFFSET {offset}"
    )


def _read_where(http: SparqlClient, where: str) -> tuple[Graph, int]:
    """The triples ``?s ?p ?o`` that match ``where``, and the count the store gave just
    before: one CONSTRUCT, or sorted pages when the store caps its answers."""
    from rdflib import Graph

    counted = http.count(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    result = Graph()
    if counted == 0:
        return result, 0
    got = http.construct(_whole(where), result, {})
    if got < counted:  # the store caps its answers at `got` rows: read in pages of that size
        result, bnodes, offset = Graph(), {}, 0
        while offset < counted:
            got_page = http.construct(_page(where, max(got, 1), offset), result, bnodes)
            if got_page == 0:
                break
            offset += got_page
    return result, counted


def _publication(result: Graph, graph: str, counted: int) -> str | None:
    """What is wrong with a read, if anything; the publication marker and the name keys are
    taken out of it."""
    from rdflib import URIRef

    subject = URIRef(graph)
    sizes = list(result.objects(subject, URIRef(VOID_TRIPLES)))
    names = list(result.objects(subject, DCTERMS.identifier))
    whole = len(result)
    for predicate in _MARKER:
        result.remove((subject, URIRef(predicate), None))
    result.remove((None, URIRef(NAME_KEY), None))
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


def fetch_graph(
    endpoint: str,
    graph: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_answer_mb: float = DEFAULT_MAX_ANSWER_MB,
) -> Graph:
    """The named graph ``graph`` (default :data:`DEFAULT_GRAPH`) read from a SPARQL endpoint.

    A read is accepted when it is one whole publication (see the module's notes); one caught
    during a replacement is read again, up to :data:`READ_ATTEMPTS` times. A graph that
    ``kggraph publish`` did not write has no marker: it is accepted when two reads agree.
    Skolem IRIs become blank nodes again.

    Raises :class:`EndpointError` when the endpoint is unreachable, slower than ``timeout``
    seconds per request, fails, or the graph is empty or keeps changing.
    """
    iri = checked_iri(graph or DEFAULT_GRAPH)
    http = client(endpoint, timeout, max_answer_mb=max_answer_mb)
    unmarked_size = -1
    problem = None
    for attempt in range(READ_ATTEMPTS):
        if attempt:
            time.sleep(0.2 * attempt)
        data, counted = _read_where(http, everything(iri))
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


# ------------------------------------------------------------------ publication downloads


def publication(http: SparqlClient, graph: str) -> tuple[str, int] | None:
    """The identifier and size of the publication in ``graph`` (one small query); None when
    the graph has no single marker (empty, written by another tool, or being replaced)."""
    rows = http.select(
        f"SELECT ?id ?n WHERE {{ GRAPH <{graph}> {{ <{graph}> <{DCTERMS.identifier}> ?id ; "
        f"<{VOID_TRIPLES}> ?n }} }}"
    )
    try:
        found = {(row["id"]["value"], int(row["n"]["value"])) for row in rows}
    except (KeyError, TypeError, ValueError):
        return None
    return found.pop() if len(found) == 1 else None


def _lines(body: bytes) -> list[bytes]:
    return [line for line in body.splitlines() if line.strip() and not line.startswith(b"#")]


def read_lines(http: SparqlClient, where: str, counted: int | None = None) -> list[bytes]:
    """The triples ``?s ?p ?o`` that match ``where`` (``counted`` of them, asked for when
    None) as N-Triples lines: one CONSTRUCT, or sorted pages when there are more than
    :data:`PAGE_TRIPLES` or the store caps its answers lower."""
    if counted is None:
        counted = http.count(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    lines = []
    if 0 < counted <= PAGE_TRIPLES:
        lines = _lines(http.construct_text(_whole(where)))
    if len(lines) < counted:
        page, lines = len(lines) or PAGE_TRIPLES, []
        while len(lines) < counted:
            got = _lines(http.construct_text(_page(where, page, len(lines))))
            if not got:
                break
            lines += got
    return lines


def _by_predicate(http: SparqlClient, graph: str) -> list[tuple[str, int]]:
    """Patterns that together match every triple in ``graph`` once but the name keys
    (:data:`NAME_KEY`), with their counts: a
    predicate or a few in each, at most :data:`PAGE_TRIPLES` triples unless one predicate has
    more (:func:`read_lines` pages those). A graph of 1,400,000 ``rdf:type``, 60,000
    ``skos:prefLabel`` and 9 ``rdfs:label`` triples gives two: ``rdf:type`` alone (1,400,000),
    then the labels together (60,009).
    """
    rows = http.select(
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} GROUP BY ?p"
    )
    try:
        counts = sorted(((r["p"]["value"], int(r["n"]["value"])) for r in rows), key=_larger)
    except (KeyError, TypeError, ValueError):
        raise EndpointError(f"{shown(http.url)} answered a count with no numbers") from None
    if not all(is_iri(predicate) for predicate, _ in counts):
        raise EndpointError(
            f"the graph <{graph}> at {shown(http.url)} has a predicate that "
            "is not an IRI: it was not written by kggraph publish"
        )
    groups: list[tuple[list[str], int]] = []
    for predicate, n in (count for count in counts if count[0] != NAME_KEY):
        if groups and groups[-1][1] + n <= PAGE_TRIPLES:
            groups[-1] = (groups[-1][0] + [predicate], groups[-1][1] + n)
        else:
            groups.append(([predicate], n))
    return [
        (f"GRAPH <{graph}> {{ VALUES ?p {{ {' '.join(f'<{p}>' for p in ps)} }} ?s ?p ?o }}", n)
        for ps, n in groups
    ]


def _larger(count: tuple[str, int]) -> tuple[int, str]:
    return -count[1], count[0]


_SKOLEM = re.compile(rb"<https://rdflib\.github\.io/\.well-known/genid/rdflib/([^>]+)>")


def blank_nodes_back(data: bytes) -> bytes:
    """N-Triples with the store's skolem IRIs turned back into blank nodes."""
    return _SKOLEM.sub(rb"_:\1", data)


def without_keys(lines: Iterable[bytes]) -> list[bytes]:
    """N-Triples lines without the name keys (:data:`NAME_KEY`)."""
    return [line for line in lines if _KEY not in line.split(None, 2)[1:2]]


def _write_publication(
    http: SparqlClient, graph: str, marker: tuple[str, int], out: BinaryIO
) -> bool:
    """Write the triples of ``graph`` but the name keys to ``out`` as N-Triples, page by page,
    the marker taken out and blank nodes back; whether they were exactly the publication
    ``marker`` (its identifier and size)."""
    subject = f"<{graph}>".encode()
    names = {p.encode() for p in _MARKER}
    seen, written = [], 0
    for where, counted in _by_predicate(http, graph):
        data = []
        for line in read_lines(http, where, counted):
            head = line.split(None, 2)
            about = head[0] == subject and len(head) > 1 and head[1][1:-1] in names
            (seen if about else data).append(line)
        written += len(data)
        if data:
            out.write(blank_nodes_back(b"\n".join(data) + b"\n"))
    name, size = marker
    return len(seen) == len(_MARKER) and written == size and f'"{name}"'.encode() in b"".join(seen)


def _store_folder(endpoint: str, graph: str) -> tuple[Path, str] | None:
    """Where publications of ``graph`` at ``endpoint`` are kept, and their names' prefix."""
    from kggraph.sources.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(f"{endpoint}\0{graph}".encode()).hexdigest()[:20]
    return folder / "publications", key


def publication_file(
    endpoint: str,
    graph: str | None,
    keep: Path | None,
    timeout: float = DEFAULT_TIMEOUT,
    max_answer_mb: float = DEFAULT_MAX_ANSWER_MB,
) -> Path | None:
    """The current publication in ``graph`` as a local N-Triples file, downloaded only when
    the store holds a publication this machine has not seen; None for a graph without a
    marker (read it with :func:`fetch_graph`). With ``keep`` None, nothing is downloaded:
    the file, if this machine has the current publication; else None.

    Kept in the cache folder (one file per endpoint and graph, the latest); with the cache
    off or not writable, written into ``keep``, a folder the caller removes.
    """
    iri = checked_iri(graph or DEFAULT_GRAPH)
    http = client(endpoint, timeout, max_answer_mb=max_answer_mb)
    where = _store_folder(endpoint, iri)
    for attempt in range(READ_ATTEMPTS):
        if attempt:
            time.sleep(0.2 * attempt)
        marker = publication(http, iri)
        if marker is None:
            return None
        kept = where[0] / f"{where[1]}-{marker[0]}.nt" if where else None
        if kept and kept.is_file():
            return kept
        if keep is None:
            return None
        places = [(kept, where[1])] if kept and where else []
        places.append((keep / f"publication-{marker[0]}.nt", "publication"))
        path = _download(http, iri, marker, places)
        if path is not None:
            return path
    raise EndpointError(
        f"the graph <{iri}> at {shown(endpoint)} kept changing while it was read; try again"
    )


def _download(
    http: SparqlClient, graph: str, marker: tuple[str, int], places: list[tuple[Path, str]]
) -> Path | None:
    """The publication ``marker`` of ``graph`` written atomically to the first of ``places``
    whose folder can be written (a read-only cache folder is not an error); older
    publications with that place's name prefix removed. None, and nothing kept, when what
    came was not that whole publication: the graph changed while it was read."""
    out, (path, prefix) = _temporary(places)
    try:
        with out:
            whole = _write_publication(http, graph, marker, out)
        if not whole or publication(http, graph) != marker:
            return None
        os.replace(out.name, path)
    finally:
        Path(out.name).unlink(missing_ok=True)
    for old in path.parent.glob(f"{prefix}-*.nt"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def _temporary(places: list[tuple[Path, str]]) -> tuple[BinaryIO, tuple[Path, str]]:
    """A new temporary file beside the first place that can have one, and that place."""
    for place in places[:-1]:
        try:
            return _temporary_beside(place[0]), place
        except OSError:
            continue
    return _temporary_beside(places[-1][0]), places[-1]


def _temporary_beside(path: Path) -> BinaryIO:
    path.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False)

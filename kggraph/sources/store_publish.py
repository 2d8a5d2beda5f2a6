"""Publish the graph to a shared SPARQL store, replacing one named graph at once.

The graph is staged into a fresh named graph and switched in with one ``MOVE``: the old graph
stays whole until then, and a failure before the switch leaves it untouched (see
:mod:`kggraph.sources.store` for how readers tell a whole publication from a torn one).

Staging goes through the store's bulk path, the SPARQL 1.1 Graph Store HTTP Protocol: N-Triples
``POST``\\ ed into the staging graph a few MB at a time (Virtuoso: ``/sparql-graph-crud-auth``,
Fuseki: ``/data``). A store without it gets ``INSERT DATA`` requests of
:data:`CHUNK_TRIPLES` triples. Each staging graph holds its publication marker from its first
request, so staging graphs left behind by a publisher that was killed can be found; one older
than :data:`STALE_AFTER` is dropped by the next publish. Ctrl-C or SIGTERM during a publish
drops the staging graph, or names it when the store cannot be reached.

Staging runs in a second thread while the SHACL validation runs: the switch waits for both,
and data that break the shapes get their staging graph dropped, so the live graph is never
touched by a graph that does not conform.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kggraph.errors import KgError
from kggraph.model.names import normalise
from kggraph.model.namespaces import DCTERMS
from kggraph.sources.store import (
    NAME_KEY,
    STAGING_PREFIX,
    VOID_TRIPLES,
    checked_iri,
    count_triples,
    is_iri,
)
from kggraph.sources.store_http import (
    DEFAULT_TIMEOUT,
    EndpointError,
    SparqlClient,
    client,
    shown,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from rdflib import Graph

__all__ = [
    "CHUNK_BYTES",
    "CHUNK_TRIPLES",
    "STALE_AFTER",
    "NotConformingError",
    "PublishInterrupted",
    "PublishResult",
    "graph_store_url",
    "name_keys",
    "publish",
]

CHUNK_TRIPLES = 1000
"""Triples per ``INSERT DATA`` request: Virtuoso 7.2's SPARQL parser runs out of stack near
5,000 triples in one request ("SP030 ... memory exhausted")."""

CHUNK_BYTES = 4 << 20
"""Bytes of N-Triples per Graph Store request: one request of the whole graph can exceed what
a store takes in one go, and a few MB keep each request well inside ``--timeout``."""

DROP_ATTEMPTS = 4
"""Drops of an interrupted publish's staging graph, until a count finds it empty."""

STALE_AFTER = timedelta(hours=1)
"""A staging graph older than this is left over from a publish that died: safe to drop."""

SKOLEM = "https://rdflib.github.io/.well-known/genid/rdflib/"
"""Where blank nodes go in the store (rdflib's skolem IRIs, RDF 1.1 §3.5)."""

_NOT_SUPPORTED = re.compile(r"HTTP (404|405|415|501)\b")
_STAMP = re.compile(r"(\d{8}T\d{6}Z)-[0-9a-f]{32}$")


class NotConformingError(KgError):
    """Data that break the SHACL shapes: nothing is published. ``report`` has pySHACL's text."""

    def __init__(self, message: str, report: str) -> None:
        super().__init__(message)
        self.report = report


class PublishInterrupted(KgError):
    """Ctrl-C or SIGTERM during a publish: the old graph is unchanged."""


@dataclass(frozen=True)
class PublishResult:
    """What :func:`publish` did: the graph it replaced, its triples now and before, where it
    wrote, and the stale staging graphs it dropped first."""

    graph: str
    triples: int
    previous: int
    update_endpoint: str
    dropped: tuple[str, ...] = ()


def graph_store_url(update_endpoint: str) -> str:
    """The store's Graph Store endpoint, guessed from its update endpoint: Virtuoso's
    ``/sparql-auth`` → ``/sparql-graph-crud-auth`` (``/sparql`` → ``/sparql-graph-crud``),
    Fuseki's ``/update`` → ``/data``."""
    head, _, last = update_endpoint.rstrip("/").rpartition("/")
    guess = {"sparql-auth": "sparql-graph-crud-auth", "sparql": "sparql-graph-crud"}
    return f"{head}/{guess.get(last, 'data')}"


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


def ntriples(graph: Graph, files: Sequence[Path] = ()) -> list[str]:
    """The graph as sorted N-Triples lines, blank nodes skolemized: written by pyoxigraph
    straight from ``files`` when they are the graph's files and all in its formats (about
    ten times faster), else by rdflib."""
    from kggraph.sources.fastparse import FAST_FORMATS, ntriples_lines

    if files and all(Path(f).suffix.lower() in FAST_FORMATS for f in files):
        return sorted(ntriples_lines(files, SKOLEM))
    try:
        text = graph.skolemize().serialize(format="nt", encoding="utf-8").decode("utf-8")
    except Exception as err:  # noqa: BLE001 - rdflib raises a bare Exception for bad IRIs
        raise KgError(f"nothing was published: the graph cannot be written as RDF: {err}") from None
    return sorted({line for line in text.splitlines() if line.strip()})


def _marker(target: str, triples: int, name: str, when: datetime) -> list[str]:
    """The publication's description of itself, written into the graph with the data."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    return [
        f'<{target}> <{VOID_TRIPLES}> "{triples}"^^<{xsd}integer> .',
        f'<{target}> <{DCTERMS.identifier}> "{name}" .',
        f'<{target}> <{DCTERMS.modified}> "{stamp}"^^<{xsd}dateTime> .',
    ]


def name_keys(names: Mapping[str, Iterable[str]]) -> list[str]:
    """The name keys (:data:`~kggraph.sources.store.NAME_KEY`) of entities with these names,
    as N-Triples lines; none at all when an entity is a blank node (its label in the store
    cannot be known here), so that the store's road then asks for every name.

    >>> name_keys({"https://w3id.org/kggraph/id/KD": ["KD", "Kunnskapsdepartementet"]})[0]
    '<https://w3id.org/kggraph/id/KD> <https://w3id.org/kggraph/store#nameKey> "kd" .'
    """
    from rdflib import Literal

    if not all(is_iri(iri) for iri in names):
        return []
    keys = {(iri, normalise(name)) for iri, those in names.items() for name in those if name}
    return sorted(f"<{iri}> <{NAME_KEY}> {Literal(key).n3()} ." for iri, key in keys if key)


def _chunks(lines: list[str], size: int, limit: int) -> Iterator[list[str]]:
    """The lines in runs of at most ``limit`` lines and about ``size`` bytes."""
    run: list[str] = []
    length = 0
    for line in lines:
        run.append(line)
        length += len(line) + 1
        if length >= size or len(run) >= limit:
            yield run
            run, length = [], 0
    if run:
        yield run


class _Stager:
    """Puts lines into the staging graph: by the Graph Store Protocol while the store takes
    it, else (from the first refusal as unsupported) by ``INSERT DATA``."""

    def __init__(self, writer: SparqlClient, graph_store: str | None, staging: str) -> None:
        self.writer, self.staging = writer, staging
        self.bulk_url = graph_store
        self.sent = 0
        self.halt = threading.Event()

    def _going_on(self) -> None:
        """Stop before the next request once :attr:`halt` is set (validation failed, or the
        user interrupted)."""
        if self.halt.is_set():
            raise _Halted

    def put(self, lines: list[str], chunk: int, chunk_bytes: int) -> None:
        """Stage every line, ``chunk_bytes`` per bulk request or ``chunk`` per insert."""
        if not (self.bulk_url and self._bulk_all(lines, chunk_bytes)):
            self._inserts(lines, chunk)

    def _bulk_all(self, lines: list[str], chunk_bytes: int) -> bool:
        """POST the lines in runs; False when the store has no Graph Store endpoint."""
        return all(self._bulk(run) for run in _chunks(lines, chunk_bytes, len(lines) or 1))

    def _bulk(self, run: list[str]) -> bool:
        """POST one run of N-Triples; False when the store has no Graph Store endpoint."""
        url = f"{self.bulk_url}?graph={_quote(self.staging)}"
        body = ("\n".join(run) + "\n").encode("utf-8")
        self._going_on()
        try:
            self.writer.send(url, body, "application/n-triples")
        except EndpointError as err:
            if self.sent or not _NOT_SUPPORTED.search(str(err)):
                raise
            self.bulk_url = None
            return False
        self.sent += 1
        return True

    def _inserts(self, lines: list[str], chunk: int) -> None:
        head = f"INSERT DATA {{ GRAPH <{self.staging}> {{\n"
        for run in _chunks(lines, 1 << 62, max(1, chunk)):
            self._going_on()
            self.writer.update(head + "\n".join(run) + "\n} }")
            self.sent += 1


class _Halted(Exception):
    """Staging stopped on request (see :meth:`_Stager._going_on`)."""


class _Background(threading.Thread):
    """Runs ``work`` beside the caller: staging, while the caller validates. Its outcome (the
    value, or the exception it raised) waits for :meth:`outcome`."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__(name="kggraph-staging", daemon=True)
        self.work = work
        self.value: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.value = self.work()
        except BaseException as err:  # noqa: BLE001 - handed to the caller by outcome()
            self.error = err

    def outcome(self) -> object:
        """The work's value once it is done; its exception raised here."""
        self.join()
        if self.error is not None:
            raise self.error
        return self.value


def _quote(iri: str) -> str:
    from urllib.parse import quote

    return quote(iri, safe="")


def _drop(http: SparqlClient, staging: str) -> bool:
    """Drop the staging graph; False when even that fails."""
    try:
        http.update(f"DROP SILENT GRAPH <{staging}>")
    except EndpointError:
        return False
    return True


def _stale(reader: SparqlClient, now: datetime) -> list[str]:
    """The staging graphs older than :data:`STALE_AFTER` (found by their marker)."""
    rows = reader.select(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s <{DCTERMS.identifier}> ?id }} "
        f'FILTER (STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }}'
    )
    old = []
    for row in rows:
        iri = row.get("g", {}).get("value", "")
        stamp = _STAMP.search(iri)
        if (
            stamp
            and now - datetime.strptime(stamp[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            > STALE_AFTER
        ):
            old.append(iri)
    return sorted(old)


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
    graph_store: str | None = None,
    bulk: bool = True,
    user: str | None = None,
    password: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    chunk: int = CHUNK_TRIPLES,
    chunk_bytes: int = CHUNK_BYTES,
    files: Sequence[Path] = (),
    names: Mapping[str, Iterable[str]] | None = None,
) -> PublishResult:
    """Replace the named graph ``graph_iri`` in the store with ``graph``, all at once.

    The graph is written as N-Triples, then validated with SHACL while a second thread drops
    the staging graphs left by publishers that died (older than :data:`STALE_AFTER`) and puts
    the graph, with its publication marker first, into a fresh staging graph — through
    ``graph_store`` (default: guessed by :func:`graph_store_url`) unless ``bulk`` is False or
    the store has no Graph Store endpoint, else by ``INSERT DATA`` at ``update_endpoint`` (or
    ``endpoint``). Once the graph conforms and is staged, the staging graph is counted back through
    ``endpoint`` and switched in with one ``MOVE``: the live graph is not touched before. On
    any failure (data that break the shapes included), and on Ctrl-C or SIGTERM (raised as
    :class:`KeyboardInterrupt`), staging stops after its request in flight, the staging graph
    is dropped and the old graph stays. Validation (pySHACL, in Python) and the upload (mostly
    waiting for the store) share two cores well: at 100,000 memberships the upload hides
    inside the validation.

    ``files``, when given, are the files ``graph`` was read from (see :func:`ntriples`).
    ``names``, each organisation's and structure's names, become the name keys written beside
    the data (:func:`name_keys`).
    ``user``/``password`` answer the store's Digest (Virtuoso) or Basic challenge. Raises
    :class:`NotConformingError`, :class:`EndpointError` or :class:`PublishInterrupted`.
    """
    target = checked_iri(graph_iri)
    writes = update_endpoint or endpoint
    reader = client(endpoint, timeout, user, password)
    writer = client(writes, timeout, user, password)
    when = datetime.now(UTC)
    name = f"{when:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex}"
    staging = STAGING_PREFIX + name
    stager = _Stager(writer, (graph_store or graph_store_url(writes)) if bulk else None, staging)

    lines: list[str] = []

    def stage() -> tuple[str, ...]:
        dropped = tuple(old for old in _stale(reader, when) if _drop(writer, old))
        stager.put(lines, chunk, chunk_bytes)
        return dropped

    staging_work = _Background(stage)
    switching = False
    try:
        data = ntriples(graph, files)  # before SHACL: the upload then runs beside all of it
        lines += _marker(target, len(data), name, when) + data + name_keys(names or {})
        staging_work.start()
        _require_conformance(graph)
        dropped = staging_work.outcome()
        staged = count_triples(reader, staging)
        if staged != len(lines):
            raise EndpointError(f"the store holds {staged} of the {len(lines)} staged triples")
        previous = count_triples(reader, target, leave_out_marker_of=target)
        switching = True
        writer.update(f"MOVE <{staging}> TO <{target}>")
    except EndpointError as err:
        _halt(staging_work, stager)
        left = staging if stager.sent and not _drop(writer, staging) else None
        raise EndpointError(_failed(err, target, switching, left)) from None
    except KeyboardInterrupt:
        _halt(staging_work, stager)
        message = _interrupted(writer, reader, target, staging, switching)
        raise PublishInterrupted(message) from None
    except BaseException:  # the data break the shapes, or cannot be written as RDF
        _halt(staging_work, stager)
        if stager.sent:
            _drop(writer, staging)  # if even that fails, the next publish drops it when stale
        raise
    return PublishResult(target, len(data), previous, shown(writer.url), dropped)


def _halt(work: _Background, stager: _Stager) -> None:
    """Stop staging after the request in flight, and wait for it: nothing is sent after."""
    stager.halt.set()
    if work.ident is not None:  # started
        work.join()


def _interrupted(
    writer: SparqlClient, reader: SparqlClient, target: str, staging: str, switching: bool
) -> str:
    """Drop the staging graph after an interruption; the message that says what is left."""
    if switching:
        return (
            f"publish interrupted during the switch: <{target}> holds either the old or the "
            f"new graph, never a mix; if the old, drop <{staging}>"
        )
    if _drop_for_good(writer, reader, staging):
        return f"publish interrupted: <{target}> is unchanged; the staging graph was dropped"
    return (
        f"publish interrupted: <{target}> is unchanged; a partial staging graph is left: "
        f"DROP SILENT GRAPH <{staging}>"
    )


def _drop_for_good(writer: SparqlClient, reader: SparqlClient, staging: str) -> bool:
    """Drop the staging graph until it stays empty: the request that was interrupted may still
    land after a drop. False when the store cannot be reached."""
    for attempt in range(DROP_ATTEMPTS):
        if not _drop(writer, staging):
            return False
        time.sleep(0.5 * (attempt + 1))
        try:
            if count_triples(reader, staging) == 0:
                return True
        except EndpointError:
            return False
    return False

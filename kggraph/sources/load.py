"""The one loader: ontology + bundled data + extra files (or a SPARQL endpoint) → graph → model.

The ontology always loads: it is part of the program. ``--no-bundled`` leaves the bundled
*data* out; ``--data`` adds files or folders. A file that does not parse is a
:class:`~kggraph.errors.DataError` naming the file and the line.

:func:`load_model` takes the fast road whenever it can: Turtle, N-Triples and RDF/XML files are
parsed by pyoxigraph (:mod:`kggraph.sources.fastparse`, ~30× rdflib's parser; a large file in two
halves side by side, :mod:`kggraph.sources.splitparse`) straight into the records, and the records
are cached by the files' hashes (:mod:`kggraph.sources.cache`), so a repeated command does not parse
at all. The result is the model the rdflib road gives
(``tests/test_fastpath.py``); tables, other RDF formats and endpoints take the rdflib road.
"""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kggraph.errors import DataError
from kggraph.resources import bundled_data_files, ontology_files

if TYPE_CHECKING:
    from rdflib import Graph

    from kggraph.model.records import Model
    from kggraph.sources.fastparse import Indexed

__all__ = ["RDF_FORMATS", "Sources", "data_files", "load_graph", "load_model", "parse_file"]

RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".n3": "n3",
    ".trig": "trig",
    ".nq": "nquads",
}


@dataclass(frozen=True)
class Sources:
    """Where the graph comes from: bundled data, extra files, or a SPARQL endpoint."""

    data: tuple[Path, ...] = ()
    bundled: bool = True
    endpoint: str | None = None
    graph: str | None = None
    timeout: float = 30.0
    keep_going: bool = False
    """Leave out what cannot be read (listed in the model's problems) instead of stopping."""
    max_answer_mb: float = 2048
    """The largest answer read from the endpoint, in MB."""


def data_files(sources: Sources) -> list[Path]:
    """The files to read, in order: bundled data (unless left out or an endpoint is used),
    then ``--data`` entries.

    A folder stands for the RDF files directly inside it, and for its tables (.csv/.xlsx,
    read together as one set: the folder itself is listed after its RDF files). A missing path
    is a DataError.
    """
    files = list(bundled_data_files()) if sources.bundled and not sources.endpoint else []
    for path in sources.data:
        if path.is_dir():
            from kggraph.sources.tables import is_table_path

            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in RDF_FORMATS))
            if is_table_path(path):
                files.append(path)
        elif path.is_file():
            files.append(path)
        else:
            raise DataError(f"{path}: no such file or folder")
    return files


def parse_file(graph: Graph, path: Path) -> None:
    """Parse one RDF file into ``graph``; a syntax error names the file and line.

    Tables (a .csv or .xlsx file, or a folder of them) go through the table import
    (:func:`kggraph.sources.tables.import_tables`), with names resolved against ``graph``.
    """
    from kggraph.sources.tables import TABLE_SUFFIXES, add_tables

    if path.is_dir() or path.suffix.lower() in TABLE_SUFFIXES:
        add_tables(graph, path)
        return
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join((*RDF_FORMATS, *TABLE_SUFFIXES))
        raise DataError(f"{path}: unknown file type '{path.suffix}' (use one of {known})")
    if fmt in ("turtle", "nt") and _parsed_fast(graph, path):
        return
    try:
        if fmt == "json-ld":
            _no_remote_context(path)
        graph.parse(path, format=fmt)
    except DataError:
        raise
    except OSError as err:
        raise DataError(f"{path}: cannot read: {err.strerror or err}") from None
    except Exception as err:  # noqa: BLE001 - every parser error becomes one clear line
        raise DataError(_parse_message(path, err)) from None


def _parsed_fast(graph: Graph, path: Path) -> bool:
    """Parse a Turtle or N-Triples file into ``graph`` through pyoxigraph
    (:func:`~kggraph.sources.fastparse.rdflib_triples`); False, with ``graph`` untouched, when
    pyoxigraph cannot, so that rdflib parses it and words any error as it always has."""
    from kggraph.sources.fastparse import OxSyntaxError, rdflib_triples

    try:
        triples = list(rdflib_triples(path))
    except (OxSyntaxError, OSError):
        return False
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return True


def _no_remote_context(path: Path) -> None:
    """Refuse a JSON-LD file whose ``@context`` (or ``@import``) names a document elsewhere:
    rdflib would fetch it, and kggraph sends no request the user did not ask for."""
    import json

    def remote(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    yield from (v for v in _strings(value) if ":" in v)
                yield from remote(value)
        elif isinstance(node, list):
            for value in node:
                yield from remote(value)

    try:
        document = json.loads(path.read_bytes())
    except ValueError as err:
        raise DataError(f"{path}: not JSON: {err}") from None
    for iri in remote(document):
        raise DataError(
            f"{path}: the JSON-LD context {iri} is elsewhere and is not fetched; "
            "put the context in the file"
        )


def _strings(value: object) -> list[str]:
    """The strings of a JSON value that is a string or a list."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _parse_message(path: Path, err: Exception) -> str:
    line = getattr(err, "lines", None)
    text = str(err).strip()
    why = getattr(err, "_why", None) or (text.splitlines()[0] if text else type(err).__name__)
    if isinstance(line, int):
        return f"{path}: line {line + 1}: {why}"
    return f"{path}: {why}"


def load_graph(sources: Sources = Sources()) -> Graph:
    """The merged RDF graph: ontology + data (files or endpoint)."""
    from rdflib import Graph

    graph = Graph()
    for path in ontology_files():
        parse_file(graph, path)
    if sources.endpoint:
        from kggraph.sources.store import fetch_graph

        graph += fetch_graph(
            sources.endpoint, sources.graph, sources.timeout, sources.max_answer_mb
        )
    for path in data_files(sources):
        parse_file(graph, path)
    return graph


Progress = Callable[[int, int], None]
ASIDE_MEMBERSHIPS = 200_000
"""From this many memberships the cache entry is written by a forked child (see
:func:`kggraph.sources.cache.store_aside`): pickling them takes a second or more."""


def load_model(sources: Sources = Sources(), progress: Progress | None = None) -> Model:
    """The records every analysis reads (see :mod:`kggraph.model.records`).

    From the cache when the same files were read before; else parsed (by pyoxigraph when every
    file allows it) and cached. ``progress(done, total)`` is called with bytes parsed so far,
    for a progress bar; a cache hit never calls it (nor imports rdflib). The model's
    ``files`` name what was read: the files, and the endpoint with its graph.
    """
    ontology, data = list(ontology_files()), data_files(sources)
    paths = [*ontology, *data]
    files = tuple(str(p) for p in paths)
    if not sources.endpoint:
        return _load_files(paths, files, sources, progress)
    files += (sources.endpoint + (f" <{sources.graph}>" if sources.graph else ""),)
    from kggraph.sources.store import publication_file

    with tempfile.TemporaryDirectory(prefix="kggraph-") as keep:
        published = publication_file(
            sources.endpoint, sources.graph, Path(keep), sources.timeout, sources.max_answer_mb
        )
        if published is not None:  # read like a local file, cached by its contents
            return _load_files([*ontology, published, *data], files, sources, progress)
    return _rdflib_road(load_graph(sources), paths, files, sources)


def _rdflib_road(
    graph: Graph, paths: list[Path], files: tuple[str, ...], sources: Sources
) -> Model:
    """The model of an rdflib graph (tables, other formats, a graph from another tool)."""
    from kggraph.sources.extract import extract
    from kggraph.sources.subject_index import from_rdflib

    model = extract(from_rdflib(graph), files=files)
    return _checked(_located(model, paths), sources.keep_going)


def _load_files(
    paths: list[Path], files: tuple[str, ...], sources: Sources, progress: Progress | None
) -> Model:
    """The model of local files: fast and cached when every file allows it."""
    if not all(_fast(p) for p in paths):
        from rdflib import Graph

        graph = Graph()
        for path in paths:
            parse_file(graph, path)
        return _rdflib_road(graph, paths, files, sources)
    from kggraph.sources import cache

    key = _cache_key(paths)
    with _no_gc_scans():
        model = cache.load(key) if key else None
        if model is None:
            from kggraph.sources.extract import extract_index

            model = extract_index(*_fast_index(paths, progress), files=files)
            model = _located(model, paths)
            if key:
                large = len(model.memberships) >= ASIDE_MEMBERSHIPS
                (cache.store_aside if large else cache.store)(key, model)
    return _checked(model, sources.keep_going)


def _checked(model: Model, keep_going: bool) -> Model:
    """``model``, unless data was left out of it and that is an error (not ``keep_going``):
    then a DataError naming the first problem's file, subject and property."""
    fatal = [p for p in model.problems if p.fatal]
    if fatal and not keep_going:
        from kggraph.sources.screen import describe

        more = f" (and {len(fatal) - 1} more)" if len(fatal) > 1 else ""
        raise DataError(f"{describe(fatal[0])}{more}; --keep-going leaves such data out")
    return model


def _located(model: Model, paths: list[Path]) -> Model:
    """``model`` with each problem naming the files that mention its subject (by its local
    name, as the files write it)."""
    if not model.problems:
        return model
    from dataclasses import replace

    from kggraph.sources.screen import files_naming

    found = files_naming({p.subject for p in model.problems}, paths)
    problems = tuple(p._replace(files=found.get(p.subject, ())) for p in model.problems)
    return replace(model, problems=problems)


@contextmanager
def _no_gc_scans() -> Iterator[None]:
    """No cyclic garbage collection while the records are made, and none of them scanned
    afterwards (:func:`gc.freeze`).

    A large load creates millions of small objects without cycles; each collection would scan
    them all again (unpickling a million memberships takes ~4× longer with it on). Frozen
    objects are still freed by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _fast(path: Path) -> bool:
    from kggraph.sources.fastparse import FAST_FORMATS

    return path.suffix.lower() in FAST_FORMATS and path.is_file()


def _cache_key(paths: list[Path]) -> str | None:
    from kggraph.sources import cache

    if cache.cache_dir() is None:
        return None
    try:
        return cache.cache_key(paths)
    except OSError as err:
        path = getattr(err, "filename", None) or "?"
        raise DataError(f"{path}: cannot read: {err.strerror or err}") from None


def _fast_index(paths: list[Path], progress: Progress | None) -> Indexed:
    """pyoxigraph's subject index, with the loader's error messages: a syntax error in
    pyoxigraph's words with its file and line (never parsed again to word it: that took
    minutes for a large file), a read error as such."""
    from kggraph.sources.fastparse import OxSyntaxError, index_files

    try:
        return index_files(paths, progress)
    except OxSyntaxError as err:
        raise DataError(str(err)) from None
    except OSError as err:
        path = err.filename or "?"
        raise DataError(f"{path}: cannot read: {err.strerror or err}") from None

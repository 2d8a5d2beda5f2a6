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
    from kggraph.sources.fastparse import Indexed, OxSyntaxError

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
    max_answer_mb: float = 2048


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
    try:
        graph.parse(path, format=fmt)
    except OSError as err:
        raise DataError(f"{path}: cannot read: {err.strerror or err}") from None
    except Exception as err:  # noqa: BLE001 - every parser error becomes one clear line
        raise DataError(_parse_message(path, err)) from None


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
        return _load_files(paths, files, progress)
    files += (sources.endpoint + (f" <{sources.graph}>" if sources.graph else ""),)
    from kggraph.sources.store import publication_file

    with tempfile.TemporaryDirectory(prefix="kggraph-") as keep:
        published = publication_file(
            sources.endpoint, sources.graph, Path(keep), sources.timeout, sources.max_answer_mb
        )
        if published is not None:  # read like a local file, cached by its contents
            return _load_files([*ontology, published, *data], files, progress)
    from kggraph.sources.extract import extract, from_rdflib

    return extract(from_rdflib(load_graph(sources)), files=files)


def _load_files(paths: list[Path], files: tuple[str, ...], progress: Progress | None) -> Model:
    """The model of local files: fast and cached when every file allows it."""
    if not all(_fast(p) for p in paths):
        from rdflib import Graph

        from kggraph.sources.extract import extract, from_rdflib

        graph = Graph()
        for path in paths:
            parse_file(graph, path)
        return extract(from_rdflib(graph), files=files)
    from kggraph.sources import cache

    key = _cache_key(paths)
    with _no_gc_scans():
        model = cache.load(key) if key else None
        if model is None:
            from kggraph.sources.extract import extract_index

            model = extract_index(*_fast_index(paths, progress), files=files)
            if key:
                cache.store(key, model)
    return model


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
    """pyoxigraph's subject index, with the loader's error messages: a syntax error is reported
    in rdflib's words (the file is parsed again by rdflib to get them), a read error as such."""
    from kggraph.sources.fastparse import OxSyntaxError, index_files

    try:
        return index_files(paths, progress)
    except OxSyntaxError as err:
        raise DataError(_rdflib_message(err)) from None
    except OSError as err:
        path = err.filename or "?"
        raise DataError(f"{path}: cannot read: {err.strerror or err}") from None


def _rdflib_message(err: OxSyntaxError) -> str:
    from rdflib import Graph

    try:
        parse_file(Graph(), err.path)
    except DataError as rdflib_err:
        return str(rdflib_err)
    return str(err)

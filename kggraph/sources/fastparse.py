"""Parse RDF files with pyoxigraph into what :mod:`kggraph.sources.extract` reads.

rdflib's pure-Python Turtle parser reads about 28,000 triples a second on the reference
machine; pyoxigraph's (Rust) about 800,000. :func:`parse_files` yields the triples in the plain
form of :mod:`kggraph.sources.subject_index` — IRIs as ``str``, blank nodes as ``"_:id"``,
literals as ``Lit`` (a plain or language-tagged string has no datatype, as in rdflib).
:func:`index_files` builds the subject index that :func:`kggraph.sources.extract.extract_index`
reads in the same pass, which is what the loader uses: at a million memberships the Python
work per triple, not the parsing, is the cost. Either way a triple stated twice counts once,
as in an rdflib graph, so the model is the one the rdflib road builds
(``tests/test_fastpath.py``). A large Turtle or N-Triples file is parsed in two halves on two
cores (:mod:`kggraph.sources.splitparse`).

Only Turtle, N-Triples and RDF/XML go this way (:data:`FAST_FORMATS`); the loader parses the
other formats with rdflib.
"""

from __future__ import annotations

import io
import mmap
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, TypeVar

if TYPE_CHECKING:
    from kggraph.sources.plain_memberships import MembershipRow
    from kggraph.sources.splitparse import Part
    from kggraph.sources.subject_index import Index, Term, Triple

__all__ = [
    "FAST_FORMATS",
    "Indexed",
    "OxSyntaxError",
    "index_files",
    "ntriples_lines",
    "parse_files",
    "parse_ntriples",
    "rdflib_triples",
]

FAST_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".rdf": "RDF_XML", ".owl": "RDF_XML"}
_SPLIT_FORMATS = {".ttl", ".nt"}

T = TypeVar("T")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class OxSyntaxError(ValueError):
    """A file pyoxigraph cannot parse: which file, the line (1-based) and pyoxigraph's words."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(f"{path}: line {line}: {message}" if line else f"{path}: {message}")
        self.path, self.line, self.message = path, line, message


Progress = Callable[[int, int], None]


class Indexed(NamedTuple):
    """What :func:`kggraph.sources.extract.extract_index` reads: the subject index, the number of
    distinct triples, and the memberships taken out of the index as rows."""

    subjects: Index
    count: int
    taken: list[MembershipRow]


class _Counted:
    """A binary file that reports the bytes read so far (at most once per megabyte)."""

    STEP = 1 << 20

    def __init__(self, f: BinaryIO, done: int, total: int, progress: Progress) -> None:
        self.f, self.done, self.total, self.progress = f, done, total, progress
        self._next = done + self.STEP

    def read(self, size: int = -1) -> bytes:
        block = self.f.read(size)
        self.done += len(block)
        if self.done >= self._next or not block:
            self._next = self.done + self.STEP
            self.progress(self.done, self.total)
        return block


class _Meter:
    """Where a file starts in the bytes of a load, for a progress bar over all its files."""

    def __init__(self, done: int, total: int, progress: Progress | None) -> None:
        self.done, self.total, self.progress = done, total, progress

    def wrap(self, f: BinaryIO) -> BinaryIO | _Counted:
        """``f``, reporting its reads when there is a progress bar."""
        return _Counted(f, self.done, self.total, self.progress) if self.progress else f


def parse_files(paths: Iterable[Path]) -> Iterator[Triple]:
    """The triples of all ``paths`` (fast formats only), file after file, as stated.

    Raises :class:`OxSyntaxError` for a malformed file and :class:`OSError` for an unreadable
    one. Blank nodes are renamed per file, so ``_:b1`` in two files are two nodes (as in rdflib).
    """
    from kggraph.sources.subject_index import Lit

    for path, quads in _quads(paths):
        with _reported(path):
            for q in quads:
                yield _node(q.subject), q.predicate.value, _object(q.object, Lit)


def rdflib_triples(path: Path) -> Iterator[tuple]:
    """The triples of one Turtle or N-Triples file as rdflib terms, for an rdflib graph:
    twice as fast as rdflib's own parser, which spends its time in Python per character.

    Literals read as rdflib reads them (:func:`_lit`); an IRI seen again is the same object.
    Raises :class:`OxSyntaxError` for a malformed file.
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    iris: dict[str, URIRef] = {}

    def iri(value: str) -> URIRef:
        found = iris.get(value)
        if found is None:
            found = iris[value] = URIRef(value)
        return found

    def literal(value: str, lang: str | None, datatype: str | None) -> Literal:
        return Literal(value, lang=lang or None, datatype=iri(datatype) if datatype else None)

    def node(term):  # noqa: ANN001, ANN202 - a pyoxigraph term → an rdflib one
        kind = type(term)
        if kind is ox.NamedNode:
            return iri(term.value)
        if kind is ox.BlankNode:
            return BNode(term.value)
        return _lit(term, literal)

    for file, quads in _quads([path]):
        with _reported(file):
            for q in quads:
                yield node(q.subject), iri(q.predicate.value), node(q.object)


def parse_ntriples(data: bytes) -> Iterator[Triple]:
    """The triples of an N-Triples document in memory (a store's answer), as stated."""
    import pyoxigraph as ox

    from kggraph.sources.subject_index import Lit

    with _reported(Path("answer.nt")):
        for q in ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES):
            yield _node(q.subject), q.predicate.value, _object(q.object, Lit)


def ntriples_lines(paths: Iterable[Path], skolem: str) -> set[str]:
    """The distinct triples of ``paths`` as N-Triples lines, blank nodes as IRIs that start
    with ``skolem`` (for a store, which keeps no blank node apart across requests).

    Raises :class:`OxSyntaxError` for a malformed file and :class:`OSError` for an unreadable
    one.
    """
    import pyoxigraph as ox

    blank = ox.BlankNode

    def term(t) -> str:  # noqa: ANN001 - a pyoxigraph term
        return f"<{skolem}{t.value}>" if type(t) is blank else str(t)

    lines: set[str] = set()
    for path, quads in _quads(paths):
        with _reported(path):
            lines.update(f"{term(q.subject)} {q.predicate} {term(q.object)} ." for q in quads)
    return lines


def index_files(
    paths: Iterable[Path], progress: Progress | None = None, split_from: int | None = None
) -> Indexed:
    """The subject index :func:`kggraph.sources.extract.extract_index` reads, built as the
    files are parsed, with the number of distinct triples.

    The same as ``index_triples(parse_files(paths))`` (:mod:`kggraph.sources.subject_index`)
    in one loop: a large load spends its time here, per triple. Repeated IRIs and predicates
    are one string each (a million memberships name the same few hundred). A Turtle or
    N-Triples file of ``split_from`` bytes or more (default
    :data:`kggraph.sources.splitparse.MIN_BYTES`) is parsed in two halves side by side
    (:mod:`kggraph.sources.splitparse`), and each half's plain memberships are taken out of its
    index as rows (:func:`kggraph.sources.plain_memberships.take_memberships`). A row stands
    for its subject only if no other statement names that subject; if one does, the files are
    read again in one pass, which takes no rows. ``progress(done, total)`` hears of the bytes
    read.
    """
    from kggraph.sources.splitparse import MIN_BYTES

    paths = list(paths)
    total = sum(p.stat().st_size for p in paths) if progress else 0
    threshold = MIN_BYTES if split_from is None else split_from
    subjects: Index = {}
    taken: list[MembershipRow] = []
    count = done = 0
    for path in paths:
        with _reported(path):
            meter = _Meter(done, total, progress)
            count += _index_file(subjects, taken, path, meter, threshold)
        done += path.stat().st_size if progress else 0
    if not _stand_alone(subjects, taken):
        return index_files(paths, progress, split_from=_NEVER)
    return Indexed(subjects, count, taken)


_NEVER = 1 << 62
"""A file size no file reaches: every file is parsed in one pass."""


def _index_file(
    subjects: Index, taken: list[MembershipRow], path: Path, meter: _Meter, split_from: int
) -> int:
    """Add one file's triples to ``subjects`` (and to ``taken`` the memberships taken out of a
    file parsed in halves); the number of triples added."""
    from kggraph.sources.subject_index import Lit

    if path.suffix.lower() in _SPLIT_FORMATS and path.stat().st_size >= split_from:
        halves = _index_halves(path, meter)
        if halves is not None:
            from kggraph.sources.splitparse import merge

            taken.extend(row for _, _, rows in halves for row in rows)
            return sum(merge(subjects, half) for half in halves)
    with open(path, "rb") as f:
        return _index_into(subjects, _parser(meter.wrap(f), path), Lit)


def _index_halves(path: Path, meter: _Meter) -> tuple[Part, Part] | None:
    """The file parsed in two halves side by side, each with its plain memberships taken out
    as rows; None if the file cannot be cut. The file is mapped, not read: each half copies
    only its own bytes, in its own process."""
    from kggraph.sources.plain_memberships import take_memberships
    from kggraph.sources.splitparse import index_in_halves, plain_literal
    from kggraph.sources.subject_index import Lit

    def index(source: bytes | BinaryIO, literal: Callable) -> Part:
        part: Index = {}
        count = _index_into(part, _parser(source, path), literal)
        return part, count, take_memberships(part)

    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return index_in_halves(
            data,
            lambda head: index(meter.wrap(io.BytesIO(head)) if meter.progress else head, Lit),
            lambda tail: index(tail, plain_literal),
        )


def _stand_alone(subjects: Index, taken: list[MembershipRow]) -> bool:
    """Whether each membership taken as a row is named by no other statement: not in the
    index, nor taken twice (its subject stated in both halves, or in two files)."""
    iris = {row[0] for row in taken}
    return len(iris) == len(taken) and iris.isdisjoint(subjects)


def _index_into(subjects: Index, quads: Iterable, lit: type) -> int:
    """:func:`kggraph.sources.subject_index.add_value` for each triple, inlined: this loop is a
    large load's cost. A subject's triples mostly come together, so its entry is looked up once."""
    import pyoxigraph as ox

    named, literal = ox.NamedNode, ox.Literal
    interned: dict[str, str] = {}
    keep = interned.setdefault
    count = 0
    last, props = None, {}
    for q in quads:
        s = q.subject
        if s != last:
            key = s.value if type(s) is named else f"_:{s.value}"
            props = subjects.get(key)
            if props is None:
                props = subjects[key] = {}
            last = s
        o = q.object
        kind = type(o)
        if kind is named:
            obj = o.value
            obj = keep(obj, obj)
        else:
            obj = _lit(o, lit) if kind is literal else f"_:{o.value}"
        p = q.predicate.value
        values = props.get(p)
        if values is None:
            props[keep(p, p)] = obj
        elif type(values) is list:
            if obj in values:
                continue
            values.append(obj)
        elif values == obj:
            continue
        else:
            props[p] = [values, obj]
        count += 1
    return count


def _parser(source: bytes | BinaryIO, path: Path) -> Iterable:
    """pyoxigraph's parser over ``source``, read as ``path`` (its format, its base IRI)."""
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, FAST_FORMATS[path.suffix.lower()])
    base = path.resolve().as_uri()
    return ox.parse(input=source, format=fmt, base_iri=base, rename_blank_nodes=True)


def _quads(paths: Iterable[Path]) -> Iterator[tuple[Path, Iterable]]:
    """Each path with pyoxigraph's parser over it (the file open while it is read)."""
    for path in paths:
        with open(path, "rb") as f:
            yield path, _parser(f, path)


@contextmanager
def _reported(path: Path) -> Iterator[None]:
    """pyoxigraph's SyntaxError as an :class:`OxSyntaxError` naming the file."""
    try:
        yield
    except SyntaxError as err:
        raise OxSyntaxError(path, err.lineno, _why(err)) from None


def _why(err: SyntaxError) -> str:
    """pyoxigraph's message without its 'Parser error at line …:' prefix."""
    text = str(err.msg if err.msg else err)
    return text.split(": ", 1)[1] if text.startswith("Parser error") and ": " in text else text


def _node(term) -> str:  # noqa: ANN001 - a pyoxigraph NamedNode or BlankNode
    import pyoxigraph as ox

    return term.value if type(term) is ox.NamedNode else f"_:{term.value}"


def _object(term, lit: type) -> Term:  # noqa: ANN001 - a pyoxigraph term
    import pyoxigraph as ox

    return _lit(term, lit) if type(term) is ox.Literal else _node(term)


def _lit(o, lit: Callable[[str, str | None, str | None], T]) -> T:  # noqa: ANN001
    """rdflib's reading of a pyoxigraph literal ``o``, made by ``lit(value, lang,
    datatype)``: no datatype for a plain or a language-tagged string."""
    lang = o.language
    datatype = o.datatype.value
    if lang or datatype in (_XSD_STRING, _LANG_STRING):
        return lit(o.value, lang, None)
    return lit(o.value, None, datatype)

"""Parse RDF files with pyoxigraph into what :mod:`kggraph.extract` reads.

rdflib's pure-Python Turtle parser reads about 28,000 triples a second on the reference
machine; pyoxigraph's (Rust) about 800,000. :func:`parse_files` yields the triples in the plain
form :func:`kggraph.extract.from_rdflib` gives — IRIs as ``str``, blank nodes as ``"_:id"``,
literals as :class:`~kggraph.extract.Lit` (a plain or language-tagged string has no datatype,
as in rdflib). :func:`index_files` builds the subject index that
:func:`kggraph.extract.extract_index` reads in the same pass, which is what the loader uses:
at a million memberships the Python work per triple, not the parsing, is the cost. Either way
a triple stated twice counts once, as in an rdflib graph, so the model is the one the rdflib
road builds (``tests/test_fastpath.py``).

Only Turtle, N-Triples and RDF/XML go this way (:data:`FAST_FORMATS`); the loader parses the
other formats with rdflib.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from kggraph.extract import Index, Lit, Term, Triple

__all__ = ["FAST_FORMATS", "OxSyntaxError", "index_files", "parse_files"]

FAST_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".rdf": "RDF_XML", ".owl": "RDF_XML"}

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class OxSyntaxError(ValueError):
    """A file pyoxigraph cannot parse: which file, the line (1-based) and pyoxigraph's words."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(f"{path}: line {line}: {message}" if line else f"{path}: {message}")
        self.path, self.line, self.message = path, line, message


Progress = Callable[[int, int], None]


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


def parse_files(paths: Iterable[Path]) -> Iterator[Triple]:
    """The triples of all ``paths`` (fast formats only), file after file, as stated.

    Raises :class:`OxSyntaxError` for a malformed file and :class:`OSError` for an unreadable
    one. Blank nodes are renamed per file, so ``_:b1`` in two files are two nodes (as in rdflib).
    """
    from kggraph.extract import Lit

    for path, quads in _quads(paths, None):
        with _reported(path):
            for q in quads:
                yield _node(q.subject), q.predicate.value, _object(q.object, Lit)


def index_files(paths: Iterable[Path], progress: Progress | None = None) -> tuple[Index, int]:
    """The subject index :func:`kggraph.extract.extract_index` reads, built as the files are
    parsed, and the number of distinct triples.

    The same as ``extract._index(parse_files(paths))`` in one loop: a large load spends its
    time here, per triple. Repeated IRIs and predicates are one string each (a million
    memberships name the same few hundred). ``progress(done, total)`` hears of the bytes read.
    """
    from kggraph.extract import Lit

    subjects: Index = {}
    count = 0
    for path, quads in _quads(paths, progress):
        with _reported(path):
            count += _index_into(subjects, quads, Lit)
    return subjects, count


def _index_into(subjects: Index, quads: Iterable, lit: type) -> int:
    import pyoxigraph as ox

    named, literal = ox.NamedNode, ox.Literal
    interned: dict[str, str] = {}
    keep = interned.setdefault
    count = 0
    last, props = None, {}
    for q in quads:
        s = q.subject
        key = s.value if type(s) is named else f"_:{s.value}"
        if key != last:
            props = subjects.get(key)
            if props is None:
                props = subjects[key] = {}
            last = key
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
            props[keep(p, p)] = [obj]
        elif obj in values:
            continue
        else:
            values.append(obj)
        count += 1
    return count


def _quads(paths: Iterable[Path], progress: Progress | None) -> Iterator[tuple[Path, Iterable]]:
    """Each path with pyoxigraph's parser over it (the file open while it is read)."""
    import pyoxigraph as ox

    paths = list(paths)
    total = sum(p.stat().st_size for p in paths) if progress else 0
    done = 0
    for path in paths:
        fmt = getattr(ox.RdfFormat, FAST_FORMATS[path.suffix.lower()])
        with open(path, "rb") as f:
            source = _Counted(f, done, total, progress) if progress else f
            base = path.resolve().as_uri()
            yield path, ox.parse(input=source, format=fmt, base_iri=base, rename_blank_nodes=True)
            done += path.stat().st_size if progress else 0


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


def _lit(o, lit: type[Lit]) -> Lit:  # noqa: ANN001 - a pyoxigraph Literal
    """rdflib's reading of a literal: no datatype for a plain or a language-tagged string."""
    lang = o.language
    datatype = o.datatype.value
    if lang or datatype in (_XSD_STRING, _LANG_STRING):
        return lit(o.value, lang, None)
    return lit(o.value, None, datatype)

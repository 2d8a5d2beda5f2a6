"""Parse RDF files with pyoxigraph into the plain triples :func:`kggraph.extract.extract` reads.

rdflib's pure-Python Turtle parser reads about 28,000 triples a second on the reference
machine; pyoxigraph's (Rust) about 800,000. The triples come out in the same plain form as
:func:`kggraph.extract.from_rdflib` gives — IRIs as ``str``, blank nodes as ``"_:id"``,
literals as :class:`~kggraph.extract.Lit` (a plain or language-tagged string has no datatype,
as in rdflib). A triple stated twice is yielded twice; :func:`~kggraph.extract.extract` counts
it once, as an rdflib graph does. So the model built from them is the one the rdflib path
builds (``tests/test_fastpath.py``).

Only Turtle, N-Triples and RDF/XML go this way (:data:`FAST_FORMATS`); the loader parses the
other formats with rdflib.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from kggraph.extract import Lit, Triple

__all__ = ["FAST_FORMATS", "OxSyntaxError", "parse_files"]

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


def parse_files(paths: Iterable[Path], progress: Progress | None = None) -> Iterator[Triple]:
    """The triples of all ``paths`` (fast formats only), file after file.

    ``progress(done, total)`` hears of the bytes read. Raises :class:`OxSyntaxError` for a
    malformed file and :class:`OSError` for an unreadable one. Blank nodes are renamed per
    file, so ``_:b1`` in two files are two nodes (as in rdflib).
    """
    paths = list(paths)
    total = sum(p.stat().st_size for p in paths) if progress else 0
    done = 0
    for path in paths:
        with open(path, "rb") as f:
            source = _Counted(f, done, total, progress) if progress else f
            yield from _parse_file(path, source)
        done += path.stat().st_size if progress else 0


def _parse_file(path: Path, source: BinaryIO | _Counted) -> Iterator[Triple]:
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, FAST_FORMATS[path.suffix.lower()])
    quads = ox.parse(
        input=source, format=fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=True
    )
    try:
        yield from _plain(quads, ox.NamedNode, ox.Literal)
    except SyntaxError as err:
        raise OxSyntaxError(path, err.lineno, _why(err)) from None


def _why(err: SyntaxError) -> str:
    """pyoxigraph's message without its 'Parser error at line …:' prefix."""
    text = str(err.msg if err.msg else err)
    return text.split(": ", 1)[1] if text.startswith("Parser error") and ": " in text else text


def _plain(quads: Iterable, named: type, literal: type) -> Iterator[Triple]:
    """pyoxigraph quads → plain triples, strings interned (a million memberships repeat the
    same few hundred IRIs; one object each saves memory and makes set lookups cheap)."""
    interned: dict[str, str] = {}
    keep = interned.setdefault
    for q in quads:
        s, o = q.subject, q.object
        subject = s.value
        subject = keep(subject, subject) if type(s) is named else f"_:{subject}"
        predicate = q.predicate.value
        predicate = keep(predicate, predicate)
        kind = type(o)
        if kind is named:
            obj = o.value
            yield subject, predicate, keep(obj, obj)
        elif kind is literal:
            yield subject, predicate, _lit(o)
        else:
            yield subject, predicate, f"_:{o.value}"


def _lit(o) -> Lit:  # noqa: ANN001 - a pyoxigraph Literal
    """rdflib's reading of a literal: no datatype for a plain or a language-tagged string."""
    lang = o.language
    datatype = o.datatype.value
    if lang or datatype in (_XSD_STRING, _LANG_STRING):
        return Lit(o.value, lang, None)
    return Lit(o.value, None, datatype)

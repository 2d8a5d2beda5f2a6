"""Parse one large Turtle or N-Triples file on two cores.

A large load spends its time making Python objects for each triple, which one process does
at one core's speed. So a large file is cut in two at a statement boundary near its middle;
a forked process parses the second half while this one parses the first, and sends its
subject index back as one :mod:`marshal` blob, which is much cheaper to read than to build.
The halves are then merged in file order, so the result is the index one pass would build
(``tests/test_splitparse.py``).

The cut must fall between two statements. It is sought at the start of a line that follows a
line ending in ``.``, and made only where neither half holds a long string (``\"\"\"``,
``'''``: the only tokens that span lines) or a blank-node label (``_:x`` names one node in the
whole file, but each half would make its own). So no token is split, and the second half gets
the first half's directive lines (``@prefix``, ``@base``, ``PREFIX``, ``BASE``). If the first
half parses, it ends with a ``.`` that ends a statement in the whole file too, since the tokens
before it are the same; a ``.`` in a comment leaves the first half unfinished, and it does not
parse. When either half does not parse, the caller reads the whole file in one pass, which also
gives a real syntax error its real line number.

    >>> data = b"@prefix : <x#> .\\n:a :p :b .\\n:c :p :d .\\n"
    >>> cut = cut_point(data, 20)
    >>> data[cut:], directives(data[:cut])
    (b':c :p :d .\\n', b'@prefix : <x#> .\\n')
"""

from __future__ import annotations

import marshal
import os
import re
import signal
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import mmap

    from kggraph.sources.plain_memberships import MembershipRow
    from kggraph.sources.subject_index import Index

Part = tuple["Index", int, list["MembershipRow"]]
"""A subject index, its number of distinct triples, and the memberships taken out of it
(:func:`kggraph.sources.plain_memberships.take_memberships`)."""

__all__ = [
    "MIN_BYTES",
    "Forked",
    "cut_point",
    "directives",
    "index_in_halves",
    "safe_to_cut",
    "merge",
    "plain_literal",
]

MIN_BYTES = 4 << 20
"""Files smaller than this (4 MiB, about 0.1 s of parsing) are parsed in one pass."""

_HEAD_SHARE = 0.53
"""Where the cut is sought, as a share of the bytes: a little past the middle, as the forked
process has its index to dump when it is done."""
_FAILED = "syntax error"
"""What the forked process sends first when its half does not parse, then the line and why."""
_UNSAFE = (b'"""', b"'''", b"_:")
_BOUNDARY = re.compile(rb"\.[ \t\r]*\n(?=[A-Za-z<:])")
_DIRECTIVE = re.compile(rb"(?i)[ \t]*(?:@prefix|@base|prefix|base)[ \t][^\n]*")


def cut_point(data: bytes, start: int) -> int | None:
    """The first line start at or after ``start`` where a statement may begin (the line
    before ends in ``.``), or None."""
    found = _BOUNDARY.search(data, start)
    return found.end() if found else None


def safe_to_cut(part: bytes) -> bool:
    """Whether ``part`` holds none of the tokens that may reach across a cut (long strings,
    blank-node labels). Both halves are asked: a token across the cut shows in both.

    A token's first byte is looked for first: a one-byte search is many times faster, and a
    file without ``_`` or ``'`` needs no other search for those tokens."""
    return not any(token[:1] in part and token in part for token in _UNSAFE)


def directives(head: bytes) -> bytes:
    """The ``@prefix``, ``@base``, ``PREFIX`` and ``BASE`` lines of ``head``, in order, which
    the second half needs to read its names as the first half does.

    Found with plain searches for the words, not a regular expression over every line: the
    forked process does this before it can start parsing.
    """
    lowered = head.lower()
    found = {}
    for word in (b"prefix", b"base"):
        at = lowered.find(word)
        while at >= 0:
            start = lowered.rfind(b"\n", 0, at) + 1
            end = lowered.find(b"\n", at)
            end = len(head) if end < 0 else end
            if _DIRECTIVE.fullmatch(head, start, end):
                found[start] = head[start:end] + b"\n"
            at = lowered.find(word, end)
    return b"".join(found[start] for start in sorted(found))


def index_in_halves(
    data: bytes | mmap.mmap, first: Callable[[bytes], Part], second: Callable[[bytes], Part]
) -> tuple[Part, Part] | None:
    """The parts (see :data:`Part`) of the two halves of ``data``, made side by side:
    ``first`` here, ``second`` in a forked process, which gets the directives of the first
    half too.

    None when ``data`` cannot be cut safely, or the first half does not parse: the caller then
    reads ``data`` in one pass. When the first half parses and the second does not, the cut
    was between two statements and the second half's error is the file's first: it is raised
    as a ``SyntaxError`` with its line in the whole file, without reading the file again.
    ``second`` must make its literals with :func:`plain_literal`, as its index crosses over by
    :mod:`marshal`.
    """
    cut = cut_point(data, int(len(data) * _HEAD_SHARE)) if hasattr(os, "fork") else None
    if cut is None:
        return None

    def tail() -> bytes:
        part = data[cut:]
        if not safe_to_cut(part):
            raise ValueError("a token may reach across the cut")
        heading = directives(data[:cut])
        try:
            return marshal.dumps(second(heading + part))
        except SyntaxError as err:
            line = (err.lineno or 1) - heading.count(b"\n")
            return marshal.dumps((_FAILED, line, str(err.msg or err)))

    with Forked(tail) as child:
        part = data[:cut]
        if not safe_to_cut(part):
            return None
        try:
            head = first(part)
        except SyntaxError:
            return None
        blob = child.result()
    tail_part = None if blob is None else marshal.loads(blob)
    if tail_part is not None and tail_part[0] == _FAILED:
        _, line, message = tail_part
        raise _syntax_error(message, part.count(b"\n") + line)
    return None if tail_part is None else (head, tail_part)


def _syntax_error(message: str, line: int) -> SyntaxError:
    """A ``SyntaxError`` at ``line`` of the whole file (the second half's line moved)."""
    err = SyntaxError(message)
    err.lineno = line
    return err


def plain_literal(*fields: str | None) -> tuple[str | None, ...]:
    """A literal as a plain tuple ``(value, lang, datatype)``: :mod:`marshal` takes no
    named tuples, and :mod:`kggraph.sources.extract` reads any tuple as a literal."""
    return fields


def merge(subjects: Index, part: Part) -> int:
    """Add a part's index to ``subjects``, after those already there; the number of triples
    added (a triple ``subjects`` has already counts once). Its memberships taken as rows are
    the caller's to keep.

    Subjects new to ``subjects`` go in at once, in the part's order: the two halves of a file
    share only the few subjects stated in both, and only those are merged predicate by
    predicate.
    """
    from kggraph.sources.subject_index import add_value, objects

    other, added, _ = part
    shared = {s: subjects[s] for s in other if s in subjects}
    for s, mine in shared.items():
        for p, values in other[s].items():
            for o in objects(values):
                added -= not add_value(mine, p, o)
    subjects.update(other)
    subjects.update(shared)
    return added


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Have the kernel kill this (forked) process when ``parent`` ends, however it ends: a
    parser killed by SIGTERM must not leave its other half running. Linux only (prctl);
    elsewhere the parent's ``with`` block stops the child when it unwinds."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


class Forked:
    """``work()`` run in a forked process; :meth:`result` waits for the bytes it returned.

    ``None`` when the work failed: an exception in the child ends it quietly, and the caller
    does the work itself. Leaving the ``with`` block without the result stops the child.
    """

    def __init__(self, work: Callable[[], bytes]) -> None:
        read_end, write_end = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(read_end)
            status = 1
            try:
                _die_with(parent)
                blob = work()
                with open(write_end, "wb") as out:
                    out.write(blob)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._read_end: int | None = read_end

    def result(self) -> bytes | None:
        """The child's bytes once it has ended, or None if it failed."""
        assert self._read_end is not None, "result() is read once"
        with open(self._read_end, "rb") as pipe:
            blob = pipe.read()
        self._read_end = None
        _, status = os.waitpid(self.pid, 0)
        return blob if status == 0 else None

    def __enter__(self) -> Forked:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._read_end is not None:
            os.kill(self.pid, signal.SIGKILL)
            os.close(self._read_end)
            os.waitpid(self.pid, 0)

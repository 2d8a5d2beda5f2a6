"""Write imported triples as Turtle, fast: straight from the rows, without building an rdflib
graph (for 100,000 rows that saves over a minute against ``Graph.serialize``).

Subjects come in the order the rows made them, each with its properties grouped; a blank node
used once is written inline (``[ a time:Interval ; … ]``), as the hand-written data files do.
The result parses back to the same graph (the tests check it with ``rdflib.compare``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import TextIO

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node as Term

from kggraph.model.namespaces import PREFIXES, RDF

__all__ = ["write_turtle"]

_PN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _iri(iri: str) -> str:
    if iri == str(RDF.type):
        return "a"
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return "<" + iri.replace(">", "%3E") + ">"


def _literal(lit: Literal) -> str:
    text = '"' + str(lit).translate(_ESCAPES) + '"'
    if lit.language:
        return f"{text}@{lit.language}"
    if lit.datatype:
        return f"{text}^^{_iri(str(lit.datatype))}"
    return text


class _Writer:
    def __init__(self, triples: Iterable[tuple[Term, Term, Term]]) -> None:
        self.props: dict[Term, list[tuple[Term, Term]]] = defaultdict(list)
        seen: set[tuple[Term, Term, Term]] = set()
        for t in triples:
            if t not in seen:
                seen.add(t)
                self.props[t[0]].append((t[1], t[2]))
        self.count = len(seen)
        self.uses = Counter(
            o for pairs in self.props.values() for _, o in pairs if isinstance(o, BNode)
        )
        self.labels: dict[BNode, str] = {}
        self.written: set[Term] = set()

    def inline(self, node: Term) -> bool:
        return isinstance(node, BNode) and self.uses[node] == 1 and node not in self.written

    def term(self, node: Term, indent: str) -> str:
        if isinstance(node, Literal):
            return _literal(node)
        if isinstance(node, URIRef):
            return _iri(str(node))
        if self.inline(node):
            self.written.add(node)
            body = self.body(node, indent + "    ")
            return f"[ {body} ]" if body else "[]"
        return self.label(node)

    def label(self, node: BNode) -> str:
        if node not in self.labels:
            self.labels[node] = f"_:b{len(self.labels) + 1}"
        return self.labels[node]

    def body(self, subject: Term, indent: str) -> str:
        grouped: dict[Term, list[Term]] = defaultdict(list)
        for p, o in self.props.get(subject, ()):
            grouped[p].append(o)
        parts = []
        for p, objects in grouped.items():
            values = " , ".join(self.term(o, indent) for o in objects)
            parts.append(f"{_iri(str(p))} {values}")
        return f" ;\n{indent}".join(parts)

    def blocks(self) -> Iterable[str]:
        for subject in list(self.props):
            if subject in self.written or (self.uses[subject] == 1 and isinstance(subject, BNode)):
                continue
            self.written.add(subject)
            head = self.label(subject) if isinstance(subject, BNode) else _iri(str(subject))
            yield f"{head} {self.body(subject, '    ')} .\n\n"
        for subject in self.props:  # blank nodes used once but only inside a cycle
            if subject not in self.written:
                self.written.add(subject)
                yield f"{self.label(subject)} {self.body(subject, '    ')} .\n\n"


def write_turtle(
    triples: Iterable[tuple[Term, Term, Term]],
    out: TextIO,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write ``triples`` as Turtle with the project's prefixes to ``out``; the number of
    (distinct) triples written. ``progress(done, total)`` follows the subjects written."""
    for prefix, ns in PREFIXES.items():
        out.write(f"@prefix {prefix}: <{ns}> .\n")
    out.write("\n")
    writer = _Writer(triples)
    total = len(writer.props)
    for done, block in enumerate(writer.blocks(), start=1):
        out.write(block)
        if progress and done % 1000 == 0:
            progress(done, total)
    if progress:
        progress(total, total)
    return writer.count

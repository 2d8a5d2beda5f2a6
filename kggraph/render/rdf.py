"""The one RDF writer: Turtle and N-Triples, streamed subject by subject; JSON-LD and a CSV of
triples for ``kggraph export``.

Sources produce triples and never write RDF themselves. Two kinds arrive here:

- rdflib triples (the export's merged graph, the rows ``kggraph import`` converted):
  :func:`write_triples` groups them by subject, writes a blank node used once inline
  (``[ a time:Interval ; … ]``) as the hand-written data files do, and prefixes IRIs;
- subjects with their (predicate, object) pairs already in Turtle's own spelling (the
  synthetic data, millions of them): :class:`TripleWriter` streams each one as it comes, so a
  million memberships need little memory, and expands the prefixes for N-Triples.

Both end in :meth:`TripleWriter.subject`, so there is one way a subject becomes text.

>>> import io
>>> out = io.StringIO()
>>> w = TripleWriter(out, ntriples=True)
>>> w.subject("kgd:KD", [("skos:notation", '"KD"')])
>>> print(out.getvalue().replace("https://w3id.org/kggraph/id/", "kgd/"), end="")
<kgd/KD> <http://www.w3.org/2004/02/skos/core#notation> "KD" .
>>> w.triples
1
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TextIO

from kggraph.model.namespaces import PREFIXES, RDF
from kggraph.outputs import csv_cell

if TYPE_CHECKING:
    from rdflib import Graph, Literal
    from rdflib.term import Node as Term

__all__ = ["RDF_EXPORTS", "TripleWriter", "serialise", "write_triples"]

RDF_EXPORTS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}
Pairs = list[tuple[str, str]]

_PN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_RDF_TYPE = f"<{RDF.type}>"


class TripleWriter:
    """Writes subjects with their (predicate, object) pairs as they come, in Turtle or
    N-Triples; counts the triples (pairs) written.

    Terms come in Turtle's spelling: ``a``, prefixed names (``kgd:KD``), ``<IRIs>``, blank node
    labels (``_:b1``) and literals (``"x"@nb``, ``"2024-01-01"^^xsd:date``). Turtle writes
    them as they are, after the prefixes and an optional comment line ``note``; ``spaced``
    puts a blank line after each subject. N-Triples expands every prefixed name (only plain
    terms then: no inline blank nodes or object lists).
    """

    def __init__(
        self, out: TextIO, ntriples: bool = False, note: str = "", spaced: bool = False
    ) -> None:
        self.out = out
        self.triples = 0
        self.ntriples = ntriples
        self._end = " .\n\n" if spaced else " .\n"
        self._expanded: dict[str, str] = {}
        if not ntriples:
            out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()))
            out.write(f"\n# {note}\n\n" if note else "\n")

    def subject(self, s: str, pairs: Pairs) -> None:
        """Write subject ``s`` with its (predicate, object) pairs."""
        self.triples += len(pairs)
        if self.ntriples:
            subject = self._term(s)
            self.out.write(
                "".join(f"{subject} {self._term(p)} {self._term(o)} .\n" for p, o in pairs)
            )
            return
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        self.out.write(f"{s} {body}{self._end}")

    def _term(self, term: str) -> str:
        if term == "a":
            return _RDF_TYPE
        if term.startswith('"'):
            head, sep, datatype = term.rpartition("^^")
            return f"{head}^^{self._term(datatype)}" if sep and head.endswith('"') else term
        done = self._expanded.get(term)
        if done is None:
            if term.startswith(("<", "_:")):
                done = term
            else:
                prefix, _, local = term.partition(":")
                done = f"<{PREFIXES[prefix]}{local}>"
            self._expanded[term] = done
        return done


def _iri(iri: str, ntriples: bool = False) -> str:
    if ntriples:
        return "<" + iri.replace(">", "%3E") + ">"
    if iri == str(RDF.type):
        return "a"
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return "<" + iri.replace(">", "%3E") + ">"


def _literal(lit: Literal, ntriples: bool) -> str:
    text = '"' + str(lit).translate(_ESCAPES) + '"'
    if lit.language:
        return f"{text}@{lit.language}"
    if lit.datatype:
        return f"{text}^^{_iri(str(lit.datatype), ntriples)}"
    return text


class _Grouped:
    """rdflib triples grouped by subject (without repeats), each blank node used once ready to
    be written inline."""

    def __init__(self, triples: Iterable[tuple[Term, Term, Term]], ntriples: bool) -> None:
        from rdflib import BNode

        self.bnode = BNode
        self.ntriples = ntriples
        self.props: dict[Term, list[tuple[Term, Term]]] = defaultdict(list)
        seen: set[tuple[Term, Term, Term]] = set()
        for t in triples:
            if t not in seen:
                seen.add(t)
                self.props[t[0]].append((t[1], t[2]))
        self.count = len(seen)
        self.uses = (
            Counter()
            if ntriples
            else Counter(o for ps in self.props.values() for _, o in ps if isinstance(o, BNode))
        )
        self.labels: dict[Term, str] = {}
        self.written: set[Term] = set()

    def inline(self, node: Term) -> bool:
        return isinstance(node, self.bnode) and self.uses[node] == 1 and node not in self.written

    def term(self, node: Term, indent: str) -> str:
        from rdflib import Literal, URIRef

        if isinstance(node, Literal):
            return _literal(node, self.ntriples)
        if isinstance(node, URIRef):
            return _iri(str(node), self.ntriples)
        if self.inline(node):
            self.written.add(node)
            inner = indent + "    "
            body = f" ;\n{inner}".join(f"{p} {o}" for p, o in self.pairs(node, inner))
            return f"[ {body} ]" if body else "[]"
        return self.label(node)

    def label(self, node: Term) -> str:
        if node not in self.labels:
            self.labels[node] = f"_:b{len(self.labels) + 1}"
        return self.labels[node]

    def pairs(self, subject: Term, indent: str) -> Pairs:
        """The subject's predicates, each with its objects (``o1 , o2`` in Turtle; one pair per
        triple in N-Triples)."""
        if self.ntriples:
            return [(self.term(p, indent), self.term(o, indent)) for p, o in self.props[subject]]
        grouped: dict[Term, list[Term]] = defaultdict(list)
        for p, o in self.props.get(subject, ()):
            grouped[p].append(o)
        return [
            (self.term(p, indent), " , ".join(self.term(o, indent) for o in objects))
            for p, objects in grouped.items()
        ]

    def subjects(self) -> Iterable[tuple[str, Pairs]]:
        for subject in list(self.props):
            if subject in self.written or self.uses[subject] == 1:
                continue
            self.written.add(subject)
            yield self.term_of_subject(subject), self.pairs(subject, "    ")
        for subject in self.props:  # blank nodes used once but only inside a cycle
            if subject not in self.written:
                self.written.add(subject)
                yield self.label(subject), self.pairs(subject, "    ")

    def term_of_subject(self, subject: Term) -> str:
        if isinstance(subject, self.bnode):
            return self.label(subject)
        return _iri(str(subject), self.ntriples)


def write_triples(
    triples: Iterable[tuple[Term, Term, Term]],
    out: TextIO,
    ntriples: bool = False,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write rdflib ``triples`` to ``out`` as Turtle with the project's prefixes (a blank line
    after each subject, its properties grouped, a blank node used once inline) or as
    N-Triples; the number of (distinct) triples written. ``progress(done, total)`` follows the
    subjects written."""
    grouped = _Grouped(triples, ntriples)
    writer = TripleWriter(out, ntriples, spaced=True)
    total = len(grouped.props)
    for done, (subject, pairs) in enumerate(grouped.subjects(), start=1):
        writer.subject(subject, pairs)
        if progress and done % 1000 == 0:
            progress(done, total)
    if progress:
        progress(total, total)
    return grouped.count


def _triples_csv(graph: Graph) -> str:
    from rdflib import Literal

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["subject", "predicate", "object", "language", "datatype"])
    for s, p, o in sorted(graph):
        lang = o.language if isinstance(o, Literal) else None
        dtype = o.datatype if isinstance(o, Literal) else None
        writer.writerow([csv_cell(str(v)) for v in (s, p, o, lang or "", dtype or "")])
    return out.getvalue()


def serialise(graph: Graph, fmt: str) -> str:
    """The graph as text in ``fmt``: turtle and nt through :func:`write_triples` (subjects in
    sorted order), jsonld through rdflib, csv one row per triple."""
    if fmt == "csv":
        return _triples_csv(graph)
    if fmt in ("turtle", "nt"):
        out = io.StringIO()
        write_triples(sorted(graph), out, ntriples=fmt == "nt")
        return out.getvalue()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph.serialize(format=RDF_EXPORTS[fmt])

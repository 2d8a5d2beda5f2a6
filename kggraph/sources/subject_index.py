"""The plain form of triples and the subject index every reader shares.

Triples are ``(subject, predicate, object)`` in plain Python: IRIs and blank nodes as ``str``
(blank nodes start with ``_:``), literals as :class:`Lit`. rdflib graphs go through
:func:`from_rdflib`; the fast parsers (:mod:`kggraph.sources.fastparse`) build the same form.
The index maps subject → predicate → objects (:data:`Props`); the functions below add to it
and read values out of it: IRIs, one literal by language, labels by language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from kggraph.model import namespaces

__all__ = [
    "DCTERMS",
    "KG",
    "ORG",
    "RDF",
    "RDFS",
    "SKOS",
    "TIME",
    "Index",
    "Lit",
    "Props",
    "Term",
    "Triple",
    "add_value",
    "all_lits",
    "first_iri",
    "from_rdflib",
    "index_triples",
    "iris",
    "langs",
    "lit",
    "objects",
    "one",
]


class Lit(NamedTuple):
    """A literal: its lexical form, language tag and datatype IRI."""

    value: str
    lang: str | None = None
    datatype: str | None = None


Term = str | Lit
Triple = tuple[str, str, Term]
Props = dict[str, "Term | list[Term]"]
"""A subject's predicates → their objects: one object as itself, several as a list in the
order given. (Most predicates have one object; a million one-item lists cost time and memory.)"""
Index = dict[str, Props]


class _Strings:
    """A vocabulary whose terms are plain IRI strings, each looked up once.

    rdflib's namespaces build a new term on every attribute access: fine for a few thousand
    triples, most of the time for a million memberships.
    """

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = str(getattr(self._namespace, name))
        setattr(self, name, value)
        return value


DCTERMS, KG, ORG, RDF, RDFS, SKOS, TIME = (
    _Strings(getattr(namespaces, name))
    for name in ("DCTERMS", "KG", "ORG", "RDF", "RDFS", "SKOS", "TIME")
)


def from_rdflib(graph) -> Iterable[Triple]:  # noqa: ANN001 - rdflib.Graph, imported lazily
    """Yield the triples of an rdflib graph in the plain form."""
    from rdflib import BNode, Literal

    def term(t) -> Term:  # noqa: ANN001
        if isinstance(t, Literal):
            return Lit(str(t), t.language, str(t.datatype) if t.datatype else None)
        if isinstance(t, BNode):
            return f"_:{t}"
        return str(t)

    for s, p, o in graph:
        yield term(s), str(p), term(o)


def index_triples(triples: Iterable[Triple]) -> tuple[Index, int]:
    """Subject → predicate → objects (see :data:`Props`), in the order given, each distinct
    triple once; and the number of distinct triples."""
    subjects: dict[str, Props] = {}
    count = 0
    for s, p, o in triples:
        props = subjects.get(s)
        if props is None:
            props = subjects[s] = {}
        count += add_value(props, p, o)
    return subjects, count


def add_value(props: Props, pred: str, obj: Term) -> bool:
    """Add ``obj`` to the objects of ``pred``; False if it is there already.

    >>> props = {}
    >>> add_value(props, "p", "a"), add_value(props, "p", "b"), add_value(props, "p", "a")
    (True, True, False)
    >>> props
    {'p': ['a', 'b']}
    """
    values = props.get(pred)
    if values is None:
        props[pred] = obj
    elif type(values) is list:
        if obj in values:
            return False
        values.append(obj)
    elif values == obj:
        return False
    else:
        props[pred] = [values, obj]
    return True


def objects(stored: Term | list[Term] | None) -> list[Term] | tuple[Term, ...]:
    """What a :data:`Props` entry holds, as a sequence of objects (none for ``None``).

    >>> objects("a"), objects(["a", "b"]), objects(None)
    (('a',), ['a', 'b'], ())
    """
    if stored is None:
        return ()
    return stored if type(stored) is list else (stored,)


def iris(props: Props, pred: str) -> tuple[str, ...]:
    values = props.get(pred)
    if type(values) is str:
        return (values,)
    return () if values is None else tuple([o for o in objects(values) if type(o) is str])


def one(props: Props, pred: str) -> str | None:
    values = props.get(pred)
    return values if type(values) is str else first_iri(values)


def first_iri(values: Term | list[Term] | None) -> str | None:
    """The IRI, or the first IRI of several objects; None if there is none."""
    if type(values) is str:
        return values
    for o in values if type(values) is list else ():
        if type(o) is str:
            return o
    return None


_LANG_RANK = {"": 0, "nb": 1, "en": 2}


def literals(props: Props, pred: str) -> list[Lit]:
    """The literals of ``pred``. Any tuple ``(value, lang, datatype)`` is one: :class:`Lit`
    names the fields, and a parser may hand over plain tuples (see
    :mod:`kggraph.sources.splitparse`).
    """
    values = props.get(pred)
    if values is None or type(values) is str:
        return []
    return [o for o in values if type(o) is not str] if type(values) is list else [values]


def lit(props: Props, pred: str) -> str | None:
    """The one literal of ``pred``; of several, the one without a language tag, else the
    Norwegian, else the English, else the least: the same whatever order the triples came in.
    """
    values = props.get(pred)
    if values is None or type(values) is str:
        return None
    if type(values) is not list:
        return values[0]
    values = [o for o in values if type(o) is not str]
    if len(values) < 2:
        return values[0][0] if values else None
    return min(values, key=lambda o: (_LANG_RANK.get(o[1] or "", 3), o[0]))[0]


def langs(props: Props, pred: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for value, lang, _ in literals(props, pred):
        out.setdefault(lang or "", value)
    return out


def all_lits(props: Props, pred: str) -> tuple[str, ...]:
    return tuple([o[0] for o in literals(props, pred)])

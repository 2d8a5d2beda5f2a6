"""Names in cells ↔ IRIs: the one resolver for organisations and structures, plus concepts,
citations, documents, shared instants, ids and predicates.

Import and export use the same :class:`Names`, so every name export writes is one that import
reads back to the same IRI: an abbreviation when it is unambiguous, else the id.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import BNode, URIRef

from kggraph.errors import KgError
from kggraph.model.names import Resolver
from kggraph.model.namespaces import (
    KG,
    KGD,
    KGGL,
    KGLEVEL,
    KGROLE,
    KGSTEP,
    KGTHEME,
    KGVAL,
    PREFIXES,
    RDF,
    RDFS,
)
from kggraph.sources.tables.cells import CellError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node as Term

__all__ = ["CONCEPT_KINDS", "Names"]

#: Concept references: the kind a column names → the scheme, and whether export writes the
#: concept's Norwegian label (themes have no notation) instead of its notation.
CONCEPT_KINDS: dict[str, tuple[URIRef, bool]] = {
    "role": (KGROLE.scheme, False),
    "level": (KGLEVEL.scheme, False),
    "value": (KGVAL.scheme, False),
    "step": (KGSTEP.scheme, False),
    "theme": (KGTHEME.scheme, True),
    "guideline": (KGGL.scheme, False),
}
_CLASS_FAMILIES = {"organisation-type": "organisation", "structure-type": "structure"}
_ID_CHARS = re.compile(r"^[^\s<>\"{}|\\^`;]+$")


def _prefixed(iri: str) -> str | None:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and _ID_CHARS.match(iri[len(ns) :] or "-"):
            return f"{prefix}:{iri[len(ns) :]}"
    return None


def explicit_iri(text: str) -> URIRef | None:
    """``<https://…>``, ``https://…`` or ``kgd:KD`` (a known prefix) as an IRI, else None."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.match(r"^https?://\S+$", text):
        return URIRef(text)
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and local and _ID_CHARS.match(local):
        return URIRef(PREFIXES[prefix] + local)
    return None


def iri_text(iri: str) -> str:
    """An IRI as a cell writes it: ``kgd:KD`` for a known prefix, else ``<…>``."""
    return _prefixed(iri) or f"<{iri}>"


class Names:
    """Every name a table may use, known from a graph (context) and from the rows imported."""

    def __init__(self) -> None:
        self._entities: dict[str, list[str]] = defaultdict(list)
        self._citations: dict[str, str | None] = {}
        self._documents: dict[str, str | None] = {}
        self._concepts: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self._concept_written: dict[str, str] = {}
        self._classes: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self._instants: set[str] = set()
        self._blanks: dict[str, BNode] = {}
        self._blank_names: dict[BNode, str] = {}
        self._resolvers: dict[str, Resolver] = {}
        self._theme_schemes: set[str] = {str(KGTHEME.scheme)}
        self.lookup = lru_cache(maxsize=None)(self._lookup)
        self.name_of = lru_cache(maxsize=None)(self._name_of)

    @classmethod
    def empty(cls) -> Names:
        """Names that know nothing (for doctests and syntax checks)."""
        return cls()

    @classmethod
    def from_graph(cls, graph: Graph) -> Names:
        """The names a graph (ontology + data) defines."""
        from kggraph.sources.extract import extract
        from kggraph.sources.subject_index import from_rdflib

        names = cls()
        model = extract(from_rdflib(graph))
        for iri, e in model.entities.items():
            names.add_entity(iri, [e.notation, *e.labels.values(), *e.alt_labels])
        for iri, c in model.citations.items():
            names.add_citation(iri, c.label)
        by_label = {str(s) for s, use_label in CONCEPT_KINDS.values() if use_label}
        for iri, c in model.concepts.items():
            written = c.labels.get("nb", c.notation) if c.scheme in by_label else c.notation
            names.add_concept(
                c.scheme, iri, [c.notation, *c.labels.values(), *c.alt_labels], written
            )
        for doc in graph.subjects(RDF.type, KG.SourceDocument):
            names.add_document(str(doc), _label(graph, doc))
        for instant in graph.subjects(RDF.type, URIRef("http://www.w3.org/2006/time#Instant")):
            if isinstance(instant, URIRef):
                names.add_instant(str(instant))
        for scheme in graph.objects(None, KG.themeScheme):
            names.add_theme_scheme(str(scheme))
        names._add_classes(graph)
        return names

    # ------------------------------------------------------------ registering

    def add_entity(self, iri: str, aliases: Iterable[str]) -> None:
        """An organisation or structure and every name it answers to."""
        self._entities[iri].extend(a for a in aliases if a)
        self._changed()

    def add_citation(self, iri: str, label: str | None) -> None:
        """A citation (known by its id, and by its label where that is unique)."""
        self._citations[iri] = label
        self._changed()

    def add_document(self, iri: str, label: str | None) -> None:
        """A source document (known by its label, e.g. '002', or its id)."""
        self._documents[iri] = label
        self._changed()

    def add_instant(self, iri: str) -> None:
        """A shared, named instant (``[t-Klima-start]`` in a date cell)."""
        self._instants.add(iri)

    def add_concept(self, scheme: str | None, iri: str, aliases: list[str], written: str) -> None:
        """A concept of a scheme, known by its notation and labels; ``written`` is how export
        names it."""
        if scheme is None:
            return
        self._concepts[scheme][iri] = aliases
        self._concept_written[iri] = written
        self._changed()

    def add_theme_scheme(self, iri: str) -> None:
        """A concept scheme whose concepts are themes (a data set's kg:themeScheme)."""
        self._theme_schemes.add(iri)
        self._changed()

    def _add_classes(self, graph: Graph) -> None:
        structure = {str(c) for c in graph.transitive_subjects(RDFS.subClassOf, KG.Structure)}
        for cls in graph.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")):
            iri = str(cls)
            if not iri.startswith(str(KG._NS)):
                continue
            family = "structure" if iri in structure else None
            if iri in {str(KG.Ministry), str(KG.Agency), str(KG.OtherOrganisation)}:
                family = "organisation"
            if family:
                labels = [str(label) for label in graph.objects(cls, RDFS.label)]
                self._classes[family][iri] = [iri.rsplit("#", 1)[-1], *labels]
        self._changed()

    def _changed(self) -> None:
        self._resolvers.clear()
        if hasattr(self, "lookup"):
            self.lookup.cache_clear()
            self.name_of.cache_clear()

    # ------------------------------------------------------------ resolvers

    def _resolver(self, kind: str) -> Resolver:
        if kind not in self._resolvers:
            self._resolvers[kind] = self._build(kind)
        return self._resolvers[kind]

    def _build(self, kind: str) -> Resolver:
        if kind == "entity":
            return Resolver(
                {i: [*a, i.rsplit("/", 1)[-1]] for i, a in self._entities.items()},
                kind="organisation or structure",
            )
        if kind == "citation":
            return Resolver(
                {
                    i: [_local(i), *([label] if label else [])]
                    for i, label in self._citations.items()
                },
                kind="source",
            )
        if kind == "document":
            return Resolver(
                {
                    i: [_local(i), *([label] if label else [])]
                    for i, label in self._documents.items()
                },
                kind="document",
            )
        if kind == "theme":
            themes = {}
            for scheme in sorted(self._theme_schemes):
                themes.update(self._concepts.get(scheme, {}))
            return Resolver(themes, kind=kind)
        if kind in CONCEPT_KINDS:
            scheme = str(CONCEPT_KINDS[kind][0])
            return Resolver(self._concepts.get(scheme, {}), kind=kind)
        if kind in _CLASS_FAMILIES:
            return Resolver(self._classes.get(_CLASS_FAMILIES[kind], {}), kind="type")
        raise ValueError(f"unknown kind of name: {kind}")

    def _lookup(self, kind: str, text: str) -> URIRef | BNode:
        if kind == "id":
            return self.node(text)
        iri = explicit_iri(text)
        if iri is not None:
            return iri
        try:
            return URIRef(self._resolver(kind).resolve(text))
        except KgError as err:
            raise CellError(str(err)) from None

    def _name_of(self, kind: str, iri: URIRef) -> str:
        """How a cell names ``iri``: a name that resolves back to it, else its id (as
        ``name_of``, remembered until the names change)."""
        if kind == "id":
            return self.node_name(iri)
        resolver = self._resolver(kind)
        for candidate in self._preferred(kind, str(iri)):
            if candidate and resolver.candidates(candidate) == {str(iri)}:
                return candidate
        return iri_text(str(iri))

    def _preferred(self, kind: str, iri: str) -> list[str]:
        if kind == "entity":
            names = self._entities.get(iri, [])
            return [names[0] if names else "", _local(iri)]
        if kind == "citation":
            return [_local(iri)]
        if kind == "document":
            return [self._documents.get(iri) or "", _local(iri)]
        if kind in CONCEPT_KINDS:
            return [self._concept_written.get(iri, ""), _local(iri)]
        return [_local(iri)]

    def instant(self, text: str) -> URIRef:
        """The IRI of a shared instant id (``t-Klima-start`` → ``kgd:t-Klima-start``)."""
        iri = explicit_iri(text) or (URIRef(KGD[text]) if _ID_CHARS.match(text) else None)
        if iri is None:
            raise CellError(f"'{text}' is not an id")
        return iri

    def instant_name(self, iri: URIRef) -> str:
        """How a date cell writes a shared instant's id."""
        local = str(iri)[len(str(KGD)) :] if str(iri).startswith(str(KGD)) else None
        return (
            local if local and _ID_CHARS.match(local) and ":" not in local else iri_text(str(iri))
        )

    def is_instant(self, iri: str) -> bool:
        """Whether ``iri`` is a known shared instant."""
        return iri in self._instants

    # ------------------------------------------------------------ ids and predicates

    def node(self, text: str) -> URIRef | BNode:
        """An id cell: ``KD`` (→ ``kgd:KD``), ``kgd:KD``, ``<https://…>``, or ``_:x`` (blank)."""
        text = text.strip()
        if text.startswith("_:"):
            if text not in self._blanks:
                self._blanks[text] = BNode()
                self._blank_names[self._blanks[text]] = text
            return self._blanks[text]
        iri = explicit_iri(text)
        if iri is not None:
            return iri
        if not _ID_CHARS.match(text) or ":" in text:
            raise CellError(f"'{text}' is not an id: no spaces, ';' or ':' (or write kgd:…/<…>)")
        return URIRef(KGD[text])

    def node_name(self, term: Term) -> str:
        """How an id cell writes a node (blank nodes get ``_:bN`` labels, one per node)."""
        if isinstance(term, BNode):
            if term not in self._blank_names:
                label = f"_:b{len(self._blank_names) + 1}"
                self._blank_names[term] = label
                self._blanks[label] = term
            return self._blank_names[term]
        iri = str(term)
        if iri.startswith(str(KGD)):
            local = iri[len(str(KGD)) :]
            if local and _ID_CHARS.match(local) and ":" not in local:
                return local
        return iri_text(iri)

    def predicate(self, text: str) -> URIRef:
        """A predicate written ``prefix:name`` or ``<…>``."""
        iri = explicit_iri(text)
        if iri is None:
            raise CellError(f"'{text}' is not a predicate (write e.g. rdfs:comment or <https://…>)")
        return iri

    def knows(self, kind: str, iri: Term) -> bool:
        """Whether ``iri`` is a class of a type family (organisation-type, structure-type)."""
        return str(iri) in self._classes.get(_CLASS_FAMILIES.get(kind, ""), {})

    def entity_iris(self) -> set[str]:
        """Every organisation and structure known."""
        return set(self._entities)


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _label(graph: Graph, node: Term) -> str | None:
    labels = sorted(str(o) for o in graph.objects(node, RDFS.label))
    return labels[0] if labels else None

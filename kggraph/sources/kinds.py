"""What kind of thing each subject is: its stated classes, the subjects of each class, and the
most specific kggraph class of an organisation or structure (through ``rdfs:subClassOf``).

The ontology and the data are read together, so a class's ancestors come from the same
subject index the records do.
"""

from __future__ import annotations

from collections import defaultdict

from kggraph.model import namespaces
from kggraph.sources.subject_index import ORG, RDF, RDFS, Props, Term, iris, objects

__all__ = ["Kinds"]

_KG = str(namespaces.KG._NS)
_ORG_ROOTS = {
    str(ORG.Organization),
    str(ORG.FormalOrganization),
    str(ORG.OrganizationalCollaboration),
    str(ORG.OrganizationalUnit),
}


class Kinds:
    """The classes of the subjects of an index, and the kggraph class of each organisation or
    structure."""

    def __init__(self, subjects: dict[str, Props]) -> None:
        self.s = subjects
        self.types, self.typed = self._typed()
        self.parents = self._class_parents()
        self._known_ancestors: dict[str, set[str]] = {}
        self._entity_classes: dict[tuple[Term, ...], str | None] = {}

    def _typed(self) -> tuple[dict[str, tuple[Term, ...]], dict[Term, list[str]]]:
        """The classes of each typed subject, as stated, and the subjects of each class in
        subject order: one pass, so each kind of record reads only its own subjects."""
        types: dict[str, tuple[Term, ...]] = {}
        typed: dict[Term, list[str]] = defaultdict(list)
        rdf_type = RDF.type
        for s, props in self.s.items():
            values = props.get(rdf_type)
            if values is not None:
                classes = types[s] = tuple(objects(values))
                for c in classes:
                    typed[c].append(s)
        return types, typed

    def _class_parents(self) -> dict[str, set[str]]:
        parents: dict[str, set[str]] = defaultdict(set)
        sub_class_of = RDFS.subClassOf
        for s, props in self.s.items():
            if sub_class_of in props:
                parents[s].update(iris(props, sub_class_of))
        return parents

    def _ancestors(self, cls: str) -> set[str]:
        known = self._known_ancestors.get(cls)
        if known is not None:
            return known
        seen: set[str] = set()
        todo = [cls]
        while todo:
            c = todo.pop()
            for p in self.parents.get(c, ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        self._known_ancestors[cls] = seen
        return seen

    def entity_class(self, classes: tuple[Term, ...]) -> str | None:
        """The most specific kggraph class of an organisation or structure with these
        classes; None for anything else. Worked out once per combination of classes."""
        try:
            return self._entity_classes[classes]
        except KeyError:
            named = frozenset([c for c in classes if type(c) is str])
            cls = self._most_specific(named) if self._is_org(named) else None
            self._entity_classes[classes] = cls
            return cls

    def _most_specific(self, classes: frozenset[str]) -> str | None:
        own = {c for c in classes if c.startswith(_KG)}
        for c in own:
            if not any(c in self._ancestors(o) for o in own if o != c):
                return c
        return None

    def _is_org(self, classes: frozenset[str]) -> bool:
        return any(c in _ORG_ROOTS or self._ancestors(c) & _ORG_ROOTS for c in classes)

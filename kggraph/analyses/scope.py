"""What a diff or a history looks at: the whole graph, or some structures and organisations.

A named structure brings its secretariat with it (who sits in the secretariat is part of the
structure's story) and the lives of its direct parts (a contact group started, a working group
ended); a named organisation brings its own memberships, wherever they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kggraph.analyses.findings import Finding
from kggraph.model.records import Membership, Model

__all__ = ["Scope"]


@dataclass(frozen=True)
class Scope:
    """The IRIs a comparison covers; ``whole`` for the whole graph.

    ``structures`` are the structures whose memberships and lead are followed, ``organisations``
    the organisations whose memberships are followed, ``parts`` the entities whose start and end
    count, ``notations`` the short names findings are matched on.
    """

    whole: bool
    structures: frozenset[str]
    organisations: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()
    notations: frozenset[str] = frozenset()

    @classmethod
    def everything(cls, model: Model) -> Scope:
        """The whole graph."""
        structures = frozenset(i for i, e in model.entities.items() if not e.is_organisation)
        return cls(True, structures, parts=frozenset(model.entities))

    @classmethod
    def of(cls, model: Model, iris: Iterable[str]) -> Scope:
        """The named structures (with their secretariats and parts) and organisations."""
        named = set(iris)
        organisations = {i for i in named if model.entities[i].is_organisation}
        structures = named - organisations
        parts = {p for s in structures for p in model.parts_of.get(s, [])}
        secretariats = {p for p in parts if model.entities[p].type == "Secretariat"}
        notations = {model.entities[i].notation for i in named | secretariats}
        return cls(
            False,
            frozenset(structures | secretariats),
            frozenset(organisations),
            frozenset(named | parts),
            frozenset(notations),
        )

    def covers(self, m: Membership) -> bool:
        """Whether a membership is followed."""
        return m.organization in self.structures or m.member in self.organisations

    def memberships(self, model: Model) -> Iterator[Membership]:
        """The memberships followed."""
        return (m for m in model.memberships if self.covers(m))

    def touches(self, iris: Iterable[str]) -> bool:
        """Whether any of ``iris`` is named (always, for the whole graph)."""
        return self.whole or any(i in self.parts or i in self.structures for i in iris)

    def concerns_finding(self, f: Finding) -> bool:
        """Whether a finding is about something named (its subject or one of its related)."""
        return self.whole or f.subject in self.notations or bool(self.notations & set(f.related))

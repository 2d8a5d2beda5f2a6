"""Why a pair is never duplication under 2.4: one replaces, continues or steers the other, or is
a part of it. A core group is meant to *replace* structures, so these pairs are exempt whatever
their score (:mod:`kggraph.analyses.checks.duplication`)."""

from __future__ import annotations

from dataclasses import dataclass

from kggraph.model.records import Model

__all__ = ["Link", "link_between"]

_LINKS = (("replaces", "replaces"), ("predecessors", "predecessor"), ("steers", "steers"))


@dataclass(frozen=True)
class Link:
    """Why a pair is not duplication: ``source`` (an IRI) ``kind`` ``target``.

    ``kind`` is ``part_of``, ``replaces``, ``predecessor`` or ``steers``.
    """

    kind: str
    source: str
    target: str


def _kin(model: Model, iri: str) -> set[str]:
    """A structure, all its wholes and all its parts (at any depth, whatever their dates)."""
    kin = {iri}
    todo = [iri]
    while todo:
        e = model.entities.get(todo.pop())
        for nxt in [*(e.part_of if e else ()), *model.parts_of.get(e.iri if e else "", [])]:
            if nxt not in kin and nxt in model.entities:
                kin.add(nxt)
                todo.append(nxt)
    return kin


def link_between(
    model: Model, a: str, b: str, kin: dict[str, set[str]] | None = None
) -> Link | None:
    """The link that makes ``a`` and ``b`` not a duplication, or None.

    ``kin`` caches each structure's wholes and parts across many calls.

    >>> from kggraph.sources.load import load_model  # doctest: +SKIP
    >>> link_between(load_model(), KGD.VA, KGD["VA-forum"]).kind  # doctest: +SKIP
    'replaces'
    """
    a, b = str(a), str(b)
    kin = {} if kin is None else kin
    for x in (a, b):
        if x not in kin:
            kin[x] = _kin(model, x)
    kin_a, kin_b = kin[a], kin[b]
    if b in kin_a:
        return Link("part_of", a, b)
    for mine, theirs in ((kin_a, kin_b), (kin_b, kin_a)):
        for x in sorted(mine):
            e = model.entities[x]
            for attr, kind in _LINKS:
                hit = sorted(set(getattr(e, attr)) & theirs)
                if hit:
                    return Link(kind, x, hit[0])
    return None

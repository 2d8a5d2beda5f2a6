"""What changed between two dates: memberships, roles, levels, leads, structures, reorganisations.

:func:`diff` compares the graph on two dates and returns one
:class:`~kggraph.analyses.change.Change` per difference, each with the date it happened as the
sources give it (an unknown date keeps its bounds) and the citations it rests on; :func:`compare`
adds the findings that changed (:mod:`kggraph.analyses.finding_changes`). Both are pure: the
caller loads the model and runs the checks.

A membership that only *looks* different because one source is silent is no change: a level
that is unknown (or disputed between sources) on either date is not compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date

from kggraph.analyses.change import NO_LEVEL, WORDS, Change, within
from kggraph.analyses.finding_changes import finding_changes, silent_level
from kggraph.analyses.findings import Finding
from kggraph.analyses.reorganisations import event_changes
from kggraph.analyses.scope import Scope
from kggraph.model.dates import Instant
from kggraph.model.namespaces import KGLEVEL, KGROLE
from kggraph.model.records import Membership, Model

__all__ = ["compare", "diff", "rejoined"]


def compare(
    model: Model,
    first: date,
    last: date,
    scope: Scope,
    findings_at: Callable[[date], list[Finding]] | None = None,
    lang: str = "nb",
) -> list[Change]:
    """:func:`diff`, and with ``findings_at`` (the checks on a date) :func:`finding_changes`."""
    found = diff(model, first, last, scope, lang)
    if findings_at is not None:
        before, after = findings_at(first), findings_at(last)
        silent = silent_level(model, first, last)
        found += finding_changes(before, after, scope, lang, ignore=silent)
    return sorted(found, key=Change.sort_key)


def diff(model: Model, first: date, last: date, scope: Scope, lang: str = "nb") -> list[Change]:
    """Every change in ``scope`` between the graph on ``first`` and on ``last``, sorted."""
    found = [
        *_entity_changes(model, first, last, scope, lang),
        *_membership_changes(model, first, last, scope, lang),
        *_lead_changes(model, first, last, scope, lang),
        *event_changes(model, first, last, scope, lang),
    ]
    # a seat a reorganisation moved is told once, as moved, not as one leaving and one joining
    moved = {r for c in found if c.kind == "moved" for r in c.records}
    found = [c for c in found if not (c.kind in ("joined", "left") and c.records[0] in moved)]
    return sorted(found, key=Change.sort_key)


def _entity_changes(
    model: Model, first: date, last: date, scope: Scope, lang: str
) -> Iterator[Change]:
    """Structures and organisations that started or ended, and mandates set, in between."""
    words = WORDS[lang]
    for iri in sorted(scope.parts):
        e = model.entities[iri]
        sources = tuple(model.source_labels(e.sources))
        was, now = e.active.contains(first), e.active.contains(last)
        if now and not was:
            gone = [model.entities[r].notation for r in e.replaces if r in model.entities]
            text = (words["replaces"] if gone else words["started"]).format(
                s=e.notation, a=", ".join(gone)
            )
            yield Change("started", e.notation, text, e.active.start, sources=sources)
        elif was and not now:
            text = words["ended"].format(s=e.notation)
            yield Change("ended", e.notation, text, e.active.end, sources=sources)
        mandate = e.mandate
        if mandate and mandate.date and within(mandate.date.effective(), first, last):
            text = words["mandate"].format(s=e.notation)
            cited = tuple(model.source_labels(mandate.sources))
            yield Change("mandate", e.notation, text, mandate.date, sources=cited)


def _membership_changes(
    model: Model, first: date, last: date, scope: Scope, lang: str
) -> Iterator[Change]:
    """Joined, left, and changes of role or level, pair by pair (member, structure)."""
    pairs: dict[tuple[str, str], list[Membership]] = defaultdict(list)
    for m in scope.memberships(model):
        pairs[m.member, m.organization].append(m)
    for _pair, found in sorted(pairs.items()):
        before = [m for m in found if model.holds(m, first)]
        after = [m for m in found if model.holds(m, last)]
        yield from _pair_changes(model, before, after, lang)


def _pair_changes(
    model: Model, before: list[Membership], after: list[Membership], lang: str
) -> Iterator[Change]:
    if not before or not after:
        for m in after:
            yield _presence(model, m, "joined", _begins(model, m), lang)
        for m in before:
            yield _presence(model, m, "left", _ends(model, m), lang)
        return
    old, new = {m.role: m for m in before}, {m.role: m for m in after}
    if old.keys() != new.keys():
        a, b = (", ".join(sorted(roles)) for roles in (old, new))
        yield _transition(model, "role", before[0], after[0], a, b, lang)
    for role in sorted(old.keys() & new.keys()):
        was, now = old[role], new[role]
        if was.level != now.level and not {was.level, now.level} & NO_LEVEL:
            yield _transition(model, "level", was, now, was.level, now.level, lang)


def _labels(model: Model, m: Membership, lang: str) -> tuple[str, str]:
    return (
        model.concept_label(m.role, str(KGROLE), lang),
        model.concept_label(m.level, str(KGLEVEL), lang),
    )


def _presence(model: Model, m: Membership, kind: str, when: Instant | None, lang: str) -> Change:
    day = when.effective() if when else None  # names as they were then (OED before 2024)
    member, structure = (model.entities[i].notation_on(day) for i in (m.member, m.organization))
    role, level = _labels(model, m, lang)
    text = WORDS[lang][kind].format(m=member, s=structure, role=role, level=level)
    return Change(
        kind,
        structure,
        text,
        when,
        member=member,
        before=None if kind == "joined" else m.role,
        after=m.role if kind == "joined" else None,
        sources=tuple(model.source_labels(m.sources)),
        records=(m.iri,),
    )


def rejoined(model: Model, left: Change, joined: Change, lang: str = "nb") -> Change | None:
    """A member that left a structure and later joined it again in the same role, at another
    known level: one change of level (None when that is not what the two say)."""
    was, now = (model.membership(c.records[0]) for c in (left, joined))
    if (
        (left.kind, joined.kind) != ("left", "joined")
        or (was.member, was.organization, was.role) != (now.member, now.organization, now.role)
        or was.level == now.level
        or {was.level, now.level} & NO_LEVEL
    ):
        return None
    return _transition(model, "level", was, now, was.level, now.level, lang)


def _transition(
    model: Model, kind: str, was: Membership, now: Membership, a: str, b: str, lang: str
) -> Change:
    member, structure = model.entities[now.member], model.entities[now.organization]
    if kind == "level":
        shown = (model.concept_label(x, str(KGLEVEL), lang) for x in (a, b))
    else:
        shown = (
            ", ".join(model.concept_label(r, str(KGROLE), lang) for r in x.split(", "))
            for x in (a, b)
        )
    la, lb = shown
    text = WORDS[lang][kind].format(m=member.notation, s=structure.notation, a=la, b=lb)
    return Change(
        kind,
        structure.notation,
        text,
        _between(was.during.end, now.during.start),
        member=member.notation,
        before=a,
        after=b,
        sources=tuple(model.source_labels(was.sources + now.sources)),
        records=(was.iri, now.iri),
    )


def _between(end: Instant | None, start: Instant | None) -> Instant | None:
    """When a state that ended at ``end`` gave way to one that began at ``start``.

    The new state's start when the sources give it; else the range from the earliest the old
    one can have ended to the latest the new one can have begun.
    """
    if start is not None and start.known:
        return start
    first = end.span()[0] if end is not None else None
    last = start.not_after if start is not None else None
    return Instant(None, "unknown", first, last)


def _begins(model: Model, m: Membership) -> Instant | None:
    """When a membership began to hold: the latest of its own start and its two sides' starts."""
    starts = [m.during.start, model.entities[m.member].active.start]
    starts.append(model.entities[m.organization].active.start)
    dated = [s for s in starts if s is not None and s.effective() is not None]
    return max(dated, key=lambda s: s.effective()) if dated else None


def _ends(model: Model, m: Membership) -> Instant | None:
    """When a membership stopped holding: the earliest of its own end and its two sides' ends."""
    ends = [m.during.end, model.entities[m.member].active.end]
    ends.append(model.entities[m.organization].active.end)
    dated = [e for e in ends if e is not None and e.effective() is not None]
    return min(dated, key=lambda e: e.effective()) if dated else None


def _lead_changes(
    model: Model, first: date, last: date, scope: Scope, lang: str
) -> Iterator[Change]:
    """A structure active on both dates whose lead is someone else on the second."""
    for iri in sorted(scope.structures):
        e = model.entities[iri]
        if not (e.active.contains(first) and e.active.contains(last)):
            continue
        old, new = (_leads(model, iri, day) for day in (first, last))
        a, b = (
            ", ".join(sorted(model.entities[m.member].notation for m in ms)) for ms in (old, new)
        )
        if a == b or not (old and new):  # a lead attested on one date only: joined/left say it
            continue
        text = WORDS[lang]["lead"].format(s=e.notation, a=a, b=b)
        when = _between(old[0].during.end, new[0].during.start)
        cited = tuple(model.source_labels(tuple(s for m in old + new for s in m.sources)))
        yield Change("lead", e.notation, text, when, before=a, after=b, sources=cited)


def _leads(model: Model, iri: str, day: date) -> list[Membership]:
    return [
        m for m in model.memberships_in.get(iri, []) if m.role == "lead" and model.holds(m, day)
    ]

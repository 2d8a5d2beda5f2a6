"""Reorganisations dated between two dates (the KDD split, OED → ED), and the seats they moved
from one ministry to another (Kompetanse's lead: KDD → DFD)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from kggraph.analyses.change import WORDS, Change, within
from kggraph.analyses.scope import Scope
from kggraph.model.dates import Instant
from kggraph.model.namespaces import KGROLE
from kggraph.model.records import ChangeEvent, Membership, Model

__all__ = ["event_changes"]


def event_changes(
    model: Model, first: date, last: date, scope: Scope, lang: str
) -> Iterator[Change]:
    """Reorganisations dated in between, and the places they moved from one ministry to another."""
    for event in sorted(model.events, key=lambda ev: (ev.when or date.min, ev.iri)):
        if not within(event.when, first, last):
            continue
        named = scope.touches(event.original + event.resulting)
        moved = [
            c
            for c in _moved(model, event, lang)
            if named or scope.covers(model.membership(c.records[-1]))
        ]
        if not (moved or named):
            continue
        yield _event_change(model, event, lang)
        yield from moved


def _notations(model: Model, iris: Iterable[str], when: date | None = None) -> str:
    """The organisations' short names (on ``when``, if given: OED the day before 2024)."""
    return ", ".join(model.entities[i].notation_on(when) for i in iris if i in model.entities)


def _event_change(model: Model, event: ChangeEvent, lang: str) -> Change:
    """A reorganisation (OED → ED, KDD → KDD, DFD), told under the organisations it started
    from."""
    before = _notations(model, event.original, event.when - timedelta(days=1))
    after = _notations(model, event.resulting, event.when)
    kind = "renamed" if set(event.original) == set(event.resulting) else "reorganised"
    label = event.labels.get(lang) or event.labels.get("nb") or event.iri
    return Change(
        kind,
        _notations(model, event.original),
        label,
        Instant(event.when),
        before=before,
        after=after,
        sources=tuple(model.source_labels(event.sources)),
    )


def _moved(model: Model, event: ChangeEvent, lang: str) -> Iterator[Change]:
    """A role an original organisation held up to the event that a resulting one took on it."""
    eve, day = event.when - timedelta(days=1), event.when
    gone = [m for m in _held(model, event.original, eve) if not model.holds(m, day)]
    for old in gone:
        for new in model.memberships_in.get(old.organization, []):
            if (
                new.member in event.resulting
                and new.member != old.member
                and new.role == old.role
                and model.holds(new, day)
                and not model.holds(new, eve)
            ):
                yield _move(model, event, old, new, lang)


def _held(model: Model, organisations: tuple[str, ...], day: date) -> list[Membership]:
    found = (m for o in organisations for m in model.memberships_of.get(o, []))
    return [m for m in found if model.holds(m, day)]


def _move(model: Model, event: ChangeEvent, old: Membership, new: Membership, lang: str) -> Change:
    structure = model.entities[old.organization]
    a, b = model.entities[old.member].notation, model.entities[new.member].notation
    role = model.concept_label(old.role, str(KGROLE), lang)
    label = event.labels.get(lang) or event.labels.get("nb") or event.iri
    text = WORDS[lang]["moved"].format(s=structure.notation, role=role, a=a, b=b, event=label)
    return Change(
        "moved",
        _notations(model, event.original),
        text,
        new.during.start,
        member=b,
        before=a,
        after=b,
        sources=tuple(model.source_labels(old.sources + new.sources + event.sources)),
        records=(old.iri, new.iri),
    )

"""What changed between two dates: memberships, roles, levels, leads, structures, reorganisations.

:func:`diff` compares the graph on two dates and returns one :class:`Change` per difference,
each with the date it happened as the sources give it (an unknown date keeps its bounds) and
the citations it rests on. :func:`finding_changes` compares the findings of the checks run on
the two dates. Both are pure: the caller loads the model and runs the checks.

A membership that only *looks* different because one source is silent is no change: a level
that is unknown (or disputed between sources) on either date is not compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from kggraph.analyses.findings import Finding
from kggraph.analyses.scope import Scope
from kggraph.model.dates import Instant, edtf
from kggraph.model.namespaces import KGLEVEL, KGROLE
from kggraph.model.records import ChangeEvent, Membership, Model

__all__ = [
    "CHANGE_COLUMNS",
    "KINDS",
    "Change",
    "compare",
    "diff",
    "finding_changes",
    "rejoined",
    "when_text",
]

KINDS = (
    "started",
    "ended",
    "reorganised",
    "renamed",
    "moved",
    "lead",
    "joined",
    "left",
    "role",
    "level",
    "mandate",
    "finding-new",
    "finding-gone",
    "finding-severity",
)
CHANGE_COLUMNS = ["kind", "subject", "member", "before", "after", "when", "change", "source"]
_NO_LEVEL = frozenset({"unknown", "disputed"})  # a silent or split source: nothing to compare

_WORDS = {
    "nb": {
        "joined": "{m} ble med i {s} ({role}, {level})",
        "left": "{m} gikk ut av {s} ({role}, {level})",
        "role": "{m} i {s}: rolle {a} → {b}",
        "level": "{m} i {s}: nivå {a} → {b}",
        "lead": "{s}: ledelsen gikk fra {a} til {b}",
        "started": "{s} startet",
        "ended": "{s} ble avsluttet",
        "replaces": "{s} startet og erstatter {a}",
        "mandate": "{s} fikk mandat",
        "moved": "{s}: {role} gikk fra {a} til {b} ({event})",
        "finding-new": "nytt funn {rule} ({sev}): {msg}",
        "finding-gone": "funnet {rule} ({sev}) gjelder ikke lenger: {msg}",
        "finding-severity": "funnet {rule}: {a} → {b}: {msg}",
        "error": "feil",
        "warning": "advarsel",
        "info": "info",
        "between": "mellom {a} og {b}",
        "by": "senest {b}",
        "after": "etter {a}",
        "unknown": "ukjent",
    },
    "en": {
        "joined": "{m} joined {s} ({role}, {level})",
        "left": "{m} left {s} ({role}, {level})",
        "role": "{m} in {s}: role {a} → {b}",
        "level": "{m} in {s}: level {a} → {b}",
        "lead": "{s}: the lead moved from {a} to {b}",
        "started": "{s} started",
        "ended": "{s} ended",
        "replaces": "{s} started, replacing {a}",
        "mandate": "{s} got a mandate",
        "moved": "{s}: {role} moved from {a} to {b} ({event})",
        "finding-new": "new finding {rule} ({sev}): {msg}",
        "finding-gone": "finding {rule} ({sev}) no longer holds: {msg}",
        "finding-severity": "finding {rule}: {a} → {b}: {msg}",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "between": "between {a} and {b}",
        "by": "by {b}",
        "after": "after {a}",
        "unknown": "unknown",
    },
}


@dataclass(frozen=True)
class Change:
    """One difference between two dates.

    ``subject`` is the structure (or organisation) it is about, ``member`` the organisation
    whose part changed, ``before``/``after`` the old and new value, ``when`` the date it
    happened as the sources give it (None: not dated), ``text`` one line in the user's
    language and ``sources`` the citations ('002 §3.2.2'); ``records`` are the IRIs of the
    memberships a membership change rests on.
    """

    kind: str
    subject: str
    text: str
    when: Instant | None = None
    member: str | None = None
    before: str | None = None
    after: str | None = None
    sources: tuple[str, ...] = ()
    records: tuple[str, ...] = field(default=(), compare=False)

    def as_row(self, lang: str = "nb") -> dict:
        """A flat dict with the keys of :data:`CHANGE_COLUMNS` (plus ``when_text``)."""
        return {
            "kind": self.kind,
            "subject": self.subject,
            "member": self.member,
            "before": self.before,
            "after": self.after,
            "when": edtf(self.when),
            "when_text": when_text(self.when, lang),
            "change": self.text,
            "source": "; ".join(self.sources),
        }

    def sort_key(self) -> tuple:
        """Structure by structure, then the order of :data:`KINDS`, then the member."""
        return (self.subject.casefold(), KINDS.index(self.kind), self.member or "", self.text)


def when_text(when: Instant | None, lang: str = "nb") -> str:
    """A change's date in words: the date at its precision, or 'between A and B' when unknown.

    >>> when_text(Instant(None, "unknown", date(2023, 9, 1), date(2023, 11, 30)), "en")
    'between 2023-09-01 and 2023-11-30'
    >>> when_text(Instant(None, "unknown", not_after=date(2024, 6, 14)), "en")
    'by 2024-06-14'
    """
    words = _WORDS[lang]
    if when is None:
        return ""
    if when.known:
        return when.describe(lang)
    a, b = (d.isoformat() if d else None for d in (when.not_before, when.not_after))
    if a and b:
        return words["between"].format(a=a, b=b)
    if b or a:
        return words["by" if b else "after"].format(a=a, b=b)
    return words["unknown"]


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
        silent = _silent_level(model, first, last)
        found += finding_changes(before, after, scope, lang, ignore=silent)
    return sorted(found, key=Change.sort_key)


def _silent_level(model: Model, first: date, last: date) -> Callable[[Finding], bool]:
    """Whether a finding stands only on a level the sources do not give (or disagree on) for
    a member that sat in the group on both dates: it comes and goes with a silent source, and
    an unknown level is no change (KDD in KUBU: 004 gives the level, 002 does not)."""
    by_notation = {e.notation: iri for iri, e in model.entities.items()}

    def sat_throughout(subject: str, member: str) -> bool:
        iri = by_notation.get(member)
        seats = [
            m for m in model.memberships_in.get(by_notation.get(subject, ""), []) if m.member == iri
        ]
        return any(model.holds(m, first) for m in seats) and any(
            model.holds(m, last) for m in seats
        )

    return lambda f: (
        f.details.get("level") in _NO_LEVEL and any(sat_throughout(f.subject, r) for r in f.related)
    )


def diff(model: Model, first: date, last: date, scope: Scope, lang: str = "nb") -> list[Change]:
    """Every change in ``scope`` between the graph on ``first`` and on ``last``, sorted."""
    found = [
        *_entity_changes(model, first, last, scope, lang),
        *_membership_changes(model, first, last, scope, lang),
        *_lead_changes(model, first, last, scope, lang),
        *_event_changes(model, first, last, scope, lang),
    ]
    # a seat a reorganisation moved is told once, as moved, not as one leaving and one joining
    moved = {r for c in found if c.kind == "moved" for r in c.records}
    found = [c for c in found if not (c.kind in ("joined", "left") and c.records[0] in moved)]
    return sorted(found, key=Change.sort_key)


def finding_changes(
    before: Iterable[Finding],
    after: Iterable[Finding],
    scope: Scope,
    lang: str = "nb",
    ignore: Callable[[Finding], bool] = lambda f: False,
) -> list[Change]:
    """Findings that appeared, went away or changed severity, matched by :meth:`Finding.key`;
    where ``ignore`` names the finding on either date, nothing changed."""
    old = {f.key(): f for f in before if scope.concerns_finding(f)}
    new = {f.key(): f for f in after if scope.concerns_finding(f)}
    out = []
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        if any(f is not None and ignore(f) for f in (was, now)):
            continue
        if was is not None and now is not None and was.severity == now.severity:
            continue
        kind = (
            "finding-new" if was is None else "finding-gone" if now is None else "finding-severity"
        )
        shown = now or was
        words = _WORDS[lang]
        text = words[kind].format(
            rule=shown.rule,
            sev=words[shown.severity],
            msg=shown.message,
            a=words[was.severity] if was else None,
            b=words[now.severity] if now else None,
        )
        sources = sorted({s for e in shown.evidence for s in e.source.split("; ") if s})
        out.append(
            Change(
                kind,
                shown.subject,
                text,
                member=", ".join(shown.related) or None,
                before=was.severity if was else None,
                after=now.severity if now else None,
                sources=tuple(sources),
            )
        )
    return out


def _entity_changes(
    model: Model, first: date, last: date, scope: Scope, lang: str
) -> Iterator[Change]:
    """Structures and organisations that started or ended, and mandates set, in between."""
    words = _WORDS[lang]
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
        if mandate and mandate.date and _within(mandate.date.effective(), first, last):
            text = words["mandate"].format(s=e.notation)
            cited = tuple(model.source_labels(mandate.sources))
            yield Change("mandate", e.notation, text, mandate.date, sources=cited)


def _within(day: date | None, first: date, last: date) -> bool:
    return day is not None and first < day <= last


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
        if was.level != now.level and not {was.level, now.level} & _NO_LEVEL:
            yield _transition(model, "level", was, now, was.level, now.level, lang)


def _labels(model: Model, m: Membership, lang: str) -> tuple[str, str]:
    return (
        model.concept_label(m.role, str(KGROLE), lang),
        model.concept_label(m.level, str(KGLEVEL), lang),
    )


def _presence(model: Model, m: Membership, kind: str, when: Instant | None, lang: str) -> Change:
    member, structure = model.entities[m.member], model.entities[m.organization]
    role, level = _labels(model, m, lang)
    text = _WORDS[lang][kind].format(
        m=member.notation, s=structure.notation, role=role, level=level
    )
    return Change(
        kind,
        structure.notation,
        text,
        when,
        member=member.notation,
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
        or {was.level, now.level} & _NO_LEVEL
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
    text = _WORDS[lang][kind].format(m=member.notation, s=structure.notation, a=la, b=lb)
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
        text = _WORDS[lang]["lead"].format(s=e.notation, a=a, b=b)
        when = _between(old[0].during.end, new[0].during.start)
        cited = tuple(model.source_labels(tuple(s for m in old + new for s in m.sources)))
        yield Change("lead", e.notation, text, when, before=a, after=b, sources=cited)


def _leads(model: Model, iri: str, day: date) -> list[Membership]:
    return [
        m for m in model.memberships_in.get(iri, []) if m.role == "lead" and model.holds(m, day)
    ]


def _event_changes(
    model: Model, first: date, last: date, scope: Scope, lang: str
) -> Iterator[Change]:
    """Reorganisations dated in between, and the places they moved from one ministry to another."""
    for event in sorted(model.events, key=lambda ev: (ev.when or date.min, ev.iri)):
        if not _within(event.when, first, last):
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


def _notations(model: Model, iris: Iterable[str]) -> str:
    return ", ".join(model.entities[i].notation for i in iris if i in model.entities)


def _names_on(model: Model, iris: Iterable[str], day: date) -> tuple[str, tuple[str, ...]]:
    """The short names the organisations had on ``day`` (a former name where one was valid
    then, OED before 2024), and the sources of the former names used."""
    names, sources = [], []
    for iri in iris:
        e = model.entities.get(iri)
        if e is None:
            continue
        old = [n for n in e.former_names if n.notation and n.valid.contains(day)]
        names.append(old[0].notation if old else e.notation)
        sources += [s for n in old[:1] for s in n.sources]
    return ", ".join(names), tuple(sources)


def _event_change(model: Model, event: ChangeEvent, lang: str) -> Change:
    """A reorganisation (OED → ED, KDD → KDD, DFD), told under the organisations it started
    from, with the names they had the day before and the day it took effect."""
    before, cited = _names_on(model, event.original, event.when - timedelta(days=1))
    after, _ = _names_on(model, event.resulting, event.when)
    kind = "renamed" if set(event.original) == set(event.resulting) else "reorganised"
    label = event.labels.get(lang) or event.labels.get("nb") or event.iri
    return Change(
        kind,
        _notations(model, event.original),
        label,
        Instant(event.when),
        before=before,
        after=after,
        sources=tuple(model.source_labels(event.sources + cited)),
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
    text = _WORDS[lang]["moved"].format(s=structure.notation, role=role, a=a, b=b, event=label)
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

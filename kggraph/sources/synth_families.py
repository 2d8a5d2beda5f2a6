"""Synthetic structures: a core group with its parts (a *family*), its members, mandate,
judgements and assignments, and what is planted in it for the checks (see
:mod:`kggraph.sources.synth`)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import timedelta

from .synth_plant import MIRRORED, PLANTED, plant
from .synth_rdf import Calendar, Pairs, When, coarse, local_iri, random_day, text, xsd_date
from .synth_state import (
    AGENCY_LEVELS,
    ANCHORING_GAP_EVERY,
    ASSIGNMENT_SHARE,
    DUPLICATE_EVERY,
    HUB_SHARE,
    LAST_END,
    LEVEL_GAP_EVERY,
    MINISTRY_LEVELS,
    REORGANISED_ON,
    SECRETARIAT_LEVELS,
    SPLIT_FROM,
    SPLIT_INTO,
    START_FIRST,
    START_LAST,
    STEERING_GAP_EVERY,
    SUB_BODIES,
    State,
)

__all__ = ["Families", "Family", "SynthReport"]

MANDATE_NB = "Kjernegruppen skal samordne departementenes arbeid med {} og {}."
MANDATE_EN = "The core group coordinates the ministries' work on {} and {}."


@dataclass
class SynthReport:
    """What :func:`kggraph.sources.synth.generate` wrote, and what it planted for the checks."""

    memberships: int = 0
    triples: int = 0
    states: int = 0
    ministries: int = 0
    agencies: int = 0
    other_organisations: int = 0
    structures: int = 0
    core_groups: int = 0
    assignments: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # core group notations
    anchoring_gaps: list[str] = field(default_factory=list)  # core group notations
    level_gaps: list[tuple[str, str]] = field(default_factory=list)  # (group, ministry)
    steering_gaps: list[tuple[str, str]] = field(default_factory=list)  # (group, agency)
    # (earlier group, later group, kind): pairs that look alike and are not duplicates
    hard_negatives: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class _Member:
    """One membership to write: who, role, level and period (shared interval IRI)."""

    member: str
    role: str
    level: str
    period: str


@dataclass
class _Body:
    """A structure of a family with its memberships."""

    iri: str
    cls: str
    short: str
    notation: str
    nb: str
    en: str
    period: str
    start: When
    end: When | None
    extra: Pairs = field(default_factory=list)
    members: list[_Member] = field(default_factory=list)


@dataclass
class Family:
    """A core group with its sub-bodies, its citation and its judgement nodes."""

    number: int
    ministries: list[str]
    themes: list[str]
    start: When
    end: When | None
    topic: list[str] = field(default_factory=list)  # subject words, the first two in its name
    avoid: frozenset[str] = frozenset()  # organisations its parts must not draw
    bodies: list[_Body] = field(default_factory=list)
    nodes: list[tuple[str, Pairs]] = field(default_factory=list)  # judgements, mandate
    citation: str = ""

    @property
    def size(self) -> int:
        return sum(len(b.members) for b in self.bodies)


def _level(rng: random.Random, levels: tuple[str, ...]) -> str:
    return "unknown" if rng.random() < 0.15 else rng.choice(levels)


def _add_members(
    body: _Body,
    cal: Calendar,
    rng: random.Random,
    members: list[str],
    role: str,
    levels: tuple[str, ...],
) -> None:
    """Memberships for the body's period; some change level midway (the membership then ends
    and a new one starts, as the data conventions say)."""
    for member in members:
        level = _level(rng, levels)
        start_day = body.start.day
        end_day = body.end.day if body.end else LAST_END
        if start_day and (end_day - start_day).days > 400 and rng.random() < 0.08:
            switch = random_day(rng, start_day + timedelta(days=180), end_day)
            first = cal.interval(body.start, When(switch - timedelta(days=1)))
            body.members.append(_Member(member, role, level, first))
            other = rng.choice([x for x in levels if x != level] or list(levels))
            body.members.append(_Member(member, role, other, cal.interval(When(switch), body.end)))
            continue
        body.members.append(_Member(member, role, level, body.period))


def _without_split(ministries: list[str], start: When) -> list[str]:
    """A family that starts before the split (or at an unknown date) has KDD, not DFD."""
    if start.day is not None and start.day >= REORGANISED_ON or SPLIT_INTO not in ministries:
        return ministries
    kept = [m for m in ministries if m != SPLIT_INTO]
    return kept if SPLIT_FROM in kept else [*kept, SPLIT_FROM]


class Families:
    """Builds the families of one state, planting duplicates and gaps."""

    def __init__(self, st: State, cal: Calendar, rng: random.Random, report: SynthReport):
        self.st, self.cal, self.rng, self.report = st, cal, rng, report
        self.previous: Family | None = None

    def family(self, number: int) -> Family:
        """Family ``number``. Some copy parts of the previous family (see :data:`PLANTED`):
        every DUPLICATE_EVERY-th duplicates it (the same ministries, themes, subject words,
        period and parts with the same members); others are hard negatives, alike in one
        respect only."""
        twin = self.previous
        kind = PLANTED.get(number % DUPLICATE_EVERY) if twin else None
        fam = plant(self.st, self.rng, self._fresh(number), twin, kind) if kind else None
        fam = fam or self._fresh(number)
        fam.citation = local_iri(f"synth-src-s{self.st.number}-{number}")
        self._core_group(fam)
        if kind in MIRRORED:
            self._mirror(fam, twin)
        else:
            self._sub_bodies(fam)
        if kind == "duplicate":
            self.report.duplicates.append((twin.bodies[0].notation, fam.bodies[0].notation))
        elif kind:
            pair = (twin.bodies[0].notation, fam.bodies[0].notation, kind)
            self.report.hard_negatives.append(pair)
        for body in fam.bodies[1:]:
            body.extra.append(("org:subOrganizationOf", fam.bodies[0].iri))
        self._hub(fam)
        gap = number % STEERING_GAP_EVERY == 0
        if fam.start.day and (gap or self.rng.random() < ASSIGNMENT_SHARE):
            self._assignment(fam, gap)
        self.previous = fam
        return fam

    def _hub(self, fam: Family) -> None:
        """The hub organisation in the core group and in HUB_SHARE of its other parts."""
        hub = [self.st.hub]
        for k, body in enumerate(fam.bodies):
            chosen = k == 0 or self.rng.random() < HUB_SHARE
            if chosen and all(m.member != self.st.hub for m in body.members):
                _add_members(body, self.cal, self.rng, hub, "member", AGENCY_LEVELS)

    def _fresh(self, number: int) -> Family:
        rng = self.rng
        start = coarse(random_day(rng, START_FIRST, START_LAST), rng)
        end = None
        if start.day and rng.random() < 0.35:
            end = When(random_day(rng, start.day + timedelta(days=365), LAST_END))
        ministries = rng.sample(sorted(self.st.ministries), rng.randint(3, 7))
        themes = rng.sample(self.st.themes, rng.randint(1, 2))
        topic = rng.sample(self.st.words, 4)
        return Family(number, _without_split(ministries, start), themes, start, end, topic)

    def _body(self, fam: Family, cls: str, short: str, nb: str, en: str) -> _Body:
        st = self.st
        suffix = f"-{short}" if short else ""
        body = _Body(
            iri=local_iri(f"synth-s{st.number}-kg{fam.number}{suffix}"),
            cls=cls,
            short=short,
            notation=f"KG{fam.number}{st.tag}{suffix}",
            nb=nb,
            en=en,
            period=self.cal.interval(fam.start, fam.end),
            start=fam.start,
            end=fam.end,
        )
        fam.bodies.append(body)
        return body

    def _ministries(self, notations: list[str]) -> list[str]:
        return [self.st.ministries[m] for m in notations]

    def _core_group(self, fam: Family) -> None:
        rng = self.rng
        first, second = fam.topic[:2]
        nb = f"Kjernegruppe {fam.number} for {first} og {second}"
        en = f"Core group {fam.number} on {first} and {second}"
        body = self._body(fam, "kg:CoreGroup", "", nb, en)
        lead, *others = fam.ministries
        _add_members(body, self.cal, rng, self._ministries([lead]), "lead", ("secretary-general",))
        _add_members(body, self.cal, rng, self._ministries(others), "member", MINISTRY_LEVELS)
        self._level_gap(fam, body, others)
        anchoring = "yes"
        if fam.number % ANCHORING_GAP_EVERY == 0:
            anchoring = "no" if fam.number % (2 * ANCHORING_GAP_EVERY) == 0 else "unknown"
            self.report.anchoring_gaps.append(body.notation)
        body.extra = [("kg:theme", t) for t in fam.themes]
        body.extra += [
            ("kg:governmentAnchoring", self._node(fam, body, "anchoring", f"kgval:{anchoring}")),
            ("kg:coordinationStep", self._node(fam, body, "step", f"kgstep:{rng.randint(1, 5)}")),
            ("kg:mandate", self._mandate(fam, body)),
        ]

    def _level_gap(self, fam: Family, body: _Body, others: list[str]) -> None:
        """Members at secretary-general level (or unknown), but for one ministry below it in
        every LEVEL_GAP_EVERY-th family. The levels were drawn already, so the random stream,
        and with it the rest of the data set, is the one it was without the gaps."""
        gap = others[0] if others and fam.number % LEVEL_GAP_EVERY == 0 else None
        gap_iri = self.st.ministries[gap] if gap else None
        for i, m in enumerate(body.members):
            if m.member == gap_iri:
                body.members[i] = replace(m, level="director-general")
            elif m.role == "member" and m.level != "unknown":
                body.members[i] = replace(m, level="secretary-general")
        if gap:
            self.report.level_gaps.append((body.notation, gap))

    @staticmethod
    def _node(fam: Family, body: _Body, what: str, value: str) -> str:
        iri = f"{body.iri}-{what}"
        fam.nodes.append((iri, [("a", "kg:QualifiedValue"), ("rdf:value", value)]))
        return iri

    def _mandate(self, fam: Family, body: _Body) -> str:
        iri = f"{body.iri}-mandate"
        words = ", ".join(fam.topic[:-1])
        pairs: Pairs = [
            ("a", "kg:Mandate"),
            ("dcterms:description", text(MANDATE_NB.format(words, fam.topic[-1]), "nb")),
            ("dcterms:description", text(MANDATE_EN.format(words, fam.topic[-1]), "en")),
        ]
        if self.rng.random() < 0.8:
            pairs.append(("kg:mandateStatus", "kgval:yes"))
            if fam.start.day:
                pairs += [("dcterms:date", xsd_date(fam.start.day)), ("kg:precision", "kgval:day")]
        else:
            pairs.append(("kg:mandateStatus", "kgval:unknown"))
        fam.nodes.append((iri, pairs))
        return iri

    def _sub_bodies(self, fam: Family) -> None:
        rng, st = self.rng, self.st
        first, n = fam.topic[0], fam.number
        sec_nb, sec_en = f"Sekretariat {n} for {first}", f"Secretariat {n} on {first}"
        sec = self._body(fam, "kg:Secretariat", "sek", sec_nb, sec_en)
        lead, *others = fam.ministries
        lead_iri = self._ministries([lead])
        _add_members(sec, self.cal, rng, lead_iri, "secretariat-lead", ("coordinator",))
        helpers = self._ministries(others[: rng.randint(1, 3)])
        _add_members(sec, self.cal, rng, helpers, "secretariat-member", SECRETARIAT_LEVELS)
        for cls, short, nb, en, source in rng.sample(SUB_BODIES, rng.randint(1, 4)):
            word = rng.choice(fam.topic)
            nb, en = f"{nb} {fam.number} for {word}", f"{en} {fam.number} on {word}"
            body = self._body(fam, f"kg:{cls}", short, nb, en)
            if source == "ministries":
                chosen = self._ministries(rng.sample(fam.ministries, min(3, len(fam.ministries))))
                role = "responsible" if cls == "WorkArea" else "member"
                _add_members(body, self.cal, rng, chosen, role, SECRETARIAT_LEVELS)
                continue
            pool = [a for a in st.agencies_of(fam.ministries) if a not in fam.avoid]
            chosen = rng.sample(pool, min(len(pool), rng.randint(4, 12)))
            if source == "mixed":
                others = [o for o in st.others if o not in fam.avoid]
                chosen += rng.sample(others, rng.randint(0, 3))
            _add_members(body, self.cal, rng, chosen, "member", AGENCY_LEVELS)

    def _mirror(self, fam: Family, twin: Family) -> None:
        """The twin's parts again, with the same members, under the new core group; each
        named after the subject word in the same place of the new family's topic."""
        for part in twin.bodies[1:]:
            word = fam.topic[twin.topic.index(part.nb.rsplit(" ", 1)[1])]
            nb, en = (
                f"{x.split(f' {twin.number} ')[0]} {fam.number} {w} {word}"
                for x, w in ((part.nb, "for"), (part.en, "on"))
            )
            body = self._body(fam, part.cls, part.short, nb, en)
            body.members = [m for m in part.members if m.member != self.st.hub]

    def _assignment(self, fam: Family, gap: bool) -> None:
        """An assignment from the core group to agencies of its ministries, dated 90 days after
        its start; with ``gap``, one more to an agency none of its ministries steers."""
        st, rng, core = self.st, self.rng, fam.bodies[0]
        pool = st.agencies_of(fam.ministries)
        assignees = rng.sample(pool, min(len(pool), rng.randint(1, 4)))
        stranger = st.stranger(fam.ministries, rng) if gap else None
        if stranger:
            assignees.append(stranger)
            self.report.steering_gaps.append((core.notation, st.notations[stranger]))
        if not assignees:
            return
        when = fam.start.day + timedelta(days=90)
        fam.nodes.append(
            (
                f"{core.iri}-oppdrag",
                [
                    ("a", "kg:Assignment"),
                    ("rdfs:label", text(f"Oppdrag fra kjernegruppe {fam.number}", "nb")),
                    ("rdfs:label", text(f"Assignment from core group {fam.number}", "en")),
                    ("kg:issuedBy", core.iri),
                    ("kg:leadAssignee", assignees[0]),
                    *(("kg:assignedTo", a) for a in assignees),
                    ("dcterms:date", xsd_date(when)),
                    ("kg:precision", "kgval:day"),
                    ("kg:channel", text("tildelingsbrev")),
                ],
            )
        )
        self.report.assignments += 1

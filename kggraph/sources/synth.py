"""A deterministic synthetic data set in the project's own vocabulary, for scale tests.

The real data hold a few thousand triples; the same questions are asked of every
interministerial structure of a state, and of several states at once. :func:`generate` writes
a data set shaped like the bundled one — ministries, agencies with parent ministries, other
organisations, core groups with a secretariat and other sub-bodies, leads, levels (some
unknown), coarse and unknown dates, themes, citations, a reorganisation per state — at any
number of memberships, valid against ``ontology/shapes.ttl``. Each state has its ministries,
agencies and themes (narrower themes under the real ones, ``kgtheme:synth-…``, so that at
scale two groups share a theme about as rarely as real ones do); states count one per
:data:`MEMBERSHIPS_PER_STATE` memberships.

It also plants what the checks look for, and reports how many:

- *duplicates*: a second core group with the same ministries and themes as an earlier one,
  running at the same time, with no predecessor link (guideline 2.4);
- *anchoring gaps*: core groups whose government anchoring is ``no`` or ``unknown``
  (guideline 5.3);
- *level gaps*: a ministry seated in a core group below secretary-general level (guideline
  5.1). Every other ministry in a core group sits at secretary-general level, or at a level
  the sources do not give (``unknown``);
- *steering gaps*: an assignment from a core group to an agency none of whose ministries
  (parent or also-steering) sits in the group (guideline 6.1). Every other assignment, and
  every agency taking part in a family, stays within the group's own ministries' agencies.

The subjects stream to a :class:`Sink` (the one RDF writer, Turtle or N-Triples), so a million
memberships need little memory. Shared nodes keep the file compact: a date is one
``time:Instant`` and a period one ``time:Interval`` (IRIs ``kgd:synth-t-…`` /
``kgd:synth-p-…``) used by every membership that has it. Example::

    >>> class Count:
    ...     triples = 0
    ...     def subject(self, s, pairs):
    ...         self.triples += len(pairs)
    >>> generate(Count(), memberships=200, seed=1).memberships
    200
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Protocol

__all__ = ["NOTE", "Sink", "SynthReport", "generate"]

MEMBERSHIPS_PER_STATE = 25_000
AGENCIES_PER_STATE = 150
OTHERS_PER_STATE = 30
THEMES_PER_STATE = 600  # narrower themes under the real ones: few pairs share one by chance
DUPLICATE_EVERY = 40  # one planted duplicate per this many families
ANCHORING_GAP_EVERY = 10
LEVEL_GAP_EVERY = 7
STEERING_GAP_EVERY = 25
ASSIGNMENT_SHARE = 0.3
REORGANISED_ON = date(2024, 1, 1)

# (notation, nb label, en label) — the 2024 ministries; DFD is split off KDD on 1 January 2024.
MINISTRIES = (
    ("AID", "Arbeids- og inkluderingsdepartementet", "Ministry of Labour and Social Inclusion"),
    ("BFD", "Barne- og familiedepartementet", "Ministry of Children and Families"),
    ("DFD", "Digitaliserings- og forvaltningsdepartementet", "Ministry of Digitalisation"),
    ("ED", "Energidepartementet", "Ministry of Energy"),
    ("FIN", "Finansdepartementet", "Ministry of Finance"),
    ("FD", "Forsvarsdepartementet", "Ministry of Defence"),
    ("HOD", "Helse- og omsorgsdepartementet", "Ministry of Health and Care Services"),
    ("JD", "Justis- og beredskapsdepartementet", "Ministry of Justice and Public Security"),
    ("KDD", "Kommunal- og distriktsdepartementet", "Ministry of Local Government"),
    ("KLD", "Klima- og miljødepartementet", "Ministry of Climate and Environment"),
    ("KUD", "Kultur- og likestillingsdepartementet", "Ministry of Culture and Equality"),
    ("KD", "Kunnskapsdepartementet", "Ministry of Education and Research"),
    ("LMD", "Landbruks- og matdepartementet", "Ministry of Agriculture and Food"),
    ("NFD", "Nærings- og fiskeridepartementet", "Ministry of Trade, Industry and Fisheries"),
    ("SD", "Samferdselsdepartementet", "Ministry of Transport"),
    ("UD", "Utenriksdepartementet", "Ministry of Foreign Affairs"),
)
_SPLIT_FROM, _SPLIT_INTO = "KDD", "DFD"

THEMES = (  # the broader themes of ontology/concepts.ttl
    "barn-og-unge",
    "utsatte-barn-og-unge",
    "ungt-utenforskap",
    "psykisk-helse",
    "ungdomskriminalitet",
    "sosial-utjevning",
    "klima",
    "gronn-omstilling",
    "kriseberedskap",
    "kunnskapsgrunnlag",
    "datadeling",
    "vann-og-avlop",
    "kompetanse",
    "forvaltningsutvikling",
    "digitalisering",
    "kommunene",
    "etatsstyring",
    "helse",
)
MINISTRY_LEVELS = ("director-general", "deputy-director-general", "secretary-general")
SECRETARIAT_LEVELS = ("coordinator", "deputy-director-general")
AGENCY_LEVELS = ("agency-director", "division-head", "case-officer")
SUB_BODIES = (
    # (type, short name, nb, en, members drawn from: "agencies" | "mixed" | "ministries")
    (
        "InterAgencyCollaboration",
        "etat",
        "Etatssamarbeid",
        "Inter-agency collaboration",
        "agencies",
    ),
    ("DirectorGroup", "dir", "Direktørgruppe", "Director group", "agencies"),
    ("WorkingGroup", "ag", "Arbeidsgruppe", "Working group", "mixed"),
    ("ExpertGroup", "eg", "Ekspertgruppe", "Expert group", "mixed"),
    ("ContactGroup", "kg", "Kontaktgruppe", "Contact group", "ministries"),
    ("WorkArea", "wa", "Arbeidsområde", "Work area", "ministries"),
)
_START_FIRST, _START_LAST = date(2015, 1, 1), date(2024, 6, 1)
_LAST_END = date(2025, 12, 31)
_ATTESTED = date(2024, 6, 14)  # an unknown date is bounded by the latest synthetic report


@dataclass
class SynthReport:
    """What :func:`generate` wrote, and what it planted for the checks to find."""

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


# ---------------------------------------------------------------- writing


def _iri(local: str) -> str:
    return f"kgd:{local}"


def _text(value: str, lang: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def _xsd_date(when: date) -> str:
    return f'"{when.isoformat()}"^^xsd:date'


Pairs = list[tuple[str, str]]


NOTE = "Synthetic data written by `kggraph synth`: not facts."


class Sink(Protocol):
    """Where the subjects go, each with its (predicate, object) pairs in Turtle's spelling
    (:class:`kggraph.render.rdf.TripleWriter`), counting the triples."""

    triples: int

    def subject(self, s: str, pairs: Pairs) -> None:
        """Take one subject with its pairs."""


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class _When:
    """A synthetic date: known at a precision, or unknown with an upper bound."""

    day: date | None
    precision: str = "day"

    def key(self) -> str:
        return f"{self.day.isoformat()}-{self.precision}" if self.day else "unknown"


class _Calendar:
    """Hands out shared instant and interval IRIs and writes them once, at the end."""

    def __init__(self) -> None:
        self.instants: dict[str, _When] = {}
        self.intervals: dict[str, tuple[str | None, str | None]] = {}

    def instant(self, when: _When) -> str:
        local = f"synth-t-{when.key()}"
        self.instants.setdefault(local, when)
        return _iri(local)

    def interval(self, start: _When | None, end: _When | None) -> str:
        first = start.key() if start else "open"
        last = end.key() if end else "open"
        local = f"synth-p-{first}--{last}"
        if local not in self.intervals:
            self.intervals[local] = (
                self.instant(start) if start else None,
                self.instant(end) if end else None,
            )
        return _iri(local)

    def write(self, w: Sink) -> None:
        for local in sorted(self.instants):
            when = self.instants[local]
            if when.day is None:
                w.subject(
                    _iri(local),
                    [("a", "time:Instant"), ("kg:notAfter", _xsd_date(_ATTESTED))],
                )
                continue
            w.subject(
                _iri(local),
                [
                    ("a", "time:Instant"),
                    ("time:inXSDDate", _xsd_date(when.day)),
                    ("kg:precision", f"kgval:{when.precision}"),
                ],
            )
        for local in sorted(self.intervals):
            start, end = self.intervals[local]
            pairs: Pairs = [("a", "time:Interval")]
            if start:
                pairs.append(("time:hasBeginning", start))
            if end:
                pairs.append(("time:hasEnd", end))
            w.subject(_iri(local), pairs)


def _coarse(day: date, rng: random.Random) -> _When:
    """A start as sources give it: mostly a day, sometimes a month, season or year, or unknown."""
    roll = rng.random()
    if roll < 0.55:
        return _When(day, "day")
    if roll < 0.75:
        return _When(day.replace(day=1), "month")
    if roll < 0.85:
        return _When(date(day.year, 9, 1), "season")
    if roll < 0.95:
        return _When(date(day.year, 1, 1), "year")
    return _When(None)


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange(max(1, (last - first).days)))


# ---------------------------------------------------------------- organisations


@dataclass
class _State:
    """One state's organisations: ministries by notation, agencies with their parent."""

    number: int
    ministries: dict[str, str] = field(default_factory=dict)  # notation → IRI
    # (IRI, parent notation, every steering ministry's notation)
    agencies: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    notations: dict[str, str] = field(default_factory=dict)  # agency IRI → notation
    themes: list[str] = field(default_factory=list)
    document: str = ""

    @property
    def tag(self) -> str:
        return "" if self.number == 1 else f"-{self.number}"

    def agencies_of(self, ministries: list[str]) -> list[str]:
        """The agencies whose parent ministry is one of ``ministries``."""
        wanted = set(ministries)
        return [iri for iri, parent, _ in self.agencies if parent in wanted]

    def stranger(self, ministries: list[str], rng: random.Random) -> str | None:
        """An agency none of ``ministries`` steers (as parent or also-steered-by)."""
        wanted = set(ministries)
        pool = [iri for iri, _, steering in self.agencies if not steering & wanted]
        return rng.choice(pool) if pool else None


def _organisation(
    w: Sink, iri: str, cls: str, notation: str, nb: str, en: str, extra: Pairs
) -> None:
    w.subject(
        iri,
        [
            ("a", cls),
            ("skos:notation", _text(notation)),
            ("skos:prefLabel", _text(nb, "nb")),
            ("skos:prefLabel", _text(en, "en")),
            *extra,
        ],
    )


def _write_state(w: Sink, cal: _Calendar, st: _State, rng: random.Random, general: str) -> None:
    """Ministries, agencies, other organisations, the source document and the reorganisation."""
    n = st.number
    st.document = _iri(f"synth-doc-s{n}")
    w.subject(
        st.document,
        [
            ("a", "kg:SourceDocument"),
            ("rdfs:label", _text(f"S{n}")),
            (
                "dcterms:title",
                _text(f"Syntetisk oversikt over samordningsstrukturer, stat {n}", "nb"),
            ),
        ],
    )
    for notation, nb, en in MINISTRIES:
        iri = _iri(f"synth-s{n}-{notation}")
        st.ministries[notation] = iri
        extra: Pairs = [("dcterms:source", general)]
        if notation == _SPLIT_INTO:
            extra.append(("kg:activeDuring", cal.interval(_When(REORGANISED_ON), None)))
        _organisation(w, iri, "kg:Ministry", notation + st.tag, nb, en, extra)
    parents = sorted(st.ministries)
    for i in range(AGENCIES_PER_STATE):
        parent = parents[i % len(parents)] if i < len(parents) else rng.choice(parents)
        parent = _SPLIT_FROM if parent == _SPLIT_INTO else parent
        iri = _iri(f"synth-s{n}-a{i:04d}")
        extra = [("kg:parentMinistry", st.ministries[parent]), ("dcterms:source", general)]
        steering = {parent}
        if rng.random() < 0.08:
            also = rng.choice(parents)
            steering.add(also)
            extra.append(("kg:alsoSteeredBy", st.ministries[also]))
        notation = f"A{i:04d}{st.tag}"
        _organisation(w, iri, "kg:Agency", notation, f"Direktorat {i}", f"Agency {i}", extra)
        st.agencies.append((iri, parent, frozenset(steering)))
        st.notations[iri] = notation
    for i in range(OTHERS_PER_STATE):
        iri = _iri(f"synth-s{n}-o{i:03d}")
        st.others.append(iri)
        extra = [("dcterms:source", general)]
        _organisation(
            w, iri, "kg:OtherOrganisation", f"O{i:03d}{st.tag}", f"Organisasjon {i}",
            f"Organisation {i}", extra,
        )  # fmt: skip
    for i in range(THEMES_PER_STATE):
        broader = THEMES[i % len(THEMES)]
        theme = f"kgtheme:synth-s{n}-{i:03d}"
        st.themes.append(theme)
        w.subject(
            theme,
            [
                ("a", "skos:Concept"),
                ("skos:inScheme", "kgtheme:scheme"),
                ("skos:broader", f"kgtheme:{broader}"),
                ("skos:prefLabel", _text(f"{broader}, delområde {i}{st.tag}", "nb")),
                ("skos:prefLabel", _text(f"{broader}, area {i}{st.tag}", "en")),
            ],
        )
    w.subject(
        _iri(f"synth-s{n}-reorganisation"),
        [
            ("a", "org:ChangeEvent"),
            ("rdfs:label", _text(f"Deling av {_SPLIT_FROM}{st.tag}", "nb")),
            ("rdfs:label", _text(f"Split of {_SPLIT_FROM}{st.tag}", "en")),
            ("dcterms:date", _xsd_date(REORGANISED_ON)),
            ("org:originalOrganization", st.ministries[_SPLIT_FROM]),
            ("org:resultingOrganization", st.ministries[_SPLIT_FROM]),
            ("org:resultingOrganization", st.ministries[_SPLIT_INTO]),
            ("dcterms:source", general),
        ],
    )


# ---------------------------------------------------------------- structures


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
    start: _When
    end: _When | None
    extra: Pairs = field(default_factory=list)
    members: list[_Member] = field(default_factory=list)


@dataclass
class _Family:
    """A core group with its sub-bodies, its citation and its judgement nodes."""

    number: int
    ministries: list[str]
    themes: list[str]
    start: _When
    end: _When | None
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
    cal: _Calendar,
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
        end_day = body.end.day if body.end else _LAST_END
        if start_day and (end_day - start_day).days > 400 and rng.random() < 0.08:
            switch = _random_day(rng, start_day + timedelta(days=180), end_day)
            first = cal.interval(body.start, _When(switch - timedelta(days=1)))
            body.members.append(_Member(member, role, level, first))
            other = rng.choice([x for x in levels if x != level] or list(levels))
            body.members.append(_Member(member, role, other, cal.interval(_When(switch), body.end)))
            continue
        body.members.append(_Member(member, role, level, body.period))


def _without_split(ministries: list[str], start: _When) -> list[str]:
    """A family that starts before the split (or at an unknown date) has KDD, not DFD."""
    if start.day is not None and start.day >= REORGANISED_ON or _SPLIT_INTO not in ministries:
        return ministries
    kept = [m for m in ministries if m != _SPLIT_INTO]
    return kept if _SPLIT_FROM in kept else [*kept, _SPLIT_FROM]


class _Families:
    """Builds the families of one state, planting duplicates and gaps."""

    def __init__(self, st: _State, cal: _Calendar, rng: random.Random, report: SynthReport):
        self.st, self.cal, self.rng, self.report = st, cal, rng, report
        self.previous: _Family | None = None

    def family(self, number: int) -> _Family:
        """Family ``number``: every DUPLICATE_EVERY-th duplicates the previous one (the same
        ministries, themes, period and parts with the same members)."""
        twin = self.previous if number % DUPLICATE_EVERY == 0 else None
        fam = self._copy(number, twin) if twin else self._fresh(number)
        fam.citation = _iri(f"synth-src-s{self.st.number}-{number}")
        self._core_group(fam)
        if twin is not None:
            self._mirror(fam, twin)
            self.report.duplicates.append((twin.bodies[0].notation, fam.bodies[0].notation))
        else:
            self._sub_bodies(fam)
        for body in fam.bodies[1:]:
            body.extra.append(("org:subOrganizationOf", fam.bodies[0].iri))
        gap = number % STEERING_GAP_EVERY == 0
        if fam.start.day and (gap or self.rng.random() < ASSIGNMENT_SHARE):
            self._assignment(fam, gap)
        self.previous = fam
        return fam

    def _fresh(self, number: int) -> _Family:
        rng = self.rng
        start = _coarse(_random_day(rng, _START_FIRST, _START_LAST), rng)
        end = None
        if start.day and rng.random() < 0.35:
            end = _When(_random_day(rng, start.day + timedelta(days=365), _LAST_END))
        ministries = rng.sample(sorted(self.st.ministries), rng.randint(3, 7))
        themes = rng.sample(self.st.themes, rng.randint(1, 2))
        return _Family(number, _without_split(ministries, start), themes, start, end)

    @staticmethod
    def _copy(number: int, twin: _Family) -> _Family:
        return _Family(number, list(twin.ministries), list(twin.themes), twin.start, twin.end)

    def _body(self, fam: _Family, cls: str, short: str, nb: str, en: str) -> _Body:
        st = self.st
        suffix = f"-{short}" if short else ""
        body = _Body(
            iri=_iri(f"synth-s{st.number}-kg{fam.number}{suffix}"),
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

    def _core_group(self, fam: _Family) -> None:
        rng = self.rng
        body = self._body(
            fam, "kg:CoreGroup", "", f"Kjernegruppe {fam.number}", f"Core group {fam.number}"
        )
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

    def _level_gap(self, fam: _Family, body: _Body, others: list[str]) -> None:
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
    def _node(fam: _Family, body: _Body, what: str, value: str) -> str:
        iri = f"{body.iri}-{what}"
        fam.nodes.append((iri, [("a", "kg:QualifiedValue"), ("rdf:value", value)]))
        return iri

    def _mandate(self, fam: _Family, body: _Body) -> str:
        iri = f"{body.iri}-mandate"
        pairs: Pairs = [("a", "kg:Mandate")]
        if self.rng.random() < 0.8:
            pairs.append(("kg:mandateStatus", "kgval:yes"))
            if fam.start.day:
                pairs += [("dcterms:date", _xsd_date(fam.start.day)), ("kg:precision", "kgval:day")]
        else:
            pairs.append(("kg:mandateStatus", "kgval:unknown"))
        fam.nodes.append((iri, pairs))
        return iri

    def _sub_bodies(self, fam: _Family) -> None:
        rng, st = self.rng, self.st
        sec = self._body(fam, "kg:Secretariat", "sek", "Sekretariat", "Secretariat")
        lead, *others = fam.ministries
        lead_iri = self._ministries([lead])
        _add_members(sec, self.cal, rng, lead_iri, "secretariat-lead", ("coordinator",))
        helpers = self._ministries(others[: rng.randint(1, 3)])
        _add_members(sec, self.cal, rng, helpers, "secretariat-member", SECRETARIAT_LEVELS)
        for cls, short, nb, en, source in rng.sample(SUB_BODIES, rng.randint(1, 4)):
            body = self._body(fam, f"kg:{cls}", short, f"{nb} {fam.number}", f"{en} {fam.number}")
            if source == "ministries":
                chosen = self._ministries(rng.sample(fam.ministries, min(3, len(fam.ministries))))
                role = "responsible" if cls == "WorkArea" else "member"
                _add_members(body, self.cal, rng, chosen, role, SECRETARIAT_LEVELS)
                continue
            pool = st.agencies_of(fam.ministries)
            chosen = rng.sample(pool, min(len(pool), rng.randint(4, 12)))
            if source == "mixed":
                chosen += rng.sample(st.others, rng.randint(0, 3))
            _add_members(body, self.cal, rng, chosen, "member", AGENCY_LEVELS)

    def _mirror(self, fam: _Family, twin: _Family) -> None:
        """The twin's parts again, with the same members, under the new core group."""
        for part in twin.bodies[1:]:
            nb, en = (f"{x.rsplit(' ', 1)[0]} {fam.number}" for x in (part.nb, part.en))
            body = self._body(fam, part.cls, part.short, nb, en)
            body.members = list(part.members)

    def _assignment(self, fam: _Family, gap: bool) -> None:
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
                    ("rdfs:label", _text(f"Oppdrag fra kjernegruppe {fam.number}", "nb")),
                    ("rdfs:label", _text(f"Assignment from core group {fam.number}", "en")),
                    ("kg:issuedBy", core.iri),
                    ("kg:leadAssignee", assignees[0]),
                    *(("kg:assignedTo", a) for a in assignees),
                    ("dcterms:date", _xsd_date(when)),
                    ("kg:precision", "kgval:day"),
                    ("kg:channel", _text("tildelingsbrev")),
                ],
            )
        )
        self.report.assignments += 1


# ---------------------------------------------------------------- the whole set


def _write_family(w: Sink, fam: _Family, next_id: Callable[[], str], st: _State) -> None:
    w.subject(
        fam.citation,
        [
            ("a", "kg:Citation"),
            ("rdfs:label", _text(f"S{st.number} §{fam.number}")),
            ("dcterms:isPartOf", st.document),
            ("kg:section", _text(str(fam.number))),
            ("kg:quote", _text(f"Syntetisk beskrivelse av struktur {fam.number}.", "nb")),
        ],
    )
    for iri, pairs in fam.nodes:
        w.subject(iri, [*pairs, ("dcterms:source", fam.citation)])
    for body in fam.bodies:
        w.subject(
            body.iri,
            [
                ("a", body.cls),
                ("skos:notation", _text(body.notation)),
                ("skos:prefLabel", _text(body.nb, "nb")),
                ("skos:prefLabel", _text(body.en, "en")),
                ("kg:activeDuring", body.period),
                *body.extra,
                ("dcterms:source", fam.citation),
            ],
        )
        for m in body.members:
            w.subject(
                next_id(),
                [
                    ("a", "org:Membership"),
                    ("org:member", m.member),
                    ("org:organization", body.iri),
                    ("org:role", f"kgrole:{m.role}"),
                    ("kg:level", f"kglevel:{m.level}"),
                    ("org:memberDuring", m.period),
                    ("dcterms:source", fam.citation),
                ],
            )


def _trim(fam: _Family, room: int) -> None:
    """Drop memberships from the last bodies so the family has ``room`` memberships at most
    (the core group's lead is the last to go)."""
    excess = fam.size - room
    for body in reversed(fam.bodies):
        cut = min(excess, len(body.members))
        if cut:
            del body.members[len(body.members) - cut :]
            excess -= cut
        if excess <= 0:
            return


def _counter(width: int) -> Callable[[], str]:
    state = {"n": 0}

    def next_id() -> str:
        state["n"] += 1
        return _iri(f"synth-m{state['n']:0{width}d}")

    return next_id


def _states(memberships: int) -> int:
    return max(1, -(-memberships // MEMBERSHIPS_PER_STATE))


def _family_stream(
    states: list[_State], cal: _Calendar, rng: random.Random, report: SynthReport
) -> Iterator[tuple[_State, _Family]]:
    """Families round-robin over the states, without end; the caller stops."""
    builders = [_Families(st, cal, rng, report) for st in states]
    number = 0
    while True:
        number += 1
        for b in builders:
            yield b.st, b.family(number)


def generate(
    w: Sink,
    memberships: int,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> SynthReport:
    """Hand a synthetic data set with exactly ``memberships`` memberships to ``w``, subject by
    subject (:func:`kggraph.render.synth_file.write_file` writes it to a file).

    The same ``memberships`` and ``seed`` give the same bytes. ``progress`` is called with the
    number of memberships written so far (for a progress bar). Returns what was written and
    planted (:class:`SynthReport`).
    """
    if memberships < 1:
        raise ValueError("memberships must be at least 1")
    rng = random.Random(seed)
    cal = _Calendar()
    report = SynthReport(memberships=memberships, states=_states(memberships))
    general = _iri("synth-src-general")
    w.subject(general, [("a", "kg:Citation"), ("rdfs:label", _text("syntetisk"))])
    states = [_State(n) for n in range(1, report.states + 1)]
    for st in states:
        _write_state(w, cal, st, rng, general)
    next_id = _counter(len(str(memberships)))
    written = 0
    for st, fam in _family_stream(states, cal, rng, report):
        if fam.size > memberships - written:
            _trim(fam, memberships - written)
        _write_family(w, fam, next_id, st)
        written += fam.size
        report.structures += len(fam.bodies)
        report.core_groups += 1
        if progress:
            progress(written)
        if written >= memberships:
            break
    cal.write(w)
    report.ministries = sum(len(st.ministries) for st in states)
    report.agencies = sum(len(st.agencies) for st in states)
    report.other_organisations = sum(len(st.others) for st in states)
    report.triples = w.triples
    return report

"""Duplication (2.4): «Kjernegrupper skal ikke dublere andre strukturer og ordninger, men heller
komme til erstatning for disse.»

Which pairs are compared (``duplicate_scope``): ``core`` (the default) compares every core group
active on the date with every other active structure; ``all`` compares every pair of active
structures of any type (the question for a register without core groups). Each structure is
taken with its parts (see :mod:`kggraph.analyses.overlap`). A pair's score is the product of
three numbers in [0, 1], so it reads the same in any data set:

* **participants** — the weight of the organisations both take part in over the geometric mean
  of each side's weight (a weighted Ochiai coefficient). An organisation weighs
  ``ln((1 + N) / (1 + df))``, ``N`` structures compared, ``df`` of them with it: one found in
  most structures counts little (:mod:`kggraph.analyses.participants`). A body that convenes
  both (leads or chairs them, or runs their secretariats) is reported apart and counts for
  neither side; among the structures it convenes, participants are also weighed anew and the
  lower score kept, and so are the subject's words and themes (below). Pairs sharing fewer
  than ``duplicate_min_shared`` other participants are not scored.
* **subject** — the cosine of the two structures' TF-IDF vectors over the words of their names,
  descriptions and mandates and their themes; a broader and a narrower theme meet (with
  ``theme_hierarchy``), siblings do not (:mod:`kggraph.analyses.subjects`). For two
  structures with a convenor of :data:`~kggraph.analyses.participants.CONVENED_MIN` structures
  or more in common, the terms are also weighed among that convenor's structures and the lower
  similarity kept: a directorate's policy area and template words tell nothing among its own
  groups.
* **time** — how long the two run side by side: 1 when the common period is open-ended or at
  least ``duplicate_full_days`` long, proportionally less otherwise.

The same members on another subject is *overlap*, and the same subject with other members is a
*parallel*: neither is duplication, and the product keeps both low. A score from
``duplicate_warning`` is a duplication risk (warning), from ``duplicate_error`` a duplicate
(error).

Not duplication, whatever the score — 2.4 asks core groups to *replace* structures: a pair where
one side (or a part or whole of it) replaces the other (``dcterms:replaces``), is its
predecessor (``kg:predecessor``), steers it (``kg:steers``: a core group that is the steering
group of a programme), or where one is a part of the other (``org:subOrganizationOf``).
Of the pairs two families (a structure and its parts) make, only the highest is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from kggraph.analyses.findings import Finding
from kggraph.analyses.overlap import lineages
from kggraph.analyses.participants import ByConvenor, Participation, participation
from kggraph.analyses.subjects import SubjectVectors, subject_vectors
from kggraph.model.records import Entity, Model

from .common import Context
from .duplication_links import Link, link_between
from .duplication_text import FamilyMembers, finding
from .options import DEFAULTS, CheckOptions
from .tagged_sums import pairs, split, tagged

__all__ = ["RULES", "Link", "PairScore", "check_duplication", "link_between", "score_pairs"]

RULES = ("2.4",)


@dataclass(frozen=True)
class PairScore:
    """How much ``subject`` (a core group, with scope ``core``) and ``other`` duplicate each
    other, and why."""

    subject: str
    other: str
    shared: tuple[tuple[str, float], ...]  # (organisation, weight), heaviest first
    convenors: tuple[str, ...]  # bodies convening both: set apart, not counted
    weighed_among: str | None  # the common convenor among whose structures weights were taken
    size_subject: int
    size_other: int
    member_score: float
    meeting: tuple[tuple[str, str, float], ...]  # (term, term, share of the subject score)
    subject_score: float
    period: tuple[date | None, date | None]
    time_score: float
    score: float
    link: Link | None

    @property
    def themes(self) -> tuple[tuple[str, str], ...]:
        """The theme pairs (IRIs) among the meeting terms: the same theme, or broader ~
        narrower."""
        return tuple((a[6:], b[6:]) for a, b, _ in self.meeting if a.startswith("theme:"))


def _bounds(model: Model, rows: list[str]) -> tuple[np.ndarray, np.ndarray]:
    starts = np.full(len(rows), -np.inf)
    ends = np.full(len(rows), np.inf)
    for i, iri in enumerate(rows):
        active = model.entities[iri].active
        first = active.start.effective() if active.start else None
        last = active.end.effective() if active.end else None
        starts[i] = first.toordinal() if first else -np.inf
        ends[i] = last.toordinal() if last else np.inf
    return starts, ends


EVERYWHERE = np.log(2.0)  # weight below which an organisation is in over half the structures
LARGE = 1000  # structures from which such an organisation no longer finds pairs by itself


def _shared(units: _Units, block: np.ndarray, minimum: int) -> tuple[np.ndarray, ...]:
    """Every pair (row of ``block``, any row) sharing at least ``minimum`` participants besides
    the bodies convening both: left, right, the weight they share and the weight set apart.

    Among :data:`LARGE` structures or more, pairs are found through the participants that are
    not everywhere (:data:`EVERYWHERE`): an organisation in most structures would pair nearly
    every structure with every other and weighs almost nothing, so it only adds to the pairs
    the others find. Two sparse products:
    who takes part, and who convenes (small); matched by pair key."""
    people, n = units.people, len(units.rows)
    product = (tagged(units.finders[block], people.weight) @ units.finders.T).tocsr()
    convened = (tagged(people.convening[block], people.weight) @ people.convening.T).tocsr()
    convened.sort_indices()
    rows, cols = pairs(product)
    count, shared = split(product.data)
    both = units.everywhere[block[rows]] & units.everywhere[cols]
    count += both.sum(axis=1)
    shared += both @ people.weight[units.common]
    q_rows, q_cols = pairs(convened)
    keys, wanted = q_rows * n + q_cols, rows * n + cols
    at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    hit = keys[at] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
    apart_count, apart = split(np.where(hit, convened.data[at] if len(keys) else 0.0, 0.0))
    keep = count - apart_count >= minimum
    return block[rows[keep]], cols[keep], shared[keep] - apart[keep], apart[keep]


@dataclass(frozen=True)
class _Units:
    """The active structures as matrix rows: who takes part, what about, when."""

    rows: list[str]
    position: dict[str, int]
    subjects: np.ndarray  # the rows compared with every other row (core groups, or all)
    people: Participation
    local: ByConvenor
    mass: np.ndarray  # each row's total participant weight
    finders: sparse.csr_matrix  # who takes part, but the organisations found everywhere
    common: np.ndarray  # the columns of the organisations found everywhere
    everywhere: np.ndarray  # rows × those organisations (bool)
    words: SubjectVectors
    starts: np.ndarray
    ends: np.ndarray
    among: dict[int, np.ndarray]  # term weights among each convenor's structures, as needed


def _units(model: Model, at: date, options: CheckOptions) -> _Units:
    rows = sorted(e.iri for e in model.active_structures(at))
    if options.duplicate_scope == "all":
        subjects = np.arange(len(rows))
    else:
        checked = {e.iri for e in model.checked_structures(at)}
        subjects = np.array([i for i, iri in enumerate(rows) if iri in checked], dtype=int)
    people = participation(model, at, rows)
    mass = people.members @ people.weight
    words = subject_vectors(model, rows, options.theme_hierarchy)
    starts, ends = _bounds(model, rows)
    position = {iri: i for i, iri in enumerate(rows)}
    local = ByConvenor(people)
    large = len(rows) >= LARGE
    common = np.flatnonzero(people.weight < EVERYWHERE) if large else np.array([], dtype=int)
    finding = np.ones(len(people.cols))
    finding[common] = 0.0
    finders = (people.members @ sparse.diags(finding)).tocsr()
    finders.eliminate_zeros()
    everywhere = people.members[:, common].toarray().astype(bool)
    return _Units(
        rows,
        position,
        subjects,
        people,
        local,
        mass,
        finders,
        common,
        everywhere,
        words,
        starts,
        ends,
        {},
    )


@dataclass(frozen=True)
class _Scored:
    left: np.ndarray
    right: np.ndarray
    members: np.ndarray
    subject: np.ndarray
    time: np.ndarray
    score: np.ndarray


def _score_block(units: _Units, block: np.ndarray, options: CheckOptions, cutoff: float) -> _Scored:
    """Score the pairs of the rows in ``block`` with every structure; keep those that reach
    ``cutoff``. Shared counts come from one sparse product per block; subject and time only for
    pairs whose participant score alone reaches the cutoff (the others cannot)."""
    left, right, shared, apart = _shared(units, block, options.duplicate_min_shared)
    is_subject = np.zeros(len(units.rows), dtype=bool)
    is_subject[units.subjects] = True
    keep = (left != right) & (~is_subject[right] | (left < right))
    left, right, shared, apart = left[keep], right[keep], shared[keep], apart[keep]
    mean = np.sqrt((units.mass[left] - apart) * (units.mass[right] - apart))
    members = np.divide(shared, mean, out=np.zeros(len(left)), where=mean > 1e-12)
    keep = members >= cutoff - 1e-12
    left, right, members = left[keep], right[keep], members[keep]
    subject = units.words.similarity(left, right)
    days = (
        np.minimum(units.ends[left], units.ends[right])
        - np.maximum(units.starts[left], units.starts[right])
        + 1
    )
    time = np.where(np.isinf(days), 1.0, np.clip(days / options.duplicate_full_days, 0, 1))
    score = members * subject * time
    keep = score >= cutoff - 1e-12
    left, right, members, subject, time = (x[keep] for x in (left, right, members, subject, time))
    if len(left):
        local_members, local_subject = _among_convenors(units, left, right)
        members, subject = np.minimum(members, local_members), np.minimum(subject, local_subject)
    score = members * subject * time
    keep = score >= cutoff - 1e-12
    return _Scored(left[keep], right[keep], members[keep], subject[keep], time[keep], score[keep])


def _scored(
    units: _Units, options: CheckOptions, cutoff: float, block: int
) -> Iterator[tuple[int, int, tuple[float, float, float, float]]]:
    """Each pair that reaches ``cutoff``: its two rows and (participants, subject, time,
    score). Rows are taken ``block`` at a time, so memory stays bounded."""
    for lo in range(0, len(units.subjects), block):
        s = _score_block(units, units.subjects[lo : lo + block], options, cutoff)
        for k in range(len(s.score)):
            figures = (float(s.members[k]), float(s.subject[k]), float(s.time[k]), s.score[k])
            yield int(s.left[k]), int(s.right[k]), figures


def _among_convenors(
    units: _Units, left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's lowest participant score and lowest subject similarity with weights taken
    among the structures of a convenor both have (1.0 where they have none): what all of one
    directorate's groups share (its offices, its policy area, its words) tells nothing among
    them. The subject is weighed per convenor for all its pairs at once."""
    pairs = list(zip(left.tolist(), right.tolist(), strict=True))
    asked = [units.local.asked(i, j) for i, j in pairs]
    members = np.array([units.local.lowest(i, j)[0] for i, j in pairs])
    subject = np.ones(len(pairs))
    by_convenor: dict[int, list[int]] = {}
    for k, convenors in enumerate(asked):
        for c in convenors:
            by_convenor.setdefault(c, []).append(k)
    for c, ks in by_convenor.items():
        weight = units.among.get(c)
        if weight is None:
            weight = units.among[c] = units.words.weights_among(units.local.rows_of(c))
        found = units.words.similarity_weighed(left[ks], right[ks], weight)
        subject[ks] = np.minimum(subject[ks], found)
    return members, subject


def score_pairs(
    model: Model,
    at: date,
    options: CheckOptions = DEFAULTS,
    minimum: float | None = None,
    block: int = 1024,
) -> list[PairScore]:
    """Every pair the scope compares that scores at least ``minimum`` (default
    ``options.duplicate_warning``), exempt or not, highest score first.

    Rows are taken ``block`` at a time, so memory stays bounded however many structures
    there are; only the pairs left are built as records.
    """
    units = _units(model, at, options)
    cutoff = options.duplicate_warning if minimum is None else minimum
    kin: dict[str, set[str]] = {}
    scored = _scored(units, options, cutoff, block)
    out = [_record(model, units, i, j, figures, kin) for i, j, figures in scored]
    return sorted(out, key=lambda p: (-p.score, p.subject, p.other))


def _oriented(model: Model, a: str, b: str) -> tuple[str, str]:
    """(subject, other): a core group before any other structure; of two core groups, the
    later one (it is the one that should have replaced the other)."""
    ea, eb = model.entities[a], model.entities[b]
    if eb.type != "CoreGroup":
        return a, b
    if ea.type != "CoreGroup":
        return b, a

    def start(e: Entity) -> date:
        s = e.active.start.effective() if e.active.start else None
        return s or date.min

    return (b, a) if (start(eb), b) > (start(ea), a) else (a, b)


def _record(
    model: Model,
    units: _Units,
    i: int,
    j: int,
    scores: tuple[float, float, float, float],
    kin: dict[str, set[str]],
) -> PairScore:
    subject, other = _oriented(model, units.rows[i], units.rows[j])
    si, oi = units.position[subject], units.position[other]
    people = units.people
    lead_s, lead_o = people.of(people.convening, si), people.of(people.convening, oi)
    apart = lead_s & lead_o
    mine = people.of(people.members, si) - apart
    theirs = people.of(people.members, oi) - apart
    local_score, convenor = units.local.lowest(si, oi)
    if convenor is not None and scores[0] < local_score - 1e-12:
        convenor = None  # the weights across all structures gave the lower score

    def weigh(o: str) -> float:
        return people.weight_of(o) if convenor is None else units.local.weight_of(convenor, o)

    shared = sorted(((o, weigh(o)) for o in mine & theirs), key=lambda x: (-x[1], x[0]))
    among = None if convenor is None else people.cols[convenor]
    link = link_between(model, subject, other, kin)
    meeting = units.words.meeting(si, oi) if link is None else []  # an exempt pair is not shown
    total = sum(m[2] for m in meeting) or 1.0
    common = model.entities[subject].active.common(model.entities[other].active)
    first, last = common or (None, None)
    return PairScore(
        subject=subject,
        other=other,
        shared=tuple(shared),
        convenors=tuple(sorted(apart)),
        weighed_among=among,
        size_subject=len(mine),
        size_other=len(theirs),
        member_score=float(scores[0]),
        meeting=tuple((a, b, w / total) for a, b, w in meeting),
        subject_score=float(scores[1]),
        period=(first, last),
        time_score=float(scores[2]),
        score=float(scores[3]),
        link=link,
    )


def check_duplication(
    model: Model, at: date, lang: str = "nb", options: CheckOptions = DEFAULTS
) -> list[Finding]:
    """2.4 findings: pairs scoring from ``duplicate_warning`` that no link exempts, the best
    pair of each two families; with ``duplicate_top``, only that many, the strongest.

    The pairs are ranked as :func:`score_pairs` ranks them, but a record (with its shared
    participants and meeting words) is built only for the best pair of each two families:
    a million memberships give some 70,000 pairs above the warning and 2,000 findings.
    """
    ctx = Context(model, at, lang, options)
    chains = lineages(model, at)
    units = _units(model, at, options)
    ranked = sorted(
        (-figures[3], *_oriented(model, units.rows[i], units.rows[j]), i, j, figures)
        for i, j, figures in _scored(units, options, options.duplicate_warning, 1024)
    )
    kin: dict[str, set[str]] = {}
    best: dict[tuple[str, ...], PairScore] = {}
    for _, subject, other, i, j, figures in ranked:
        key = tuple(sorted(chains.get(x, (x,))[-1] for x in (subject, other)))
        if key not in best and link_between(model, subject, other, kin) is None:
            best[key] = _record(model, units, i, j, figures, kin)
    kept = sorted(best.values(), key=lambda p: (-p.score, p.subject, p.other))
    if options.duplicate_top:
        kept = kept[: options.duplicate_top]
    members = FamilyMembers(model, at)
    return [finding(ctx, p, members) for p in kept]

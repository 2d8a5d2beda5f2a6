"""Duplication (2.4): «Kjernegrupper skal ikke dublere andre strukturer og ordninger, men heller
komme til erstatning for disse.»

Which pairs are compared (``duplicate_scope``): ``core`` (the default) compares every core group
active on the date with every other active structure; ``all`` compares every pair of active
structures of any type (the question for a register without core groups). Each structure is
taken with its parts (see :mod:`kggraph.analyses.overlap`). A pair's score is the product of
three numbers in [0, 1], so it reads the same in any data set:

* **participants** — the weighted overlap coefficient of the organisations taking part: the
  weight of the shared ones over the weight of the lighter side. An organisation weighs
  ``ln((1 + N) / (1 + df))``, ``N`` structures compared, ``df`` of them with it: one found in
  most structures counts little (:mod:`kggraph.analyses.participants`). A body that convenes
  both (leads or chairs them, or runs their secretariats) is reported apart and counts for
  neither side; among the structures it convenes, participants are also weighed anew and the
  lower score kept. Pairs sharing fewer than ``duplicate_min_shared`` other participants are
  not scored.
* **subject** — the cosine of the two structures' TF-IDF vectors over the words of their names,
  descriptions and mandates and their themes; a broader and a narrower theme meet (with
  ``theme_hierarchy``), siblings do not (:mod:`kggraph.analyses.subjects`).
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

from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from kggraph.analyses.findings import Finding
from kggraph.analyses.overlap import lineages, shared_pairs
from kggraph.analyses.participants import ByConvenor, Participation, participation
from kggraph.analyses.subjects import SubjectVectors, subject_vectors
from kggraph.model.records import Entity, Model

from .common import Context
from .duplication_text import FamilyMembers, finding
from .options import DEFAULTS, CheckOptions

__all__ = ["RULES", "Link", "PairScore", "check_duplication", "link_between", "score_pairs"]

RULES = ("2.4",)

_LINKS = (("replaces", "replaces"), ("predecessors", "predecessor"), ("steers", "steers"))


@dataclass(frozen=True)
class Link:
    """Why a pair is not duplication: ``source`` (an IRI) ``kind`` ``target``.

    ``kind`` is ``part_of``, ``replaces``, ``predecessor`` or ``steers``.
    """

    kind: str
    source: str
    target: str


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


def _row_sum(x: sparse.csr_matrix, y: sparse.csr_matrix) -> np.ndarray:
    """Σ x_k ∘ y_k for row pairs of two equally long matrices (same columns)."""
    return np.asarray(x.multiply(y).sum(axis=1)).ravel().astype(float)


@dataclass(frozen=True)
class _Units:
    """The active structures as matrix rows: who takes part, what about, when."""

    rows: list[str]
    position: dict[str, int]
    subjects: np.ndarray  # the rows compared with every other row (core groups, or all)
    people: Participation
    local: ByConvenor
    weighted: sparse.csr_matrix
    mass: np.ndarray  # each row's total participant weight
    words: SubjectVectors
    starts: np.ndarray
    ends: np.ndarray


def _units(model: Model, at: date, options: CheckOptions) -> _Units:
    rows = sorted(e.iri for e in model.active_structures(at))
    if options.duplicate_scope == "all":
        subjects = np.arange(len(rows))
    else:
        kinds = [model.entities[iri].type for iri in rows]
        subjects = np.array([i for i, k in enumerate(kinds) if k == "CoreGroup"], dtype=int)
    people = participation(model, at, rows)
    weighted = people.weighted()
    mass = np.asarray(weighted.sum(axis=1)).ravel()
    words = subject_vectors(model, rows, options.theme_hierarchy)
    starts, ends = _bounds(model, rows)
    position = {iri: i for i, iri in enumerate(rows)}
    local = ByConvenor(people)
    return _Units(rows, position, subjects, people, local, weighted, mass, words, starts, ends)


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
    a, c = units.people.members, units.people.convening
    pairs = shared_pairs(a[block], a, minimum=options.duplicate_min_shared)
    left, right = block[pairs.left], pairs.right
    is_subject = np.zeros(len(units.rows), dtype=bool)
    is_subject[units.subjects] = True
    keep = (left != right) & (~is_subject[right] | (left < right))
    left, right, count = left[keep], right[keep], pairs.shared[keep]
    both = c[left].multiply(c[right]).tocsr()  # the bodies convening both: set apart
    apart = both @ units.people.weight
    keep = count - np.diff(both.indptr) >= options.duplicate_min_shared
    left, right, apart = left[keep], right[keep], apart[keep]
    mean = np.sqrt((units.mass[left] - apart) * (units.mass[right] - apart))
    shared = _row_sum(units.weighted[left], a[right]) - apart
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
    local = np.array(
        [units.local.lowest(i, j)[0] for i, j in zip(left.tolist(), right.tolist(), strict=True)]
    )
    members = np.minimum(members, local) if len(local) else members
    score = members * subject * time
    keep = score >= cutoff - 1e-12
    return _Scored(left[keep], right[keep], members[keep], subject[keep], time[keep], score[keep])


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
    out = []
    for lo in range(0, len(units.subjects), block):
        scored = _score_block(units, units.subjects[lo : lo + block], options, cutoff)
        for k in range(len(scored.score)):
            figures = (scored.members[k], scored.subject[k], scored.time[k], scored.score[k])
            i, j = int(scored.left[k]), int(scored.right[k])
            out.append(_record(model, units, i, j, figures, kin))
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
    weigh = people.weight_of if convenor is None else units.local.named(convenor).__getitem__
    shared = sorted(((o, weigh(o)) for o in mine & theirs), key=lambda x: (-x[1], x[0]))
    among = None if convenor is None else people.cols[convenor]
    meeting = units.words.meeting(si, oi)
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
        link=link_between(model, subject, other, kin),
    )


def check_duplication(
    model: Model, at: date, lang: str = "nb", options: CheckOptions = DEFAULTS
) -> list[Finding]:
    """2.4 findings: pairs scoring from ``duplicate_warning`` that no link exempts, the best
    pair of each two families; with ``duplicate_top``, only that many, the strongest."""
    ctx = Context(model, at, lang, options)
    chains = lineages(model, at)
    best: dict[tuple[str, str], PairScore] = {}
    for p in score_pairs(model, at, options):
        if p.link is not None:
            continue
        key = tuple(sorted(chains.get(x, (x,))[-1] for x in (p.subject, p.other)))
        if key not in best or p.score > best[key].score:
            best[key] = p
    kept = sorted(best.values(), key=lambda p: (-p.score, p.subject, p.other))
    if options.duplicate_top:
        kept = kept[: options.duplicate_top]
    members = FamilyMembers(model, at)
    return [finding(ctx, p, members) for p in kept]

"""Duplication (2.4): «Kjernegrupper skal ikke dublere andre strukturer og ordninger, men heller
komme til erstatning for disse.»

Every core group active on the date is compared with every other active structure, each taken
with its parts (see :mod:`kggraph.analyses.overlap`). A pair's duplication score is the product of
three
numbers in [0, 1]:

* **members** — the overlap coefficient of the organisations (ministries, agencies, others)
  taking part: shared / the smaller side. Pairs sharing fewer than ``duplicate_min_shared`` are
  not scored.
* **themes** — the share of one side's themes (``kg:theme``) that the other side shares, the
  larger of the two shares. With ``theme_hierarchy`` a broader and a narrower theme count as
  shared (``skos:broader``, transitively); siblings never do. The graph holds no mandate texts:
  the themes stand for what a mandate is about.
* **time** — how long the two run side by side: 1 when the common period is open-ended or at
  least ``duplicate_full_days`` long, proportionally less otherwise.

So many shared members with other themes is *overlap*, not duplication: the theme factor is 0.
A score from ``duplicate_warning`` is a duplication risk (warning), from ``duplicate_error`` a
duplicate (error).

Not duplication, whatever the score — 2.4 asks core groups to *replace* structures: a pair where
one side (or a part or whole of it) replaces the other (``dcterms:replaces``), is its
predecessor (``kg:predecessor``), steers it (``kg:steers``: a core group that is the steering
group of a programme), or where one is a part of the other (``org:subOrganizationOf``).
A core group flagged against a structure and against a part of it keeps only the higher score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from kggraph.analyses.findings import Evidence, Finding
from kggraph.analyses.overlap import (
    BY_KINDS,
    Incidence,
    ancestors,
    families,
    family_members,
    lineages,
    member_incidence,
    related_theme_incidence,
    shared_pairs,
    theme_incidence,
)
from kggraph.model.records import Entity, Membership, Model

from .common import Context
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
    """How much core group ``subject`` and structure ``other`` duplicate each other."""

    subject: str
    other: str
    shared: tuple[str, ...]
    size_subject: int
    size_other: int
    member_score: float
    themes: tuple[tuple[str, str], ...]
    theme_score: float
    period: tuple[date | None, date | None]
    time_score: float
    score: float
    link: Link | None


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


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.divide(a, b, out=np.zeros(len(a)), where=b > 0)


def _row_overlap(x: sparse.csr_matrix, y: sparse.csr_matrix) -> np.ndarray:
    """|x_k ∩ y_k| for row pairs of two equally long 0/1 matrices (same columns)."""
    return np.asarray(x.multiply(y).sum(axis=1)).ravel().astype(float)


def _theme_matrices(
    model: Model, units: list[str], hierarchy: bool
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    themes = theme_incidence(model, units)
    related = related_theme_incidence(model, themes) if hierarchy else themes
    own = sparse.csr_matrix(
        (themes.matrix.data, themes.matrix.indices, themes.matrix.indptr),
        shape=(len(units), len(related.cols)),
    )
    return own, related.matrix


@dataclass(frozen=True)
class _Units:
    """The active structures as matrix rows: members, themes, periods."""

    rows: list[str]
    position: dict[str, int]
    cores: np.ndarray
    members: Incidence
    own: sparse.csr_matrix
    related: sparse.csr_matrix
    starts: np.ndarray
    ends: np.ndarray


def _units(model: Model, at: date, hierarchy: bool) -> _Units:
    rows = sorted(e.iri for e in model.active_structures(at))
    cores = np.array(
        [i for i, iri in enumerate(rows) if model.entities[iri].type == "CoreGroup"], dtype=int
    )
    position = {iri: i for i, iri in enumerate(rows)}
    members = member_incidence(model, at, rows, BY_KINDS["all"])
    own, related = _theme_matrices(model, rows, hierarchy)
    starts, ends = _bounds(model, rows)
    return _Units(rows, position, cores, members, own, related, starts, ends)


@dataclass(frozen=True)
class _Scored:
    left: np.ndarray
    right: np.ndarray
    members: np.ndarray
    themes: np.ndarray
    time: np.ndarray
    score: np.ndarray


def _score_block(units: _Units, block: np.ndarray, options: CheckOptions, cutoff: float) -> _Scored:
    """Score the pairs of the core groups in ``block`` with every structure; keep those that
    can reach ``cutoff``. Shared counts come from one sparse product per block; themes and
    time only for pairs whose member score alone reaches the cutoff (the others cannot)."""
    a = units.members.matrix
    pairs = shared_pairs(a[block], a, minimum=options.duplicate_min_shared)
    left, right = block[pairs.left], pairs.right
    is_core = np.zeros(len(units.rows), dtype=bool)
    is_core[units.cores] = True
    members = pairs.overlap()
    keep = (left != right) & (~is_core[right] | (left < right)) & (members >= cutoff - 1e-12)
    left, right, members = left[keep], right[keep], members[keep]
    size = np.diff(units.own.indptr).astype(float)
    themes = np.maximum(
        _ratio(_row_overlap(units.own[left], units.related[right]), size[left]),
        _ratio(_row_overlap(units.related[left], units.own[right]), size[right]),
    )
    days = (
        np.minimum(units.ends[left], units.ends[right])
        - np.maximum(units.starts[left], units.starts[right])
        + 1
    )
    time = np.where(np.isinf(days), 1.0, np.clip(days / options.duplicate_full_days, 0, 1))
    score = members * themes * time
    keep = score >= cutoff - 1e-12
    return _Scored(left[keep], right[keep], members[keep], themes[keep], time[keep], score[keep])


def score_pairs(
    model: Model,
    at: date,
    options: CheckOptions = DEFAULTS,
    minimum: float | None = None,
    block: int = 1024,
) -> list[PairScore]:
    """Every pair (active core group, other active structure) scoring at least ``minimum``
    (default ``options.duplicate_warning``), exempt or not, highest score first.

    Core groups are taken ``block`` at a time, so memory stays bounded however many
    structures there are; only the pairs left are built as records.
    """
    units = _units(model, at, options.theme_hierarchy)
    cutoff = options.duplicate_warning if minimum is None else minimum
    kin: dict[str, set[str]] = {}
    out = []
    for lo in range(0, len(units.cores), block):
        scored = _score_block(units, units.cores[lo : lo + block], options, cutoff)
        for k in range(len(scored.score)):
            figures = (scored.members[k], scored.themes[k], scored.time[k], scored.score[k])
            i, j = int(scored.left[k]), int(scored.right[k])
            out.append(_record(model, units, i, j, figures, options, kin))
    return sorted(out, key=lambda p: (-p.score, p.subject, p.other))


def _oriented(model: Model, a: str, b: str) -> tuple[str, str]:
    """(subject, other): a core group before any other structure; of two core groups, the
    later one (it is the one that should have replaced the other)."""
    ea, eb = model.entities[a], model.entities[b]
    if eb.type != "CoreGroup":
        return a, b

    def start(e: Entity) -> date:
        s = e.active.start.effective() if e.active.start else None
        return s or date.min

    return (b, a) if (start(eb), b) > (start(ea), a) else (a, b)


def _theme_pairs(model: Model, a: Entity, b: Entity, hierarchy: bool) -> tuple:
    """The theme pairs that make the theme score: each theme both name, then each broader or
    narrower pair that covers a theme only one side names (``theme_hierarchy``)."""
    exact = sorted(set(a.themes) & set(b.themes))
    out = [(t, t) for t in exact]
    if hierarchy:
        for x in sorted(a.themes):
            for y in sorted(b.themes):
                covers = x != y and (x in ancestors(model, y) or y in ancestors(model, x))
                if covers and (x not in exact or y not in exact):
                    out.append((x, y))
    return tuple(out)


def _record(
    model: Model,
    units: _Units,
    i: int,
    j: int,
    scores: tuple[float, float, float, float],
    options: CheckOptions,
    kin: dict[str, set[str]],
) -> PairScore:
    subject, other = _oriented(model, units.rows[i], units.rows[j])
    si, oi = units.position[subject], units.position[other]
    mine, theirs = units.members.members(si), units.members.members(oi)
    es, eo = model.entities[subject], model.entities[other]
    first, last = es.active.common(eo.active) or (None, None)
    return PairScore(
        subject=subject,
        other=other,
        shared=tuple(sorted(mine & theirs)),
        size_subject=len(mine),
        size_other=len(theirs),
        member_score=float(scores[0]),
        themes=_theme_pairs(model, es, eo, options.theme_hierarchy),
        theme_score=float(scores[1]),
        period=(first, last),
        time_score=float(scores[2]),
        score=float(scores[3]),
        link=link_between(model, subject, other, kin),
    )


def check_duplication(
    model: Model, at: date, lang: str = "nb", options: CheckOptions = DEFAULTS
) -> list[Finding]:
    """2.4 findings: pairs scoring from ``duplicate_warning`` that no link exempts."""
    ctx = Context(model, at, lang, options)
    chains = lineages(model, at)
    members = _FamilyMembers(model, at)
    best: dict[tuple[str, str], PairScore] = {}
    for p in score_pairs(model, at, options):
        if p.link is not None:
            continue
        key = (p.subject, chains.get(p.other, (p.other,))[-1])
        if key not in best or p.score > best[key].score:
            best[key] = p
    return [_finding(ctx, p, members) for p in best.values()]


class _FamilyMembers:
    """Each structure's family memberships on a date, worked out once per structure."""

    def __init__(self, model: Model, at: date) -> None:
        self.model, self.at = model, at
        self.family = families(model, at)
        self.cache: dict[str, dict[str, list[Membership]]] = {}

    def __call__(self, iri: str) -> dict[str, list[Membership]]:
        if iri not in self.cache:
            parts = self.family.get(iri, (iri,))
            self.cache[iri] = family_members(self.model, self.at, iri, parts)
        return self.cache[iri]


def _period_text(ctx: Context, p: PairScore) -> str:
    first, last = p.period
    since = first.isoformat() if first else ctx.t("start", "the start")
    if last is None:
        return ctx.t(f"fra {since}, uten slutt", f"from {since}, open-ended")
    days = (last - first).days + 1 if first else None
    length = ctx.t(f"{days} dager", f"{days} days") if days else "?"
    return f"{since} – {last.isoformat()} ({length})"


def _finding(ctx: Context, p: PairScore, members: _FamilyMembers) -> Finding:
    o = ctx.options
    a, b = ctx.name(p.subject), ctx.name(p.other)
    error = p.score >= o.duplicate_error
    names = ", ".join(ctx.name(s) for s in p.shared)
    smaller = min(p.size_subject, p.size_other)
    themes = ", ".join(
        ctx.concept(x) if x == y else f"{ctx.concept(x)} ~ {ctx.concept(y)}" for x, y in p.themes
    )
    figures = (
        f"{p.member_score:.2f} × {p.theme_score:.2f} × {p.time_score:.2f} = {p.score:.2f} ≥ "
        f"{o.duplicate_error if error else o.duplicate_warning:.2f}"
    )
    head = ctx.t(
        f"{a} dublerer {b}" if error else f"{a} og {b} kan dublere hverandre",
        f"{a} duplicates {b}" if error else f"{a} and {b} may duplicate each other",
    )
    message = ctx.t(
        f"{head} (skår {figures}): de deler {len(p.shared)} av {smaller} deltakere ({names}), "
        f"temaene møtes i {themes}, og de virker side om side {_period_text(ctx, p)}.",
        f"{head} (score {figures}): they share {len(p.shared)} of {smaller} participants "
        f"({names}), their themes meet in {themes}, and they run side by side "
        f"{_period_text(ctx, p)}.",
    )
    details = {
        "score": round(p.score, 3),
        "members": round(p.member_score, 3),
        "themes": round(p.theme_score, 3),
        "time": round(p.time_score, 3),
        "threshold": o.duplicate_error if error else o.duplicate_warning,
        "shared": [ctx.name(s) for s in p.shared],
    }
    severity = "error" if error else "warning"
    evidence = _evidence(ctx, p, members)
    return ctx.finding("2.4", severity, a, message, (b,), evidence, details)


def _evidence(ctx: Context, p: PairScore, members: _FamilyMembers) -> list[Evidence]:
    es, eo = ctx.model.entities[p.subject], ctx.model.entities[p.other]
    mine, theirs = members(p.subject), members(p.other)
    out = []
    for org in p.shared:
        here, there = mine[org][0], theirs[org][0]
        fact = ctx.t(
            f"{ctx.name(org)} deltar i begge: {ctx.name(here.organization)} "
            f"({ctx.role(here.role)}) og {ctx.name(there.organization)} ({ctx.role(there.role)})",
            f"{ctx.name(org)} takes part in both: {ctx.name(here.organization)} "
            f"({ctx.role(here.role)}) and {ctx.name(there.organization)} ({ctx.role(there.role)})",
        )
        out.append(Evidence(fact, ctx.cites((*here.sources, *there.sources))))
    for x, y in p.themes:
        fact = ctx.t(
            f"Tema: {es.notation} «{ctx.concept(x)}», {eo.notation} «{ctx.concept(y)}»",
            f"Theme: {es.notation} «{ctx.concept(x)}», {eo.notation} «{ctx.concept(y)}»",
        )
        out.append(Evidence(fact, ctx.cites((*es.sources, *eo.sources))))
    for e in (es, eo):
        out.append(ctx.period_evidence(e))
    o = ctx.options
    out.append(
        Evidence(
            ctx.t(
                f"Skår = deltakere {p.member_score:.2f} × temaer {p.theme_score:.2f} × tid "
                f"{p.time_score:.2f} = {p.score:.2f}; advarsel fra {o.duplicate_warning:.2f}, "
                f"feil fra {o.duplicate_error:.2f}",
                f"Score = members {p.member_score:.2f} × themes {p.theme_score:.2f} × time "
                f"{p.time_score:.2f} = {p.score:.2f}; warning from {o.duplicate_warning:.2f}, "
                f"error from {o.duplicate_error:.2f}",
            ),
            ctx.t("kggraph check (terskler)", "kggraph check (thresholds)"),
        )
    )
    return out

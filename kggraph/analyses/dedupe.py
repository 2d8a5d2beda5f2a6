"""Organisations that are probably the same: one register spells BEUC twenty ways.

Nothing here merges anything: it proposes candidate clusters for a person to review
(``kggraph dedupe``), each member with a score and the evidence. Two organisations are linked
when they are in the same country or area and

- share an acronym (from the short name, or written in the name: ``(BEUC)``, ``BEUC -``), and
  either one is the bare acronym or the rest of their names are at least ``min_name`` alike
  (names in two languages score about 50, two different bodies sharing an acronym about 40:
  ACE the cinematheques and ACE the beverage cartons stay apart); or
- have names at least ``min_fuzzy`` alike (typing variants of a name without acronym).

A bare acronym joins its acronym's cluster only when there is one; with several it stays out.
A name with several acronyms (a joint seat, ``COPA-COGECA - CEJA - CPE``; a member of an
umbrella, ``ETUC - ETUI-REHS``; a name in two languages, ``EBF-FBE``) is linked through the
acronym it goes by only (its short name's, else the first in its name), so it never chains
two bodies' clusters into one.
Names are compared with rapidfuzz's token-set ratio after folding case, accents and punctuation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kggraph.model.names import normalise
from kggraph.sources.merge import OrgRecord

__all__ = ["Candidate", "OrgRecord", "candidate_clusters"]

_ACRONYM = r"[A-Z][A-Z0-9&.\-]{1,14}"
_IN_NAME = (
    re.compile(rf"\(\s*({_ACRONYM})\s*\)"),
    re.compile(rf"^({_ACRONYM})\s*(?:[-–,(:]|$)"),
    re.compile(rf"[-–]\s*({_ACRONYM})\s*$"),
)


@dataclass(frozen=True)
class Candidate:
    """One member of a candidate cluster: how alike it is to the one proposed to keep, and why."""

    cluster: int
    keep: str
    record: OrgRecord
    score: float
    evidence: str


def _acronyms(r: OrgRecord) -> set[str]:
    found = {m.group(1) for pattern in _IN_NAME for m in pattern.finditer(r.name)}
    if r.notation and r.notation != r.name and re.fullmatch(_ACRONYM, r.notation.upper()):
        found.add(r.notation.upper())
    return {a.replace(".", "") for a in found if len(a.replace(".", "")) >= 2}


def _first(r: OrgRecord, acronyms: set[str]) -> str:
    """The acronym an organisation goes by: its short name's, else the first in its name."""
    own = (r.notation or "").upper().replace(".", "")
    if own in acronyms:
        return own
    plain = r.name.replace(".", "")
    return min(acronyms, key=lambda a: (plain.find(a) % (len(plain) + 1), a))


def _rest(r: OrgRecord, acronyms: set[str]) -> str:
    text = r.name
    for acronym in sorted(acronyms, key=lambda a: (-len(a), a)):  # COPA-COGECA before COPA
        text = re.sub(rf"\b{re.escape(acronym)}\b", " ", text)
    return normalise(text)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, i: int) -> int:
        while self.parent.setdefault(i, i) != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


class _Block:
    """The organisations of one country or area, linked as the module docstring says."""

    def __init__(self, records: list[OrgRecord], min_name: float, min_fuzzy: float) -> None:
        self.records = records
        self.acronyms = [_acronyms(r) for r in records]
        self.rests = [_rest(r, a) for r, a in zip(records, self.acronyms, strict=True)]
        self.min_name, self.min_fuzzy = min_name, min_fuzzy
        self.union = _Union()
        self.why: dict[tuple[int, int], str] = {}

    def link(self, i: int, j: int, why: str) -> None:
        self.union.join(i, j)
        self.why.setdefault((min(i, j), max(i, j)), why)

    def by_acronym(self) -> None:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, acronyms in enumerate(self.acronyms):
            for acronym in acronyms:
                groups[acronym].append(i)
        for i, acronyms in enumerate(self.acronyms):
            if len(acronyms) > 1:  # joins one acronym's group only: it bridges none
                for acronym in acronyms - {_first(self.records[i], acronyms)}:
                    groups[acronym].remove(i)
        for acronym, members in groups.items():
            full = [i for i in members if self.rests[i]]
            bare = [i for i in members if not self.rests[i]]
            local = _Union()
            for a, i in enumerate(full):
                for j in full[a + 1 :]:
                    alike = fuzz.token_set_ratio(self.rests[i], self.rests[j])
                    if alike >= self.min_name:
                        local.join(i, j)
                        self.link(i, j, f"acronym {acronym}; names {alike:.0f}% alike")
            components = {local.find(i) for i in full}
            if len(components) <= 1:
                for i in bare:
                    for j in (full or bare)[:1]:
                        if i != j:
                            self.link(i, j, f"acronym {acronym}; one is the bare acronym")

    def by_name(self) -> None:
        named = [i for i, rest in enumerate(self.rests) if rest]
        if len(named) < 2:
            return
        choices = [self.rests[i] for i in named]
        scores = process.cdist(
            choices, choices, scorer=fuzz.token_sort_ratio, score_cutoff=self.min_fuzzy
        )
        for a, b in zip(*scores.nonzero(), strict=True):
            if a < b:
                i, j = named[a], named[b]
                self.link(i, j, f"names {scores[a, b]:.0f}% alike")

    def clusters(self) -> list[list[int]]:
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.records)):
            members[self.union.find(i)].append(i)
        return [m for m in members.values() if len(m) > 1]


def _members(block: _Block, cluster: list[int], number: int) -> list[Candidate]:
    records = block.records
    keep = max(cluster, key=lambda i: (records[i].seats, len(records[i].name), records[i].iri))
    out = []
    for i in sorted(cluster, key=lambda i: (i != keep, records[i].name.casefold())):
        score, evidence = 1.0, f"proposed to keep: most seats ({records[i].seats})"
        if i != keep:
            score, evidence = _likeness(block, i, keep)
        out.append(Candidate(number, records[keep].iri, records[i], round(score, 2), evidence))
    return out


def _likeness(block: _Block, i: int, keep: int) -> tuple[float, str]:
    """How alike member ``i`` is to the one kept (0-1), and the evidence in words."""
    shared = sorted(block.acronyms[i] & block.acronyms[keep])
    rest_i, rest_k = block.rests[i], block.rests[keep]
    alike = fuzz.token_set_ratio(rest_i, rest_k) / 100 if rest_i and rest_k else 0.0
    facts = [f"acronym {shared[0]} in both"] if shared else []
    if shared and not (rest_i and rest_k):
        facts.append("one is the bare acronym")
    elif rest_i and rest_k:
        facts.append(f"names {alike:.0%} alike")
    if not shared:
        facts.append(
            "linked through "
            + "; ".join(dict.fromkeys(w for (a, b), w in block.why.items() if i in (a, b)))
        )
    country = block.records[i].country or "no country"
    facts.append(f"same country or area ({country})")
    score = max(alike, 0.9 if shared and not (rest_i and rest_k) else 0.0)
    return score, "; ".join(facts)


def candidate_clusters(
    records: list[OrgRecord], *, min_name: float = 45, min_fuzzy: float = 92
) -> list[list[Candidate]]:
    """Candidate clusters of probably-same organisations, largest first (see the module)."""
    blocks: dict[str, list[OrgRecord]] = defaultdict(list)
    for r in records:
        blocks[normalise(r.country)].append(r)
    found: list[tuple[_Block, list[int]]] = []
    for country in sorted(blocks):
        block = _Block(sorted(blocks[country], key=lambda r: r.iri), min_name, min_fuzzy)
        block.by_acronym()
        block.by_name()
        found += [(block, c) for c in block.clusters()]
    found.sort(key=lambda bc: (-len(bc[1]), min(bc[0].records[i].name for i in bc[1])))
    return [_members(block, cluster, n) for n, (block, cluster) in enumerate(found, start=1)]

"""Candidate pairs of EU expert groups for hand-labelling duplication, from several samplers.

``python -m benchmarks.eu_pair_samplers [--out FILE]`` reads the EU Register of Commission
Expert Groups (``../shared/realdata/eu-expert-groups/``) and draws pairs of groups from samplers
that know nothing of kggraph's own duplication check, so that labels taken from them do not
favour its ranking:

- ``random`` — uniform random pairs of groups;
- ``tfidf`` — the highest TF-IDF cosine of en_name + mission + task;
- ``shared_orgs`` — the most shared member organisations (crudely normalised names);
- ``area_dg`` — random pairs within the same policy area and lead DG;
- ``name_fuzzy`` — the highest rapidfuzz ``token_set_ratio`` of the English names;
- ``name_rare`` — the highest TF-IDF cosine of the English names alone: names that share rare
  words ("Advisory Group on Beekeeping" and "Beekeeping");
- ``successor`` — a group whose mission or task speaks of replacing, succeeding, merging or
  a predecessor, with its nearest group by TF-IDF;
- ``cross_dg`` — the highest TF-IDF cosine between groups with different lead DGs: the same
  task in two DGs;
- ``hub_lead`` — pairs sharing the lead DG and hub organisations (in many groups) whose texts
  differ: the hard negatives of issue 15;
- ``search`` — pairs found by a deliberate search for duplicates (see ``SEARCH``);
- ``issue15`` — the pairs issue 15 read by hand;
- ``heldout`` — a second, fresh draw from the same ideas with its own seed (HELDOUT_SEED), for
  labels that no change to kggraph was tuned on: 10 pairs at random from each of ``tfidf``,
  ``shared_orgs`` and ``name_fuzzy`` at ranks 16-40, 10 from ``area_dg`` drawn anew and 5
  uniform random pairs, each leaving out the pairs the samplers above draw;
- ``kggraph`` — a frozen list (``KGGRAPH``) of pairs from kggraph's own ranking, given as codes
  only and labelled without its scores; kept apart from the others when false positives are
  counted, since every one of its pairs is flagged by construction;
- ``kggraph2`` — a second frozen list (``KGGRAPH2``) from kggraph's ranking at a later commit:
  the pairs of its top 20 not yet labelled, given and labelled the same way and kept apart in
  the same way (both names are in ``FROM_KGGRAPH``).

A pair found by several samplers is written once with every sampler's name. Everything is
seeded, so a run gives the same TSV each time.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "eu-expert-groups"
SEED = 15
PER_SAMPLER = 15
HELDOUT_SEED = 2026
HELDOUT_RANKS = 40
HELDOUT_EACH = 10
HELDOUT_RANDOM = 5
MAX_PER_GROUP = 2
HUB_SHARE = 0.02
SUCCESSOR_WORDS = re.compile(
    r"\b(replac\w*|successor|succeed\w*|formerly|previous\w*|renamed|merg\w*|predecessor)\b", re.I
)
ISSUE15 = [("E01515", "E01521"), ("E02057", "E02383"), ("E00087", "E00089")]
SEARCH = [
    ("E00121", "X00144"),
    ("E00123", "E02522"),
    ("E00125", "E01782"),
    ("E00130", "E02182"),
    ("E00132", "E02182"),
    ("E00145", "E02124"),
    ("E00153", "E00154"),
    ("E00205", "E00207"),
    ("E00373", "E02611"),
    ("E00600", "E00601"),
    ("E00648", "E02594"),
    ("E01246", "E01247"),
    ("E01356", "E01474"),
    ("E01899", "E01949"),
    ("E01941", "E02334"),
    ("E01941", "E02520"),
    ("E02280", "E02306"),
    ("E02539", "E02551"),
    ("X00944", "X00945"),
    ("X01243", "X01783"),
]
"""Pairs found by a deliberate search for duplicates: name_rare and cross_dg read past their
first PER_SAMPLER pairs (to rank 40 and 60), and the AGRI groups read side by side (each
advisory group of stakeholders beside the expert group of national administrations on the same
product, and the 2008 single-CMO groups beside the older product groups)."""

KGGRAPH = [
    ("E00103", "E00116"),
    ("E00979", "E02167"),
    ("E01419", "E01454"),
    ("E01466", "E01542"),
    ("E01466", "E01546"),
    ("E01469", "E01486"),
    ("E01469", "E01487"),
    ("E01469", "E01539"),
    ("E01469", "E01543"),
    ("E01469", "E01734"),
    ("E01469", "E01735"),
    ("E01485", "E01510"),
    ("E01485", "E01543"),
    ("E01486", "E01539"),
    ("E01486", "E01543"),
    ("E01486", "E01734"),
    ("E01488", "E01497"),
    ("E01496", "E01734"),
    ("E01497", "E01542"),
    ("E01498", "E01547"),
    ("E01504", "E01505"),
    ("E01505", "E01510"),
    ("E01505", "E01511"),
    ("E01505", "E01734"),
    ("E01507", "E01510"),
    ("E01509", "E01539"),
    ("E01510", "E01511"),
    ("E01515", "E01528"),
    ("E01520", "E01735"),
    ("E01521", "E01528"),
    ("E01521", "E01560"),
    ("E01522", "E01735"),
    ("E01525", "E01546"),
    ("E01539", "E01543"),
    ("E01539", "E01734"),
    ("E01539", "E01735"),
    ("E01543", "E01734"),
    ("E01543", "E01735"),
    ("E01550", "E01553"),
    ("E01552", "E01560"),
    ("E01734", "E01735"),
    ("E02353", "E02618"),
    ("E02468", "E02469"),
    ("X00944", "X00945"),
]
"""kggraph's own pairs: the top 20, every error-level finding and 15 random warning-level
findings of ``check --rule 2.4 --scope all`` on the register at commit 5689adc, as group codes
only. They were labelled by reading the register, without kggraph's scores; every one is flagged,
so they measure precision, never the rate of non-duplicates flagged."""

KGGRAPH2 = [
    ("E00249", "E00251"),
    ("E00976", "E00980"),
    ("E01484", "E01523"),
    ("E01912", "E02395"),
    ("E02338", "E02602"),
    ("E02392", "E02393"),
]
"""kggraph's top 20 of ``check --rule 2.4 --scope all`` on the register at commit 29572ea, less
the pairs already labelled (from any sampler): given as group codes only and labelled by reading
the register, without kggraph's scores. Like ``KGGRAPH``, every one is flagged by construction."""

FROM_KGGRAPH = frozenset({"kggraph", "kggraph2"})
"""The samplers whose pairs come from kggraph's own ranking: a pair drawn only by them is left
out when the rate of non-duplicates flagged is counted."""

Pair = tuple[str, str]


def load(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The groups (one row per code) and the organisation seats, as strings."""
    groups = pd.read_csv(folder / "ec_expert_groups.csv", dtype=str).fillna("")
    seats = pd.read_csv(folder / "ec_expert_group_organisation_members.csv", dtype=str).fillna("")
    return groups.sort_values("code").reset_index(drop=True), seats


def org_key(seat: pd.Series) -> str:
    """A crude organisation identity: the acronym when there is one, else the name, uppercased;
    a country seat keeps its country, since they are all called "Government" and the like."""
    key = (seat["acronym"] or seat["name"]).upper().strip()
    if seat["category"] in {"Third Country", "Candidate country", "Accession country"}:
        key = f"{key} / {seat['countries_areas_represented'].upper()}"
    return re.sub(r"[^\w/ ]+", " ", key).strip()


def memberships(groups: pd.DataFrame, seats: pd.DataFrame) -> list[set[str]]:
    """For each group (in the order of ``groups``), the set of its organisation keys."""
    keys = seats.apply(org_key, axis=1)
    by_code = keys.groupby(seats["group_code"]).agg(set)
    return [by_code.get(code, set()) for code in groups["code"]]


def ordered(codes: pd.Series, i: int, j: int) -> Pair:
    """The pair of codes, smaller first."""
    a, b = codes.iloc[i], codes.iloc[j]
    return (a, b) if a < b else (b, a)


def top_pairs(matrix: np.ndarray, codes: pd.Series, n: int) -> list[Pair]:
    """The n pairs (i < j) with the highest values of a symmetric matrix, ties by code, each
    group in at most MAX_PER_GROUP of them (so that one cluster of look-alike groups, such as
    the agricultural advisory groups with one boilerplate mission, does not fill the sample)."""
    upper = np.triu(matrix, k=1)
    seen: Counter[int] = Counter()
    found: list[Pair] = []
    for k in np.argsort(-upper, axis=None, kind="stable"):
        i, j = np.unravel_index(k, upper.shape)
        if upper[i, j] <= 0 or len(found) == n:
            break
        if seen[i] < MAX_PER_GROUP and seen[j] < MAX_PER_GROUP:
            seen.update([i, j])
            found.append(ordered(codes, i, j))
    return found


def cosine(text: pd.Series, min_df: int = 1) -> np.ndarray:
    """TF-IDF cosine between every two texts (English stop words left out)."""
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=min_df)
    tfidf = vectorizer.fit_transform(text)
    return (tfidf @ tfidf.T).toarray()


def random_pairs(rng: np.random.Generator, codes: pd.Series, n: int) -> list[Pair]:
    """n distinct uniform random pairs of groups."""
    found: set[Pair] = set()
    while len(found) < n:
        i, j = rng.choice(len(codes), size=2, replace=False)
        found.add(ordered(codes, i, j))
    return sorted(found)


def area_dg_pairs(rng: np.random.Generator, groups: pd.DataFrame, n: int) -> list[Pair]:
    """n random pairs of groups that share their (whole) policy area and lead DG."""
    grouped = groups.groupby(["policy_area", "lead_dg"]).groups
    blocks = [idx.to_numpy() for idx in grouped.values()]
    blocks = [b for b in blocks if len(b) > 1]
    sizes = np.array([len(b) * (len(b) - 1) for b in blocks], dtype=float)
    found: set[Pair] = set()
    while len(found) < n:
        block = blocks[rng.choice(len(blocks), p=sizes / sizes.sum())]
        i, j = rng.choice(block, size=2, replace=False)
        found.add(ordered(groups["code"], i, j))
    return sorted(found)


def name_pairs(groups: pd.DataFrame, n: int) -> list[Pair]:
    """The n pairs with the highest token_set_ratio of English names (ties: token_sort_ratio)."""
    names = groups["en_name"].str.lower().tolist()
    setr = process.cdist(names, names, scorer=fuzz.token_set_ratio, workers=1)
    sortr = process.cdist(names, names, scorer=fuzz.token_sort_ratio, workers=1)
    return top_pairs(setr * 1000 + sortr, groups["code"], n)


def successor_pairs(groups: pd.DataFrame, sim: np.ndarray, n: int) -> list[Pair]:
    """Groups whose mission or task uses successor wording, each with its nearest group."""
    text = groups["mission"] + " " + groups["task"]
    pairs: dict[Pair, float] = {}
    for i in (i for i, t in enumerate(text) if SUCCESSOR_WORDS.search(t)):
        j = _nearest(sim, i)
        pairs[ordered(groups["code"], i, j)] = sim[i, j]
    return sorted(pairs, key=lambda pair: (-pairs[pair], pair))[:n]


def _same(column: pd.Series) -> np.ndarray:
    """True where two groups have the same value in the column."""
    values = column.to_numpy()
    return values[:, None] == values[None, :]


def _nearest(sim: np.ndarray, i: int) -> int:
    """The other group nearest to group i."""
    row = sim[i].copy()
    row[i] = -1
    return int(row.argmax())


def hub_lead_pairs(
    rng: np.random.Generator, groups: pd.DataFrame, orgs: list[set[str]], sim: np.ndarray, n: int
) -> list[Pair]:
    """n random pairs sharing the lead DG and at least two hub organisations, texts unlike
    (cosine below 0.2)."""
    counts = pd.Series([k for s in orgs for k in s]).value_counts()
    hubs = set(counts[counts >= HUB_SHARE * len(groups)].index)
    candidates = [
        ordered(groups["code"], i, j)
        for _, idx in groups.groupby("lead_dg").groups.items()
        for i in idx
        for j in idx
        if i < j and len(orgs[i] & orgs[j] & hubs) >= 2 and sim[i, j] < 0.2
    ]
    picks = rng.choice(len(candidates), size=min(n, len(candidates)), replace=False)
    return sorted(candidates[k] for k in picks)


def fresh(rng: np.random.Generator, pairs: list[Pair], taken: set[Pair], n: int) -> list[Pair]:
    """n pairs picked at random from those of ``pairs`` not in ``taken``."""
    left = [p for p in dict.fromkeys(pairs) if p not in taken]
    picks = rng.choice(len(left), size=min(n, len(left)), replace=False)
    return sorted(left[k] for k in picks)


def heldout_pairs(
    groups: pd.DataFrame, sim: np.ndarray, shared: np.ndarray, taken: set[Pair]
) -> list[Pair]:
    """A fresh draw (own seed) from tfidf, shared_orgs and name_fuzzy at ranks 16-40, from
    area_dg and at random, leaving out the pairs already ``taken`` by the other samplers."""
    rng = np.random.default_rng(HELDOUT_SEED)
    codes = groups["code"]
    further = [
        top_pairs(sim, codes, HELDOUT_RANKS)[PER_SAMPLER:],
        top_pairs(shared, codes, HELDOUT_RANKS)[PER_SAMPLER:],
        name_pairs(groups, HELDOUT_RANKS)[PER_SAMPLER:],
        area_dg_pairs(rng, groups, HELDOUT_RANKS),
    ]
    found = {p for pairs in further for p in fresh(rng, pairs, taken, HELDOUT_EACH)}
    found |= set(fresh(rng, random_pairs(rng, codes, HELDOUT_RANKS), taken, HELDOUT_RANDOM))
    return sorted(found)


def samplers(groups: pd.DataFrame, seats: pd.DataFrame) -> Iterator[tuple[str, list[Pair]]]:
    """Each sampler's name and its pairs."""
    rng = np.random.default_rng(SEED)
    codes = groups["code"]
    orgs = memberships(groups, seats)
    sim = cosine(groups["en_name"] + " " + groups["mission"] + " " + groups["task"], min_df=2)
    shared = np.array([[len(a & b) for b in orgs] for a in orgs])
    drawn = [
        ("random", random_pairs(rng, codes, PER_SAMPLER)),
        ("tfidf", top_pairs(sim, codes, PER_SAMPLER)),
        ("shared_orgs", top_pairs(shared, codes, PER_SAMPLER)),
        ("area_dg", area_dg_pairs(rng, groups, PER_SAMPLER)),
        ("name_fuzzy", name_pairs(groups, PER_SAMPLER)),
        ("name_rare", top_pairs(cosine(groups["en_name"]), codes, PER_SAMPLER)),
        ("successor", successor_pairs(groups, sim, PER_SAMPLER)),
        ("cross_dg", top_pairs(np.where(_same(groups["lead_dg"]), 0, sim), codes, PER_SAMPLER)),
        ("hub_lead", hub_lead_pairs(rng, groups, orgs, sim, PER_SAMPLER)),
        ("search", SEARCH),
        ("issue15", [tuple(sorted(p)) for p in ISSUE15]),
    ]
    yield from drawn
    taken = {p for _, pairs in drawn for p in pairs}
    yield "heldout", heldout_pairs(groups, sim, shared, taken)
    yield "kggraph", KGGRAPH
    yield "kggraph2", KGGRAPH2


def candidates(groups: pd.DataFrame, seats: pd.DataFrame) -> pd.DataFrame:
    """One row per pair found by any sampler, with every sampler that found it and the names."""
    found: dict[Pair, list[str]] = {}
    for name, pairs in samplers(groups, seats):
        for pair in pairs:
            found.setdefault(pair, []).append(name)
    names = dict(zip(groups["code"], groups["en_name"], strict=True))
    rows = [(a, b, ",".join(s), names[a], names[b]) for (a, b), s in sorted(found.items())]
    return pd.DataFrame(rows, columns=["code_a", "code_b", "samplers", "en_name_a", "en_name_b"])


def main(argv: list[str] | None = None) -> None:
    """Write the candidate TSV to --out or stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REALDATA, help="the register's folder")
    parser.add_argument("--out", type=Path, help="the TSV to write (default: stdout)")
    args = parser.parse_args(argv)
    table = candidates(*load(args.data))
    table.to_csv(args.out or sys.stdout, sep="\t", index=False)


if __name__ == "__main__":
    main()

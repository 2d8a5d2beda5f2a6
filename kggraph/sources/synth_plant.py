"""What the synthetic data plant for 2.4: duplicates, and hard negatives beside them.

A planted family is built from the previous one (its *twin*) and a freshly drawn one, and runs
over the twin's period, so time never tells them apart:

=================  ===============================================================
kind               what it shares with its twin
=================  ===============================================================
``duplicate``      everything: ministries, parts with their members, themes, words
``same-members``   ministries and parts with their members; other themes and words
``same-subject``   themes and words; no ministry, agency or other organisation
``shared-lead``    themes, words and the lead ministry (it also runs the
                   secretariat); nothing else
``hub``            themes, words, one ministry, and the hub organisation that sits
                   in every core group; nothing else
=================  ===============================================================

Only ``duplicate`` is a duplicate. The others are what a score that counts heads, or reads
subjects alone, or counts a convenor or a ubiquitous body as shared, would call duplicates.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import TYPE_CHECKING

from .synth_state import REORGANISED_ON, SPLIT_INTO

if TYPE_CHECKING:
    from .synth_families import Family
    from .synth_state import State

__all__ = ["MIRRORED", "PLANTED", "plant"]

# family number modulo DUPLICATE_EVERY → what it plants
PLANTED = {0: "duplicate", 8: "same-members", 16: "same-subject", 24: "shared-lead", 32: "hub"}
MIRRORED = frozenset({"duplicate", "same-members"})  # kinds whose parts copy the twin's


def _taken(st: State, twin: Family) -> frozenset[str]:
    """Every organisation in the twin's family but the hub."""
    return frozenset(m.member for b in twin.bodies for m in b.members) - {st.hub}


def plant(st: State, rng: random.Random, fresh: Family, twin: Family, kind: str) -> Family:
    """The family of ``kind`` planted beside ``twin``; ``fresh`` brings what is new."""
    period = {"start": twin.start, "end": twin.end}
    if kind == "duplicate":
        copied = {"ministries": list(twin.ministries), "themes": list(twin.themes)}
        return replace(fresh, **period, **copied, topic=list(twin.topic))
    if kind == "same-members":
        return replace(fresh, **period, ministries=list(twin.ministries))
    split = twin.start.day is not None and twin.start.day >= REORGANISED_ON
    free = [m for m in sorted(st.ministries) if m not in twin.ministries]
    free = [m for m in free if split or m != SPLIT_INTO]
    keep = {"same-subject": [], "shared-lead": twin.ministries[:1], "hub": twin.ministries[1:2]}
    ministries = rng.sample(free, min(len(free), rng.randint(3, 5)))
    if kind == "hub":
        ministries = [ministries[0], *keep[kind], *ministries[1:]]
    else:
        ministries = [*keep[kind], *ministries]
    return replace(
        fresh,
        **period,
        ministries=ministries,
        themes=list(twin.themes),
        topic=list(twin.topic),
        avoid=_taken(st, twin),
    )

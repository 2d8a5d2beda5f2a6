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

from .synth_families import Families, Family, SynthReport
from .synth_rdf import NOTE, Calendar, Sink, local_iri, text
from .synth_state import MEMBERSHIPS_PER_STATE, State, write_state

__all__ = ["NOTE", "Sink", "SynthReport", "generate"]


def _write_family(w: Sink, fam: Family, next_id: Callable[[], str], st: State) -> None:
    w.subject(
        fam.citation,
        [
            ("a", "kg:Citation"),
            ("rdfs:label", text(f"S{st.number} §{fam.number}")),
            ("dcterms:isPartOf", st.document),
            ("kg:section", text(str(fam.number))),
            ("kg:quote", text(f"Syntetisk beskrivelse av struktur {fam.number}.", "nb")),
        ],
    )
    for iri, pairs in fam.nodes:
        w.subject(iri, [*pairs, ("dcterms:source", fam.citation)])
    for body in fam.bodies:
        w.subject(
            body.iri,
            [
                ("a", body.cls),
                ("skos:notation", text(body.notation)),
                ("skos:prefLabel", text(body.nb, "nb")),
                ("skos:prefLabel", text(body.en, "en")),
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


def _trim(fam: Family, room: int) -> None:
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
        return local_iri(f"synth-m{state['n']:0{width}d}")

    return next_id


def _states(memberships: int) -> int:
    return max(1, -(-memberships // MEMBERSHIPS_PER_STATE))


def _family_stream(
    states: list[State], cal: Calendar, rng: random.Random, report: SynthReport
) -> Iterator[tuple[State, Family]]:
    """Families round-robin over the states, without end; the caller stops."""
    builders = [Families(st, cal, rng, report) for st in states]
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
    cal = Calendar()
    report = SynthReport(memberships=memberships, states=_states(memberships))
    general = local_iri("synth-src-general")
    w.subject(general, [("a", "kg:Citation"), ("rdfs:label", text("syntetisk"))])
    # The synthetic core groups are judged by the Norwegian guidelines, as the bundled data are
    # (data/profile.ttl): without this, the rules that need Norwegian facts (5.1, 5.3, …) skip it.
    dataset = [("a", "kg:Dataset"), ("rdfs:label", text("syntetiske kjernegrupper"))]
    w.subject(local_iri("synth-dataset"), [*dataset, ("kg:guidelineSet", "kggl:scheme")])
    states = [State(n) for n in range(1, report.states + 1)]
    for st in states:
        write_state(w, cal, st, rng, general)
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
    report.other_organisations = sum(len(st.others) for st in states) + 1  # and the hub
    report.triples = w.triples
    return report

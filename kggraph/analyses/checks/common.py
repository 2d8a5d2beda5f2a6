"""What every check shares: the date, language and options, the guideline text, and evidence.

A check builds its findings through :meth:`Context.finding`, which fills in the words of the
guideline point from the SKOS scheme (``ontology/guidelines.ttl``) and where it is stated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from kggraph.analyses.findings import Evidence, Finding
from kggraph.model.dates import Instant, Interval
from kggraph.model.namespaces import KGGL, KGLEVEL, KGROLE
from kggraph.model.records import Concept, Entity, Membership, Model

from .options import CheckOptions

__all__ = ["Context", "per_group", "possibly_active", "tr"]

_DFO = "DFØ "


def tr(lang: str, nb: str, en: str) -> str:
    """The Norwegian or the English text (``lang`` is ``nb`` or ``en``)."""
    return en if lang == "en" else nb


def possibly_active(interval: Interval, when: date) -> bool:
    """Whether a period *may* cover ``when`` though its effective start is later: the start is
    undated (only bounded) and its earliest bound, if any, is not after ``when``.

    >>> later = Instant(date=None, not_after=date(2024, 6, 14))
    >>> possibly_active(Interval(later, None), date(2023, 6, 30))
    True
    >>> possibly_active(Interval(Instant(date(2024, 1, 1)), None), date(2023, 6, 30))
    False
    """
    start = interval.start
    if start is None or start.known or interval.contains(when):
        return False
    end = interval.end.effective() if interval.end else None
    earliest_ok = start.not_before is None or start.not_before <= when
    return earliest_ok and (end is None or when <= end)


@dataclass
class Context:
    """One run of the checks: the model, the date, the language and the thresholds."""

    model: Model
    at: date
    lang: str = "nb"
    options: CheckOptions = field(default_factory=CheckOptions)
    _cited: dict[tuple[str, ...], str] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def guidelines(self) -> dict[str, Concept]:
        """Guideline points and DFØ recommendations by notation ('2.4', 'DFØ 5.2')."""
        return {c.notation: c for c in self.model.concepts.values() if c.iri.startswith(str(KGGL))}

    @cached_property
    def core_groups(self) -> list[Entity]:
        """The core groups active on the date, by notation."""
        groups = [e for e in self.model.active_structures(self.at) if e.type == "CoreGroup"]
        return sorted(groups, key=lambda e: e.notation.casefold())

    def memberships(self, structure: str, *, held: bool = True) -> list[Membership]:
        """The memberships in a structure (held on the date, unless ``held=False``), by IRI:
        the same order whatever order the triples came in."""
        ms = self.model.memberships_in.get(structure, [])
        return sorted(
            (m for m in ms if not held or self.model.holds(m, self.at)), key=lambda m: m.iri
        )

    def t(self, nb: str, en: str) -> str:
        """The text in the run's language."""
        return tr(self.lang, nb, en)

    def name(self, iri: str) -> str:
        """The notation of an entity as it was on the date (OED before 2024; the IRI when it
        is not in the model)."""
        e = self.model.entities.get(iri)
        return e.notation_on(self.at) if e else iri

    def level(self, notation: str) -> str:
        """A level's label in the run's language."""
        return self.model.concept_label(notation, str(KGLEVEL), self.lang)

    def role(self, notation: str) -> str:
        """A role's label in the run's language."""
        return self.model.concept_label(notation, str(KGROLE), self.lang)

    def concept(self, iri: str) -> str:
        """Any concept's label in the run's language."""
        c = self.model.concepts.get(iri)
        return (c.labels.get(self.lang) or c.labels.get("nb") or c.notation) if c else iri

    def cites(self, iris: tuple[str, ...]) -> str:
        """Citation labels, '; '-joined ('002 §3.1.2; 004 Vedlegg 4'); worked out once per set
        of sources (a million memberships cite a few thousand)."""
        text = self._cited.get(iris)
        if text is None:
            labels = "; ".join(self.model.source_labels(iris))
            text = self._cited[iris] = labels or self.t("ingen kilde", "no source")
        return text

    def when(self, instant: Instant | None) -> str:
        """A date as the sources give it, in the run's language."""
        return instant.describe(self.lang) if instant else self.t("ukjent", "unknown")

    def membership_evidence(self, m: Membership) -> Evidence:
        """'JD: member, director general in KUBU (from …)' with the membership's sources."""
        since = self.when(m.during.start) if m.during.start else self.t("start", "the start")
        seat = f"{self.name(m.member)}: {self.role(m.role)}, {self.model.level_label(m, self.lang)}"
        where = self.name(m.organization)
        fact = self.t(f"{seat} i {where} (fra {since})", f"{seat} in {where} (from {since})")
        return Evidence(fact, self.cites(m.sources))

    def fact(self, nb: str, en: str, sources: tuple[str, ...]) -> Evidence:
        """A fact in the run's language, cited by ``sources``."""
        return Evidence(self.t(nb, en), self.cites(sources))

    def note(self, text: str, sources: tuple[str, ...]) -> Evidence:
        """A note the data attach to a fact (written in Norwegian), as evidence."""
        return Evidence(
            self.t(f"Merknad i dataene: {text}", f"Note in the data (Norwegian): {text}"),
            self.cites(sources),
        )

    def period_evidence(self, e: Entity) -> Evidence:
        """'KUBU: active from 2021-02 (to …)', cited by the structure's sources."""
        since = self.when(e.active.start) if e.active.start else self.t("ukjent", "unknown")
        until = f" {self.t('til', 'to')} {self.when(e.active.end)}" if e.active.end else ""
        fact = self.t(
            f"{e.notation}: virksom fra {since}{until}", f"{e.notation}: active from {since}{until}"
        )
        return self.entity_evidence(e, fact)

    def entity_evidence(self, e: Entity, fact: str) -> Evidence:
        """A fact about a structure, cited by the structure's own sources."""
        return Evidence(fact, self.cites(e.sources))

    def guideline(self, rule: str) -> tuple[str, str]:
        """The words of a guideline point in the run's language (a chapter's heading where it
        has no words of its own), and where they stand."""
        c = self.guidelines.get(rule)
        words = (c.definition or c.labels) if c else {}
        text = words.get(self.lang) or words.get("nb", "")
        if rule.startswith(_DFO):
            return text, f"DFØ-rapport 2024:7 §{rule[len(_DFO) :]} (000; 003)"
        return text, f"000 §{rule}"

    def finding(
        self,
        rule: str,
        severity: str,
        subject: str,
        message: str,
        related: tuple[str, ...] | list[str] = (),
        evidence: tuple[Evidence, ...] | list[Evidence] = (),
        details: dict | None = None,
    ) -> Finding:
        """A :class:`Finding` with the guideline's words and source filled in."""
        text, source = self.guideline(rule)
        return Finding(
            rule=rule,
            severity=severity,
            subject=subject,
            message=message,
            related=tuple(related),
            evidence=tuple(evidence),
            source=source,
            guideline_text=text,
            details=details or {},
        )


def per_group(
    model: Model,
    at: date,
    lang: str,
    options: CheckOptions,
    checks: tuple[Callable[[Context, Entity], list[Finding]], ...],
) -> list[Finding]:
    """Run ``checks`` (each taking the context and one core group) on every active core group."""
    ctx = Context(model, at, lang, options)
    return [f for g in ctx.core_groups for check in checks for f in check(ctx, g)]

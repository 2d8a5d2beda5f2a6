"""The one Finding type every check returns.

A finding names the rule it enforces (a guideline point such as ``2.4`` or an evaluation
recommendation such as ``DFØ 5.2``), how serious it is, the structure it is about, the other
structures or ministries involved, a message, and the evidence: each fact it used with the
source that states it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

__all__ = ["Evidence", "Finding", "SEVERITIES"]

SEVERITIES = ("error", "warning", "info", "assessment")
"""How serious a finding is, most first. ``assessment`` is not kggraph's judgement at all: it
is the evaluators' own words about a structure (a ``kg:Assessment`` in the data), shown beside
the computed findings."""


@dataclass(frozen=True)
class Evidence:
    """One fact a finding rests on, and where it is stated (e.g. '002 §3.1.2')."""

    fact: str
    source: str


@dataclass(frozen=True)
class Finding:
    """A judgement against a guideline point.

    ``subject`` and ``related`` are notations (``KUBU``, ``JD``); ``source`` cites the rule
    itself (``000 §2.4``) and ``guideline_text`` carries its words.
    """

    rule: str
    severity: str
    subject: str
    message: str
    related: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    source: str = ""
    guideline_text: str = ""
    details: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    def key(self) -> tuple[str, str, tuple[str, ...], bool]:
        """What identifies a finding across runs (for diffs): rule, subject, related, and
        whether it is the sources' assessment (which may share the rest with a computed one)."""
        return self.rule, self.subject, tuple(sorted(self.related)), self.severity == "assessment"

    def as_row(self) -> dict:
        """A flat dict for tables, CSV and JSON (evidence as a list of dicts).

        Built field by field (``dataclasses.asdict`` deep-copies, which costs seconds for the
        150,000 findings of a million memberships).
        """
        row = {f.name: getattr(self, f.name) for f in fields(self)}
        row["related"] = list(self.related)
        row["evidence"] = [{"fact": e.fact, "source": e.source} for e in self.evidence]
        row["details"] = dict(self.details)
        return row

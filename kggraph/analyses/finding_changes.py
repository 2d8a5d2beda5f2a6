"""Findings that appeared, went away or changed severity between two dates.

The checks run on both dates (by the caller); findings are matched by :meth:`Finding.key`.
A finding that stands only on a level the sources do not give is no change: it comes and goes
with a silent source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from kggraph.analyses.change import NO_LEVEL, WORDS, Change
from kggraph.analyses.findings import Finding
from kggraph.analyses.scope import Scope
from kggraph.model.records import Model

__all__ = ["finding_changes", "silent_level"]


def finding_changes(
    before: Iterable[Finding],
    after: Iterable[Finding],
    scope: Scope,
    lang: str = "nb",
    ignore: Callable[[Finding], bool] = lambda f: False,
) -> list[Change]:
    """Findings that appeared, went away or changed severity, matched by :meth:`Finding.key`;
    where ``ignore`` names the finding on either date, nothing changed."""
    old = {f.key(): f for f in before if scope.concerns_finding(f)}
    new = {f.key(): f for f in after if scope.concerns_finding(f)}
    out = []
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        if any(f is not None and ignore(f) for f in (was, now)):
            continue
        if was is not None and now is not None and was.severity == now.severity:
            continue
        kind = (
            "finding-new" if was is None else "finding-gone" if now is None else "finding-severity"
        )
        shown = now or was
        words = WORDS[lang]
        text = words[kind].format(
            rule=shown.rule,
            sev=_severity(shown, words),
            msg=shown.message,
            a=_severity(was, words),
            b=_severity(now, words),
        )
        sources = sorted({s for e in shown.evidence for s in e.source.split("; ") if s})
        out.append(
            Change(
                kind,
                shown.subject,
                text,
                member=", ".join(shown.related) or None,
                before=was.severity if was else None,
                after=now.severity if now else None,
                sources=tuple(sources),
            )
        )
    return out


def _severity(f: Finding | None, words: dict[str, str]) -> str | None:
    """A finding's severity in words (a severity without a word is shown as it is)."""
    return None if f is None else words.get(f.severity, f.severity)


def silent_level(model: Model, first: date, last: date) -> Callable[[Finding], bool]:
    """Whether a finding stands only on a level the sources do not give (or disagree on) for
    a member that sat in the group on both dates: it comes and goes with a silent source, and
    an unknown level is no change (KDD in KUBU: 004 gives the level, 002 does not)."""
    by_notation = {e.notation: iri for iri, e in model.entities.items()}
    by_notation |= {n.notation: iri for iri, e in model.entities.items() for n in e.former_names}

    def sat_throughout(subject: str, member: str) -> bool:
        iri = by_notation.get(member)
        seats = [
            m for m in model.memberships_in.get(by_notation.get(subject, ""), []) if m.member == iri
        ]
        return any(model.holds(m, first) for m in seats) and any(
            model.holds(m, last) for m in seats
        )

    return lambda f: (
        f.details.get("level") in NO_LEVEL and any(sat_throughout(f.subject, r) for r in f.related)
    )

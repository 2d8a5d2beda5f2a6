"""The findings of ``kggraph check`` as text: a readable block per finding for the terminal,
or one row per finding for CSV and JSON, in the language asked for.

>>> f = Finding("5.1", "warning", "KUBU", "Not anchored.")
>>> print(render_findings([(f, None)], "table", date(2024, 6, 30), "en"))
2024-06-30: 1 finding (0 errors, 1 warning, 0 info)
<BLANKLINE>
WARNING  5.1  KUBU
  Not anchored.
<BLANKLINE>
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from kggraph.analyses.findings import SEVERITIES, Finding
from kggraph.analyses.proposal import Compared
from kggraph.render import render
from kggraph.render.cells import printable

__all__ = ["FINDING_COLUMNS", "proposal_head", "render_findings"]

FINDING_COLUMNS = [
    "rule",
    "severity",
    "subject",
    "related",
    "message",
    "evidence",
    "source",
    "guideline_text",
    "details",
]


def _row(f: Finding, change: str | None, fmt: str) -> dict:
    row = f.as_row()
    if fmt == "csv":
        row["evidence"] = [f"{e['fact']} [{e['source']}]" for e in row["evidence"]]
    if change is not None:
        row["change"] = change
    return row


def _summary(items: Sequence[tuple[Finding, str | None]], when: date, lang: str) -> str:
    """'2024-06-30: 7 findings (0 errors, 4 warnings, 3 info)' in the language asked for; the
    sources' own assessments are counted too when there are any."""
    counts = {s: sum(1 for f, c in items if f.severity == s and c != "gone") for s in SEVERITIES}
    total = sum(counts.values())
    if lang == "en":
        words = {"error": ("error", "errors"), "warning": ("warning", "warnings")}
        words["assessment"] = ("assessment by the sources", "assessments by the sources")
        noun = "finding" if total == 1 else "findings"
    else:
        words = {"error": ("feil", "feil"), "warning": ("advarsel", "advarsler")}
        words["assessment"] = ("vurdering i kildene", "vurderinger i kildene")
        noun = "funn"
    words["info"] = ("info", "info")
    shown = [s for s in SEVERITIES if s != "assessment" or counts[s]]
    parts = ", ".join(f"{counts[s]} {words[s][counts[s] != 1]}" for s in shown)
    return f"{when.isoformat()}: {total} {noun} ({parts})"


@lru_cache(maxsize=1024)
def _wrap(text: str, width: int, first: str, rest: str) -> tuple[str, ...]:
    """The text wrapped; once per text (every finding of a rule quotes the same guideline)."""
    return tuple(
        textwrap.wrap(
            text, width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
        )
    )


_HEAD_WORDS = {  # a finding's head line: severity, and its change against the data alone
    "nb": {"error": "FEIL", "warning": "ADVARSEL", "info": "INFO"}
    | {"assessment": "KILDENES VURDERING"}
    | {"new": "ny", "changed": "endret", "gone": "borte"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
    | {"assessment": "SOURCES' ASSESSMENT"}
    | {"new": "new", "changed": "changed", "gone": "gone"},
}


def _block(f: Finding, change: str | None, lang: str, width: int = 100) -> str:
    """One finding as a readable block: head line (severity and change in the language asked
    for), message, evidence, the guideline's words."""
    words = _HEAD_WORDS.get(lang, _HEAD_WORDS["en"])
    mark = f"[{words[change]}] " if change and change != "same" else ""
    related = f" ~ {', '.join(f.related)}" if f.related else ""
    lines = [f"{mark}{words[f.severity]}  {f.rule}  {f.subject}{related}"]
    lines += _wrap(f.message, width, "  ", "  ")
    for e in f.evidence:
        lines += _wrap(f"· {e.fact}  [{e.source}]", width, "    ", "      ")
    if f.guideline_text:
        lines += _wrap(f"{f.rule}: «{f.guideline_text}» ({f.source})", width, "  ", "    ")
    return "\n".join(lines)


def render_findings(
    items: Sequence[tuple[Finding, str | None]], fmt: str, at: date, lang: str, head: str = ""
) -> str:
    """Findings, each with its change against the data alone (``new``, ``changed``, ``gone``,
    ``same`` or None), as ``fmt``: the table format is a summary line after ``head``, then
    one readable block per finding; csv and json are one row per finding
    (:data:`FINDING_COLUMNS`, with a ``change`` column first when any finding has one)."""
    if fmt == "table":
        blocks = "".join("\n" + _block(f, change, lang) + "\n" for f, change in items)
        return printable(head + _summary(items, at, lang) + "\n" + blocks)
    with_change = any(c is not None for _, c in items)
    columns = (["change"] if with_change else []) + FINDING_COLUMNS
    return render([_row(f, c, fmt) for f, c in items], columns, fmt)


def proposal_head(compared: list[Compared], name: str, lang: str) -> str:
    n = {k: sum(1 for c in compared if c.change == k) for k in ("new", "changed", "gone")}
    if lang == "en":
        return f"Proposal {name}: {n['new']} new, {n['changed']} changed, {n['gone']} gone.\n"
    return f"Forslag {name}: {n['new']} nye, {n['changed']} endret, {n['gone']} borte.\n"

"""The site's pages as values: what each page shows, and its JSON.

Each function answers one question with the library's own analyses and returns a
:class:`Page`: the template and its context for the HTML, and the JSON document, rendered by
the same renderers as the CLI's ``--format json`` for the same question, so the two are equal.
Nothing here knows about HTTP; :mod:`kggraph.site.app` routes requests to these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kggraph.analyses import queries, seats
from kggraph.analyses.findings import SEVERITIES, Finding
from kggraph.errors import AmbiguousNameError, KgError, UnknownNameError
from kggraph.model.records import Entity
from kggraph.render import render
from kggraph.render.findings_text import render_findings
from kggraph.render.json_rows import render_json
from kggraph.render.overlap_rows import overlap_document
from kggraph.site.state import SiteState

__all__ = [
    "NotFound",
    "Page",
    "entity_page",
    "findings_page",
    "home_page",
    "overlap_page",
    "search",
]


class NotFound(KgError):
    """A name or page that does not exist (HTTP 404)."""


@dataclass
class Page:
    """One page: its template and context, its JSON, and a title."""

    template: str
    title: str
    json: str
    context: dict[str, Any] = field(default_factory=dict)


def search(state: SiteState, query: str) -> tuple[Entity | None, list[Entity]]:
    """The entity ``query`` names, or the candidates when it names several.

    A name typed in part ("Kunnskapsdep") finds the names it begins. Raises :class:`NotFound`
    (with the closest names) when it finds none.
    """
    resolver = state.resolver
    try:
        return state.model.entities[resolver.resolve(query)], []
    except AmbiguousNameError:
        found = resolver.candidates(query)
    except UnknownNameError as err:
        found = resolver.starting_with(query)
        if not found:
            raise NotFound(str(err)) from None
    entities = sorted((state.model.entities[i] for i in found), key=lambda e: e.notation)
    return (entities[0], []) if len(entities) == 1 else (None, entities)


def home_page(state: SiteState, at: date, lang: str) -> Page:
    """The structures active on ``at`` (as ``kggraph structures``), core groups first."""
    rows = queries.structures(state.model, at, lang, ())
    counts = {s: 0 for s in SEVERITIES}
    for f in state.findings(at, lang):
        counts[f.severity] += 1
    return Page(
        "home.html",
        "kggraph",
        render(rows, queries.STRUCTURES_COLUMNS, "json"),
        {"rows": rows, "counts": counts},
    )


def _sources(state: SiteState, iris: Iterable[str]) -> list[dict[str, str]]:
    """The citations behind ``iris``, each once, with the sentence quoted."""
    seen: dict[str, dict[str, str]] = {}
    for iri in iris:
        c = state.model.citations.get(iri)
        if c and iri not in seen:
            seen[iri] = {"label": c.label, "quote": c.quote or ""}
    return sorted(seen.values(), key=lambda s: s["label"])


def _about(findings: Iterable[Finding], notation: str) -> list[Finding]:
    return [f for f in findings if f.subject == notation or notation in f.related]


def entity_page(state: SiteState, entity: Entity, at: date, lang: str) -> Page:
    """An organisation's page (as ``kggraph who``) or a structure's (as ``kggraph members``)."""
    model = state.model
    if entity.is_organisation:
        rows = queries.who(model, entity.iri, at, lang)
        columns, found = queries.WHO_COLUMNS, model.memberships_of.get(entity.iri, [])
    else:
        rows = queries.members(model, entity.iri, at, lang)
        columns, found = queries.MEMBERS_COLUMNS, model.memberships_in.get(entity.iri, [])
    holding = [m for m in found if model.holds(m, at)]
    cited = [s for m in holding for s in m.sources] + list(entity.sources)
    context = {
        "entity": entity,
        "rows": rows,
        "findings": _about(state.findings(at, lang), entity.notation),
        "active": entity.active.contains(at),
        "parts": [model.entities[p] for p in model.parts_of.get(entity.iri, [])],
        "whole": [model.entities[p] for p in entity.part_of if p in model.entities],
        "secretariat": [model.entities[p] for p in entity.hosted_by if p in model.entities],
        "mandate": entity.mandate,
        "anchoring": entity.government_anchoring,
        "sources": _sources(state, cited),
    }
    title = f"{entity.label(lang)} ({entity.notation})"
    return Page(
        "organisation.html" if entity.is_organisation else "structure.html",
        title,
        render(rows, columns, "json"),
        context,
    )


def findings_page(
    state: SiteState, at: date, lang: str, rule: str | None, severity: str | None
) -> Page:
    """The findings on ``at`` (as ``kggraph check --format json``), filtered."""
    from kggraph.analyses.checks import match_rules

    found = state.findings(at, lang)
    if rule:
        wanted = match_rules([rule])
        found = [f for f in found if f.rule in wanted]
    if severity:
        if severity not in SEVERITIES:
            raise KgError(f"unknown severity '{severity}'; choose one of {', '.join(SEVERITIES)}")
        found = [f for f in found if f.severity == severity]
    items = [(f, None) for f in found]
    return Page(
        "findings.html",
        "findings",
        render_findings(items, "json", at, lang),
        {"findings": found, "rule": rule or "", "severity": severity or ""},
    )


def overlap_page(state: SiteState, at: date, lang: str, by: str) -> Page:
    """Overlap between the core groups (as ``kggraph overlap --format json``) and the matrix."""
    from kggraph.render.overlap_rows import matrix_rows

    doc = overlap_document(state.model, at, by, lang)
    columns, matrix = matrix_rows(state.model, seats.participation(state.model, at, by), lang)
    context = {
        "doc": doc,
        "by": by,
        "matrix_columns": [c for c in columns if c != "source"],
        "matrix": matrix,
    }
    return Page("overlap.html", "overlap", render_json(doc), context)


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, so ``json.dumps`` quotes it safely."""
    import json

    return json.dumps(text, ensure_ascii=False)


def proposal_toml(form: dict[str, str]) -> str:
    """The proposal form as the TOML ``kggraph check --proposal`` reads.

    Members are one per line, ``ORG`` or ``ORG, level``; themes one per line or
    comma-separated.

    >>> print(proposal_toml({"name": "X", "lead": "HOD", "members": "KD, departementsråd"}))
    name = "X"
    lead = "HOD"
    <BLANKLINE>
    [[members]]
    org = "KD"
    level = "departementsråd"
    """
    lines = [
        f"{key} = {_toml_string(form[key].strip())}"
        for key in ("name", "name_en", "notation", "lead", "start")
        if form.get(key, "").strip()
    ]
    themes = [t.strip() for t in form.get("themes", "").replace("\n", ",").split(",")]
    if any(themes):
        lines.append(f"themes = [{', '.join(_toml_string(t) for t in themes if t)}]")
    for line in form.get("members", "").splitlines():
        org, _, level = (part.strip() for part in line.partition(","))
        if org:
            lines += ["", "[[members]]", f"org = {_toml_string(org)}"]
            lines += [f"level = {_toml_string(level)}"] if level else []
    return "\n".join(lines) + "\n"


def whatif_page(state: SiteState, form: dict[str, str] | None, at: date | None, lang: str) -> Page:
    """The form for a proposed group and, once filled, its findings against the data
    (as ``kggraph check --proposal FILE --format json``). Nothing is stored."""
    from kggraph.analyses.proposal import check_proposal
    from kggraph.analyses.proposal_toml import read_toml
    from kggraph.render.findings_text import proposal_head

    context: dict[str, Any] = {"form": form or {}, "compared": None}
    if not form:
        return Page("whatif.html", "what if", render_json([]), context)
    proposal = read_toml(proposal_toml(form), state.model, "proposal.toml")
    when, compared = check_proposal(state.model, proposal, at, state.today, lang)
    items = [(c.finding, c.change) for c in compared]
    context.update(
        compared=compared,
        when=when,
        head=proposal_head(compared, proposal.group.notation, lang),
        warnings=proposal.warnings,
    )
    return Page("whatif.html", "what if", render_findings(items, "json", when, lang), context)


def sparql_page(state: SiteState, query: str | None) -> Page:
    """A read-only SPARQL form over the embedded graph (as ``kggraph sparql --format json``).

    Only SELECT, ASK, CONSTRUCT and DESCRIBE run; an update is refused."""
    from kggraph.analyses.sparql_select import run_query

    context: dict[str, Any] = {"query": query or "", "columns": [], "rows": []}
    if not query:
        return Page("sparql.html", "SPARQL", render_json([]), context)
    if re.search(r"\bSERVICE\b", query, re.IGNORECASE):
        raise KgError("SERVICE is refused here: the site sends no request to another server")
    columns, rows = run_query(state.graph(), query)
    context.update(columns=columns, rows=rows)
    return Page("sparql.html", "SPARQL", render(rows, columns, "json"), context)

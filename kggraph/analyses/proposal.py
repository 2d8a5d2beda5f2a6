"""«What if we set up this new group?»: a proposed core group as a layer over the data.

A proposal is read from a simple TOML file or from Turtle with the ontology's terms. Its
records (the structure, its memberships, secretariat and assignments) are kept apart from the
loaded data: :func:`with_proposal` returns a *new* model with the layer added, and
:func:`compare` runs the checks on the same date with and without it and says which findings
the proposal adds or changes. Names resolve through the one resolver
(:func:`kggraph.model.names.entity_resolver`); themes through a resolver over the theme scheme's
labels. A malformed proposal is a :class:`~kggraph.errors.KgError` naming the field.

The TOML form (every field but ``name`` and ``lead`` may be left out)::

    name = "Kjernegruppe for psykisk helse"
    notation = "Psykisk helse"          # short name; default: name
    lead = "HOD"                        # lead ministry; lead_level defaults to secretary-general
    start = "2025-01-01"                # default: the date checked
    themes = ["psykisk helse", "barn og unge"]
    secretariat = ["HOD", "BFD"]        # ministries in the secretariat; the first leads it
    mandate = "2025-03-01"              # a date, true (from the start) or false (default)
    government_anchoring = "yes"        # yes | no | unknown
    replaces = ["0-24"]                 # structures it replaces (not duplication)
    [[members]]
    org = "BFD"
    level = "departementsråd"           # Norwegian or English; default unknown
    role = "member"                     # member | observer | chair; default member
    [[assignments]]
    title = "Felles oppdrag"
    to = ["Bufdir", "Hdir"]             # agencies; issued by the proposed group
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kggraph.analyses.findings import Finding
from kggraph.errors import KgError
from kggraph.model.dates import Instant, Interval, parse_iso_date
from kggraph.model.names import Resolver, entity_resolver
from kggraph.model.namespaces import KGLEVEL, KGROLE, KGTHEME, KGVAL
from kggraph.model.records import Assignment, Citation, Entity, Mandate, Membership, Model, Sourced

if TYPE_CHECKING:
    from kggraph.analyses.checks import CheckOptions

__all__ = [
    "PROPOSAL_NS",
    "Compared",
    "Proposal",
    "check_proposal",
    "compare",
    "proposal_date",
    "read_proposal",
    "read_toml",
    "read_turtle",
    "undated",
    "with_proposal",
]

PROPOSAL_NS = "https://w3id.org/kggraph/proposal/"

_FIELDS = {
    "name": "the group's name",
    "name_en": "its English name",
    "notation": "its short name",
    "lead": "the lead ministry",
    "lead_level": "the lead's level",
    "start": "the start date",
    "end": "the end date",
    "themes": "a list of themes",
    "members": "an array of [[members]] tables",
    "secretariat": "a list of ministries",
    "mandate": "a date, true or false",
    "government_anchoring": "yes, no or unknown",
    "replaces": "a list of structures",
    "assignments": "an array of [[assignments]] tables",
}
_MEMBER_FIELDS = ("org", "level", "role")
_ASSIGNMENT_FIELDS = ("title", "to", "by")
_MEMBER_ROLES = ("member", "observer", "chair")


@dataclass(frozen=True)
class Proposal:
    """The records of a proposed core group, kept apart from the data."""

    path: str
    structures: tuple[Entity, ...]
    memberships: tuple[Membership, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    citations: tuple[Citation, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def group(self) -> Entity:
        """The proposed core group (the first proposed structure)."""
        return self.structures[0]

    @property
    def notations(self) -> frozenset[str]:
        """The notations of every proposed structure."""
        return frozenset(e.notation for e in self.structures)

    @property
    def start(self) -> date | None:
        """The proposed group's effective start."""
        s = self.group.active.start
        return s.effective() if s else None


@dataclass(frozen=True)
class Compared:
    """A finding with the proposal, and how it differs from the same date without it.

    ``change`` is ``new`` (only with the proposal), ``changed`` (same rule, subject and
    related, other severity or message), ``same``, or ``gone`` (only without it; ``finding``
    is then the one without).
    """

    finding: Finding
    change: str
    before: Finding | None = None
    about_proposal: bool = False


# ---------------------------------------------------------------- reading TOML


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "proposal"


def _want(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise KgError(f"proposal field '{where}' must be {what}, not {value!r}")
    return value


def _text(data: dict, key: str, where: str = "", required: bool = False) -> str | None:
    if key not in data:
        if required:
            raise KgError(f"proposal field '{where or key}' is required")
        return None
    value = _want(data[key], str, where or key, "a text")
    if not value.strip():
        raise KgError(f"proposal field '{where or key}' must not be empty")
    return value.strip()


def _texts(data: dict, key: str) -> list[str]:
    values = _want(data.get(key, []), list, key, "a list of texts")
    return [_want(v, str, f"{key}[{i + 1}]", "a text") for i, v in enumerate(values)]


def _date(data: dict, key: str) -> date | None:
    value = data.get(key)
    if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
        return value
    try:
        return parse_iso_date(_want(value, str, key, "a date (YYYY-MM-DD)"))
    except KgError as err:
        raise KgError(f"proposal field '{key}': {err}") from None


def _tables(data: dict, key: str, allowed: tuple[str, ...]) -> Iterable[tuple[int, str, dict]]:
    """The ``[[key]]`` tables of a proposal, numbered from 1, each checked for unknown fields."""
    rows = _want(data.get(key, []), list, key, _FIELDS[key])
    for i, row in enumerate(rows, start=1):
        where = f"{key}[{i}]"
        _want(row, dict, where, f"a table with {', '.join(allowed)}")
        extra = sorted(set(row) - set(allowed))
        if extra:
            raise KgError(
                f"proposal field '{where}.{extra[0]}' is unknown (use {', '.join(allowed)})"
            )
        yield i, where, row


def _concept_resolver(model: Model, namespace: str, kind: str) -> Resolver:
    names = {
        c.iri: [c.notation, *c.labels.values(), *c.alt_labels]
        for c in model.concepts.values()
        if c.iri.startswith(namespace)
    }
    return Resolver(names, kind=kind)


class _Names:
    """The resolvers a proposal reads with: organisations and structures, levels, roles, themes."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.entities = entity_resolver(model)
        self.levels = _concept_resolver(model, str(KGLEVEL), "level")
        self.roles = _concept_resolver(model, str(KGROLE), "role")
        self.themes = _concept_resolver(model, str(KGTHEME), "theme")

    def entity(self, name: str, where: str, organisation: bool) -> str:
        try:
            iri = self.entities.resolve(name)
        except KgError as err:
            raise KgError(f"proposal field '{where}': {err}") from None
        if self.model.entities[iri].is_organisation != organisation:
            what = "an organisation" if organisation else "a structure"
            raise KgError(f"proposal field '{where}': '{name}' is not {what}")
        return iri

    def concept(self, resolver: Resolver, name: str, where: str) -> str:
        try:
            return self.model.concept_notation(resolver.resolve(name))
        except KgError as err:
            raise KgError(f"proposal field '{where}': {err}") from None


def read_toml(text: str, model: Model, path: str = "proposal.toml") -> Proposal:
    """Read a proposal in the TOML form documented in this module.

    >>> from kggraph.sources.load import load_model  # doctest: +SKIP
    >>> p = read_toml('name = "X"\\nlead = "HOD"', load_model())  # doctest: +SKIP
    >>> p.group.notation  # doctest: +SKIP
    'X'
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise KgError(f"{path}: not valid TOML: {err}") from None
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        known = ", ".join(_FIELDS)
        raise KgError(f"{path}: unknown proposal field '{unknown[0]}' (known fields: {known})")
    return _Builder(model, path).build(data)


@dataclass
class _Builder:
    model: Model
    path: str
    warnings: list[str] = field(default_factory=list)

    def build(self, data: dict) -> Proposal:
        names = _Names(self.model)
        name = _text(data, "name", required=True)
        notation = _text(data, "notation") or name
        iri = PROPOSAL_NS + _slug(notation)
        self._unique(names, notation, iri)
        source = Citation(iri + "#source", f"{Path(self.path).name}", quote=None)
        cite = (source.iri,)
        start, end = _date(data, "start"), _date(data, "end")
        during = Interval(Instant(start) if start else None, Instant(end) if end else None)
        lead = names.entity(_text(data, "lead", required=True), "lead", True)
        lead_level = names.concept(
            names.levels, _text(data, "lead_level") or "secretary-general", "lead_level"
        )
        members = [Membership(f"{iri}/m/lead", lead, iri, "lead", lead_level, during, cite)]
        members += self._members(names, data, iri, during, cite)
        group = Entity(
            iri=iri,
            type="CoreGroup",
            notation=notation,
            labels={"nb": name, "en": _text(data, "name_en") or name},
            active=during,
            themes=tuple(self._themes(names, _texts(data, "themes"))),
            replaces=tuple(
                names.entity(s, f"replaces[{i + 1}]", False)
                for i, s in enumerate(_texts(data, "replaces"))
            ),
            mandate=self._mandate(data, start, cite),
            government_anchoring=self._anchoring(data, cite),
            sources=cite,
        )
        structures = [group]
        secretariat = self._secretariat(names, data, group, cite)
        if secretariat:
            structures.append(secretariat[0])
            members += secretariat[1]
        assignments = self._assignments(names, data, group, cite)
        return Proposal(
            self.path,
            tuple(structures),
            tuple(members),
            tuple(assignments),
            (source,),
            tuple(self.warnings),
        )

    def _unique(self, names: _Names, notation: str, iri: str) -> None:
        taken = names.entities.candidates(notation) | ({iri} & set(self.model.entities))
        if taken:
            other = self.model.entities[next(iter(sorted(taken)))]
            raise KgError(
                f"proposal field 'notation': '{notation}' already names {other.notation} "
                f"({other.label()}); give the proposal another notation"
            )

    def _members(
        self, names: _Names, data: dict, iri: str, during: Interval, cite: tuple[str, ...]
    ) -> list[Membership]:
        out = []
        for i, where, row in _tables(data, "members", _MEMBER_FIELDS):
            org = names.entity(_text(row, "org", f"{where}.org", True), f"{where}.org", True)
            level = names.concept(names.levels, _text(row, "level") or "unknown", f"{where}.level")
            role = names.concept(names.roles, _text(row, "role") or "member", f"{where}.role")
            if role not in _MEMBER_ROLES:
                raise KgError(
                    f"proposal field '{where}.role': '{role}' is not one of "
                    f"{', '.join(_MEMBER_ROLES)} (the lead is given by 'lead')"
                )
            out.append(Membership(f"{iri}/m/{i}", org, iri, role, level, during, cite))
        return out

    def _themes(self, names: _Names, words: Iterable[str]) -> list[str]:
        out: list[str] = []
        for i, word in enumerate(words, start=1):
            found = names.themes.candidates(word)
            if len(found) > 1:
                raise KgError(f"proposal field 'themes[{i}]': '{word}' matches several themes")
            if not found:
                close = names.themes.closest(word)
                hint = f"; closest: {', '.join(close)}" if close else ""
                self.warnings.append(f"theme '{word}' matches no theme in the scheme{hint}")
                continue
            theme = next(iter(found))
            if theme not in out:
                out.append(theme)
        return out

    def _mandate(self, data: dict, start: date | None, cite: tuple[str, ...]) -> Mandate | None:
        if "mandate" not in data:
            return Mandate("no", None, cite)
        value = data["mandate"]
        if isinstance(value, bool):
            return Mandate(
                "yes" if value else "no", Instant(start) if value and start else None, cite
            )
        when = _date(data, "mandate")
        return Mandate("yes", Instant(when), cite)

    def _anchoring(self, data: dict, cite: tuple[str, ...]) -> Sourced | None:
        if "government_anchoring" not in data:
            return None
        value = data["government_anchoring"]
        if isinstance(value, bool):
            value = "yes" if value else "no"
        value = _want(value, str, "government_anchoring", _FIELDS["government_anchoring"])
        if value not in {"yes", "no", "unknown"}:
            raise KgError("proposal field 'government_anchoring' must be yes, no or unknown")
        return Sourced(str(KGVAL) + value, cite)

    def _secretariat(
        self, names: _Names, data: dict, group: Entity, cite: tuple[str, ...]
    ) -> tuple[Entity, list[Membership]] | None:
        orgs = _texts(data, "secretariat")
        if not orgs:
            return None
        iri = group.iri + "/secretariat"
        entity = Entity(
            iri=iri,
            type="Secretariat",
            notation=f"{group.notation}-sekretariatet",
            labels={"nb": f"Sekretariatet for {group.label('nb')}"},
            active=group.active,
            part_of=(group.iri,),
            sources=cite,
        )
        members = []
        for i, name in enumerate(orgs, start=1):
            org = names.entity(name, f"secretariat[{i}]", True)
            role = "secretariat-lead" if i == 1 else "secretariat-member"
            members.append(
                Membership(f"{iri}/m/{i}", org, iri, role, "unknown", group.active, cite)
            )
        return entity, members

    def _assignments(
        self, names: _Names, data: dict, group: Entity, cite: tuple[str, ...]
    ) -> list[Assignment]:
        out = []
        for i, where, row in _tables(data, "assignments", _ASSIGNMENT_FIELDS):
            to = [names.entity(n, f"{where}.to", True) for n in _texts(row, "to")]
            if not to:
                raise KgError(f"proposal field '{where}.to' is required")
            by = [names.entity(n, f"{where}.by", True) for n in _texts(row, "by")] or [group.iri]
            title = _text(row, "title", f"{where}.title") or f"{group.notation} {i}"
            out.append(
                Assignment(
                    iri=f"{group.iri}/a/{i}",
                    labels={"nb": title, "en": title},
                    issuers=tuple(by),
                    assignees=tuple(to),
                    sources=cite,
                )
            )
        return out


# ---------------------------------------------------------------- reading Turtle


def read_turtle(path: Path, model: Model) -> Proposal:
    """Read a proposal written in Turtle with the ontology's terms (``kg:CoreGroup``,
    ``org:Membership`` …). Every ``kg:CoreGroup`` the file describes is proposed; its parts
    (``org:subOrganizationOf``) come along. References to organisations must exist in the data.
    """
    from rdflib import Graph

    from kggraph.resources import ontology_files
    from kggraph.sources.extract import extract
    from kggraph.sources.load import parse_file
    from kggraph.sources.subject_index import from_rdflib

    own = Graph()
    parse_file(own, path)
    graph = Graph()
    for f in ontology_files():
        parse_file(graph, f)
    graph += own
    layer = extract(from_rdflib(graph))
    described = {str(s) for s in own.subjects()}
    groups = [e for e in layer.entities.values() if e.type == "CoreGroup" and e.iri in described]
    if not groups:
        raise KgError(f"{path}: the proposal describes no kg:CoreGroup")
    proposed = _with_parts(layer, groups)
    for e in proposed:
        if e.iri in model.entities:
            raise KgError(f"{path}: <{e.iri}> already exists in the data; a proposal must be new")
    source = Citation(f"{PROPOSAL_NS}{_slug(path.name)}#source", path.name)

    def cited(record: Any) -> Any:
        return record if record.sources else replace(record, sources=(source.iri,))

    return Proposal(
        str(path),
        tuple(cited(e) for e in proposed),
        tuple(cited(m) for m in _turtle_memberships(layer, model, proposed, path)),
        tuple(cited(a) for a in layer.assignments if a.iri in described),
        (source, *(c for c in layer.citations.values() if c.iri in described)),
    )


def _with_parts(layer: Model, groups: list[Entity]) -> list[Entity]:
    out = sorted(groups, key=lambda e: e.notation)
    todo = [g.iri for g in out]
    while todo:
        for part in layer.parts_of.get(todo.pop(), []):
            if all(e.iri != part for e in out):
                out.append(layer.entities[part])
                todo.append(part)
    return out


def _turtle_memberships(
    layer: Model, model: Model, proposed: list[Entity], path: Path
) -> list[Membership]:
    iris = {e.iri for e in proposed}
    out = [m for m in layer.memberships if m.organization in iris]
    for m in out:
        if m.member not in model.entities and m.member not in iris:
            raise KgError(
                f"{path}: membership <{m.iri}>: org:member <{m.member}> is not in the data"
            )
    return out


def read_proposal(path: Path, model: Model) -> Proposal:
    """Read a proposal from a ``.toml`` file or an RDF file (Turtle and the other RDF formats)."""
    if path.suffix.lower() == ".toml":
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise KgError(f"{path}: cannot read: {err.strerror or err}") from None
        return read_toml(text, model, str(path))
    return read_turtle(path, model)


# ---------------------------------------------------------------- the layer and the comparison


def with_proposal(model: Model, proposal: Proposal) -> Model:
    """A new model: the data and the proposal's layer; ``model`` itself is not changed."""
    return Model(
        entities={**model.entities, **{e.iri: e for e in proposal.structures}},
        memberships=[*model.memberships, *proposal.memberships],
        citations={**model.citations, **{c.iri: c for c in proposal.citations}},
        concepts=model.concepts,
        assignments=[*model.assignments, *proposal.assignments],
        events=list(model.events),
        triples=model.triples,
        files=(*model.files, proposal.path),
    )


def _about(proposal: Proposal, f: Finding) -> bool:
    return f.subject in proposal.notations or bool(proposal.notations & set(f.related))


def compare(before: list[Finding], after: list[Finding], proposal: Proposal) -> list[Compared]:
    """Line up the findings without (``before``) and with (``after``) the proposal.

    The proposal's own findings come first, then what it adds or changes elsewhere, then the
    rest unchanged, then any that disappear; each group keeps the order it was given in.
    """
    old = {f.key(): f for f in before}
    new_keys = {f.key() for f in after}
    out = []
    for f in after:
        prior = old.get(f.key())
        change = "new" if prior is None else ("same" if prior == f else "changed")
        out.append(Compared(f, change, prior, _about(proposal, f)))
    out += [Compared(f, "gone", f, _about(proposal, f)) for f in before if f.key() not in new_keys]
    rank = {"new": 0, "changed": 1, "gone": 2, "same": 3}
    return sorted(out, key=lambda c: (not c.about_proposal, rank[c.change]))


def proposal_date(proposal: Proposal, at: date | None, today: date) -> date:
    """The date to check a proposal on: ``at``, or the later of today and its start.

    A date before the proposed start is an error: the group would not exist yet.
    """
    start = proposal.start
    when = at or max(today, start or today)
    if start and when < start:
        raise KgError(
            f"--at {when.isoformat()} is before the proposal's start {start.isoformat()}: "
            f"the group would not exist yet; check on {start.isoformat()} or later"
        )
    return when


def undated(proposal: Proposal, when: date) -> Proposal:
    """The proposal with an open start filled in with ``when`` (TOML without ``start``)."""
    if proposal.start is not None:
        return proposal
    during = Interval(Instant(when), proposal.group.active.end)
    structures = tuple(
        replace(e, active=during) if e.active.start is None else e for e in proposal.structures
    )
    memberships = tuple(
        replace(m, during=during) if m.during.start is None and m.iri.startswith(PROPOSAL_NS) else m
        for m in proposal.memberships
    )
    return replace(proposal, structures=structures, memberships=memberships)


def check_proposal(
    model: Model,
    proposal: Proposal,
    at: date | None,
    today: date,
    lang: str = "nb",
    rules: Iterable[str] | None = None,
    options: CheckOptions | None = None,
) -> tuple[date, list[Compared]]:
    """Run the checks on one date without and with the proposal; the date and the comparison.

    The date is ``at``, or the later of ``today`` and the proposal's start.
    """
    from kggraph.analyses.checks import CheckOptions, run_checks

    options = options or CheckOptions()
    when = proposal_date(proposal, at, today)
    proposal = undated(proposal, when)
    before = run_checks(model, when, lang, rules, options)
    after = run_checks(with_proposal(model, proposal), when, lang, rules, options)
    return when, compare(before, after, proposal)

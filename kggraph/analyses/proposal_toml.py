"""Read a proposed core group from a simple TOML file (see :mod:`kggraph.analyses.proposal`).

Names resolve through the one resolver (:func:`kggraph.model.names.entity_resolver`); levels,
roles and themes through a resolver over their scheme's labels. A malformed proposal is a
:class:`~kggraph.errors.KgError` naming the field.

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

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kggraph.analyses.proposal import Proposal, proposal_iri
from kggraph.errors import KgError
from kggraph.model.dates import Instant, Interval, parse_iso_date
from kggraph.model.names import Resolver, entity_resolver
from kggraph.model.namespaces import KGLEVEL, KGROLE, KGTHEME, KGVAL
from kggraph.model.records import Assignment, Citation, Entity, Mandate, Membership, Model, Sourced

__all__ = ["read_toml"]

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
        iri = proposal_iri(notation)
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

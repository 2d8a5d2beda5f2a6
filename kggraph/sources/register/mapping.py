"""The mapping file: a register's own files and columns, described in TOML, checked on reading.

The format is documented in the README ("Bringing your own register"); the shipped example is
``examples/eu-expert-groups/mapping.toml``. Every mistake in the mapping is a
:class:`~kggraph.errors.KgError` naming the mapping file and the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kggraph.errors import KgError
from kggraph.model.namespaces import PREFIXES
from kggraph.sources.register.values import Spec

__all__ = [
    "CellSeats",
    "ConceptColumn",
    "Dataset",
    "Mapping",
    "Organisations",
    "SeatFile",
    "StructureFile",
    "read_mapping",
]

# Short names for the properties a concept column may fill; any prefix:name works too.
PROPERTIES = {
    "theme": "kg:theme",
    "type": "dcterms:type",
    "subject": "dcterms:subject",
    "country": "dcterms:spatial",
    "category": "kg:category",
    "status": "kg:status",
    "scope": "kg:scope",
    "composition": "kg:composition",
}
_SPEC_KEYS = {
    "column",
    "columns",
    "first",
    "template",
    "value",
    "lang",
    "split",
    "match",
    "map",
    "default",
    "formats",
}
_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class ConceptColumn:
    """A column whose values become concepts of one of the register's own schemes."""

    spec: Spec
    property: str  # full IRI
    scheme: str


@dataclass(frozen=True)
class CellSeats:
    """Organisations named in a cell of a structure's row, each holding ``role`` in it."""

    spec: Spec
    role: str
    type: str
    category: str | None


@dataclass(frozen=True)
class Organisations:
    """How the seats file names its organisations."""

    id: Spec
    name: Spec
    notation: Spec | None
    type: Spec
    alt_names: Spec | None
    concepts: tuple[ConceptColumn, ...]


@dataclass(frozen=True)
class StructureFile:
    """The file with one row per structure."""

    file: str
    id: Spec
    type: Spec
    notation: Spec | None
    names: tuple[Spec, ...]
    alt_names: Spec | None
    start: Spec | None
    end: Spec | None
    description: Spec | None
    comment: Spec | None
    homepage: Spec | None
    concepts: tuple[ConceptColumn, ...]
    seats: tuple[CellSeats, ...]


@dataclass(frozen=True)
class SeatFile:
    """The file with one row per seat: which structure (and part), which organisation, role."""

    file: str
    structure: Spec
    part: Spec | None
    part_type: str | None
    part_status: Spec | None  # every part, each with the row's status in it (Spec.pairs)
    role: Spec
    organisation: Organisations


@dataclass(frozen=True)
class Dataset:
    """What the register says about itself: id prefix, name, snapshot date, profile."""

    prefix: str
    name: Spec | None
    snapshot: date | None
    source: str | None
    agencies_need_parent: bool


@dataclass(frozen=True)
class Mapping:
    """A whole mapping file."""

    path: Path
    dataset: Dataset
    structures: StructureFile
    seats: SeatFile | None

    def files(self) -> list[str]:
        """The register's file names the mapping reads."""
        return [self.structures.file] + ([self.seats.file] if self.seats else [])


class _Reader:
    """Reads one mapping file's tables, naming the file and key in every error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> KgError:
        return KgError(f"{self.path}: [{where}] {message}")

    def table(self, data: dict, where: str, known: set[str], required: set[str]) -> dict:
        if not isinstance(data, dict):
            raise self.fail(where, "must be a table")
        unknown = sorted(set(data) - known)
        if unknown:
            raise self.fail(
                where, f"unknown key '{unknown[0]}' (known: {', '.join(sorted(known))})"
            )
        missing = sorted(required - set(data))
        if missing:
            raise self.fail(where, f"'{missing[0]}' is required")
        return data

    def spec(self, raw: Any, where: str) -> Spec:
        if isinstance(raw, str):
            return Spec(column=raw)
        if isinstance(raw, list) and all(isinstance(c, str) for c in raw):
            return Spec(columns=tuple(raw))
        data = self.table(raw, where, _SPEC_KEYS, set())
        sources = [k for k in ("column", "columns", "first", "template", "value") if k in data]
        if len(sources) != 1:
            raise self.fail(where, "needs exactly one of column, columns, first, template, value")
        try:
            match = re.compile(data["match"]) if "match" in data else None
        except re.error as err:
            raise self.fail(where, f"match is not a regular expression: {err}") from None
        return Spec(
            column=data.get("column"),
            columns=tuple(data.get("columns", ())),
            first=tuple(data.get("first", ())),
            template=data.get("template"),
            value=data.get("value"),
            lang=data.get("lang"),
            split=data.get("split"),
            match=match,
            map={str(k): str(v) for k, v in data.get("map", {}).items()},
            default=data.get("default"),
            formats=tuple(data.get("formats", ("%Y-%m-%d",))),
        )

    def optional(self, data: dict, key: str, where: str) -> Spec | None:
        return self.spec(data[key], f"{where}.{key}") if key in data else None

    def prop(self, name: str, where: str) -> str:
        curie = PROPERTIES.get(name, name)
        prefix, _, local = curie.partition(":")
        if prefix not in PREFIXES or not local:
            raise self.fail(
                where, f"unknown property '{name}' (use {', '.join(PROPERTIES)} or prefix:name)"
            )
        return PREFIXES[prefix] + local

    def concepts(self, rows: list, where: str) -> tuple[ConceptColumn, ...]:
        out = []
        for i, raw in enumerate(rows):
            here = f"{where}.concepts #{i + 1}"
            data = self.table(
                raw, here, _SPEC_KEYS | {"property", "scheme"}, {"property", "scheme"}
            )
            spec = self.spec({k: v for k, v in data.items() if k in _SPEC_KEYS}, here)
            out.append(ConceptColumn(spec, self.prop(data["property"], here), data["scheme"]))
        return tuple(out)

    def cell_seats(self, rows: list, where: str) -> tuple[CellSeats, ...]:
        out = []
        for i, raw in enumerate(rows):
            here = f"{where}.seats #{i + 1}"
            extra = {"role", "type", "category"}
            data = self.table(raw, here, _SPEC_KEYS | extra, {"role"})
            spec = self.spec({k: v for k, v in data.items() if k in _SPEC_KEYS}, here)
            kind = data.get("type", "OtherOrganisation")
            out.append(CellSeats(spec, data["role"], kind, data.get("category")))
        return tuple(out)


_STRUCTURE_KEYS = {
    "file",
    "id",
    "type",
    "notation",
    "names",
    "alt_names",
    "start",
    "end",
    "description",
    "comment",
    "homepage",
    "concepts",
    "seats",
}


def _structures(r: _Reader, raw: Any) -> StructureFile:
    w = "structures"
    data = r.table(raw, w, _STRUCTURE_KEYS, {"file", "id", "type", "names"})
    names = data["names"] if isinstance(data["names"], list) else [data["names"]]
    return StructureFile(
        file=data["file"],
        id=r.spec(data["id"], f"{w}.id"),
        type=r.spec(data["type"], f"{w}.type"),
        notation=r.optional(data, "notation", w),
        names=tuple(r.spec(n, f"{w}.names") for n in names),
        alt_names=r.optional(data, "alt_names", w),
        start=r.optional(data, "start", w),
        end=r.optional(data, "end", w),
        description=r.optional(data, "description", w),
        comment=r.optional(data, "comment", w),
        homepage=r.optional(data, "homepage", w),
        concepts=r.concepts(data.get("concepts", []), w),
        seats=r.cell_seats(data.get("seats", []), w),
    )


def _seats(r: _Reader, raw: Any) -> SeatFile:
    w = "seats"
    keys = {"file", "structure", "part", "part_type", "part_status", "role", "organisation"}
    data = r.table(raw, w, keys, {"file", "structure", "role", "organisation"})
    wo = f"{w}.organisation"
    org_keys = {"id", "name", "notation", "type", "alt_names", "concepts"}
    org = r.table(data["organisation"], wo, org_keys, {"id", "name"})
    return SeatFile(
        file=data["file"],
        structure=r.spec(data["structure"], f"{w}.structure"),
        part=r.optional(data, "part", w),
        part_type=data.get("part_type"),
        part_status=r.optional(data, "part_status", w),
        role=r.spec(data["role"], f"{w}.role"),
        organisation=Organisations(
            id=r.spec(org["id"], f"{wo}.id"),
            name=r.spec(org["name"], f"{wo}.name"),
            notation=r.optional(org, "notation", wo),
            type=r.spec(org.get("type", {"value": "OtherOrganisation"}), f"{wo}.type"),
            alt_names=r.optional(org, "alt_names", wo),
            concepts=r.concepts(org.get("concepts", []), wo),
        ),
    )


def _dataset(r: _Reader, raw: Any) -> Dataset:
    keys = {"prefix", "name", "snapshot", "source", "agencies_need_parent"}
    data = r.table(raw, "dataset", keys, {"prefix"})
    prefix = str(data["prefix"])
    if not _PREFIX.match(prefix):
        raise r.fail("dataset", f"prefix '{prefix}' must be letters, digits, '-' or '_'")
    snapshot = data.get("snapshot")
    if snapshot is not None and not isinstance(snapshot, date):
        try:
            snapshot = date.fromisoformat(str(snapshot))
        except ValueError:
            raise r.fail("dataset", f"snapshot '{snapshot}' is not a date (YYYY-MM-DD)") from None
    return Dataset(
        prefix=prefix,
        name=r.optional(data, "name", "dataset"),
        snapshot=snapshot,
        source=data.get("source"),
        agencies_need_parent=bool(data.get("agencies_need_parent", True)),
    )


def read_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; a mistake is a KgError naming the file and key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise KgError(f"{path}: cannot read: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise KgError(f"{path}: not TOML: {err}") from None
    r = _Reader(path)
    r.table(data, "top level", {"dataset", "structures", "seats"}, {"dataset", "structures"})
    return Mapping(
        path=path,
        dataset=_dataset(r, data["dataset"]),
        structures=_structures(r, data["structures"]),
        seats=_seats(r, data["seats"]) if "seats" in data else None,
    )

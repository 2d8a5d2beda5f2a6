"""Import a register in its own columns: a TOML mapping (:mod:`~.mapping`) says which file
holds the structures and which the seats, and how each column reads (:mod:`~.values`); the
rows (:mod:`~.rows`) become triples that cite their file and row (:mod:`~.build`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kggraph.errors import KgError
from kggraph.sources.register.build import Imported, Problem, build, local_id, normalise
from kggraph.sources.register.mapping import Mapping, read_mapping
from kggraph.sources.register.rows import RegisterFile, find_file, read_file
from kggraph.sources.register.values import Spec

__all__ = [
    "Imported",
    "Problem",
    "Register",
    "import_register",
    "local_id",
    "normalise",
    "read_mapping",
]


@dataclass
class Register:
    """An imported register: its triples and counts, and what it left out, per file."""

    imported: Imported
    unmapped: dict[str, list[str]]


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    """The structure classes and the role notations the ontology defines."""
    from rdflib import Graph
    from rdflib.namespace import RDFS, SKOS

    from kggraph.model.namespaces import KG, KGROLE
    from kggraph.resources import ontology_files

    graph = Graph()
    for path in ontology_files():
        if path.name in ("kggraph.ttl", "concepts.ttl"):
            graph.parse(path)
    classes = {str(c) for c in graph.transitive_subjects(RDFS.subClassOf, KG.Structure)}
    roles = sorted(
        str(n) for c, n in graph.subject_objects(SKOS.notation) if str(c).startswith(str(KGROLE))
    )
    prefix = str(KG)
    return frozenset(c[len(prefix) :] for c in classes if c.startswith(prefix)), tuple(roles)


def _structure_specs(mapping: Mapping) -> list[Spec | None]:
    m = mapping.structures
    return [
        m.id,
        m.type,
        m.notation,
        *m.names,
        m.alt_names,
        m.start,
        m.end,
        m.description,
        m.comment,
        m.homepage,
        *(c.spec for c in m.concepts),
        *(s.spec for s in m.seats),
    ]


def _seat_specs(mapping: Mapping) -> list[Spec | None]:
    m = mapping.seats
    if m is None:
        return []
    o = m.organisation
    specs = [m.structure, m.part, m.part_status, m.role, o.id, o.name, o.notation, o.type]
    return [*specs, o.alt_names, *(c.spec for c in o.concepts)]


def _check_columns(mapping: Mapping, file: RegisterFile, specs: list[Spec | None]) -> list[str]:
    """Every column the mapping reads must be in the file; the columns it leaves out."""
    used = {c for s in specs if s is not None for c in s.columns_used()}
    missing = sorted(used - set(file.header))
    if missing:
        raise KgError(
            f"{mapping.path}: column '{missing[0]}' is not in {file.name} "
            f"(its columns: {', '.join(file.header)})"
        )
    return [c for c in file.header if c and c not in used]


def import_register(mapping_path: Path, sources: list[Path]) -> Register:
    """Read the register's files named by the mapping among ``sources`` and build its triples."""
    mapping = read_mapping(mapping_path)
    structures = read_file(find_file(mapping.structures.file, sources))
    unmapped = {structures.name: _check_columns(mapping, structures, _structure_specs(mapping))}
    seats = None
    if mapping.seats is not None:
        seats = read_file(find_file(mapping.seats.file, sources))
        unmapped[seats.name] = _check_columns(mapping, seats, _seat_specs(mapping))
    classes, roles = _vocabulary()
    return Register(build(mapping, structures, seats, set(classes), roles), unmapped)

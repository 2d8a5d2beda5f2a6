"""Screen data before records are read from it: what cannot be read is never guessed.

The reader (:mod:`kggraph.sources.extract`) takes one value where the ontology allows one, and
reads dates and counts from their text. Data from outside may break either: a property with
two values (the reader would take whichever came first, which on rdflib's road depends on
hash order), a date like ``2024-13-45``, a membership without a role or a source, a period
that ends before it starts. :func:`screen` finds these in the subject index, takes the
subjects they concern out of it, and returns them as
:class:`~kggraph.model.records.Problem` records; the loader
makes them an error, or warnings with ``--keep-going``
(:func:`kggraph.sources.load.load_model`).

A problem in a node that belongs to another (a period's date, a membership's period) is the
owner's problem: the membership or organisation is what is left out and what is named.

A membership without a period (``org:memberDuring``) is kept and counts as active on every
date, as the ontology allows; it is reported as a warning, never silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kggraph.model.namespaces import DCTERMS, KG, ORG, RDF, SKOS, TIME
from kggraph.model.records import Problem

if TYPE_CHECKING:
    from kggraph.sources.plain_memberships import MembershipRow
    from kggraph.sources.subject_index import Index, Props, Term

__all__ = ["describe", "files_naming", "parse_date", "screen"]

_MEMBERSHIP = str(ORG.Membership)
_SOURCE = str(DCTERMS.source)
_PERIOD = str(ORG.memberDuring)
_BEGINNING, _END = str(TIME.hasBeginning), str(TIME.hasEnd)
_IN_DATE, _NOT_BEFORE, _NOT_AFTER = str(TIME.inXSDDate), str(KG.notBefore), str(KG.notAfter)

_ONE_IRI = frozenset(
    str(p)
    for p in (
        ORG.member,
        ORG.organization,
        ORG.role,
        KG.level,
        ORG.memberDuring,
        TIME.hasBeginning,
        TIME.hasEnd,
        KG.precision,
        KG.activeDuring,
        KG.parentMinistry,
        KG.mandate,
        KG.mandateStatus,
        KG.governmentAnchoring,
        KG.coordinationStep,
        SKOS.inScheme,
    )
)
"""Properties the reader takes one IRI of."""
_DCTERMS_DATE = str(DCTERMS.date)
_DATED = frozenset(map(str, (KG.Mandate, KG.Assignment, ORG.ChangeEvent)))
_DATES = frozenset(map(str, (TIME.inXSDDate, KG.notBefore, KG.notAfter, DCTERMS.date)))
_COUNTS = frozenset(
    map(
        str,
        (KG.rank, KG.numberOfWorkPackages, KG.numberOfResponsibleMinistries, KG.numberOfAssignees),
    )
)
_CHECKED = _ONE_IRI | _DATES | _COUNTS
_TYPE = str(RDF.type)
_OWNING = frozenset(
    map(
        str,
        (
            ORG.memberDuring,
            KG.activeDuring,
            TIME.hasBeginning,
            TIME.hasEnd,
            KG.mandate,
            KG.governmentAnchoring,
            KG.coordinationStep,
        ),
    )
)
"""Links to nodes that belong to their subject (a period to its membership)."""
_REQUIRED = tuple(str(p) for p in (ORG.member, ORG.organization, ORG.role, KG.level))
"""What every membership states (``ontology/shapes.ttl``), besides a source."""


def describe(problem: Problem) -> str:
    """One line: the files, the subject, the property (path) and what is wrong."""
    from kggraph.sources.tables.names import iri_text

    where = f"{', '.join(problem.files)}: " if problem.files else ""
    path = " / ".join(iri_text(p) for p in problem.prop.split(" / "))
    subject = "a blank node" if problem.subject.startswith("_:") else iri_text(problem.subject)
    return f"{where}{subject}: {path}: {problem.message}"


def parse_date(text: str) -> date:
    """A date literal as the reader reads it (its first ten characters, ISO 8601); raises
    ValueError for anything else ('2024-13-45', 'unknown', a five-digit year)."""
    return date.fromisoformat(text[:10])


def screen(subjects: Index, taken: list[MembershipRow]) -> list[Problem]:
    """The problems in ``subjects`` and ``taken`` (see the module's text), sorted.

    Subjects with a fatal problem are removed from both, so the reader never meets them,
    and so are the memberships of an organisation or structure removed.
    """
    own = [
        p
        for s, props in subjects.items()
        if not _CHECKED.isdisjoint(props)
        for p in _node_problems(s, props)
    ]
    memberships = [_row_of(s, props) for s, props in subjects.items() if _is_membership(props)]
    incomplete = [row for row in (*taken, *memberships) if None in row[1:6] or not row[6]]
    rows = [p for row in incomplete for p in _row_problems(row)]
    problems = _attach(subjects, taken, own + _periods(subjects)) + rows
    fatal = {p.subject for p in problems if p.fatal}
    if fatal:
        problems += _naming(fatal, (*taken, *memberships))
        fatal |= {p.subject for p in problems if p.fatal}
        for s in fatal:
            subjects.pop(s, None)
        taken[:] = [row for row in taken if row[0] not in fatal]
    return sorted(set(problems))


def _naming(fatal: set[str], rows: Iterable[MembershipRow]) -> list[Problem]:
    """The memberships of an organisation or structure left out: left out with it."""
    return [
        Problem(row[0], prop, "left out: it names data left out for a problem")
        for row in rows
        if row[0] not in fatal
        for prop, value in zip(_REQUIRED[:2], row[1:3], strict=True)
        if value in fatal
    ]


def _is_membership(props: Props) -> bool:
    kinds = props.get(_TYPE)
    return kinds == _MEMBERSHIP or (type(kinds) is list and _MEMBERSHIP in kinds)


def _row_of(s: str, props: Props) -> MembershipRow:
    """A membership's fields as :data:`~kggraph.sources.plain_memberships.MembershipRow`
    (the first of several values: two values are a problem of their own)."""
    first = [_first(props.get(p)) for p in (*_REQUIRED, _PERIOD)]
    sources = props.get(_SOURCE)
    return (s, *first, () if sources is None else tuple(_values(sources)), None)


def _first(stored: Term | list[Term] | None) -> Term | None:
    return stored[0] if type(stored) is list else stored


def _values(stored: Term | list[Term]) -> list[Term]:
    return stored if type(stored) is list else [stored]


def _row_problems(row: MembershipRow) -> Iterable[Problem]:
    s, *fields, period, sources, _ = row
    for prop, value in zip(_REQUIRED, fields, strict=True):
        if value is None:
            yield Problem(s, prop, "missing (every membership states it)")
    if not sources:
        yield Problem(s, _SOURCE, "missing (every membership cites its source)")
    if period is None:
        yield Problem(s, _PERIOD, "missing: taken as active on every date", fatal=False)


def _node_problems(s: str, props: Props) -> list[Problem]:
    """Two values where one is allowed, and dates or counts that do not read. (Most subjects
    have one value for each and no dates: a type check each, for a large load's sake.)"""
    out = []
    for p in props.keys() & _CHECKED:
        stored = props[p]
        if type(stored) is list:
            shown = ", ".join(sorted(_shown(v) for v in stored))
            out.append(Problem(s, p, f"two values where one is allowed ({shown})"))
        elif p in _DATES:
            if _read_as_date(p, props) and not _reads(parse_date, stored):
                out.append(Problem(s, p, f"'{_text(stored)}' is not a date (YYYY-MM-DD)"))
        elif p in _COUNTS and not _reads(int, stored):
            out.append(Problem(s, p, f"'{_text(stored)}' is not a whole number"))
    return out


def _read_as_date(prop: str, props: Props) -> bool:
    """Whether the reader reads ``prop`` as a date: a ``dcterms:date`` only of the records
    that have one (a mandate, an assignment, a change), not of a concept scheme."""
    if prop != _DCTERMS_DATE:
        return True
    kinds = props.get(_TYPE)
    return kinds is None or not set(_values(kinds)).isdisjoint(_DATED)


def _shown(value: Term) -> str:
    """A value as a message writes it: ``kgd:KD``, a literal in quotes, a blank node as
    ``[ ]`` (its label is made afresh on every read)."""
    from kggraph.sources.tables.names import iri_text

    if type(value) is not str:
        return f"'{value[0]}'"
    return "[ ]" if value.startswith("_:") else iri_text(value)


def _text(value: Term) -> str:
    return value if type(value) is str else value[0]


def _reads(read, value: Term) -> bool:  # noqa: ANN001 - a one-argument parser
    try:
        read(_text(value))
    except (ValueError, TypeError):
        return False
    return True


def _periods(subjects: Index) -> list[Problem]:
    """Periods that surely end before they start: the latest the end can be is before the
    earliest the start can be."""
    out = []
    known: dict[tuple[Term | None, bool], date | None] = {}

    def bound(node: Term | None, earliest: bool) -> date | None:
        key = (node, earliest)
        if key not in known:
            known[key] = _bound(subjects.get(node), earliest=earliest)
        return known[key]

    for node, props in subjects.items():
        if _BEGINNING in props and _END in props:
            first = bound(_first(props[_BEGINNING]), True)
            last = bound(_first(props[_END]), False)
            if first and last and last < first:
                out.append(Problem(node, _END, f"ends ({last}) before it starts ({first})"))
    return out


def _bound(props: Props | None, *, earliest: bool) -> date | None:
    """The earliest (or latest) date an instant can be: its date, else its bound."""
    if props is None:
        return None
    keys = (_IN_DATE, _NOT_BEFORE, _NOT_AFTER) if earliest else (_IN_DATE, _NOT_AFTER)
    for key in keys:
        value = props.get(key)
        if value is not None and type(value) is not list and _reads(parse_date, value):
            return parse_date(_text(value))
    return None


def _attach(subjects: Index, taken: list[MembershipRow], found: list[Problem]) -> list[Problem]:
    """Each problem of an owned node (a period, a date, a mandate) moved to the subjects that
    own it, with the path from them: they are what a reader knows and what is left out."""
    if not found:
        return found
    links: dict[str, list[tuple[str, str]]] = {}
    for s, props in subjects.items():
        for p in props.keys() & _OWNING:
            for o in _values(props[p]):
                links.setdefault(o, []).append((s, p))
    for row in taken:
        links.setdefault(row[5], []).append((row[0], _PERIOD))

    def owners(node: str, seen: frozenset[str]) -> list[tuple[str, str]]:
        out = [
            (owner, f"{via} / {p}".lstrip(" /"))
            for s, p in links.get(node, ())
            if s not in seen
            for owner, via in owners(s, seen | {node})
        ]
        return out or [(node, "")]

    return [
        p._replace(subject=owner, prop=f"{via} / {p.prop}".lstrip(" /"))
        for p in found
        for owner, via in owners(p.subject, frozenset())
    ]


def files_naming(subjects: set[str], paths: Iterable[Path]) -> dict[str, tuple[str, ...]]:
    """The files among ``paths`` that write each subject's local name (the part after the
    last ``/`` or ``#``; a table writes its id, Turtle ``kgd:id``). Folders are searched file
    by file, a workbook sheet by sheet."""
    locals_ = {s: s.rsplit("#", 1)[-1].rsplit("/", 1)[-1].encode() for s in subjects}
    out: dict[str, list[str]] = {s: [] for s in subjects}
    for path in paths:
        for blob in _blobs(path):
            for s, local in locals_.items():
                if local and local in blob and str(path) not in out[s]:
                    out[s].append(str(path))
    return {s: tuple(files) for s, files in out.items()}


def _blobs(path: Path) -> Iterable[bytes]:
    """The bytes of a file, of each file in a folder, of each part of a workbook."""
    import zipfile

    if path.is_dir():
        for child in sorted(path.iterdir()):
            yield from _blobs(child) if child.is_file() else ()
        return
    try:
        if path.suffix.lower() == ".xlsx":
            with zipfile.ZipFile(path) as book:
                yield from (book.read(name) for name in book.namelist())
        else:
            yield path.read_bytes()
    except (OSError, zipfile.BadZipFile):
        return

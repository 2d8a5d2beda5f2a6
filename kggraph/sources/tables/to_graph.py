"""Rows → RDF: every cell read with its column's syntax, every name through the one resolver
(the context graph's names plus the rows' own), every problem collected with its place.

Nothing is printed and nothing stops at the first problem: :func:`tables_to_graph` returns the
graph of the rows without problems and the list of all problems. SHACL validation of the result
(:func:`validate_conversion`) adds the shapes' findings, each traced back to its row and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef

from kggraph.model.namespaces import DCTERMS, KG, KGLEVEL, KGROLE, ORG, PREFIXES, RDF, SKOS
from kggraph.sources.tables.cells import CellError, Node, Value, cell_text
from kggraph.sources.tables.entity_sheets import MEMBERSHIPS, STRUCTURES
from kggraph.sources.tables.layout import TRIPLES, Column, Sheet
from kggraph.sources.tables.names import explicit_iri
from kggraph.sources.tables.read import Row, TableProblem, Tables
from kggraph.sources.tables.row_ids import (
    ENTITY_SHEETS,
    Progress,
    RowIds,
    Triple,
    sheet_of,
    slug,
)

if TYPE_CHECKING:
    from rdflib.term import Node as Term

__all__ = ["Conversion", "tables_to_graph"]

_ORDER = (
    "documents",
    "citations",
    "organisations",
    "structures",
    "events",
    "assignments",
    "assessments",
    "memberships",
    "triples",
)
_ROLE, _LEAD, _ORGANIZATION, _MEMBER = ORG.role, KGROLE.lead, ORG.organization, ORG.member
_LEVEL, _UNKNOWN_LEVEL = KG.level, KGLEVEL.unknown
_LEAD_KEYS = frozenset({_ROLE, _ORGANIZATION, _MEMBER})
_MEMBERSHIP_COLUMNS = {c.key: c for c in MEMBERSHIPS.columns}


@dataclass
class Conversion:
    """Every row's triples, and every problem found; ``graph`` holds the rows without one."""

    problems: list[TableProblem]
    rows: int
    rejected: set[tuple[str, int]] = field(default_factory=set)
    origin: dict[Term, tuple[Row, Sheet, tuple[URIRef, ...]]] = field(default_factory=dict)
    row_triples: dict[tuple[str, int], list[Triple]] = field(default_factory=dict)
    row_subject: dict[tuple[str, int], Term] = field(default_factory=dict)
    row_sheet: dict[tuple[str, int], str] = field(default_factory=dict)
    unchanged: int = 0  # rows left out: the loaded data already hold them

    @property
    def ok(self) -> bool:
        """True when there is no problem at all."""
        return not self.problems

    def triples(self) -> Iterator[Triple]:
        """The triples of the rows that are right."""
        for where, triples in self.row_triples.items():
            if where not in self.rejected:
                yield from triples

    @cached_property
    def graph(self) -> Graph:
        """The graph of the rows that are right, with the project's prefixes bound."""
        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=True)
        add = graph.store.add
        for triple in self.triples():
            add(triple, graph)
        return graph


class _Builder(RowIds):
    """Builds the triples of each row; remembers which row made each node."""

    # ------------------------------------------------------------ pass 2: triples

    def build(self, progress: Progress | None) -> None:
        total, done = self.tables.count(), 0
        for key in _ORDER:
            sheet = sheet_of(key)
            for row in self.rows(key):
                self._row(row, sheet)
                done += 1
                if progress and done % 1000 == 0:
                    progress(done, total)
        self._leads()
        self._named()
        if progress:
            progress(total, total)

    def _named(self) -> None:
        """A row of a sheet whose name may be in one of several columns, or in the triples
        sheet (a name with ';' in it), needs one of them."""
        named = {
            t[0] for triples in self.triples.values() for t in triples if t[1] == SKOS.prefLabel
        }
        for key in ENTITY_SHEETS:
            sheet = sheet_of(key)
            for column in (c for c in sheet.columns if c.required and c.unless):
                for row in self.rows(key):
                    subject = self.subject.get((row.where, row.row))
                    if subject is not None and subject not in named:
                        others = " or ".join(row.header(k) for k in column.unless)
                        self.problem(
                            row, row.header(column.key), f"is empty; it is required (or {others})"
                        )

    def _row(self, row: Row, sheet: Sheet) -> None:
        where = (row.where, row.row)
        if sheet is TRIPLES:
            self._triple_row(row)
            return
        if sheet is MEMBERSHIPS:
            subject = self._subject(row, sheet) if "id" in row.cells else self._membership_id(row)
        else:
            subject = self.subject.get(where)
        if subject is None:
            if where not in self.bad:
                self._required(row, sheet)
            return
        out: list[Triple] = []
        self.triples[where] = out
        self.sheet_of_row[where] = sheet.key
        if sheet.fixed_class is not None:
            out.append((subject, RDF.type, sheet.fixed_class))
        for column in sheet.columns:
            if column.key == "id" or column.key in sheet.derived:
                continue
            self._cell(row, sheet, column, subject, out)
        if sheet is MEMBERSHIPS:
            self._membership_defaults(row, subject, out)

    def _required(self, row: Row, sheet: Sheet) -> None:
        for column in sheet.columns:
            if column.required and column.key not in row.cells:
                self.problem(row, row.header(column.key), "is empty; it is required")

    def _membership_id(self, row: Row) -> Term | None:
        def local(key: str) -> str:
            try:
                values = _MEMBERSHIP_COLUMNS[key].syntax.read(row.cells.get(key), self.names)
            except CellError:
                return "x"
            return slug(str(values[0]).rsplit("/", 1)[-1].rsplit("#", 1)[-1]) if values else "x"

        subject = self._free(f"m-{local('structure')}-{local('member')}-{local('role')}")
        self.subject[(row.where, row.row)] = subject
        self.owner[subject] = row
        self.origin[subject] = (row, MEMBERSHIPS, ())
        return subject

    def _cell(
        self, row: Row, sheet: Sheet, column: Column, subject: Term, out: list[Triple]
    ) -> None:
        cell = row.cells.get(column.key)
        if cell is None:
            if column.required and not column.unless:  # else checked in _named
                self.problem(row, row.header(column.key), "is empty; it is required")
            return
        try:
            values = column.syntax.read(cell, self.names)
        except CellError as err:
            self.problem(row, row.header(column.key), str(err))
            return
        if not values:
            return
        anchor, prefix = self._via(row, sheet, column, subject, out)
        if column.pred is None:
            for value in values:
                assert isinstance(value, Node)
                out.extend((anchor, p, o) for p, o in value.ordered())
            return
        for value in values:
            out.append(
                (
                    anchor,
                    column.pred,
                    self._value(row, sheet, column, subject, prefix, value, out, len(values)),
                )
            )

    def _via(
        self, row: Row, sheet: Sheet, column: Column, subject: Term, out: list[Triple]
    ) -> tuple[Term, tuple[URIRef, ...]]:
        anchor: Term = subject
        prefix: tuple[URIRef, ...] = ()
        for pred, cls in column.via:
            prefix = (*prefix, pred)
            node = self._path_node(subject, prefix, row, sheet)
            out.append((anchor, pred, node))
            out.append((node, RDF.type, cls))
            anchor = node
        return anchor, prefix

    def _path_node(self, root: Term, prefix: tuple[URIRef, ...], row: Row, sheet: Sheet) -> Term:
        key = (root, prefix)
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = BNode()
            self.origin.setdefault(node, (row, sheet, prefix))
        return node

    def _value(
        self,
        row: Row,
        sheet: Sheet,
        column: Column,
        subject: Term,
        prefix: tuple[URIRef, ...],
        value: Value,
        out: list[Triple],
        count: int,
    ) -> Term:
        if not isinstance(value, Node):
            return value
        path = (*prefix, column.pred)
        if value.iri is not None:
            node: Term = value.iri
            if value.pairs:
                self._describe(row, column, value)
            self.origin.setdefault(node, (row, sheet, path))
        elif count == 1:
            node = self._path_node(subject, path, row, sheet)
        else:
            node = BNode()
            self.origin[node] = (row, sheet, path)
        out.extend((node, p, o) for p, o in value.ordered())
        return node

    def _describe(self, row: Row, column: Column, value: Node) -> None:
        assert value.iri is not None
        first = self.described.get(value.iri)
        if first is None:
            self.described[value.iri] = (value.pairs, row)
        elif first[0] != value.pairs:
            other = first[1]
            self.problem(
                row,
                row.header(column.key),
                f"[{self.names.instant_name(value.iri)}] is described differently in "
                f"{other.where}, row {other.row}",
            )

    def _membership_defaults(self, row: Row, subject: Term, out: list[Triple]) -> None:
        if "level" not in row.cells:
            out.append((subject, _LEVEL, _UNKNOWN_LEVEL))
        found = {p: o for s, p, o in out if s == subject and p in _LEAD_KEYS}
        if found.get(_ROLE) == _LEAD and _ORGANIZATION in found and _MEMBER in found:
            self.leads.add((found[_ORGANIZATION], found[_MEMBER]))

    # ------------------------------------------------------------ the derived lead column

    def _leads(self) -> None:
        lead_column = STRUCTURES.column("lead")
        source_column = STRUCTURES.column("source")
        for row in self.rows("structures"):
            where = (row.where, row.row)
            cell = row.cells.get("lead")
            if cell is None or where not in self.triples:
                continue
            structure = self.subject[where]
            try:
                leads = lead_column.syntax.read(cell, self.names)
                sources = source_column.syntax.read(row.cells.get("source"), self.names)
            except CellError as err:
                self.problem(row, row.header("lead"), str(err))
                continue
            for lead in leads:
                if (structure, lead) in self.leads or self._context_lead(structure, lead):
                    continue
                if not sources:
                    self.problem(row, row.header("lead"), "a lead needs a source (column source)")
                    continue
                self._lead_membership(row, structure, lead, sources)

    def _context_lead(self, structure: Term, lead: Term) -> bool:
        for m in self.context.subjects(ORG.organization, structure):
            if (m, ORG.member, lead) in self.context and (m, ORG.role, KGROLE.lead) in self.context:
                return True
        return False

    def _lead_membership(self, row: Row, structure: Term, lead: Term, sources: list[Value]) -> None:
        def local(t: Term) -> str:
            return slug(str(t).rsplit("/", 1)[-1])

        m = self._free(f"m-{local(structure)}-{local(lead)}-lead")
        self.origin[m] = (row, STRUCTURES, ())
        self.triples[(row.where, row.row)].extend(
            [
                (m, RDF.type, ORG.Membership),
                (m, ORG.member, lead),
                (m, ORG.organization, structure),
                (m, ORG.role, KGROLE.lead),
                (m, KG.level, KGLEVEL.unknown),
                *((m, DCTERMS.source, s) for s in sources),
            ]
        )
        self.leads.add((structure, lead))

    # ------------------------------------------------------------ the triples sheet

    def _triple_row(self, row: Row) -> None:
        out: list[Triple] = []
        try:
            subject = self._path(row, cell_text(row.cells.get("subject")), out)
            pred = self.names.predicate(cell_text(row.cells.get("predicate")))
            obj = self._object(row, out)
        except CellError as err:
            self.problem(row, "", str(err))
            return
        out.append((subject, pred, obj))
        self.triples[(row.where, row.row)] = out
        self.sheet_of_row[(row.where, row.row)] = TRIPLES.key

    def _path(self, row: Row, text: str, out: list[Triple]) -> Term:
        """A node written as an id, or as a path from one: ``DFD / kg:activeDuring``."""
        if not text:
            raise CellError("subject is empty")
        parts = [p.strip() for p in text.split(" / ")]
        root = node = self.names.node(parts[0])
        prefix: tuple[URIRef, ...] = ()
        for step in parts[1:]:
            pred = self.names.predicate(step)
            prefix = (*prefix, pred)
            child = self._path_node(root, prefix, row, TRIPLES)
            out.append((node, pred, child))
            node = child
        return node

    def _object(self, row: Row, out: list[Triple]) -> Term:
        obj = cell_text(row.cells.get("object"))
        value = row.cells.get("value")
        if obj and value is not None:
            raise CellError("give an object or a value, not both")
        if obj:
            return self._path(row, obj, out)
        if value is None:
            raise CellError("give an object (a node) or a value (a literal)")
        lang = cell_text(row.cells.get("language")) or None
        dtype = cell_text(row.cells.get("datatype"))
        datatype = explicit_iri(dtype) if dtype else None
        if dtype and datatype is None:
            raise CellError(f"'{dtype}' is not a datatype (e.g. xsd:date)")
        if lang and datatype:
            raise CellError("a value has a language or a datatype, not both")
        return Literal(cell_text(value), lang=lang, datatype=datatype)


def tables_to_graph(
    tables: Tables, context: Graph, *, progress: Progress | None = None
) -> Conversion:
    """Turn ``tables`` into RDF. Names resolve against ``context`` (ontology + data already
    loaded) and the rows themselves. Rows with problems are left out of the graph."""
    builder = _Builder(tables, context)
    builder.register()
    builder.build(progress)
    bad = {(p.where, p.row) for p in builder.problems}
    return Conversion(
        problems=sorted(set(builder.problems)),
        rows=tables.count(),
        rejected={w for w in bad if w[1] > 0},
        origin=builder.origin,
        row_triples=builder.triples,
        row_subject=builder.subject,
        row_sheet=builder.sheet_of_row,
    )

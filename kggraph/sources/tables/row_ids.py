"""Rows → ids and names: pass 1 of turning tables into RDF.

Every row of a sheet that names things gets its subject IRI here, the one in column ``id`` or
one minted from its abbreviation, name or label (never one the loaded data or another row
already uses), and its names are registered with the resolver, so that pass 2
(:mod:`kggraph.sources.tables.to_graph`) can read a reference to any row, whatever its sheet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from kggraph.model.names import fold_letters
from kggraph.model.namespaces import KG, PREFIXES, SKOS
from kggraph.sources.tables.cells import CellError, cell_text
from kggraph.sources.tables.layout import SHEETS, Sheet
from kggraph.sources.tables.names import Names
from kggraph.sources.tables.read import Row, TableProblem, Tables

if TYPE_CHECKING:
    from rdflib.term import Node as Term

__all__ = ["ENTITY_SHEETS", "Progress", "RowIds", "Triple", "sheet_of", "slug"]

Triple = tuple["Term", URIRef, "Term"]
Progress = Callable[[int, int], None]
ENTITY_SHEETS = ("organisations", "structures")


@lru_cache(maxsize=4096)
def slug(text: str) -> str:
    """An id made from a name: ASCII letters, digits, '.', '_' and '-'.

    >>> slug("Kunnskap i kriser")
    'Kunnskap-i-kriser'
    >>> slug("Konfliktrådet")
    'Konfliktradet'
    """
    text = fold_letters(text)
    return re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]+", "-", text)).strip("-") or "x"


class RowIds:
    """Pass 1 of the conversion, and the state both passes share: each row's subject, its
    names known to the resolver, the problems found so far."""

    def __init__(self, tables: Tables, context: Graph) -> None:
        self.tables = tables
        self.names = Names.from_graph(context)
        self.context = context
        self.problems: list[TableProblem] = list(tables.problems)
        self.triples: dict[tuple[str, int], list[Triple]] = {}
        self.subject: dict[tuple[str, int], Term] = {}
        self.owner: dict[Term, Row] = {}
        self.nodes: dict[tuple[Term, tuple[URIRef, ...]], Term] = {}
        self.origin: dict[Term, tuple[Row, Sheet, tuple[URIRef, ...]]] = {}
        self.described: dict[URIRef, tuple[frozenset, Row]] = {}
        self.used: set[str] = set()
        self.leads: set[tuple[Term, Term]] = set()
        self.bad: set[tuple[str, int]] = set()
        self.sheet_of_row: dict[tuple[str, int], str] = {}
        self.next_number: dict[str, int] = {}

    # ------------------------------------------------------------ problems

    def problem(self, row: Row, column: str, message: str) -> None:
        self.problems.append(TableProblem(row.where, row.row, column, message))
        self.bad.add((row.where, row.row))

    def rows(self, key: str) -> list[Row]:
        return self.tables.rows.get(key, [])

    # ------------------------------------------------------------ pass 1: ids and names

    def register(self) -> None:
        self._register_concepts()
        for key in (
            "documents",
            "citations",
            *ENTITY_SHEETS,
            "events",
            "assignments",
            "assessments",
        ):
            sheet = sheet_of(key)
            for row in self.rows(key):
                subject = self._subject(row, sheet)
                if subject is not None:
                    self._names_of(row, sheet, subject)

    def _register_concepts(self) -> None:
        """The concepts and theme schemes the triples sheet defines (a data set's own themes),
        known before the structures sheet names them."""
        names: dict[Term, list[str]] = defaultdict(list)
        scheme_of: dict[Term, str] = {}
        for row in self.rows("triples"):
            cell = {k: cell_text(row.cells.get(k)) for k in ("subject", "predicate", "object")}
            try:
                subject, predicate = (
                    self.names.node(cell["subject"]),
                    self.names.predicate(cell["predicate"]),
                )
                obj = self.names.node(cell["object"]) if cell["object"] else None
            except CellError:
                continue  # reported in pass 2
            if predicate == SKOS.inScheme and obj is not None:
                scheme_of[subject] = str(obj)
            elif predicate == KG.themeScheme and obj is not None:
                self.names.add_theme_scheme(str(obj))
            elif predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation):
                names[subject].append(cell_text(row.cells.get("value")))
        for concept, scheme in scheme_of.items():
            aliases = [n for n in names[concept] if n]
            self.names.add_concept(scheme, str(concept), aliases, aliases[0] if aliases else "")

    def _subject(self, row: Row, sheet: Sheet) -> Term | None:
        text = cell_text(row.cells.get("id"))
        if text:
            try:
                subject = self.names.node(text)
            except CellError as err:
                self.problem(row, row.header("id"), str(err))
                return None
        else:
            subject = self._mint(row, sheet)
            if subject is None:
                return None
        first = self.owner.get(subject)
        if first is not None:
            self.problem(
                row,
                row.header("id"),
                f"{self.names.node_name(subject)} is also in {first.where}, row {first.row}",
            )
            return None
        self.owner[subject] = row
        self.subject[(row.where, row.row)] = subject
        self.origin[subject] = (row, sheet, ())
        self.used.add(str(subject))
        return subject

    def _mint(self, row: Row, sheet: Sheet) -> Term | None:
        text = {
            "abbreviation": lambda: cell_text(row.cells.get("abbreviation")),
            "short_name": lambda: cell_text(row.cells.get("short_name")),
            "name": lambda: cell_text(row.cells.get("name") or row.cells.get("name_en")),
            "citation": lambda: (
                "src-"
                + "-".join(cell_text(row.cells.get(k)) or "x" for k in ("document", "section"))
            ),
            "document": lambda: "doc-" + cell_text(row.cells.get("label")),
            "assessment": lambda: (
                "assess-"
                + "-".join(cell_text(row.cells.get(k)) or "x" for k in ("about", "guideline"))
            ),
        }.get(sheet.mint)
        base = text() if text else ""
        if not base or base in ("doc-", "src-x-x", "assess-x-x"):
            key = "document" if sheet.mint == "citation" else sheet.mint
            key = "label" if sheet.mint == "document" else key
            self.problem(row, row.header(key), "is empty; fill it in, or column id")
            return None
        if sheet.key in ENTITY_SHEETS:
            iri = URIRef(PREFIXES["kgd"] + slug(base))
            if (iri, None, None) in self.context or str(iri) in self.used:
                column = sheet.column(sheet.mint)
                self.problem(
                    row,
                    row.header(column.key),
                    f"'{base}' is already {self.names.node_name(iri)}; to add to it, put "
                    f"{self.names.node_name(iri)} in column id",
                )
                return None
            return iri
        prefix = {"events": "change-", "assignments": "a-"}.get(sheet.key, "")
        return self._free(prefix + slug(base), numbered=sheet.key == "citations")

    def _free(self, base: str, *, numbered: bool = False) -> URIRef:
        n = self.next_number.get(base, 1)
        while True:
            local = f"{base}-{n}" if numbered or n > 1 else base
            iri = URIRef(PREFIXES["kgd"] + local)
            if str(iri) not in self.used and (iri, None, None) not in self.context:
                self.used.add(str(iri))
                self.next_number[base] = n + 1
                return iri
            n += 1

    def _names_of(self, row: Row, sheet: Sheet, subject: Term) -> None:
        texts = []
        for key in ("abbreviation", "short_name", "name", "name_en", "altnames", "label"):
            cell = row.cells.get(key)
            if cell is None or key not in {c.key for c in sheet.columns}:
                continue
            try:
                texts.extend(str(v) for v in sheet.column(key).syntax.read(cell, self.names))
            except CellError:
                continue  # reported in pass 2
        if sheet.key in ENTITY_SHEETS:
            self.names.add_entity(str(subject), texts)
        elif sheet.key == "citations":
            self.names.add_citation(str(subject), texts[0] if texts else None)
        elif sheet.key == "documents":
            self.names.add_document(str(subject), texts[0] if texts else None)


def sheet_of(key: str) -> Sheet:
    return next(s for s in SHEETS if s.key == key)

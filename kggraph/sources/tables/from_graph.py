"""RDF → rows: the same sheets and columns import reads, filled from a data graph.

A cell is written only when reading it back gives exactly the graph's values (so a table never
says less than the graph); every triple no cell holds goes to the ``triples`` sheet, with
blank nodes written as paths from a row's id (``DFD / kg:activeDuring``) or as ``_:bN``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef

from kggraph.model.namespaces import KGROLE, ORG, RDF
from kggraph.sources.tables.cells import Cell, CellError, Node, Value
from kggraph.sources.tables.entity_sheets import STRUCTURES
from kggraph.sources.tables.layout import SHEETS, TRIPLES, Column, Sheet
from kggraph.sources.tables.names import Names, iri_text

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Graph
    from rdflib.term import Node as Term

__all__ = ["Export", "graph_to_tables"]

Triple = tuple["Term", "Term", "Term"]
_TYPE_KINDS = {"organisations": "organisation-type", "structures": "structure-type"}
_ROLE_ORDER = {"lead": 0, "chair": 1, "responsible": 2, "member": 3, "observer": 9}


@dataclass
class Export:
    """Rows by sheet key (each a dict of column key → cell), in a readable order."""

    rows: dict[str, list[dict[str, Cell]]]

    def count(self) -> int:
        """The number of rows."""
        return sum(len(r) for r in self.rows.values())

    def frames(self, lang: str = "en") -> dict[str, pd.DataFrame]:
        """One DataFrame per sheet, named and headed in ``lang`` (en or nb); every column of
        the layout, in order, empty ones included."""
        import pandas as pd

        out = {}
        for sheet in SHEETS:
            headers = [c.en if lang == "en" else c.nb for c in sheet.columns]
            data = [[row.get(c.key) for c in sheet.columns] for row in self.rows.get(sheet.key, [])]
            out[sheet.en if lang == "en" else sheet.nb] = pd.DataFrame(
                data, columns=headers, dtype=object
            )
        return out


class _Triples:
    """The triples of ``graph`` that ``leave_out`` does not hold, by subject and predicate, read
    once: the export asks hundreds of thousands of small questions, which an rdflib store
    answers several times slower."""

    def __init__(self, graph: Graph, leave_out: Graph) -> None:
        known = set(leave_out)
        self.all: list[Triple] = []
        self.by_subject: dict[Term, dict[Term, list[Term]]] = defaultdict(dict)
        self.by_object: dict[tuple[Term, Term], list[Term]] = defaultdict(list)
        for s, p, o in graph:
            if (s, p, o) in known:
                continue
            self.all.append((s, p, o))
            self.by_subject[s].setdefault(p, []).append(o)
            self.by_object[p, o].append(s)

    def objects(self, subject: Term, pred: Term) -> list[Term]:
        """The objects of ``subject pred ?``."""
        props = self.by_subject.get(subject)
        return props.get(pred, []) if props else []

    def value(self, subject: Term, pred: Term) -> Term | None:
        """One object of ``subject pred ?`` (the first), or None."""
        found = self.objects(subject, pred)
        return found[0] if found else None

    def subjects(self, pred: Term, obj: Term) -> list[Term]:
        """The subjects of ``? pred obj``."""
        return self.by_object.get((pred, obj), [])

    def has(self, subject: Term, pred: Term, obj: Term) -> bool:
        """Whether the triple is in the data."""
        return obj in self.objects(subject, pred)


class _Exporter:
    def __init__(self, graph: Graph, context: Graph) -> None:
        from rdflib.graph import ReadOnlyGraphAggregate

        self.data = _Triples(graph, context)
        self.names = Names.from_graph(ReadOnlyGraphAggregate([context, graph]))
        self.consumed: set[Triple] = set()
        self.paths: dict[Term, str] = {}
        self.indegree = Counter(o for _s, _p, o in self.data.all if isinstance(o, BNode))

    # ------------------------------------------------------------ which row a node is

    def sheet_of(self, subject: Term, types: set[Term]) -> tuple[Sheet, Term | None] | None:
        for sheet in SHEETS:
            if sheet.fixed_class is not None and sheet.fixed_class in types:
                return sheet, sheet.fixed_class
            kind = _TYPE_KINDS.get(sheet.key)
            if kind and any(self.names.knows(kind, t) for t in types):
                return sheet, None
        return None

    def rows(self) -> dict[str, list[dict[str, Cell]]]:
        out: dict[str, list[dict[str, Cell]]] = {s.key: [] for s in SHEETS}
        typed = {s for s, props in self.data.by_subject.items() if RDF.type in props}
        for subject in sorted(typed, key=_key):
            if isinstance(subject, BNode) and self.indegree[subject]:
                continue
            found = self.sheet_of(subject, set(self.data.objects(subject, RDF.type)))
            if found is None:
                continue
            sheet, fixed = found
            if fixed is not None:
                self.consumed.add((subject, RDF.type, fixed))
            out[sheet.key].append(self.row(sheet, subject))
        out["structures"] = [self._with_lead(r) for r in out["structures"]]
        out[TRIPLES.key] = self.leftovers()
        return {k: _ordered(k, v) for k, v in out.items()}

    # ------------------------------------------------------------ one row

    def row(self, sheet: Sheet, subject: Term) -> dict[str, Cell]:
        cells: dict[str, Cell] = {"id": self.names.node_name(subject)}
        for column in sheet.columns:
            if column.key == "id" or column.key in sheet.derived:
                continue
            cell = self.cell(sheet, column, subject)
            if cell is not None:
                cells[column.key] = cell
        return cells

    def cell(self, sheet: Sheet, column: Column, subject: Term) -> Cell:
        walked = self._via(column, subject)
        if walked is None:
            return None
        anchor, links = walked
        values, triples = self._values(sheet, column, anchor)
        if not values:
            return None
        try:
            cell = column.syntax.write(values, self.names)
            back = column.syntax.read(cell, self.names)
        except CellError:
            return None
        if Counter(back) != Counter(values):
            return None
        self.consumed.update(links)
        self.consumed.update(triples)
        self._remember_paths(subject, column, anchor, values)
        return cell

    def _via(self, column: Column, subject: Term) -> tuple[Term, list[Triple]] | None:
        anchor, links = subject, []
        for pred, cls in column.via:
            objects = list(self.data.objects(anchor, pred))
            if len(objects) != 1 or not isinstance(objects[0], BNode):
                return None
            node = objects[0]
            if self.indegree[node] != 1 or not self.data.has(node, RDF.type, cls):
                return None
            links += [(anchor, pred, node), (node, RDF.type, cls)]
            anchor = node
        return anchor, links

    def _values(
        self, sheet: Sheet, column: Column, anchor: Term
    ) -> tuple[list[Value], list[Triple]]:
        syntax = column.syntax
        if column.pred is None:
            pairs = [(p, o) for p in syntax.covers for o in self.data.objects(anchor, p)]
            triples = [(anchor, p, o) for p, o in pairs]
            return ([Node(frozenset(pairs))] if pairs else []), triples
        objects = [o for o in self.data.objects(anchor, column.pred) if syntax.accepts(o)]
        if column.pred == RDF.type:
            objects = [o for o in objects if self.names.knows(_TYPE_KINDS[sheet.key], o)]
        if not syntax.covers:
            return objects, [(anchor, column.pred, o) for o in objects]
        values: list[Value] = []
        triples: list[Triple] = []
        for o in objects:
            if isinstance(o, BNode) and self.indegree[o] != 1:
                return [], []
            pairs = [(p, x) for p in syntax.covers for x in self.data.objects(o, p)]
            values.append(Node(frozenset(pairs), o if isinstance(o, URIRef) else None))
            triples += [(anchor, column.pred, o), *((o, p, x) for p, x in pairs)]
        return values, triples

    def _remember_paths(
        self, subject: Term, column: Column, anchor: Term, values: list[Value]
    ) -> None:
        path = self.names.node_name(subject)
        node: Term = subject
        for pred, _cls in column.via:
            path += f" / {iri_text(str(pred))}"
            node = self.data.value(node, pred)
            self.paths[node] = path
        if column.pred is not None and column.syntax.covers and len(values) == 1:
            target = self.data.value(anchor, column.pred)
            if isinstance(target, BNode):
                self.paths[target] = f"{path} / {iri_text(str(column.pred))}"

    # ------------------------------------------------------------ the derived lead column

    def _with_lead(self, row: dict[str, Cell]) -> dict[str, Cell]:
        structure = self.names.node(str(row["id"]))
        leads = sorted(
            {
                self.data.value(m, ORG.member)
                for m in self.data.subjects(ORG.organization, structure)
                if self.data.has(m, ORG.role, KGROLE.lead) and self.data.value(m, ORG.member)
            },
            key=str,
        )
        if leads:
            row["lead"] = STRUCTURES.column("lead").syntax.write(leads, self.names)
        return row

    # ------------------------------------------------------------ everything else

    def leftovers(self) -> list[dict[str, Cell]]:
        rows = []
        left = [t for t in self.data.all if t not in self.consumed]
        for s, p, o in sorted(left, key=lambda t: tuple(_key(x) for x in t)):
            row: dict[str, Cell] = {"subject": self._node(s), "predicate": iri_text(str(p))}
            if isinstance(o, Literal):
                row["value"] = str(o)
                if o.language:
                    row["language"] = o.language
                elif o.datatype:
                    row["datatype"] = iri_text(str(o.datatype))
            else:
                row["object"] = self._node(o)
            rows.append(row)
        return rows

    def _node(self, term: Term) -> str:
        return self.paths.get(term) or self.names.node_name(term)


def _key(term: Term) -> tuple[int, str]:
    return (1 if isinstance(term, BNode) else 0, str(term))


def _ordered(key: str, rows: list[dict[str, Cell]]) -> list[dict[str, Cell]]:
    if key == "memberships":
        return sorted(
            rows,
            key=lambda r: (
                str(r.get("structure", "")),
                _ROLE_ORDER.get(str(r.get("role", "")), 5),
                str(r.get("member", "")),
                str(r.get("id", "")),
            ),
        )
    if key in _TYPE_KINDS:
        order = defaultdict(
            lambda: 9, {"Ministry": 0, "Agency": 1, "CoreGroup": 0, "Secretariat": 1}
        )
        return sorted(rows, key=lambda r: (order[str(r.get("type", ""))], str(r.get("id", ""))))
    if key == "triples":
        return rows
    return sorted(rows, key=lambda r: str(r.get("id", "")))


def graph_to_tables(graph: Graph, context: Graph) -> Export:
    """The tables for what ``graph`` holds beyond ``context``; ``context`` is the ontology (and
    anything else names may refer to). ``graph`` may hold ``context`` too, as the loader's
    merged graph does: what both hold is not written."""
    return Export(_Exporter(graph, context).rows())

"""Organisations of a data file as the dedupe reads them, and a reviewed dedupe table applied.

:func:`org_records` reads each organisation's name, short name, country and category (the
register's own concepts) and how many seats it holds. :func:`read_review` takes the rows a
person accepted in the review table (``accept`` = yes); :func:`apply_merges` rewrites the file's
triples so that each accepted organisation becomes the one its cluster keeps: its names become
the kept one's alternative names (``skos:altLabel``), its seats and sources move over, and two
seats that become the same (same structure and role) become one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from kggraph.errors import DataError, KgError
from kggraph.model.names import expand_prefixed
from kggraph.model.namespaces import DCTERMS, KG, ORG, RDF, SKOS

__all__ = [
    "OrgRecord",
    "REVIEW_COLUMNS",
    "apply_merges",
    "org_records",
    "read_review",
    "read_triples",
]

Plain = tuple[str, str, object]  # subject, predicate, object (IRI, '_:b', or a literal tuple)
REVIEW_COLUMNS = (
    "cluster",
    "keep",
    "id",
    "name",
    "country",
    "category",
    "seats",
    "score",
    "evidence",
    "accept",
)
_ORG_TYPES = {str(KG.Ministry), str(KG.Agency), str(KG.OtherOrganisation)}
_YES = {"yes", "y", "ja", "j", "x", "1", "true", "accept", "accepted"}


@dataclass(frozen=True)
class OrgRecord:
    """An organisation as the dedupe sees it."""

    iri: str
    name: str
    notation: str
    country: str = ""
    category: str = ""
    seats: int = 0


def read_triples(path: Path) -> list[Plain]:
    """Every triple of an RDF file (pyoxigraph's parser); a bad file is a DataError."""
    from kggraph.sources.fastparse import FAST_FORMATS, OxSyntaxError, parse_files

    if path.suffix.lower() not in FAST_FORMATS:
        raise DataError(f"{path}: dedupe reads Turtle, N-Triples or RDF/XML")
    try:
        return list(parse_files([path]))
    except OxSyntaxError as err:
        raise DataError(str(err)) from None
    except OSError as err:
        raise DataError(f"{path}: cannot read: {err.strerror or err}") from None


def _text(value: object) -> str:
    return value[0] if isinstance(value, tuple) else str(value)


def org_records(triples: list[Plain]) -> list[OrgRecord]:
    """The organisations in ``triples``, with their country, category and number of seats."""
    props: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        props[s][p].append(o)
    seats = Counter(str(o) for s, p, o in triples if p == str(ORG.member))

    def label(iri: object) -> str:
        names = props.get(str(iri), {}).get(str(SKOS.prefLabel), [])
        return _text(names[0]) if names else str(iri).rsplit("/", 1)[-1]

    out = []
    for s, p in props.items():
        if not _ORG_TYPES & {str(t) for t in p.get(str(RDF.type), ())}:
            continue
        names = p.get(str(SKOS.prefLabel), [])
        notation = p.get(str(SKOS.notation), [])
        out.append(
            OrgRecord(
                iri=s,
                name=_text(names[0]) if names else s,
                notation=_text(notation[0]) if notation else "",
                country="; ".join(sorted(label(c) for c in p.get(str(DCTERMS.spatial), ()))),
                category="; ".join(sorted(label(c) for c in p.get(str(KG.category), ()))),
                seats=seats[s],
            )
        )
    return out


def read_review(path: Path) -> dict[str, str]:
    """{merged organisation: the one it becomes} from the accepted rows of a review table."""
    from kggraph.sources.register.rows import read_file

    table = read_file(path)
    missing = [c for c in ("keep", "id", "accept") if c not in table.header]
    if missing:
        raise KgError(f"{path}: no column '{missing[0]}' (a review table from kggraph dedupe)")
    merges: dict[str, str] = {}
    for number, row in enumerate(table.rows, start=2):
        if row.get("accept", "").strip().casefold() not in _YES:
            continue
        keep, this = (expand_prefixed(row.get(k, "").strip()) for k in ("keep", "id"))
        if not keep.startswith("http") or not this.startswith("http"):
            raise KgError(f"{path.name}, row {number}: keep and id must be ids such as kgd:eg-o-…")
        if this != keep:
            merges[this] = keep
    for keep in merges.values():
        if keep in merges:
            raise KgError(f"{path.name}: {keep} is kept in one row and merged away in another")
    return merges


def _term(value: object) -> URIRef | BNode | Literal:
    if isinstance(value, tuple):
        text, lang, datatype = value
        return Literal(text, lang=lang or None, datatype=URIRef(datatype) if datatype else None)
    text = str(value)
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


def _same_seats(triples: list[Plain], merges: dict[str, str]) -> dict[str, str]:
    """Seats that become the same once organisations merge: each later one → the first."""
    seat: dict[str, dict[str, str]] = defaultdict(dict)
    for s, p, o in triples:
        if p in (str(ORG.member), str(ORG.organization), str(ORG.role)):
            seat[s][p] = merges.get(str(o), str(o))
    first: dict[tuple[str, ...], str] = {}
    out = {}
    for s in sorted(seat):
        key = tuple(seat[s].get(str(p), "") for p in (ORG.member, ORG.organization, ORG.role))
        out[s] = first.setdefault(key, s)
    return {s: kept for s, kept in out.items() if s != kept}


def apply_merges(triples: list[Plain], merges: dict[str, str]) -> list[tuple]:
    """``triples`` with each merged organisation folded into the one kept (see the module)."""
    unknown = sorted(set(merges) - {s for s, _, _ in triples})
    if unknown:
        raise KgError(f"the review names {unknown[0]}, which the data file does not hold")
    renamed = {**merges, **_same_seats(triples, merges)}
    names = {(s, _text(o)) for s, p, o in triples if p == str(SKOS.prefLabel)}
    out = []
    for s, p, o in triples:
        if s in merges:
            if p == str(RDF.type):
                continue
            if p in (str(SKOS.prefLabel), str(SKOS.notation)):
                if (merges[s], _text(o)) in names:
                    continue
                p = str(SKOS.altLabel)
        target = o if isinstance(o, tuple) else renamed.get(str(o), o)
        out.append((_term(renamed.get(s, s)), URIRef(p), _term(target)))
    return out

"""Plain memberships as rows: the bulk of a large file, sent between processes cheaply.

A plain membership is typed ``org:Membership`` only and states one object for each of member,
organization, role, level and period, and IRIs as its sources. :func:`take_memberships` takes
them out of a subject index as tuples, which ``marshal`` sends from the second parsing process
(:mod:`kggraph.sources.splitparse`) at a fraction of the cost of the index;
:func:`row_props` gives a row's properties back.
"""

from __future__ import annotations

from kggraph.sources.subject_index import (
    DCTERMS,
    KG,
    ORG,
    RDF,
    RDFS,
    Index,
    Props,
    Term,
    first_iri,
    iris,
    lit,
)

__all__ = ["MembershipRow", "membership_row", "row_props", "take_memberships"]

MembershipRow = tuple[
    str, str | None, str | None, str | None, str | None, str | None, tuple[str, ...], str | None
]
"""A membership's fields as stated, before its period is read: IRI, member, organization,
role, level, period node, sources and comment (see :func:`take_memberships`)."""


_SINGLE = (ORG.member, ORG.organization, ORG.role, KG.level, ORG.memberDuring)
_PLAIN_MEMBERSHIP = frozenset((RDF.type, *_SINGLE, DCTERMS.source))


def membership_row(s: str, props: Props) -> MembershipRow:
    """The fields of the membership ``s``: the first IRI of each single-valued property."""
    member, organization, role, level, during = [
        v if type(v) is str else first_iri(v) for v in map(props.get, _SINGLE)
    ]
    return (
        s,
        member,
        organization,
        role,
        level,
        during,
        iris(props, DCTERMS.source),
        lit(props, RDFS.comment),
    )


def take_memberships(subjects: Index) -> list[MembershipRow]:
    """Take the plain memberships out of ``subjects`` as rows, in subject order.

    A plain membership is typed ``org:Membership`` only and states nothing but one object
    (an IRI or a blank node) for each of member, organization, role, level and period, and
    IRIs as its sources; :func:`row_props` gives its properties back from the row. Half of a
    large file is parsed in another process (:mod:`kggraph.sources.splitparse`), and the memberships
    are most of its subjects: sent as rows they cost less to send and to read, and they are
    read while the other half is parsed. The rows stand for their subjects only if nothing
    else is said of them: the loader checks that (:func:`kggraph.sources.fastparse.index_files`).

    >>> props = {RDF.type: ORG.Membership, ORG.member: "m", ORG.organization: "o"}
    >>> subjects = {"s": props}
    >>> take_memberships(subjects), subjects
    ([('s', 'm', 'o', None, None, None, (), None)], {})
    >>> row_props(membership_row("s", props)) == props
    True
    """
    rows = []
    rdf_type, membership, source = RDF.type, ORG.Membership, DCTERMS.source
    for s, props in subjects.items():
        if props.get(rdf_type) == membership and props.keys() <= _PLAIN_MEMBERSHIP:
            sources = _plain_sources(props, props.get(source))
            if sources is not None:
                rows.append((s, *map(props.get, _SINGLE), sources, None))
    for row in rows:
        del subjects[row[0]]
    return rows


_STR = {str}


def _plain_sources(props: Props, sources: Term | list[Term] | None) -> tuple[str, ...] | None:
    """The sources of a plain membership, or None if ``props`` are not plain: every object
    is one IRI or blank node, save the sources, which may be several."""
    if type(sources) is not list:
        if set(map(type, props.values())) != _STR:
            return None
        return () if sources is None else (sources,)
    others = [v for p, v in props.items() if p != DCTERMS.source]
    return tuple(sources) if set(map(type, others + sources)) == _STR else None


def row_props(row: MembershipRow) -> Props:
    """The properties of a membership taken as ``row`` by :func:`take_memberships`."""
    _, *single, sources, _ = row
    props: Props = {RDF.type: ORG.Membership}
    props.update((p, v) for p, v in zip(_SINGLE, single, strict=True) if v is not None)
    if sources:
        props[DCTERMS.source] = sources[0] if len(sources) == 1 else list(sources)
    return props

"""Which part of the view to draw: the neighbourhood of one node, or only some types.

Both return a sub-view of the same shape (a ``networkx.MultiDiGraph`` with the view's node and
edge attributes), so everything downstream draws a selection exactly like the whole graph.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kggraph.errors import KgError

__all__ = [
    "CATEGORY_KEYS",
    "core_group_parts",
    "family",
    "neighbourhood",
    "only_types",
    "parse_types",
]

CATEGORY_KEYS = (
    "ministry",
    "agency",
    "other_organisation",
    "core_group",
    "secretariat",
    "other_structure",
)


def neighbourhood(
    view: nx.MultiDiGraph, centre: str, depth: int, name: str | None = None
) -> nx.MultiDiGraph:
    """The nodes within ``depth`` links of ``centre`` (either direction), and their edges.

    Raises :class:`KgError` when ``centre`` is not in the view (e.g. not active that day) or
    ``depth`` is negative; ``name`` is how the user called it, for that message.
    """
    if depth < 0:
        raise KgError(f"--depth must be 0 or more, not {depth}")
    if centre not in view:
        label = name or centre.rsplit("/", 1)[-1]
        at = view.graph.get("at", "that date")
        raise KgError(f"'{label}' is not in the graph on {at}; try another --at")
    lengths = nx.single_source_shortest_path_length(
        view.to_undirected(as_view=True), centre, cutoff=depth
    )
    return view.subgraph(lengths).copy()


def parse_types(text: str | None, known_types: Iterable[str]) -> frozenset[str]:
    """Read ``--types``: comma-separated categories (``core_group``) or types (``ExpertGroup``).

    Returns the categories and type names to keep (a node stays when its category or its type
    is in the set); an empty set keeps everything. A word that is neither a category nor a
    known type is an error listing the choices.
    """
    if not text:
        return frozenset()
    known = {t.casefold(): t for t in known_types}
    keep: set[str] = set()
    for word in (w.strip() for w in text.split(",")):
        if not word:
            continue
        key = word.casefold().replace("-", "_").replace(" ", "_")
        if key in CATEGORY_KEYS:
            keep.add(key)
        elif word.casefold() in known:
            keep.add(known[word.casefold()])
        else:
            choices = ", ".join([*CATEGORY_KEYS, *sorted(known.values())])
            raise KgError(f"unknown type '{word}' in --types; choose from: {choices}")
    return frozenset(keep)


def only_types(view: nx.MultiDiGraph, types: frozenset[str]) -> nx.MultiDiGraph:
    """The view restricted to nodes whose category or type is in ``types`` (all when empty)."""
    if not types:
        return view
    kept = [
        n for n, a in view.nodes(data=True) if a.get("type") in types or a.get("category") in types
    ]
    return view.subgraph(kept).copy()


def family(view: nx.MultiDiGraph, node: str) -> set[str]:
    """A structure and its parts at any depth (secretariat, sub-groups, their parts…)."""
    inside, stack = {node}, [node]
    while stack:
        for part, _, kind in view.in_edges(stack.pop(), data="kind"):
            if kind == "part_of" and part not in inside:
                inside.add(part)
                stack.append(part)
    return inside


def core_group_parts(view: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Each core group of the view with its family (see :func:`family`)."""
    return {n: family(view, n) for n, c in view.nodes(data="category") if c == "core_group"}

"""What the site holds in memory: the model, loaded once, and the answers it has computed.

The site is read-only, so an answer for a date and a language never changes while it runs: the
findings, views and rendered pages are kept in bounded LRU caches, and a second request for the
same page is a dictionary lookup.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx

from kggraph.analyses.checks import DEFAULTS, run_checks
from kggraph.analyses.findings import Finding
from kggraph.errors import KgError
from kggraph.model.names import Resolver, entity_resolver
from kggraph.model.records import Model
from kggraph.model.view import build_view

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["Lru", "SiteState"]

T = TypeVar("T")


class Lru:
    """A thread-safe, bounded memo: ``get(key, make)`` computes ``make()`` once per key.

    >>> memo = Lru(2)
    >>> memo.get("a", lambda: 1), memo.get("a", lambda: 2)
    (1, 1)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


@dataclass
class SiteState:
    """The model the site answers from, and the answers it has computed."""

    model: Model
    today: date  # the default date: the data's snapshot date, else today
    load_graph: Callable[[], Graph] | None = None
    resolver: Resolver = field(init=False)
    pages: Lru = field(default_factory=lambda: Lru(4096))
    _findings: Lru = field(default_factory=lambda: Lru(64))
    _views: Lru = field(default_factory=lambda: Lru(64))
    _graph: Lru = field(default_factory=lambda: Lru(1))

    def __post_init__(self) -> None:
        self.resolver = entity_resolver(self.model)

    def findings(self, at: date, lang: str) -> list[Finding]:
        """Every check's findings on ``at`` (as ``kggraph check``)."""
        return self._findings.get(
            (at, lang), lambda: run_checks(self.model, at, lang, None, DEFAULTS)
        )

    def view(self, at: date, lang: str) -> nx.MultiDiGraph:
        """The typed networkx view on ``at`` (as ``kggraph viz``)."""
        return self._views.get((at, lang), lambda: build_view(self.model, at, lang))

    def graph(self) -> Graph:
        """The RDF graph for SPARQL, read once on first use."""
        if self.load_graph is None:
            raise KgError("SPARQL is answered by the shared store; ask it directly")
        return self._graph.get("graph", self.load_graph)

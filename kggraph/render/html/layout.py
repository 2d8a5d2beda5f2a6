"""How the full graph page lays itself out: bounded physics, then still.

vis-network's physics runs forever by default, which freezes a browser on a few hundred nodes
(pyvis issues #204, #228, #229). The full page is drawn only up to :data:`LARGE_GRAPH` nodes
(above it the page is the overview of :mod:`kggraph.render.html.overview`, laid out in Python);
it stabilises for a bounded number of iterations and then switches physics off.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LARGE_GRAPH", "LayoutPlan"]

#: Above this many nodes a graph is drawn as an overview of its clusters.
LARGE_GRAPH = 300


@dataclass(frozen=True)
class LayoutPlan:
    """What the page will do to lay the graph out, and how to say so."""

    nodes_drawn: int
    iterations: int = 400

    def vis_options(self) -> dict:
        """The layout and physics part of vis-network's options."""
        return {
            "layout": {"randomSeed": 7, "improvedLayout": True},
            "physics": {
                "enabled": True,
                "solver": "barnesHut",
                "barnesHut": {
                    "gravitationalConstant": -6000,
                    "springLength": 140,
                    "avoidOverlap": 0.2,
                },
                "stabilization": {
                    "enabled": True,
                    "iterations": self.iterations,
                    "updateInterval": 50,
                    "fit": True,
                },
            },
            "edges": {"smooth": {"enabled": True, "type": "dynamic"}},
        }

    def describe(self) -> str:
        """One line for the user: the size, and what was done about it."""
        return (
            f"{self.nodes_drawn} nodes; physics stabilises for at most "
            f"{self.iterations} iterations in the browser, then stops"
        )

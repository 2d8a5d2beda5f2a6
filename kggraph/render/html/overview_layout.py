"""Where the overview draws everything, computed before the page opens.

Each cluster is laid out on its own (networkx's spring layout, seeded) inside a disc whose
area grows with its node count; the clusters themselves are placed by a spring layout of the
cluster network and then pushed apart until no cluster's disc or label box overlaps another's.
The page only reads these positions: it never runs physics, however large the graph.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

from kggraph.analyses.clusters import Clustering

__all__ = ["CHAR_WIDTH", "LINE_HEIGHT", "NODE_SPACING", "Placement", "place"]

#: Canvas units between neighbouring nodes of an open cluster.
NODE_SPACING = 42.0
#: A label's character width and line height, as fractions of its font size (generous, so
#: that a label estimated not to overlap another does not).
CHAR_WIDTH = 0.56
LINE_HEIGHT = 1.25
_MARGIN = 0.35
_SCREEN = (1080.0, 820.0)
_FONT_ON_SCREEN = 14.0
#: Spring length inside a cluster, times networkx's default: members spread out from the
#: structures they sit in instead of piling on them.
_SPREAD = 3.0
#: Row widths tried, as shares of the side of a screen-shaped area as large as all boxes.
_ROW_WIDTHS = (0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.35, 1.5)
#: Label fonts tried (canvas units): the smallest that reads at 14 px once fitted is taken.
_FONTS = tuple(10.0 * 1.25**k for k in range(40))


@dataclass(frozen=True)
class Placement:
    """Positions in canvas units: each node's, each cluster's centre and drawn radius, and the
    font of the cluster labels."""

    node_xy: dict[str, tuple[float, float]]
    centres: np.ndarray
    radii: np.ndarray
    font: float


def _inner(view: nx.MultiDiGraph, nodes: Sequence[str], seed: int) -> np.ndarray:
    """The cluster's nodes in the unit disc (spring layout, centred, largest radius 1)."""
    if len(nodes) == 1:
        return np.zeros((1, 2))
    graph = nx.Graph(view.subgraph(nodes))
    spread = _SPREAD / math.sqrt(len(nodes))
    pos = nx.spring_layout(graph, k=spread, seed=seed, iterations=80)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    xy -= xy.mean(axis=0)
    return xy / (np.linalg.norm(xy, axis=1).max() or 1.0)


def _boxes(radii: np.ndarray, labels: Sequence[Sequence[str]], font: float) -> np.ndarray:
    """Half width, half height and downward shift of each cluster's disc-and-label box."""
    label_h = np.array([len(lines) * LINE_HEIGHT * font for lines in labels])
    label_w = np.array([max(map(len, lines)) * CHAR_WIDTH * font for lines in labels])
    pad = _MARGIN * font
    half_w = np.maximum(radii, label_w / 2) + pad
    half_h = radii + label_h / 2 + pad
    return np.stack([half_w, half_h, label_h / 2], axis=1)


def _shelves(start: np.ndarray, boxes: np.ndarray, row_width: float) -> np.ndarray:
    """Box centres in rows, no two overlapping, keeping the start layout's rough order.

    Clusters are taken top to bottom (by their start position) into rows up to ``row_width``
    wide; each row is ordered left to right and centred.
    """
    width, height = 2 * boxes[:, 0], 2 * boxes[:, 1]
    rows: list[list[int]] = [[]]
    for i in np.argsort(start[:, 1], kind="stable"):
        if rows[-1] and width[rows[-1]].sum() + width[i] > row_width:
            rows.append([])
        rows[-1].append(int(i))
    xy = np.zeros((len(boxes), 2))
    top = 0.0
    for row in rows:
        row.sort(key=lambda i: start[i, 0])
        left = -width[row].sum() / 2
        tall = height[row].max()
        for i in row:
            xy[i] = (left + width[i] / 2, top + tall / 2 - boxes[i, 2])
            left += width[i]
        top += tall
    return xy


def _cluster_centres(clustering: Clustering, seed: int) -> np.ndarray:
    """The clusters on a spring layout of the network of shared participants (unit scale)."""
    g = nx.Graph()
    g.add_nodes_from(range(len(clustering.members)))
    g.add_weighted_edges_from((a, b, math.log1p(w)) for (a, b), w in clustering.links.items())
    pos = nx.spring_layout(g, seed=seed, weight="weight", iterations=100)
    return np.array([pos[i] for i in range(len(clustering.members))], dtype=float)


def _discs(counts: np.ndarray, font: float) -> np.ndarray:
    """The radius each cluster is drawn with: room for its nodes when open, and at least a
    disc that grows with its node count next to labels of this font."""
    room = NODE_SPACING * np.sqrt(counts)
    return np.maximum(room, font * (0.3 + 0.9 * np.sqrt(counts / counts.max())))


def _pack(
    start: np.ndarray, counts: np.ndarray, labels: list[list[str]], font: float
) -> tuple[np.ndarray, float]:
    """Cluster centres with no two boxes overlapping, and the scale that fits them on screen."""
    boxes = _boxes(_discs(counts, font), labels, font)
    square = math.sqrt((4 * boxes[:, 0] * boxes[:, 1]).sum() * _SCREEN[0] / _SCREEN[1])
    best: tuple[float, np.ndarray] = (0.0, np.zeros(0))
    for share in _ROW_WIDTHS:
        centres = _shelves(start, boxes, max(square * share, 2 * boxes[:, 0].max()))
        box_xy = centres + np.stack([np.zeros(len(centres)), boxes[:, 2]], axis=1)
        extent = (box_xy + boxes[:, :2]).max(axis=0) - (box_xy - boxes[:, :2]).min(axis=0)
        fit = min(_SCREEN[0] / extent[0], _SCREEN[1] / extent[1])
        best = max(best, (fit, centres), key=lambda b: b[0])
    return best[1], best[0]


def place(
    view: nx.MultiDiGraph, clustering: Clustering, labels: list[list[str]], seed: int = 7
) -> Placement:
    """Positions for every node and cluster; ``labels`` are each cluster's label lines.

    The label font is the smallest that, with the whole overview fitted to a laptop screen,
    reads at about 14 px (or the largest reachable); clusters are packed in rows so that no
    two discs or labels overlap.
    """
    counts = np.array([len(c) for c in clustering.members], dtype=float)
    start = _cluster_centres(clustering, seed)
    best = (0.0, 0.0)
    for font in _FONTS:
        centres, fit = _pack(start, counts, labels, font)
        best = max(best, (min(font * fit, _FONT_ON_SCREEN), -font))
    font = -best[1]
    centres, _ = _pack(start, counts, labels, font)
    node_xy: dict[str, tuple[float, float]]
    node_xy: dict[str, tuple[float, float]] = {}
    for i, nodes in enumerate(clustering.members):
        inner = _inner(view, nodes, seed) * NODE_SPACING * math.sqrt(len(nodes)) + centres[i]
        node_xy.update((n, (float(x), float(y))) for n, (x, y) in zip(nodes, inner, strict=True))
    return Placement(node_xy, centres, _discs(counts, font), font)

"""Sparse sums that carry a count: each entry of a 0/1 matrix is tagged ``2**20 + weight``, so
one sparse product gives, per pair of rows, how many columns they share and the weight of
those columns at once (:mod:`kggraph.analyses.checks.duplication` finds its pairs so)."""

from __future__ import annotations

import numpy as np
from scipy import sparse

__all__ = ["pairs", "split", "tagged"]

_COUNT = float(2**20)  # above any pair's shared weight, far below float64's precision limit


def tagged(matrix: sparse.csr_matrix, weight: np.ndarray) -> sparse.csr_matrix:
    """``matrix`` (0/1) with each entry ``2**20 + `` its column's weight: a row product sums
    to ``count · 2**20 + weight`` of the columns two rows share."""
    out = (matrix @ sparse.diags(weight)).tocsr()
    out.data += _COUNT
    return out


def split(sums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tagged sums back into (how many columns, their weight)."""
    count = np.floor(sums / _COUNT + 1e-9)
    return count, sums - count * _COUNT


def pairs(product: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """The (row, column) of each stored entry of ``product``, in storage order."""
    rows = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
    return rows, product.indices

"""Bands: which cells of the (n + 1) x (m + 1) DP grid the search may visit.

A band is two non-decreasing arrays `lo`, `hi` of length n + 1 (row i may use columns
lo[i]..hi[i]). It is built around a path (a list of grid points from (0, 0) to (n, m)) widened
by `radius` on each side, so the search costs O(n x radius), not O(n x m).
"""

from __future__ import annotations

import numpy as np


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def diagonal_path(n: int, m: int) -> np.ndarray:
    """Grid points along the straight line from (0, 0) to (n, m) (one per row)."""
    i = np.arange(n + 1)
    j = np.rint(i * (m / max(n, 1))).astype(np.int64) if n else np.zeros(1, dtype=np.int64)
    if n == 0:
        return np.array([[0, 0], [0, m]], dtype=np.int64)
    return np.stack([i, j], axis=1)


def band_around(path: np.ndarray, n: int, m: int, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns within `radius` of the path in every row (the path's own span included).

    `path` is an (k, 2) array of grid points, non-decreasing in both coordinates.
    """
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    pi, pj = path[:, 0], path[:, 1]
    # the path's min / max column per row
    np.minimum.at(lo, pi, pj)
    np.maximum.at(hi, pi, pj)
    # rows the path skips (it jumped more than one row) take the neighbours' columns
    seen = np.zeros(n + 1, dtype=bool)
    seen[pi] = True
    if not seen.all():
        idx = np.where(seen, np.arange(n + 1), 0)
        np.maximum.accumulate(idx, out=idx)
        hi = np.where(seen, hi, hi[idx])
        idx2 = np.where(seen, np.arange(n + 1), n)
        idx2 = np.minimum.accumulate(idx2[::-1])[::-1]
        lo = np.where(seen, lo, lo[idx2])
    # widen: a window of +-radius rows around each row, then +-radius columns
    lo = _sliding_min(lo, radius) - radius
    hi = _sliding_max(hi, radius) + radius
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 0, m)
    lo[0] = 0
    hi[-1] = m
    # monotone and touching from row to row, so a path always exists
    lo = np.maximum.accumulate(lo)
    hi = np.maximum.accumulate(hi)
    hi[:-1] = np.maximum(hi[:-1], lo[1:])
    return lo, hi


def _sliding_min(x: np.ndarray, r: int) -> np.ndarray:
    if r <= 0 or len(x) == 0:
        return x.copy()
    from numpy.lib.stride_tricks import sliding_window_view

    pad = np.pad(x, r, mode="edge")
    return sliding_window_view(pad, 2 * r + 1).min(axis=1)


def _sliding_max(x: np.ndarray, r: int) -> np.ndarray:
    if r <= 0 or len(x) == 0:
        return x.copy()
    from numpy.lib.stride_tricks import sliding_window_view

    pad = np.pad(x, r, mode="edge")
    return sliding_window_view(pad, 2 * r + 1).max(axis=1)

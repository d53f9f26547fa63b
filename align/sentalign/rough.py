"""The rough path: the band's centre, found in O(n) cells.

The whole grid when it is small; otherwise the same search on a copy of the document with pairs
of neighbouring sentences averaged (recursively), projected back and refined inside a band.
"""

from __future__ import annotations

import numpy as np

from .band import band_around, full_band
from .features import Side, band_features
from .fitting import knn_margin_k, similarity_scale
from .search import P_SIMLOC, P_SIMSCALE, band_search
from .settings import AlignSettings

ROUGH_TYPES = np.array([(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)], dtype=np.int64)


def rough_path(src: Side, tgt: Side, cfg: AlignSettings, params: np.ndarray) -> np.ndarray:
    """Grid points of a rough alignment path, found in O(n) cells (see module docstring)."""
    n, m = len(src), len(tgt)
    if n * m <= cfg.full_band_cells or n < 8 or m < 8:
        lo, hi = full_band(n, m)
    else:
        coarse = rough_path(_halve(src), _halve(tgt), cfg, params)
        # a coarse point (i, j) stands for fine rows up to 2i and columns up to 2j
        fine = np.minimum(coarse * 2, [n, m])
        lo, hi = band_around(_densify(fine), n, m, max(cfg.radius // 2, 4))
    feats = band_features(src, tgt, lo, hi, 2, 2, knn_margin_k(cfg))
    params = params.copy()
    params[P_SIMLOC], params[P_SIMSCALE] = similarity_scale(feats, m)
    ends, _, _ = band_search(lo, hi, ROUGH_TYPES, feats, params)
    return _ends_to_path(ends, ROUGH_TYPES)


_HALVE_ROWS = 1024


def _halve(side: Side) -> Side:
    """Pairs of neighbouring sentences averaged into one (the last one alone when odd)."""
    n = len(side)
    k = (n + 1) // 2
    pad = 2 * k - n  # a zero-weight partner for the last sentence when n is odd
    w = side.weights()[:, None]
    vecs = np.empty((k, side.vecs.shape[1]), dtype=np.float32)
    # in blocks of rows: float64 temporaries of a whole long side cost more in fresh memory
    # than in arithmetic (a 16k side took 5-10x as long as a 4k one)
    for r0 in range(0, k, _HALVE_ROWS):
        r1 = min(k, r0 + _HALVE_ROWS)
        pair = side.vecs[2 * r0 : 2 * r1 : 2] * w[2 * r0 : 2 * r1 : 2]  # float64, as the weights
        odd = side.vecs[2 * r0 + 1 : 2 * r1 : 2] * w[2 * r0 + 1 : 2 * r1 : 2]
        pair[: len(odd)] += odd
        vecs[r0:r1] = pair / np.maximum(np.linalg.norm(pair, axis=1, keepdims=True), 1e-9)
    chars = np.concatenate([side.chars, np.zeros(pad)]).reshape(k, 2).sum(axis=1)
    anchors = [side.anchors[2 * i] | (side.anchors[2 * i + 1] if 2 * i + 1 < n else set()) for i in range(k)]
    return Side(vecs, chars, anchors, side.weight_power)


def _ends_to_path(ends: np.ndarray, types: np.ndarray) -> np.ndarray:
    """The grid points a bead sequence passes through, starting at (0, 0)."""
    pts = [(0, 0)]
    for _i, _j, t in ends:
        a, b = types[t]
        pi, pj = pts[-1]
        # walk diagonally through a bead, so the band follows its slope
        steps = max(a, b)
        for s in range(1, steps + 1):
            pts.append((pi + round(a * s / steps), pj + round(b * s / steps)))
    return np.array(pts, dtype=np.int64)


def _densify(path: np.ndarray) -> np.ndarray:
    """Fill the gaps of a projected path with straight steps."""
    out = [path[0]]
    for (i0, j0), (i1, j1) in zip(path[:-1], path[1:]):
        steps = max(i1 - i0, j1 - j0, 1)
        for s in range(1, steps + 1):
            out.append((i0 + (i1 - i0) * s // steps, j0 + (j1 - j0) * s // steps))
    return np.array(out, dtype=np.int64)

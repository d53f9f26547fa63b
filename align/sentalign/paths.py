"""Paths through a band: the best path over a table of edge values, and reading it back.

A band's table holds, for each cell (i, j) (stored at column j - lo[i]) and bead type t, what
the bead of type t that ends there adds to a path, or NEG where it may not be taken. Both
decoders of the search (search.py) end in the same DP: the best-valued path over the beads'
values, and the path of highest expected F1 over their posteriors less a constant
(posterior.py).
"""

from __future__ import annotations

import numpy as np
from numba import njit

NEG = -1e30  # no path / no bead (a sentinel: the kernels assume no NaN or infinity)


@njit(cache=True, nogil=True)
def best_path(lo, hi, types, r0, r1, edges, lam, best, back):  # pragma: no cover - compiled
    """Rows r0 .. r1 - 1 of the DP for the path that maximises the sum of (edge - lam) over its
    beads, reading those rows' edges (`edges[i - r0]`, NEG: no bead): fills `best` and `back`
    (type per cell, -1 where no path reaches it). Rows before r0 must be filled already."""
    ntypes = types.shape[0]
    for i in range(r0, r1):
        for j in range(lo[i], hi[i] + 1):
            c = j - lo[i]
            if i == 0 and j == 0:
                best[0, c] = 0.0
                continue
            bv = NEG
            bt = -1
            for t in range(ntypes):
                e = edges[i - r0, c, t]
                if e <= NEG:
                    continue
                pi = i - types[t, 0]
                prev = best[pi, j - types[t, 1] - lo[pi]]
                if prev <= NEG:
                    continue
                v = prev + e - lam
                if v > bv:
                    bv = v
                    bt = t
            best[i, c] = bv
            back[i, c] = bt


def trace_back(lo: np.ndarray, hi: np.ndarray, types: np.ndarray, back: np.ndarray) -> np.ndarray:
    """The path's beads as (end_i, end_j, type) rows, first to last, from back pointers."""
    out = []
    i, j = len(lo) - 1, int(hi[-1])
    while i > 0 or j > 0:
        t = int(back[i, j - lo[i]])
        if t < 0:
            raise RuntimeError(f"alignment band does not reach cell ({i}, {j})")
        out.append((i, j, t))
        i -= int(types[t, 0])
        j -= int(types[t, 1])
    out.reverse()
    return np.array(out, dtype=np.int64).reshape(-1, 3)

"""Posterior decoding of the band: the path whose beads are most likely right, not the single
best-valued path.

The search's bead values are log-scores (in the document's units, 1 = a typical translation),
so `exp(value / temperature)` weighs every path through the band. The forward and backward
sums over all paths give each bead the probability that a path takes it (its posterior), and
the decoded path is the one that maximises the expected F1 of its beads: expected right beads
(the sum of their posteriors) against the beads it holds and the beads expected in all
(Dinkelbach's method for a ratio: each round maximises `sum(posterior - lam)` by the same
dynamic program, with lam the last path's expected F1 over 2, until it stops changing). The
single best path commits to every close call the same way; this one takes a bead only when
enough of the paths near the best agree on it (as posterior decoding does for word alignment
and for HMM states).

The kernels here read the edge values of `search._edge_values` (float32 tables of the whole
band: their precision is ample for probabilities) and are compiled, like the search; the
posterior table is an edge table too (INVALID = NEG where no bead), so the decoding's DP is
the best-path DP of paths.py.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .paths import NEG, best_path, trace_back

INVALID = NEG  # a posterior table's entry for a bead that may not be taken (as in an edge table)


@njit(cache=True, nogil=True)
def band_forward(lo, hi, types, edges, inv_t, alpha):  # pragma: no cover - compiled
    """alpha[i, j - lo[i]]: log of the summed weight of every path from (0, 0) to (i, j)."""
    ntypes = types.shape[0]
    xs = np.empty(ntypes)  # each incoming bead's log weight, NEG where none
    for i in range(lo.shape[0]):
        for j in range(lo[i], hi[i] + 1):
            c = j - lo[i]
            if i == 0 and j == 0:
                alpha[0, 0] = 0.0
                continue
            top = NEG
            for t in range(ntypes):
                xs[t] = NEG
                e = edges[i, c, t]
                if e <= NEG:
                    continue
                pi = i - types[t, 0]
                pa = alpha[pi, j - types[t, 1] - lo[pi]]
                if pa > NEG:
                    xs[t] = pa + e * inv_t
                    top = max(top, xs[t])
            if top <= NEG:
                alpha[i, c] = NEG
                continue
            total = 0.0
            for t in range(ntypes):
                if xs[t] > NEG:
                    total += math.exp(xs[t] - top)
            alpha[i, c] = top + math.log(total)


@njit(cache=True, nogil=True)
def band_posteriors(lo, hi, types, edges, inv_t, alpha):  # pragma: no cover - compiled
    """Overwrites each bead's edge value with its posterior, the probability that a path takes
    it (INVALID = NEG where no path from (0, 0) to the end can; entries outside the band are
    neither read nor written); returns (the log of the summed weight of all paths, the beads a
    path holds on average: the sum of all posteriors). In place, since the band's tables are
    the search's largest arrays: a bead's value is read and its posterior written only while
    the cell it starts from is visited.

    A backward sum over the beads that leave each cell, cells in reverse order. A bead from
    (i, j) to (k, l) has weight x = value / temperature + beta[k, l], and its posterior is
    exp(alpha[i, j] + x - log_z) = exp(x - top) * exp(alpha[i, j] + top - log_z), top the
    largest x leaving (i, j): the exp(x - top) that beta[i, j]'s sum needs gives the posterior
    too, so each bead costs one exp."""
    ntypes = types.shape[0]
    n = lo.shape[0] - 1
    m = hi[n]
    beta = np.full(alpha.shape, NEG)
    log_z = alpha[n, m - lo[n]]
    expected = 0.0
    xs = np.empty(ntypes)
    for i in range(n, -1, -1):
        for j in range(hi[i], lo[i] - 1, -1):
            c = j - lo[i]
            if i == n and j == m:
                beta[i, c] = 0.0
                continue
            top = NEG
            for t in range(ntypes):
                xs[t] = NEG
                k = i + types[t, 0]
                jj = j + types[t, 1]
                if k > n or jj < lo[k] or jj > hi[k]:
                    continue
                e = edges[k, jj - lo[k], t]
                if e <= NEG:
                    continue
                bk = beta[k, jj - lo[k]]
                if bk <= NEG:
                    edges[k, jj - lo[k], t] = INVALID  # it leads nowhere
                    continue
                xs[t] = e * inv_t + bk
                top = max(top, xs[t])
            if top <= NEG:
                continue  # no path from here to the end
            total = 0.0
            scale = math.exp(alpha[i, c] + top - log_z) if alpha[i, c] > NEG else 0.0
            for t in range(ntypes):
                if xs[t] <= NEG:
                    continue
                w = math.exp(xs[t] - top)
                total += w
                k = i + types[t, 0]
                jj = j + types[t, 1]
                edges[k, jj - lo[k], t] = w * scale
                expected += w * scale
            beta[i, c] = top + math.log(total)
    return log_z, expected


def max_expected_f1(lo: np.ndarray, hi: np.ndarray, types: np.ndarray, edges: np.ndarray, temperature: float, rounds: int = 20):
    """(beads as (end_i, end_j, type) rows, their posteriors): the path of the band whose beads
    have the highest expected F1 under `exp(value / temperature)`. `edges` holds the value of
    every bead of the whole band (`search._edge_values`, NEG where none); it is overwritten
    with their posteriors."""
    alpha = np.full(edges.shape[:2], NEG)
    band_forward(lo, hi, types, edges, 1.0 / temperature, alpha)
    _, expected_beads = band_posteriors(lo, hi, types, edges, 1.0 / temperature, alpha)
    post = edges
    best = np.full(edges.shape[:2], NEG)
    back = np.full(edges.shape[:2], -1, dtype=np.int8)
    lam = 0.5  # a bead more likely right than wrong: where Dinkelbach starts
    for _ in range(rounds):
        best_path(lo, hi, types, 0, len(lo), post, lam, best, back)
        ends = trace_back(lo, hi, types, back)
        probs = post[ends[:, 0], ends[:, 1] - lo[ends[:, 0]], ends[:, 2]].astype(np.float64)
        new = float(probs.sum()) / (len(ends) + expected_beads)  # expected F1 / 2 of this path
        if abs(new - lam) < 1e-9:
            break
        lam = new
    return ends, probs

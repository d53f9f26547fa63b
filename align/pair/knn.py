"""Nearest neighbours between two sets of vectors, in chunks, within a date window.

Never holds the full n x m similarity matrix: queries are taken `chunk` rows at a time, and
each chunk is compared only with the documents whose dates fall within the window of the
chunk's dates (both sides sorted by date, so that is one contiguous slice) plus the undated
ones. Each row keeps its top k (numpy argpartition), and each column keeps a running top k
merged chunk by chunk, so one pass gives the neighbours in both directions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NO_DAY = np.iinfo(np.int64).min  # "date unknown"
# similarity block held at once: chunk rows x window columns float32 (64 MB; argpartition adds an int64 index of twice that)
BLOCK_CELLS = 16_000_000


@dataclass
class Neighbours:
    """Top-k neighbours in both directions; idx -1 (and sim -inf) where fewer than k exist."""

    q_idx: np.ndarray  # (nq, k) indices into D
    q_sim: np.ndarray  # (nq, k)
    d_idx: np.ndarray  # (nd, k) indices into Q
    d_sim: np.ndarray  # (nd, k)


def _topk_rows(sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Unsorted top-k columns of each row (fewer columns than k: all of them)."""
    if sims.shape[1] <= k:
        idx = np.broadcast_to(np.arange(sims.shape[1]), sims.shape).copy()
        return idx, sims.copy()
    n = sims.shape[1]
    idx = np.argpartition(sims, n - k, axis=1)[:, n - k :]  # no negated copy of the block
    return idx, np.take_along_axis(sims, idx, axis=1)


def _merge(best_idx, best_sim, rows, new_idx, new_sim, k):
    """Merge candidate (idx, sim) lists into the running top-k of `rows`."""
    cat_idx = np.concatenate([best_idx[rows], new_idx], axis=1)
    cat_sim = np.concatenate([best_sim[rows], new_sim], axis=1)
    i, s = _topk_rows(cat_sim, k)
    best_idx[rows] = np.take_along_axis(cat_idx, i, axis=1)
    best_sim[rows] = s


def chunked_neighbours(
    Q: np.ndarray,
    D: np.ndarray,
    k: int,
    q_days: np.ndarray | None = None,
    d_days: np.ndarray | None = None,
    window: int = 3,
    chunk: int | None = None,
    progress=None,
) -> Neighbours:
    """Top-k of Q @ D.T in both directions, restricted to |day difference| <= window when both
    days are known (NO_DAY = unknown: compared with everything). Results come sorted, best first."""
    nq, nd = len(Q), len(D)
    q_days = np.full(nq, NO_DAY, np.int64) if q_days is None else np.asarray(q_days, np.int64)
    d_days = np.full(nd, NO_DAY, np.int64) if d_days is None else np.asarray(d_days, np.int64)
    q_idx = np.full((nq, k), -1, np.int64)
    q_sim = np.full((nq, k), -np.inf, np.float32)
    d_idx = np.full((nd, k), -1, np.int64)
    d_sim = np.full((nd, k), -np.inf, np.float32)
    if nq == 0 or nd == 0:
        return Neighbours(q_idx, q_sim, d_idx, d_sim)

    # D sorted by day, undated at the end: a window of days is a slice, plus the undated tail
    d_dated = d_days != NO_DAY
    d_order = np.concatenate([np.flatnonzero(d_dated)[np.argsort(d_days[d_dated], kind="stable")],
                              np.flatnonzero(~d_dated)])
    d_sorted_days = d_days[d_order]
    n_dated = int(d_dated.sum())
    undated_tail = d_order[n_dated:]

    q_dated = q_days != NO_DAY
    q_order = np.concatenate([np.flatnonzero(q_dated)[np.argsort(q_days[q_dated], kind="stable")],
                              np.flatnonzero(~q_dated)])
    rows_per_chunk = chunk or max(1, BLOCK_CELLS // max(nd, 1))

    start = 0
    while start < nq:
        rows = q_order[start : start + rows_per_chunk]
        # an undated chunk never mixes with dated rows (their windows differ)
        if q_dated[rows[0]]:
            rows = rows[q_dated[rows]]
            lo, hi = q_days[rows].min() - window, q_days[rows].max() + window
            a = np.searchsorted(d_sorted_days[:n_dated], lo, side="left")
            b = np.searchsorted(d_sorted_days[:n_dated], hi, side="right")
            cols = np.concatenate([d_order[a:b], undated_tail])
            identity = False
        else:
            rows = rows[~q_dated[rows]]
            cols = np.arange(nd)
            identity = True  # column c is document c: D itself, no copy
        start += len(rows)
        if len(cols) == 0:
            continue
        sims = Q[rows] @ (D if identity else D[cols]).T
        if q_dated[rows[0]]:
            dd = d_days[cols]
            far = (dd[None, :] != NO_DAY) & (np.abs(q_days[rows][:, None] - dd[None, :]) > window)
            sims[far] = -np.inf
        ri, rs = _topk_rows(sims, k)
        _merge(q_idx, q_sim, rows, cols[ri], rs, k)
        ci, cs = _topk_rows(sims.T, k)
        _merge(d_idx, d_sim, cols, rows[ci], cs, k)
        if progress is not None:
            progress.update(len(rows))

    for idx, sim in ((q_idx, q_sim), (d_idx, d_sim)):
        sim[~np.isfinite(sim)] = -np.inf
        idx[~np.isfinite(sim)] = -1
        order = np.argsort(-sim, axis=1, kind="stable")
        idx[:] = np.take_along_axis(idx, order, axis=1)
        sim[:] = np.take_along_axis(sim, order, axis=1)
    return Neighbours(q_idx, q_sim, d_idx, d_sim)

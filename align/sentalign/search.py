"""The search: a monotonic dynamic program over M-N beads inside a band (the hot loop).

Cell (i, j) means "the first i source and first j target sentences are consumed". Row i of the
DP only holds columns lo[i] <= j <= hi[i] (stored at j - lo[i]), so time and memory are
O(rows x band width), not O(n x m). Each bead's value is computed here from the banded
sentence similarities (see similarity.py) and the window embeddings, into tables by row x
column x bead type (`_bead_tables`), which the search reads: a block of rows at a time in a
single search, and once for the whole band when the aligner will search the same band
again with only the piece evidence and the deletion costs changed. What each bead adds to a
path (`_edge_values`) is read by two decoders: the best-valued path (`paths.best_path`,
temperature 0) and, by default, the path whose beads have the highest expected F1 (posterior.py). This
module and posterior.py are the compiled code and the place to profile.

Value of a bead of a source and b target sentences (a, b >= 1):

    ((a + b) / 2) ** size_exponent * (sim - delta + length_term + anchor_term) - size_penalty * (a + b - 2)

where sim is the margin-normalised cosine of the two windows. A sentence left unaligned is
worth 0, so delta is the quality a sentence must reach to be worth aligning at all. A bead (or
a sentence left out) that ends at a boundary inside a bracket, where a splitter cut one
sentence in two (boundaries.py), costs glue_penalty more.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numba import njit

from .paths import NEG, best_path, trace_back
from .posterior import max_expected_f1

NOT_SCORED = -1e9  # a split score not computed (a sentinel, since fastmath assumes no NaN)

# indices into the `params` vector handed to the kernel
(
    P_DELTA, P_SIZE, P_MARGIN, P_LOGRATIO, P_LENSIGMA, P_LENWEIGHT, P_ANCHOR, P_SIZEEXP, P_CALIB,
    P_MARGINMODE, P_SIMLOC, P_SIMSCALE, P_SPLIT, P_NOSPLIT, P_LENCAP, P_GLUE, P_TEMPERATURE,
) = range(17)
N_PARAMS = 17


@njit(cache=True, nogil=True, fastmath=True, inline="always")
def window_norm2(end, size, g, w):  # pragma: no cover - compiled
    """Squared norm of the weighted sum of unit vectors end - size .. end - 1 (from their Gram)."""
    out = 0.0
    for p in range(end - size, end):
        for p2 in range(p, end):
            x = w[p] * w[p2] * g[p, p2 - p]
            out += x if p2 == p else 2.0 * x
    return out


@njit(cache=True, nogil=True, fastmath=True)
def row_dot(x, k, y, q):  # pragma: no cover - compiled
    """x[k] . y[q], summed in float32 in vector registers: a function of its own, so that its
    fastmath lets the sum be split into lanes while the kernel calling it stays strict."""
    acc = np.float32(0.0)
    for d in range(x.shape[1]):
        acc += x[k, d] * y[q, d]
    return np.float64(acc)


@njit(cache=True, nogil=True, fastmath=True, inline="always")
def estimate_cos(i, j, a, b, dot, gs, gt, ws, wt):  # pragma: no cover - compiled
    """Cosine of two windows estimated as weighted sums of their sentence embeddings."""
    return dot / math.sqrt(max(window_norm2(i, a, gs, ws) * window_norm2(j, b, gt, wt), 1e-12))


@njit(cache=True, nogil=True, fastmath=True)
def _src_window_vs_tgt(i, a, q, ks, S, qlo, ws, ns, vs, vt):  # pragma: no cover - compiled
    """Cosine of the source window [i - a, i) with target sentence q (0 when q is outside)."""
    if q < 0 or q >= vt.shape[0]:
        return 0.0
    if ks >= 0:
        c = 0.0
        for d in range(vs.shape[1]):
            c += vs[ks, d] * vt[q, d]
        return c
    dot = 0.0
    for p in range(i - a, i):
        k = q - qlo[p]
        if 0 <= k < S.shape[1]:
            dot += ws[p] * S[p, k]
    return dot / math.sqrt(max(ns, 1e-12))


@njit(cache=True, nogil=True, fastmath=True)
def _tgt_window_vs_src(j, b, p, kt, S, qlo, wt, nt, vs, vt):  # pragma: no cover - compiled
    """Cosine of the target window [j - b, j) with source sentence p (0 when p is outside)."""
    if p < 0 or p >= S.shape[0]:
        return 0.0
    if kt >= 0:
        c = 0.0
        for d in range(vt.shape[1]):
            c += vt[kt, d] * vs[p, d]
        return c
    dot = 0.0
    for q in range(j - b, j):
        k = q - qlo[p]
        if 0 <= k < S.shape[1]:
            dot += wt[q] * S[p, k]
    return dot / math.sqrt(max(nt, 1e-12))


@njit(cache=True, nogil=True)
def _window_norms(g, w, max_size):  # pragma: no cover - compiled
    """(max_size + 1, n + 1): `window_norm2` of the window of each size ending at each sentence."""
    n = w.shape[0]
    out = np.zeros((max_size + 1, n + 1))
    for size in range(1, max_size + 1):
        for end in range(size, n + 1):
            out[size, end] = window_norm2(end, size, g, w)
    return out


@njit(cache=True, nogil=True)
def _window_means(r, w, max_size):  # pragma: no cover - compiled
    """(max_size + 1, n + 1): the `w`-weighted mean of `r` over the window of each size ending
    at each sentence."""
    n = w.shape[0]
    out = np.zeros((max_size + 1, n + 1))
    for size in range(1, max_size + 1):
        for end in range(size, n + 1):
            rsum = 0.0
            wsum = 0.0
            for p in range(end - size, end):
                rsum += w[p] * r[p]
                wsum += w[p]
            out[size, end] = rsum / max(wsum, 1e-9)
    return out


# The bead value is written out once, inside the loop of `_bead_tables`, and every search reads
# it from there: a numba helper that takes arrays, even one inlined, moves their reference
# counts on every call, which cost 5-10x the arithmetic of a bead.
@njit(cache=True, nogil=True)
def _bead_tables(
    lo, hi, types, r0, r1, S, qlo, gs, gt, ws, wt, rs, rt, lls, llt, am, qs, qt, params, ids_s, ids_t, vs, vt, cut_s, cut_t,
    ns2, nt2
):  # pragma: no cover - compiled
    """(values, sims) of every bead the band holds in rows r0 .. r1 - 1, by (row - r0, column,
    type); a bead's value before the piece evidence of the search rounds, its similarity in the
    document's units (0 where the bead does not fit the band)."""
    width = 1
    for i in range(r0, r1):
        width = max(width, hi[i] - lo[i] + 1)
    base = np.zeros((r1 - r0, width, types.shape[0]), dtype=np.float64)
    sims = np.zeros((r1 - r0, width, types.shape[0]), dtype=np.float64)
    margin = params[P_MARGIN]
    for i in range(r0, r1):
        for j in range(lo[i], hi[i] + 1):
            for t in range(types.shape[0]):
                a = types[t, 0]
                b = types[t, 1]
                pi = i - a
                pj = j - b
                if a == 0 or b == 0 or pi < 0 or pj < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                # -- similarity of the two windows
                ks = ids_s[a, i] if a < ids_s.shape[0] else -1
                kt = ids_t[b, j] if b < ids_t.shape[0] else -1
                if a == 1 and b == 1:
                    cos = S[i - 1, j - 1 - qlo[i - 1]]
                elif ks >= 0 and kt >= 0:
                    cos = row_dot(vs, ks, vt, kt)  # both windows were encoded: their true cosine
                else:
                    # the estimate runs low against encoded windows; the factor is fitted per document
                    dot = 0.0
                    for p in range(i - a, i):
                        row = qlo[p]
                        for q in range(j - b, j):
                            dot += ws[p] * wt[q] * S[p, q - row]
                    cos = params[P_CALIB] * dot / math.sqrt(max(ns2[a, i] * nt2[b, j], 1e-12))
                if margin == 0.0:
                    sim = cos
                elif params[P_MARGINMODE] > 0.5:
                    # margin against the neighbours just outside the bead: the sentence before
                    # and after on the other side (what tells a 1-2 bead from a 1-1 bead and a
                    # stray sentence)
                    nb = 0.0
                    cnt = 0
                    for q in (j - b - 1, j):
                        if 0 <= q < vt.shape[0]:
                            nb += _src_window_vs_tgt(i, a, q, ks, S, qlo, ws, ns2[a, i], vs, vt)
                            cnt += 1
                    for p in (i - a - 1, i):
                        if 0 <= p < S.shape[0]:
                            nb += _tgt_window_vs_src(j, b, p, kt, S, qlo, wt, nt2[b, j], vs, vt)
                            cnt += 1
                    sim = cos - margin * (nb / max(cnt, 1))
                else:
                    # margin against each sentence's usual similarity to its neighbourhood
                    # (CSLS-like), averaged over each window (`_window_means`)
                    sim = cos - margin * 0.5 * (rs[a, i] + rt[b, j])
                sim = (sim - params[P_SIMLOC]) / params[P_SIMSCALE]
                # -- anchors: shared numbers / names, as a Dice score over the two windows
                src_anc = qs[i] - qs[i - a]
                tgt_anc = qt[j] - qt[j - b]
                anchor_term = 0.0
                if src_anc > 0 and tgt_anc > 0:
                    anc = 0.0
                    for p in range(i - a, i):
                        row = qlo[p]
                        for q in range(j - b, j):
                            anc += am[p, q - row]
                    anchor_term = params[P_ANCHOR] * (2.0 * anc / (src_anc + tgt_anc) - 0.5)
                # -- length: log ratio of the two windows' lengths against the document's own
                # ratio (capped: a translator who adds or drops content moves the ratio far out,
                # and far out says little more than the edge does; an uncapped term made such a
                # pair merge with a neighbour)
                x = (llt[b, j] - lls[a, i] - params[P_LOGRATIO]) / params[P_LENSIGMA]
                x2 = x * x
                if params[P_LENCAP] > 0.0:
                    x2 = min(x2, params[P_LENCAP] * params[P_LENCAP])
                length_term = -params[P_LENWEIGHT] * 0.5 * x2
                if a + b == 2:
                    value = sim - params[P_DELTA] + length_term + anchor_term
                else:
                    scale = (0.5 * (a + b)) ** params[P_SIZEEXP]
                    value = scale * (sim - params[P_DELTA] + length_term + anchor_term) - params[P_SIZE] * (a + b - 2)
                    # more sentences on one side than the other: the fewer must be cut somewhere,
                    # at clause boundaries, to give the many (a 1-3 bead needs two cuts in its one
                    # sentence, a 2-3 bead one cut in either of its two); a bead whose sentences
                    # cannot be cut that often costs more
                    if a != b:
                        cuts = 0
                        if a < b:
                            for p in range(i - a, i):
                                cuts += cut_s[p]
                        else:
                            for q in range(j - b, j):
                                cuts += cut_t[q]
                        if cuts < abs(b - a):
                            value -= params[P_NOSPLIT]
                base[i - r0, j - lo[i], t] = value
                sims[i - r0, j - lo[i], t] = sim
    return base, sims


@njit(cache=True, nogil=True)
def _edge_values(
    lo, hi, types, r0, r1, base_tab, sim_tab, out, params, sp_s, sp_t, x11, src_null, tgt_null, contentless_s,
    contentless_t, glued_s, glued_t
):  # pragma: no cover - compiled
    """out[i - r0, j - lo[i], t]: what the bead of type t that ends at cell (i, j) adds to a path
    (its table value, the piece evidence of the search rounds, deletion costs and the glue), or
    NEG where no such bead may be taken, for rows r0 .. r1 - 1; the one definition of an edge
    that every decoder below reads."""
    ntypes = types.shape[0]
    split = params[P_SPLIT]
    for i in range(r0, r1):
        for j in range(lo[i], hi[i] + 1):
            c = j - lo[i]
            for t in range(ntypes):
                out[i - r0, c, t] = NEG
                a = types[t, 0]
                b = types[t, 1]
                pi = i - a
                pj = j - b
                if pi < 0 or pj < 0:
                    continue
                if pj < lo[pi] or pj > hi[pi]:
                    continue
                if a > 0 and b > 0 and (contentless_s[i] > contentless_s[i - a] or contentless_t[j] > contentless_t[j - b]):
                    continue  # a line with no letter or digit is never aligned
                if a == 0:
                    v = tgt_null[j - 1]
                elif b == 0:
                    v = src_null[i - 1]
                else:
                    v = base_tab[i - r0, c, t]
                    # the piece evidence scored between search rounds
                    if a + b == 2:
                        # against this 1-1 bead from its pieces (a piece that matches a neighbour
                        # better than its partner: the translation crosses the sentence boundary)
                        if x11.shape[0] > 1:
                            v += x11[i, c]
                    elif a == 1 and b - 2 < sp_s.shape[0]:
                        # a 1-N bead: can the one sentence be cut into N pieces that match the N
                        # one by one? (pieces.py; NOT_SCORED where the split was not scored,
                        # which includes every sentence with too few cut points: a sentinel,
                        # since fastmath elsewhere assumes no NaN)
                        x = sp_s[b - 2, i, c]
                        if x > NOT_SCORED:
                            v += split * (x - sim_tab[i - r0, c, t])
                    elif b == 1 and a - 2 < sp_t.shape[0]:
                        x = sp_t[a - 2, i, c]
                        if x > NOT_SCORED:
                            v += split * (x - sim_tab[i - r0, c, t])
                # a bead that ends at a boundary inside a bracket cuts a parenthesis in two
                if a > 0:
                    v -= params[P_GLUE] * glued_s[i]
                if b > 0:
                    v -= params[P_GLUE] * glued_t[j]
                out[i - r0, c, t] = v


def band_search(lo: np.ndarray, hi: np.ndarray, types: np.ndarray, feats: dict, params: np.ndarray, rounds: bool = False):
    """Search the band; returns (beads as (end_i, end_j, type) rows, their values, their
    posterior probabilities): values where the path is the best-valued one, posteriors where
    it is decoded by them, None for the other.

    `lo`/`hi` (length n + 1, non-decreasing, hi[i] >= lo[i + 1]) always hold a path, since
    types include (1, 0) and (0, 1). With `params[P_TEMPERATURE]` 0 the path is the one of best
    value (Viterbi): bead values are computed into tables a block of rows at a time, each block
    searched as soon as it is built (memory stays bounded). Above 0 it is the path whose beads
    have the highest expected F1 (posterior.py), which needs the edge values of the whole band
    (float32, 4 bytes a cell and bead type, overwritten with the posteriors). `rounds`: the
    same band will be searched again with only the piece evidence and the deletion costs
    changed, so the tables of the whole band are built once, kept in `feats`, and read by the
    searches after (when the band is small enough).
    """
    n1 = len(lo)
    width = int((hi - lo).max() + 1)
    kernel = _kernel_args(feats, params, types)
    p = kernel.params
    edge_rest: tuple = (p, feats["sp_s"], feats["sp_t"], feats["x11"], feats["src_null"], feats["tgt_null"])
    edge_rest += (feats["contentless_s"], feats["contentless_t"], feats["glued_s"], feats["glued_t"])
    kept = _kept_tables(lo, hi, types, feats, kernel, rounds)
    step = n1 if kept is not None else max(1, BLOCK_ENTRIES // (width * len(types)))
    temperature = float(p[P_TEMPERATURE])
    if temperature > 0:
        edges = np.empty((n1, width, len(types)), dtype=np.float32)
        for r0 in range(0, n1, step):
            r1 = min(n1, r0 + step)
            tables: tuple = kept if kept is not None else _bead_tables(lo, hi, types, r0, r1, *kernel)
            _edge_values(lo, hi, types, r0, r1, *tables, edges[r0:r1], *edge_rest)
        ends, probs = max_expected_f1(lo, hi, types, edges, temperature)
        return ends, None, probs
    best = np.full((n1, width), NEG, dtype=np.float64)
    back = np.full((n1, width), -1, dtype=np.int8)
    values_at = np.zeros((n1, width), dtype=np.float64)  # the value of the bead each cell's best path ends with
    block = np.empty((min(step, n1), width, len(types)), dtype=np.float64)
    for r0 in range(0, n1, step):
        r1 = min(n1, r0 + step)
        tables = kept if kept is not None else _bead_tables(lo, hi, types, r0, r1, *kernel)
        _edge_values(lo, hi, types, r0, r1, *tables, block, *edge_rest)
        best_path(lo, hi, types, r0, r1, block, 0.0, best, back)
        _ends_values(lo, hi, r0, r1, block, back, values_at)
    ends = trace_back(lo, hi, types, back)
    values = values_at[ends[:, 0], ends[:, 1] - lo[ends[:, 0]]]
    # a bead's value as reported leaves out the glue, which is a cost of where it ends
    if len(ends):
        a, b = types[ends[:, 2], 0], types[ends[:, 2], 1]
        glued = np.where(a > 0, feats["glued_s"][ends[:, 0]], 0.0) + np.where(b > 0, feats["glued_t"][ends[:, 1]], 0.0)
        values = values + p[P_GLUE] * glued
    return ends, values, None


@njit(cache=True, nogil=True)
def _ends_values(lo, hi, r0, r1, edges, back, out):  # pragma: no cover - compiled
    """out[i, j - lo[i]]: the edge value of the bead that the best path to (i, j) ends with."""
    for i in range(r0, r1):
        for j in range(lo[i], hi[i] + 1):
            t = back[i, j - lo[i]]
            if t >= 0:
                out[i, j - lo[i]] = edges[i - r0, j - lo[i], t]


# the largest band whose bead tables are kept between rounds (two float64 tables of this many
# entries: 128 MB); a longer document builds them again in every round, block by block
TABLE_ENTRIES = 8_000_000
# entries in the tables of one block of rows when they are not kept (16 MB, cache-friendly)
BLOCK_ENTRIES = 1 << 20


def _kept_tables(lo: np.ndarray, hi: np.ndarray, types: np.ndarray, f: dict, kernel: KernelInputs, rounds: bool):
    """The tables of the whole band (`_bead_tables`), built once for all search rounds; None
    where they are not kept (a single search, or a band too large)."""
    if not rounds or len(lo) * int((hi - lo).max() + 1) * len(types) > TABLE_ENTRIES:
        return None
    params = kernel.params
    kept = f.get("base_tables")
    if kept is not None and all(np.array_equal(x, y) for x, y in zip(kept[:4], (lo, hi, types, params))):
        return kept[4]
    tables = _bead_tables(lo, hi, types, 0, len(lo), *kernel)
    f["base_tables"] = (lo.copy(), hi.copy(), types.copy(), params.copy(), tables)
    return tables


def log_window_lengths(prefix: np.ndarray, max_size: int) -> np.ndarray:
    """(max_size + 1, n + 1): log(1 + characters of the window of `size` sentences ending at
    `end`), from a side's prefix character counts (0 where the window does not fit)."""
    n = len(prefix) - 1
    out = np.zeros((max_size + 1, n + 1))
    for size in range(1, min(max_size, n) + 1):
        out[size, size:] = np.log(prefix[size:] - prefix[:-size] + 1.0)
    return out


class KernelInputs(NamedTuple):
    """What `_bead_tables` reads after lo, hi, types and the rows, in the order of its
    parameters (`_bead_tables(lo, hi, types, r0, r1, *kernel)`). n, m: the source and target
    sentence counts; w: the band's width in target columns; A, B: the largest bead sizes
    (max_src, max_tgt)."""

    S: np.ndarray  # (n, w) float32: cosine of source p with target qlo[p] + k, at [p, k]
    qlo: np.ndarray  # (n,) int64: the first target column of each source row of S and am
    gs: np.ndarray  # (n, A) float32: Gram of each source sentence with the next ones (window norms)
    gt: np.ndarray  # (m, B) float32: the same for the target side
    ws: np.ndarray  # (n,) float64: each source sentence's weight in a window's estimated embedding
    wt: np.ndarray  # (m,) float64: the same for the target side
    rs: np.ndarray  # (A + 1, n + 1) float64: mean kNN similarity over each source window (knn margin)
    rt: np.ndarray  # (B + 1, m + 1) float64: the same for the target windows
    lls: np.ndarray  # (A + 1, n + 1) float64: log(1 + characters) of each source window
    llt: np.ndarray  # (B + 1, m + 1) float64: the same for the target windows
    am: np.ndarray  # (n, w) float32: anchors (numbers, names) shared by source p and a target, as S
    qs: np.ndarray  # (n + 1,) float64: prefix counts of the source sentences' anchors
    qt: np.ndarray  # (m + 1,) float64: the same for the target side
    params: np.ndarray  # (N_PARAMS,) float64: the fitted settings, indexed by the P_* constants
    ids_s: np.ndarray  # (k, n + 1) int64: row of vs holding the source window [e - a, e) at [a, e], -1 if not encoded
    ids_t: np.ndarray  # (k, m + 1) int64: the same for the target windows and vt
    vs: np.ndarray  # (rows, d) float32: encoded source windows (the sentences' own rows included)
    vt: np.ndarray  # (rows, d) float32: the same for the target side
    cut_s: np.ndarray  # (n,) int64: cut points of each source sentence (where it may split for a 1-N bead)
    cut_t: np.ndarray  # (m,) int64: the same for the target side
    ns2: np.ndarray  # (A + 1, n + 1) float64: squared norm of each source window's estimated embedding
    nt2: np.ndarray  # (B + 1, m + 1) float64: the same for the target windows


def _kernel_args(f: dict, params: np.ndarray, types: np.ndarray) -> KernelInputs:
    """The kernel's inputs from a band's features; the per-window tables (log lengths, norms,
    neighbourhood means) are the same for every round of one band, so they are kept in `f`."""
    sizes = (int(types[:, 0].max()), int(types[:, 1].max()))
    if f.get("window_tables", (None,))[0] != sizes:
        f["window_tables"] = (
            sizes,
            log_window_lengths(f["cls"], sizes[0]),
            log_window_lengths(f["clt"], sizes[1]),
            _window_norms(f["gs"], f["ws"], sizes[0]),
            _window_norms(f["gt"], f["wt"], sizes[1]),
            _window_means(f["rs"], f["ws"], sizes[0]),
            _window_means(f["rt"], f["wt"], sizes[1]),
        )
    _, lls, llt, ns2, nt2, rsw, rtw = f["window_tables"]
    return KernelInputs(
        S=f["S"], qlo=f["qlo"], gs=f["gs"], gt=f["gt"], ws=f["ws"], wt=f["wt"], rs=rsw, rt=rtw,
        lls=lls, llt=llt, am=f["am"], qs=f["qs"], qt=f["qt"], params=params.astype(np.float64),
        ids_s=f["ids_s"], ids_t=f["ids_t"], vs=f["vs"], vt=f["vt"], cut_s=f["cut_s"], cut_t=f["cut_t"],
        ns2=ns2, nt2=nt2,
    )  # fmt: skip


@njit(cache=True, nogil=True)
def _bead_cosines(ends, types, S, qlo, gs, gt, ws, wt, ids_s, ids_t, vs, vt):  # pragma: no cover
    est = np.full(ends.shape[0], np.nan)
    enc = np.full(ends.shape[0], np.nan)
    for k in range(ends.shape[0]):
        i, j, t = ends[k, 0], ends[k, 1], ends[k, 2]
        a, b = types[t, 0], types[t, 1]
        if a == 0 or b == 0 or (a == 1 and b == 1):
            continue
        if a >= ids_s.shape[0] or b >= ids_t.shape[0]:
            continue
        dot = 0.0
        for p in range(i - a, i):
            for q in range(j - b, j):
                dot += ws[p] * wt[q] * S[p, q - qlo[p]]
        est[k] = estimate_cos(i, j, a, b, dot, gs, gt, ws, wt)
        ks, kt = ids_s[a, i], ids_t[b, j]
        if ks >= 0 and kt >= 0:
            c = 0.0
            for d in range(vs.shape[1]):
                c += vs[ks, d] * vt[kt, d]
            enc[k] = c
    return est, enc


def bead_cosines(ends: np.ndarray, types: np.ndarray, f: dict, params: np.ndarray):
    """(estimated, encoded) window cosines of the M-N beads of a path (NaN where not M-N / not encoded)."""
    return _bead_cosines(
        ends, types, f["S"], f["qlo"], f["gs"], f["gt"], f["ws"], f["wt"], f["ids_s"], f["ids_t"], f["vs"], f["vt"]
    )

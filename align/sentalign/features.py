"""Everything the search kernel reads, computed for one band of one document pair."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .anchors import anchor_band
from .similarity import neighbour_gram, sim_band, sim_band_limits


@dataclass
class Side:
    """One side of a document: normalised sentence embeddings, lengths, anchors."""

    vecs: np.ndarray  # (n, d) float32, unit rows (zero rows for blank lines)
    chars: np.ndarray  # (n,) sentence lengths in characters
    anchors: list[set[str]]
    weight_power: float = 0.5
    contentless: np.ndarray | None = None  # (n,) bool: lines with no letter or digit, never aligned (aligner.contentless)
    glued: np.ndarray | None = None  # (n + 1,) bool: boundaries inside a bracket (boundaries.bracket_glued)

    def __len__(self) -> int:
        return len(self.vecs)

    def weights(self) -> np.ndarray:
        # a window's embedding is estimated as the length-weighted sum of its sentences':
        # a long sentence dominates the meaning of the window it sits in
        return (self.chars.astype(np.float64) + 1.0) ** self.weight_power

    def prefix_chars(self) -> np.ndarray:
        return np.concatenate([[0.0], np.cumsum(self.chars, dtype=np.float64)])


def top_k_mean(rows: np.ndarray, valid: np.ndarray, k: int) -> np.ndarray:
    """Mean of the k largest valid values of each row (0 for a row with none)."""
    if rows.shape[0] == 0:
        return np.zeros(0, dtype=np.float64)
    x = np.where(valid, rows, -np.inf)
    k = max(1, min(k, x.shape[1]))
    part = -np.partition(-x, k - 1, axis=1)[:, :k]
    part = np.where(np.isfinite(part), part, np.nan)
    with np.errstate(invalid="ignore"):
        out = np.nanmean(part, axis=1)
    return np.nan_to_num(out, nan=0.0)


def band_features(
    src: Side,
    tgt: Side,
    lo: np.ndarray,
    hi: np.ndarray,
    max_src: int,
    max_tgt: int,
    margin_k: int,  # 0: skip the kNN neighbourhood (only the "knn" margin reads it)
    windows: tuple | None = None,
) -> dict:
    """`windows`: (src WindowStore, tgt WindowStore) holding encoded windows, or None."""
    n, m = len(src), len(tgt)
    qlo, width = sim_band_limits(lo, hi, max_src, max_tgt)
    S = sim_band(src.vecs, tgt.vecs, qlo, width)
    cols = qlo[:, None] + np.arange(width)[None, :]
    valid = cols < m
    if margin_k > 0:
        rs = top_k_mean(S, valid, margin_k)
        # the target side's neighbourhood: the same band seen from the target sentences
        plo, pwidth = _transpose_limits(qlo, width, n, m)
        St = sim_band(tgt.vecs, src.vecs, plo, pwidth)
        tvalid = (plo[:, None] + np.arange(pwidth)[None, :]) < n
        rt = top_k_mean(St, tvalid, margin_k)
    else:  # the kNN margin is off: not needed
        rs, rt = np.zeros(n), np.zeros(m)
    am, qs, qt = anchor_band(src.anchors, tgt.anchors, qlo, width)
    return {
        "S": S,
        "qlo": qlo,
        "gs": neighbour_gram(src.vecs, max_src),
        "gt": neighbour_gram(tgt.vecs, max_tgt),
        "ws": src.weights(),
        "wt": tgt.weights(),
        "rs": rs,
        "rt": rt,
        "cls": src.prefix_chars(),
        "clt": tgt.prefix_chars(),
        "am": am,
        "qs": qs,
        "qt": qt,
        "ids_s": windows[0].ids if windows else _sentence_ids(n),
        "ids_t": windows[1].ids if windows else _sentence_ids(m),
        "vs": windows[0].vecs if windows else src.vecs,
        "vt": windows[1].vecs if windows else tgt.vecs,
        # split evidence for 1-N beads (pieces.py): cut points per sentence (many: never
        # penalised) and scored splits, filled in by the aligner where it has them
        "cut_s": np.full(n, 1 << 20, dtype=np.int64),
        "cut_t": np.full(m, 1 << 20, dtype=np.int64),
        "sp_s": np.zeros((0, 1, 1), dtype=np.float32),
        "sp_t": np.zeros((0, 1, 1), dtype=np.float32),
        "x11": np.zeros((1, 1), dtype=np.float32),  # per band cell, added to 1-1 beads (off: 1 x 1)
        "contentless_s": _contentless_prefix(src),
        "contentless_t": _contentless_prefix(tgt),
        "glued_s": _glued(src),
        "glued_t": _glued(tgt),
        "src_null": np.zeros(n, dtype=np.float64),
        "tgt_null": np.zeros(m, dtype=np.float64),
    }


def _contentless_prefix(side: Side) -> np.ndarray:
    """Prefix counts of the side's lines that have no letter or digit (never aligned)."""
    v = side.contentless if side.contentless is not None else np.zeros(len(side), dtype=bool)
    return np.concatenate([[0], np.cumsum(v)]).astype(np.int64)


def _glued(side: Side) -> np.ndarray:
    g = side.glued if side.glued is not None else np.zeros(len(side) + 1, dtype=bool)
    return g.astype(np.float64)


def _sentence_ids(n: int) -> np.ndarray:
    ids = np.full((2, n + 1), -1, dtype=np.int64)
    ids[1, 1:] = np.arange(n)
    return ids


def _transpose_limits(qlo: np.ndarray, width: int, n: int, m: int) -> tuple[np.ndarray, int]:
    """For each target q, the source rows p whose band row covers q (qlo[p] <= q < qlo[p] + width)."""
    q = np.arange(m)
    first = np.searchsorted(qlo + width, q, side="right")  # first p with qlo[p] + width > q
    last = np.searchsorted(qlo, q, side="right")  # one past the last p with qlo[p] <= q
    first = np.minimum(first, np.maximum(last - 1, 0))
    w = int(max(1, (last - first).max())) if m else 1
    plo = np.clip(np.minimum(first, n - w), 0, None)
    return plo.astype(np.int64), w

"""Sentence similarities restricted to a band, and what window estimates need from them.

Only the similarities a banded search can ask for are computed: source sentence p against
target sentences qlo[p] <= q < qlo[p] + width. A window of consecutive sentences is estimated
as the length-weighted sum of its normalised sentence embeddings, so its cosine with another
window follows from these similarities and from the similarities of neighbouring sentences on
the same side (`neighbour_gram`) without calling the encoder again.
"""

from __future__ import annotations

import numpy as np


def sim_band_limits(lo: np.ndarray, hi: np.ndarray, max_src: int, max_tgt: int) -> tuple[np.ndarray, int]:
    """First target column and width of the similarity rows a search over the band can touch.

    A bead ending in cell (i, j) with a <= max_src, b <= max_tgt reads source p in [i - a, i)
    and target q in [j - b, j), so p needs q from lo[p + 1] - max_tgt up to hi[p + max_src] - 1.
    """
    n = len(lo) - 1
    m = int(hi[-1]) if n >= 0 else 0
    if n <= 0:
        return np.zeros(0, dtype=np.int64), 1
    p = np.arange(n)
    # one more column on each side: the margin reads the sentence just outside a bead
    qlo = np.clip(lo[p + 1] - max_tgt - 1, 0, m)
    qhi = np.clip(hi[np.minimum(n, p + max_src)] + 1, 0, m)
    width = int(max(1, (qhi - qlo).max()))
    # keep every row inside [0, m): shift the start left where the row would run past the end
    qlo = np.clip(np.minimum(qlo, m - width), 0, None)
    return qlo.astype(np.int64), width


def sim_band(src: np.ndarray, tgt: np.ndarray, qlo: np.ndarray, width: int, block: int = 64) -> np.ndarray:
    """S[p, c] = src[p] . tgt[qlo[p] + c] (columns past the end are 0).

    Small row blocks: a block computes block x (block + width) products for block x width
    useful ones, so a large block wastes most of its work on a narrow band.
    """
    n, m = len(src), len(tgt)
    out = np.zeros((n, width), dtype=np.float32)
    if n == 0 or m == 0:
        return out
    cols = np.arange(width)
    for start in range(0, n, block):
        stop = min(n, start + block)
        q0 = int(qlo[start:stop].min())
        q1 = int(min(m, qlo[start:stop].max() + width))
        full = src[start:stop] @ tgt[q0:q1].T  # (rows, q1 - q0)
        idx = (qlo[start:stop, None] - q0) + cols[None, :]
        valid = idx < (q1 - q0)
        out[start:stop] = np.where(valid, np.take_along_axis(full, np.minimum(idx, q1 - q0 - 1), axis=1), 0.0)
    return out


def neighbour_gram(vecs: np.ndarray, span: int) -> np.ndarray:
    """G[p, d] = vecs[p] . vecs[p + d] for 0 <= d < span (0 past the end)."""
    n = len(vecs)
    g = np.zeros((n, max(span, 1)), dtype=np.float32)
    for d in range(span):
        if d < n:
            g[: n - d, d] = np.einsum("ij,ij->i", vecs[: n - d], vecs[d:])
    return g

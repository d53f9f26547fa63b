"""Sentence evidence that two documents are translations, judged on the pair alone.

For collections too small to learn what unrelated documents score (one article a side, a
handful), `content` judges a candidate pair by its own sentences: a translation's sentences
find their counterparts, so most sentences of the shorter document are the mutual best match
of a sentence of the other with a cosine of at least SENT_COS. Unrelated documents, even on
the same topic, rarely have such a match: a sentence of one finds one in the other by chance
with probability NULL_RATE (measured on every unrelated pair of the bench sets). Under that
null the number of matched sentences is Binomial(n, NULL_RATE) for n sentences in the shorter
document, so the chance that unrelated documents look as much like translations as this pair
does is a binomial tail. It does not depend on how many documents the collection holds.

The two constants were chosen by leave-one-set-out cross-validation on three sets of real
Korean-English document pairs (`scripts/bench_pair.py --small --calibrate`): the rate at which
unrelated pairs pass at level a stays at or below a, with the highest recall.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SENT_COS = 0.5  # a sentence pair this close (cosine) and each other's best counts as a match
NULL_RATE = 0.05  # the chance that a sentence of an unrelated document finds such a match


@dataclass(frozen=True)
class Evidence:
    matched: int  # mutual best sentence pairs with cosine >= SENT_COS
    n_short: int  # sentences of the shorter document
    n_long: int  # sentences of the longer document
    p_value: float  # P(Binomial(n_short, NULL_RATE) >= matched)
    margin: float  # matched pairs' mean cosine over the mean of the pair's other sentence pairs

    @property
    def length_ratio(self) -> float:
        return self.n_short / self.n_long if self.n_long else 0.0


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    return min(1.0, sum(math.comb(n, i) * p**i * (1.0 - p) ** (n - i) for i in range(k, n + 1)))


def mutual_best(sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the cells that are the best of both their row and their column."""
    if sims.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    row_best = sims.argmax(axis=1)
    col_best = sims.argmax(axis=0)
    rows = np.flatnonzero(col_best[row_best] == np.arange(sims.shape[0]))
    return rows, row_best[rows]


def evidence(a: np.ndarray, b: np.ndarray, *, sent_cos: float = SENT_COS,
             null_rate: float = NULL_RATE) -> Evidence:
    """Evidence of two documents given as (n, dim) and (m, dim) L2-normalised sentence embeddings."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return Evidence(0, min(n, m), max(n, m), 1.0, 0.0)
    sims = a @ b.T
    rows, cols = mutual_best(sims)
    cos = sims[rows, cols]
    hit = cos >= sent_cos
    k = int(hit.sum())
    # the pair's own background: every sentence pair that is not a match
    off = np.ones(sims.shape, bool)
    off[rows[hit], cols[hit]] = False
    matched_mean = float(cos[hit].mean()) if k else 0.0
    background = float(sims[off].mean()) if off.any() else 0.0
    margin = matched_mean / max(background, 0.05) if k else 0.0
    return Evidence(k, min(n, m), max(n, m), binomial_tail(k, min(n, m), null_rate), margin)

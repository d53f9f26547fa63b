"""Choosing settings by cross-validation: how much of a figure is fitted to the sets it was tuned on.

The aligner's defaults were chosen on the dev sets themselves. To see how they fare on text they
were not chosen on, each setting of a small grid is scored on every document, and for each held-out
part the grid point that scores best on everything else is chosen and scored on that part alone:

- leave one set out: the point best on the other sets (mean of their strict F1), scored on the set;
- leave one document out (sets of several documents): the point best on all other documents (the
  held-out document's own set counted without it), scored on that document; a set's figure is then
  pooled over its documents' counts, as the bench pools documents.

Counts, not F1s, are what a document contributes (strict precision hits / misses, recall hits /
misses, and the hits / misses of the aligned beads scored >= `HIGH_SCORE`), so pooling is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HIGH_SCORE = 0.9  # the bead score whose precision the issue asks to hold on unseen text

# columns of a document's counts
P_HIT, P_MISS, R_HIT, R_MISS, H_HIT, H_MISS = range(6)
N_COUNTS = 6


def f1_of(counts: np.ndarray) -> np.ndarray:
    """Strict F1 of summed counts (..., N_COUNTS) -> (...)."""
    c = np.asarray(counts, dtype=np.float64)
    p = c[..., P_HIT] / np.maximum(c[..., P_HIT] + c[..., P_MISS], 1)
    r = c[..., R_HIT] / np.maximum(c[..., R_HIT] + c[..., R_MISS], 1)
    return np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-12), 0.0)


def high_precision_of(counts: np.ndarray) -> np.ndarray:
    """Strict precision of the beads scored >= HIGH_SCORE, from summed counts."""
    c = np.asarray(counts, dtype=np.float64)
    return c[..., H_HIT] / np.maximum(c[..., H_HIT] + c[..., H_MISS], 1)


@dataclass(frozen=True)
class SetFigures:
    name: str
    docs: int
    tuned_f1: float  # at grid point 0 (the defaults, tuned on every set)
    tuned_high: float  # precision of beads scored >= HIGH_SCORE at the defaults
    best_f1: float  # at the grid point best on every set together (in-sample)
    loso_f1: float  # leave one set out
    loso_choice: int  # the grid point chosen without this set
    lodo_f1: float | None  # leave one document out (None: one document)
    cv_high: float  # precision of beads scored >= HIGH_SCORE, cross-validated (lodo, else loso)
    lodo_choices: tuple[int, ...] = ()


def _choose(objective: np.ndarray) -> int:
    """The best grid point; on a tie the earliest (point 0 is the defaults)."""
    return int(np.flatnonzero(objective >= objective.max() - 1e-12)[0])


def cross_validate(counts: Sequence[np.ndarray], names: Sequence[str]) -> list[SetFigures]:
    """`counts[s]`: array (grid points, documents of set s, N_COUNTS). Grid point 0 is the defaults."""
    sums = np.stack([c.sum(axis=1) for c in counts], axis=1)  # (points, sets, N_COUNTS)
    set_f1 = f1_of(sums)  # (points, sets)
    overall = _choose(set_f1.mean(axis=1))
    out = []
    n_sets = len(counts)
    for s, (c, name) in enumerate(zip(counts, names)):
        others = [k for k in range(n_sets) if k != s]
        loso = _choose(set_f1[:, others].mean(axis=1)) if others else 0
        lodo_f1 = None
        choices: list[int] = []
        if c.shape[1] > 1:
            held = np.zeros(N_COUNTS)
            for d in range(c.shape[1]):
                without = sums[:, s] - c[:, d]  # the set less the held-out document
                f = set_f1.copy()
                f[:, s] = f1_of(without)
                g = _choose(f.mean(axis=1))
                choices.append(g)
                held += c[g, d]
            lodo_f1 = float(f1_of(held))
            cv_high = float(high_precision_of(held))
        else:
            cv_high = float(high_precision_of(sums[loso, s]))
        out.append(
            SetFigures(
                name, c.shape[1], float(set_f1[0, s]), float(high_precision_of(sums[0, s])), float(set_f1[overall, s]),
                float(set_f1[loso, s]), loso, lodo_f1, cv_high, tuple(choices),
            )
        )  # fmt: skip
    return out


def star_grid(defaults: dict[str, object], alternatives: dict[str, Sequence[object]]) -> list[dict[str, object]]:
    """The defaults (point 0), then each setting moved alone to each of its alternatives."""
    points: list[dict[str, object]] = [{}]
    for key, values in alternatives.items():
        for v in values:
            if v != defaults.get(key):
                points.append({key: v})
    return points

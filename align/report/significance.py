"""Paired bootstrap resampling against the first system, with the numbers of sacrebleu's paired
bootstrap test (`sacrebleu.significance`, `--paired-bs`): 95% confidence intervals and p-values.

sacrebleu draws every resample at once and gathers the statistics of every drawn sentence: an
array of resamples x sentences x columns (1,000 x 200,000 x 24 float32 is 19 GB for chrF++ of
one system). Here the resamples come a block at a time from the same seeded generator (it draws
the same indices in blocks as at once), each resample becomes a count per sentence, and a matrix
product of the counts with the per-sentence statistics gives the same sums: memory is one block
of counts plus the statistics, whatever the number of resamples. The statistics are counts, so
the sums are exact; they reach the metric as float32, as in sacrebleu, and give the same scores
bit for bit wherever sacrebleu's own float32 sums are exact (totals below 2**24)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sacrebleu.significance import _compute_p_value, estimate_ci
from tqdm import tqdm

from .scoring import MetricSpec, aggregate

COUNTS_BYTES = 64 << 20  # one block of resample counts (resamples x sentences, float64)


@dataclass
class Significance:
    signatures: dict[str, tuple[str, str]]  # metric key -> (signature, short signature), with seed and bs
    results: dict[str, list[dict[str, float | None]]]  # metric key -> per system {score, mean, ci, p_value}


def resample_counts(n_sentences: int, n_samples: int, seed: int, block: int):
    """Blocks of (resamples x sentences) counts: how often each sentence is drawn in a resample,
    from the indices sacrebleu's `rng.choice(n, size=(n_samples, n))` draws with this seed."""
    rng = np.random.default_rng(seed)
    done = 0
    while done < n_samples:
        k = min(block, n_samples - done)
        idx = rng.choice(n_sentences, size=(k, n_sentences), replace=True)
        counts = np.empty((k, n_sentences), dtype=np.float64)
        for r in range(k):
            counts[r] = np.bincount(idx[r], minlength=n_sentences)
        del idx
        yield counts
        done += k


def paired_bootstrap(
    specs: list[MetricSpec],
    names: list[str],
    stats: dict[str, list[np.ndarray]],  # metric key -> per system statistics (same order as names)
    n_samples: int = 1000,
    seed: int = 12345,
    progress: bool = False,
) -> Significance:
    """Bootstrap every `significance` metric; the first system is the baseline (p-value None).

    `seed` must be >= 1: sacrebleu treats a seed of 0 as "unseeded" for the compared systems."""
    if seed < 1:
        raise ValueError("the bootstrap seed must be a positive integer (sacrebleu reads 0 as 'no seed')")
    if n_samples < 1:
        raise ValueError("the number of bootstrap resamples must be positive")
    tested = [s for s in specs if s.significance]
    n = len(stats[tested[0].key][0])
    # all systems' columns of all tested metrics side by side: one product per block of resamples
    widths = [stats[s.key][0].shape[1] for s in tested]
    table = np.concatenate([stats[s.key][j] for s in tested for j in range(len(names))], axis=1)
    # per metric and system, the resamples' scores as the metric returns them (float32 for chrF and
    # TER, whose arithmetic stays in numpy), collected into arrays as sacrebleu collects them
    scores: dict[str, list[list[Any]]] = {s.key: [[] for _ in names] for s in tested}
    block = max(1, min(n_samples, COUNTS_BYTES // (8 * max(n, 1))))
    bar = tqdm(total=n_samples, desc="bootstrap", unit="resample", leave=False, disable=not progress)
    for counts in resample_counts(n, n_samples, seed, block):
        sums = (counts @ table).astype(np.float32)  # exact integer sums, handed over as sacrebleu does
        for r in range(len(counts)):
            col = 0
            for s, w in zip(tested, widths):
                compute, out = s.metric._compute_score_from_stats, scores[s.key]
                for j in range(len(names)):
                    out[j].append(compute(sums[r, col : col + w]).score)
                    col += w
        bar.update(len(counts))
    bar.close()

    results: dict[str, list[dict[str, float | None]]] = {}
    signatures: dict[str, tuple[str, str]] = {}
    for s in tested:
        real = [float(aggregate(s.metric, stats[s.key][j]).score) for j in range(len(names))]
        sc = [np.array(x) for x in scores[s.key]]
        rows = []
        for j in range(len(names)):
            mean, ci = estimate_ci(sc[j])
            p = None
            if j > 0:  # sacrebleu's _paired_bs_test
                diffs = np.abs(sc[j] - sc[0])
                p = _compute_p_value(diffs - diffs.mean(), abs(real[0] - real[j]))
            rows.append({"score": real[j], "mean": float(mean), "ci": float(ci), "p_value": None if p is None else float(p)})
        results[s.key] = rows
        sig = s.metric.get_signature()
        sig.update("seed", str(seed))
        sig.update("bs", n_samples)
        signatures[s.key] = (sig.format(), sig.format(short=True))
    return Significance(signatures, results)

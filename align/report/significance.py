"""Paired bootstrap resampling against the first system, by sacrebleu's significance module
(the statistics are sacrebleu's, not ours): 95% confidence intervals and p-values."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sacrebleu.metrics.base import Metric
from sacrebleu.significance import PairedTest

from .parallel import fork_map
from .scoring import MetricSpec


class _PrecomputedStats:
    """A metric that hands PairedTest the statistics already extracted for each system, so the
    test does not tokenise and match every system a second time (half the run time at 10k lines).
    Everything else is the real metric's."""

    def __init__(self, metric: Metric, stats_by_hyps: dict[int, list]):
        self._metric = metric
        self._stats = stats_by_hyps  # id(hypothesis list) -> its statistics

    def _extract_corpus_statistics(self, hypotheses, references):
        stats = self._stats.get(id(hypotheses))
        return stats if stats is not None else self._metric._extract_corpus_statistics(hypotheses, references)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._metric, name)


@contextlib.contextmanager
def _sacrebleu_seed(seed: int) -> Iterator[None]:
    """sacrebleu reads its bootstrap seed from SACREBLEU_SEED (as its CLI does); set it for the test only."""
    old = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(seed)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = old


@dataclass
class Significance:
    signatures: dict[str, tuple[str, str]]  # metric key -> (signature, short signature), with seed and bs
    results: dict[str, list[dict[str, float | None]]]  # metric key -> per system {score, mean, ci, p_value}


def paired_bootstrap(
    specs: list[MetricSpec],
    systems: list[tuple[str, list[str]]],
    stats: dict[str, list[list]],  # metric key -> per system statistics (same order as systems)
    n_samples: int = 1000,
    seed: int = 12345,
    jobs: int = 1,
    progress: bool = False,
) -> Significance:
    """Bootstrap every `significance` metric; the first system is the baseline (p-value None).

    One PairedTest per metric, in parallel: sacrebleu draws the same resample indices from the
    seed for every metric, so this gives exactly what one PairedTest over all metrics gives.
    `seed` must be >= 1: sacrebleu treats a seed of 0 as "unseeded" for the compared systems."""
    if seed < 1:
        raise ValueError("the bootstrap seed must be a positive integer (sacrebleu reads 0 as 'no seed')")
    if n_samples < 1:
        raise ValueError("the number of bootstrap resamples must be positive")
    tested = [s for s in specs if s.significance]

    def one_metric(k: int) -> tuple[str, list[dict], tuple[str, str]]:
        spec = tested[k]
        by_id = {id(hyps): stats[spec.key][i] for i, (_, hyps) in enumerate(systems)}
        with _sacrebleu_seed(seed):
            test = PairedTest(systems, {spec.key: _PrecomputedStats(spec.metric, by_id)}, references=None,
                              test_type="bs", n_samples=n_samples, n_jobs=1)
            sigs, table = test()
        (score_name,) = [k for k in table if k != "System"]  # sacrebleu's name, e.g. chrF2++
        rows = [{"score": float(r.score), "mean": _f(r.mean), "ci": _f(r.ci), "p_value": _f(r.p_value)}
                for r in table[score_name]]
        sig = sigs[score_name]
        return spec.key, rows, (sig.format(), sig.format(short=True))

    # chrF++ has the widest statistics (24 columns): the longest resampling goes first.
    order = sorted(range(len(tested)), key=lambda k: -len(stats[tested[k].key][0][0]) if stats[tested[k].key][0] else 0)
    done = fork_map(one_metric, order, jobs, desc="bootstrap" if progress else None)
    results = {key: rows for key, rows, _ in done.values()}
    signatures = {key: sig for key, _, sig in done.values()}
    return Significance(signatures, results)


def _f(x: Any) -> float | None:
    return None if x is None else float(x)

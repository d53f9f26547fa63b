"""The metrics of a report and their per-sentence statistics, all through sacrebleu.

Each system is tokenised and matched against the references once: the per-sentence sufficient
statistics are kept and every later number (corpus score, bootstrap, per-article, per-bucket,
per-sentence) is computed from them by the metric's own code."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric


@dataclass
class MetricSpec:
    key: str  # column name in the report
    metric: Metric
    significance: bool  # bootstrapped against the baseline (the headline metrics)
    higher_is_better: bool = True


def build_metrics(tgt_lang: str, refs: list[str]) -> list[MetricSpec]:
    """BLEU, chrF++ and TER with sacrebleu's defaults; Korean targets: BLEU on ko-mecab morphemes
    as the headline (13a splits only on spaces and punctuation, undercounting Korean matches),
    BLEU on characters beside it (score only: another bootstrap would double the run time)."""
    ref_streams = [refs]  # one reference per sentence
    specs = [
        MetricSpec("BLEU", BLEU(tokenize="ko-mecab" if tgt_lang == "ko" else None, references=ref_streams), True),
        MetricSpec("chrF++", CHRF(word_order=2, references=ref_streams), True),
        MetricSpec("TER", TER(references=ref_streams), True, higher_is_better=False),
    ]
    if tgt_lang == "ko":
        specs.insert(1, MetricSpec("BLEU (char)", BLEU(tokenize="char", references=ref_streams), False))
    return specs


def sentence_stats(metric: Metric, hyps: list[str]) -> list[list[float]]:
    """sacrebleu's per-sentence sufficient statistics against the cached references."""
    return metric._extract_corpus_statistics(hyps, None)


def corpus_score(metric: Metric, stats: list[list[float]]) -> float:
    """The corpus score exactly as `metric.corpus_score` computes it."""
    return float(metric._aggregate_and_compute(stats).score)


def subset_score(metric: Metric, stats: np.ndarray, idx: np.ndarray) -> float:
    """Corpus score of the sentences `idx` (an article, a length bucket)."""
    return float(metric._compute_score_from_stats(stats[idx].sum(0).tolist()).score)


def sentence_scores(metric: Metric, stats: np.ndarray) -> np.ndarray:
    """Score of every sentence on its own (chrF++ is the sentence-level metric we rank by)."""
    compute = metric._compute_score_from_stats
    return np.array([compute(row).score for row in stats.tolist()], dtype=np.float64)


def sentence_bleu_metric() -> BLEU:
    """BLEU as sentence_score computes it (effective order); only its arithmetic is used here, on
    statistics already extracted with the report's tokenizer, so its own tokenizer does not matter."""
    return BLEU(effective_order=True, tokenize="none")

"""The metrics of a report and their per-sentence statistics, all through sacrebleu.

Each system is tokenised and matched against the references once, a block of lines at a time:
only the per-sentence sufficient statistics are kept, as one numeric array per system and metric
(BLEU's n-gram matches and totals and lengths, chrF's character and word n-gram counts, TER's
edits and reference length), never the references' n-gram tables for the whole test set. Every
later number (corpus score, bootstrap, per-article, per-bucket, per-sentence) is computed from
these arrays by the metric's own code. The statistics are counts, so their sums are exact."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric, Score

BLOCK = 2000  # lines matched at a time: their reference n-grams are all that is held in memory


@dataclass
class MetricSpec:
    key: str  # column name in the report
    metric: Metric
    significance: bool  # bootstrapped against the baseline (the headline metrics)
    higher_is_better: bool = True


def build_metrics(tgt_lang: str) -> list[MetricSpec]:
    """BLEU, chrF++ and TER with sacrebleu's defaults; Korean targets: BLEU on ko-mecab morphemes
    as the headline (13a splits only on spaces and punctuation, undercounting Korean matches),
    BLEU on characters beside it (score only: another bootstrap would double the run time).
    The references are not cached in the metrics (`sentence_stats` hands them over a block at a
    time)."""
    specs = [
        MetricSpec("BLEU", BLEU(tokenize="ko-mecab" if tgt_lang == "ko" else None), True),
        MetricSpec("chrF++", CHRF(word_order=2), True),
        MetricSpec("TER", TER(), True, higher_is_better=False),
    ]
    if tgt_lang == "ko":
        specs.insert(1, MetricSpec("BLEU (char)", BLEU(tokenize="char"), False))
    for s in specs:
        s.metric.num_refs = 1  # what caching one reference stream would record (the signature's nrefs:1)
        # sacrebleu's own "tokenized period" warning would come once per block of lines: the
        # report counts those lines itself (tokenized_periods) and warns once
        s.metric._force = True
    return specs


def tokenized_periods(hyps: list[str]) -> int:
    """Lines ending in ' .' (sacrebleu warns from 100 on: the output was not detokenized)."""
    return sum(1 for h in hyps if h.endswith(" ."))


def sentence_stats(metric: Metric, hyps: list[str], refs: list[str], block: int = BLOCK) -> np.ndarray:
    """sacrebleu's per-sentence sufficient statistics of `hyps` against `refs` (lines x columns)."""
    if len(hyps) != len(refs):
        raise ValueError(f"{len(hyps)} hypotheses for {len(refs)} references")
    parts = []
    for a in range(0, len(hyps), block):
        rows = metric._extract_corpus_statistics(hyps[a : a + block], [refs[a : a + block]])
        parts.append(np.asarray(rows, dtype=np.float64))
    metric.num_refs = 1
    if not parts:
        return np.zeros((0, 0))
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def totals(stats: np.ndarray) -> list[int | float]:
    """Column sums as sacrebleu's `sum_of_lists` gives them (integer counts stay integers)."""
    return [int(v) if float(v).is_integer() else float(v) for v in stats.sum(0).tolist()]


def aggregate(metric: Metric, stats: np.ndarray) -> Score:
    """The corpus score object exactly as `metric.corpus_score` computes it."""
    return metric._compute_score_from_stats(totals(stats))


def corpus_score(metric: Metric, stats: np.ndarray) -> float:
    return float(aggregate(metric, stats).score)


def subset_score(metric: Metric, stats: np.ndarray, idx: np.ndarray) -> float:
    """Corpus score of the sentences `idx` (an article, a length bucket)."""
    return float(metric._compute_score_from_stats(totals(stats[idx])).score)


def sentence_scores(metric: Metric, stats: np.ndarray) -> np.ndarray:
    """Score of every sentence on its own (chrF++ is the sentence-level metric we rank by)."""
    compute = metric._compute_score_from_stats
    return np.array([compute(row).score for row in stats.tolist()], dtype=np.float64)


def sentence_bleu_metric() -> BLEU:
    """BLEU as sentence_score computes it (effective order); only its arithmetic is used here, on
    statistics already extracted with the report's tokenizer, so its own tokenizer does not matter."""
    return BLEU(effective_order=True, tokenize="none")

"""Where the scores come from: per article, per source-length bucket, and the sentences a
system loses most on against the baseline. All from the statistics scoring.py extracted."""

from __future__ import annotations

from typing import Any

import numpy as np

from .scoring import MetricSpec, sentence_bleu_metric, sentence_scores, subset_score

# Bucket upper bounds in whitespace tokens of the source sentence. A Korean eojeol carries
# about 1.5-2 English words, so Korean sources get narrower buckets.
LENGTH_EDGES = {"ko": [5, 10, 15, 20, 30], "en": [10, 20, 30, 40, 60]}


def _groups(keys: list[str]) -> dict[str, np.ndarray]:
    """key -> row indices, keys in order of first appearance."""
    out: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        out.setdefault(k, []).append(i)
    return {k: np.array(v, dtype=np.int64) for k, v in out.items()}


def _scores_of(
    idx: np.ndarray, specs: list[MetricSpec], names: list[str], stats: dict[str, list[np.ndarray]]
) -> dict[str, dict[str, float]]:
    return {
        name: {s.key: round(subset_score(s.metric, stats[s.key][j], idx), 4) for s in specs}
        for j, name in enumerate(names)
    }


def per_article(
    doc_ids: list[str], docs: dict[str, dict[str, str]], specs: list[MetricSpec], names: list[str],
    stats: dict[str, list[np.ndarray]],
) -> list[dict[str, Any]]:
    return [
        {"id": doc, "sentences": int(len(idx)), **docs.get(doc, {}), "scores": _scores_of(idx, specs, names, stats)}
        for doc, idx in _groups(doc_ids).items()
    ]


def length_buckets(
    lengths: list[int], edges: list[int], specs: list[MetricSpec], names: list[str],
    stats: dict[str, list[np.ndarray]],
) -> list[dict[str, Any]]:
    lens = np.asarray(lengths)
    bounds = [0, *edges]
    out = []
    for b, lo in enumerate(bounds):
        hi = edges[b] if b < len(edges) else None
        mask = (lens > lo) if hi is None else ((lens > lo) & (lens <= hi))
        if b == 0:
            mask |= lens == 0  # empty sources count with the shortest
        idx = np.flatnonzero(mask)
        if len(idx) == 0:
            continue
        label = f"{lo + 1}-{hi}" if hi is not None else f"{lo + 1}+"
        out.append({"label": label, "min": lo + 1, "max": hi, "sentences": int(len(idx)),
                    "scores": _scores_of(idx, specs, names, stats)})
    return out


def largest_losses(
    chrf: MetricSpec, bleu: MetricSpec, names: list[str], stats: dict[str, list[np.ndarray]],
    hyps: list[list[str]], refs: list[str], source: list[str] | None, top: int,
) -> list[dict[str, Any]]:
    """Per system after the baseline: the `top` sentences with the largest sentence-chrF++ drop
    (chrF++ rather than sentence BLEU, which is mostly zeros and smoothing on single sentences)."""
    if top <= 0 or len(names) < 2:
        return []
    chrf_by_sys = [sentence_scores(chrf.metric, s) for s in stats[chrf.key]]
    sbleu = sentence_bleu_metric()
    base_bleu = stats[bleu.key][0]
    out = []
    for j in range(1, len(names)):
        delta = chrf_by_sys[j] - chrf_by_sys[0]
        order = np.argsort(delta, kind="stable")[:top]
        items = []
        for i in order.tolist():
            if delta[i] >= 0:
                break
            items.append({
                "line": i + 1,
                "source": source[i] if source is not None else None,
                "reference": refs[i],
                "baseline": hyps[0][i],
                "hypothesis": hyps[j][i],
                "chrf_baseline": round(float(chrf_by_sys[0][i]), 2),
                "chrf_system": round(float(chrf_by_sys[j][i]), 2),
                "chrf_delta": round(float(delta[i]), 2),
                "bleu_baseline": round(float(sbleu._compute_score_from_stats(base_bleu[i].tolist()).score), 2),
                "bleu_system": round(float(sbleu._compute_score_from_stats(stats[bleu.key][j][i].tolist()).score), 2),
            })
        out.append({"system": names[j], "baseline": names[0], "items": items})
    return out

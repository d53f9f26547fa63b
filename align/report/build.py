"""One report as a plain dict (what `--json` writes; Markdown and HTML render it)."""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np
import sacrebleu

from .. import __version__
from .breakdown import LENGTH_EDGES, largest_losses, length_buckets, per_article
from .parallel import fork_map
from .sanity import sanity_checks
from .scoring import MetricSpec, aggregate, build_metrics, sentence_stats, tokenized_periods
from .significance import paired_bootstrap
from .systems import System, copied_lines, copy_warning
from .testset import TestSet
from .textfile import MAX_LINE_CHARS, describe_cut, describe_empty

SIGNIFICANT = 0.05  # p below this: the difference to the baseline is reported as significant
LANG_UNITS = {"ko": "eojeol (space-separated words) of the Korean source",
              "en": "space-separated words of the English source"}


def extract_all_stats(specs: list[MetricSpec], hyps: list[list[str]], refs: list[str], jobs: int,
                      progress: bool) -> dict[str, list[np.ndarray]]:
    """metric key -> per system sentence statistics (lines x columns). Each (system, metric) is
    tokenised and matched once; TER (pure Python, shift search) is by far the slowest, so its
    tasks are handed out first."""
    tasks = [(j, spec) for spec in sorted(specs, key=lambda sp: sp.key != "TER") for j in range(len(hyps))]
    done = fork_map(lambda t: sentence_stats(tasks[t][1].metric, hyps[tasks[t][0]], refs), list(range(len(tasks))),
                    jobs, desc="scoring" if progress else None)
    raw: dict[str, list[np.ndarray]] = {spec.key: [None] * len(hyps) for spec in specs}  # type: ignore[list-item]
    for t, (j, spec) in enumerate(tasks):
        raw[spec.key][j] = done[t]
    return raw


def score_entry(spec: MetricSpec, stats: np.ndarray, sig: dict[str, float | None] | None,
                baseline: dict[str, Any] | None) -> dict[str, Any]:
    """One system's numbers for one metric: score, bootstrap mean ± CI, p-value, delta to the baseline."""
    score = aggregate(spec.metric, stats)
    entry: dict[str, Any] = {"score": round(float(score.score), 4)}
    if getattr(score, "_verbose", ""):  # BLEU: n-gram precisions, brevity penalty, lengths
        entry["detail"] = score._verbose
    if sig is not None:
        entry.update(mean=sig["mean"], ci=sig["ci"], p_value=sig["p_value"])
        if sig["mean"] is not None and sig["ci"] is not None:
            entry.update(ci_low=sig["mean"] - sig["ci"], ci_high=sig["mean"] + sig["ci"])
    if baseline is not None:
        entry["delta"] = round(entry["score"] - baseline["score"], 4)
        if entry.get("p_value") is not None and entry["p_value"] < SIGNIFICANT:
            entry["significant"] = "better" if (entry["delta"] > 0) == spec.higher_is_better else "worse"
    return entry


def breakdowns_of(testset: TestSet, specs: list[MetricSpec], names: list[str], hyps: list[list[str]],
                  stats: dict[str, list[np.ndarray]], top: int) -> dict[str, Any]:
    by_key = {s.key: s for s in specs}
    out: dict[str, Any] = {"articles": []}
    if testset.doc_ids is not None:
        out["articles"] = per_article(testset.doc_ids, testset.docs, specs, names, stats)
    if testset.source is not None:
        side, lang, out["length_unit"] = testset.source, testset.src_lang, LANG_UNITS[testset.src_lang]
    else:
        side, lang = testset.refs, testset.tgt_lang
        out["length_unit"] = "space-separated words of the reference (no source given)"
    out["length_buckets"] = length_buckets([len(x.split()) for x in side], LENGTH_EDGES[lang], specs, names, stats)
    out["top_losses"] = largest_losses(by_key["chrF++"], by_key["BLEU"], names, stats, hyps, testset.refs,
                                       testset.source, top)
    out["top_losses_metric"] = "sentence chrF++ (system minus baseline)"
    return out


def build_report(
    testset: TestSet,
    systems: list[System],
    resamples: int = 1000,
    seed: int = 12345,
    top: int = 10,
    progress: bool = True,
    jobs: int = 1,
    max_line_chars: int | None = None,
) -> dict[str, Any]:
    """Score `systems` (the first is the baseline) on `testset`; every number and signature."""
    t0 = time.perf_counter()
    specs = build_metrics(testset.tgt_lang)
    names = [s.name for s in systems]
    hyps = [s.lines for s in systems]
    if progress:
        print(f"scoring {len(systems)} systems x {len(specs)} metrics on {len(testset)} sentences "
              f"({jobs} process{'es' if jobs > 1 else ''})", file=sys.stderr)
    raw = extract_all_stats(specs, hyps, testset.refs, jobs, progress)

    sig_results: dict[str, list[dict]] = {}
    signatures = {s.key: (s.metric.get_signature().format(), s.metric.get_signature().format(short=True)) for s in specs}
    if resamples > 0:
        if progress:
            print(f"paired bootstrap: {resamples} resamples, baseline {names[0]}", file=sys.stderr)
        sig = paired_bootstrap(specs, names, raw, n_samples=resamples, seed=seed, progress=progress)
        sig_results, signatures = sig.results, {**signatures, **sig.signatures}

    metrics = [
        {
            "key": s.key,
            "name": aggregate(s.metric, raw[s.key][0]).name,  # sacrebleu's: chrF2++
            "higher_is_better": s.higher_is_better,
            "significance": s.key in sig_results,
            "signature": signatures[s.key][0],
            "signature_short": signatures[s.key][1],
        }
        for s in specs
    ]

    n = len(testset)
    system_rows: list[dict[str, Any]] = []
    warnings: list[str] = []
    if testset.empty_refs:
        warnings.append(f"references ({testset.origin}): {describe_empty(testset.empty_refs, n)}")
    for j, sys_ in enumerate(systems):
        if testset.source is not None:
            sys_.copied = copied_lines(sys_.lines, testset.source)
        scores = {
            s.key: score_entry(s, raw[s.key][j], sig_results[s.key][j] if s.key in sig_results else None,
                               system_rows[0]["scores"][s.key] if j > 0 else None)
            for s in specs
        }
        system_rows.append({
            "name": sys_.name, "path": sys_.path, "baseline": j == 0, "lines": len(sys_.lines),
            "empty_lines": len(sys_.empty), "empty_line_numbers": sys_.empty[:100],
            "copied_lines": len(sys_.copied), "copied_line_numbers": sys_.copied[:100],
            "scores": scores,
        })
        if sys_.empty:
            warnings.append(f"{sys_.name} ({sys_.path}): {describe_empty(sys_.empty, n)}; they score as empty translations")
        if (periods := tokenized_periods(sys_.lines)) >= 100:
            warnings.append(f"{sys_.name} ({sys_.path}): {periods} lines end in a tokenized period (' .'): "
                            "detokenize the output, or its BLEU suffers")
        if sys_.cut:
            warnings.append(f"{sys_.name}: {describe_cut(sys_.path, sys_.cut, max_line_chars or MAX_LINE_CHARS)}")
        if w := copy_warning(sys_, n):
            warnings.append(w)

    breakdowns = breakdowns_of(testset, specs, names, hyps, raw, top)
    sanity = sanity_checks(testset.tgt_lang, testset.refs)
    if not sanity["ok"]:
        warnings.extend(f"sanity check failed: {p}" for p in sanity["problems"])

    return {
        "tool": {"name": "align bleu", "version": __version__, "sacrebleu": sacrebleu.__version__},
        "testset": {
            "origin": testset.origin, "direction": testset.direction, "src_lang": testset.src_lang,
            "tgt_lang": testset.tgt_lang, "sentences": n,
            "articles": len(breakdowns["articles"]) or None,
            "empty_references": len(testset.empty_refs),
            "has_source": testset.source is not None,
        },
        "settings": {"resamples": resamples, "seed": seed, "top": top, "baseline": names[0],
                     "max_line_chars": max_line_chars,
                     "test": "paired bootstrap resampling (sacrebleu.significance, 95% CI = mean ± ci)"},
        "metrics": metrics,
        "systems": system_rows,
        "sanity": sanity,
        "warnings": warnings,
        "breakdowns": breakdowns,
        "seconds": round(time.perf_counter() - t0, 2),
    }

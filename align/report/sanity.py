"""The report checks its own scorer: the references scored as a hypothesis must give the best
score (100, TER 0) and an all-empty hypothesis the worst (0, TER 100). A failure means the
tokenizer or the references are broken, and the report says so instead of printing numbers."""

from __future__ import annotations

from typing import Any

from .scoring import build_metrics, corpus_score, sentence_stats

SAMPLE = 1000  # lines: enough to exercise tokenizer and references, cheap beside the real scoring

BEST = {True: 100.0, False: 0.0}  # higher_is_better -> score of a perfect hypothesis
WORST = {True: 0.0, False: 100.0}


def sanity_checks(tgt_lang: str, refs: list[str], sample: int = SAMPLE) -> dict[str, Any]:
    """Score the references (an evenly spread sample of them) against themselves, and empty lines."""
    step = max(1, len(refs) // sample)
    refs = refs[::step][:sample]
    specs = build_metrics(tgt_lang)
    identity, empty, problems = {}, {}, []
    blank = [""] * len(refs)
    for s in specs:
        identity[s.key] = round(corpus_score(s.metric, sentence_stats(s.metric, refs, refs)), 4)
        empty[s.key] = round(corpus_score(s.metric, sentence_stats(s.metric, blank, refs)), 4)
        if abs(identity[s.key] - BEST[s.higher_is_better]) > 1e-6:
            problems.append(f"{s.key} of the references against themselves is {identity[s.key]}, not {BEST[s.higher_is_better]:g}")
        if abs(empty[s.key] - WORST[s.higher_is_better]) > 1e-6:
            problems.append(f"{s.key} of an empty hypothesis is {empty[s.key]}, not {WORST[s.higher_is_better]:g}")
    return {"identity": identity, "empty": empty, "ok": not problems, "problems": problems, "lines": len(refs)}


def sanity_line(sanity: dict[str, Any]) -> str:
    ident = ", ".join(f"{k} {v:g}" for k, v in sanity["identity"].items())
    empty = ", ".join(f"{k} {v:g}" for k, v in sanity["empty"].items())
    verdict = "ok" if sanity["ok"] else "FAILED: " + "; ".join(sanity["problems"])
    return f"Sanity ({verdict}, {sanity['lines']} lines): references as hypothesis → {ident}; empty hypothesis → {empty}"

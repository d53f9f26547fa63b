"""Row filter: decide for each aligned row whether it is a usable translation, and if not, why.

Every row comes out again with `kept` and `reason` set; a dropped row is never lost (the
unfiltered dataset config keeps it with its verdict). Rules run in a fixed order and the first
that fires gives the reason, so each dropped row is counted once:

    unaligned       a 1-0 or 0-1 bead: a sentence with no counterpart is not a translation row
    empty           a side is empty or whitespace only
    copied          the English side equals, or nearly equals, the Korean side (untranslated)
    wrong-language  too little Hangul on the Korean side, or Hangul on the English side
    length-ratio    English/Korean character ratio far outside what translations show
    low-score       aligner score below the threshold

Thresholds were measured on the 781 aligned beads of the Korean-English news benchmark
(../shared/bench/align/ko-en-park-dev, gold beads): English/Korean non-space character ratio
median 2.16, 0.5th percentile 0.76, 99.5th 6.0; Hangul share of letters on the Korean side
never below 0.15 (0.5th percentile 0.28: news Korean quotes many Latin names); no Hangul on
the English side. The defaults sit outside those ranges so that real translations pass.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from difflib import SequenceMatcher
from typing import Any

from .lang import hangul_ratio as hangul_share  # share of letters that are Hangul
from .model import Row


@dataclass(frozen=True)
class FilterConfig:
    min_ko_hangul: float = 0.10  # share of letters that are Hangul on the Korean side
    max_en_hangul: float = 0.10  # share of letters that are Hangul on the English side
    min_len_ratio: float = 0.4  # English / Korean non-space characters
    max_len_ratio: float = 9.0
    ratio_min_chars: int = 15  # the length-ratio rule only judges rows whose longer side has this many
    copy_similarity: float = 0.8  # difflib ratio of the normalised sides at or above which a row is a copy
    min_score: float | None = 0.0  # None turns the score rule off

    def to_json(self) -> dict:
        return asdict(self)


def _squash(text: str) -> str:
    """Comparison form for the copy rule: NFKC, casefolded, letters and digits only."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def _nonspace_len(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def verdict(row: Row, config: FilterConfig = FilterConfig()) -> str:
    """The reason the row must be dropped, or "" when it is kept."""
    if not row.ko_idx or not row.en_idx:
        return "unaligned"
    if not row.ko.strip() or not row.en.strip():
        return "empty"
    ko_sq, en_sq = _squash(row.ko), _squash(row.en)
    ko_h, en_h = hangul_share(row.ko), hangul_share(row.en)
    if ko_sq == en_sq:
        return "copied"
    # Two sides can only be near copies when they are written in the same script; skip the
    # (slow) similarity otherwise.
    same_script = (ko_h < 0.5) == (en_h < 0.5)
    if same_script and ko_sq and en_sq:
        m = SequenceMatcher(None, ko_sq, en_sq, autojunk=False)
        if m.real_quick_ratio() >= config.copy_similarity and m.ratio() >= config.copy_similarity:
            return "copied"
    if ko_h < config.min_ko_hangul or en_h > config.max_en_hangul:
        return "wrong-language"
    n_ko, n_en = _nonspace_len(row.ko), _nonspace_len(row.en)
    if max(n_ko, n_en) >= config.ratio_min_chars:
        ratio = n_en / max(n_ko, 1)
        if ratio < config.min_len_ratio or ratio > config.max_len_ratio:
            return "length-ratio"
    if config.min_score is not None and row.score is not None and row.score < config.min_score:
        return "low-score"
    return ""


def filter_rows(
    rows: Iterable[Row], config: FilterConfig | None = None, counts: Counter | None = None, **overrides: Any
) -> Iterator[Row]:
    """Yield every row with `kept` / `reason` set.

    `overrides` are FilterConfig fields (`min_score=0.3`), as the pipeline's settings pass them;
    `counts` (if given) tallies the reasons, "kept" for kept rows.
    """
    unknown = set(overrides) - set(FilterConfig.__dataclass_fields__)
    if unknown:
        raise ValueError(f"unknown filter setting(s) {sorted(unknown)}; known: {sorted(FilterConfig.__dataclass_fields__)}")
    config = replace(config or FilterConfig(), **overrides)
    for row in rows:
        reason = verdict(row, config)
        row.kept = not reason
        row.reason = reason
        if counts is not None:
            counts[reason or "kept"] += 1
        yield row

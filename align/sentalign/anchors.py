"""Cheap anchors that cross languages: numbers, and Latin-script names and acronyms.

A Korean or Chinese sentence that mentions "IBM", "G20" or "1992" is very likely aligned with
the English sentence that mentions them too. Only tokens found on *both* sides of the document
are kept (an English name written in Hangul on the Korean side can never match, so it must not
count against a bead), and tokens that occur in many sentences (a recurring name, the year of
the story) are dropped because they no longer say where a sentence belongs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..numbers import number_tokens
from ..regex_cache import compiled

_LATIN_WORD = compiled(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_NON_LATIN_LETTER = compiled(
    r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]"
)


def is_latin_side(sentences: Sequence[str]) -> bool:
    """True when the text is mostly written in the Latin alphabet."""
    text = "".join(sentences[:200])
    latin = sum(1 for ch in text if ("a" <= ch <= "z") or ("A" <= ch <= "Z"))
    other = len(_NON_LATIN_LETTER.findall(text))
    return latin >= other


def sentence_tokens(sentence: str, latin_side: bool) -> set[str]:
    """Candidate anchors of one sentence (lower-cased)."""
    toks = number_tokens(sentence)
    for k, m in enumerate(_LATIN_WORD.finditer(sentence)):
        w = m.group()
        if not latin_side:
            toks.add(w.lower())
        elif (w.isupper() and len(w) >= 2) or (w[0].isupper() and k > 0 and len(w) >= 3):
            # in Latin text only names and acronyms (not sentence-initial capitals)
            toks.add(w.lower())
    return toks


def anchor_sets(src: Sequence[str], tgt: Sequence[str]) -> tuple[list[set[str]], list[set[str]]]:
    """Per-sentence anchors, restricted to tokens both sides share and that are not everywhere."""
    ls, lt = is_latin_side(src), is_latin_side(tgt)
    s = [sentence_tokens(x, ls) for x in src]
    t = [sentence_tokens(x, lt) for x in tgt]
    cs = Counter(tok for toks in s for tok in toks)
    ct = Counter(tok for toks in t for tok in toks)
    cap_s = max(3, len(src) // 20)
    cap_t = max(3, len(tgt) // 20)
    keep = {tok for tok in cs.keys() & ct.keys() if cs[tok] <= cap_s and ct[tok] <= cap_t}
    return [x & keep for x in s], [x & keep for x in t]


def anchor_band(
    src_sets: list[set[str]], tgt_sets: list[set[str]], qlo: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shared-anchor counts in the similarity band, and prefix sums of anchor counts per side."""
    n = len(src_sets)
    am = np.zeros((n, width), dtype=np.float32)
    ids: dict[str, int] = {}
    tq = [(ids.setdefault(tok, len(ids)), q) for q, toks in enumerate(tgt_sets) for tok in toks]
    sp = [(ids[tok], p) for p, toks in enumerate(src_sets) for tok in toks if tok in ids]
    if tq and sp:
        # every target occurrence as a key (token, sentence), sorted; for each source occurrence
        # the keys of its token inside its row of the band lie in one run of that order
        stride = len(tgt_sets) + width + 1
        tk = np.array(tq, dtype=np.int64)
        keys = np.sort(tk[:, 0] * stride + tk[:, 1])
        sk = np.array(sp, dtype=np.int64)
        start = qlo[sk[:, 1]].astype(np.int64)
        first = np.searchsorted(keys, sk[:, 0] * stride + start)
        last = np.searchsorted(keys, sk[:, 0] * stride + start + width)
        count = last - first
        if count.sum():
            # one entry per (source occurrence, target occurrence in band)
            rows = np.repeat(np.arange(len(sk)), count)
            at = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count) + np.repeat(first, count)
            q = keys[at] % stride
            np.add.at(am, (sk[rows, 1], q - start[rows]), 1.0)
    qs = np.concatenate([[0.0], np.cumsum([len(x) for x in src_sets])]).astype(np.float64)
    qt = np.concatenate([[0.0], np.cumsum([len(x) for x in tgt_sets])]).astype(np.float64)
    return am, qs, qt

"""Anchors: tokens a translation keeps as they are (numbers, Latin-script names and acronyms).

A Korean article about the IMF or about 34 to 13 has "IMF", "34" and "13" in its English
version too. Anchors count only when the collection has them on both sides (a word that never
appears in a Korean text, like "the", is no evidence), and are weighted by inverse document
frequency, so "2" counts little and "Favre" much.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from ..numbers import number_tokens
from ..regex_cache import compiled

_LATIN = compiled(r"[A-Za-z][A-Za-z0-9&'\-]*[A-Za-z0-9]|[A-Z]")


def anchors_of(text: str) -> set[str]:
    """Numbers (by value, `align.numbers`: "1억1천만" is "110 million"), dates and Latin-script
    words (lowercased) of a text. Single letters and two-letter lowercase words ("of", "to") are
    left out."""
    out = number_tokens(text)
    for w in _LATIN.findall(text):
        if len(w) < 2 or (len(w) == 2 and not w.isupper()):
            continue
        out.add(w.lower())
    out.discard("")
    # interned: an archive's documents share most anchors, and 100k sets of fresh strings add up
    return {sys.intern(t) for t in out}


class AnchorIndex:
    """IDF weights of the anchors shared by both sides of a collection."""

    def __init__(self, ko_anchors: Sequence[set[str]], en_anchors: Sequence[set[str]]) -> None:
        df_ko = Counter(t for s in ko_anchors for t in s)
        df_en = Counter(t for s in en_anchors for t in s)
        n = len(ko_anchors) + len(en_anchors)
        self.weight: dict[str, float] = {
            t: math.log((n + 1) / (df_ko[t] + df_en[t])) for t in df_ko.keys() & df_en.keys()
        }

    def keep(self, anchors: Iterable[str]) -> dict[str, float]:
        """The shared anchors of one document, with their squared weights."""
        w = self.weight
        return {t: w[t] * w[t] for t in anchors if t in w}

    def similarity(self, a: dict[str, float], b: dict[str, float]) -> float:
        """IDF-weighted cosine of two anchor sets (0 when either has none)."""
        if not a or not b:
            return 0.0
        if len(a) > len(b):
            a, b = b, a
        inter = sum(v for t, v in a.items() if t in b)
        return inter / math.sqrt(sum(a.values()) * sum(b.values())) if inter else 0.0

    def hashed(self, docs: Sequence[dict[str, float]], dim: int = 256) -> np.ndarray:
        """Signed feature-hashing of each document's weighted anchors into `dim` dims,
        L2-normalised: its dot products approximate `similarity` for candidate search."""
        out = np.zeros((len(docs), dim), np.float32)
        for i, d in enumerate(docs):
            for t, v in d.items():
                h = _stable_hash(t)
                out[i, h % dim] += math.sqrt(v) * (1.0 if (h >> 31) & 1 else -1.0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def _stable_hash(token: str) -> int:
    # Python's hash() of a str changes between processes; results must not.
    import zlib

    return zlib.crc32(token.encode("utf-8"))

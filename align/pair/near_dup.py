"""Near-duplicate articles collapsed before pairing: the same article under two URLs, or an
updated version of it, would otherwise compete for one translation.

MinHash signatures of word 5-gram shingles of the body, banded LSH to find candidates in
linear time, and the signature agreement (an estimate of the shingles' Jaccard similarity) to
confirm them. Only articles of one language are compared. In each group of near-duplicates the
newest is kept (then the longest, then the smallest id: deterministic), the others are Skipped
with reason "near-duplicate", naming the one kept.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ..model import Article, Skipped
from ..regex_cache import compiled
from .content import day_number

SHINGLE = 5  # words per shingle
NUM_PERM = 128
BANDS = 32  # 32 bands of 4 rows: pairs with Jaccard >= ~0.42 become candidates with p > 0.9
JACCARD = 0.5  # estimated Jaccard at which two bodies are the same article
MAX_BUCKET_PAIRWISE = 64
SIGNATURE_BLOCK = 4096  # shingles hashed at once: 4 MB of table

_PRIME = np.uint64(4294967291)  # largest prime below 2**32
_WORD = compiled(r"\w+", re.UNICODE)


def _shingle_hashes(text: str) -> np.ndarray:
    """Distinct 32-bit hashes of the word 5-grams of a text (a polynomial over word hashes,
    computed with numpy: no string per shingle)."""
    words = _WORD.findall(text.lower())
    if not words:
        return np.zeros(0, np.uint64)
    w = np.fromiter((zlib.crc32(x.encode()) for x in words), dtype=np.uint64, count=len(words))
    if len(w) < SHINGLE:
        return np.unique(w[:1] ^ np.uint64(len(w)))
    n = len(w) - SHINGLE + 1
    h = np.zeros(n, np.uint64)
    for j in range(SHINGLE):  # uint64 arithmetic wraps: that is the hash's modulus
        h = h * np.uint64(1_000_003) + w[j : j + n]
    return np.unique(h & np.uint64(0xFFFFFFFF))


class MinHasher:
    def __init__(self, num_perm: int = NUM_PERM, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        # a < 2**31 and x < 2**32 keep a*x + b below 2**64 (no uint64 overflow)
        self.a = rng.integers(1, 2**31, size=num_perm, dtype=np.uint64)
        self.b = rng.integers(0, 2**31, size=num_perm, dtype=np.uint64)

    def signature(self, text: str) -> np.ndarray | None:
        h = _shingle_hashes(text)
        if len(h) == 0:
            return None
        # a block of shingles at a time: one (shingles x permutations) table of a long page
        # would take 1 KB a shingle (a 20 MB text: 3M shingles, 3 GB, and copies of it)
        sig = np.full(len(self.a), np.iinfo(np.uint64).max, np.uint64)
        for s in range(0, len(h), SIGNATURE_BLOCK):
            block = h[s : s + SIGNATURE_BLOCK, None]
            np.minimum(sig, ((block * self.a[None, :] + self.b[None, :]) % _PRIME).min(axis=0), out=sig)
        return sig.astype(np.uint32)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _pick_kept(articles: Sequence[Article], members: list[int]) -> int:
    """The newest, then the longest, then the smallest id (two stable sorts)."""
    by_id = sorted(members, key=lambda m: articles[m].id)
    return sorted(
        by_id,
        key=lambda m: (day_number(articles[m].date), articles[m].date or "", sum(map(len, articles[m].paragraphs))),
        reverse=True,
    )[0]


def find_near_duplicates(articles: Sequence[Article]) -> dict[int, tuple[int, float]]:
    """{index of a dropped article: (index of the article kept in its place, estimated Jaccard)}."""
    hasher = MinHasher()
    rows = NUM_PERM // BANDS
    sigs: dict[int, np.ndarray] = {}
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, a in enumerate(articles):
        sig = hasher.signature("\n".join(a.paragraphs))
        if sig is None:
            continue
        sigs[i] = sig
        for band in range(BANDS):
            key = (a.lang, band, sig[band * rows : (band + 1) * rows].tobytes())
            buckets[key].append(i)

    parent = list(range(len(articles)))
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        # a crowded bucket (many copies of one page) is checked against its first member only
        pairs = (
            ((members[x], members[y]) for x in range(len(members)) for y in range(x + 1, len(members)))
            if len(members) <= MAX_BUCKET_PAIRWISE
            else ((members[0], m) for m in members[1:])
        )
        for i, j in pairs:
            if (i, j) in seen:
                continue
            seen.add((i, j))
            if float(np.mean(sigs[i] == sigs[j])) >= JACCARD:
                ri, rj = _find(parent, i), _find(parent, j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in sigs:
        groups[_find(parent, i)].append(i)
    dropped: dict[int, tuple[int, float]] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        keep = _pick_kept(articles, members)
        for m in members:
            if m != keep:
                est = float(np.mean(sigs[m] == sigs[keep]))
                dropped[m] = (keep, est)
    return dropped


def collapse_near_duplicates(articles: Sequence[Article]) -> tuple[list[Article], list[Skipped]]:
    """(articles kept, in input order; a Skipped for each near-duplicate dropped)."""
    dropped = find_near_duplicates(articles)
    kept = [a for i, a in enumerate(articles) if i not in dropped]
    skipped = []
    for i in sorted(dropped):
        k, est = dropped[i]
        a, keep = articles[i], articles[k]
        skipped.append(Skipped(
            stage="pair",
            source=a.source_path or a.url or a.id,
            reason="near-duplicate",
            detail=f"{a.id} ({a.url}) is the same article as {keep.id} ({keep.url}), kept as newer or "
                   f"longer; estimated shingle overlap {est:.2f}",
        ))
    return kept, skipped

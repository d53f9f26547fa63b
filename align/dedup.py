"""De-duplication before the split: exact and near duplicate pairs, and recurring boilerplate.

Works on columns, not row objects, so a million rows fit in a few hundred MB: `DedupIndex.add`
takes a batch of texts and keeps only 64-bit keys and a small MinHash signature per row;
`DedupIndex.decide` then marks, among the rows still kept, those to drop and why:

    boilerplate     a side that recurs (digits folded) in `boilerplate_min_pairs` or more article
                    pairs, or that looks like a byline or a contact line (an e-mail address)
    duplicate       the same (Korean, English) pair after normalisation as an earlier row
    near-duplicate  Jaccard similarity of the pair's word sets >= `near_threshold` with
                    an earlier row (MinHash + LSH banding for candidates, then checked exactly)

The first occurrence of a duplicate is kept; "earlier" is input order, so the result does not
depend on how the batches were cut.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from .regex_cache import compiled

_NOT_WORD = compiled(r"[^\w\s]|_")
_DIGITS = compiled(r"\d+")
_EMAIL = compiled(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# whole-side bylines: "By Kim Ji-hoon, staff reporter", "홍길동 기자", "Reported by ... correspondent"
_BYLINE_EN = compiled(
    r"^\W*(?:(?:reported|written|posted)\s+)?by\s+[^.!?]{2,60}?,?\s*"
    r"(?:senior\s+|staff\s+|foreign\s+|chief\s+)*(?:writer|reporter|correspondent|editor|columnist)s?\W*$",
    re.IGNORECASE,
)
_BYLINE_KO = compiled(r"^\W*(?:[가-힣]{2,4}\s*)+(?:선임|수석|특파원|논설위원|편집위원)?\s*기자\W*$")


def normalize(text: str) -> str:
    """Comparison form: NFKC (NFC plus full/half width), casefolded, punctuation and symbols
    removed, whitespace collapsed. Used for keys only; the published text is not changed."""
    t = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", t).split())


def text_key(norm: str) -> int:
    """A stable 64-bit key of a normalised text (0 is reserved for empty text)."""
    if not norm:
        return 0
    return xxhash.xxh3_64_intdigest(norm.encode()) or 1


def looks_like_byline(text: str) -> bool:
    t = text.strip()
    if len(t) > 200:
        return False
    # cheap gate first: most rows have none of the markers the patterns need
    if "@" not in t and "기자" not in t and "by " not in t[:40].lower():
        return False
    return bool(_BYLINE_EN.match(t) or _BYLINE_KO.match(t) or (_EMAIL.search(t) and len(t.split()) <= 12))


@dataclass(frozen=True)
class DedupConfig:
    boilerplate_min_pairs: int = 5
    near_threshold: float = 0.8
    num_perm: int = 32
    bands: int = 8  # num_perm / bands hashes a band; 8 x 4 finds pairs at Jaccard 0.8 with p ~ 0.985

    def to_json(self) -> dict:
        return asdict(self)


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads structured ids over all 64 bits (uint64 arithmetic wraps)."""
    x = x.astype(np.uint64, copy=True)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def shingles(norm_ko: str, norm_en: str, vocab: dict[str, int]) -> list[int]:
    """The words of both sides as integers (ids from `vocab`, grown as needed; the side is in
    the low bit). Words, not n-grams: on 10-30 word rows one changed word already costs word
    bigrams a quarter of their Jaccard similarity."""
    sd = vocab.setdefault
    n = len(vocab) + 1
    out = []
    for w in norm_ko.split():
        i = sd(w, n)
        n += i == n  # a new word took id n
        out.append(i * 2)
    for w in norm_en.split():
        i = sd(w, n)
        n += i == n
        out.append(i * 2 + 1)
    return out


class DedupIndex:
    """Keys and MinHash signatures of every row, added in batches, decided at the end."""

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        if self.config.num_perm % self.config.bands:
            raise ValueError(f"num_perm ({self.config.num_perm}) must be a multiple of bands ({self.config.bands})")
        rng = np.random.default_rng(20240501)
        self._a = rng.integers(1, 2**63, size=self.config.num_perm, dtype=np.uint64) | np.uint64(1)
        self._b = rng.integers(0, 2**63, size=self.config.num_perm, dtype=np.uint64)
        self._vocab: dict[str, int] = {}
        self._parts: dict[str, list[np.ndarray]] = {k: [] for k in ("ko", "en", "pair", "ko_bp", "en_bp", "byline", "sig")}

    def __len__(self) -> int:
        return sum(len(a) for a in self._parts["ko"])

    def add(self, ko: Sequence[str], en: Sequence[str]) -> None:
        """Add a batch of rows (texts as published)."""
        n = len(ko)
        nk = [normalize(t) for t in ko]
        ne = [normalize(t) for t in en]
        self._parts["ko"].append(np.fromiter((text_key(t) for t in nk), np.uint64, n))
        self._parts["en"].append(np.fromiter((text_key(t) for t in ne), np.uint64, n))
        self._parts["pair"].append(np.fromiter((text_key(f"{a}\t{b}") if a or b else 0 for a, b in zip(nk, ne)), np.uint64, n))
        self._parts["ko_bp"].append(np.fromiter((text_key(_DIGITS.sub("0", t)) for t in nk), np.uint64, n))
        self._parts["en_bp"].append(np.fromiter((text_key(_DIGITS.sub("0", t)) for t in ne), np.uint64, n))
        self._parts["byline"].append(np.fromiter((looks_like_byline(a) or looks_like_byline(b) for a, b in zip(ko, en)), bool, n))
        self._parts["sig"].append(self._signatures(nk, ne))

    def _word_ids(self, norms: list[str], side: int) -> tuple[np.ndarray, np.ndarray]:
        """Shingle values (word id * 2 + side; 0 for the empty word of an empty text) of all
        rows flattened, and each row's start. Arrow splits and de-duplicates the words of the
        batch; only its distinct words go through the Python vocabulary."""
        lists = pc.split_pattern(pa.array(norms, pa.string()), " ")  # "" gives [""]: no row is empty
        enc = pc.dictionary_encode(lists.flatten())
        words = enc.dictionary.to_pylist()
        vocab = self._vocab
        gid = np.fromiter((vocab.setdefault(w, len(vocab) + 1) if w else 0 for w in words), np.uint64, len(words))
        ids = gid[enc.indices.to_numpy(zero_copy_only=False)]
        values = np.where(ids == 0, np.uint64(0), ids * np.uint64(2) + np.uint64(side))
        return values, lists.offsets.to_numpy()[:-1]

    def _signatures(self, nk: list[str], ne: list[str]) -> np.ndarray:
        """MinHash signatures (rows x num_perm, uint32) over both sides' words; a row without
        words keeps the all-ones signature that `_near_duplicates` skips."""
        top = np.uint32(np.iinfo(np.uint32).max)
        sig = np.full((len(nk), self.config.num_perm), top, dtype=np.uint32)
        if not nk:
            return sig
        for norms, side in ((nk, 0), (ne, 1)):
            values, starts = self._word_ids(norms, side)
            empty = values == 0
            mixed = _mix64(values)
            for k in range(self.config.num_perm):
                h = ((mixed * self._a[k] + self._b[k]) >> np.uint64(32)).astype(np.uint32)
                h[empty] = top
                np.minimum(sig[:, k], np.minimum.reduceat(h, starts), out=sig[:, k])
        return sig

    def column(self, name: str) -> np.ndarray:
        parts = self._parts[name]
        if not parts:
            if name == "sig":
                return np.zeros((0, self.config.num_perm), np.uint32)
            return np.zeros(0, bool if name == "byline" else np.uint64)
        return np.concatenate(parts)

    def decide(
        self, active: np.ndarray, pair_codes: np.ndarray, texts: Callable[[int], tuple[str, str]]
    ) -> tuple[np.ndarray, dict[str, int]]:
        """Reason per row ("" = keep) for the rows marked `active` (those the filter kept).

        `pair_codes` gives each row's article pair as an integer; boilerplate is counted over
        all rows, active or not. `texts(i)` returns row i's (ko, en) for the exact check of
        near-duplicate candidates.
        """
        n = len(active)
        reasons = np.full(n, "", dtype=object)
        alive = active.copy()

        # boilerplate: a side (digits folded) seen in many distinct article pairs
        bp = self.column("byline") & alive
        for name in ("ko_bp", "en_bp"):
            keys = self.column(name)
            nonempty = keys != 0
            kp = np.unique(np.stack([keys[nonempty], pair_codes[nonempty].astype(np.uint64)], axis=1), axis=0)
            uk, counts = np.unique(kp[:, 0], return_counts=True)
            common = uk[counts >= self.config.boilerplate_min_pairs]
            bp |= alive & nonempty & np.isin(keys, common)
        reasons[bp] = "boilerplate"
        alive &= ~bp

        # exact duplicates of the normalised pair: keep the first occurrence
        pair_keys = self.column("pair")
        idx = np.flatnonzero(alive)
        _, first = np.unique(pair_keys[idx], return_index=True)
        dup = np.ones(len(idx), bool)
        dup[first] = False
        reasons[idx[dup]] = "duplicate"
        alive[idx[dup]] = False

        # near duplicates: LSH bands propose candidates, exact Jaccard decides
        near = self._near_duplicates(alive, texts)
        reasons[near] = "near-duplicate"
        dropped = {r: int((reasons == r).sum()) for r in ("boilerplate", "duplicate", "near-duplicate")}
        return reasons, dropped

    def _near_duplicates(self, alive: np.ndarray, texts: Callable[[int], tuple[str, str]]) -> np.ndarray:
        sig = self.column("sig")
        idx = np.flatnonzero(alive & (sig[:, 0] != np.iinfo(np.uint32).max))
        r = self.config.num_perm // self.config.bands
        cand: set[tuple[int, int]] = set()
        for b in range(self.config.bands):
            block = sig[idx, b * r : (b + 1) * r].astype(np.uint64)
            key = np.zeros(len(idx), np.uint64)
            for j in range(r):
                key = _mix64(key ^ block[:, j])
            order = np.argsort(key, kind="stable")  # stable: equal keys stay in row order
            ks = key[order]
            same = np.flatnonzero(ks[1:] == ks[:-1]) + 1
            if len(same) == 0:
                continue
            # the first row of each run of equal keys is the one the others are compared to
            run_start = np.maximum.accumulate(np.where(np.r_[True, ks[1:] != ks[:-1]], np.arange(len(ks)), 0))
            for pos in same:
                cand.add((int(idx[order[run_start[pos]]]), int(idx[order[pos]])))
        drop = np.zeros(len(alive), bool)
        vocab: dict[str, int] = {}
        cache: dict[int, set[int]] = {}

        def shingle_set(i: int) -> set[int]:
            if i not in cache:
                ko, en = texts(i)
                cache[i] = set(shingles(normalize(ko), normalize(en), vocab))
            return cache[i]

        for first, other in sorted(cand):
            if drop[other]:
                continue
            s1, s2 = shingle_set(first), shingle_set(other)
            if len(s1 & s2) >= self.config.near_threshold * len(s1 | s2):
                drop[max(first, other)] = True
        return drop

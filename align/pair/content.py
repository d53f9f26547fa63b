"""Pairing by content: for articles no link pairs, find each one's translation, if it has one.

1. Document vectors from sentence embeddings (`docvec`: a mean for search, an order-aware
   TK-PERT-like vector for scoring) and anchors shared by both sides (`anchors`: numbers and
   Latin-script names, IDF-weighted).
2. Candidates: top-k neighbours in both directions, found in chunks within the date window
   (`knn`), never a full n x m matrix.
3. Score each candidate: (1 - ANCHOR_WEIGHT) * order-aware cosine + ANCHOR_WEIGHT * anchor
   cosine; then a ratio margin (Artetxe & Schwenk 2019): the score over the mean score of both
   documents' nearest candidates. A translation stands out from its neighbours; a document
   without one does not, however similar its topic.
4. One-to-one assignment, greedy by margin, above a threshold fitted from the collection: a
   split-half null (`_split_half_null`) gives every document's best margin among wrong pairs,
   and the threshold sits at the top of that distribution (never below 1: a pair must beat its
   neighbourhood). A pair must also stand out for both documents in absolute terms: the
   z-score of its similarity against a random sample of the other side must beat what the best
   of n unrelated documents in its date window reaches by chance only 1% of the time
   (`z_needed`, for Gaussian scores), the pair itself left out of the sample. This keeps a
   collection with no translations in it from being paired, where margins alone cannot tell.
   Documents without a counterpart stay unpaired.

A collection with fewer than SMALL_CORPUS documents on a side (one article a side, a handful)
has too few unrelated documents to learn what chance gives, and its margins are computed
against a neighbourhood of one or two. There each candidate pair (both sides' documents within
the date window) is judged on its own sentences instead (`sentence_evidence`): how many
sentences of the shorter document are matched by a sentence of the other, against a null rate
measured once on unrelated pairs, so the test does not depend on the collection's size. A pair
must pass it at the same 1% a document, divided among the documents it is compared with (at
SUPPORTED_LEVEL when the collection-relative test above, run on what sample there is, also
picks it: then it need only not contradict that test), the shorter document must be at least
MIN_LENGTH_RATIO of the longer in sentences, and the two must be each other's best passing
candidate.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import NormalDist

import numpy as np

from ..model import Article, ArticlePair
from .anchors import AnchorIndex, anchors_of
from .docvec import embed_documents, split_sentences
from .knn import NO_DAY, chunked_neighbours
from .sentence_evidence import Evidence, evidence

ANCHOR_WEIGHT = 0.3  # share of the score from shared anchors (the rest: the embeddings)
NEIGHBOURS = 8  # candidates kept per document and direction
MARGIN_K = 4  # neighbours that make a document's background score
HASH_DIM = 256  # anchor dims in the search vectors
Z_SAMPLE = 256  # unrelated documents sampled to learn each document's chance similarity
Z_FALSE_ALARM = 0.01  # chance that a document without a translation passes the z test
SMALL_CORPUS = 32  # fewer documents than this on a side: pairs are judged on their own sentences
MIN_LENGTH_RATIO = 0.25  # small collections: the shorter document's share of the longer's sentences
ALL_PAIRS = 4096  # small collections of at most this many pairs compare every pair
# sentence evidence asked of a pair the collection-relative test (at 1%) also picks: it need
# only not contradict it (100 draws each of 5x5, 10x10 and 20x20 collections from the pairing
# and alignment sets, 5,400 true pairs: 0.01 missed 3% of the alignment set's, 0.2 missed 2
# with one false pair, 1.0, the relative test alone, made 12 false pairs)
SUPPORTED_LEVEL = 0.2


@dataclass(frozen=True)
class Match:
    ko: int  # index into the Korean documents
    en: int  # index into the English documents
    score: float  # margin score (> 1: stands out from both documents' neighbours)
    similarity: float  # the blended similarity before the margin
    z: float  # the lower of the two documents' z-scores of this pair (see `_Population`)


@dataclass
class MatchReport:
    matches: list[Match]
    threshold: float  # margin threshold used
    candidates: int  # candidate pairs scored
    z_threshold: float = float("-inf")  # the lowest z-score a pair had to beat


def day_number(value: str | None) -> int:
    """Days since year 1 of an ISO date or datetime string; NO_DAY when missing or unparsable."""
    if not value or len(value) < 10:
        return NO_DAY
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return NO_DAY


def _background(nodes: np.ndarray, scores: np.ndarray, n: int, k: int, pad: np.ndarray) -> np.ndarray:
    """Mean of each node's top-k candidate scores; a node with fewer than k candidates (a small
    date window) is padded with its `pad`: what an unrelated document scores with it."""
    order = np.lexsort((-scores, nodes))
    nodes_s, scores_s = nodes[order], scores[order]
    first = np.searchsorted(nodes_s, nodes_s, side="left")
    rank = np.arange(len(nodes_s)) - first
    top = rank < k
    sums = np.bincount(nodes_s[top], weights=scores_s[top], minlength=n)
    counts = np.bincount(nodes_s[top], minlength=n)
    return (sums + (k - counts) * pad) / k


def _split_half_null(nodes: np.ndarray, others: np.ndarray, margins: np.ndarray, n_nodes: int,
                     n_others: int) -> np.ndarray:
    """Margins of wrong pairs, drawn the way a document without a counterpart draws its best:
    the other side is cut in two fixed random halves; a document's counterpart (if any) is in
    one half, so the lower of its best margins in the two halves is the best of wrong pairs.
    A node with no candidate in one half (a small date window) tells nothing and is left out."""
    half = np.random.default_rng(0).integers(0, 2, n_others)[others]
    best = np.full((n_nodes, 2), -np.inf)
    np.maximum.at(best, (nodes, half), margins)
    both = np.isfinite(best).all(axis=1)
    return best[both].min(axis=1)


def _top_of_null(null: np.ndarray, floor: float) -> float:
    """About the largest of the null's n draws: its (1 - 1/n) quantile, at least `floor`."""
    if len(null) == 0:
        return floor
    return max(floor, float(np.quantile(null, 1.0 - 1.0 / len(null))))


def fit_threshold(ko_nodes: np.ndarray, en_nodes: np.ndarray, margins: np.ndarray, nk: int, ne: int) -> float:
    """Where wrong pairs' best margins end (split-half null, both sides), at least 1."""
    null = np.concatenate([_split_half_null(ko_nodes, en_nodes, margins, nk, ne),
                           _split_half_null(en_nodes, ko_nodes, margins, ne, nk)])
    return _top_of_null(null, 1.0)


@dataclass
class _Population:
    """Each row's similarity to a fixed random sample of the other side: what an unrelated
    document scores with it. Sums are kept so a candidate inside the sample can be left out
    (a translation must not count as chance, or a small collection could never pass)."""

    in_sample: np.ndarray  # (n_other,) bool
    m: int
    s1: np.ndarray  # sum of similarities, per row
    s2: np.ndarray  # sum of squares, per row

    @classmethod
    def of(cls, P: np.ndarray, H: np.ndarray, other_P: np.ndarray, other_H: np.ndarray,
           sample: int = Z_SAMPLE) -> _Population:
        """Similarities are the blended ones: (1 - w) * P.P' + w * H.H' (order-aware vectors P,
        hashed anchors H), computed block by block, never as one wide matrix."""
        idx = np.sort(np.random.default_rng(0).choice(len(other_P), size=min(sample, len(other_P)), replace=False))
        ref_p, ref_h = other_P[idx].astype(np.float32), other_H[idx]
        s1 = np.empty(len(P), np.float64)
        s2 = np.empty(len(P), np.float64)
        step = 8192
        for s in range(0, len(P), step):
            block = ((1.0 - ANCHOR_WEIGHT) * (P[s : s + step].astype(np.float32) @ ref_p.T)
                     + ANCHOR_WEIGHT * (H[s : s + step] @ ref_h.T)).astype(np.float64)
            s1[s : s + step] = block.sum(axis=1)
            s2[s : s + step] = (block * block).sum(axis=1)
        in_sample = np.zeros(len(other_P), bool)
        in_sample[idx] = True
        return cls(in_sample, len(idx), s1, s2)

    def mean(self) -> np.ndarray:
        """Each row's mean similarity to the sample."""
        return self.s1 / max(self.m, 1)

    def z(self, rows: np.ndarray, cols: np.ndarray, x: np.ndarray) -> np.ndarray:
        """z-score of similarity x of (row, col) against the row's sample, col left out."""
        out = self.in_sample[cols]
        m = self.m - out
        s1 = self.s1[rows] - np.where(out, x, 0.0)
        s2 = self.s2[rows] - np.where(out, x * x, 0.0)
        mu = s1 / np.maximum(m, 1)
        var = np.maximum(s2 / np.maximum(m, 1) - mu * mu, 1e-12)
        return np.where(m >= 2, (x - mu) / np.sqrt(var), -np.inf)


def _window_counts(days: np.ndarray, other_days: np.ndarray, window: int) -> np.ndarray:
    """How many documents of the other side each document is compared with (date window)."""
    n_other = len(other_days)
    dated_other = np.sort(other_days[other_days != NO_DAY])
    undated = n_other - len(dated_other)
    lo = np.searchsorted(dated_other, days - window, side="left")
    hi = np.searchsorted(dated_other, days + window, side="right")
    return np.where(days == NO_DAY, n_other, hi - lo + undated)


def z_needed(n: np.ndarray, false_alarm: float = Z_FALSE_ALARM) -> np.ndarray:
    """The z-score that the best of n unrelated documents exceeds with probability
    `false_alarm`, for standard normal scores: P(max <= t) = Phi(t)^n = 1 - p, so
    t = Phi^-1((1 - p)^(1/n))."""
    n = np.maximum(np.asarray(n, np.int64), 1)
    inv = NormalDist().inv_cdf
    table = {int(k): inv((1.0 - false_alarm) ** (1.0 / int(k))) for k in np.unique(n)}
    return np.array([table[int(k)] for k in n.reshape(-1)], np.float64).reshape(n.shape)


def _assign(ko_nodes, en_nodes, margins, sims, z, z_min: np.ndarray, threshold: float) -> list[Match]:
    """Greedy one-to-one by margin (ties broken by index, so results are deterministic);
    a pair needs a margin above `threshold` and a z-score above its `z_min`."""
    order = np.lexsort((en_nodes, ko_nodes, -margins))
    used_ko: set[int] = set()
    used_en: set[int] = set()
    out = []
    for i in order:
        if margins[i] <= threshold:
            break
        if z[i] <= z_min[i]:
            continue
        k, e = int(ko_nodes[i]), int(en_nodes[i])
        if k in used_ko or e in used_en:
            continue
        used_ko.add(k)
        used_en.add(e)
        out.append(Match(k, e, float(margins[i]), float(sims[i]), float(z[i])))
    return out


def match_documents(
    ko_docs: Sequence[Sequence[str]],
    en_docs: Sequence[Sequence[str]],
    *,
    ko_days: Sequence[int] | None = None,
    en_days: Sequence[int] | None = None,
    encoder=None,
    date_window_days: int = 3,
    threshold: float | None = None,
    chunk: int | None = None,
    show_progress: bool = False,
) -> MatchReport:
    """One-to-one matches between Korean and English documents given as lists of sentences."""
    nk, ne = len(ko_docs), len(en_docs)
    if nk == 0 or ne == 0:
        return MatchReport([], threshold if threshold is not None else 1.0, 0)
    if encoder is None:
        from ..embed import get_encoder

        encoder = get_encoder()
    from tqdm import tqdm

    with tqdm(total=nk + ne, desc="embedding documents", unit="doc", disable=not show_progress) as bar:
        ko_mean, ko_pert = embed_documents(ko_docs, encoder.encode, progress=bar)
        en_mean, en_pert = embed_documents(en_docs, encoder.encode, progress=bar)
    if min(nk, ne) < SMALL_CORPUS:
        return match_small(ko_docs, en_docs, ko_mean, en_mean, ko_pert, en_pert, encoder.encode,
                           ko_days=ko_days, en_days=en_days, date_window_days=date_window_days,
                           threshold=threshold)
    return match_vectors(
        ko_mean, ko_pert, [anchors_of("\n".join(d)) for d in ko_docs],
        en_mean, en_pert, [anchors_of("\n".join(d)) for d in en_docs],
        ko_days=ko_days, en_days=en_days, date_window_days=date_window_days,
        threshold=threshold, chunk=chunk, show_progress=show_progress,
    )


def match_vectors(
    ko_mean: np.ndarray,
    ko_pert: np.ndarray,
    ko_anchors: Sequence[set[str]],
    en_mean: np.ndarray,
    en_pert: np.ndarray,
    en_anchors: Sequence[set[str]],
    *,
    ko_days: Sequence[int] | None = None,
    en_days: Sequence[int] | None = None,
    date_window_days: int = 3,
    threshold: float | None = None,
    chunk: int | None = None,
    show_progress: bool = False,
) -> MatchReport:
    """The matching proper, on precomputed document vectors and anchor sets."""
    from tqdm import tqdm

    nk, ne = len(ko_mean), len(en_mean)
    if nk == 0 or ne == 0:
        return MatchReport([], threshold if threshold is not None else 1.0, 0)
    index = AnchorIndex(ko_anchors, en_anchors)
    ko_w = [index.keep(a) for a in ko_anchors]
    en_w = [index.keep(a) for a in en_anchors]
    a, b = math.sqrt(1.0 - ANCHOR_WEIGHT), math.sqrt(ANCHOR_WEIGHT)
    ko_hash = index.hashed(ko_w, HASH_DIM)
    en_hash = index.hashed(en_w, HASH_DIM)
    ko_search = np.hstack([a * ko_mean, b * ko_hash])
    en_search = np.hstack([a * en_mean, b * en_hash])

    k = min(NEIGHBOURS, max(nk, ne))
    with tqdm(total=nk, desc="searching candidates", unit="doc", disable=not show_progress) as bar:
        nb = chunked_neighbours(
            ko_search, en_search, k,
            None if ko_days is None else np.asarray(ko_days, np.int64),
            None if en_days is None else np.asarray(en_days, np.int64),
            window=date_window_days, chunk=chunk, progress=bar,
        )
    del ko_search, en_search

    # candidate edges: each document's neighbours, both directions, once each
    kk = np.repeat(np.arange(nk), k)
    ke = nb.q_idx.reshape(-1)
    ek = nb.d_idx.reshape(-1)
    ee = np.repeat(np.arange(ne), k)
    keys = np.concatenate([kk[ke >= 0] * ne + ke[ke >= 0], ek[ek >= 0] * ne + ee[ek >= 0]])
    keys = np.unique(keys)
    ko_nodes, en_nodes = keys // ne, keys % ne

    pert = np.empty(len(keys), np.float32)
    step = 16384
    for s in range(0, len(keys), step):
        kn, en = ko_nodes[s : s + step], en_nodes[s : s + step]
        pert[s : s + step] = np.einsum("ij,ij->i", ko_pert[kn].astype(np.float32), en_pert[en].astype(np.float32))
    anchor = np.fromiter(
        (index.similarity(ko_w[i], en_w[j]) for i, j in zip(ko_nodes.tolist(), en_nodes.tolist())),
        dtype=np.float32, count=len(keys),
    )
    sims = (1.0 - ANCHOR_WEIGHT) * pert + ANCHOR_WEIGHT * anchor

    # significance: how far the pair's similarity is above what chance gives each document
    # (order-aware vectors and hashed anchors, so the sample's scores are the pair's kind)
    hashed = np.empty(len(keys), np.float32)
    for s in range(0, len(keys), step):
        kn, en = ko_nodes[s : s + step], en_nodes[s : s + step]
        hashed[s : s + step] = np.einsum("ij,ij->i", ko_hash[kn], en_hash[en])
    pop_k = _Population.of(ko_pert, ko_hash, en_pert, en_hash)
    pop_e = _Population.of(en_pert, en_hash, ko_pert, ko_hash)
    x = (1.0 - ANCHOR_WEIGHT) * pert.astype(np.float64) + ANCHOR_WEIGHT * hashed.astype(np.float64)
    z = np.minimum(pop_k.z(ko_nodes, en_nodes, x), pop_e.z(en_nodes, ko_nodes, x))
    kd = np.full(nk, NO_DAY, np.int64) if ko_days is None else np.asarray(ko_days, np.int64)
    ed = np.full(ne, NO_DAY, np.int64) if en_days is None else np.asarray(en_days, np.int64)
    z_min = np.maximum(z_needed(_window_counts(kd, ed, date_window_days))[ko_nodes],
                       z_needed(_window_counts(ed, kd, date_window_days))[en_nodes])

    bg_ko = _background(ko_nodes, sims, nk, MARGIN_K, pop_k.mean())
    bg_en = _background(en_nodes, sims, ne, MARGIN_K, pop_e.mean())
    margins = sims / np.maximum((bg_ko[ko_nodes] + bg_en[en_nodes]) / 2.0, 1e-6)

    tau = fit_threshold(ko_nodes, en_nodes, margins, nk, ne) if threshold is None else float(threshold)
    matches = _assign(ko_nodes, en_nodes, margins, sims, z, z_min, tau)
    return MatchReport(matches, tau, len(keys), float(z_min.min()) if len(z_min) else float("-inf"))


def _small_candidates(ko_mean: np.ndarray, en_mean: np.ndarray, kd: np.ndarray, ed: np.ndarray,
                      window: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs of a small collection: every pair within the date window, or, when one
    side is large, each document of the small side's nearest NEIGHBOURS (mean vectors)."""
    nk, ne = len(ko_mean), len(en_mean)
    if nk * ne <= ALL_PAIRS:
        kk, ee = (g.reshape(-1) for g in np.meshgrid(np.arange(nk), np.arange(ne), indexing="ij"))
        near = (kd[kk] == NO_DAY) | (ed[ee] == NO_DAY) | (np.abs(kd[kk] - ed[ee]) <= window)
        return kk[near], ee[near]
    k = min(NEIGHBOURS, max(nk, ne))
    nb = chunked_neighbours(ko_mean, en_mean, k, kd, ed, window=window)
    if nk <= ne:
        kk, ee = np.repeat(np.arange(nk), k), nb.q_idx.reshape(-1)
    else:
        kk, ee = nb.d_idx.reshape(-1), np.repeat(np.arange(ne), k)
    ok = (kk >= 0) & (ee >= 0)
    return kk[ok], ee[ok]


def _sentence_vectors(docs: Sequence[Sequence[str]], which: np.ndarray, encode) -> dict[int, np.ndarray]:
    """Sentence embeddings of the documents `which`, in one call to the encoder."""
    which = np.unique(which)
    emb = encode([s for i in which for s in docs[i]])
    out, at = {}, 0
    for i in which.tolist():
        out[i] = emb[at : at + len(docs[i])]
        at += len(docs[i])
    return out


def _z_of(p: float) -> float:
    """The standard normal quantile with tail p: a p-value on the z-score's scale."""
    if p <= 0.0:
        return float("inf")
    if p >= 1.0:
        return float("-inf")
    return -NormalDist().inv_cdf(p)


def match_small(
    ko_docs: Sequence[Sequence[str]],
    en_docs: Sequence[Sequence[str]],
    ko_mean: np.ndarray,
    en_mean: np.ndarray,
    ko_pert: np.ndarray,
    en_pert: np.ndarray,
    encode,
    *,
    ko_days: Sequence[int] | None = None,
    en_days: Sequence[int] | None = None,
    date_window_days: int = 3,
    threshold: float | None = None,
) -> MatchReport:
    """Matching for a collection too small to learn chance from (see the module's note): each
    candidate pair is judged on its own sentences. Match.score is the sentence margin (the
    matched sentence pairs' mean cosine over the pair's other sentence pairs'), Match.z the
    evidence's p-value on the z scale; a given `threshold` applies to the score."""
    nk, ne = len(ko_docs), len(en_docs)
    kd = np.full(nk, NO_DAY, np.int64) if ko_days is None else np.asarray(ko_days, np.int64)
    ed = np.full(ne, NO_DAY, np.int64) if en_days is None else np.asarray(en_days, np.int64)
    kk, ee = _small_candidates(ko_mean, en_mean, kd, ed, date_window_days)
    floor = 1.0 if threshold is None else float(threshold)
    if len(kk) == 0:
        return MatchReport([], floor, 0)
    # what the collection-relative test finds where it can (a few unrelated documents on each
    # side): such a pair needs the sentence evidence at 1%, not at 1% shared among candidates
    relative = match_vectors(
        ko_mean, ko_pert, [anchors_of("\n".join(d)) for d in ko_docs],
        en_mean, en_pert, [anchors_of("\n".join(d)) for d in en_docs],
        ko_days=ko_days, en_days=en_days, date_window_days=date_window_days,
    ).matches
    supported = {(m.ko, m.en) for m in relative}
    known = set(zip(kk.tolist(), ee.tolist()))
    extra = sorted(supported - known)
    kk = np.concatenate([kk, np.array([k for k, _ in extra], np.int64)])
    ee = np.concatenate([ee, np.array([e for _, e in extra], np.int64)])
    ko_sent = _sentence_vectors(ko_docs, kk, encode)
    en_sent = _sentence_vectors(en_docs, ee, encode)
    # a document compared with n others must pass at 1/n of the 1% (Bonferroni)
    n_tests = np.maximum(_window_counts(kd, ed, date_window_days)[kk], _window_counts(ed, kd, date_window_days)[ee])
    passing: list[tuple[tuple[float, float, float], int, int, Evidence]] = []
    for k, e, n in zip(kk.tolist(), ee.tolist(), n_tests.tolist()):
        ev = evidence(ko_sent[k], en_sent[e])
        level = SUPPORTED_LEVEL if (k, e) in supported else Z_FALSE_ALARM / max(n, 1)
        if ev.p_value <= level and ev.length_ratio >= MIN_LENGTH_RATIO and ev.margin > floor:
            passing.append(((ev.p_value, -ev.matched / max(ev.n_short, 1), -ev.margin), k, e, ev))
    # each must be the other's best passing candidate (ties broken by index: deterministic)
    best_ko: dict[int, tuple] = {}
    best_en: dict[int, tuple] = {}
    for key, k, e, _ev in passing:
        if k not in best_ko or (key, e) < best_ko[k]:
            best_ko[k] = (key, e)
        if e not in best_en or (key, k) < best_en[e]:
            best_en[e] = (key, k)
    matches = [
        Match(k, e, ev.margin, float(ko_pert[k].astype(np.float32) @ en_pert[e].astype(np.float32)), _z_of(ev.p_value))
        for key, k, e, ev in sorted(passing, key=lambda t: (t[0], t[1], t[2]))
        if best_ko[k][1] == e and best_en[e][1] == k
    ]
    return MatchReport(matches, floor, len(kk), _z_of(Z_FALSE_ALARM / max(int(n_tests.max()), 1)))


def article_sentences(article: Article) -> list[str]:
    """The title (translated too, so evidence) and the body's sentences."""
    head = [article.title] if article.title else []
    return head + [s for p in article.paragraphs for s in split_sentences(p)]


def content_pair_id(ko: Article, en: Article) -> str:
    return hashlib.sha1(f"{ko.id}\t{en.id}".encode()).hexdigest()[:16]


def pair_by_content(
    ko: list[Article],
    en: list[Article],
    *,
    encoder=None,
    date_window_days: int = 3,
    threshold: float | None = None,
    show_progress: bool | None = None,
) -> list[ArticlePair]:
    """Pairs of Korean and English articles found by content (method "content", score = margin;
    in a collection under SMALL_CORPUS a side, the sentence margin of `match_small`).
    Articles are compared within `date_window_days` when both dates are known, with all
    otherwise; articles without a convincing counterpart stay unpaired. Progress bars show
    when asked, or (None) for collections of more than 1,000 articles."""
    report = match_documents(
        [article_sentences(a) for a in ko],
        [article_sentences(a) for a in en],
        ko_days=[day_number(a.date) for a in ko],
        en_days=[day_number(a.date) for a in en],
        encoder=encoder,
        date_window_days=date_window_days,
        threshold=threshold,
        show_progress=len(ko) + len(en) > 1000 if show_progress is None else show_progress,
    )
    return [
        ArticlePair(pair_id=content_pair_id(ko[m.ko], en[m.en]), ko=ko[m.ko], en=en[m.en],
                    method="content", score=round(m.score, 4))
        for m in report.matches
    ]

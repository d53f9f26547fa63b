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
4. One-to-one assignment, greedy by margin, above a threshold fitted from the collection: the
   margins of every document's second-best candidate are margins of wrong pairs, so the
   threshold sits at their upper tail (never below 1: a pair must beat its neighbourhood).
   Documents without a counterpart stay unpaired.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..model import Article, ArticlePair
from .anchors import AnchorIndex, anchors_of
from .docvec import embed_documents, split_sentences
from .knn import NO_DAY, chunked_neighbours

ANCHOR_WEIGHT = 0.3  # share of the score from shared anchors (the rest: the embeddings)
NEIGHBOURS = 8  # candidates kept per document and direction
MARGIN_K = 4  # neighbours that make a document's background score
NULL_QUANTILE = 0.99  # threshold: this quantile of wrong-pair (second-best) margins
HASH_DIM = 256  # anchor dims in the search vectors


@dataclass(frozen=True)
class Match:
    ko: int  # index into the Korean documents
    en: int  # index into the English documents
    score: float  # margin score (> 1: stands out from both documents' neighbours)
    similarity: float  # the blended similarity before the margin


@dataclass
class MatchReport:
    matches: list[Match]
    threshold: float
    candidates: int  # candidate pairs scored


def day_number(value: str | None) -> int:
    """Days since year 1 of an ISO date or datetime string; NO_DAY when missing or unparsable."""
    if not value or len(value) < 10:
        return NO_DAY
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return NO_DAY


def _background(nodes: np.ndarray, scores: np.ndarray, n: int, k: int, pad: float) -> np.ndarray:
    """Mean of each node's top-k candidate scores; nodes with fewer than k candidates are padded
    with `pad` (the collection's median candidate score), so a lone candidate is no margin."""
    order = np.lexsort((-scores, nodes))
    nodes_s, scores_s = nodes[order], scores[order]
    first = np.searchsorted(nodes_s, nodes_s, side="left")
    rank = np.arange(len(nodes_s)) - first
    top = rank < k
    sums = np.bincount(nodes_s[top], weights=scores_s[top], minlength=n)
    counts = np.bincount(nodes_s[top], minlength=n)
    return (sums + (k - counts) * pad) / k


def _second_best(nodes: np.ndarray, margins: np.ndarray) -> np.ndarray:
    """Each node's second-highest margin (nodes with at least two candidates)."""
    order = np.lexsort((-margins, nodes))
    nodes_s, m_s = nodes[order], margins[order]
    first = np.searchsorted(nodes_s, nodes_s, side="left")
    rank = np.arange(len(nodes_s)) - first
    return m_s[rank == 1]


def fit_threshold(ko_nodes: np.ndarray, en_nodes: np.ndarray, margins: np.ndarray) -> float:
    """The NULL_QUANTILE of wrong-pair margins (each document's second-best), at least 1."""
    null = np.concatenate([_second_best(ko_nodes, margins), _second_best(en_nodes, margins)])
    if len(null) == 0:
        return 1.0
    return max(1.0, float(np.quantile(null, NULL_QUANTILE)))


def _assign(ko_nodes, en_nodes, margins, sims, threshold) -> list[Match]:
    """Greedy one-to-one by margin (ties broken by index, so results are deterministic)."""
    order = np.lexsort((en_nodes, ko_nodes, -margins))
    used_ko: set[int] = set()
    used_en: set[int] = set()
    out = []
    for i in order:
        if margins[i] <= threshold:
            break
        k, e = int(ko_nodes[i]), int(en_nodes[i])
        if k in used_ko or e in used_en:
            continue
        used_ko.add(k)
        used_en.add(e)
        out.append(Match(k, e, float(margins[i]), float(sims[i])))
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
    ko_search = np.hstack([a * ko_mean, b * index.hashed(ko_w, HASH_DIM)])
    en_search = np.hstack([a * en_mean, b * index.hashed(en_w, HASH_DIM)])

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

    sims = np.empty(len(keys), np.float32)
    step = 16384
    for s in range(0, len(keys), step):
        kn, en = ko_nodes[s : s + step], en_nodes[s : s + step]
        sims[s : s + step] = np.einsum("ij,ij->i", ko_pert[kn], en_pert[en])
    anchor = np.fromiter(
        (index.similarity(ko_w[i], en_w[j]) for i, j in zip(ko_nodes.tolist(), en_nodes.tolist())),
        dtype=np.float32, count=len(keys),
    )
    sims = (1.0 - ANCHOR_WEIGHT) * sims + ANCHOR_WEIGHT * anchor

    pad = float(np.median(sims))
    bg_ko = _background(ko_nodes, sims, nk, MARGIN_K, pad)
    bg_en = _background(en_nodes, sims, ne, MARGIN_K, pad)
    margins = sims / np.maximum((bg_ko[ko_nodes] + bg_en[en_nodes]) / 2.0, 1e-6)

    tau = fit_threshold(ko_nodes, en_nodes, margins) if threshold is None else float(threshold)
    return MatchReport(_assign(ko_nodes, en_nodes, margins, sims, tau), tau, len(keys))


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
) -> list[ArticlePair]:
    """Pairs of Korean and English articles found by content (method "content", score = margin).
    Articles are compared within `date_window_days` when both dates are known, with all
    otherwise; articles without a convincing counterpart stay unpaired."""
    report = match_documents(
        [article_sentences(a) for a in ko],
        [article_sentences(a) for a in en],
        ko_days=[day_number(a.date) for a in ko],
        en_days=[day_number(a.date) for a in en],
        encoder=encoder,
        date_window_days=date_window_days,
        threshold=threshold,
        show_progress=len(ko) + len(en) > 1000,
    )
    return [
        ArticlePair(pair_id=content_pair_id(ko[m.ko], en[m.en]), ko=ko[m.ko], en=en[m.en],
                    method="content", score=round(m.score, 4))
        for m in report.matches
    ]

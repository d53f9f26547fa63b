"""Alignment quality: strict and lax precision / recall / F1 with the semantics of vecalign's
`score.py` (itself after Langlais et al. / the ARCADE measures).

- Precision is over the *test* beads, null beads included: a test bead is a strict hit when the
  very same bead is in the gold, a lax hit when some source sentence of it is aligned in the gold
  to some target sentence of it. A null test bead is therefore only ever a strict hit (or a miss).
- Recall is over the *gold* beads with both sides non-empty, matched the same way against the
  test beads with both sides non-empty (null beads count in precision only).
- Beads are de-duplicated per document and `[]:[]` is ignored; counts are summed over all
  documents before dividing (a micro average); 0/0 gives 0.
"""

from __future__ import annotations

import itertools
import os
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .model import Bead, parse_bead

Pair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Counts:
    """Hits and misses of one side (precision or recall), strict and lax."""

    strict_hit: int = 0
    strict_miss: int = 0
    lax_hit: int = 0
    lax_miss: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.strict_hit + other.strict_hit,
            self.strict_miss + other.strict_miss,
            self.lax_hit + other.lax_hit,
            self.lax_miss + other.lax_miss,
        )


@dataclass(frozen=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    documents: int = 0
    test_beads: int = 0
    gold_beads: int = 0

    def to_json(self) -> dict[str, float | int]:
        return asdict(self)


def _as_pairs(beads: Iterable[Bead | Pair]) -> list[Pair]:
    out = []
    for b in beads:
        src, tgt = (b.src, b.tgt) if isinstance(b, Bead) else b
        out.append((tuple(src), tuple(tgt)))
    return out


def _match(reference: list[Pair], candidates: list[Pair]) -> Counts:
    """Score each distinct candidate bead against the reference beads (strict, then lax)."""
    ref = {p for p in reference if p[0] or p[1]}
    cand = {p for p in candidates if p[0] or p[1]}
    linked: dict[int, set[int]] = defaultdict(set)  # reference: src id -> tgt ids it is aligned to
    for src, tgt in ref:
        for s in src:
            linked[s].update(tgt)
    sh = sm = lh = lm = 0
    for src, tgt in cand:
        if (src, tgt) in ref:
            sh += 1
            lh += 1
            continue
        sm += 1
        reachable: set[int] = set()
        for s in src:
            reachable |= linked.get(s, set())
        if reachable.intersection(tgt):
            lh += 1
        else:
            lm += 1
    return Counts(sh, sm, lh, lm)


def document_counts(gold: Iterable[Bead | Pair], test: Iterable[Bead | Pair]) -> tuple[Counts, Counts]:
    """(precision counts, recall counts) of one document."""
    gold_p, test_p = _as_pairs(gold), _as_pairs(test)
    precision = _match(gold_p, test_p)
    # recall: the gold beads scored against the test beads, both without null beads
    recall = _match([p for p in test_p if p[0] and p[1]], [p for p in gold_p if p[0] and p[1]])
    return precision, recall


def _ratio(hit: int, miss: int) -> float:
    return hit / (hit + miss) if hit + miss else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_documents(
    gold_docs: Sequence[Iterable[Bead | Pair]], test_docs: Sequence[Iterable[Bead | Pair]]
) -> Scores:
    """Scores over several documents (counts summed, then divided), as vecalign's score_multiple."""
    if len(gold_docs) != len(test_docs):
        raise ValueError(f"{len(gold_docs)} gold documents but {len(test_docs)} test documents")
    pc, rc = Counts(), Counts()
    n_test = n_gold = 0
    for gold, test in zip(gold_docs, test_docs):
        gold, test = _as_pairs(gold), _as_pairs(test)
        n_gold += len(gold)
        n_test += len(test)
        p, r = document_counts(gold, test)
        pc, rc = pc + p, rc + r
    ps, pl = _ratio(pc.strict_hit, pc.strict_miss), _ratio(pc.lax_hit, pc.lax_miss)
    rs, rl = _ratio(rc.strict_hit, rc.strict_miss), _ratio(rc.lax_hit, rc.lax_miss)
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl), len(gold_docs), n_test, n_gold)


def strict_f1_interval(
    gold_docs: Sequence[Iterable[Bead | Pair]],
    test_docs: Sequence[Iterable[Bead | Pair]],
    block: int = 20,
    rounds: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """A bootstrap interval of strict F1: how much the figure would move on other text of the
    same kind (a 0.001 difference on a few hundred beads is noise, and this says how much).

    Each document's gold is cut into blocks of `block` consecutive beads (neighbouring beads
    are not independent, so single beads are not resampled); a test bead belongs to the block
    that holds its first sentence. Blocks of all documents are resampled with replacement
    `rounds` times, their strict counts summed and F1 computed; the central `level` share of
    those F1 values is returned.
    """
    import numpy as np

    rows: list[list[int]] = []  # per block: strict precision hits, misses, recall hits, misses
    for gold, test in zip(gold_docs, test_docs, strict=True):
        ref = list(dict.fromkeys(p for p in _as_pairs(gold) if p[0] or p[1]))  # in document order
        if not ref:
            continue
        # where each block starts: the next source and target sentence at its first bead
        starts_s, starts_t = [], []
        at_s = at_t = 0
        for k, (src, tgt) in enumerate(ref):
            at_s, at_t = (src[0] if src else at_s), (tgt[0] if tgt else at_t)
            if k % block == 0:
                starts_s.append(at_s)
                starts_t.append(at_t)
            at_s, at_t = (src[-1] + 1 if src else at_s), (tgt[-1] + 1 if tgt else at_t)
        counts = [[0, 0, 0, 0] for _ in starts_s]

        def block_of(p: Pair, starts_s: list[int] = starts_s, starts_t: list[int] = starts_t) -> int:
            k = bisect_right(starts_s, p[0][0]) if p[0] else bisect_right(starts_t, p[1][0])
            return max(k - 1, 0)

        ref_set = set(ref)
        test_set = {p for p in _as_pairs(test) if p[0] or p[1]}
        for p in test_set:
            counts[block_of(p)][0 if p in ref_set else 1] += 1
        for p in ref:
            if p[0] and p[1]:
                counts[block_of(p)][2 if p in test_set else 3] += 1
        rows.extend(counts)
    if not rows:
        return 0.0, 0.0
    c = np.asarray(rows, dtype=np.float64)
    idx = np.random.default_rng(seed).integers(0, len(c), size=(rounds, len(c)))
    tot = c[idx].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.nan_to_num(tot[:, 0] / (tot[:, 0] + tot[:, 1]))
        r = np.nan_to_num(tot[:, 2] / (tot[:, 2] + tot[:, 3]))
        f = np.nan_to_num(2 * p * r / (p + r))
    tail = (1.0 - level) / 2
    return float(np.quantile(f, tail)), float(np.quantile(f, 1.0 - tail))


SCORE_CUTS = (0.0, 0.5, 0.7, 0.9, 0.95, 0.99)  # the thresholds reports show by default (bead scores are
# the aligner's probabilities that a bead is right)


@dataclass(frozen=True)
class ScoreCut:
    """The aligned test beads whose score is at least `min_score`: what `align run --min-score`
    keeps (the filter drops unaligned rows anyway), and how many of them are right."""

    min_score: float
    kept: int  # aligned test beads at or above the score
    share: float  # of all aligned test beads
    precision_strict: float
    precision_lax: float


def precision_by_score(
    gold_docs: Sequence[Iterable[Bead]], test_docs: Sequence[Iterable[Bead]], thresholds: Sequence[float] = SCORE_CUTS
) -> list[ScoreCut]:
    """Strict and lax precision of the aligned test beads (both sides non-empty) kept at each
    score threshold: how much a data builder's `--min-score` buys in correctness, and at what
    cost in rows. A bead without a score counts as kept."""
    if len(gold_docs) != len(test_docs):
        raise ValueError(f"{len(gold_docs)} gold documents but {len(test_docs)} test documents")
    docs = [
        (_as_pairs(gold), [b for b in test if b.src and b.tgt]) for gold, test in zip(gold_docs, test_docs)
    ]
    total = sum(len(t) for _, t in docs)
    out = []
    for cut in thresholds:
        c = Counts()
        kept = 0
        for gold, test in docs:
            chosen = _as_pairs(b for b in test if b.score is None or b.score >= cut)
            kept += len(chosen)
            c = c + _match(gold, chosen)
        out.append(
            ScoreCut(cut, kept, kept / total if total else 0.0, _ratio(c.strict_hit, c.strict_miss), _ratio(c.lax_hit, c.lax_miss))
        )
    return out


CALIBRATION_BINS = (0.0, 0.5, 0.7, 0.9, 0.99)  # lower edges of the score bins a calibration report shows


@dataclass(frozen=True)
class ScoreBin:
    """The aligned test beads scored from `low` up to the next bin's low: how many, their mean
    score and how many of them are right (for probabilities, the two should agree)."""

    low: float
    beads: int
    mean_score: float
    precision_strict: float


@dataclass(frozen=True)
class Calibration:
    bins: list[ScoreBin]
    # the chance that a right aligned bead is scored above a wrong one (ties count half): how
    # well the score sorts beads, whatever its scale
    auc: float


def score_calibration(
    gold_docs: Sequence[Iterable[Bead]], test_docs: Sequence[Iterable[Bead]], lows: Sequence[float] = CALIBRATION_BINS
) -> Calibration:
    """How far the aligned test beads' scores can be read as the probability that a bead is
    right (strict): per score bin, the beads' mean score against their strict precision, and the
    AUC of the score for telling right beads from wrong ones. Beads without a score are left out."""
    if len(gold_docs) != len(test_docs):
        raise ValueError(f"{len(gold_docs)} gold documents but {len(test_docs)} test documents")
    scored: list[tuple[float, bool]] = []
    for gold, test in zip(gold_docs, test_docs):
        ref = set(_as_pairs(gold))
        for b in test:
            if b.src and b.tgt and b.score is not None:
                scored.append((float(b.score), (tuple(b.src), tuple(b.tgt)) in ref))
    bins = []
    edges = [*lows, float("inf")]
    for low, high in itertools.pairwise(edges):
        inside = [(x, ok) for x, ok in scored if low <= x < high]
        n = len(inside)
        bins.append(ScoreBin(low, n, sum(x for x, _ in inside) / n if n else 0.0, sum(ok for _, ok in inside) / n if n else 0.0))
    return Calibration(bins, _auc(scored))


def _auc(scored: list[tuple[float, bool]]) -> float:
    """Mann-Whitney AUC of the scores of right (True) against wrong beads; 0.5 when one kind is missing."""
    pos = sum(ok for _, ok in scored)
    neg = len(scored) - pos
    if not pos or not neg:
        return 0.5
    ranked = sorted(scored)
    rank_sum = 0.0
    i = 0
    while i < len(ranked):  # tied scores share their mean rank
        k = i
        while k < len(ranked) and ranked[k][0] == ranked[i][0]:
            k += 1
        mean_rank = (i + 1 + k) / 2
        rank_sum += mean_rank * sum(ok for _, ok in ranked[i:k])
        i = k
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def read_beads(path: str | os.PathLike) -> list[Bead]:
    """Read a bead file (one bead a line, score optional); errors name the file and line."""
    beads = []
    try:
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    beads.append(parse_bead(line))
                except ValueError as e:
                    raise ValueError(f"{path}:{lineno}: {e}") from None
    except UnicodeDecodeError as e:
        raise ValueError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    return beads


def pair_files(gold: str | os.PathLike, test: str | os.PathLike) -> list[tuple[Path, Path]]:
    """Gold and test files to compare: two files, or two folders matched by file name.

    Raises ValueError naming what is missing (a gold document without a test file would
    otherwise silently raise the score).
    """
    g, t = Path(gold), Path(test)
    for p in (g, t):
        if not p.exists():
            raise ValueError(f"{p}: no such file or folder")
    if g.is_file() and t.is_file():
        return [(g, t)]
    if g.is_dir() and t.is_dir():
        names = sorted(p.name for p in g.iterdir() if p.is_file() and not p.name.startswith("."))
        if not names:
            sub = next((g / d for d in ("beads", "gold") if (g / d).is_dir()), None)  # the sample's, the benchmarks'
            hint = f"; its gold beads are in {sub}" if sub else ""
            raise ValueError(f"{g}: no gold files in this folder{hint}")
        missing = [n for n in names if not (t / n).is_file()]
        if missing:
            shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
            raise ValueError(f"{t}: no test file for {len(missing)} gold document(s): {shown}")
        return [(g / n, t / n) for n in names]
    raise ValueError(f"{g} and {t}: give two files or two folders")


def read_documents(gold: str | os.PathLike, test: str | os.PathLike) -> tuple[list[list[Bead]], list[list[Bead]]]:
    """(gold documents, test documents), paired as `pair_files` pairs them."""
    pairs = pair_files(gold, test)
    return [read_beads(g) for g, _ in pairs], [read_beads(t) for _, t in pairs]


def evaluate_paths(gold: str | os.PathLike, test: str | os.PathLike) -> Scores:
    return score_documents(*read_documents(gold, test))

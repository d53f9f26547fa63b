"""align_sentences: embed once, find a rough path cheaply, fit the document, search a narrow band.

1. Embed every sentence once (the encoder de-duplicates repeats).
2. Rough path: the whole grid when it is small; otherwise the same search on a copy of the
   document with pairs of neighbouring sentences averaged (recursively), projected back and
   refined inside a band. Each level costs O(n x band), so the whole is linear in length.
3. Fit from that path: the document's length ratio and its spread, and the quality a sentence
   must reach to be worth aligning (the deletion threshold).
4. The final search, with M-N beads, inside a narrow band around the rough path.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..model import Bead
from .anchors import anchor_sets
from .band import band_around, full_band
from .boundaries import bracket_glued
from .centering import center_side
from .features import Side, band_features
from .moved import mark_moved, moved_candidates
from .pieces import PartsPieceStore, PieceStore, split_candidates, token_cut_points
from .search import (
    N_PARAMS,
    NOT_SCORED,
    P_ANCHOR,
    P_CALIB,
    P_DELTA,
    P_GLUE,
    P_LENCAP,
    P_LENSIGMA,
    P_LENWEIGHT,
    P_LOGRATIO,
    P_MARGIN,
    P_MARGINMODE,
    P_NOSPLIT,
    P_SIMLOC,
    P_SIMSCALE,
    P_SIZE,
    P_SIZEEXP,
    P_SPLIT,
    P_TEMPERATURE,
    band_search,
    bead_cosines,
)
from .settings import AlignSettings
from .windows import WindowStore, windows_to_verify

ROUGH_TYPES = np.array([(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)], dtype=np.int64)


def clean_lines(lines: Sequence[str]) -> list[str]:
    return [" ".join(str(s).split()) for s in lines]


def _encoder_texts(lines: list[str], max_chars: int) -> list[str]:
    """What the encoder is given for each sentence: cut to max_chars, a blank one as a space."""
    return [s[:max_chars] if s else " " for s in lines]


def _blanks_zeroed(lines: list[str], vecs: np.ndarray) -> np.ndarray:
    """A blank line gets a zero vector (it matches nothing)."""
    blank = np.array([not s for s in lines], dtype=bool)
    if blank.any():
        vecs = vecs.copy()
        vecs[blank] = 0.0
    return vecs


def contentless(lines: list[str]) -> np.ndarray:
    """Lines with no letter or digit ("", ".....", "- _-": page furniture, OCR debris). They
    carry nothing to translate, so the search leaves each of them out (a 0-1 or 1-0 bead)
    rather than let a bead absorb them: their embeddings are noise, and a window barely moves
    when one is added, so the size term would otherwise reward taking them in."""
    return np.array([not any(ch.isalnum() for ch in s) for s in lines], dtype=bool)


def embed_side(lines: list[str], encoder, max_chars: int) -> np.ndarray:
    """Unit embeddings; a blank line gets a zero vector (it matches nothing)."""
    vecs = np.asarray(encoder.encode(_encoder_texts(lines, max_chars)), dtype=np.float32)
    return _blanks_zeroed(lines, vecs.reshape(len(lines), -1) if len(lines) else vecs)


def align_sentences(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str = "ko",
    tgt_lang: str = "en",
    encoder=None,
    **settings: object,
) -> list[Bead]:
    """Align two documents (one sentence an item); every sentence is in exactly one bead, in order.

    `src_lang`/`tgt_lang` are recorded for the caller's benefit: the encoder is multilingual and
    the length and anchor models are fitted from the documents themselves.
    """
    cfg = AlignSettings.from_kwargs(**settings)
    s_lines, t_lines = clean_lines(src), clean_lines(tgt)
    if not s_lines or not t_lines:
        return [Bead((i,), (), 0.0) for i in range(len(s_lines))] + [Bead((), (j,), 0.0) for j in range(len(t_lines))]
    if encoder is None:
        from ..embed import get_encoder

        encoder = get_encoder()
    if cfg.windows == "parts" and hasattr(encoder, "parts"):
        s_parts, t_parts = embed_parts(s_lines, encoder, cfg.max_chars), embed_parts(t_lines, encoder, cfg.max_chars)
        s_vecs, t_vecs = _blanks_zeroed(s_lines, s_parts.sentence_vecs()), _blanks_zeroed(t_lines, t_parts.sentence_vecs())
        return align_embedded(s_lines, t_lines, s_vecs, t_vecs, cfg, encoder=encoder, parts=(s_parts, t_parts))
    s_vecs = embed_side(s_lines, encoder, cfg.max_chars)
    t_vecs = embed_side(t_lines, encoder, cfg.max_chars)
    return align_embedded(s_lines, t_lines, s_vecs, t_vecs, cfg, encoder=encoder)


def align_collection(
    documents: Sequence[tuple[Sequence[str], Sequence[str]]], encoder=None, **settings: object
) -> list[list[Bead]]:
    """Align the documents of one collection, each as `align_sentences` does; with `null_prior`
    above 0 and no `null_rate` given, the collection's own rate of sure deletions is read from
    that pass and, where it is under `null_prior_rate`, every document is searched again with it
    (the embeddings reused: the second pass costs a search, not an encoding). Holds every
    document's embeddings at once: for a collection that fits in memory."""
    cfg = AlignSettings.from_kwargs(**settings)
    if encoder is None:
        from ..embed import get_encoder

        encoder = get_encoder()
    prepared: list[tuple[list[str], list[str], tuple | None]] = []  # lines, (vectors, vectors, parts)
    for src, tgt in documents:
        s_lines, t_lines = clean_lines(src), clean_lines(tgt)
        if not s_lines or not t_lines:
            prepared.append((s_lines, t_lines, None))
        elif cfg.windows == "parts" and hasattr(encoder, "parts"):
            sp, tp = embed_parts(s_lines, encoder, cfg.max_chars), embed_parts(t_lines, encoder, cfg.max_chars)
            vecs = (_blanks_zeroed(s_lines, sp.sentence_vecs()), _blanks_zeroed(t_lines, tp.sentence_vecs()))
            prepared.append((s_lines, t_lines, (*vecs, (sp, tp))))
        else:
            vecs = (embed_side(s_lines, encoder, cfg.max_chars), embed_side(t_lines, encoder, cfg.max_chars))
            prepared.append((s_lines, t_lines, (*vecs, None)))

    def run(c: AlignSettings) -> list[list[Bead]]:
        out = []
        for s_lines, t_lines, emb in prepared:
            if emb is None:
                out.append([Bead((i,), (), 0.0) for i in range(len(s_lines))] + [Bead((), (j,), 0.0) for j in range(len(t_lines))])
            else:
                out.append(align_embedded(s_lines, t_lines, emb[0], emb[1], c, encoder=encoder, parts=emb[2]))
        return out

    if cfg.null_prior <= 0 or cfg.null_rate is not None:
        return run(cfg)
    first = run(AlignSettings.from_kwargs(**{**settings, "null_prior": 0.0}))  # the rate is read without the prior
    rate = collection_deletion_rate([(s, t, b) for (s, t, _), b in zip(prepared, first)])
    if rate >= cfg.null_prior_rate:
        return first  # the prior would change nothing
    return run(AlignSettings.from_kwargs(**{**settings, "null_rate": rate}))


def embed_parts(lines: list[str], encoder, max_chars: int):
    """One side's `align.embed_parts.SideParts`: its sentence, window and piece embeddings."""
    return encoder.parts(_encoder_texts(lines, max_chars), cut_rule=token_cut_points)


def align_embedded(
    s_lines: list[str],
    t_lines: list[str],
    s_vecs: np.ndarray,
    t_vecs: np.ndarray,
    cfg: AlignSettings,
    encoder=None,
    parts: tuple | None = None,
) -> list[Bead]:
    """The search part, given sentence embeddings (and, for `windows="parts"`, each side's
    `SideParts`, which give every window's embedding; without them that mode verifies)."""
    from threadpoolctl import threadpool_limits

    # the search's matrix products are small: one BLAS thread. Default threading was measured
    # 100x slower on a busy 2-core machine (12 s against 0.1 s for one 16k band)
    with threadpool_limits(limits=1, user_api="blas"):
        return _align_embedded(s_lines, t_lines, s_vecs, t_vecs, cfg, encoder, parts)


def _align_embedded(s_lines, t_lines, s_vecs, t_vecs, cfg: AlignSettings, encoder, parts) -> list[Bead]:
    n, m = len(s_lines), len(t_lines)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    if parts is not None and cfg.center > 0:
        # take out part of what each side's sentences (and windows, and pieces) share
        s_vecs, s_parts = center_side(s_lines, s_vecs, parts[0], cfg.center)
        t_vecs, t_parts = center_side(t_lines, t_vecs, parts[1], cfg.center)
        parts = (s_parts, t_parts)
    sa, ta = anchor_sets(s_lines, t_lines)
    s_chars = np.array([len(s) for s in s_lines], dtype=np.float64)
    t_chars = np.array([len(s) for s in t_lines], dtype=np.float64)
    src = Side(s_vecs, s_chars, sa, cfg.window_weight, contentless(s_lines), bracket_glued(s_lines))
    tgt = Side(t_vecs, t_chars, ta, cfg.window_weight, contentless(t_lines), bracket_glued(t_lines))

    # 1. rough path, with neutral length / anchor / split terms
    rough_params = _params(cfg, delta=_initial_delta(cfg), log_ratio=_doc_log_ratio(src, tgt), len_sigma=1.0)
    rough_params[P_LENWEIGHT] = rough_params[P_SPLIT] = rough_params[P_NOSPLIT] = 0.0
    rough_params[P_TEMPERATURE] = 0.0  # the rough path is only a band's centre: the best path is enough
    path = rough_path(src, tgt, cfg, rough_params)

    # 2. fit the document from the rough path, then search M-N beads in a narrow band
    lo, hi = band_around(path, n, m, cfg.radius)
    types = np.array(cfg.bead_types(), dtype=np.int64)
    wins: tuple[WindowStore, WindowStore] | None = None
    mode = cfg.windows
    if mode == "parts" and parts is None:
        mode = "verify"  # an encoder without parts (or none): encode the windows that matter
    if mode == "parts" or (mode in ("verify", "encode") and encoder is not None):
        wins = (
            WindowStore(s_lines, s_vecs, cfg.max_src, cfg.max_chars),
            WindowStore(t_lines, t_vecs, cfg.max_tgt, cfg.max_chars),
        )
        if mode == "parts":
            wins[0].add_parts(parts[0])
            wins[1].add_parts(parts[1])
        elif mode == "encode":
            wins[0].add_all(encoder)
            wins[1].add_all(encoder)
    splits = _Splits(s_lines, t_lines, s_vecs, t_vecs, lo, hi, cfg, encoder, parts if mode == "parts" else None)
    feats = splits.attach(band_features(src, tgt, lo, hi, cfg.max_src, cfg.max_tgt, _knn(cfg), wins))
    params = fit_params(src, tgt, feats, path, cfg)
    null_costs(feats, params, cfg, m)
    verify = mode == "verify" and wins is not None
    # the rounds below change only the piece evidence and the deletion costs, so the bead values
    # the search starts from are kept for them (in verify mode new windows change those too)
    keep = cfg.verify_rounds > 0 and not verify and (splits.on or splits.null_on or splits.cross_on)
    ends, values, probs = band_search(lo, hi, types, feats, params, rounds=keep)
    # the document's own deletion rate, read from the deletions this search is sure of
    prior_bias = deletion_prior(ends, types, probs, src.contentless, tgt.contentless, cfg)
    pending = prior_bias != 0.0  # the prior changes the deletion costs: one more search at least
    if pending:
        null_costs(feats, params, cfg, m, bias=prior_bias)

    # 3. more evidence where this alignment needs it, then search again: split scores for its
    #    1-N beads and their rivals, piece evidence for its unaligned sentences, and (verify
    #    mode) the windows its uncertain beads rest on, re-fitting the estimate's scale
    budget = cfg.verify_budget * (src.chars.sum() + tgt.chars.sum())
    for _ in range(cfg.verify_rounds):
        new_windows = 0
        if verify and wins is not None and wins[0].encoded_chars + wins[1].encoded_chars < budget:
            # (no new windows past the budget: the whole alignment stays within ~(1 + budget) x
            # the embedding time)
            sw, tw = windows_to_verify(ends, types, cfg.max_src, cfg.max_tgt, cfg.verify_rivals)
            new_windows = wins[0].add(sw, encoder) + wins[1].add(tw, encoder)
        # split scores land in arrays the features already hold: only new windows need them rebuilt
        new_nulls = splits.null_evidence(ends, types, params)
        new_cross = splits.cross_evidence(ends, types, params)
        if not splits.score(ends, types, params) + new_windows + new_nulls + new_cross and not pending:
            break  # every window and split this alignment rests on is known
        pending = False
        if new_windows:
            feats = splits.attach(band_features(src, tgt, lo, hi, cfg.max_src, cfg.max_tgt, _knn(cfg), wins))
        if new_windows or new_nulls:
            null_costs(feats, params, cfg, m, splits.null_best, bias=prior_bias)
        if verify:
            params[P_CALIB] = fit_calibration(ends, types, feats, params)
        ends, values, probs = band_search(lo, hi, types, feats, params, rounds=keep)
    beads = _to_beads(ends, values, types, probs)
    if cfg.moved:
        # 4. sentences moved out of order: pairs that choose each other far from the monotone
        #    alignment are taken out of it (their deletion made free), searched again, and marked
        loc, scale = float(params[P_SIMLOC]), float(params[P_SIMSCALE])
        pairs = moved_candidates(
            beads, s_vecs, t_vecs, loc, scale, cfg.moved_out_level, cfg.temperature or 0.1, cfg.moved_min_score,
            src.contentless, tgt.contentless,
        )  # fmt: skip
        if pairs:
            for i, j, _ in pairs:
                feats["src_null"][i] = feats["tgt_null"][j] = MOVED_OUT
            ends, values, probs = band_search(lo, hi, types, feats, params, rounds=keep)
            beads = mark_moved(_to_beads(ends, values, types, probs), pairs)
    return beads


class _Splits:
    """Split evidence for 1-N / N-1 beads (pieces.py), scored where an alignment needs it."""

    def __init__(self, s_lines, t_lines, s_vecs, t_vecs, lo, hi, cfg: AlignSettings, encoder, parts=None) -> None:
        self.on = cfg.split_weight > 0 and (encoder is not None or parts is not None)
        self.encoder = encoder
        self.cfg = cfg
        self.lo, self.hi = lo, hi
        self.vecs = (s_vecs, t_vecs)
        self.pieces: tuple[PieceStore, PieceStore]
        if parts is not None and parts[0].cuts is not None:
            # cut at token positions; pieces estimated from the parts (no encoder call)
            self.pieces = (PartsPieceStore(parts[0]), PartsPieceStore(parts[1]))
        else:
            self.pieces = (PieceStore(s_lines), PieceStore(t_lines))
        self.budgets = tuple(cfg.split_budget * sum(len(x) for x in lines) for lines in (s_lines, t_lines))
        n1, width = len(lo), int((hi - lo).max()) + 1
        shape = lambda k: (k - 1, n1, width) if self.on and k > 1 else (0, 1, 1)  # noqa: E731
        self.sp = (
            np.full(shape(cfg.max_tgt), NOT_SCORED, dtype=np.float32),  # 1-N beads (one source sentence)
            np.full(shape(cfg.max_src), NOT_SCORED, dtype=np.float32),  # N-1 beads
        )
        self.done: set[tuple[int, int, int, int]] = set()
        # an unaligned sentence's best similarity to a piece of a sentence beside it on the
        # other side (document units): a translator who folded it into a neighbour's
        # translation left a piece that matches it
        self.null_on = cfg.null_piece_weight > 0 and parts is not None and parts[0].cuts is not None
        self.null_best = (np.full(len(s_lines), -np.inf), np.full(len(t_lines), -np.inf))
        self.null_done: set[tuple[int, int]] = set()
        # a 1-1 bead whose sentence has a piece that matches a neighbour of its partner better
        # than the partner: the translation crosses the sentence boundary (cross_weight)
        self.cross_on = cfg.cross_weight > 0 and parts is not None and parts[0].cuts is not None
        self.x11 = np.zeros((n1, width) if self.cross_on else (1, 1), dtype=np.float32)
        self.cross_done: set[tuple[int, int]] = set()

    def attach(self, feats: dict) -> dict:
        feats["cut_s"], feats["cut_t"] = self.pieces[0].cuts, self.pieces[1].cuts
        feats["sp_s"], feats["sp_t"] = self.sp
        feats["x11"] = self.x11
        return feats

    def null_evidence(self, ends: np.ndarray, types: np.ndarray, params: np.ndarray) -> int:
        """Piece evidence for the unaligned sentences of this alignment; returns how many are new."""
        if not self.null_on:
            return 0
        beads = [(int(i), int(j), int(types[t, 0]), int(types[t, 1])) for i, j, t in ends]
        loc, scale = float(params[P_SIMLOC]), float(params[P_SIMSCALE])
        new = 0
        for k, (i, j, a, b) in enumerate(beads):
            if a and b:
                continue
            side, idx = (1, j - 1) if a == 0 else (0, i - 1)
            if (side, idx) in self.null_done:
                continue
            self.null_done.add((side, idx))
            others = set()
            for nb in (k - 1, k + 1):
                if 0 <= nb < len(beads):
                    ni, nj, na, nbb = beads[nb]
                    others |= set(range(ni - na, ni)) if side == 1 else set(range(nj - nbb, nj))
            store = self.pieces[1 - side]
            store.ensure([(o, 2) for o in others], self.encoder, float("inf"))
            pieces = [
                store.vecs[key]
                for o in others
                for x in range(len(store.bounds[o]) - 1)
                for y in range(x + 1, len(store.bounds[o]))
                if (key := (o, x, y)) in store.vecs
            ]  # fmt: skip
            if pieces:
                best = (float((np.stack(pieces) @ self.vecs[side][idx]).max()) - loc) / scale
                self.null_best[side][idx] = self.cfg.null_piece_weight * best
                new += 1
        return new

    def cross_evidence(self, ends: np.ndarray, types: np.ndarray, params: np.ndarray) -> int:
        """Crossing evidence against the 1-1 beads of this alignment; returns how many are new."""
        if not self.cross_on:
            return 0
        scale = float(params[P_SIMSCALE])
        s_vecs, t_vecs = self.vecs
        new = 0
        for i, j, t in ends:
            i, j = int(i), int(j)
            if types[t, 0] != 1 or types[t, 1] != 1 or (i, j) in self.cross_done:
                continue
            self.cross_done.add((i, j))
            worst = 0.0
            # pieces of the source sentence against the target's neighbours, and the other way
            for store, idx, other, own, nbrs in (
                (self.pieces[0], i - 1, t_vecs, j - 1, (j - 2, j)),
                (self.pieces[1], j - 1, s_vecs, i - 1, (i - 2, i)),
            ):
                k = int(store.cuts[idx]) + 1
                near = [q for q in nbrs if 0 <= q < len(other)]
                if k < 2 or not near:
                    continue
                store.ensure([(idx, 2)], self.encoder, float("inf"))
                pv = np.stack([store.vecs[(idx, x, x + 1)] for x in range(k)])
                gain = (pv @ other[near].T).max(axis=1) - pv @ other[own]
                worst = max(worst, float(gain.max()) / scale)
            if worst > 0:
                self.x11[i, j - self.lo[i]] = -self.cfg.cross_weight * worst
                new += 1
        return new

    def score(self, ends: np.ndarray, types: np.ndarray, params: np.ndarray) -> int:
        """Score the splits of the 1-N beads this alignment rests on; returns how many are new."""
        if not self.on:
            return 0
        n, m = len(self.lo) - 1, int(self.hi[-1])
        beads = [(int(i), int(j), int(types[t, 0]), int(types[t, 1])) for i, j, t in ends]
        cands = [
            c for c in split_candidates(beads, self.cfg.max_src, self.cfg.max_tgt, n, m)
            if c not in self.done and self.lo[c[0]] <= c[1] <= self.hi[c[0]]
        ]  # fmt: skip
        if not cands:
            return 0
        # the one sentence of each bead, and into how many pieces it must be cut
        self.pieces[0].ensure([(i - 1, b) for i, j, a, b in cands if a == 1], self.encoder, self.budgets[0])
        self.pieces[1].ensure([(j - 1, a) for i, j, a, b in cands if b == 1], self.encoder, self.budgets[1])
        loc, scale = float(params[P_SIMLOC]), float(params[P_SIMSCALE])
        new = 0
        for i, j, a, b in sorted(cands):
            if a == 1:
                x = self.pieces[0].split_score(i - 1, self.vecs[1][j - b : j], loc, scale)
                grid, k = self.sp[0], b
            else:
                x = self.pieces[1].split_score(j - 1, self.vecs[0][i - a : i], loc, scale)
                grid, k = self.sp[1], a
            if x == x:  # NaN: not computable (too few cut points, or over the budget)
                grid[k - 2, i, j - self.lo[i]] = x
                self.done.add((i, j, a, b))
                new += 1
        return new


MOVED_OUT = 5.0  # what leaving out a sentence paired elsewhere gains: far more than any bead
PRIOR_SENTENCES = 200.0  # the deletion rate is shrunk toward null_prior_rate as if from this many sentences


def deletion_prior(ends, types, probs, contentless_s, contentless_t, cfg: AlignSettings) -> float:
    """What leaving a sentence out gains in this document (value units; negative: it costs):
    null_prior x log(rate / null_prior_rate), the rate being the share of the document's
    sentences that the search left out and was sure of (posterior >= 0.9), shrunk toward
    null_prior_rate. A chapter where no deletion is clear is unlikely to hold the uncertain
    ones; a document with several clear deletions likely holds more. Lines with no content are
    left out by rule and counted nowhere."""
    if cfg.null_prior <= 0 or probs is None or not len(ends):
        return 0.0
    if cfg.null_rate is not None:  # the collection's rate, from many documents: no shrinking
        return cfg.null_prior * min(0.0, float(np.log(max(cfg.null_rate, 1e-6) / cfg.null_prior_rate)))
    a, b = types[ends[:, 2], 0], types[ends[:, 2], 1]
    i, j = ends[:, 0], ends[:, 1]
    null = ((a == 0) | (b == 0)) & (probs >= 0.9)
    # the one sentence of each sure deletion, unless it is a line with no content
    sure = int((~contentless_s[i[null & (b == 0)] - 1]).sum() + (~contentless_t[j[null & (a == 0)] - 1]).sum())
    sentences = int((~contentless_s).sum() + (~contentless_t).sum())
    rate = (sure + PRIOR_SENTENCES * cfg.null_prior_rate) / (sentences + PRIOR_SENTENCES)
    return cfg.null_prior * min(0.0, float(np.log(rate / cfg.null_prior_rate)))


def collection_deletion_rate(documents: Sequence[tuple[Sequence[str], Sequence[str], list[Bead]]]) -> float:
    """The share of a collection's sentences (lines with content) that its alignment left out
    and was sure of (score >= 0.9): what `null_rate` takes, for a second pass over the collection.
    `documents`: (source lines, target lines, beads) of each document."""
    sure = sentences = 0
    for src, tgt, beads in documents:
        cs, ct = contentless(clean_lines(src)), contentless(clean_lines(tgt))
        sentences += int((~cs).sum() + (~ct).sum())
        for b in beads:
            if (b.src and b.tgt) or b.score is None or b.score < 0.9:
                continue
            sure += sum(not cs[i] for i in b.src) + sum(not ct[j] for j in b.tgt)
    return sure / sentences if sentences else 0.0


def null_costs(feats: dict, params: np.ndarray, cfg: AlignSettings, m: int, piece_best=None, bias: float = 0.0) -> None:
    """Leaving a sentence unaligned costs more the more it resembles a sentence nearby on the
    other side (in this document's similarity units): a sentence that clearly shares content
    with its neighbourhood is a part of some bead, not a deletion. `bias`: what leaving any
    sentence out gains in this document (deletion_prior)."""
    if cfg.null_weight <= 0:
        if bias:
            feats["src_null"] = feats["src_null"] + bias
            feats["tgt_null"] = feats["tgt_null"] + bias
        return
    S, qlo = feats["S"], feats["qlo"]
    cols = qlo[:, None] + np.arange(S.shape[1])[None, :]
    valid = cols < m
    z = (np.where(valid, S, -np.inf) - params[P_SIMLOC]) / params[P_SIMSCALE]
    best_src = z.max(axis=1)
    best_tgt = np.full(m, -np.inf)
    np.maximum.at(best_tgt, cols[valid], z[valid])
    if piece_best is not None:
        best_src = np.maximum(best_src, piece_best[0])
        best_tgt = np.maximum(best_tgt, piece_best[1])
    feats["src_null"] = bias - cfg.null_weight * np.clip(best_src - cfg.null_free, 0.0, None)
    feats["tgt_null"] = bias - cfg.null_weight * np.clip(best_tgt - cfg.null_free, 0.0, None)


def fit_calibration(ends: np.ndarray, types: np.ndarray, feats: dict, params: np.ndarray) -> float:
    """Scale of encoded window cosines against their estimates, over this document's M-N beads."""
    est, enc = bead_cosines(ends, types, feats, params)
    ok = (est > 0.05) & np.isfinite(enc)
    if ok.sum() < 3:
        return float(params[P_CALIB])
    return float(np.clip(np.median(enc[ok] / est[ok]), 0.8, 1.5))


def _knn(cfg: AlignSettings) -> int:
    return cfg.margin_k if cfg.margin > 0 and cfg.margin_mode == "knn" else 0


def _params(cfg: AlignSettings, delta: float, log_ratio: float, len_sigma: float) -> np.ndarray:
    p = np.zeros(N_PARAMS, dtype=np.float64)
    p[P_DELTA] = delta
    p[P_SIZE] = cfg.size_penalty
    p[P_MARGIN] = cfg.margin
    p[P_LOGRATIO] = log_ratio
    p[P_LENSIGMA] = len_sigma
    p[P_LENWEIGHT] = cfg.length_weight
    p[P_ANCHOR] = cfg.anchor_weight
    p[P_SIZEEXP] = cfg.size_exponent
    p[P_CALIB] = 1.0
    p[P_SIMLOC] = 0.0
    p[P_SIMSCALE] = 1.0
    p[P_MARGINMODE] = 1.0 if cfg.margin_mode == "neighbours" else 0.0
    p[P_SPLIT] = cfg.split_weight
    p[P_NOSPLIT] = cfg.nosplit_penalty
    p[P_LENCAP] = cfg.length_cap
    p[P_GLUE] = cfg.glue_penalty
    p[P_TEMPERATURE] = cfg.temperature
    return p


def _initial_delta(cfg: AlignSettings) -> float:
    if cfg.delta is not None:
        return cfg.delta
    return 0.0 if cfg.margin > 0 else 0.3


def _doc_log_ratio(src: Side, tgt: Side) -> float:
    return float(np.log(tgt.chars.sum() + 1.0) - np.log(src.chars.sum() + 1.0))


def rough_path(src: Side, tgt: Side, cfg: AlignSettings, params: np.ndarray) -> np.ndarray:
    """Grid points of a rough alignment path, found in O(n) cells (see module docstring)."""
    n, m = len(src), len(tgt)
    if n * m <= cfg.full_band_cells or n < 8 or m < 8:
        lo, hi = full_band(n, m)
    else:
        coarse = rough_path(_halve(src), _halve(tgt), cfg, params)
        # a coarse point (i, j) stands for fine rows up to 2i and columns up to 2j
        fine = np.minimum(coarse * 2, [n, m])
        lo, hi = band_around(_densify(fine), n, m, max(cfg.radius // 2, 4))
    feats = band_features(src, tgt, lo, hi, 2, 2, _knn(cfg))
    params = params.copy()
    params[P_SIMLOC], params[P_SIMSCALE] = similarity_scale(feats, m)
    ends, _, _ = band_search(lo, hi, ROUGH_TYPES, feats, params)
    return _ends_to_path(ends, ROUGH_TYPES)


_HALVE_ROWS = 1024


def _halve(side: Side) -> Side:
    """Pairs of neighbouring sentences averaged into one (the last one alone when odd)."""
    n = len(side)
    k = (n + 1) // 2
    pad = 2 * k - n  # a zero-weight partner for the last sentence when n is odd
    w = side.weights()[:, None]
    vecs = np.empty((k, side.vecs.shape[1]), dtype=np.float32)
    # in blocks of rows: float64 temporaries of a whole long side cost more in fresh memory
    # than in arithmetic (a 16k side took 5-10x as long as a 4k one)
    for r0 in range(0, k, _HALVE_ROWS):
        r1 = min(k, r0 + _HALVE_ROWS)
        pair = side.vecs[2 * r0 : 2 * r1 : 2] * w[2 * r0 : 2 * r1 : 2]  # float64, as the weights
        odd = side.vecs[2 * r0 + 1 : 2 * r1 : 2] * w[2 * r0 + 1 : 2 * r1 : 2]
        pair[: len(odd)] += odd
        vecs[r0:r1] = pair / np.maximum(np.linalg.norm(pair, axis=1, keepdims=True), 1e-9)
    chars = np.concatenate([side.chars, np.zeros(pad)]).reshape(k, 2).sum(axis=1)
    anchors = [side.anchors[2 * i] | (side.anchors[2 * i + 1] if 2 * i + 1 < n else set()) for i in range(k)]
    return Side(vecs, chars, anchors, side.weight_power)


def _ends_to_path(ends: np.ndarray, types: np.ndarray) -> np.ndarray:
    """The grid points a bead sequence passes through, starting at (0, 0)."""
    pts = [(0, 0)]
    for _i, _j, t in ends:
        a, b = types[t]
        pi, pj = pts[-1]
        # walk diagonally through a bead, so the band follows its slope
        steps = max(a, b)
        for s in range(1, steps + 1):
            pts.append((pi + round(a * s / steps), pj + round(b * s / steps)))
    return np.array(pts, dtype=np.int64)


def _densify(path: np.ndarray) -> np.ndarray:
    """Fill the gaps of a projected path with straight steps."""
    out = [path[0]]
    for (i0, j0), (i1, j1) in zip(path[:-1], path[1:]):
        steps = max(i1 - i0, j1 - j0, 1)
        for s in range(1, steps + 1):
            out.append((i0 + (i1 - i0) * s // steps, j0 + (j1 - j0) * s // steps))
    return np.array(out, dtype=np.int64)


def fit_params(src: Side, tgt: Side, feats: dict, path: np.ndarray, cfg: AlignSettings) -> np.ndarray:
    """Length ratio, its spread and the deletion threshold, from the rough path's 1-1 steps."""
    log_ratio = _doc_log_ratio(src, tgt)
    sigma = 1.0
    steps = np.diff(path, axis=0)
    one_one = path[1:][(steps[:, 0] == 1) & (steps[:, 1] == 1)]
    if len(one_one) >= 5:
        i, j = one_one[:, 0] - 1, one_one[:, 1] - 1
        x = np.log(tgt.chars[j] + 1.0) - np.log(src.chars[i] + 1.0)
        log_ratio = float(np.median(x))
        sigma = float(max(cfg.min_length_spread, 1.4826 * np.median(np.abs(x - log_ratio))))
    delta = cfg.delta if cfg.delta is not None else _initial_delta(cfg)
    params = _params(cfg, delta=delta, log_ratio=log_ratio, len_sigma=sigma)
    params[P_SIMLOC], params[P_SIMSCALE] = similarity_scale(feats, len(tgt), one_one)
    return params


def similarity_scale(feats: dict, m: int, one_one: np.ndarray | None = None) -> tuple[float, float]:
    """This document's typical cosine of an unrelated pair (location) and how far above it a
    translation typically lies (scale): similarities are compared in these units, so the
    same settings hold for close and distant language pairs, news and literature."""
    S, qlo = feats["S"], feats["qlo"]
    valid = (qlo[:, None] + np.arange(S.shape[1])[None, :]) < m
    vals = S[valid]
    if vals.size == 0:
        return 0.0, 1.0
    loc = float(np.median(vals))
    if one_one is not None and len(one_one) >= 5:
        i, j = one_one[:, 0] - 1, one_one[:, 1] - 1
        match = float(np.median(S[i, j - qlo[i]]))
    else:
        match = float(np.median(np.where(valid, S, -1.0).max(axis=1)))
    return loc, max(match - loc, 0.1)


def _to_beads(ends: np.ndarray, values: np.ndarray | None, types: np.ndarray, probs: np.ndarray | None = None) -> list[Bead]:
    """Beads with their scores: the probability that the bead is right (its posterior, for every
    bead, deletions too) where the search decoded by posteriors; otherwise an aligned bead's
    value per sentence and 0 for a deletion."""
    beads = []
    for k, (i, j, t) in enumerate(ends):
        a, b = types[t]
        if probs is not None:
            score = float(round(min(max(probs[k], 0.0), 1.0), 4))
        else:
            assert values is not None, "a bead's score is its posterior or its value"
            score = float(round(values[k] / (a + b), 4)) if a and b else 0.0
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), score))
    return beads

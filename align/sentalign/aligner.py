"""align_sentences: embed once, find a rough path cheaply, fit the document, search a narrow band.

1. Embed every sentence once (the encoder de-duplicates repeats).
2. Rough path (rough.py): the whole grid when it is small; otherwise the same search on a copy
   of the document with pairs of neighbouring sentences averaged (recursively), projected back
   and refined inside a band. Each level costs O(n x band), so the whole is linear in length.
3. Fit from that path (fitting.py): the document's length ratio and its spread, its similarity
   units, and the cost of leaving a sentence out.
4. The final search (search.py), with M-N beads, inside a narrow band around the rough path,
   in rounds that add split-piece evidence (splits.py) and encoded windows where it needs them.

This module is the orchestration: it embeds, calls each step in turn and turns the path into beads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from ..model import Bead
from .anchors import anchor_sets
from .band import band_around
from .boundaries import bracket_glued
from .centering import center_side
from .features import Side, band_features
from .fitting import (
    deletion_prior,
    doc_log_ratio,
    fit_calibration,
    fit_params,
    initial_delta,
    knn_margin_k,
    null_costs,
    settings_params,
)
from .moved import mark_moved, moved_candidates
from .pieces import token_cut_points
from .rough import rough_path
from .search import P_CALIB, P_LENWEIGHT, P_NOSPLIT, P_SIMLOC, P_SIMSCALE, P_SPLIT, P_TEMPERATURE, band_search
from .settings import AlignSettings
from .splits import SplitEvidence
from .windows import WindowStore, windows_to_verify


def clean_lines(lines: Sequence[str]) -> list[str]:
    return [" ".join(str(s).split()) for s in lines]


def left_out(n_src: int, n_tgt: int) -> list[Bead]:
    """Every sentence left out: the source sentences' 1-0 beads, then the target's 0-1, scored 0."""
    return [Bead((i,), (), 0.0) for i in range(n_src)] + [Bead((), (j,), 0.0) for j in range(n_tgt)]


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
        return left_out(len(s_lines), len(t_lines))
    if encoder is None:
        from ..embed import get_encoder

        encoder = get_encoder()
    s_vecs, t_vecs, parts = embed_document(s_lines, t_lines, encoder, cfg)
    return align_embedded(s_lines, t_lines, s_vecs, t_vecs, cfg, encoder=encoder, parts=parts)


def embed_document(
    s_lines: list[str], t_lines: list[str], encoder, cfg: AlignSettings
) -> tuple[np.ndarray, np.ndarray, tuple | None]:
    """Both sides' sentence vectors, and each side's `SideParts` where `windows="parts"` and the
    encoder gives them (else None): what `align_embedded` takes."""
    if cfg.windows == "parts" and hasattr(encoder, "parts"):
        s_parts, t_parts = embed_parts(s_lines, encoder, cfg.max_chars), embed_parts(t_lines, encoder, cfg.max_chars)
        s_vecs, t_vecs = _blanks_zeroed(s_lines, s_parts.sentence_vecs()), _blanks_zeroed(t_lines, t_parts.sentence_vecs())
        return s_vecs, t_vecs, (s_parts, t_parts)
    return embed_side(s_lines, encoder, cfg.max_chars), embed_side(t_lines, encoder, cfg.max_chars), None


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
        emb = embed_document(s_lines, t_lines, encoder, cfg) if s_lines and t_lines else None
        prepared.append((s_lines, t_lines, emb))

    def run(c: AlignSettings) -> list[list[Bead]]:
        out = []
        for s_lines, t_lines, emb in prepared:
            if emb is None:
                out.append(left_out(len(s_lines), len(t_lines)))
            else:
                out.append(align_embedded(s_lines, t_lines, emb[0], emb[1], c, encoder=encoder, parts=emb[2]))
        return out

    first_cfg = collection_first_pass(cfg)
    if first_cfg is None:
        return run(cfg)
    first = run(first_cfg)
    rate = collection_deletion_rate([(s, t, b) for (s, t, _), b in zip(prepared, first)])
    second_cfg = collection_second_pass(cfg, rate)
    return first if second_cfg is None else run(second_cfg)


def collection_first_pass(cfg: AlignSettings) -> AlignSettings | None:
    """The settings of `align_collection`'s first pass, which reads the collection's rate of sure
    deletions without the prior; None when one pass is all (no prior, or its rate given)."""
    if cfg.null_prior <= 0 or cfg.null_rate is not None:
        return None
    return dataclasses.replace(cfg, null_prior=0.0)


def collection_second_pass(cfg: AlignSettings, rate: float) -> AlignSettings | None:
    """The settings of the second pass, the prior at the collection's `rate`; None where that
    rate is not under `null_prior_rate` (the prior would change nothing: the first pass stands)."""
    return dataclasses.replace(cfg, null_rate=rate) if rate < cfg.null_prior_rate else None


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
        return left_out(n, m)
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
    rough_params = settings_params(cfg, delta=initial_delta(cfg), log_ratio=doc_log_ratio(src, tgt), len_sigma=1.0)
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
    splits = SplitEvidence(s_lines, t_lines, s_vecs, t_vecs, lo, hi, cfg, encoder, parts if mode == "parts" else None)
    feats = splits.attach(band_features(src, tgt, lo, hi, cfg.max_src, cfg.max_tgt, knn_margin_k(cfg), wins))
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
            feats = splits.attach(band_features(src, tgt, lo, hi, cfg.max_src, cfg.max_tgt, knn_margin_k(cfg), wins))
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
            src.contentless, tgt.contentless, cfg.moved_free_floor, cfg.moved_free_margin,
        )  # fmt: skip
        if pairs:
            for i, j, _ in pairs:
                feats["src_null"][i] = feats["tgt_null"][j] = MOVED_OUT
            ends, values, probs = band_search(lo, hi, types, feats, params, rounds=keep)
            beads = mark_moved(_to_beads(ends, values, types, probs), pairs)
    return beads


MOVED_OUT = 5.0  # what leaving out a sentence paired elsewhere gains: far more than any bead


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

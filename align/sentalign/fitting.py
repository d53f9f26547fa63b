"""Fitting the document: what the search's parameters become for one document pair.

The settings (AlignSettings) are written into the kernel's parameter vector (`settings_params`);
from the rough path the document's own length ratio and its spread and its similarity units
(`similarity_scale`) are fitted (`fit_params`), in verify mode the estimate's calibration
(`fit_calibration`), the cost of leaving each sentence out (`null_costs`) and what leaving any
sentence out gains in this document (`deletion_prior`).
"""

from __future__ import annotations

import numpy as np

from .features import Side
from .search import (
    N_PARAMS,
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
    bead_cosines,
)
from .settings import AlignSettings

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


def knn_margin_k(cfg: AlignSettings) -> int:
    """The k of the kNN margin's neighbourhoods (`band_features`), 0 where that margin is off."""
    return cfg.margin_k if cfg.margin > 0 and cfg.margin_mode == "knn" else 0


def settings_params(cfg: AlignSettings, delta: float, log_ratio: float, len_sigma: float) -> np.ndarray:
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


def initial_delta(cfg: AlignSettings) -> float:
    if cfg.delta is not None:
        return cfg.delta
    return 0.0 if cfg.margin > 0 else 0.3


def doc_log_ratio(src: Side, tgt: Side) -> float:
    return float(np.log(tgt.chars.sum() + 1.0) - np.log(src.chars.sum() + 1.0))


def fit_params(src: Side, tgt: Side, feats: dict, path: np.ndarray, cfg: AlignSettings) -> np.ndarray:
    """Length ratio, its spread and the deletion threshold, from the rough path's 1-1 steps."""
    log_ratio = doc_log_ratio(src, tgt)
    sigma = 1.0
    steps = np.diff(path, axis=0)
    one_one = path[1:][(steps[:, 0] == 1) & (steps[:, 1] == 1)]
    if len(one_one) >= 5:
        i, j = one_one[:, 0] - 1, one_one[:, 1] - 1
        x = np.log(tgt.chars[j] + 1.0) - np.log(src.chars[i] + 1.0)
        log_ratio = float(np.median(x))
        sigma = float(max(cfg.min_length_spread, 1.4826 * np.median(np.abs(x - log_ratio))))
    delta = initial_delta(cfg)
    params = settings_params(cfg, delta=delta, log_ratio=log_ratio, len_sigma=sigma)
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

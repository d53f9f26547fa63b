"""Document vectors for content pairing, built from sentence embeddings.

Two vectors a document:
- `mean`: the normalised mean of its sentence embeddings (cheap; used to find candidates);
- `pert`: an order-aware vector in the manner of TK-PERT (Thompson & Koehn 2020): the document
  is cut into `segments` soft windows, each a weighted mean of the sentence embeddings under a
  PERT (scaled beta) weight centred on that part of the document; the windows' normalised means
  are concatenated. Two translations tell the same story in the same order, so the beginning
  of one should match the beginning of the other: this separates documents made of the same
  sentences (an update, a digest) that a plain mean cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..regex_cache import compiled

SEGMENTS = 4
# PERT shape: 4 is the classic PERT value (mode weight of a three-point estimate); higher is peakier.
PERT_SHAPE = 4.0

_SENT_END = compiled(r"(?<=[.!?。！？])\s+")


def split_sentences(text: str) -> list[str]:
    """A cheap sentence split for document vectors: lines, then sentence punctuation.
    (Exact boundaries do not matter here; speed does, at 100k documents.)"""
    out = []
    for line in text.splitlines():
        for s in _SENT_END.split(line):
            s = s.strip()
            if s:
                out.append(s)
    return out


def pert_weights(n: int, segments: int = SEGMENTS, shape: float = PERT_SHAPE) -> np.ndarray:
    """(segments, n) weights: row j is a PERT density with its mode at the centre of window j,
    evaluated at each sentence's relative position, normalised to sum to 1."""
    x = (np.arange(n, dtype=np.float64) + 0.5) / max(n, 1)
    modes = (np.arange(segments, dtype=np.float64) + 0.5) / segments
    a = 1.0 + shape * modes[:, None]
    b = 1.0 + shape * (1.0 - modes[:, None])
    logw = (a - 1.0) * np.log(x[None, :]) + (b - 1.0) * np.log1p(-x[None, :])
    w = np.exp(logw - logw.max(axis=1, keepdims=True))
    return (w / w.sum(axis=1, keepdims=True)).astype(np.float32)


def _normalise(v: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(norms, 1e-12)


def doc_vectors(sent_emb: np.ndarray, segments: int = SEGMENTS) -> tuple[np.ndarray, np.ndarray]:
    """(mean (dim,), pert (segments*dim,)) of one document's (n, dim) sentence embeddings; both
    L2-normalised, so a dot product of two pert vectors is the mean of the windows' cosines."""
    dim = sent_emb.shape[1]
    if len(sent_emb) == 0:
        return np.zeros(dim, np.float32), np.zeros(segments * dim, np.float32)
    mean = _normalise(sent_emb.mean(axis=0))
    windows = _normalise(pert_weights(len(sent_emb), segments) @ sent_emb)
    pert = windows.reshape(-1) / np.sqrt(segments)
    return mean.astype(np.float32), pert.astype(np.float32)


def embed_documents(
    docs: Sequence[Sequence[str]],
    encode: Callable[[Sequence[str]], np.ndarray],
    batch_docs: int = 256,
    segments: int = SEGMENTS,
    progress=None,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean (float32) and pert (float16) vectors of documents given as lists of sentences; sentences are embedded a
    batch of documents at a time (the encoder embeds a repeated sentence once), so memory holds
    one batch of sentence embeddings, never the whole archive's."""
    means: np.ndarray | None = None
    perts: np.ndarray | None = None
    for start in range(0, len(docs), batch_docs):
        batch = docs[start : start + batch_docs]
        emb = encode([s for d in batch for s in d])
        if means is None or perts is None:  # filled in place: no list of arrays to stack (twice the memory)
            dim = emb.shape[1]
            means = np.zeros((len(docs), dim), np.float32)
            # float16 halves the largest array of an archive (cosines move by ~1e-3)
            perts = np.zeros((len(docs), segments * dim), np.float16)
        i = 0
        for j, d in enumerate(batch):
            means[start + j], perts[start + j] = doc_vectors(emb[i : i + len(d)], segments)
            i += len(d)
        if progress is not None:
            progress.update(len(batch))
    if means is None or perts is None:
        return np.zeros((0, 512), np.float32), np.zeros((0, segments * 512), np.float16)
    return means, perts

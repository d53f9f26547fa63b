"""Centring a document side's embeddings: take out part of what all its sentences share.

The sentences of one document have a common direction in the encoder's space (its topic,
genre and language): even unrelated sentences of one article have a cosine well above zero,
and that shared part says nothing about which sentence translates which. Subtracting a share
of each side's mean embedding (of its sentences; of its windows of each size for those
windows) and normalising again sharpens the contrast between a translation and a neighbour.
The means are the document's own: nothing is fitted elsewhere. Measured in docs/aligner.md.
"""

from __future__ import annotations

import numpy as np


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)).astype(np.float32)


def _centred(v: np.ndarray, mean: np.ndarray, share: float) -> np.ndarray:
    return _unit(v - share * mean) if len(v) else v


class CenteredParts:
    """A side's `align.embed_parts.SideParts` whose window and piece embeddings come centred:
    windows of each size by `share` x their own mean, pieces by the sentences' mean."""

    def __init__(self, parts, share: float, sentence_mean: np.ndarray) -> None:
        self.parts = parts
        self.share = share
        self.sentence_mean = sentence_mean

    def __len__(self) -> int:
        return len(self.parts)

    def __getattr__(self, name: str):  # cuts, lens, ...: the parts' own
        return getattr(self.parts, name)

    def window_vecs(self, size: int) -> np.ndarray:
        v = self.parts.window_vecs(size)
        return _centred(v, v.mean(axis=0), self.share) if len(v) else v

    def piece_vecs(self, items: list[tuple[int, int, int]]) -> np.ndarray:
        return _centred(self.parts.piece_vecs(items), self.sentence_mean, self.share)


def center_side(lines: list[str], vecs: np.ndarray, parts, share: float) -> tuple[np.ndarray, CenteredParts]:
    """One side's sentence embeddings centred (blank lines stay zero) and its parts to match."""
    mean = vecs.mean(axis=0)
    out = _centred(vecs, mean, share)
    blank = np.array([not s for s in lines], dtype=bool)
    out[blank] = 0.0
    return out, CenteredParts(parts, share, mean)

"""Sentence embeddings that add up: every window of consecutive sentences, at almost no cost.

A window "A B C" sent to the encoder costs as much as its text; the aligner wants every window
of several sentences (up to 4 sentences: about 8.6x the text). But USE sums per-token rows before its
head (`align.use_forward`), and a token's row only depends on its 4 neighbours each side. So
the token sum of "A B" is the sum of A's and B's own sums, less A's end marker and B's begin
marker (which the joined text does not have), plus a correction for the few tokens either side
of the join, whose context changed: those are recomputed once per pair of neighbouring
sentences, on a 16-token snippet. Every window then costs one pass through the small head.

The window embeddings equal the encoder's (cosine 1.0 on most windows; a sentence shorter than
4 tokens in the middle of a window, or a join that the tokenizer reads differently, makes it
approximate: mean cosine 0.997, lowest 0.97 on the French side of de-fr-textberg-dev;
`scripts/bench_parts.py`). Pieces of a sentence between clause cuts (`piece_vecs`) are
estimated from the same sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .use_forward import UseForward


@dataclass
class SideParts:
    """Per-sentence pieces of one side of a document, in the encoder's projected space."""

    sums: np.ndarray  # (n, dim) float32: each sentence's token sum (markers included)
    lens: np.ndarray  # (n,) tokens of each sentence, markers included
    bos: np.ndarray  # (n, dim) its begin marker's row
    eos: np.ndarray  # (n, dim) its end marker's row
    joins: np.ndarray  # (n - 1, dim): what the tokens around the join of q and q + 1 gain
    forward: UseForward
    # pieces (with a cut rule): per sentence the token positions where it may be cut, and the
    # token sum of the sentence up to each cut (all sentences' cuts in order)
    cuts: list[list[int]] | None = None
    cut_prefix: np.ndarray | None = None
    _cut_first: np.ndarray | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.lens)

    def sentence_vecs(self) -> np.ndarray:
        """(n, dim) unit embeddings, the encoder's own."""
        if not len(self):
            return np.zeros((0, self.sums.shape[1]), dtype=np.float32)
        return self.forward.head(self.sums, self.lens)

    def window_vecs(self, size: int) -> np.ndarray:
        """Unit embeddings of every window of `size` sentences; row r is sentences r .. r + size - 1."""
        n = len(self)
        if size < 1 or size > n:
            return np.zeros((0, self.sums.shape[1]), dtype=np.float32)
        # grown one sentence at a time: add the next sentence's sum, less the end marker of the
        # one before and its own begin marker (the joined text has neither), plus their join
        total = self.sums[: n - size + 1].astype(np.float64)
        lens = self.lens[: n - size + 1].astype(np.float64)
        for k in range(1, size):
            nxt = slice(k, n - size + 1 + k)
            prev = slice(k - 1, n - size + k)
            total += self.sums[nxt] - self.eos[prev] - self.bos[nxt] + self.joins[prev]
            lens += self.lens[nxt] - 2
        return self.forward.head(total, lens)

    def piece_vecs(self, items: list[tuple[int, int, int]]) -> np.ndarray:
        """Embeddings of pieces, each (i, x, y): sentence i from its x-th to its y-th cut
        boundary (0 = the start, len(cuts[i]) + 1 = the end). Estimated, not encoded: the
        piece's token rows as read inside the sentence, with the sentence's own begin and end
        markers (mean cosine 0.93-0.97 to encoding the piece on its own, on the bench sets);
        split scores built on them gave the aligner the same strict F1 as encoded pieces
        (docs/aligner.md)."""
        assert self.cuts is not None and self.cut_prefix is not None, "piece_vecs needs a side cut by a cut rule"
        if self._cut_first is None:
            self._cut_first = np.cumsum(np.array([0] + [len(c) for c in self.cuts]))
        total = np.zeros((len(items), self.sums.shape[1]))
        lens = np.zeros(len(items))
        for r, (i, x, y) in enumerate(items):
            k = len(self.cuts[i]) + 1
            pos = (0, *self.cuts[i], int(self.lens[i]))
            base = self._cut_first[i] - 1  # cut boundary z (1..k-1) is cut_prefix row base + z

            def upto(z: int, i: int = i, k: int = k, base: int = base, prefix: np.ndarray = self.cut_prefix) -> float:
                return 0.0 if z == 0 else (self.sums[i] if z == k else prefix[base + z])

            total[r] = upto(y) - upto(x)
            lens[r] = pos[y] - pos[x]
            if x > 0:  # a piece that starts at a cut gets a begin marker
                total[r] += self.bos[i]
                lens[r] += 1
            if y < k:  # and one that ends at a cut an end marker
                total[r] += self.eos[i]
                lens[r] += 1
        return self.forward.head(total, lens)


def side_parts(forward: UseForward, texts: list[str], cut_rule=None) -> SideParts:
    """Encode one side of a document (one text a sentence) into its parts. `cut_rule` (token
    piece strings -> positions) marks where a sentence may be cut into pieces (`piece_vecs`)."""
    seqs = forward.token_ids(texts)
    cuts = None
    if cut_rule is not None:
        cuts = [sorted({c for c in cut_rule(forward.piece_strings(seq)) if 1 < c < len(seq) - 1}) for seq in seqs]
    got = forward.side_sums(seqs, cuts)
    # float32 already with the shipped weights: astype(..., copy=False) makes no copy
    return SideParts(
        sums=got.sums.astype(np.float32, copy=False),
        lens=np.array([len(s) for s in seqs], dtype=np.int64),
        bos=got.bos.astype(np.float32, copy=False),
        eos=got.eos.astype(np.float32, copy=False),
        joins=got.joins.astype(np.float32, copy=False),
        forward=forward,
        cuts=cuts,
        cut_prefix=got.prefixes.astype(np.float32, copy=False) if cuts and len(got.prefixes) else None,
    )

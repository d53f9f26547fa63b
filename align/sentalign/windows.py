"""Encoded windows: the few multi-sentence windows worth sending to the encoder.

A window is `(end, size)`: sentences end - size .. end - 1 of one side. The search reads
`ids[size, end]`, the row of that window's vector in `vecs` (-1: not encoded; the search then
uses the estimate from sentence embeddings). Single sentences are always rows 0..n-1.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


class WindowStore:
    def __init__(self, lines: list[str], vecs: np.ndarray, max_size: int, max_chars: int) -> None:
        n = len(lines)
        self.lines = lines
        self.max_size = max_size
        self.max_chars = max_chars
        self.ids = np.full((max_size + 1, n + 1), -1, dtype=np.int64)
        self.ids[1, 1:] = np.arange(n)
        self._vecs = [vecs.astype(np.float32)]
        self.count = n
        self.encoded_chars = 0

    @property
    def vecs(self) -> np.ndarray:
        if len(self._vecs) > 1:
            self._vecs = [np.concatenate(self._vecs)]
        return self._vecs[0]

    def add(self, windows: Iterable[tuple[int, int]], encoder) -> int:
        """Encode the windows not encoded yet; returns how many were new."""
        n = len(self.lines)
        todo = sorted(
            {(e, k) for e, k in windows if 2 <= k <= self.max_size and k <= e <= n and self.ids[k, e] < 0}
        )
        if not todo:
            return 0
        texts = [" ".join(self.lines[e - k : e])[: self.max_chars] or " " for e, k in todo]
        self.encoded_chars += sum(len(t) for t in texts)
        v = np.asarray(encoder.encode(texts), dtype=np.float32).reshape(len(texts), -1)
        v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        for row, (e, k) in enumerate(todo):
            self.ids[k, e] = self.count + row
        self._vecs.append(v)
        self.count += len(todo)
        return len(todo)

    def add_parts(self, parts) -> int:
        """Every window, from the side's `align.embed_parts.SideParts` (no encoder call)."""
        n = len(self.lines)
        added = 0
        for k in range(2, min(self.max_size, n) + 1):
            v = parts.window_vecs(k)  # row r: the window ending at r + k
            todo = np.nonzero(self.ids[k, k:] < 0)[0]
            if not len(todo):
                continue
            self.ids[k, k + todo] = self.count + np.arange(len(todo))
            self._vecs.append(v[todo].astype(np.float32))
            self.count += len(todo)
            added += len(todo)
        return added

    def add_all(self, encoder) -> int:
        n = len(self.lines)
        return self.add(((e, k) for k in range(2, self.max_size + 1) for e in range(k, n + 1)), encoder)


def windows_to_verify(ends: np.ndarray, types: np.ndarray, max_src: int, max_tgt: int, extend: bool = True):
    """Windows to encode around a first alignment: its own M-N windows, and each unaligned
    sentence merged into the bead before and after it (the choices a window estimate
    gets wrong most often)."""
    src_w: set[tuple[int, int]] = set()
    tgt_w: set[tuple[int, int]] = set()
    beads = [(int(i), int(j), int(types[t, 0]), int(types[t, 1])) for i, j, t in ends]
    for k, (i, j, a, b) in enumerate(beads):
        if a > 1:
            src_w.add((i, a))
        if b > 1:
            tgt_w.add((j, b))
        if a and b:
            if extend and a + b > 2:
                # the rivals of an M-N bead: one sentence more at either end of each side
                for e, k in ((i, a + 1), (i + 1, a + 1)):
                    if k <= max_src:
                        src_w.add((e, k))
                for e, k in ((j, b + 1), (j + 1, b + 1)):
                    if k <= max_tgt:
                        tgt_w.add((e, k))
            continue
        # a null bead: try it inside its neighbours
        for nb in (k - 1, k + 1):
            if not 0 <= nb < len(beads):
                continue
            ni, nj, na, nbb = beads[nb]
            if na == 0 or nbb == 0:
                continue
            if a:  # unaligned source sentence
                end = max(i, ni)
                if na + 1 <= max_src:
                    src_w.add((end, na + 1))
                if nbb > 1:
                    tgt_w.add((nj, nbb))
            else:
                end = max(j, nj)
                if nbb + 1 <= max_tgt:
                    tgt_w.add((end, nbb + 1))
                if na > 1:
                    src_w.add((ni, na))
    return src_w, tgt_w

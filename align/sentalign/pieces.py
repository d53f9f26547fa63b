"""Sub-sentence evidence for 1-N beads: was this sentence split by the translator?

A window's cosine says whether a sentence and two sentences on the other side share content,
but not whether the second sentence belongs there or is an addition (or a deletion) next to a
good 1-1 pair: the cosine barely moves either way. What does tell them apart is the sentence
itself: when a translator turned one sentence into two, the sentence can be cut at a clause
boundary (a comma, a semicolon, a Chinese 、 or an inner full stop) into consecutive pieces that
match the two sentences one by one. `split_score` is the best such cut (mean similarity of the
pieces to their partners); a bead whose single sentence cannot be cut into N pieces at all is a
less likely 1-N bead.

Pieces are encoded on demand, only for the sentences of the 1-N beads an alignment rests on
and their rivals (`split_candidates`), within a character budget.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np

from ..regex_cache import compiled

# a clause boundary: CJK or Latin clause punctuation (and closing quotes after it), or a full
# stop followed by a space (an inner sentence end)
_CUT = compiled(r"[，,；;：:。！？!?、]+[”’\"」』)）]*\s*|\.[”’\"」』)）]*\s+")
MAX_CUTS = 6  # cut points kept per sentence (evenly spread): bounds the pieces of a long sentence
MIN_PIECE = 2  # characters


def cut_points(sentence: str) -> list[int]:
    """Offsets where the sentence may be cut into pieces (never inside a number like 1,000)."""
    cuts = []
    n = len(sentence)
    for m in _CUT.finditer(sentence):
        e = m.end()
        if e < MIN_PIECE or e > n - MIN_PIECE:
            continue
        if m.group()[0] in ",." and m.start() > 0 and sentence[m.start() - 1].isdigit() and sentence[e : e + 1].isdigit():
            continue
        cuts.append(e)
    return _spread_out(cuts)


def _spread_out(cuts: list[int]) -> list[int]:
    """The distinct cut points, at most MAX_CUTS of them, evenly spread over the sentence."""
    cuts = sorted(set(cuts))
    if len(cuts) > MAX_CUTS:
        keep = np.linspace(0, len(cuts) - 1, MAX_CUTS).round().astype(int)
        cuts = [cuts[k] for k in sorted(set(keep.tolist()))]
    return cuts


class PieceStore:
    """Pieces of one side's sentences and their embeddings, encoded when first needed."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.bounds = [[0, *cut_points(s), len(s)] for s in lines]
        self.cuts = np.array([len(b) - 2 for b in self.bounds], dtype=np.int64)
        self.vecs: dict[tuple[int, int, int], np.ndarray] = {}
        self.encoded_chars = 0

    def _ranges(self, i: int, parts: int) -> list[tuple[int, int]]:
        k = len(self.bounds[i]) - 1  # pieces
        if parts == 2:
            return [(0, x) for x in range(1, k)] + [(x, k) for x in range(1, k)]
        return [(x, y) for x in range(k) for y in range(x + 1, k + 1) if (x, y) != (0, k)]

    def ensure(self, wanted: Iterable[tuple[int, int]], encoder, budget: float) -> None:
        """Encode the pieces that splitting sentence i into `parts` needs, for each (i, parts),
        until `budget` characters have been encoded."""
        todo: dict[tuple[int, int, int], str] = {}
        for i, parts in sorted(set(wanted)):
            if self.cuts[i] < parts - 1:
                continue
            b = self.bounds[i]
            for x, y in self._ranges(i, parts):
                key = (i, x, y)
                if key not in self.vecs and key not in todo:
                    todo[key] = self.lines[i][b[x] : b[y]]
        keys, texts, spent = [], [], 0
        for key, text in todo.items():
            if self.encoded_chars + spent + len(text) > budget:
                break
            keys.append(key)
            texts.append(text)
            spent += len(text)
        if not keys:
            return
        v = np.asarray(encoder.encode(texts), dtype=np.float32).reshape(len(texts), -1)
        v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        self.vecs.update(zip(keys, v))
        self.encoded_chars += spent

    def split_score(self, i: int, partners: np.ndarray, loc: float, scale: float) -> float:
        """Best mean similarity (document units) of consecutive pieces of sentence i with the
        len(partners) sentences on the other side, in order; NaN when not computable."""
        parts = len(partners)
        k = len(self.bounds[i]) - 1
        if k < parts:
            return float("nan")
        best = float("nan")
        for cut in itertools.combinations(range(1, k), parts - 1):
            edges = (0, *cut, k)
            total = 0.0
            for r in range(parts):
                v = self.vecs.get((i, edges[r], edges[r + 1]))
                if v is None:
                    break
                total += (float(v @ partners[r]) - loc) / scale
            else:
                score = total / parts
                if not score <= best:  # also replaces NaN
                    best = score
        return best


class PartsPieceStore(PieceStore):
    """Pieces cut at token positions (`token_cut_points`), their embeddings estimated from the
    side's `align.embed_parts.SideParts`: no encoder call, so no budget."""

    def __init__(self, parts) -> None:
        self.parts = parts
        self.bounds = [[0, *c, int(length)] for c, length in zip(parts.cuts, parts.lens)]
        self.cuts = np.array([len(c) for c in parts.cuts], dtype=np.int64)
        self.vecs = {}
        self.encoded_chars = 0
        self._done: set[int] = set()

    def ensure(self, wanted: Iterable[tuple[int, int]], encoder=None, budget: float = 0.0) -> None:
        items = []
        for i in sorted({i for i, parts in wanted if self.cuts[i] >= parts - 1} - self._done):
            k = len(self.bounds[i]) - 1
            items += [(i, x, y) for x in range(k) for y in range(x + 1, k + 1) if (x, y) != (0, k)]
            self._done.add(i)
        if items:  # one pass through the encoder's head for all of them
            self.vecs.update(zip(items, self.parts.piece_vecs(items)))


_CLAUSE = set(",;:。!?、")  # clause punctuation after the tokenizer's normalisation (，becomes ,)
_CLOSE = set("”’\"」』)）")


def token_cut_points(pieces: list[str]) -> list[int]:
    """`cut_points` on a token sequence (vocabulary pieces, the begin and end markers at either
    end): the positions t where a piece may start, with at least one token on each side."""
    last = len(pieces) - 2  # the last real token
    cuts = []
    for t in range(1, last):
        core = pieces[t].lstrip("\u2581")
        if not core or not set(core) <= _CLAUSE | _CLOSE | {"."} or not set(core) & (_CLAUSE | {"."}):
            continue
        u = t + 1
        while u <= last and pieces[u] and set(pieces[u]) <= _CLOSE:
            u += 1  # closing quotes and brackets stay with the clause they close
        if u < 2 or u > last:
            continue
        spaced = pieces[u].startswith("\u2581")
        if not set(core) & _CLAUSE and not spaced:
            continue  # a full stop only ends a clause before a space (not 3.5, not e.g.)
        if core in {",", "."} and not spaced and pieces[t - 1][-1:].isdigit() and pieces[u][:1].isdigit():
            continue  # inside a number: 1,000
        cuts.append(u)
    return _spread_out(cuts)


def split_candidates(beads: list[tuple[int, int, int, int]], max_src: int, max_tgt: int, n: int, m: int):
    """1-N and N-1 beads worth scoring around an alignment (`beads`: (end_i, end_j, a, b)):
    its own, the same less one sentence at either end, and the same grown by a neighbouring
    sentence on the many side; 1-1 beads count only next to an unaligned sentence or an M-N
    bead (where a merge is in question), so the pieces of most sentences are never encoded."""
    out: set[tuple[int, int, int, int]] = set()
    for k, (i, j, a, b) in enumerate(beads):
        if a == 0 or b == 0:
            continue
        if a == 1 and b == 1:
            near = [beads[x] for x in (k - 1, k + 1) if 0 <= x < len(beads)]
            if not any(x[2] != 1 or x[3] != 1 for x in near):
                continue
        if a == 1:
            for nb, end in ((b, j), (b - 1, j), (b - 1, j - 1), (b + 1, j), (b + 1, j + 1)):
                if 2 <= nb <= max_tgt and nb <= end <= m:
                    out.add((i, end, 1, nb))
        if b == 1:
            for na, end in ((a, i), (a - 1, i), (a - 1, i - 1), (a + 1, i), (a + 1, i + 1)):
                if 2 <= na <= max_src and na <= end <= n:
                    out.add((end, j, na, 1))
    return out

"""Moved sentences: a second, non-monotonic pass over what the monotone search left out.

An edition that reorders (a paragraph moved up, a quote placed later) leaves the moved
sentences unaligned on both sides, or forced into a neighbour's bead: the monotone search
cannot pair them. This pass (setting `moved`) looks at the sentences left out, and those in a
doubtful bead (scored < DOUBTFUL) or one whose other side they resemble little (< STRANGER in
document units), pairs a source and a target sentence where the pair clearly stands out from
everything else either could match, and lies at least two beads from where the monotone
alignment put them. The aligner then takes the pairs out of the monotone alignment (their
deletion made free), searches again, and marks each pair's bead as moved.

The score is a probability, as every other bead's: the source sentence's choices are every
target sentence of the document (aligned or not) and staying out, weighed by exp(z / T) with z
the pair's similarity in the document's units (0 = an unrelated pair, 1 = a typical translation)
and T the search's temperature; staying out weighs exp(z_out / T). A target sentence that a bead
of score p already holds is a rival only as far as that bead may be wrong: its weight is
multiplied by max(1 - p, `moved_free_floor`). (Unweighed, the many sentences a long document
pairs surely, each a little like the moved one, drowned its true partner: on the bench's zh-en
pseudo-documents 65% of the moved sentences were recovered unweighed, 84% weighed.) The same
from the target side; a pair's score is the product of both (both sentences must choose each
other). Sentences of a moved paragraph move together, so the same is done with each pair's
similarity read over a run of two (with its diagonal neighbour), and a pair whose neighbour also
pairs counts as backed by it; the score is the best of these. Pairs are taken best first, each
sentence once, when their score is at least `moved_min_score`, or at least RUN_ACCEPT where a
diagonal neighbour also pairs that well (a run of two; such scores run low: on the bench's
pseudo-documents every one was right).
"""

from __future__ import annotations

import numpy as np

from ..model import Bead


def _log_softmax_rows(z: np.ndarray, out_level: float, temperature: float, free: np.ndarray | None = None) -> np.ndarray:
    """Per row: log of exp(z/T) over (sum of the row's exp(z/T) + exp(out_level/T)); `free`: a
    log weight per column added to z/T (how free each sentence of the other side is)."""
    x = z / temperature if free is None else z / temperature + free
    top = np.maximum(x.max(axis=1, keepdims=True), out_level / temperature)
    norm = top + np.log(np.exp(x - top).sum(axis=1, keepdims=True) + np.exp(out_level / temperature - top))
    return x - norm


RUN_ACCEPT = 0.5  # a pair in a run of two pairs that both score this much is taken at this score
RUN_MIN = 0.3  # a pair this likely counts as backing for its diagonal neighbour
_BLOCK = 512  # candidate rows scored at a time: a long document's n x m similarities are never held


def _choice_tables(own, other, rows, cols, loc, scale, out_level, temperature, free) -> tuple[np.ndarray, np.ndarray]:
    """For each candidate sentence (rows) the log probability of choosing each candidate on the
    other side (cols), among every sentence of the other side and staying out: read from the
    pair's similarity (first table), and from its similarity over a run of two (second): the
    mean of the pair's and its diagonal neighbour's (the sentences before, or after, on both
    sides; the better of the two). Sentences of a moved paragraph move together, and a run of
    two stands out from the other side's sentences far more than one pair: unrelated pairs do
    not line up."""
    n_own, n_other = len(own), len(other)
    plain = np.empty((len(rows), len(cols)), dtype=np.float64)
    runs = np.empty((len(rows), len(cols)), dtype=np.float64)
    for r0 in range(0, len(rows), _BLOCK):
        block = list(rows[r0 : r0 + _BLOCK])
        z = ((own[block] @ other.T - loc) / scale).astype(np.float64)
        plain[r0 : r0 + _BLOCK] = _log_softmax_rows(z, out_level, temperature, free)[:, cols]
        run = np.full_like(z, -np.inf)
        for d in (-1, 1):
            nb = [min(max(i + d, 0), n_own - 1) for i in block]
            zn = ((own[nb] @ other.T - loc) / scale).astype(np.float64)
            shifted = np.full_like(zn, -np.inf)  # zn[., j + d] at column j
            if d == 1:
                shifted[:, : n_other - 1] = zn[:, 1:]
            else:
                shifted[:, 1:] = zn[:, : n_other - 1]
            ok = np.array([0 <= i + d < n_own for i in block])[:, None]
            run = np.maximum(run, np.where(ok, 0.5 * (z + shifted), -np.inf))
        run = np.where(np.isfinite(run), run, z)
        runs[r0 : r0 + _BLOCK] = _log_softmax_rows(run, out_level, temperature, free)[:, cols]
    return plain, runs


def moved_pairs(
    s_vecs: np.ndarray,
    t_vecs: np.ndarray,
    src_out: list[int],
    tgt_out: list[int],
    loc: float,
    scale: float,
    out_level: float,
    temperature: float,
    min_score: float,
    s_free: np.ndarray | None = None,
    t_free: np.ndarray | None = None,
) -> list[tuple[int, int, float]]:
    """(source sentence, target sentence, score) for the unaligned sentences that pair up;
    `s_free`/`t_free`: log weights per sentence, how free it is to pair (0: free)."""
    if not src_out or not tgt_out:
        return []
    t = max(temperature, 1e-3)
    ls, ls_run = _choice_tables(s_vecs, t_vecs, src_out, tgt_out, loc, scale, out_level, t, t_free)  # (src_out, tgt_out)
    lt, lt_run = _choice_tables(t_vecs, s_vecs, tgt_out, src_out, loc, scale, out_level, t, s_free)
    score = np.exp(ls + lt.T)
    # a moved paragraph moves its sentences together: a pair whose diagonal neighbour (the
    # sentences before, or after, on both sides) also pairs up is backed by it, as two
    # independent pieces of evidence: 1 - (1 - p)(1 - p_neighbour)
    row = {i: a for a, i in enumerate(src_out)}
    col = {j: b for b, j in enumerate(tgt_out)}
    backed = score.copy()
    for a, i in enumerate(src_out):
        for b, j in enumerate(tgt_out):
            if score[a, b] < RUN_MIN:
                continue
            for di in (-1, 1):
                na, nb = row.get(i + di), col.get(j + di)
                if na is not None and nb is not None and score[na, nb] >= RUN_MIN:
                    backed[a, b] = max(backed[a, b], 1.0 - (1.0 - score[a, b]) * (1.0 - score[na, nb]))
    score = backed
    score = np.maximum(score, np.exp(ls_run + lt_run.T))
    floor = min(min_score, RUN_ACCEPT)

    def in_run(a: int, b: int) -> bool:
        """Whether a diagonal neighbour of the pair also pairs up at RUN_ACCEPT or more."""
        for d in (-1, 1):
            na, nb = row.get(src_out[a] + d), col.get(tgt_out[b] + d)
            if na is not None and nb is not None and score[na, nb] >= RUN_ACCEPT:
                return True
        return False

    found = []
    taken_s: set[int] = set()
    taken_t: set[int] = set()
    for flat in np.argsort(-score, axis=None):
        a, b = divmod(int(flat), len(tgt_out))
        p = float(score[a, b])
        if p < floor:
            break
        if a in taken_s or b in taken_t or (p < min_score and not in_run(a, b)):
            continue
        taken_s.add(a)
        taken_t.add(b)
        found.append((src_out[a], tgt_out[b], p))
    return found


DOUBTFUL = 0.7  # a bead scored under this may hold a sentence the monotone search forced into it
STRANGER = 0.4  # ... and so may a bead whose sentence matches none of its other side this well (document units)


def moved_candidates(
    beads: list[Bead],
    s_vecs: np.ndarray,
    t_vecs: np.ndarray,
    loc: float,
    scale: float,
    out_level: float,
    temperature: float,
    min_score: float,
    s_contentless: np.ndarray | None,
    t_contentless: np.ndarray | None,
    free_floor: float,
    free_margin: float,
) -> list[tuple[int, int, float]]:
    """Pairs out of order: sentences left out or in doubtful beads (score < DOUBTFUL) that choose
    each other (moved_pairs) and lie at least two beads apart in the monotone alignment (nearer,
    the monotone search has already weighed pairing them). `free_floor`: a sentence that a bead
    of score p holds is weighed as a partner by max(1 - p, free_floor) (1: one of a bead scored 0
    to 1 weighs 1, as a free one does). `free_margin`: a sentence of a bead, however sure, is a
    candidate too when a sentence the other side left out matches it by this much more than the
    best of its bead (in document units; inf: never). A moved sentence's partner, left behind,
    is often paired with a neighbour it resembles a little, in a bead sure enough to hide it."""
    # sentences with content on each side: the others (no letter or digit: "", "- -") are never candidates
    s_content = np.ones(len(s_vecs), dtype=bool) if s_contentless is None else ~np.asarray(s_contentless, dtype=bool)
    t_content = np.ones(len(t_vecs), dtype=bool) if t_contentless is None else ~np.asarray(t_contentless, dtype=bool)
    bead_of_s: dict[int, int] = {}
    bead_of_t: dict[int, int] = {}
    src_c: list[int] = []
    tgt_c: list[int] = []
    # the sentences left out on each side: a sentence of a bead that one of these on the other
    # side matches far better than its own bead does was likely paired in the moved one's place
    prefers = bool(np.isfinite(free_margin))
    if prefers:
        s_left = [b.src[0] for b in beads if b.src and not b.tgt and s_content[b.src[0]]]
        t_left = [b.tgt[0] for b in beads if b.tgt and not b.src and t_content[b.tgt[0]]]
        s_best_left = _best_z(s_vecs, t_vecs, t_left, loc, scale)
        t_best_left = _best_z(t_vecs, s_vecs, s_left, loc, scale)
    for k, b in enumerate(beads):
        doubtful = not (b.src and b.tgt) or (b.score is not None and b.score < DOUBTFUL)
        # a sentence that resembles none of its bead's other side was likely forced into it
        if b.src and b.tgt:
            src, tgt = list(b.src), list(b.tgt)
            z = (s_vecs[src] @ t_vecs[tgt].T - loc) / scale
            best_s, best_t = z.max(axis=1), z.max(axis=0)  # each sentence's best in its bead
            weak_s, weak_t = best_s < STRANGER, best_t < STRANGER
            if prefers:
                weak_s |= s_best_left[src] >= best_s + free_margin
                weak_t |= t_best_left[tgt] >= best_t + free_margin
        else:
            weak_s, weak_t = np.ones(len(b.src), dtype=bool), np.ones(len(b.tgt), dtype=bool)
        for x, i in enumerate(b.src):
            bead_of_s[i] = k
            if (doubtful or weak_s[x]) and s_content[i]:
                src_c.append(i)
        for x, j in enumerate(b.tgt):
            bead_of_t[j] = k
            if (doubtful or weak_t[x]) and t_content[j]:
                tgt_c.append(j)
    s_free, t_free = free_weights(beads, len(s_vecs), len(t_vecs), free_floor)
    pairs = moved_pairs(s_vecs, t_vecs, src_c, tgt_c, loc, scale, out_level, temperature, min_score, s_free, t_free)
    return [(i, j, p) for i, j, p in pairs if abs(bead_of_s[i] - bead_of_t[j]) >= 2]


def _best_z(own: np.ndarray, other: np.ndarray, cols: list[int], loc: float, scale: float) -> np.ndarray:
    """Per sentence of `own`, its best similarity (document units) with the `cols` sentences of
    the other side; -inf where there are none. (In blocks of rows: never n x m at once.)"""
    best = np.full(len(own), -np.inf)
    if cols:
        other_cols = other[cols].T
        for r0 in range(0, len(own), _BLOCK):
            best[r0 : r0 + _BLOCK] = ((own[r0 : r0 + _BLOCK] @ other_cols - loc) / scale).max(axis=1)
    return best


def free_weights(beads: list[Bead], n_src: int, n_tgt: int, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """Log weights of each sentence as a partner, per side: log(max(1 - p, floor)) for a sentence
    in an aligned bead of score p (a sentence a sure bead already explains is an unlikely partner
    of another), 0 for one left out or unscored."""
    s_free, t_free = np.zeros(n_src), np.zeros(n_tgt)
    for b in beads:
        if b.src and b.tgt and b.score is not None:
            w = float(np.log(max(1.0 - b.score, floor)))
            s_free[list(b.src)] = w
            t_free[list(b.tgt)] = w
    return s_free, t_free


def mark_moved(beads: list[Bead], pairs: list[tuple[int, int, float]]) -> list[Bead]:
    """The beads with each pair's two deletions replaced by one moved 1-1 bead (where its source
    sentence's deletion was: beads stay in source order, the moved ones out of target order).
    A pair whose sentences are not both left out is not marked."""
    src_out = {b.src[0] for b in beads if b.src and not b.tgt}
    tgt_out = {b.tgt[0] for b in beads if b.tgt and not b.src}
    by_src = {i: (j, p) for i, j, p in pairs if i in src_out and j in tgt_out}
    gone = {j for j, _ in by_src.values()}
    out = []
    for b in beads:
        if b.src and not b.tgt and b.src[0] in by_src:
            j, p = by_src[b.src[0]]
            out.append(Bead(b.src, (j,), round(p, 4), moved=True))
        elif not (b.tgt and not b.src and b.tgt[0] in gone):
            out.append(b)
    return out

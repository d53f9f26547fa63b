"""Split evidence for 1-N beads: cut points, piece scores, which beads get scored."""

from __future__ import annotations

import numpy as np
from test_sentalign import HashEncoder, check_cover

from align.sentalign import align_sentences
from align.sentalign import pieces as pieces_mod
from align.sentalign.pieces import MAX_CUTS, PieceStore, cut_points, split_candidates


def _pieces(s: str) -> list[str]:
    b = [0, *cut_points(s), len(s)]
    return [s[x:y] for x, y in zip(b, b[1:])]


def test_cuts_at_clause_boundaries_not_inside_numbers():
    assert _pieces("It cost 1,000 dollars, he said. Then 3.5 m.") == ["It cost 1,000 dollars, ", "he said. ", "Then 3.5 m."]
    assert _pieces("那男孩道：“呸，你不会摔交。”") == ["那男孩道：", "“呸，", "你不会摔交。”"]
    assert _pieces("가격이 저렴하고, 돈이 들지 않는다. 하드웨어는 비싸다.") == [
        "가격이 저렴하고, ", "돈이 들지 않는다. ", "하드웨어는 비싸다."]
    assert cut_points("No cut here.") == []
    assert cut_points("A, ") == []  # a piece must not be empty


def test_cut_points_are_capped_and_spread():
    s = ", ".join(f"w{k}" for k in range(40))
    cuts = cut_points(s)
    assert len(cuts) == MAX_CUTS
    assert cuts[0] < len(s) // 4 and cuts[-1] > 3 * len(s) // 4


def test_split_score_prefers_pieces_in_order():
    enc = HashEncoder()
    store = PieceStore(["#a one, #b two", "no cut at all"])
    assert list(store.cuts) == [1, 0]
    store.ensure([(0, 2), (1, 2)], enc, budget=1e9)
    a, b = enc.encode(["#a", "#b"])
    in_order = store.split_score(0, np.stack([a, b]), 0.0, 1.0)
    swapped = store.split_score(0, np.stack([b, a]), 0.0, 1.0)
    assert in_order > 0.9 and swapped < 0.5
    assert np.isnan(store.split_score(1, np.stack([a, b]), 0.0, 1.0))  # cannot be cut in two
    assert np.isnan(store.split_score(0, np.stack([a, b, a]), 0.0, 1.0))  # nor in three


def test_piece_budget_is_respected():
    enc = HashEncoder()
    store = PieceStore(["#a one, #b two, #c three"] * 5)
    store.ensure([(i, 2) for i in range(5)], enc, budget=30)
    assert 0 < store.encoded_chars <= 30


def test_candidates_only_where_a_merge_is_in_question():
    # (end_i, end_j, a, b): 1-1, 1-1, 0-1, 1-1, 1-1
    beads = [(1, 1, 1, 1), (2, 2, 1, 1), (2, 3, 0, 1), (3, 4, 1, 1), (4, 5, 1, 1)]
    got = split_candidates(beads, 4, 4, 4, 5)
    assert (2, 3, 1, 2) in got  # source 1 with targets 1-2 (the unaligned one merged)
    assert (3, 4, 1, 2) in got  # source 2 with targets 2-3
    assert all(c[0] != 1 for c in got)  # the first 1-1 bead is among 1-1 beads only


def test_aligner_scores_splits_and_keeps_a_split_sentence_together(monkeypatch):
    calls = []
    real = pieces_mod.PieceStore.split_score

    def spy(self, i, partners, loc, scale):
        calls.append((i, len(partners)))
        return real(self, i, partners, loc, scale)

    monkeypatch.setattr(pieces_mod.PieceStore, "split_score", spy)
    src = ["#a one", "#b one", "#c1 one, #c2 two", "#d one", "#e one", "#f one"]
    tgt = ["#a one", "#b one", "#c1 one", "#c2 two", "#y one", "#d one", "#e one", "#f one"]
    beads = align_sentences(src, tgt, encoder=HashEncoder(), split_weight=0.3)
    check_cover(beads, len(src), len(tgt))
    assert ((2,), (2, 3)) in {(b.src, b.tgt) for b in beads}
    assert (2, 2) in calls  # source sentence 2 was scored as cut in two


def test_a_sentence_without_clause_boundary_costs_a_1_n_bead():
    src = ["#a one", "#b one", "#c1 one #c2 two", "#d one", "#e one"]
    tgt = ["#a one", "#b one", "#c1 one", "#c2 two", "#d one", "#e one"]
    free = {(b.src, b.tgt) for b in align_sentences(src, tgt, encoder=HashEncoder(), nosplit_penalty=0.0)}
    assert ((2,), (2, 3)) in free
    costly = align_sentences(src, tgt, encoder=HashEncoder(), nosplit_penalty=5.0)
    check_cover(costly, len(src), len(tgt))
    assert ((2,), (2, 3)) not in {(b.src, b.tgt) for b in costly}

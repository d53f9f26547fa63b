"""The moved-sentence pass (align.sentalign.moved, setting moved)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_sentalign import HashEncoder

from align.model import AlignedPair, Bead, Row, parse_bead
from align.sentalign import align_sentences
from align.sentalign.moved import free_weights, mark_moved, moved_pairs


def _keys(n: int, tag: str) -> list[str]:
    return [f"#{tag}{i}" for i in range(n)]


def test_a_moved_block_is_recovered_and_marked():
    """Target sentences 3-5 of the source appear at the end of the target: the monotone
    search cannot pair them; the moved pass does, and marks exactly them."""
    src = _keys(20, "k")
    tgt = src[:3] + src[6:] + src[3:6]
    beads = align_sentences(src, tgt, encoder=HashEncoder(), moved=True)
    moved = {(b.src, b.tgt) for b in beads if b.moved}
    assert moved == {((3,), (17,)), ((4,), (18,)), ((5,), (19,))}
    assert all(b.score is not None and 0.9 <= b.score <= 1.0 for b in beads if b.moved)
    # every sentence still once; source order kept
    assert [i for b in beads for i in b.src] == list(range(20))
    assert sorted(j for b in beads for j in b.tgt) == list(range(20))
    # off (the default): the same sentences stay unaligned
    plain = align_sentences(src, tgt, encoder=HashEncoder())
    assert not any(b.moved for b in plain)
    assert {b.src for b in plain if b.src and not b.tgt} >= {(3,), (4,), (5,)}


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_documents_without_moves_are_unchanged(seed):
    """Distinct sentences in order, some left out on either side: nothing moved, the same beads."""
    rng = np.random.default_rng(seed)
    keys = _keys(int(rng.integers(5, 30)), f"d{seed}-")
    src = [k for k in keys if rng.random() > 0.1]
    tgt = [k if rng.random() > 0.1 else f"#other{seed}-{x}" for x, k in enumerate(keys)]
    on = align_sentences(src, tgt, encoder=HashEncoder(), moved=True)
    off = align_sentences(src, tgt, encoder=HashEncoder())
    assert on == off


def test_a_sentence_with_two_equal_partners_is_not_paired():
    """Two target sentences equally like the source sentence: neither pair is sure."""
    v = np.eye(4, dtype=np.float32)
    t = np.stack([v[0], v[0], v[2], v[1]])  # no run of two lines up either pair
    pairs = moved_pairs(v, t, [0], [0, 1], loc=0.0, scale=1.0, out_level=0.5, temperature=0.1, min_score=0.5)
    assert pairs == []
    sure = moved_pairs(v, t, [1], [3], loc=0.0, scale=1.0, out_level=0.5, temperature=0.1, min_score=0.5)
    assert [(i, j) for i, j, _ in sure] == [(1, 3)] and sure[0][2] > 0.9


def test_mark_moved_replaces_two_deletions_with_one_bead():
    beads = [Bead((0,), (0,), 1.0), Bead((1,), (), 0.9), Bead((2,), (1,), 1.0), Bead((), (2,), 0.9)]
    out = mark_moved(beads, [(1, 2, 0.97), (0, 1, 0.99)])  # the second pair is not two deletions
    assert out == [Bead((0,), (0,), 1.0), Bead((1,), (2,), 0.97, moved=True), Bead((2,), (1,), 1.0)]


def test_the_flag_survives_bead_lines_records_and_rows():
    b = Bead((4,), (9,), 0.9731, moved=True)
    assert b.to_line() == "[4]:[9]:0.9731:moved"
    assert parse_bead(b.to_line()) == b
    assert parse_bead("[4]:[9]:0.9731") == Bead((4,), (9,), 0.9731)
    rec = AlignedPair("p", [Bead((0,), (1,), 0.5), b]).to_json()
    assert rec["beads"][1] == [[4], [9], 0.9731]  # the triple stays as before: readers of it are unchanged
    assert AlignedPair.from_json(rec).beads[1].moved
    assert "moved" not in AlignedPair("p", [Bead((0,), (1,), 0.5)]).to_json()
    row = Row("p", "k", "e", [4], [9], 0.97, "a", "b", "u", "v", None, "m", moved=True)
    assert Row.from_json(row.to_json()).moved


def test_a_rival_a_sure_bead_holds_weighs_little():
    """Source 0 is a little more like target 0 (left out) than like target 2, which a sure bead
    pairs with source 2: unweighed, target 2 keeps the pair from being sure; weighed by how
    free it is (1 - its bead's score, at least the floor), it hardly competes."""
    e = np.eye(5, dtype=np.float32)
    s = np.stack([e[0] + 0.8 * e[1], e[3], e[1], e[4]])
    s /= np.linalg.norm(s, axis=1, keepdims=True)
    t = np.stack([e[0], e[4], e[1], e[3]])
    args = dict(loc=0.0, scale=1.0, out_level=0.5, temperature=0.1, min_score=0.8)
    assert moved_pairs(s, t, [0], [0], **args) == []
    beads = [Bead((0,), ()), Bead((1,), (3,), 0.99), Bead((2,), (2,), 0.999), Bead((3,), (1,), 0.99), Bead((), (0,))]
    s_free, t_free = free_weights(beads, 4, 4, 0.1)
    assert s_free[0] == t_free[0] == 0.0 and np.allclose(t_free[[1, 2, 3]], np.log(0.1))
    weighed = moved_pairs(s, t, [0], [0], **args, s_free=s_free, t_free=t_free)
    assert [(i, j) for i, j, _ in weighed] == [(0, 0)] and 0.8 <= weighed[0][2] < 1.0
    # a floor of 1 weighs every sentence 1: as unweighed
    ones = free_weights(beads, 4, 4, 1.0)
    assert moved_pairs(s, t, [0], [0], **args, s_free=ones[0], t_free=ones[1]) == []


def test_moved_free_floor_is_checked():
    import pytest

    from align.sentalign import AlignSettings

    for bad in (0.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="moved_free_floor"):
            AlignSettings.from_kwargs(moved_free_floor=bad)
    assert AlignSettings.from_kwargs(moved_free_floor=1.0).moved_free_floor == 1.0


def test_a_partner_hidden_in_a_sure_bead_is_found_by_the_free_margin():
    """Sources 0 and 1 were translated by targets 5 and 6, moved to the end; the monotone search
    paired them with targets 0 and 1, which they resemble a little (not little enough to be
    strangers), in beads scored 0.95. Only the margin rule makes them candidates: targets 5 and
    6, left out, match them far better than their beads do."""
    from align.sentalign.moved import moved_candidates

    e = np.eye(10, dtype=np.float32)
    s = np.stack([e[0] + 0.5 * e[5], e[1] + 0.5 * e[6], e[2], e[3], e[4]])
    s /= np.linalg.norm(s, axis=1, keepdims=True)
    t = np.stack([e[5], e[6], e[2], e[3], e[4], e[0], e[1]])
    beads = [Bead((k,), (k,), 0.95 if k < 2 else 0.99) for k in range(5)] + [Bead((), (5,)), Bead((), (6,))]
    args = (beads, s, t, 0.0, 1.0, 0.5, 0.1, 0.9, None, None, 0.1)
    assert moved_candidates(*args, float("inf")) == []  # no margin rule
    found = moved_candidates(*args, 0.15)
    assert [(i, j) for i, j, _ in found] == [(0, 5), (1, 6)] and all(p >= 0.9 for _, _, p in found)
    # own bead z = 0.45, left-out partner z = 0.89: a margin past their difference finds nothing
    assert moved_candidates(*args, 0.5) == []


def test_moved_free_margin_is_checked():
    import pytest

    from align.sentalign import AlignSettings

    with pytest.raises(ValueError, match="moved_free_margin"):
        AlignSettings.from_kwargs(moved_free_margin=float("nan"))
    assert AlignSettings.from_kwargs(moved_free_margin=float("inf")).moved_free_margin == float("inf")
    assert AlignSettings.from_kwargs().moved_free_margin == 0.15

"""scripts/bench_align.py's pseudo-documents with a moved block (the moved-sentence measurement)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from bench_align import move_block  # noqa: E402

from align.model import Bead  # noqa: E402


@st.composite
def documents(draw):
    """A gold of 1-1, 1-2 and 0-1 beads over numbered sentences."""
    beads, i, j = [], 0, 0
    for kind in draw(st.lists(st.sampled_from(["11", "11", "11", "12", "01"]), min_size=1, max_size=40)):
        a, b = int(kind[0]), int(kind[1])
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    return [f"s{x}" for x in range(i)], [f"t{x}" for x in range(j)], beads


@settings(max_examples=80, deadline=None)
@given(documents(), st.integers(1, 4), st.integers(0, 1000))
def test_a_moved_block_keeps_every_translation_and_moves_only_it(doc, k, seed):
    src, tgt, gold = doc
    made = move_block(src, tgt, gold, np.random.default_rng(seed), k)
    if made is None:
        return
    new_tgt, new_gold, moved = made
    assert sorted(new_tgt) == sorted(tgt)  # a permutation of the target
    for old, new in zip(gold, new_gold):
        assert old.src == new.src
        assert [tgt[j] for j in old.tgt] == [new_tgt[j] for j in new.tgt]  # the same sentences
    assert len(moved) == k
    for s_idx, t_idx in moved:  # k 1-1 beads, now out of target order
        assert len(s_idx) == len(t_idx) == 1
        assert (s_idx, t_idx) in {(b.src, b.tgt) for b in new_gold}
    # every bead here has target sentences, so the block lands somewhere else
    old_of = {b.src: b.tgt for b in gold}
    assert all(old_of[s_idx] != t_idx for s_idx, t_idx in moved)

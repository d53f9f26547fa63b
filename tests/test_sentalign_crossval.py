"""Cross-validation of the aligner's settings (align.sentalign.crossval)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from align.sentalign.crossval import N_COUNTS, cross_validate, f1_of, star_grid


def _counts(draw, points: int, docs: int) -> np.ndarray:
    return np.array(draw(st.lists(st.integers(0, 30), min_size=points * docs * N_COUNTS, max_size=points * docs * N_COUNTS))).reshape(
        points, docs, N_COUNTS
    )


@st.composite
def tables(draw):
    points = draw(st.integers(1, 4))
    docs = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    return [_counts(draw, points, d) for d in docs]


def test_f1_of_counts():
    c = np.array([8, 2, 6, 4, 0, 0])  # precision 0.8, recall 0.6
    assert abs(float(f1_of(c)) - 2 * 0.8 * 0.6 / 1.4) < 1e-12
    assert float(f1_of(np.zeros(N_COUNTS))) == 0.0


@settings(max_examples=60, deadline=None)
@given(tables())
def test_cv_figure_never_beats_the_in_sample_best_of_each_choice(counts):
    names = [f"s{k}" for k in range(len(counts))]
    for r, c in zip(cross_validate(counts, names), counts):
        per_point = f1_of(c.sum(axis=1))
        # leave-one-set-out scores the set at one of the grid's points
        assert any(abs(r.loso_f1 - f) < 1e-12 for f in per_point)
        assert r.tuned_f1 == float(per_point[0])
        assert 0.0 <= r.cv_high <= 1.0
        if c.shape[1] > 1:
            assert len(r.lodo_choices) == c.shape[1]
        else:
            assert r.lodo_f1 is None


@settings(max_examples=40, deadline=None)
@given(tables(), st.data())
def test_held_out_document_does_not_choose_its_own_setting(counts, data):
    """Changing one held-out document's counts changes no choice made for it."""
    names = [f"s{k}" for k in range(len(counts))]
    s = data.draw(st.integers(0, len(counts) - 1))
    if counts[s].shape[1] < 2:
        return
    d = data.draw(st.integers(0, counts[s].shape[1] - 1))
    before = cross_validate(counts, names)[s].lodo_choices[d]
    changed = [c.copy() for c in counts]
    changed[s][:, d] = _counts(data.draw, counts[s].shape[0], 1)[:, 0]
    assert cross_validate(changed, names)[s].lodo_choices[d] == before


def test_a_setting_best_everywhere_is_chosen_everywhere():
    good = np.array([9, 1, 9, 1, 5, 0])
    bad = np.array([5, 5, 5, 5, 5, 5])
    counts = [np.stack([np.stack([bad] * n), np.stack([good] * n)]) for n in (1, 3, 2)]
    for r in cross_validate(counts, ["a", "b", "c"]):
        assert r.loso_choice == 1
        assert r.loso_f1 == r.best_f1 > r.tuned_f1
        assert all(g == 1 for g in r.lodo_choices)
        assert r.cv_high == 1.0


def test_a_set_that_alone_prefers_a_point_gets_the_others_choice():
    """The set that alone likes point 1 is scored at point 0, which the other sets prefer."""
    hi, lo = np.array([9, 1, 9, 1, 0, 0]), np.array([6, 4, 6, 4, 0, 0])
    counts = [np.array([[lo], [hi]]), np.array([[hi], [lo]]), np.array([[hi], [lo]])]
    r = cross_validate(counts, ["odd", "b", "c"])
    assert r[0].loso_choice == 0 and r[0].loso_f1 < r[0].best_f1 + 1e-12
    assert r[0].loso_f1 == float(f1_of(lo))


def test_star_grid_moves_one_setting_at_a_time():
    grid = star_grid({"a": 1, "b": 2}, {"a": (0, 1, 3), "b": (5,)})
    assert grid == [{}, {"a": 0}, {"a": 3}, {"b": 5}]

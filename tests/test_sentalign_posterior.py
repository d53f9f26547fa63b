"""Posterior decoding (align/sentalign/posterior.py) against enumerating every path of small grids."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from align.sentalign.posterior import INVALID, NEG, band_forward, band_posteriors, max_expected_f1

TYPES = np.array([(1, 0), (0, 1), (1, 1), (1, 2), (2, 1), (2, 2)], dtype=np.int64)


def random_band(n: int, m: int, seed: int):
    """A full band over an n x m grid with random edge values; some M-N beads forbidden (NEG),
    never a deletion, so a path always exists."""
    rng = np.random.default_rng(seed)
    lo = np.zeros(n + 1, dtype=np.int64)
    hi = np.full(n + 1, m, dtype=np.int64)
    edges = np.full((n + 1, m + 1, len(TYPES)), NEG, dtype=np.float32)
    for i, j, t in itertools.product(range(n + 1), range(m + 1), range(len(TYPES))):
        a, b = TYPES[t]
        if i - a >= 0 and j - b >= 0 and (a == 0 or b == 0 or rng.random() > 0.2):
            edges[i, j, t] = rng.normal(0.0, 1.0)
    return lo, hi, edges


def all_paths(n: int, m: int, edges: np.ndarray):
    """Every path from (0, 0) to (n, m) as a list of (i, j, t) bead ends."""
    def walk(i, j):
        if i == 0 and j == 0:
            yield []
            return
        for t, (a, b) in enumerate(TYPES):
            if edges[i, j, t] > NEG and i - a >= 0 and j - b >= 0:
                for head in walk(i - a, j - b):
                    yield head + [(i, j, t)]

    return list(walk(n, m))


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 4), m=st.integers(0, 4), seed=st.integers(0, 10_000), temperature=st.sampled_from([0.3, 1.0, 3.0]))
def test_posteriors_are_the_share_of_weight_of_the_paths_through_each_bead(n, m, seed, temperature):
    lo, hi, edges = random_band(n, m, seed)
    paths = all_paths(n, m, edges)
    weights = [math.exp(sum(float(edges[e]) for e in p) / temperature) for p in paths]
    z = sum(weights)
    alpha = np.full(edges.shape[:2], NEG)
    band_forward(lo, hi, TYPES, edges, 1.0 / temperature, alpha)
    post = edges.copy()  # the posteriors overwrite the values
    log_z, expected = band_posteriors(lo, hi, TYPES, post, 1.0 / temperature, alpha)
    assert abs(log_z - math.log(z)) < 1e-6 * max(1.0, abs(log_z))
    assert abs(expected - sum(len(p) * w for p, w in zip(paths, weights)) / z) < 1e-5 * max(1.0, expected)
    for i, j, t in itertools.product(range(n + 1), range(m + 1), range(len(TYPES))):
        if edges[i, j, t] <= NEG:
            assert post[i, j, t] <= INVALID  # (every allowed bead of a full grid is on some path)
        else:
            want = sum(w for p, w in zip(paths, weights) if (i, j, t) in p) / z
            assert abs(post[i, j, t] - want) < 1e-5, (i, j, t)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 4), m=st.integers(1, 4), seed=st.integers(0, 10_000))
def test_the_decoded_path_has_the_highest_expected_f1(n, m, seed):
    lo, hi, edges = random_band(n, m, seed)
    temperature = 0.5
    paths = all_paths(n, m, edges)
    weights = np.array([math.exp(sum(float(edges[e]) for e in p) / temperature) for p in paths])
    weights /= weights.sum()
    post = {}
    for p, w in zip(paths, weights):
        for e in p:
            post[e] = post.get(e, 0.0) + w
    expected_beads = sum(post.values())

    def expected_f1(p):
        return 2 * sum(post[e] for e in p) / (len(p) + expected_beads)

    ends, probs = max_expected_f1(lo, hi, TYPES, edges, temperature)
    got = [tuple(int(x) for x in row) for row in ends]
    assert got in paths
    assert expected_f1(got) >= max(expected_f1(p) for p in paths) - 1e-5
    assert np.allclose(probs, [post[e] for e in got], atol=1e-5)


def test_a_cold_temperature_gives_the_best_valued_path():
    # as the temperature falls, all the weight goes to the best path, and so does the decoding
    clear = 0
    for seed in range(30):
        lo, hi, edges = random_band(4, 5, seed)
        paths = sorted(all_paths(4, 5, edges), key=lambda p: -sum(float(edges[e]) for e in p))
        ends, probs = max_expected_f1(lo, hi, TYPES, edges.copy(), 0.01)
        assert [tuple(int(x) for x in row) for row in ends] == paths[0]
        runner_up = sum(float(edges[e]) for e in paths[0]) - sum(float(edges[e]) for e in paths[1])
        if runner_up > 0.1:  # no near tie: the best path holds nearly all the weight
            clear += 1
            assert probs.min() > 0.99
    assert clear >= 10


def test_a_narrow_band_decodes_as_the_grid_with_the_cells_outside_it_forbidden():
    # rows of a band differ in width; the entries of a row past its width hold no bead: they
    # are neither read nor written, and count for nothing (not even in the expected number of
    # beads, which sums every posterior)
    lo = np.array([0, 0, 0, 1, 2], dtype=np.int64)
    hi = np.array([1, 3, 4, 5, 5], dtype=np.int64)
    for seed in range(10):
        _, _, grid = random_band(4, 5, seed)
        inside = lambda i, j: 0 <= i <= 4 and lo[i] <= j <= hi[i]  # noqa: E731
        band = np.full((5, 5, len(TYPES)), 7.0, dtype=np.float32)  # what an uninitialised table may hold
        for i, j, t in itertools.product(range(5), range(6), range(len(TYPES))):
            a, b = TYPES[t]
            if not (inside(i, j) and inside(i - a, j - b)):
                grid[i, j, t] = NEG
            if inside(i, j):
                band[i, j - lo[i], t] = grid[i, j, t]
        outside = np.array([[not inside(i, lo[i] + c) for c in range(5)] for i in range(5)])
        full = (np.zeros(5, dtype=np.int64), np.full(5, 5, dtype=np.int64))
        want, want_p = max_expected_f1(*full, TYPES, grid.copy(), 0.5)
        got, got_p = max_expected_f1(lo, hi, TYPES, band, 0.5)
        assert np.array_equal(got, want) and np.allclose(got_p, want_p, atol=1e-5)
        assert (band[outside] == 7.0).all()
        assert (band[~outside] <= 1.0).all()  # every entry of the band is a posterior or INVALID

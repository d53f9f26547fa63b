"""The search's cheap evidence: anchor counts in the similarity band, and the window dot product."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from align.sentalign.anchors import anchor_band

_SETS = st.lists(st.sets(st.sampled_from(["1992", "ibm", "g20", "seoul", "3.5", "kim"]), max_size=3), max_size=25)


@settings(max_examples=200, deadline=None)
@given(src=_SETS, tgt=_SETS, width=st.integers(1, 10), data=st.data())
def test_band_counts_are_the_shared_anchors_of_each_pair(src, tgt, width, data):
    n, m = len(src), len(tgt)
    starts = data.draw(st.lists(st.integers(0, max(m - 1, 0)), min_size=n, max_size=n))
    qlo = np.sort(np.array(starts, dtype=np.int64))
    am, qs, qt = anchor_band(src, tgt, qlo, width)
    want = np.zeros((n, width), dtype=np.float32)
    for p in range(n):
        for c in range(width):
            q = int(qlo[p]) + c
            if q < m:
                want[p, c] = len(src[p] & tgt[q])
    assert np.array_equal(am, want)
    assert list(qs) == [0.0, *np.cumsum([len(x) for x in src])] and list(qt) == [0.0, *np.cumsum([len(x) for x in tgt])]


def test_window_dot_is_the_dot_product():
    # the search's vectorised float32 dot of two encoded windows (search.row_dot)
    from align.sentalign.search import row_dot

    rng = np.random.default_rng(3)
    x = rng.standard_normal((4, 517)).astype(np.float32)  # not a multiple of the vector width
    y = rng.standard_normal((3, 517)).astype(np.float32)
    for k in range(4):
        for q in range(3):
            assert abs(row_dot(x, k, y, q) - float(x[k].astype(np.float64) @ y[q].astype(np.float64))) < 1e-3

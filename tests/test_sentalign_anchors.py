"""Anchor counts in the similarity band: each cell holds how many anchors the two sentences share."""

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

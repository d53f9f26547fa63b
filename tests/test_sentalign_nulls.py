"""The per-document deletion prior (aligner.deletion_prior, setting null_prior)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_sentalign import HashEncoder, check_cover

from align.sentalign import AlignSettings, align_sentences
from align.sentalign.fitting import deletion_prior

TYPES = np.array([(1, 0), (0, 1), (1, 1)], dtype=np.int64)


def _path(kinds: list[int]) -> np.ndarray:
    """Bead ends (i, j, type) of a path made of the given types."""
    i = j = 0
    out = []
    for t in kinds:
        i, j = i + TYPES[t, 0], j + TYPES[t, 1]
        out.append((i, j, t))
    return np.array(out, dtype=np.int64)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 2), min_size=1, max_size=60), st.data())
def test_prior_never_makes_deletions_cheaper_and_grows_with_sure_deletions(kinds, data):
    ends = _path(kinds)
    n, m = int(ends[-1, 0]), int(ends[-1, 1])
    probs = np.array(data.draw(st.lists(st.floats(0, 1), min_size=len(kinds), max_size=len(kinds))))
    cs, ct = np.zeros(n, dtype=bool), np.zeros(m, dtype=bool)
    cfg = AlignSettings(null_prior=0.2)
    bias = deletion_prior(ends, TYPES, probs, cs, ct, cfg)
    assert bias <= 0.0
    assert deletion_prior(ends, TYPES, probs, cs, ct, AlignSettings()) == 0.0  # off by default
    assert deletion_prior(ends, TYPES, None, cs, ct, cfg) == 0.0  # best path: no posteriors
    # every deletion made sure: the document's rate can only rise, its cost only fall
    sure = np.where((TYPES[ends[:, 2], 0] == 0) | (TYPES[ends[:, 2], 1] == 0), 1.0, probs)
    assert deletion_prior(ends, TYPES, sure, cs, ct, cfg) >= bias


def test_lines_without_content_do_not_count_as_deletions():
    ends = _path([2, 2, 0, 0, 0, 2, 2, 2])
    probs = np.ones(len(ends))
    n, m = int(ends[-1, 0]), int(ends[-1, 1])
    cfg = AlignSettings(null_prior=0.2, null_prior_rate=0.05)
    cs = np.zeros(n, dtype=bool)
    with_content = deletion_prior(ends, TYPES, probs, cs, np.zeros(m, dtype=bool), cfg)
    cs[2:5] = True  # the three deleted lines are page furniture
    assert deletion_prior(ends, TYPES, probs, cs, np.zeros(m, dtype=bool), cfg) < with_content


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.1, 0.3]))
def test_with_the_prior_every_sentence_stays_once_in_order(seed, prior):
    rng = np.random.default_rng(seed)
    src = [f"s{i} #{rng.integers(0, 15)}" for i in range(int(rng.integers(1, 40)))]
    tgt = [f"t{j} #{rng.integers(0, 15)}" for j in range(int(rng.integers(1, 40)))]
    check_cover(align_sentences(src, tgt, encoder=HashEncoder(), null_prior=prior), len(src), len(tgt))


def test_collection_rate_counts_sure_deletions_of_lines_with_content():
    from align.model import Bead
    from align.sentalign.aligner import collection_deletion_rate

    src, tgt = ["a b", "c d", "....", "e f"], ["A B", "C D", "E F"]
    beads = [Bead((0,), (0,), 1.0), Bead((1,), (), 0.95), Bead((2,), (), 1.0), Bead((3,), (1,), 0.5), Bead((), (2,), 0.6)]
    # one sure deletion ("c d"); "...." has no content; the 0-1 bead is not sure; 6 lines with content
    assert collection_deletion_rate([(src, tgt, beads)]) == 1 / 6
    assert collection_deletion_rate([]) == 0.0


@given(st.floats(0, 0.2), st.floats(0, 0.2))
def test_a_collection_rate_sets_the_prior_of_every_document(r1, r2):
    ends = _path([2, 0, 2, 1, 2])
    probs = np.full(len(ends), 0.95)
    cs, ct = np.zeros(3, dtype=bool), np.zeros(4, dtype=bool)
    b1 = deletion_prior(ends, TYPES, probs, cs, ct, AlignSettings(null_prior=0.2, null_rate=r1))
    b2 = deletion_prior(ends, TYPES, probs, cs, ct, AlignSettings(null_prior=0.2, null_rate=r2))
    assert b1 <= 0.0 and b2 <= 0.0
    if r1 <= r2:
        assert b1 <= b2  # a collection with fewer sure deletions makes deletions cost more
    if r1 >= 0.01:
        assert b1 == 0.0  # at or above null_prior_rate: nothing changes


def test_align_collection_is_align_sentences_without_the_prior_and_covers_with_it():
    from align.sentalign.aligner import align_collection

    rng = np.random.default_rng(3)
    docs = []
    for d in range(4):
        keys = [f"#c{d}-{i}" for i in range(int(rng.integers(3, 25)))]
        docs.append(([k for k in keys if rng.random() > 0.1], [k if rng.random() > 0.1 else f"#x{d}-{k}" for k in keys]))
    docs.append(([], ["#only"]))
    plain = align_collection(docs, encoder=HashEncoder())
    assert plain == [align_sentences(s, t, encoder=HashEncoder()) for s, t in docs]
    for (s, t), beads in zip(docs, align_collection(docs, encoder=HashEncoder(), null_prior=0.3)):
        check_cover(beads, len(s), len(t))
    # a collection with clear deletions (a tenth of its lines translate nothing): the rate read
    # without the prior is over null_prior_rate, so the prior changes nothing
    from align.sentalign.aligner import collection_deletion_rate

    assert collection_deletion_rate([(s, t, b) for (s, t), b in zip(docs, plain)]) >= AlignSettings().null_prior_rate
    assert align_collection(docs, encoder=HashEncoder(), null_prior=0.3) == plain

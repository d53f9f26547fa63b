"""Centring each side's embeddings on the document's own mean (align/sentalign/centering.py)."""

from __future__ import annotations

import numpy as np
import pytest
from test_embed_parts import EN, KO

from align.embed import get_encoder
from align.sentalign import align_sentences
from align.sentalign.centering import CenteredParts, center_side
from align.sentalign.pieces import token_cut_points


@pytest.fixture(scope="module")
def encoder():
    return get_encoder()


def _unit_rows(n: int, d: int, seed: int, shared: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = rng.standard_normal((n, d)) + shared * rng.standard_normal(d)  # a direction all rows share
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def test_center_side_keeps_unit_rows_and_blank_lines_zero():
    lines = ["a", "", "c", "d"]
    vecs = _unit_rows(4, 16, 0, shared=2.0)
    vecs[1] = 0.0
    out, _ = center_side(lines, vecs, parts=None, share=0.3)
    assert np.allclose(np.linalg.norm(out[[0, 2, 3]], axis=1), 1.0, atol=1e-5)
    assert not out[1].any()
    # a share of 0 changes nothing
    same, _ = center_side(lines, vecs, parts=None, share=0.0)
    assert np.allclose(same, vecs, atol=1e-6)


def test_centring_takes_out_part_of_the_shared_direction():
    vecs = _unit_rows(50, 32, 1, shared=3.0)
    out, _ = center_side(["x"] * 50, vecs, parts=None, share=0.5)
    assert np.linalg.norm(out.mean(axis=0)) < np.linalg.norm(vecs.mean(axis=0)) - 0.05
    full, _ = center_side(["x"] * 50, vecs, parts=None, share=1.0)  # all of it: nothing shared is left
    assert np.linalg.norm(full.mean(axis=0)) < 0.1


def test_centred_parts_centre_windows_and_pieces_and_keep_the_rest(encoder):
    parts = encoder.parts(EN, cut_rule=token_cut_points)
    vecs = parts.sentence_vecs()
    _, centred = center_side(EN, vecs, parts, 0.3)
    assert isinstance(centred, CenteredParts)
    assert len(centred) == len(parts) and centred.cuts == parts.cuts
    raw, win = parts.window_vecs(2), centred.window_vecs(2)
    assert np.allclose(np.linalg.norm(win, axis=1), 1.0, atol=1e-5)
    assert np.linalg.norm(win.mean(axis=0)) < np.linalg.norm(raw.mean(axis=0))
    items = [(i, 0, 1) for i, c in enumerate(parts.cuts) if c]
    if items:
        assert np.allclose(np.linalg.norm(centred.piece_vecs(items), axis=1), 1.0, atol=1e-5)


def test_centring_sharpens_the_contrast_between_translations_and_neighbours(encoder):
    ps, pt = encoder.parts(KO, cut_rule=token_cut_points), encoder.parts(EN, cut_rule=token_cut_points)

    def margin(share: float) -> float:
        s, _ = center_side(KO, ps.sentence_vecs(), ps, share)
        t, _ = center_side(EN, pt.sentence_vecs(), pt, share)
        sim = s @ t.T
        return float(np.mean([sim[i, i] - np.delete(sim[i], i).max() for i in range(len(KO))]))

    assert margin(0.15) > margin(0.0)


def test_the_aligner_with_and_without_centring_on_a_clean_pair(encoder):
    for share in (0.0, 0.15):
        beads = align_sentences(KO, EN, encoder=encoder, center=share)
        assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(len(KO))]

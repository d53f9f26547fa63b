"""Window embeddings from per-sentence parts: they must be the encoder's own, at a fraction of the cost."""

from __future__ import annotations

import numpy as np
import pytest
from test_sentalign import HashEncoder

from align.embed import get_encoder
from align.sentalign import align_sentences
from align.sentalign.pieces import PartsPieceStore, token_cut_points

KO = [
    "정부는 올해 예산을 5% 늘리겠다고 밝혔다.",
    "야당은 이 계획이 재정 건전성을 해친다며 반대했다.",
    "좋다.",
    "전문가들은 경기 회복 속도가 예상보다 느릴 것이라고 전망했다.",
    "서울의 아파트 가격은 지난달 0.3% 올랐다.",
]
EN = [
    "The government said it would raise this year's budget by 5%.",
    "The opposition objected, saying the plan would hurt fiscal soundness.",
    "Fine.",
    "Experts forecast that the recovery would be slower than expected.",
    "Apartment prices in Seoul rose 0.3% last month.",
]
ZH = ["韦小宝笑道：“你不会摔交！”", "那男孩一言不发，左手虚晃。", "他们欠了你钱，不敢不依。"]


@pytest.fixture(scope="module")
def encoder():
    return get_encoder()


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


@pytest.mark.parametrize("lines", [KO, EN, ZH])
def test_sentence_and_window_embeddings_are_the_encoders(encoder, lines):
    parts = encoder.parts(lines)
    assert _cos(parts.sentence_vecs(), encoder.encode(lines)).min() > 0.9999
    for k in range(2, len(lines) + 1):
        texts = [" ".join(lines[r : r + k]) for r in range(len(lines) - k + 1)]
        # "Fine." / "좋다." are shorter than the reach of a token: a window with one inside is close, not exact
        assert _cos(parts.window_vecs(k), encoder.encode(texts)).min() > 0.99
    exact = [r for r in range(len(lines) - 1) if len(lines[r]) > 10 and len(lines[r + 1]) > 10]
    got = parts.window_vecs(2)[exact]
    assert _cos(got, encoder.encode([lines[r] + " " + lines[r + 1] for r in exact])).min() > 0.9999


def test_without_the_join_correction_windows_are_worse(encoder):
    parts = encoder.parts(EN)
    truth = encoder.encode([" ".join(EN[r : r + 2]) for r in range(len(EN) - 1)])
    good = _cos(parts.window_vecs(2), truth).mean()
    parts.joins[:] = 0.0
    assert _cos(parts.window_vecs(2), truth).mean() < good - 0.005


def test_a_join_across_micro_batches_is_exact(encoder):
    # ~60 tokens each: the side is cut into several micro-batches, joins cross them
    lines = [f"Sentence number {k} talks about the budget of the city and how it grew over the past decade, year by year."
             for k in range(40)]
    parts = encoder.parts(lines)
    texts = [lines[r] + " " + lines[r + 1] for r in range(len(lines) - 1)]
    assert _cos(parts.window_vecs(2), encoder.encode(texts)).min() > 0.9999


def test_side_sums_are_the_token_rows_summed(encoder):
    # whole sums exactly as the encoder sums them, and each prefix the rows up to its cut, over
    # several micro-batches (the prefixes are one product; a mix-up of rows or cuts shows here)
    fwd = encoder.parts(["warm up"]).forward
    lines = [f"Clause {k} of the text, with a comma, then another; and an end." for k in range(30)]
    seqs = fwd.token_ids(lines)
    cuts = [[3, len(s) - 4] for s in seqs]
    got = fwd.side_sums(seqs, cuts)
    for k in (0, 13, 29):
        feats, _, _ = fwd._features([seqs[k]])
        proj = lambda rows: rows.sum(axis=0) @ fwd.out_w + len(rows) * fwd.out_b  # noqa: E731
        assert np.allclose(got.sums[k], proj(feats), rtol=1e-5, atol=1e-4)
        assert np.allclose(got.bos[k], proj(feats[:1]), rtol=1e-5, atol=1e-4)
        assert np.allclose(got.eos[k], proj(feats[-1:]), rtol=1e-5, atol=1e-4)
        for c, row in zip(cuts[k], got.prefixes[2 * k : 2 * k + 2]):
            assert np.allclose(row, proj(feats[:c]), rtol=1e-5, atol=1e-4)
    assert not np.allclose(got.prefixes[0], got.prefixes[1], atol=1e-2)


def test_window_vecs_edges(encoder):
    parts = encoder.parts(KO)
    assert np.allclose(parts.window_vecs(1), parts.sentence_vecs(), atol=1e-6)
    assert parts.window_vecs(len(KO)).shape == (1, parts.sums.shape[1])
    assert parts.window_vecs(len(KO) + 1).shape == (0, parts.sums.shape[1])


def test_aligner_uses_parts_and_agrees_with_encoding_every_window(encoder):
    src, tgt = KO * 2, EN * 2
    by_parts = align_sentences(src, tgt, encoder=encoder, windows="parts")
    by_encoding = align_sentences(src, tgt, encoder=encoder, windows="encode")
    assert [(b.src, b.tgt) for b in by_parts] == [(b.src, b.tgt) for b in by_encoding]
    assert all(len(b.src) == 1 and len(b.tgt) == 1 for b in by_parts)
    merged = [KO[0] + " " + KO[1], *KO[2:]] * 2  # one Korean sentence for two English ones
    by_parts = align_sentences(merged, tgt, encoder=encoder, windows="parts")
    by_encoding = align_sentences(merged, tgt, encoder=encoder, windows="encode")
    assert [(b.src, b.tgt) for b in by_parts] == [(b.src, b.tgt) for b in by_encoding]
    assert ((0,), (0, 1)) in [(b.src, b.tgt) for b in by_parts]


def test_an_encoder_without_parts_falls_back_to_verify():
    enc = HashEncoder()
    src = ["#a x", "#b y", "#c z"]
    tgt = ["#a", "#b", "#c"]
    got = align_sentences(src, tgt, encoder=enc, windows="parts")
    want = align_sentences(src, tgt, encoder=enc, windows="verify")
    assert [(b.src, b.tgt) for b in got] == [(b.src, b.tgt) for b in want]


def test_token_cut_points_follow_the_text_rule(encoder):
    fwd = encoder.parts(["x"])  # loads the forward pass
    fwd = encoder._forward

    def pieces_of(line: str) -> list[str]:
        seq = fwd.token_ids([line])[0]
        strings = fwd.piece_strings(seq)
        b = [1, *token_cut_points(strings), len(seq) - 1]
        return ["".join(strings[x:y]).replace("\u2581", " ").strip() for x, y in zip(b, b[1:])]

    assert pieces_of("It cost 1,000 dollars, he said. Then 3.5 m.") == ["It cost 1,000 dollars,", "he said.", "Then 3.5 m."]
    assert pieces_of("가격이 싸고, 돈이 들지 않는다.") == ["가격이 싸고,", "돈이 들지 않는다."]
    assert len(pieces_of("那男孩一言不发，左手虚晃。韦小宝斜身避让。")) == 3
    assert pieces_of("No cut here.") == ["No cut here."]


def test_pieces_from_parts_are_close_to_the_encoders(encoder):
    lines = ["The plan was approved on Monday, and the work starts next spring.",
             "그러나 정부는 야당의 반대에도 불구하고, 예산을 늘리겠다고 밝혔다."]
    parts = encoder.parts(lines, cut_rule=token_cut_points)
    store = PartsPieceStore(parts)
    assert list(store.cuts) == [1, 1]
    store.ensure([(0, 2), (1, 2)])
    for i, line in enumerate(lines):
        cut = line.index(",") + 1
        truth = encoder.encode([line[:cut], line[cut:].strip()])
        got = np.stack([store.vecs[(i, 0, 1)], store.vecs[(i, 1, 2)]])
        assert _cos(got, truth).min() > 0.9  # estimated from the sentence's own token rows
        # and each piece is closer to its own text than to the other piece's
        assert _cos(got, truth[::-1]).max() < _cos(got, truth).min()


def test_an_unaligned_sentence_that_matches_a_piece_of_a_neighbour_gets_piece_evidence(encoder):
    from align.sentalign import AlignSettings
    from align.sentalign.band import full_band
    from align.sentalign.search import N_PARAMS, P_SIMLOC, P_SIMSCALE
    from align.sentalign.splits import SplitEvidence

    src = ["The council met on Monday.", "It approved the new budget after a long debate, and the mayor thanked the staff.",
           "Work starts in May."]
    tgt = ["The council met on Monday.", "It approved the new budget after a long debate.", "The mayor thanked the staff.",
           "Work starts in May."]
    cfg = AlignSettings()
    parts = (encoder.parts(src, cut_rule=token_cut_points), encoder.parts(tgt, cut_rule=token_cut_points))
    s_vecs, t_vecs = parts[0].sentence_vecs(), parts[1].sentence_vecs()
    lo, hi = full_band(len(src), len(tgt))
    splits = SplitEvidence(src, tgt, s_vecs, t_vecs, lo, hi, cfg, None, parts)
    types = np.array(cfg.bead_types(), dtype=np.int64)
    t11, t01 = cfg.bead_types().index((1, 1)), cfg.bead_types().index((0, 1))
    ends = np.array([(1, 1, t11), (2, 2, t11), (2, 3, t01), (3, 4, t11)], dtype=np.int64)  # target 2 unaligned
    params = np.zeros(N_PARAMS)
    params[P_SIMLOC], params[P_SIMSCALE] = 0.0, 1.0
    assert splits.null_evidence(ends, types, params) == 1
    assert splits.null_evidence(ends, types, params) == 0  # computed once
    piece = splits.null_best[1][2]
    whole = float(s_vecs[1] @ t_vecs[2])
    assert piece > whole + 0.1  # "the mayor thanked the staff" is a piece of source 1, not all of it
    assert np.isinf(splits.null_best[1][[0, 1, 3]]).all()


@pytest.mark.parametrize(
    "src,tgt",
    [
        (KO[:2] + [""] + KO[2:], EN),  # a blank line in the middle
        (["가" * 5000, *KO], ["x" * 5000, *EN]),  # sentences over the 2,000-character cut
        (["같은 문장입니다."] * 30, ["The same sentence."] * 25),  # identical lines
        (EN, KO),  # sides in swapped languages
        (["。", "!", "?"], ["...", "-", "."]),  # sentences of one token
    ],
)
def test_bad_input_with_the_real_encoder_and_parts(encoder, src, tgt):
    from test_sentalign import check_cover

    beads = align_sentences(src, tgt, encoder=encoder)
    check_cover(beads, len(src), len(tgt))


def test_parts_do_not_depend_on_the_callers_blas_threads(encoder):
    # OpenBLAS rounds differently on 1 and 2 threads: a pool worker and the driver must agree
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        one = encoder.parts(EN)
        w1, s1 = one.window_vecs(2), one.sentence_vecs()
    with threadpool_limits(limits=2, user_api="blas"):
        two = encoder.parts(EN)
        w2, s2 = two.window_vecs(2), two.sentence_vecs()
    assert np.array_equal(s1, s2) and np.array_equal(w1, w2)


def test_a_1_1_bead_whose_sentence_has_a_piece_of_its_neighbour_gets_crossing_evidence(encoder):
    from align.sentalign import AlignSettings
    from align.sentalign.band import full_band
    from align.sentalign.search import N_PARAMS, P_SIMLOC, P_SIMSCALE
    from align.sentalign.splits import SplitEvidence

    # source 1's first clause is the end of target 0: the translation crosses the boundary
    src = ["The council met on Monday.", "It approved the new budget after a long debate, and the mayor thanked the staff."]
    tgt = ["The council met on Monday and approved the new budget after a long debate.", "The mayor thanked the staff."]
    cfg = AlignSettings(cross_weight=0.1)
    parts = (encoder.parts(src, cut_rule=token_cut_points), encoder.parts(tgt, cut_rule=token_cut_points))
    s_vecs, t_vecs = parts[0].sentence_vecs(), parts[1].sentence_vecs()
    lo, hi = full_band(len(src), len(tgt))
    splits = SplitEvidence(src, tgt, s_vecs, t_vecs, lo, hi, cfg, None, parts)
    types = np.array(cfg.bead_types(), dtype=np.int64)
    t11 = cfg.bead_types().index((1, 1))
    ends = np.array([(1, 1, t11), (2, 2, t11)], dtype=np.int64)
    params = np.zeros(N_PARAMS)
    params[P_SIMLOC], params[P_SIMSCALE] = 0.0, 1.0
    assert splits.cross_evidence(ends, types, params) >= 1
    assert splits.x11[2, 2 - lo[2]] < 0  # the second 1-1 bead is doubted
    assert splits.cross_evidence(ends, types, params) == 0  # computed once
    off = SplitEvidence(src, tgt, s_vecs, t_vecs, lo, hi, AlignSettings(), None, parts)
    assert off.cross_evidence(ends, types, params) == 0 and off.x11.shape == (1, 1)

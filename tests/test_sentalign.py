"""The sentence aligner: coverage and order (property test), bad input, a case with a known answer."""

from __future__ import annotations

import hashlib
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.model import Bead
from align.sentalign import AlignSettings, align_sentences
from align.sentalign.band import band_around, diagonal_path


class HashEncoder:
    """A stand-in encoder: a fixed random unit vector per text, so tests need no model.

    Texts sharing a "#k" tag get nearly the same vector, which lets a test say which
    sentences are translations of each other.
    """

    def encode(self, texts):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            tags = [w for w in t.split() if w.startswith("#")] or [t]
            for tag in tags:
                seed = int(hashlib.md5(tag.encode()).hexdigest()[:8], 16)
                out[i] += np.random.default_rng(seed).standard_normal(64)
            out[i] /= np.linalg.norm(out[i])
        return out


def check_cover(beads: list[Bead], n: int, m: int) -> None:
    """Every sentence in exactly one bead, beads in order, no empty bead, a score on each."""
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert src == list(range(n))
    assert tgt == list(range(m))
    for b in beads:
        assert b.src or b.tgt
        assert b.score is not None and np.isfinite(b.score)
        assert list(b.src) == list(range(b.src[0], b.src[0] + len(b.src))) if b.src else True
        assert list(b.tgt) == list(range(b.tgt[0], b.tgt[0] + len(b.tgt))) if b.tgt else True


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(0, 40),
    m=st.integers(0, 40),
    seed=st.integers(0, 10_000),
    full_band_cells=st.sampled_from([1_000_000, 16]),
    temperature=st.sampled_from([0.0, 0.1, 1.0]),
)
def test_every_sentence_once_in_order(n, m, seed, full_band_cells, temperature):
    rng = np.random.default_rng(seed)
    src = [f"s{seed}-{i} #{rng.integers(0, 12)}" for i in range(n)]
    tgt = [f"t{seed}-{j} #{rng.integers(0, 12)}" for j in range(m)]
    # a tiny full_band_cells forces the recursive coarse-to-fine band search
    # (temperature 0: the best path; above: the path of highest expected F1)
    beads = align_sentences(src, tgt, encoder=HashEncoder(), full_band_cells=full_band_cells, temperature=temperature)
    check_cover(beads, n, m)


def test_known_answer_with_merge_and_deletions():
    # target 2 translates source 2 and 3 together; source 5 and target 5 have no counterpart
    src = ["#a", "#b", "#c", "#d", "#e", "#x", "#f", "#g"]
    tgt = ["#a", "#b", "#c #d", "#e", "#y", "#f", "#g"]
    beads = align_sentences(src, tgt, encoder=HashEncoder())
    check_cover(beads, len(src), len(tgt))
    got = {(b.src, b.tgt) for b in beads}
    for want in [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((6,), (5,)), ((7,), (6,))]:
        assert want in got, (want, sorted(got))


def test_scores_are_the_probability_that_a_bead_is_right():
    # the score of a bead is its posterior under the search's model: near 1 for a clear
    # translation, lower where the document leaves room for another reading (#x against #y);
    # with the temperature at 0 (the best path) it is the bead's value per sentence, as before
    src = ["#a", "#b", "#c", "#d", "#e", "#x", "#f", "#g"]
    tgt = ["#a", "#b", "#c #d", "#e", "#y", "#f", "#g"]
    beads = align_sentences(src, tgt, encoder=HashEncoder())
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    clear = [b.score for b in beads if 5 not in b.src]
    doubtful = [b.score for b in beads if 5 in b.src]
    assert min(clear) > 0.99 and max(doubtful) < 0.9
    best = align_sentences(src, tgt, encoder=HashEncoder(), temperature=0.0)
    assert [(b.src, b.tgt) for b in best] == [(b.src, b.tgt) for b in beads]
    assert all(b.score < 0.99 for b in best if 5 not in b.src)
    # the tail of the target replaced by sentences that translate nothing: the beads forced
    # there are no longer likely
    noisy = align_sentences(src, ["#a", "#b", "#c #d", "#q", "#r", "#s", "#t"], encoder=HashEncoder())
    head = [b.score for b in noisy if b.src and b.src[0] < 4]
    tail = [b.score for b in noisy if b.src and b.tgt and b.src[0] >= 4]
    assert min(head) > 0.9 > max(tail)


@pytest.mark.parametrize("mode", ["neighbours", "knn"])
def test_known_answer_holds_with_either_margin(mode):
    # the margin (off by default) subtracts each bead's neighbourhood similarity: the clear
    # answer above must survive it, and a margin must change the scores it is asked to change
    src = ["#a", "#b", "#c", "#d", "#e", "#x", "#f", "#g"]
    tgt = ["#a", "#b", "#c #d", "#e", "#y", "#f", "#g"]
    plain = align_sentences(src, tgt, encoder=HashEncoder(), windows="estimate")
    beads = align_sentences(src, tgt, encoder=HashEncoder(), windows="estimate", margin=0.3, margin_mode=mode)
    check_cover(beads, len(src), len(tgt))
    got = {(b.src, b.tgt) for b in beads}
    for want in [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((6,), (5,)), ((7,), (6,))]:
        assert want in got, (want, sorted(got))
    assert [b.score for b in beads] != [b.score for b in plain]


def test_a_translation_far_longer_than_the_documents_ratio_stays_aligned():
    # the translator added a lot to sentence 6: its length ratio is far outside the
    # document's spread, but its content matches; the capped length term keeps the pair
    src = [f"#s{i} " + "w" * 40 for i in range(12)]
    tgt = [f"#s{i} " + "w" * 50 for i in range(12)]
    tgt[6] = "#s6 " + "extra words " * 40
    beads = align_sentences(src, tgt, encoder=HashEncoder())
    check_cover(beads, len(src), len(tgt))
    assert all(len(b.src) == 1 and len(b.tgt) == 1 for b in beads), beads
    # without the cap the length term alone outweighs the match: the pair is dropped
    uncapped = align_sentences(src, tgt, encoder=HashEncoder(), length_cap=0.0)
    assert ((6,), (6,)) not in {(b.src, b.tgt) for b in uncapped}


@pytest.mark.parametrize("floor", [0.2, 0.4])
def test_the_fitted_length_spread_has_a_floor(floor):
    # every pair has the same length ratio: the spread would fit to 0 and make any other ratio
    # look impossible; it is taken as the floor instead
    from align.sentalign.features import Side, band_features
    from align.sentalign.fitting import fit_params
    from align.sentalign.search import P_LENSIGMA

    n = 10
    vecs = np.eye(n, 16, dtype=np.float32)
    src = Side(vecs, np.full(n, 30.0), [set() for _ in range(n)])
    tgt = Side(vecs, np.full(n, 60.0), [set() for _ in range(n)])
    lo, hi = band_around(diagonal_path(n, n), n, n, 2)
    feats = band_features(src, tgt, lo, hi, 2, 2, 0)
    path = np.array([(k, k) for k in range(n + 1)])
    params = fit_params(src, tgt, feats, path, AlignSettings(min_length_spread=floor))
    assert params[P_LENSIGMA] == pytest.approx(floor)


def test_a_line_with_no_letter_or_digit_is_left_out():
    # "#" alone (page furniture, OCR debris) shares the tag of "#b #", so the window
    # "#b" + "#" matches that sentence best; a line with nothing to translate stays out anyway
    src = ["#a", "#b #", "#c", "#d"]
    tgt = ["#a", "#b", "#", "#c", "#d"]
    beads = align_sentences(src, tgt, encoder=HashEncoder())
    check_cover(beads, len(src), len(tgt))
    got = {(b.src, b.tgt) for b in beads}
    assert ((1,), (1,)) in got and ((), (2,)) in got, sorted(got)
    # blank lines too: nothing on either side is aligned to them
    beads = align_sentences(["#a", "", "#b"], ["#a", "  ", "#b"], encoder=HashEncoder())
    assert {(b.src, b.tgt) for b in beads} == {((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))}


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 40), m=st.integers(1, 40), seed=st.integers(0, 10_000))
def test_bead_values_kept_between_rounds_change_nothing(n, m, seed):
    # the search rounds read every bead's base value from tables built once (search.py); with
    # the tables not kept each round builds them again, block by block: the same beads and
    # scores, to the bit
    from align.sentalign import search

    rng = np.random.default_rng(seed)
    src = [f"s{seed}-{i}, part #{rng.integers(0, 9)}" for i in range(n)]
    tgt = [f"t{seed}-{j}, part #{rng.integers(0, 9)}" for j in range(m)]
    built = []
    make, limit = search._bead_tables, search.TABLE_ENTRIES
    search._bead_tables = lambda *a: built.append(1) or make(*a)
    try:
        kept = align_sentences(src, tgt, encoder=HashEncoder(), windows="estimate")
        search.TABLE_ENTRIES = 0
        fresh = align_sentences(src, tgt, encoder=HashEncoder(), windows="estimate")
    finally:
        search._bead_tables, search.TABLE_ENTRIES = make, limit
    assert built, "the rounds did not keep the bead values"
    assert [(b.src, b.tgt, b.score) for b in kept] == [(b.src, b.tgt, b.score) for b in fresh]


@pytest.mark.parametrize("temperature", [0.0, 0.1])
def test_blocks_of_rows_change_nothing(temperature):
    # a single search builds the bead tables a block of rows at a time; one row a block must
    # give what one block for the whole band gives (a DP reading a row of the wrong block, or
    # a value from the wrong row, shows here)
    from align.sentalign import search

    src = [f"line {i}, about topic {i % 7}" for i in range(60)]
    tgt = [f"zeile {i}, über thema {i % 7}" for i in range(0, 60) if i % 9 != 4]
    block, limit = search.BLOCK_ENTRIES, search.TABLE_ENTRIES
    try:
        search.TABLE_ENTRIES = 0
        search.BLOCK_ENTRIES = 1 << 30
        kw = dict(windows="estimate", full_band_cells=500, temperature=temperature)
        whole = align_sentences(src, tgt, encoder=HashEncoder(), **kw)
        search.BLOCK_ENTRIES = 1
        rows = align_sentences(src, tgt, encoder=HashEncoder(), **kw)
    finally:
        search.BLOCK_ENTRIES, search.TABLE_ENTRIES = block, limit
    assert [(b.src, b.tgt, b.score) for b in rows] == [(b.src, b.tgt, b.score) for b in whole]
    check_cover(rows, len(src), len(tgt))


def test_long_documents_use_the_band_and_stay_correct():
    n = 3000
    src = [f"#{i}" for i in range(n)]
    tgt = [f"#{i}" for i in range(n) if i % 50 != 7]  # a deletion every 50 sentences
    beads = align_sentences(src, tgt, encoder=HashEncoder(), full_band_cells=10_000)
    check_cover(beads, n, len(tgt))
    ones = sum(1 for b in beads if len(b.src) == 1 and len(b.tgt) == 1)
    assert ones >= 0.97 * len(tgt)


def test_band_always_holds_a_path():
    for n, m in [(1, 9), (9, 1), (50, 3), (3, 50), (100, 100)]:
        lo, hi = band_around(diagonal_path(n, m), n, m, 2)
        assert lo[0] == 0 and hi[-1] == m
        assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0)
        assert np.all(hi[:-1] >= lo[1:]) and np.all(lo <= hi)


@pytest.mark.parametrize(
    "src,tgt",
    [
        ([], []),
        (["#a", "#b"], []),
        ([], ["#a"]),
        (["#a", "", "#b"], ["#a", "#b"]),
        (["#a " + "가" * 5000, "#b"], ["#a", "#b"]),
        (["same line"] * 30, ["same line"] * 25),
    ],
)
def test_bad_input_never_crashes(src, tgt):
    t = time.perf_counter()
    beads = align_sentences(src, tgt, encoder=HashEncoder())
    check_cover(beads, len(src), len(tgt))
    assert time.perf_counter() - t < 30
    if not src or not tgt:
        assert all(not b.src or not b.tgt for b in beads)


def test_cli_single_pair_folders_and_bad_encoding(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from align.commands import sentences as cmd
    from align.model import parse_bead

    monkeypatch.setattr("align.embed.get_encoder", lambda *a, **k: HashEncoder())
    (tmp_path / "src").mkdir()
    (tmp_path / "tgt").mkdir()
    (tmp_path / "src" / "doc1").write_text("#a\n#b\n#c\n", encoding="utf-8")
    (tmp_path / "tgt" / "doc1").write_text("#a\n#b #c\n", encoding="utf-8")
    (tmp_path / "src" / "doc2").write_bytes("#a\n가나다\n".encode("cp949"))
    (tmp_path / "tgt" / "doc2").write_text("#a\n", encoding="utf-8")
    (tmp_path / "src" / "only-here").write_text("#z\n", encoding="utf-8")

    res = CliRunner().invoke(cmd.cli, [str(tmp_path / "src" / "doc1"), str(tmp_path / "tgt" / "doc1")])
    assert res.exit_code == 0, res.output
    beads = [parse_bead(line) for line in res.output.splitlines()]
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1, 2), (1,))]

    res = CliRunner().invoke(cmd.cli, [str(tmp_path / "src" / "doc2"), str(tmp_path / "tgt" / "doc2")])
    assert res.exit_code != 0 and "doc2" in res.output and "UTF-8" in res.output

    out = tmp_path / "out"
    res = CliRunner().invoke(
        cmd.cli, ["--src-dir", str(tmp_path / "src"), "--tgt-dir", str(tmp_path / "tgt"), "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["doc1"]  # doc2 skipped, with its reason
    assert "doc2" in res.output and "only-here" in res.output
    check_cover([parse_bead(x) for x in (out / "doc1").read_text().splitlines()], 3, 2)


def test_cli_takes_any_aligner_setting_and_names_a_bad_one(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from align.commands import sentences as cmd

    monkeypatch.setattr("align.embed.get_encoder", lambda *a, **k: HashEncoder())
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_text("#a\n#b ( ref :\n#x ) .\n#d\n", encoding="utf-8")
    tgt.write_text("#a\n#b\n#d\n", encoding="utf-8")

    def beads(*options: str) -> list[tuple]:
        res = CliRunner().invoke(cmd.cli, [str(src), str(tgt), *options])
        assert res.exit_code == 0, res.output
        return [line.rsplit(":", 1)[0] for line in res.output.splitlines()]

    assert "[1, 2]:[1]" in beads()
    assert "[2]:[]" in beads("--set", "glue_penalty=0")  # the setting reached the aligner
    for bad, said in [("nope=1", "'nope=1'"), ("glue_penalty=much", "float"), ("windows=all", "windows='all'")]:
        res = CliRunner().invoke(cmd.cli, [str(src), str(tgt), "--set", bad])
        assert res.exit_code == 2 and said in res.output, res.output


def test_settings_parse_types_each_value_and_settings_check_their_range():
    assert AlignSettings.parse(["glue-penalty=0.5", "max_total=6", "delta=none", "verify_rivals=yes"]) == {
        "glue_penalty": 0.5, "max_total": 6, "delta": None, "verify_rivals": True
    }
    for bad in (["max_total=1.5"], ["verify_rivals=maybe"], ["radius"]):
        with pytest.raises(ValueError, match="radius|max_total|verify_rivals"):
            AlignSettings.parse(bad)
    with pytest.raises(ValueError, match="max_src"):
        AlignSettings(max_src=0)
    with pytest.raises(ValueError, match="temperature"):
        AlignSettings(temperature=-0.1)


def test_halving_a_side_in_blocks_gives_the_same_bits():
    # the rough path's downsampling averages neighbouring sentences a block of rows at a time
    import align.sentalign.rough as rough
    from align.sentalign.features import Side

    rng = np.random.default_rng(5)
    rows = rough._HALVE_ROWS
    for n in (1, 2, 7, 2 * rows - 1, 2 * rows + 1):
        side = Side(rng.standard_normal((n, 24)).astype(np.float32), rng.integers(0, 300, n).astype(np.float64), [set() for _ in range(n)])
        blocks = rough._halve(side)
        try:
            rough._HALVE_ROWS = 10**9
            whole = rough._halve(side)
        finally:
            rough._HALVE_ROWS = rows
        assert np.array_equal(blocks.vecs, whole.vecs) and len(blocks) == (n + 1) // 2
        # each row is the length-weighted mean direction of its pair
        pair = side.vecs[:2].astype(np.float64) * side.weights()[:2, None]
        want = pair.sum(axis=0) / np.linalg.norm(pair.sum(axis=0))
        assert np.allclose(blocks.vecs[0], want, atol=1e-6)


def test_kernel_inputs_follow_the_kernels_parameters():
    # `_bead_tables(lo, hi, types, r0, r1, *kernel)` unpacks the named inputs by position: a
    # field added, dropped or reordered in KernelInputs without the kernel would hand one array
    # to another's parameter
    import inspect

    from align.sentalign import search

    names = list(inspect.signature(search._bead_tables.py_func).parameters)
    assert names[:5] == ["lo", "hi", "types", "r0", "r1"]
    assert list(search.KernelInputs._fields) == names[5:]

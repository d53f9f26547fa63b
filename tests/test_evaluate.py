"""align.evaluate against hand-computed cases (vecalign score.py semantics)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from align.commands.evaluate import cli
from align.evaluate import document_counts, evaluate_paths, score_documents, strict_f1_interval
from align.model import parse_bead


def beads(*lines: str):
    return [parse_bead(line) for line in lines]


def test_nulls_count_in_precision_only_and_lax_overlap():
    gold = beads("[0]:[0]", "[1]:[1, 2]", "[2]:[]", "[]:[3]")
    test = beads("[0]:[0]", "[1]:[1]", "[]:[2]", "[2]:[]", "[]:[3]")
    # precision over the 5 test beads:
    #   [0]:[0] strict hit; [1]:[1] strict miss but lax hit (gold links 1 -> {1, 2});
    #   []:[2] strict miss and lax miss (no source side to overlap);
    #   [2]:[] and []:[3] are gold beads: strict hits.
    #   strict 3/5 = 0.6, lax 4/5 = 0.8
    # recall over the gold beads with both sides: [0]:[0] hit; [1]:[1, 2] strict miss, lax hit
    #   (test links 1 -> {1}). strict 1/2, lax 2/2
    s = score_documents([gold], [test])
    assert s.precision_strict == pytest.approx(0.6)
    assert s.precision_lax == pytest.approx(0.8)
    assert s.recall_strict == pytest.approx(0.5)
    assert s.recall_lax == pytest.approx(1.0)
    assert s.f1_strict == pytest.approx(2 * 0.6 * 0.5 / 1.1)  # 0.5454...
    assert s.f1_lax == pytest.approx(2 * 0.8 * 1.0 / 1.8)  # 0.8888...


def test_counts_are_summed_over_documents_not_averaged():
    gold_a, test_a = beads("[0]:[0]"), beads("[0]:[0]")
    gold_b = beads("[0]:[0]", "[1]:[1]", "[2]:[2]")
    test_b = beads("[0, 1]:[0, 1]", "[2]:[2]")
    # doc a: P 1/1, R 1/1.  doc b: P strict 1/2 (the 2-2 bead misses), R strict 1/3.
    # summed: P strict 2/3, R strict 2/4 (a per-document mean would give R = 2/3).
    # lax: the 2-2 bead overlaps gold 0-0 and 1-1, so P lax 3/3 and R lax 4/4.
    s = score_documents([gold_a, gold_b], [test_a, test_b])
    assert s.precision_strict == pytest.approx(2 / 3)
    assert s.recall_strict == pytest.approx(0.5)
    assert s.f1_strict == pytest.approx(4 / 7)  # 2 * (2/3) * (1/2) / (7/6)
    assert s.precision_lax == pytest.approx(1.0)
    assert s.recall_lax == pytest.approx(1.0)
    assert s.documents == 2


def test_all_null_test_scores_zero_and_duplicates_count_once():
    gold = beads("[0]:[0]")
    # both nulls miss strictly and laxly; no test bead with both sides, so recall 0
    s = score_documents([gold], [beads("[0]:[]", "[]:[0]")])
    assert (s.precision_strict, s.precision_lax, s.recall_strict, s.recall_lax) == (0, 0, 0, 0)
    assert s.f1_strict == 0 and s.f1_lax == 0
    # a bead repeated, and an empty []:[] bead, are counted once / not at all
    p, r = document_counts(gold, beads("[0]:[0]", "[0]:[0]", "[]:[]"))
    assert (p.strict_hit, p.strict_miss) == (1, 0)
    assert (r.strict_hit, r.strict_miss) == (1, 0)


def test_empty_test_gives_zero_not_an_error():
    s = score_documents([beads("[0]:[0]")], [[]])
    assert s.precision_strict == 0.0 and s.recall_strict == 0.0 and s.f1_strict == 0.0


def test_cli_folders_table_and_json(tmp_path):
    gold, test = tmp_path / "gold", tmp_path / "test"
    gold.mkdir()
    test.mkdir()
    (gold / "001").write_text("[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[]:[3]\n")
    (test / "001").write_text("[0]:[0]:0.9\n[1]:[1]:0.8\n[]:[2]:0\n[2]:[]:0\n[]:[3]:0\n")
    res = CliRunner().invoke(cli, [str(gold), str(test), "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["precision_strict"] == pytest.approx(0.6) and d["recall_lax"] == pytest.approx(1.0)
    res = CliRunner().invoke(cli, [str(gold), str(test)])
    assert res.exit_code == 0 and "0.600" in res.output and "0.545" in res.output
    assert "interval" not in res.output and "f1_strict_interval" not in d
    # one document of fewer than 20 beads is one block: the interval is the figure itself
    res = CliRunner().invoke(cli, [str(gold), str(test), "--json", "--interval"])
    lo, hi = json.loads(res.output)["f1_strict_interval"]
    assert lo == pytest.approx(d["f1_strict"]) and hi == pytest.approx(d["f1_strict"])
    res = CliRunner().invoke(cli, [str(gold), str(test), "--interval"])
    assert res.exit_code == 0 and "bootstrap interval: 0.545-0.545" in res.output


def test_missing_test_document_and_bad_line_are_clear_errors(tmp_path):
    gold, test = tmp_path / "gold", tmp_path / "test"
    gold.mkdir()
    test.mkdir()
    (gold / "001").write_text("[0]:[0]\n")
    (gold / "002").write_text("[0]:[0]\n")
    (test / "001").write_text("[0]:[0]\n")
    with pytest.raises(ValueError, match="002"):
        evaluate_paths(gold, test)
    (test / "002").write_text("[0]:[0]\nnot a bead\n")
    with pytest.raises(ValueError, match=r"002:2"):
        evaluate_paths(gold, test)
    res = CliRunner().invoke(cli, [str(gold), str(test)])
    assert res.exit_code != 0 and "002:2" in res.output


def _doc_with_errors(n: int, every: int) -> tuple[list, list]:
    """n 1-1 gold beads; the test merges every `every`-th pair with the next into a 2-2 bead."""
    gold = [((i,), (i,)) for i in range(n)]
    test, i = [], 0
    while i < n:
        if i % every == 0 and i + 1 < n:
            test.append(((i, i + 1), (i, i + 1)))
            i += 2
        else:
            test.append(((i,), (i,)))
            i += 1
    return gold, test


def test_strict_f1_interval_brackets_the_figure_and_uses_its_counts():
    gold, test = _doc_with_errors(400, 7)
    f1 = score_documents([gold], [test]).f1_strict
    # one block holding the whole document: every resample is the document itself
    lo, hi = strict_f1_interval([gold], [test], block=10**6)
    assert lo == pytest.approx(f1) and hi == pytest.approx(f1)
    lo, hi = strict_f1_interval([gold], [test], block=20)
    assert lo < f1 < hi and hi - lo < 0.2
    assert strict_f1_interval([gold], [test], block=20) == (lo, hi)  # seeded
    # more text of the same kind: a narrower interval
    lo4, hi4 = strict_f1_interval([gold] * 4, [test] * 4, block=20)
    assert hi4 - lo4 < hi - lo
    assert strict_f1_interval([gold], [gold]) == (1.0, 1.0)
    assert strict_f1_interval([], []) == (0.0, 0.0)


def test_score_calibration_bins_the_aligned_beads_and_ranks_right_above_wrong():
    from align.evaluate import score_calibration

    gold = beads("[0]:[0]", "[1]:[1]", "[2]:[2, 3]", "[3]:[]", "[4]:[4]", "[5]:[5]")
    # right: 0.95, 0.6, 0.995; wrong: 0.6 ([2]:[2]), 0.2 ([3]:[4]); null beads and an unscored
    # bead are left out
    test = beads("[0]:[0]:0.95", "[1]:[1]:0.6", "[2]:[2]:0.6", "[]:[3]:0.99", "[3]:[4]:0.2", "[4]:[]:0.9", "[5]:[5]:0.995", "[6]:[6]")
    cal = score_calibration([gold], [test], (0.0, 0.5, 0.9))
    assert [(b.low, b.beads) for b in cal.bins] == [(0.0, 1), (0.5, 2), (0.9, 2)]
    assert [b.mean_score for b in cal.bins] == pytest.approx([0.2, 0.6, 0.9725])
    assert [b.precision_strict for b in cal.bins] == pytest.approx([0.0, 0.5, 1.0])
    # 3 right x 2 wrong pairs: right above wrong in 5, one tie (0.6 and 0.6) counts half
    assert cal.auc == pytest.approx(5.5 / 6)
    assert score_calibration([gold], [beads("[0]:[0]:0.3")]).auc == 0.5  # no wrong bead to rank against
    with pytest.raises(ValueError):
        score_calibration([gold], [test, test])


def test_precision_by_score_keeps_the_aligned_beads_at_or_above_each_threshold(tmp_path):
    from align.evaluate import precision_by_score

    gold = beads("[0]:[0]", "[1]:[1]", "[2]:[2, 3]", "[3]:[]", "[4]:[4]")
    # right at 0.9 and 0.7; lax only at 0.4 ([2]:[2] inside [2]:[2, 3]); wrong at 0.1 ([3]:[4]);
    # a null bead is never counted (the filter drops unaligned rows); [4]:[] is left out
    test = beads("[0]:[0]:0.9", "[1]:[1]:0.7", "[2]:[2]:0.4", "[]:[3]:0", "[3]:[4]:0.1", "[4]:[]:0")
    cuts = precision_by_score([gold], [test], (0.0, 0.3, 0.5, 0.95))
    assert [c.kept for c in cuts] == [4, 3, 2, 0]
    assert [c.share for c in cuts] == pytest.approx([1.0, 0.75, 0.5, 0.0])
    assert [c.precision_strict for c in cuts] == pytest.approx([0.5, 2 / 3, 1.0, 0.0])
    assert [c.precision_lax for c in cuts] == pytest.approx([0.75, 1.0, 1.0, 0.0])
    with pytest.raises(ValueError):
        precision_by_score([gold], [test, test], (0.0,))

    g, t = tmp_path / "g", tmp_path / "t"
    g.write_text("\n".join(b.to_line() for b in gold) + "\n")
    t.write_text("[0]:[0]:0.9\n[1]:[1]:0.7\n[2]:[2]:0.4\n[]:[3]:0\n[3]:[4]:0.1\n[4]:[]:0\n")
    res = CliRunner().invoke(cli, [str(g), str(t), "--json", "--by-score"])
    assert res.exit_code == 0, res.output
    rows = {r["min_score"]: r for r in json.loads(res.output)["by_score"]}
    assert rows[0.5]["kept"] == 2 and rows[0.5]["precision_strict"] == pytest.approx(1.0)
    assert rows[0.0]["precision_strict"] == pytest.approx(0.5)
    res = CliRunner().invoke(cli, [str(g), str(t), "--by-score"])
    assert res.exit_code == 0 and "| 0.5 | 2 | 0.500 | 1.000 | 1.000 |" in res.output


SAMPLE_GOLD = __import__("pathlib").Path(__file__).resolve().parents[1] / "corpora" / "sample" / "gold"


def test_sample_gold_is_in_the_layout_align_evaluate_reads() -> None:
    """gold/src and gold/tgt (what `align sentences --src-dir/--tgt-dir` reads) and gold/beads
    (what `align evaluate` reads) hold the same document names, and the beads cover the lines."""
    names = {side: sorted(p.name for p in (SAMPLE_GOLD / side).iterdir()) for side in ("src", "tgt", "beads")}
    assert all(n.endswith(".txt") for n in names["beads"])  # so `align run corpora/sample` does not read them as pages
    assert names["src"] == names["tgt"] == names["beads"] and len(names["beads"]) >= 6
    assert not [p for p in SAMPLE_GOLD.iterdir() if p.is_file()]  # nothing else mixed in
    res = CliRunner().invoke(cli, [str(SAMPLE_GOLD / "beads"), str(SAMPLE_GOLD / "beads"), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["f1_strict"] == 1.0 and json.loads(res.output)["documents"] == len(names["beads"])
    for name in names["beads"]:
        src = (SAMPLE_GOLD / "src" / name).read_text(encoding="utf-8").splitlines()
        gold = beads(*(SAMPLE_GOLD / "beads" / name).read_text(encoding="utf-8").splitlines())
        assert max(i for b in gold for i in b.src) == len(src) - 1


@pytest.mark.slow
def test_align_sentences_then_evaluate_on_the_sample_gold(tmp_path) -> None:
    from align.cli import main

    out = tmp_path / "beads"
    res = CliRunner().invoke(main, ["sentences", "--src-dir", str(SAMPLE_GOLD / "src"), "--tgt-dir",
                                    str(SAMPLE_GOLD / "tgt"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["evaluate", str(SAMPLE_GOLD / "beads"), str(out), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["f1_strict"] >= 0.9


def test_the_gold_root_points_to_its_beads(tmp_path) -> None:
    res = CliRunner().invoke(cli, [str(SAMPLE_GOLD), str(tmp_path)])
    assert res.exit_code != 0 and f"its gold beads are in {SAMPLE_GOLD / 'beads'}" in res.output

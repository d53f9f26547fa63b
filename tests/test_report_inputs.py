"""Bad input to `align bleu`: each a clear message naming the file, and a non-zero exit."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_report_data import PAIRS, make_dataset, write_lines

from align.commands.bleu import cli
from align.report.errors import ReportInputError
from align.report.script import check_script, line_script
from align.report.systems import parse_spec
from align.report.textfile import read_lines, split_lines


@pytest.fixture()
def ds(tmp_path):
    d = make_dataset(tmp_path / "ds", n_articles=3, per_article=5)
    src, ref = tmp_path / "src.ko", tmp_path / "ref.en"
    r = CliRunner().invoke(cli, ["--dataset", str(d), "--direction", "ko-en",
                                 "--write-source", str(src), "--write-reference", str(ref)])
    assert r.exit_code == 0, r.output
    return d, src.read_text(encoding="utf-8").splitlines(), ref.read_text(encoding="utf-8").splitlines()


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_line_count_mismatch_names_file_and_both_counts(ds, tmp_path):
    d, _, refs = ds
    short = write_lines(tmp_path / "short.en", refs[:-2])
    r = run("--dataset", d, "--direction", "ko-en", short)
    assert r.exit_code != 0
    assert "short.en: 13 lines, but the references" in r.output and "have 15" in r.output


def test_every_bad_file_is_reported_in_one_run(ds, tmp_path):
    d, _, refs = ds
    a = write_lines(tmp_path / "a.en", refs[:3])
    b = write_lines(tmp_path / "b.en", refs + ["extra"])
    r = run("--dataset", d, "--direction", "ko-en", a, b, tmp_path / "missing.en")
    assert r.exit_code != 0
    assert "3 problems" in r.output
    assert "a.en: 3 lines" in r.output and "b.en: 16 lines" in r.output and "missing.en: no such file" in r.output


def test_empty_lines_are_counted_and_reported(ds, tmp_path):
    d, _, refs = ds
    hyp = list(refs)
    hyp[3] = hyp[10] = ""
    f = write_lines(tmp_path / "gaps.en", hyp)
    js = tmp_path / "r.json"
    r = run("--dataset", d, "--direction", "ko-en", f, "--json", js, "--resamples", "10", "--quiet")
    assert r.exit_code == 0, r.output
    assert "gaps.en): 2 of 15 lines are empty (line 4, 11)" in r.output
    row = json.loads(js.read_text(encoding="utf-8"))["systems"][0]
    assert row["empty_lines"] == 2 and row["empty_line_numbers"] == [4, 11]
    assert row["scores"]["BLEU"]["score"] < 100


def test_wrong_encoding_is_named_with_the_line(ds, tmp_path):
    d, src, _ = ds
    f = tmp_path / "euckr.ko"
    f.write_bytes(("\n".join(src) + "\n").encode("cp949"))
    r = run("--dataset", d, "--direction", "en-ko", f)
    assert r.exit_code != 0
    assert "euckr.ko: not UTF-8" in r.output and "on line 1" in r.output


def test_korean_output_for_an_english_target_is_refused(ds, tmp_path):
    d, src, _ = ds
    f = write_lines(tmp_path / "out.txt", src)  # the Korean source handed in as English output
    r = run("--dataset", d, "--direction", "ko-en", f)
    assert r.exit_code != 0
    assert "out.txt: 15 of 15 lines are mostly Hangul" in r.output and "English" in r.output
    assert "looks like the source file" in r.output


def test_english_output_for_a_korean_target_is_refused(ds, tmp_path):
    d, _, refs = ds
    f = write_lines(tmp_path / "out.txt", refs)
    r = run("--dataset", d, "--direction", "en-ko", f)
    assert r.exit_code != 0
    assert "out.txt: 15 of 15 lines are mostly Latin letters" in r.output and "Korean" in r.output


def test_unknown_split_and_missing_dataset(ds, tmp_path):
    d, _, refs = ds
    f = write_lines(tmp_path / "h.en", refs)
    r = run("--dataset", d, "--split", "dev", "--direction", "ko-en", f)
    assert r.exit_code != 0 and "unknown split 'dev'" in r.output and "test, train" in r.output
    r = run("--dataset", tmp_path / "nothing", "--direction", "ko-en", f)
    assert r.exit_code != 0 and "no such dataset folder" in r.output


def test_usage_errors(ds, tmp_path):
    d, _, refs = ds
    f = write_lines(tmp_path / "h.en", refs)
    assert run("--direction", "ko-en", f).exit_code != 0  # neither --dataset nor --ref
    r = run("--dataset", d, "--ref", f, "--direction", "ko-en", f)
    assert r.exit_code != 0 and "either --dataset" in r.output
    r = run("--dataset", d, "--direction", "ko-en")
    assert r.exit_code != 0 and "at least one SYSTEM" in r.output
    r = run("--dataset", d, "--direction", "ko-en", f, "--seed", "0")
    assert r.exit_code != 0
    r = run("--dataset", d, "--direction", "ko-en", f"x={f}", f"x={f}")
    assert r.exit_code != 0 and "'x' is already used" in r.output


def test_partial_copy_of_the_source_is_a_warning_not_an_error(ds, tmp_path):
    d, src, refs = ds
    hyp = [s if i < 4 else r for i, (s, r) in enumerate(zip(src, refs))]
    f = write_lines(tmp_path / "lazy.en", hyp)
    r = run("--dataset", d, "--direction", "ko-en", f, "--resamples", "0", "--quiet")
    assert r.exit_code == 0, r.output
    assert "4 of 15 lines are copied from the source side unchanged (line 1, 2, 3, 4)" in r.output


def test_ref_file_mode_with_source_and_docs(tmp_path):
    ref = write_lines(tmp_path / "ref.ko", [k for k, _ in PAIRS])
    src = write_lines(tmp_path / "src.en", [e for _, e in PAIRS])
    docs = write_lines(tmp_path / "docs.txt", ["d1"] * 6 + ["d2"] * 6)
    js = tmp_path / "r.json"
    page = tmp_path / "r.html"
    r = run("--ref", ref, "--src", src, "--docs", docs, "--direction", "en-ko", f"ident={ref}", "--json", js,
            "--html", page, "--resamples", "0", "--quiet")
    assert r.exit_code == 0, r.output
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and "BLEU (ko-mecab)" in page.read_text(encoding="utf-8")
    rep = json.loads(js.read_text(encoding="utf-8"))
    assert [a["id"] for a in rep["breakdowns"]["articles"]] == ["d1", "d2"]
    assert rep["systems"][0]["scores"]["BLEU"]["score"] == 100
    short_docs = write_lines(tmp_path / "docs2.txt", ["d1"] * 5)
    r = run("--ref", ref, "--docs", short_docs, "--direction", "en-ko", ref)
    assert r.exit_code != 0 and "docs2.txt: 5 article ids" in r.output
    r = run("--ref", ref, "--direction", "ko-en", ref)
    assert r.exit_code != 0 and "ref.ko: 12 of 12 lines are mostly Hangul" in r.output


def test_line_script_and_threshold():
    assert line_script("서울에서 열린 G20 정상회의") == "ko"
    assert line_script("The KOSPI rose 2% in 서울") == "en"
    assert line_script("2024. 3. 1.") is None
    mostly_en = ["Hello world"] * 6 + ["안녕하세요"] * 4
    assert check_script(mostly_en, "en", "f", "output") is None  # 4 untranslated of 10: poor, not wrong
    assert "6 of 10 lines are mostly Latin" in check_script(mostly_en, "ko", "f", "output")


def test_lines_are_read_like_sacrebleu(tmp_path):
    assert split_lines("a \nb\r\n\nc") == ["a", "b", "", "c"]
    assert split_lines("a\n") == ["a"] and split_lines("") == []
    assert split_lines("x\u2028y\n") == ["x\u2028y"]  # only \n ends a line, as in sacrebleu's CLI
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufeffone\n\ntwo\n".encode("utf-8"))
    t = read_lines(f)
    assert t.lines == ["one", "", "two"] and t.empty == [2]
    assert parse_spec("big=out/x.txt") == ("big", "out/x.txt")
    assert parse_spec("out/x.txt") == ("x", "out/x.txt")
    with pytest.raises(ReportInputError, match="no such file"):
        read_lines(tmp_path / "nope")

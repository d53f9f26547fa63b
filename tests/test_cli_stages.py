"""The stage subcommands chain by hand as `align run` chains them."""

from pathlib import Path

from click.testing import CliRunner

from align.atomic import read_jsonl
from align.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"


def test_extract_pair_segment_by_hand(tmp_path):
    r = CliRunner()
    arts, pairs, segs = tmp_path / "a.jsonl", tmp_path / "p.jsonl", tmp_path / "s.jsonl"
    assert r.invoke(main, ["extract", str(SAMPLE), "-o", str(arts), "--quiet"]).exit_code == 0
    res = r.invoke(main, ["pair", str(arts), "-o", str(pairs), "--no-content-pairing"])
    assert res.exit_code == 0, res.output
    got = list(read_jsonl(pairs))
    assert len(got) == 12 and {p["method"] for p in got} <= {"link", "id"}
    assert {s["reason"] for s in read_jsonl(f"{pairs}.skipped.jsonl")} == {"original-missing"}
    res = r.invoke(main, ["segment", str(pairs), "-o", str(segs)])
    assert res.exit_code == 0, res.output
    seg = list(read_jsonl(segs))
    assert [s["pair_id"] for s in seg] == [p["pair_id"] for p in got]
    assert all(s["ko"] and s["en"] and len(s["ko"]) == len(s["ko_para"]) for s in seg)


def test_pair_without_arguments_says_what_to_give():
    res = CliRunner().invoke(main, ["pair"])
    assert res.exit_code != 0 and "ARTICLES -o PAIRS" in res.output


def test_segment_rejects_a_file_that_is_not_pairs(tmp_path):
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"nope": 1}\n')
    res = CliRunner().invoke(main, ["segment", str(bad), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code != 0 and "not a pairs file" in res.output


def test_extract_runs_on_a_pool_and_gives_the_same_articles(tmp_path):
    r = CliRunner()
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert r.invoke(main, ["extract", str(SAMPLE / "pages"), "-o", str(one), "--quiet"]).exit_code == 0
    res = r.invoke(main, ["extract", str(SAMPLE / "pages"), "-o", str(two), "--quiet", "--workers", "2", "--shard-size", "4"])
    assert res.exit_code == 0, res.output
    assert one.read_bytes() == two.read_bytes() and one.stat().st_size > 0
    assert not (tmp_path / ".two.jsonl.work").exists()  # the work folder goes once the articles are written


def test_one_spelling_per_option():
    r = CliRunner()
    for cmd, wanted, gone in (
        ("run", ("--out", "--workers", "--set", "--content-pairing", "--recipes"), ("--aligner-set", "--jobs")),
        ("extract", ("--out", "--workers", "--dask-local", "--scheduler", "--recipes"), ("--output",)),
        ("pair", ("--out", "--content-pairing", "--min-margin"), ("--threshold", "--content ")),
        ("segment", ("--out", "--workers"), ()),
        ("sentences", ("--out", "--workers", "--set"), ()),
    ):
        text = r.invoke(main, [cmd, "--help"]).output
        for opt in wanted:
            assert opt in text, (cmd, opt)
        for opt in gone:
            assert opt not in text, (cmd, opt)

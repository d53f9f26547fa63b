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
    res = r.invoke(main, ["pair", str(arts), "-o", str(pairs), "--no-content"])
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

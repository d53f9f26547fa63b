"""The row filter: each rule fires on the rows it is meant for, and real translations pass."""

from collections import Counter

import pytest

from align.filter import FilterConfig, filter_rows, hangul_share, verdict
from align.model import Row


def row(ko: str, en: str, ko_idx=(0,), en_idx=(0,), score: float = 0.8) -> Row:
    return Row(
        pair_id="p1", ko=ko, en=en, ko_idx=list(ko_idx), en_idx=list(en_idx), score=score,
        ko_article_id="site:1", en_article_id="site:e1", ko_url="http://k/1", en_url="http://e/1",
        date="2024-05-01", pair_method="link",
    )


GOOD_KO = "정부는 내년 예산안을 국회에 제출했다고 밝혔다."
GOOD_EN = "The government said it had submitted next year's budget proposal to the National Assembly."


@pytest.mark.parametrize(
    "r, reason",
    [
        (row(GOOD_KO, GOOD_EN), ""),
        (row("삼성전자의 3분기 영업이익은 9조 1000억원으로 집계됐다.",
             "Samsung Electronics posted an operating profit of 9.1 trillion won in the third quarter."), ""),
        (row("BTS의 RM이 UN에서 연설했다.", "BTS's RM gave a speech at the UN."), ""),  # Latin-heavy Korean still passes
        (row(GOOD_KO, "", en_idx=()), "unaligned"),
        (row("", GOOD_EN, ko_idx=()), "unaligned"),
        (row("   ", GOOD_EN), "empty"),
        (row(GOOD_KO, " \n"), "empty"),
        (row("Seoul Metropolitan Government", "Seoul Metropolitan Government"), "copied"),
        (row(GOOD_KO, GOOD_KO), "copied"),
        (row("Moon Jae-in meets Biden in Seoul today", "Moon Jae-in meets Biden in Seoul, today!"), "copied"),
        (row("The ministry announced the plan on Monday.", "Officials unveiled a different scheme last week."), "wrong-language"),
        (row(GOOD_KO, "정부는 예산안을 제출했다. The government submitted it."), "wrong-language"),
        (row("예산안 제출", GOOD_EN + " " + GOOD_EN + " " + GOOD_EN), "length-ratio"),
        (row(GOOD_KO * 3, "Budget."), "length-ratio"),
        (row(GOOD_KO, GOOD_EN, score=-0.2), "low-score"),
    ],
)
def test_each_rule(r: Row, reason: str) -> None:
    assert verdict(r) == reason


def test_short_rows_escape_the_length_rule() -> None:
    # "네." / "Yes, indeed." has a wild ratio but is too short to judge
    assert verdict(row("네.", "Yes, indeed.")) == ""


def test_filter_rows_sets_verdicts_and_counts() -> None:
    rows = [row(GOOD_KO, GOOD_EN), row("", GOOD_EN, ko_idx=()), row(GOOD_KO, GOOD_EN, score=0.1)]
    counts: Counter = Counter()
    out = list(filter_rows(rows, counts=counts, min_score=0.5))
    assert [(r.kept, r.reason) for r in out] == [(True, ""), (False, "unaligned"), (False, "low-score")]
    assert counts == Counter({"kept": 1, "unaligned": 1, "low-score": 1})


def test_score_rule_can_be_turned_off() -> None:
    assert verdict(row(GOOD_KO, GOOD_EN, score=-5), FilterConfig(min_score=None)) == ""


def test_unknown_setting_is_named() -> None:
    with pytest.raises(ValueError, match="min_scor"):
        list(filter_rows([row(GOOD_KO, GOOD_EN)], min_scor=0.5))


def test_hangul_share() -> None:
    assert hangul_share("한국어 text") == pytest.approx(3 / 7)
    assert hangul_share("ㅋㅋㅋ") == 1.0
    assert hangul_share("2024.") == 0.0


def test_filter_command_rewrites_verdicts(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from align.atomic import read_jsonl, write_jsonl
    from align.cli import main

    rows = [row(GOOD_KO, GOOD_EN, score=0.9), row(GOOD_KO, GOOD_EN, score=0.2), row("", GOOD_EN, ko_idx=())]
    write_jsonl(tmp_path / "rows.jsonl", rows)
    r = CliRunner().invoke(main, ["filter", str(tmp_path), "--min-score", "0.5"])
    assert r.exit_code == 0, r.output
    assert "3 rows, 1 kept, 2 dropped" in r.output
    got = [(d["kept"], d["reason"]) for d in read_jsonl(tmp_path / "rows.jsonl")]
    assert got == [(True, ""), (False, "low-score"), (False, "unaligned")]
    assert json.loads((tmp_path / "rows.jsonl").read_text().splitlines()[0])["ko"] == GOOD_KO


def gold_rows(folder):
    """Rows from hand-aligned gold beads (src/NAME.txt and tgt/NAME.txt one sentence a line, beads/NAME.txt)."""
    from align.model import parse_bead

    rows = []
    for gold in sorted((folder / "beads").iterdir()):
        ko = (folder / "src" / gold.name).read_text(encoding="utf-8").splitlines()
        en = (folder / "tgt" / gold.name).read_text(encoding="utf-8").splitlines()
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                b = parse_bead(line)
                r = row(" ".join(ko[i] for i in b.src), " ".join(en[j] for j in b.tgt), b.src, b.tgt)
                r.pair_id = gold.stem
                rows.append(r)
    return rows


def test_sample_gold_translations_pass_and_null_beads_do_not() -> None:
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "corpora" / "sample" / "gold"
    if not folder.is_dir():
        pytest.skip("sample corpus gold not present")
    rows = gold_rows(folder)
    verdicts = Counter(verdict(r) for r in rows if r.ko_idx and r.en_idx)
    assert verdicts == Counter({"": verdicts[""]}) and verdicts[""] > 40  # every real translation kept
    assert all(verdict(r) == "unaligned" for r in rows if not (r.ko_idx and r.en_idx))


def test_benchmark_gold_translations_pass() -> None:
    from pathlib import Path

    from align.model import parse_bead

    bench = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "align" / "ko-en-park-dev"
    if not bench.is_dir():
        pytest.skip("shared benchmark not present")
    kept = total = 0
    for gold in sorted((bench / "gold").iterdir()):
        ko = (bench / "src" / gold.name).read_text(encoding="utf-8").splitlines()
        en = (bench / "tgt" / gold.name).read_text(encoding="utf-8").splitlines()
        for line in gold.read_text(encoding="utf-8").splitlines():
            b = parse_bead(line)
            if b.src and b.tgt:
                total += 1
                kept += verdict(row(" ".join(ko[i] for i in b.src), " ".join(en[j] for j in b.tgt), b.src, b.tgt)) == ""
    assert total > 700 and kept / total >= 0.99

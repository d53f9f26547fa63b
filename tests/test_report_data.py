"""Builders of small test sets for the report tests (a dataset folder per docs/pipeline.md, plain
files), and checks that the loader reads them as the contract says."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from align.report.errors import ReportInputError
from align.report.testset import load_dataset_split, load_reference_files, split_files

# Small invented sentences (not from any corpus): Korean source, English reference.
PAIRS = [
    ("정부는 오늘 새로운 경제 정책을 발표했다.", "The government announced a new economic policy today."),
    ("서울의 기온이 영하 10도까지 떨어졌다.", "The temperature in Seoul dropped to minus 10 degrees."),
    ("대통령은 기자회견에서 개혁을 약속했다.", "The president promised reform at a press conference."),
    ("이 회사는 작년에 매출이 두 배로 늘었다.", "The company doubled its sales last year."),
    ("학생들은 도서관에서 시험 공부를 했다.", "The students studied for the exam in the library."),
    ("전문가들은 물가 상승을 우려하고 있다.", "Experts are worried about rising prices."),
    ("새 지하철 노선이 다음 달에 개통된다.", "A new subway line will open next month."),
    ("선수들은 결승전에서 최선을 다했다.", "The players did their best in the final match."),
    ("국회는 예산안을 표결에 부쳤다.", "The National Assembly put the budget bill to a vote."),
    ("시민들은 공원에서 축제를 즐겼다.", "Citizens enjoyed the festival in the park."),
    ("은행은 금리를 0.25%포인트 인상했다.", "The bank raised interest rates by 0.25 percentage points."),
    ("태풍이 남해안에 큰 피해를 입혔다.", "The typhoon caused heavy damage on the south coast."),
]


def make_dataset(root: Path, n_articles: int = 4, per_article: int = 6, seed: int = 0,
                 splits: tuple[str, ...] = ("train", "test")) -> Path:
    """A dataset folder with `translation` {en, ko} and provenance columns, rows of a pair consecutive."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(seed)
    (root / "data").mkdir(parents=True, exist_ok=True)
    for split in splits:
        rows: dict[str, list] = {k: [] for k in ("translation", "pair_id", "ko_article_id", "en_article_id",
                                                  "ko_url", "en_url", "date", "bead", "bead_type", "score", "sent_index")}
        for a in range(n_articles):
            for k in range(per_article):
                ko, en = rng.choice(PAIRS)
                rows["translation"].append({"en": en, "ko": ko})
                rows["pair_id"].append(f"{split}-p{a}")
                rows["ko_article_id"].append(f"hani:{split}{a}")
                rows["en_article_id"].append(f"hani-en:{split}{a}")
                rows["ko_url"].append(f"https://example.org/ko/{a}")
                rows["en_url"].append(f"https://example.org/en/{a}")
                rows["date"].append(None)
                rows["bead"].append(f"[{k}]:[{k}]")
                rows["bead_type"].append("1-1")
                rows["score"].append(0.5)
                rows["sent_index"].append(k)
        table = pa.table({
            "translation": pa.array(rows["translation"], pa.struct([("en", pa.string()), ("ko", pa.string())])),
            **{c: pa.array(rows[c], pa.string())
               for c in ("pair_id", "ko_article_id", "en_article_id", "ko_url", "en_url", "date", "bead", "bead_type")},
            "score": pa.array(rows["score"], pa.float32()),
            "sent_index": pa.array(rows["sent_index"], pa.int32()),
        })
        pq.write_table(table, root / "data" / f"{split}-00000-of-00001.parquet")
    return root


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    return path


def test_dataset_split_loads_in_row_order_with_articles(tmp_path):
    d = make_dataset(tmp_path / "ds")
    assert set(split_files(d)) == {"train", "test"}
    ts = load_dataset_split(d, "test", "ko-en")
    assert len(ts) == 24 and ts.tgt_lang == "en"
    assert all(r in {en for _, en in PAIRS} for r in ts.refs)
    assert all(s in {ko for ko, _ in PAIRS} for s in ts.source)
    assert ts.doc_ids[:7] == ["hani:test0"] * 6 + ["hani:test1"]
    assert ts.docs["hani:test0"]["pair_id"] == "test-p0"
    rev = load_dataset_split(d, "test", "en-ko")
    assert rev.refs == ts.source and rev.source == ts.refs


def test_unknown_split_names_the_ones_there(tmp_path):
    d = make_dataset(tmp_path / "ds")
    with pytest.raises(ReportInputError, match=r"unknown split 'validation'; this dataset has test, train"):
        load_dataset_split(d, "validation", "ko-en")
    with pytest.raises(ReportInputError, match="no such dataset folder"):
        load_dataset_split(tmp_path / "nope", "test", "ko-en")


def test_reference_file_in_the_wrong_language_is_refused(tmp_path):
    ko = write_lines(tmp_path / "ref.ko", [k for k, _ in PAIRS])
    with pytest.raises(ReportInputError, match=r"ref.ko: 12 of 12 lines are mostly Hangul.*English"):
        load_reference_files(ko, "ko-en")
    ts = load_reference_files(ko, "en-ko", source=write_lines(tmp_path / "src.en", [e for _, e in PAIRS]))
    assert ts.tgt_lang == "ko" and len(ts.source) == 12

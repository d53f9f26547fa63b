"""Article and Skipped write their JSON by hand (for speed): it must stay asdict's, key order included."""

import dataclasses
import json

from align.model import Article, Skipped, dumps
from align.stages.extract import EXTRACT


def test_article_to_json_is_asdict() -> None:
    a = Article("s:1", "ko", "https://x.kr/1", "제목", None, "기자", ["첫 문단\u2028둘", "b"], "u", None, "s", "p")
    d = a.to_json()
    assert d == dataclasses.asdict(a) and list(d) == [f.name for f in dataclasses.fields(Article)]
    d["paragraphs"].append("x")  # a copy, as asdict's
    assert a.paragraphs == ["첫 문단\u2028둘", "b"]


def test_skipped_to_json_is_asdict() -> None:
    s = Skipped("extract", "a.html", "no-body", "nothing")
    assert s.to_json() == dataclasses.asdict(s) and list(s.to_json()) == [f.name for f in dataclasses.fields(Skipped)]


def test_extract_counts_lines_as_decoded_records() -> None:
    a = Article("s:1", "en", "u", "t", None, None, ["p\u2028q"])
    lines = [dumps({"article": a.to_json()}), dumps({"skipped": Skipped("extract", "b", "no-body").to_json()}),
             dumps({"article": a.to_json()})]
    assert EXTRACT.count_lines(lines) == EXTRACT.count([json.loads(line) for line in lines])



def test_align_extract_keeps_an_article_holding_a_line_separator(tmp_path) -> None:
    """The stage copies each article's line out of its shard: U+2028, U+2029 and NEL (left unescaped by
    JSON) are no line ends."""
    from click.testing import CliRunner

    from align.cli import main

    title = "A story\u2028in two\u2029parts\x85and three"
    text = "\n\n".join(f"Paragraph {k} of the story tells what happened on the day, in plain words." for k in range(6))
    rec = {"url": "https://news.example.com/a/1", "title": title, "lang": "en", "text": text}
    (tmp_path / "dump.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "a.jsonl"
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "dump.jsonl"), "-o", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    lines = out.read_text(encoding="utf-8").split("\n")
    assert len(lines) == 2 and lines[1] == ""
    art = json.loads(lines[0])
    assert art["title"] == title and lines[0] == dumps(art)

"""scripts/fundus_pages.py on a checkout written here in fundus's layout: each saved page read
with the test case of the parser version of its date, checked by title; a publisher whose
pages and versions do not pair up, and a page without its title, left out."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from fundus_pages import body_text, build  # noqa: E402


def _page(title: str, text: str) -> bytes:
    return gzip.compress(f"<html><head><title>{title} | The Daily</title></head><body><p>{text}</p></body></html>".encode())


def _case(title: str, *paragraphs: str, headline: str = "") -> dict:
    return {"title": title, "body": {"summary": ["A summary line."],
                                     "sections": [{"headline": [headline] if headline else [], "paragraphs": list(paragraphs)}]}}


def test_pages_paired_with_their_versions_cases_by_date_and_checked_by_title(tmp_path: Path) -> None:
    us = tmp_path / "fundus" / "tests" / "resources" / "parser" / "test_data" / "us"
    us.mkdir(parents=True)
    # two pages, two versions: the older page goes with V1, the newer with V1_1 (not V2 < V1_1 by text)
    (us / "Daily_2023_04_28.html.gz").write_bytes(_page("Old layout story", "Old text."))
    (us / "Daily_2025_01_02.html.gz").write_bytes(_page("New layout story", "New text."))
    (us / "Daily.json").write_text(json.dumps({"V1_1": _case("New layout story", "New text."),
                                               "V1": _case("Old layout story", "Old text.", headline="Sub")}))
    # a publisher with more versions than pages: left out
    (us / "Other_2024_01_01.html.gz").write_bytes(_page("Other story", "Text."))
    (us / "Other.json").write_text(json.dumps({"V1": _case("Other story", "Text."), "V2": _case("x", "y")}))
    # a page whose title is not the case's: left out
    (us / "Wrong_2024_01_01.html.gz").write_bytes(_page("Some other title", "Text."))
    (us / "Wrong.json").write_text(json.dumps({"V1": _case("The expected title", "Text.")}))
    (us / "meta.info").write_text(json.dumps({
        "Daily_2023_04_28.html.gz": {"url": "https://daily.example/old", "crawl_date": "2023-04-28 10:00:00"},
        "Daily_2025_01_02.html.gz": {"url": "https://daily.example/new", "crawl_date": "2025-01-02 10:00:00"},
    }))
    out = tmp_path / "out"
    assert build(tmp_path / "fundus", out, ("us", "uk")) == (2, 2)
    truth = json.loads((out / "ground-truth.json").read_text(encoding="utf-8"))
    assert truth["Daily_2023_04_28"] == {"articleBody": "A summary line.\nSub\nOld text.", "url": "https://daily.example/old"}
    assert truth["Daily_2025_01_02"]["articleBody"] == "A summary line.\nNew text."
    assert sorted(p.name for p in (out / "pages").iterdir()) == ["Daily_2023_04_28.html", "Daily_2025_01_02.html"]
    left = json.loads((out / "manifest.json").read_text())["left_out"]
    assert any("Other_2024_01_01" in x and "1 pages for 2 parser versions" in x for x in left)
    assert any("Wrong_2024_01_01" in x and "title" in x for x in left)
    # every country folder: here the one
    de = us.parent / "de"
    de.mkdir()
    (de / "Blatt_2024_02_02.html.gz").write_bytes(_page("Neue Geschichte", "Text."))
    (de / "Blatt.json").write_text(json.dumps({"V1": _case("Neue Geschichte", "Text.")}))
    (us.parent / "__init__.py").write_text("")
    assert build(tmp_path / "fundus", tmp_path / "all", ("all",)) == (3, 2)
    assert json.loads((tmp_path / "all" / "manifest.json").read_text())["countries"] == ["de", "us"]


def test_body_text_and_a_wrong_folder() -> None:
    assert body_text({"body": {"summary": [], "sections": [{"headline": [" "], "paragraphs": ["P."]}]}}) == "P."
    with pytest.raises(SystemExit, match="is it a checkout of flairNLP/fundus"):
        build(Path("/nonexistent"), Path("/tmp/never-written"))

"""scripts/trafilatura_checks.py on a checkout written here in trafilatura's layout: its
assertions read without running them, pages extracted, lines counted both ways."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from trafilatura_checks import read_checks, run  # noqa: E402

TESTS = '''
MOCK_PAGES = {"https://news.example.com/a/12345": "news.example.a.html", "https://gone.example.com/1": "gone.html"}

def test_extract(xmloutput):
    result = do_load_page("https://news.example.com/a/12345")
    assert "Seoul will open 20 new city bus routes" in result
    assert "Share this story" not in result and "fares would   not change" in result
    if xmloutput is False:
        assert "Read the comments" not in result
    result = do_load_page("https://gone.example.com/1")
    assert "anything" in result
    raise SystemExit("the file is read, never run")
'''
PARAGRAPHS = [
    "Seoul will open 20 new city bus routes next year, the city government said on Monday, most of them linking new towns.",
    "A city official said the goal was to ease rush-hour crowding and that fares would not change when the routes open.",
]


def test_assertions_are_read_per_page() -> None:
    pages, checks = read_checks(TESTS)
    assert pages["https://news.example.com/a/12345"] == "news.example.a.html"
    assert sorted(checks["https://news.example.com/a/12345"]) == [
        ("Read the comments", False), ("Seoul will open 20 new city bus routes", True),
        ("Share this story", False), ("fares would   not change", True),
    ]


def test_lines_counted_on_the_extracted_page(tmp_path: Path) -> None:
    (tmp_path / "tests" / "cache").mkdir(parents=True)
    (tmp_path / "tests" / "realworld_tests.py").write_text(TESTS, encoding="utf-8")
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (
        f"<html><head><title>Buses</title></head><body><div class='article-body'>{body}</div>"
        "<div class='share'><a href='#'>Share this story</a></div>"
        "<div id='comments'><a href='#c'>Read the comments</a></div></body></html>"
    )
    (tmp_path / "tests" / "cache" / "news.example.a.html").write_text(html, encoding="utf-8")
    counts = run(tmp_path)  # the second page's file is missing: left out, not counted
    assert counts == {"pages": 1, "skipped": 0, "wanted": 2, "found": 2, "unwanted": 2, "left_out": 2}


def test_a_folder_that_is_not_a_checkout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="realworld_tests.py"):
        run(tmp_path)

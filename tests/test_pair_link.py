"""Pairing by link or declared id."""

from __future__ import annotations

import contextlib
import random
import re
from pathlib import Path

import pytest

from align.extract import SkipPage, extract_page
from align.model import Article
from align.pair.link import pair_by_link, pair_id

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"


@pytest.fixture(scope="module")
def sample_articles() -> list[Article]:
    out = []
    for path in sorted((SAMPLE / "pages").rglob("*.html")):
        with contextlib.suppress(SkipPage):
            out.append(extract_page(path.read_bytes(), None, str(path)))
    return out


def test_every_linked_pair_in_the_sample_and_nothing_else(sample_articles) -> None:
    pairs, skipped, leftover = pair_by_link(sample_articles)
    gold_names = {p.stem for p in (SAMPLE / "gold" / "beads").glob("*.txt")}
    found = {p.pair_id for p in pairs}
    assert gold_names <= found  # every pair with gold beads is found under the gold's name
    assert found == gold_names | {"hanbit-1144506~hanbit-1144566"}  # + the reordered pair (no gold)
    assert {p.pair_id: p.method for p in pairs if p.method != "link"} == {"seoulpost-2501235~seoulpost-51235": "id"}
    for p in pairs:
        assert (p.ko.lang, p.en.lang, p.score) == ("ko", "en", 1.0)
        assert p.ko.site == p.en.site
    assert sorted((s.source, s.reason) for s in skipped) == [
        ("hanbit:1144568", "original-missing"),
        ("seoulpost:51236", "original-missing"),
    ]
    assert sorted(a.id for a in leftover) == ["hanbit:1144508", "hanbit:1144568", "seoulpost:2501236", "seoulpost:51236"]


def art(id: str, lang: str, url: str = "", original_url: str | None = None, original_id: str | None = None,
        n: int = 2, date: str | None = None) -> Article:
    return Article(id, lang, url, "t", date, None, ["x" * 10] * n, original_url, original_id, id.split(":")[0], None)


KO_URL = "https://news.seoulpost.example/article/10"


def test_link_spelled_differently_still_pairs() -> None:
    ko = art("seoulpost:10", "ko", KO_URL)
    en = art("seoulpost:900", "en", "https://en.seoulpost.example/news/articleView.html?idxno=900",
             original_url="http://m.news.seoulpost.example/article/10/?ref=en&utm_source=x#top")
    pairs, skipped, leftover = pair_by_link([en, ko])
    assert [(p.ko.id, p.en.id, p.method) for p in pairs] == [("seoulpost:10", "seoulpost:900", "link")]
    assert skipped == [] and leftover == []


def test_link_with_another_path_pairs_by_the_id_it_carries() -> None:
    # the button links /arti/politics/1.html, the Korean page lives at /arti/politics/defense/1.html
    ko = art("hanbit:1", "ko", "https://www.hanbit.example/arti/politics/defense/1.html")
    en = art("hanbit:2", "en", "https://english.hanbit.example/arti/english_edition/e_national/2.html",
             original_url="https://www.hanbit.example/arti/politics/1.html", original_id="hanbit:1")
    pairs, _, _ = pair_by_link([ko, en])
    assert [(p.pair_id, p.method) for p in pairs] == [("hanbit-1~hanbit-2", "link")]


def test_declared_id_only() -> None:
    ko = art("seoulpost:10", "ko", KO_URL)
    en = art("seoulpost:900", "en", original_id="seoulpost:10")
    pairs, _, _ = pair_by_link([ko, en])
    assert [p.method for p in pairs] == ["id"]


def test_missing_original_and_link_to_an_english_page() -> None:
    en1 = art("seoulpost:900", "en", original_url="https://news.seoulpost.example/article/11")
    en2 = art("seoulpost:901", "en", "https://en.seoulpost.example/news/articleView.html?idxno=901")
    en3 = art("seoulpost:902", "en", original_url="https://en.seoulpost.example/news/articleView.html?idxno=901")
    ko = art("seoulpost:10", "ko", KO_URL)
    pairs, skipped, leftover = pair_by_link([en1, en2, en3, ko])
    assert pairs == []
    assert [(s.stage, s.source, s.reason) for s in skipped] == [
        ("pair", "seoulpost:900", "original-missing"),
        ("pair", "seoulpost:902", "original-missing"),
    ]
    assert "article/11" in skipped[0].detail
    assert [a.id for a in leftover] == ["seoulpost:900", "seoulpost:901", "seoulpost:902", "seoulpost:10"]


def test_duplicate_claim_keeps_the_better_page_whatever_the_input_order() -> None:
    ko = art("seoulpost:10", "ko", KO_URL)
    short = art("seoulpost:901", "en", original_url=KO_URL, n=2)
    long = art("seoulpost:902", "en", original_url=KO_URL, n=5)
    declared = art("seoulpost:900", "en", original_id="seoulpost:10", n=9)  # longer, but only an id
    twin = art("seoulpost:903", "en", original_url=KO_URL, n=5)  # same as `long`: smaller id wins
    items = [ko, short, long, declared, twin]
    results = set()
    rng = random.Random(3)
    for _ in range(6):
        rng.shuffle(items)
        pairs, skipped, leftover = pair_by_link(list(items))
        assert [(p.ko.id, p.en.id) for p in pairs] == [("seoulpost:10", "seoulpost:902")]
        assert sorted(s.source for s in skipped) == ["seoulpost:900", "seoulpost:901", "seoulpost:903"]
        assert {s.reason for s in skipped} == {"duplicate-claim"}
        results.add(tuple(sorted((s.source, s.detail) for s in skipped)))
        assert sorted(a.id for a in leftover) == ["seoulpost:900", "seoulpost:901", "seoulpost:903"]
    assert len(results) == 1  # the same verdicts and reasons in every order
    details = dict(next(iter(results)))
    assert "longer body" in details["seoulpost:901"]
    assert "only declares an id" in details["seoulpost:900"]
    assert "smaller id" in details["seoulpost:903"]


def test_korean_articles_never_claim_and_unlinked_english_is_left_over() -> None:
    ko = art("hanbit:1", "ko", "https://www.hanbit.example/arti/a/1.html")
    en = art("hanbit:2", "en", "https://english.hanbit.example/arti/english_edition/e/2.html")
    pairs, skipped, leftover = pair_by_link([ko, en])
    assert pairs == [] and skipped == [] and [a.id for a in leftover] == ["hanbit:1", "hanbit:2"]


def test_pair_id_is_safe_stable_and_unique() -> None:
    assert pair_id("hanbit:1144501", "hanbit:1144561") == "hanbit-1144501~hanbit-1144561"
    odd = pair_id("www.example.org:a/b?c", "page:ä ö")
    assert re.fullmatch(r"[A-Za-z0-9._~-]+", odd)
    a = pair_id("site:" + "1" * 200, "site:2")
    b = pair_id("site:" + "1" * 200, "site:3")
    assert len(a) <= 120 and len(b) <= 120 and a != b
    assert a == pair_id("site:" + "1" * 200, "site:2")

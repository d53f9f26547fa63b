"""The link from an English page to its Korean original, found without a recipe."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from align.extract import extract_page
from align.extract.original_link import (
    candidates,
    find_original,
    is_home,
    looks_like_article,
    publisher_key,
)

SITES = Path(__file__).resolve().parents[2] / "shared" / "bench" / "sites" / "pages"
EN_URL = "https://english.hanbit.example/arti/english_edition/e_national/51234.html"
KO_URL = "https://www.hanbit.example/arti/society/society_general/1144501.html"
BODY = "".join(
    f"<p>{s}</p>"
    for s in (
        "The government said on Tuesday that it would expand support for small businesses hit by higher interest rates.",
        "Officials said the program would open next month and give priority to firms in regions where sales fell the most.",
        "Business groups welcomed the plan but said the amount was too small to make a difference for most shops.",
    )
)


def page(head: str = "", header: str = "", article: str = "", related: str = "", url: str = EN_URL) -> str:
    """An English article page in the shape of a Korean daily's English edition."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Support for small businesses</title>
<link rel="canonical" href="{url}">{head}</head><body>
<div id="header"><ul class="lang-menu"><li class="ko"><a href="//www.hanbit.example/" lang="ko">한국어</a></li>
<li><a href="//jp.hanbit.example/" lang="ja">日本語</a></li></ul>{header}</div>
<div class="article-text">{BODY}{article}</div>{related}
<div id="footer"><a href="https://www.hanbit.example/" title="Korean">한국어</a></div></body></html>"""


def find(html: str, url: str | None = EN_URL):
    return find_original(LexborHTMLParser(html), url)


def related(*titles: str) -> str:
    items = "".join(f'<li><a href="https://english.hanbit.example/arti/english_edition/e_world/{60000 + i}.html">{t}</a></li>'
                    for i, t in enumerate(titles))
    return f'<div class="related"><h3>Related stories</h3><ul>{items}</ul></div>'


@pytest.mark.parametrize(
    "kind, html",
    [
        ("hreflang", page(head=f'<link rel="alternate" hreflang="ko-KR" href="{KO_URL}">')),
        ("button text", page(article=f'<p class="btn"><a href="{KO_URL}">Read the original Korean article</a></p>')),
        ("image alt", page(article=f'<p><a href="{KO_URL}"><img src="b.gif" '
                                   'alt="button that move to original korean article (클릭시 원문으로 이동하는 버튼)"></a></p>')),
        ("Korean label, onclick", page(header=f"<button type=\"button\" onclick=\"window.open('{KO_URL}')\">원문 보기</button>")),
        ("title only", page(header=f'<a href="{KO_URL}" title="한국어 기사 보기"><span class="icon"></span></a>')),
        ("aria-label", page(header=f'<a href="{KO_URL}" aria-label="Korean version">KOR</a>')),
        ("data-href", page(header=f'<span role="button" data-href="{KO_URL}">Read in Korean</span>')),
        ("protocol-relative link",
         page(article='<p><a href="//www.hanbit.example/arti/society/society_general/1144501.html?_fr=en">한글 기사</a></p>')),
        ("language switch to the article", page().replace('href="//www.hanbit.example/" lang="ko"', f'href="{KO_URL}" lang="ko"')),
        ("the one link to the Korean site", page(article=f'<p class="source">First published <a href="{KO_URL}">2024-06-11</a></p>')),
    ],
)
def test_each_way_of_naming_the_original_is_found(kind, html):
    found = find(html)
    assert found is not None, kind
    assert found.url.split("?")[0] == KO_URL
    assert found.reason


@pytest.mark.parametrize(
    "kind, html",
    [
        ("no link (only the site-wide language switch)", page()),
        ("hreflang to the Korean home page", page(head='<link rel="alternate" hreflang="ko" href="https://www.hanbit.example/">')),
        ("self link", page(head=f'<link rel="alternate" hreflang="ko" href="{EN_URL}">',
                           article=f'<a href="{EN_URL}?from=top">Read in Korean</a>')),
        ("related headlines that say Korean",
         page(related=related("Korean version of hit drama tops charts", "Read in Korean: apps for learners"))),
        ("several Korean articles in a widget",
         page(related="".join(f'<a href="https://www.hanbit.example/arti/economy/{900000 + i}.html">경제 소식</a>'
                              for i in range(3)))),
        ("a foreign original report",
         page(article='<p>See <a href="https://www.reuters.com/world/loans-2024-06-11/">the original report</a>.</p>')),
        ("a print page of the Korean site", page(article='<a href="https://www.hanbit.example/arti/PRINT/1144501.html">Print</a>')),
        ("javascript and fragment links", page(article='<a href="#top">Korean version</a><a href="javascript:void(0)">원문 보기</a>')),
    ],
)
def test_what_is_not_an_original_is_not_found(kind, html):
    assert find(html) is None, (kind, candidates(LexborHTMLParser(html), EN_URL))


def test_the_strongest_evidence_wins():
    html = page(
        head=f'<link rel="alternate" hreflang="ko" href="{KO_URL}">',
        header='<a href="https://www.hanbit.example/arti/politics/7777777.html" title="Korean">한국어</a>',
        article='<a href="https://www.hanbit.example/arti/politics/8888888.html">Read the original Korean article</a>',
    )
    found = find(html)
    assert found is not None and found.url == KO_URL and found.score == 100
    scores = [c.score for c in candidates(LexborHTMLParser(html), EN_URL)]
    assert scores == sorted(scores, reverse=True) and len(scores) == 3


def test_without_a_page_url_the_canonical_link_tells_the_page_itself():
    html = page(head=f'<link rel="alternate" hreflang="ko" href="{EN_URL}">')
    assert find(html, None) is None
    html = page(article=f'<a href="{KO_URL}">Korean original</a>')
    assert find(html, None).url == KO_URL


def test_a_page_with_50000_links_is_read_without_finding_one():
    many = "".join(f'<a href="https://english.hanbit.example/arti/english_edition/e_world/{100000 + i}.html">Story {i}</a>'
                   for i in range(50_000))
    assert find(page(related=many)) is None


def test_the_generic_extractor_links_an_unknown_sites_english_page_to_its_original():
    html = page(article=f'<p class="btn-original"><a href="{KO_URL}?_fr=en">Read the original Korean article</a></p>')
    a = extract_page(html.encode(), EN_URL, "en.html", recipes=[])
    assert a.lang == "en"
    assert a.original_url == KO_URL + "?_fr=en"  # canonical (no recipe says _fr is tracking)
    assert all("original" not in p.lower() for p in a.paragraphs)


def test_a_portals_source_button_on_an_english_article_is_no_korean_original():
    """Naver hosts English articles of the English dailies (markup of n.news.naver.com/article/
    640/0000077240, a Korea JoongAng Daily article saved in JAVACAFE-CLUB/realtime-sandro): its
    "기사원문" button, on every article, links to the publisher's copy, here an English page."""
    portal = "https://n.news.naver.com/article/640/0000077240"
    source = "https://dailyenglish.example.com/news/2025-09-23/business/industry/Chip-exports-rise/2406296"
    button = (f'<a href="{source}" target="_blank" class="media_end_head_origin_link" data-clk="are.ori" '
              'data-gdid="640">기사원문</a>')
    html = page(header=button, url=portal)
    assert find(html, portal) is None
    assert extract_page(html.encode(), portal, "naver-en.html", recipes=[]).original_url is None
    # the button naming the language, or one to a Korean site, still counts there ...
    assert find(page(header=button.replace("기사원문", "한국어 기사"), url=portal), portal).url == source
    korean = "https://www.dailyexample.co.kr/news/article/2025092312345"
    assert find(page(header=button.replace(source, korean), url=portal), portal).url == korean
    # ... and "원문" on a publisher's own English page is its Korean original, as before
    assert find(page(header=button.replace(source, "https://www.hanbit.example/arti/7654321.html"))).score == 90


def test_hosts_of_one_publisher_and_article_paths():
    assert {publisher_key(h) for h in ("english.hani.co.kr", "www.hani.co.kr", "m.hani.co.kr")} == {"hani"}
    assert {publisher_key(h) for h in ("en.yna.co.kr", "m-en.yna.co.kr", "www.yna.co.kr")} == {"yna"}
    assert publisher_key("daily-english.com") == publisher_key("www.daily.com") == "daily"
    assert publisher_key("www.hani.co.kr") != publisher_key("www.khan.co.kr")
    assert looks_like_article("https://www.yna.co.kr/view/AKR20160917021800007")
    assert looks_like_article("https://news.example.kr/news/articleView.html?idxno=123")
    assert not looks_like_article("https://www.hani.co.kr/arti/society/")
    assert not looks_like_article("https://www.yna.co.kr/")
    assert is_home("https://www.yna.co.kr/") and is_home("https://www.example.com/ko/")
    assert not is_home("https://www.example.com/ko/news/some-title")


def test_the_real_yonhap_english_page_names_no_original():
    path = SITES / "yonhap_en_AEN20190820002300325.html"
    if not path.exists():
        pytest.skip("../shared/bench/sites is absent")
    # its only Korean links are the language menu and the footer, both to the Korean home page
    html = path.read_bytes().decode("utf-8")
    assert find(html, "https://en.yna.co.kr/view/AEN20190820002300325") is None

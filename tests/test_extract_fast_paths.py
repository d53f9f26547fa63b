"""The extractor's shortcuts give what the plain rules give: each fast path is compared with
the rule it stands for (the regexes run on everything) on lines and markup written to hit
the edges (trailing white space of every kind, the letters re.IGNORECASE folds unlike
str.lower, Hangul, nested links and blocks)."""

from __future__ import annotations

import itertools
import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from align.extract import boilerplate as bp
from align.extract.body import Marks, paragraphs_of, read_blocks, remove_noise
from align.extract.original_link import _korean_hint
from align.extract.text import hangul_ratio
from align.lang import hangul_ratio as plain_hangul_ratio

HEADS = ["", "그는 이렇게 말했다.", "He said so.", "Prices rose 3%", "a" * 130 + ".", "“Quoted.”"]
TAILS = [
    "", " (끝)", " (END)", " /끝/", " [END]", " 홍길동 기자 hong@x.co.kr", " 홍길동 기자 (hong@x-y.co.kr)", " /워싱턴=김철수 특파원",
    " 연합뉴스", " (Yonhap)", " AP", " 홍길동 기자 <hong@x.co.kr>", " end)", " x_", " x-", "]", ">", "/",
]
SPACES = ["", " ", "\t", "\u00a0", "\u3000", "\n", " \u2009 "]


def plain_tidy_line(line: str) -> str:
    line = bp._LEAD_CREDIT.sub("", line, count=1)
    cut = max(0, len(line) - bp._TAIL)
    tail = bp._TRAIL_REPORTER.sub("", bp._TRAIL_END.sub("", line[cut:]))
    return (line[:cut] + tail).strip()


def test_tidy_line_searches_the_end_only_where_it_can_match() -> None:
    changed = 0
    for head, tail, space in itertools.product(HEADS, TAILS, SPACES):
        line = head + tail + space
        assert bp.tidy_line(line) == plain_tidy_line(line), repr(line)
        changed += bp.tidy_line(line) != line.strip()
    assert changed > 50  # the lines do reach the end patterns


ODD = ["COPYR\u0130GHT 2020", "copyr\u0131ght", "this \u017fite uses cookies", "We use coo\u212aies", "\u212aorean"]
LINES = [
    "Copyright 2020 Foo Inc.", "ALL RIGHTS RESERVED", "무단 전재 및 재배포 금지", "ⓒ 한겨레신문사", "Ⓒ Foo", "(C) 2019 Bar",
    "This website uses cookies to improve your experience.", "By continuing to use our site you agree.",
    "기사문의 및 제보: 02-000", "제보하기", "Read the original Korean article", "원문 보기", "구독하기", "네이버 메인에서 구독하세요",
    "The company said profits rose in the third quarter.", "그는 이렇게 말했다.", "Subscribers read this article first.",
    "An original idea", "Sites across the city reopened.", "This slideshow requires JavaScript.",
    "Please enable java\u017fcript to view", "hong@example.co.kr", "A line about mail@x.com that runs on past ninety characters of text.", *ODD,
]


def plain_is_boilerplate(line: str) -> bool:
    line = line.strip()
    if not line:
        return True
    if len(line) > bp.MAX_LINE:
        return False
    return (any(re.match(p, line, re.IGNORECASE) for p in bp._DROP_START)
            or any(re.search(p, line, re.IGNORECASE) for p, _ in bp._DROP_ANYWHERE))


def test_is_boilerplate_skips_only_patterns_that_cannot_match() -> None:
    lines = [a + b for a, b in itertools.product(["", "Note: ", "기사 "], LINES)]
    assert sum(plain_is_boilerplate(x) for x in lines) > 20
    for line in lines:
        assert bp.is_boilerplate(line) == plain_is_boilerplate(line), repr(line)


@pytest.mark.parametrize("markup", [
    '<a href="https://x.kr/1">Read in Korean</a>', '<a href="/1" title="KOREAN version">x</a>', "<a>한국어</a>",
    '<a data-x="\u212aorean">x</a>', "<a>kore an</a>", '<a href="https://x.com/1">English</a>', "<a>Koreans</a>", "<a>é</a>",
])
def test_korean_hint_is_the_case_blind_search(markup: str) -> None:
    assert _korean_hint(markup) == bool(re.search(r"korean|[\uac00-\ud7a3]", markup, re.IGNORECASE))


@pytest.mark.parametrize("text", ["", "abc", "123", "é è", "한국어 text", "ㄱㄴ", "\uffa0x", "“quoted” words"])
def test_hangul_ratio_shortcut(text: str) -> None:
    assert hangul_ratio(text) == plain_hangul_ratio(text)


def test_one_line_block_is_its_clean_text() -> None:
    assert paragraphs_of("  A  line\u00a0of text.  ") == ["A line of text."]
    assert paragraphs_of("   ") == []
    assert paragraphs_of("One.\nTwo") == ["One.", "Two"]


def test_block_pass_walks_nested_markup_in_order() -> None:
    tree = LexborHTMLParser(
        "<html><body>lead<div id=a>one<br>two<a href=x>link <b>bold</b></a>tail<p>para</p>after</div>"
        "<script>skip()</script><nav><p>menu</p></nav><ul><li>item <i>x</i></li></ul>end</body></html>"
    )
    pg = read_blocks(tree.body)
    assert pg.texts == ["lead", "one\ntwolink boldtail", "para", "after", "item x", "end"]
    assert pg.links == [0, len("link") + len("bold"), 0, 0, 0, 0]
    assert [pg.tag[o] for o in pg.owner] == ["body", "div", "p", "div", "li", "body"]
    assert pg.first[:2] == [0, 1] and pg.last[0] == len(pg.texts)


def test_marks_read_on_reaching_an_element() -> None:
    tree = LexborHTMLParser(
        '<html><body><nav class="x"><article><p>kept nav body text</p></article></nav>'
        '<div class="comments"><p>a comment</p></div><span class="share-bar">share</span>'
        '<div class="comments" itemprop="articleBody"><p>the body</p></div>'
        '<svg><g class="comment"></g></svg><footer class="article-body">gone</footer></body></html>'
    )
    marks = remove_noise(tree)
    assert isinstance(marks, Marks)
    pg = read_blocks(tree.body, marks)
    named = {pg.tag[abs(e)]: e for e in pg.furniture}
    assert "nav" in named and named["nav"] > 0  # kept for holding an article: weak furniture
    assert any(e < 0 and pg.tag[-e] == "div" for e in pg.furniture)  # "comments": strong furniture
    assert any(pg.tag[e] == "span" for e in (abs(x) for x in pg.furniture))  # an inline element named furniture starts a block
    assert [pg.tag[e] for e in pg.body_hints] == ["div"]  # itemprop=articleBody wins over its class
    assert "gone" not in " ".join(pg.texts)  # a footer holding no article is passed over

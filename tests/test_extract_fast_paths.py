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
from align.extract.body import BODY_MARK, Marks, noise_marks, paragraphs_of, read_blocks
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
    "Please enable java\u017fcript to view", "[앵커]", "KBS 뉴스 김수연입니다.", "영상편집:김유진",
    "MBC 뉴스는 24시간 여러분의 제보를 기다립니다.", "▲위 사진은 기사 내용과 직접적인 관련이 없습니다.", "hong@example.co.kr", "A line about mail@x.com that runs on past ninety characters of text.", *ODD,
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
    letters = len(re.findall(r"[^\W\d_]", text))
    hangul = len(re.findall(r"[\uac00-\ud7a3\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u3130-\u318f\uffa0-\uffdc]", text))
    assert hangul_ratio is plain_hangul_ratio  # (align.extract.text re-exports it)
    assert hangul_ratio(text) == (hangul / letters if letters else 0.0)


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
    marks = noise_marks(tree)
    assert isinstance(marks, Marks)
    pg = read_blocks(tree.body, marks)
    named = {pg.tag[abs(e)]: e for e in pg.furniture}
    assert "nav" in named and named["nav"] > 0  # kept for holding an article: weak furniture
    assert any(e < 0 and pg.tag[-e] == "div" for e in pg.furniture)  # "comments": strong furniture
    assert any(pg.tag[e] == "span" for e in (abs(x) for x in pg.furniture))  # an inline element named furniture starts a block
    assert [pg.tag[e] for e in pg.body_hints] == ["div"]  # itemprop=articleBody wins over its class
    assert "gone" not in " ".join(pg.texts)  # a footer holding no article is passed over


NOISE_MARKUP = (
    '<html><head><title>t</title></head><body>'
    '<div id=d1 aria-hidden=TRUE>a</div><div id=d2 role=Navigation>b</div><div id=d3 style="DISPLAY:NONE">c</div>'
    '<div id=d4 style="x;display: none">d</div><div id=d5 HIDDEN=no>e</div><div id=d6 aria-hidden=true>f</div>'
    '<div id=d7 style="display:  none">g</div><div id=d8 style="d\u0130splay:none">h</div><div id=d9 role="banner">i</div>'
    '<nav id=n1 role=navigation><article><p>nav article</p></article></nav><nav id=n2 hidden><p>hidden nav</p></nav>'
    '<nav id=n3><p hidden>inside</p></nav><aside id=a1 aria-hidden=true><main><p>aside main</p></main></aside>'
    '<footer id=f1 itemprop=articleBody><p>footer body</p></footer>'
    '<div id=h1 hidden><div id=b1 itemprop=articleBody><p>hidden body</p></div></div>'
    '<div id=b2 itemprop=articleBody style="display:none"><p>hidden named body</p></div>'
    '<div id=b3 itemprop=articleBody class=story><p>the body <span aria-hidden=true>icon</span></p></div>'
    '<section id=s1 role=complementary><div role=contentinfo><p hidden>nested</p></div></section>'
    '<aside id=a2 itemprop=articleBody><article><p>aside named</p></article></aside>'
    '</body></html>'
)


def plain_remove_noise(tree) -> tuple[dict[int, int], set[int], set[int]]:
    """The rule noise_marks and read_blocks stand for, as queries: what NOISE names is removed
    (a wrapper holding an article kept), then the wrappers kept and the elements named as the
    body are marked. (fixed marks, the elements marked BODY_MARK, the wrappers kept)"""
    from align.extract.body import _HOLDS_ARTICLE, _WRAPPER_TAGS, BODY_MARK, FURNITURE_MARK, NOISE

    kept = {n.mem_id for n in tree.css(", ".join(_WRAPPER_TAGS)) if n.css_first(_HOLDS_ARTICLE) is not None}
    for n in tree.css(NOISE):
        if n.mem_id not in kept:
            n.decompose()
    fixed = dict.fromkeys(kept, FURNITURE_MARK)
    body = set()
    for n in tree.css('[itemprop="articleBody"]'):
        if n.tag not in _WRAPPER_TAGS or n.mem_id in kept:
            fixed[n.mem_id] = BODY_MARK
            body.add(n.mem_id)
    return fixed, body, kept


def test_own_attributes_match_noise_as_lexbor_does() -> None:
    from align.extract.body import NOISE, _is_noise

    tree = LexborHTMLParser(NOISE_MARKUP)
    selected = {n.mem_id for n in tree.css(NOISE)}
    nodes = tree.css("body *")
    assert 10 < len(selected) < len(nodes)
    for n in nodes:
        assert _is_noise(n.attributes) == (n.mem_id in selected), n.html[:80]


def test_one_query_marks_what_four_did() -> None:
    a, b = LexborHTMLParser(NOISE_MARKUP), LexborHTMLParser(NOISE_MARKUP)
    fixed, body, kept = plain_remove_noise(a)
    marks = noise_marks(b)
    by_id = lambda tree, m: sorted((n.attributes.get("id"), m[n.mem_id]) for n in tree.css("[id]") if n.mem_id in m)  # noqa: E731
    # (an element named as the body inside a hidden one is marked too: read_blocks never reaches it)
    assert by_id(a, fixed) == [x for x in by_id(b, dict(marks)) if x[0] not in ("b1", "b2")] and by_id(a, fixed)
    assert sorted(n.attributes.get("id") for n in a.css("[id]") if n.mem_id in body) == ["a2", "b3", "f1"]
    assert sorted(n.attributes.get("id") for n in a.css("[id]") if n.mem_id in kept) == \
        sorted(n.attributes.get("id") for n in b.css("[id]") if n.mem_id in marks.kept) == ["a1", "a2", "f1", "n1"]
    assert b.html == LexborHTMLParser(NOISE_MARKUP).html  # nothing removed


def _same_blocks(a, b) -> None:
    for name in a.__slots__:
        assert getattr(a, name) == getattr(b, name), name


def test_passing_over_noise_reads_what_removing_it_did() -> None:
    """read_blocks given noise_marks' Marks passes over what NOISE names as it reaches it: the
    blocks are those of the page with those elements removed first, on markup written for the
    edges and on real pages; only a page whose <body> or <html> NOISE names differs (removing
    it left no body to read, or failed: the root cannot be removed)."""
    from align.extract.body import _is_noise

    compared = hidden_roots = 0
    for html in _index_pages():
        a, b = LexborHTMLParser(html), LexborHTMLParser(html)
        if any(n is not None and _is_noise(n.attributes) for n in (a.root, a.body)):
            hidden_roots += 1
            continue
        fixed, _, kept = plain_remove_noise(a)
        if a.body is None:
            continue
        _same_blocks(read_blocks(a.body, Marks(fixed, kept)), read_blocks(b.body, noise_marks(b)))
        compared += 1
    assert compared >= 2 and hidden_roots <= 2, (compared, hidden_roots)


@pytest.mark.parametrize("html_attrs,body_attrs", [("", ' style="display:none"'), ("", " hidden"), (" hidden", ""),
                                                   (' aria-hidden="true"', ' role="banner"')])
def test_page_shown_by_its_scripts_is_read(html_attrs: str, body_attrs: str) -> None:
    """A page whose <body> or <html> is hidden until its scripts run (an anti-flicker snippet)
    is read as a browser shows it, not skipped as having no body (nor does removing the root fail)."""
    from align.extract import extract_page

    text = "This is a sentence of the article, long enough to count as its body. " * 5
    page = (f"<html{html_attrs}><head><title>T</title></head><body{body_attrs}>"
            f"<div hidden><p>{'menu text that stays hidden. ' * 10}</p></div><p>{text}</p></body></html>")
    article = extract_page(page.encode(), "https://example.com/news/12345", "x.html")
    assert article.paragraphs == [text.strip()]


@pytest.mark.parametrize("markup", [
    '<a href="https://www.x.com/1">Story</a>', '<a href="https://www.x.com/1">ORIGINAL story</a>', '<a href="https://www.x.com/1">KR</a>',
    '<a href="https://www.x.com/1" title="Korean">x</a>', '<a href="https://www.x.com/1"><img alt="Ko"></a>',
    '<a href="https://www.x.com/1" data-label="origin">x</a>', '<a href="https://www.x.com/1">&#54620;&#44397;&#50612;</a>',
    '<a href="https://www.x.com/1">\u212aorean</a>', '<a href="https://www.x.com/1">or\u0130ginal</a>', '<a href="https://www.x.com/1">News</a>',
])
def test_label_is_skipped_only_where_no_label_rule_can_match(markup: str) -> None:
    from align.extract.original_link import (
        _LANG_LABEL,
        _ORIGINAL,
        _STRONG,
        _is_language_name,
        _label,
        _may_hold_label_words,
    )

    node = LexborHTMLParser(f"<html><body><p>{markup}</p></body></html>").css_first("a")
    label = _label(node)
    some_rule = bool(_STRONG.search(label) or _ORIGINAL.search(label) or _is_language_name(label)
                     or any(_LANG_LABEL.match(w) for w in label.split()))
    if not _may_hold_label_words(node.html or ""):
        assert not some_rule, markup


def test_page_index_finds_what_each_query_finds() -> None:
    from align.extract.meta import PageIndex, declared_url, fallback_date, fallback_title, json_ld_article, meta_content

    html = (
        '<html><head><meta property="og:title" content=""><meta name="og:title" content=" Named title ">'
        '<meta property="og:url" content="/a/123"><link rel="Canonical" href="/wrong"><link rel="canonical" href="">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-05-01T10:00:00+09:00"}</script>'
        '<title>Head title</title></head><body><svg><title>svg title</title></svg><h1> </h1><h1>Second</h1>'
        '<meta itemprop="date" content="2023-01-02"><time datetime="2022-03-04">x</time><img alt="A photo"><img alt="">'
        '</body></html>'
    )
    tree = LexborHTMLParser(html)
    index = PageIndex(tree)
    for name in ("og:title", "og:url", "date", "article:published_time", "missing"):
        assert index.meta(name) == meta_content(tree, name)
    assert index.meta("og:title") == "Named title"
    ld = json_ld_article(index)
    assert ld == json_ld_article(tree) and ld["@type"] == "NewsArticle"
    assert fallback_title(index, {}) == fallback_title(tree, {}) == "Named title"
    assert fallback_date(index, {}) == fallback_date(tree, {})
    assert declared_url(index, "", "https://x.com/a/") == declared_url(tree, "", "https://x.com/a/") == "https://x.com/wrong"  # (lexbor matches rel case-blind)
    assert index.alts == ["A photo", ""]
    # the first of each: the first <h1> even when empty, the first <title> wherever it is
    assert index.h1 is not None and index.h1.text() == " " and index.title is not None


def test_class_mark_is_is_furniture_then_its_strength() -> None:
    from align.extract import body

    def plain(tag: str, class_id: str) -> int:
        tokens = [t for t in class_id.split() if t != "paywall"]  # (the bare name: the text behind a paywall)
        if {"hidden", "hide", "d-none", "is-hidden"} & set(tokens) and tag not in ("html", "body", "main", "article"):
            return body.STRONG_FURNITURE_MARK  # hidden by the site's style sheet
        class_id = " ".join(tokens)
        if body.is_furniture(tag, class_id):
            # strong: a furniture word with no body word in the name, or in one of its names
            # ("user-post-box comment-box") when no name is a body name ("post-body")
            hint = body._BODY_HINT_RX.search(class_id.replace("-", "").replace("_", "")) is not None
            alone = any(body._STRONG_RX.search(t) and not body._BODY_RX.search(t) for t in class_id.split())
            strong = body._STRONG_RX.search(class_id) is not None and (body._BODY_RX.search(class_id) is None or alone and not hint)
            return body.STRONG_FURNITURE_MARK if strong else body.FURNITURE_MARK
        return body.BODY_MARK if body._BODY_HINT_RX.search(class_id.replace("-", "").replace("_", "")) else 0

    names = ["", "comment-list", "article-comments", "share-bar", "article-share", "sidebar", "main-content", "story_body",
             "ad", "tags", "commentary", "embed-caption", "box article modal-enabled", "nav", "x post-text", "related news",
             "user-post-box comment-box", "post-body comments-closed", "paywall", "paywall-bar", "hidden",
             "article-block sign-in-group hide", "embed-wrapper js-embed-consent"]
    marks = set()
    for tag in ("div", "article", "main", "span"):
        for a, b in itertools.product(names, repeat=2):
            class_id = f"{a} {b}".strip()
            marks.add(body._class_mark(tag, class_id))
            assert body._class_mark(tag, class_id) == plain(tag, class_id), (tag, class_id)
    assert marks == {0, body.FURNITURE_MARK, body.STRONG_FURNITURE_MARK, body.BODY_MARK}


def test_count_langs_reads_what_json_reads(tmp_path) -> None:
    import json
    from collections import Counter

    from align.commands.extract import _count_langs
    from align.model import Article, dumps

    ids = ["a:1", 'x:"lang": "ko"', "y:\\", 'z:", "lang": "ko']
    langs = ["en", "ko", 'e"n', "k\\o", "\u2028"]
    lines = [dumps(Article(id=i, lang=lang, url="", title="", date=None, byline=None, paragraphs=["p"],
                           original_url=None, original_id=None, site="s", source_path="f"))
             for i, lang in itertools.product(ids, langs)]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert _count_langs(path) == Counter(json.loads(line)["lang"] for line in lines)


def test_named_by_attributes_as_lexbor_selects_class_or_id() -> None:
    """read_blocks tells an element with a class or id by its attributes, where a query for
    [class], [id] picked them out before."""
    tree = LexborHTMLParser(
        '<html><body><div class>a</div><div id="">b</div><p CLASS=z>c</p><p data-class=1 data-id=2>d</p>'
        '<svg><g class="x"></g><text id=t>e</text></svg><math><mi id=y>f</mi></math><p xml:id=1 xlink:class=2>g</p>'
        '<a href="/x" Id=k>h</a><span title="class id">i</span>' + NOISE_MARKUP.split("<body>", 1)[1]
    )
    selected = {n.mem_id for n in tree.css("[class], [id]")}
    nodes = tree.css("*")
    assert 10 < len(selected) < len(nodes)
    for n in nodes:
        attrs = n.attributes
        assert ("class" in attrs or "id" in attrs) == (n.mem_id in selected), n.html[:80]


INDEX_MARKUP = (
    '<html><head><meta property="og:title" content="T" hidden><link rel="CANONICAL" href="/a" aria-hidden=true>'
    '<link rel=" canonical" href="/b"><link rel="canonica\u212a" href="/c"><link REL=canonical itemprop=articleBody>'
    '<script type="Application/LD+JSON">{}</script><script type="text/javascript" hidden>1</script><title role=banner>t</title>'
    '</head><body><svg><script type="APPLICATION/LD+JSON">{}</script><script type="application/ld+json">[]</script>'
    '<script type="APPLICATION/LD+JSON" hidden>{}</script><title hidden>s</title></svg>'
    '<math><link rel=CANONICAL></math><math><link rel=CANONICAL aria-hidden=true></math><h1 style="DISPLAY:none">h</h1>'
    '<img alt="a" hidden><img hidden><img alt=b itemprop=articleBody><time datetime="2024-01-01" role=navigation>x</time>'
    '<time hidden>y</time><nav hidden><img alt=c></nav><footer itemprop=articleBody role=banner><meta name=x></footer>'
    '<aside style="display: none;display:none" aria-hidden=true><h1>k</h1></aside>'
    + NOISE_MARKUP.split("<body>", 1)[1]
)


def _index_pages() -> list[str]:
    from pathlib import Path

    shared = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
    pages = sorted((shared / "extract" / "pages").glob("*.html"))[:60] + sorted((shared / "sites" / "pages").glob("*.html"))
    return [INDEX_MARKUP, NOISE_MARKUP] + [p.read_bytes().decode("utf-8", "replace") for p in pages]


def test_page_index_finds_noise_marks_candidates_in_its_pass() -> None:
    """PageIndex with noise_marks' candidates in its query: the same index, and the elements
    tree.css(HOLDER_CANDIDATES) gives, each once, in page order; noise_marks given them does
    what its own query does."""
    from align.extract.body import HOLDER_CANDIDATES, is_holder_candidate
    from align.extract.meta import PageIndex

    def dedup(nodes) -> list[int]:
        seen: dict[int, None] = {}
        for n in nodes:
            seen.setdefault(n.mem_id, None)
        return list(seen)

    for html in _index_pages():
        tree = LexborHTMLParser(html)
        plain, both = PageIndex(tree), PageIndex(tree, HOLDER_CANDIDATES, is_holder_candidate)
        for name in plain.__slots__:
            if name != "others":
                a, b = getattr(plain, name), getattr(both, name)
                if isinstance(a, list) and a and not isinstance(a[0], str):
                    a, b = [n.mem_id for n in a], [n.mem_id for n in b]
                elif a is not None and not isinstance(a, (str, list, dict)):
                    a, b = a.mem_id, b.mem_id
                assert a == b, name
        assert both.others is not None
        assert [n.mem_id for n in both.others] == dedup(tree.css(HOLDER_CANDIDATES))
        other = LexborHTMLParser(html)
        marks, given = noise_marks(other), noise_marks(tree, both.others)
        assert sorted(marks.values()) == sorted(given.values()) and len(marks.kept) == len(given.kept)
        assert len({m for m, v in marks.items() if v == BODY_MARK}) == len({m for m, v in given.items() if v == BODY_MARK})

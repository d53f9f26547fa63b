"""Extraction of single pages: each kind of bad input of issue 2, encodings, the generic fallback."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from align.extract import SkipPage, extract_page
from align.extract.encoding import declared_charset, decode_html

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample" / "pages"
HANBIT_EN = "https://english.hanbit.example/arti/english_edition/e_national/1200001.html"
HANBIT_KO = "https://www.hanbit.example/arti/society/1200002.html"

KO_PARAS = [
    "서울시는 내년부터 시내버스 노선 20개를 새로 만든다고 밝혔다. 새 노선은 주로 신도시와 도심을 잇는다.",
    "시 관계자는 “출퇴근 시간 혼잡을 줄이는 것이 목표”라고 말했다. 요금은 바뀌지 않는다.",
]
EN_PARAS = [
    "Seoul will open 20 new city bus routes next year, the city government said on Monday.",
    "The new routes mainly link new towns with the city center, a city official said.",
]


def hanbit_page(paras: list[str], lang: str = "en", charset: str = "utf-8", footer: bool = True, extra: str = "") -> str:
    """A page in hanbit's layout (the date line sits in the body on English pages, in the head on Korean ones)."""
    ps = "\n".join(f"<p>{p}</p>" for p in paras)
    foot = '<footer id="footer"><p>Copyright</p></footer>\n</body>\n</html>\n' if footer else ""
    en_date = '<p class="date-time">Posted on : 2026-01-05 10:00 KST</p>\n' if lang == "en" else ""
    ko_date = '<p class="date-time">등록 :2026-01-05 10:00</p>' if lang == "ko" else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="{charset}"><title>T</title></head><body>\n'
        f'<div class="article-head"><h3 class="title">Headline</h3>{ko_date}</div>\n'
        f'<div class="article-text">\n{en_date}{ps}\n{extra}</div>\n{foot}'
    )


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >>",
        b"\x89PNG\r\n\x1a\n" + bytes(100),
        b"\x1f\x8b\x08\x00" + bytes(50),
        b"just some plain text, no markup at all.\n" * 20,
        b'{"url": "https://x.example", "html": null}',
    ],
)
def test_not_html(data: bytes) -> None:
    with pytest.raises(SkipPage) as e:
        extract_page(data, HANBIT_EN, "bad.html")
    assert e.value.reason == "not-html"
    assert "bad.html" in e.value.detail


def test_no_body_on_a_recipe_site() -> None:
    page = b'<html><head><title>Error</title></head><body><h1>Page not found</h1><footer id="footer"></footer></body></html>'
    with pytest.raises(SkipPage) as e:
        extract_page(page, HANBIT_EN, "404.html")
    assert e.value.reason == "no-body" and "404.html" in e.value.detail


def test_body_of_boilerplate_only_is_no_body() -> None:
    page = hanbit_page(["By Kim Do-yoon, staff reporter", "Please direct questions or comments to [english@hanbit.example]"])
    with pytest.raises(SkipPage) as e:
        extract_page(page.encode(), HANBIT_EN, "p.html")
    assert e.value.reason == "no-body"


def test_no_body_on_an_unknown_site() -> None:
    page = b"<html><head><title>Login</title></head><body><nav><p>Home</p></nav><p>Please log in.</p></body></html>"
    with pytest.raises(SkipPage) as e:
        extract_page(page, "https://www.example.org/login", "login.html")
    assert e.value.reason == "no-body"


def test_english_edition_page_with_korean_body_is_wrong_language() -> None:
    with pytest.raises(SkipPage) as e:
        extract_page(hanbit_page(KO_PARAS).encode(), HANBIT_EN, "en.html")
    assert e.value.reason == "wrong-language"


def test_korean_page_with_english_body_is_wrong_language() -> None:
    with pytest.raises(SkipPage) as e:
        extract_page(hanbit_page(EN_PARAS, lang="ko").encode(), HANBIT_KO, "ko.html")
    assert e.value.reason == "wrong-language"


def test_truncated_sample_page() -> None:
    path = SAMPLE / "hanbit" / "ko" / "1144509.html"
    with pytest.raises(SkipPage) as e:
        extract_page(path.read_bytes(), None, str(path))
    assert e.value.reason == "truncated" and str(path) in e.value.detail


def test_truncated_page_cut_anywhere_in_the_body() -> None:
    whole = hanbit_page(EN_PARAS).encode()
    assert extract_page(whole, HANBIT_EN, "whole.html").paragraphs == EN_PARAS
    cut_at = whole.index(b"city center")
    with pytest.raises(SkipPage) as e:
        extract_page(whole[:cut_at], HANBIT_EN, "cut.html")
    assert e.value.reason == "truncated"


def test_truncated_page_of_unknown_site() -> None:
    body = "".join(f"<p>{p} {p}</p>" for p in EN_PARAS)
    page = f"<html><head><title>x</title></head><body><article>{body}".encode()
    with pytest.raises(SkipPage) as e:
        extract_page(page, "https://www.example.org/news/123", "cut.html")
    assert e.value.reason == "truncated"


def test_unreadable_encoding() -> None:
    rng = random.Random(7)
    junk = bytes(rng.randrange(128, 256) for _ in range(3000))
    page = b'<html><head><meta charset="utf-8"></head><body><div class="article-text"><p>' + junk + b"</p></div></body></html>"
    with pytest.raises(SkipPage) as e:
        extract_page(page, HANBIT_EN, "junk.html")
    assert e.value.reason == "bad-encoding" and "junk.html" in e.value.detail


def test_a_skip_never_stops_the_next_page() -> None:
    """Each page is independent: a bad one raises SkipPage, the next good one still extracts."""
    pages = [b"", hanbit_page(KO_PARAS).encode(), hanbit_page(EN_PARAS).encode()]
    results = []
    for i, data in enumerate(pages):
        try:
            results.append(extract_page(data, HANBIT_EN, f"{i}.html").paragraphs)
        except SkipPage as e:
            results.append(e.reason)
    assert results == ["not-html", "wrong-language", EN_PARAS]


# ---------------------------------------------------------------- encodings


def test_euc_kr_sample_page_with_a_cp949_only_syllable() -> None:
    path = SAMPLE / "hanbit" / "ko" / "1144504.html"
    data = path.read_bytes()
    assert declared_charset(data) == "cp949"
    with pytest.raises(UnicodeDecodeError):
        data.decode("euc-kr")  # 똠 is not in EUC-KR: a strict EUC-KR decoder fails
    a = extract_page(data, None, str(path))
    assert a.lang == "ko" and a.id == "hanbit:1144504"
    body = " ".join(a.paragraphs)
    assert "똠양꿍" in body and "\ufffd" not in body


@pytest.mark.parametrize("label", ["euc-kr", "EUC-KR", "ks_c_5601-1987", "x-windows-949"])
def test_korean_charset_labels_decode_as_cp949(label: str) -> None:
    page = hanbit_page(KO_PARAS + ["똠방각하와 햏자, 뷁은 EUC-KR에 없는 글자다."], lang="ko", charset=label)
    a = extract_page(page.encode("cp949"), HANBIT_KO, "k.html")
    assert a.paragraphs[-1] == "똠방각하와 햏자, 뷁은 EUC-KR에 없는 글자다."


def test_undeclared_cp949_is_detected() -> None:
    page = hanbit_page(KO_PARAS * 3, lang="ko").replace('<meta charset="utf-8">', "")
    text, enc = decode_html(page.encode("cp949"))
    assert enc == "cp949" and KO_PARAS[0] in text


def test_utf8_page_that_wrongly_declares_euc_kr() -> None:
    page = hanbit_page(KO_PARAS, lang="ko", charset="euc-kr")
    a = extract_page(page.encode("utf-8"), HANBIT_KO, "k.html")
    assert a.paragraphs == KO_PARAS


@pytest.mark.parametrize("bom, enc", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_marks(bom: bytes, enc: str) -> None:
    page = hanbit_page(KO_PARAS, lang="ko", charset="euc-kr")  # the BOM wins over the declaration
    a = extract_page(bom + page.encode(enc), HANBIT_KO, "bom.html")
    assert a.paragraphs == KO_PARAS


# ---------------------------------------------------------------- the recipe path


def test_hanbit_english_boilerplate_and_metadata() -> None:
    caption = "People walk in the rain in Seoul on Jan. 5. (Hanbit archives)"
    extra = (
        "<p>By Kim Do-yoon, staff reporter</p>\n<p>Please direct questions or comments to [english@hanbit.example]</p>\n"
        '<p class="btn-original"><a href="http://m.hanbit.example/arti/society/1200002.html?_fr=en">'
        "button that move to original korean article (클릭시 원문으로 이동하는 버튼)</a></p>"
    )
    paras = [caption, EN_PARAS[0], "&nbsp;", EN_PARAS[1]]
    page = hanbit_page(paras, extra=extra).replace(
        '<div class="article-text">\n',
        f'<div class="article-text">\n<div class="image-area"><div class="desc">{caption}</div></div>\n',
    )
    a = extract_page(page.encode(), HANBIT_EN + "?_fr=mt1#top", "en.html")
    assert a.paragraphs == EN_PARAS
    assert a.url == HANBIT_EN and a.id == "hanbit:1200001" and a.site == "hanbit"
    assert a.date == "2026-01-05T10:00:00+09:00"
    assert a.byline == "Kim Do-yoon" and a.title == "Headline"
    assert a.original_url == HANBIT_KO and a.original_id == "hanbit:1200002"
    assert a.source_path == "en.html"


def test_br_separated_paragraphs() -> None:
    page = hanbit_page([f"{EN_PARAS[0]}<br><br>\n{EN_PARAS[1]}<br>Still the same paragraph."])
    a = extract_page(page.encode(), HANBIT_EN, "br.html")
    assert a.paragraphs == [EN_PARAS[0], EN_PARAS[1] + " Still the same paragraph."]


def test_url_from_the_page_when_none_is_given() -> None:
    page = hanbit_page(EN_PARAS).replace("<title>T</title>", f'<title>T</title><link rel="canonical" href="{HANBIT_EN}">')
    assert extract_page(page.encode(), None, "c.html").id == "hanbit:1200001"
    saved = f"<!DOCTYPE html>\n<!-- saved from url=(0081){HANBIT_EN}?_fr=mt1 -->\n" + hanbit_page(EN_PARAS).split("\n", 1)[1]
    a = extract_page(saved.encode(), None, "s.html")
    assert (a.id, a.url) == ("hanbit:1200001", HANBIT_EN)


# ---------------------------------------------------------------- the generic fallback


GENERIC = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Port strike ends | Daily Example</title>
<meta property="og:title" content="Port strike ends after three days">
<meta property="article:published_time" content="2026-03-02T09:00:00Z">
<link rel="alternate" hreflang="ko" href="http://m.example.co.kr/news/777?from=en">
</head><body>
<header><nav><p>Home</p><p>World</p><p>Business</p></nav></header>
<div class="sidebar"><p>Most read</p><p>Subscribe to our newsletter for daily updates on all the news.</p></div>
<div class="content">
<p><img src="p.jpg" alt="Trucks wait at the port gate on Sunday. (Daily Example)"></p>
<p>Trucks wait at the port gate on Sunday. (Daily Example)</p>
<p>BUSAN, March 2 (Daily Example) -- Dock workers at the country's largest port ended a three-day strike on Monday after reaching a wage deal.</p>
<p>The union said the agreement raises pay by 4.5 percent this year and adds two rest days a month.</p>
<p>Shipping companies said cargo handling would return to normal by Wednesday.</p>
<p>Copyright Daily Example. All rights reserved.</p>
<p>Shipping companies said cargo handling would return to normal by Wednesday.</p>
</div>
<footer><p>About us</p></footer>
</body></html>"""


def test_generic_fallback_takes_the_largest_block_of_paragraphs() -> None:
    """Without a recipe: the biggest block of <p>, minus a caption printed again (the image's
    alt text), a repeated paragraph, the dateline and the copyright line."""
    a = extract_page(GENERIC.encode(), "https://www.daily.example/world/2026/03/02/98765?utm_source=x", "g.html")
    assert a.site == "generic" and a.lang == "en"
    assert a.id == "daily.example:98765"
    assert a.url == "https://www.daily.example/world/2026/03/02/98765"
    assert a.title == "Port strike ends after three days"
    assert a.date == "2026-03-02T09:00:00+00:00"
    assert a.paragraphs == [
        "Dock workers at the country's largest port ended a three-day strike on Monday after reaching a wage deal.",
        "The union said the agreement raises pay by 4.5 percent this year and adds two rest days a month.",
        "Shipping companies said cargo handling would return to normal by Wednesday.",
    ]
    assert a.original_url == "https://m.example.co.kr/news/777?from=en"


def test_generic_extraction_without_the_link_search_keeps_the_same_text() -> None:
    """A recipe page that falls back to generic extraction has had its link looked for already:
    extract_generic(find_link=False) leaves it out and changes nothing else."""
    from selectolax.lexbor import LexborHTMLParser

    from align.extract.generic import extract_generic
    from align.extract.recipes import load_recipes

    url = "https://www.daily.example/world/2026/03/02/98765"
    full, bare = (extract_generic(LexborHTMLParser(GENERIC), GENERIC, GENERIC.encode(), url, "g.html", load_recipes(),
                                  find_link=link) for link in (True, False))
    assert full.original_url == "https://m.example.co.kr/news/777?from=en" and bare.original_url is None
    assert {**full.to_json(), "original_url": None} == bare.to_json()


def test_generic_korean_page_and_page_without_any_url() -> None:
    paras = [f"{i}번째 단락이다. {p}" for i, p in enumerate(KO_PARAS * 2)]
    body = "".join(f"<p>{p}</p>" for p in paras)
    page = f"<html><head><title>버스</title></head><body><div>{body}</div></body></html>".encode()
    a = extract_page(page, None, "nourl.html")
    assert a.lang == "ko" and a.id.startswith("page:") and a.url == ""
    assert a.paragraphs == paras
    assert extract_page(page, None, "again.html").id == a.id  # the id is a digest: stable


def test_generic_mixed_language_page_is_skipped() -> None:
    # a bilingual page: neither clearly Korean nor clearly English
    body = f"<p>{KO_PARAS[0]}</p>" + "".join(f"<p>{e}</p>" for e in EN_PARAS * 2)
    page = f"<html><body><div>{body}</div></body></html>".encode()
    with pytest.raises(SkipPage) as e:
        extract_page(page, "https://www.example.org/1234", "mixed.html")
    assert e.value.reason == "mixed-language"

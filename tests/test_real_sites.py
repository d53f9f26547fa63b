"""The recipes of real sites (corpora/recipes/hani, yonhap, donga, chosun).

1. On the real saved pages of ../shared/bench/sites (skipped where absent): the recipe is
   used, and body, title and date come out without the pages' boilerplate.
2. On pages written here in the same markup (our own text): exact paragraphs, and an English
   page of the Hankyoreh paired by link with its Korean original.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from align.extract import SkipPage, extract_page
from align.extract.boilerplate import is_boilerplate
from align.pair.link import pair_by_link

SITES = Path(__file__).resolve().parents[2] / "shared" / "bench" / "sites"
RECIPE_SITES = {"hani": "hani", "yonhap": "yonhap", "donga": "donga", "chosun": "chosun"}
ISO_KST = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
# what the real pages hold around their text and must not reach the body
FURNITURE = ("무단 전재", "무단전재", "저작권자", "(END)", "▲", "=연합뉴스)", "기자의 다른기사", "추천해요", "관련기사", "Copyright")


def _manifest() -> list[dict]:
    path = SITES / "manifest.json"
    if not path.exists():
        return []
    return [e for e in json.loads(path.read_text(encoding="utf-8")) if e["site"] in RECIPE_SITES]


# per real page: (a words of the headline, the date, paragraphs at least, how the body opens);
# None: the page is not a text article (a card-news page of images)
EXPECTED = {
    "hani_ko_761484.html": ("제주의 비결은", "2016-09-17T14:26:00+09:00", 8, "광역시도 가운데 일자리 상황이"),
    "hani_ko_761485.html": ("황제노역", "2016-09-17T17:01:00+09:00", 10, "지난 6년간 노역으로"),
    "hani_ko_761486.html": ("중국인 피의자", "2016-09-17T20:38:00+09:00", 12, "제주의 한 성당에서"),
    "yonhap_ko_AKR20160917021800007.html": ("포체티노", "2016-09-17T11:35:00+09:00", 11, "잉글랜드 프로축구"),
    "yonhap_en_AEN20190820002300325.html": ("N. Korea slams S. Korea", "2019-08-20T09:31:01+09:00", 9, "North Korea's official newspaper"),
    "donga_ko_58406128.html": ("초일류 시험인증", "2013-10-24T03:00:00+09:00", 15, ""),
    "donga_ko_80317105.html": ("기술씨름", "2016-09-18T03:00:00+09:00", 10, "영화 제작자인"),
    "donga_ko_80317108.html": ("추석장사씨름대회", "2016-09-18T03:00:00+09:00", 4, ""),
    "donga_ko_80317115.html": ("한가위 경주", "2016-09-18T03:00:00+09:00", 14, ""),
    "donga_ko_80317118.html": ("X세대", "2016-09-18T03:00:00+09:00", 4, ""),
    "chosun_ko_2016081103298.html": ("독자권익보호위원회", "2016-08-12T03:00:00+09:00", 19, "조선일보 독자권익보호위원회"),
    "chosun_ko_2016091301145.html": None,
    "chosun_ko_2016091301378.html": ("키다리 아저씨", "2016-09-15T22:00:00+09:00", 1, ""),
    "chosun_ko_2016091301750.html": ("예술가", "2016-09-14T22:00:00+09:00", 1, ""),
    "chosun_ko_2016091302449.html": ("地震 대비", "2016-09-14T03:10:00+09:00", 6, "2010년 1월 발생한"),
    "chosun_ko_2020082704301.html": ("노경은", "2020-08-27T20:27:00+09:00", 7, "롯데 자이언츠 베테랑 투수"),
}


@pytest.mark.parametrize("entry", _manifest() or [None], ids=lambda e: Path(e["file"]).name if e else "absent")
def test_recipe_on_a_real_saved_page(entry):
    if entry is None:
        pytest.skip("../shared/bench/sites is absent")
    name = Path(entry["file"]).name
    data = (SITES / entry["file"]).read_bytes()
    expected = EXPECTED[name]
    if expected is None:  # pictures only: nothing to extract, and said so
        with pytest.raises(SkipPage) as e:
            extract_page(data, entry["url"], name)
        assert e.value.reason == "no-body"
        return
    a = extract_page(data, entry["url"], name)
    headline, date, min_paragraphs, opening = expected
    assert a.site == RECIPE_SITES[entry["site"]] and a.id.startswith(a.site + ":")
    assert a.lang == entry["lang"]
    assert headline in a.title and ISO_KST.match(a.date or "") and a.date == date
    assert len(a.paragraphs) >= min_paragraphs
    assert a.paragraphs[0].startswith(opening)
    for p in a.paragraphs:
        assert not is_boilerplate(p), p
        assert not EMAIL.search(p), p
        assert not any(f in p for f in FURNITURE), p
    assert len(set(a.paragraphs)) == len(a.paragraphs)  # no caption printed twice


# ---- pages written here, in the markup of the real pages -------------------------------------

KO_TEXT = [
    "서울시가 2028년까지 공공도서관 30곳을 새로 연다고 4일 밝혔다.",
    "시는 도서관이 없는 자치구에 먼저 짓고, 모든 도서관에 어린이 열람실과 밤 10시까지 여는 공부방을 둔다.",
    "사업비는 모두 1800억원으로, 절반은 국비 지원을 받을 계획이다.",
]
EN_TEXT = [
    "The Seoul Metropolitan Government said on Tuesday that it would open 30 new public libraries by 2028.",
    "The city will first build them in districts without a library, each with a children's room and a study room open until 10 pm.",
    "The project will cost 180 billion won, half of which the city hopes to receive from the national government.",
]

# The Hankyoreh, Korean (markup of hani_ko_761484.html): text runs between empty <P> separators
HANI_KO = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>도서관 30곳 : 사회 : 뉴스 : 한겨레</title>
<link rel="canonical" href="http://www.hani.co.kr/arti/society/society_general/1144501.html"/></head><body>
<div class="article-head" id="article_view_headline"><p class="category"><strong><a href="/arti/society/home01.html">사회</a></strong></p>
<h4><span class="title">서울시, 2028년까지 공공도서관 30곳 연다</span></h4>
<p class="date-time"><span><em>등록 :</em>2025-03-04 07:02</span></p></div>
<div class="article-text"><div class="article-text-font-size" itemprop="articleBody">
<div class='subtitle'>도서관 없는 자치구부터<br /> 밤 10시까지 공부방<br /></div><div class='text'>
<div class="image-area"><div class="image"><img src="/img/1.jpg" alt=""/></div><div class="desc">서울 마포구의 한 공공도서관. 한겨레 자료사진</div></div>
 {}<P align=justify></P>
 {}<P align=justify></P>
 {}<P align=justify></P>
 \n  김도윤 기자 <A href="mailto:doyoon@hani.example">doyoon@hani.example</A><P align=justify></P>
<P align=justify></P><br></div></div></div>
<div class="photo-list"><h3 class="blind">섹션기사</h3><ul><li><a href="/arti/society/1144400.html?_fr=st3">다른 기사</a></li></ul></div>
</body></html>""".format(*KO_TEXT)

# The Hankyoreh English edition (no saved HTML page of it exists here: a plain article page
# carrying the furniture the seed article shows, and its button to the original)
HANI_EN = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="Seoul to open 30 new public libraries by 2028">
<link rel="canonical" href="https://english.hani.co.kr/arti/english_edition/e_national/1151234.html"></head><body>
<div class="header"><a href="https://www.hani.co.kr/">한국어</a></div>
<div class="article"><h3>Seoul to open 30 new public libraries by 2028</h3>
<p class="date">Posted on : 2025-03-04 10:15 KST Modified on : 2025-03-04 10:40 KST</p>
<div class="article-text">
<p>{}</p><p>{}</p><p>{}</p>
<p>By Kim Do-yoon, staff reporter</p>
<p>Please direct questions or comments to [english@hani.co.kr]</p>
<p class="btn"><a href="https://www.hani.co.kr/arti/society/society_general/1144501.html?_fr=en"><img src="/btn.gif" alt="button that move to original korean article (클릭시 원문으로 이동하는 버튼)"></a></p>
</div></div>
<div class="related"><h4>Related stories</h4><ul><li><a href="/arti/english_edition/e_national/1151200.html">City to expand bike lanes</a></li></ul></div>
</body></html>""".format(*EN_TEXT)

# Yonhap English (markup of yonhap_en_AEN20190820002300325.html)
YNA_EN = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<link rel="canonical" id="canonical" href="https://en.yna.co.kr/view/AEN20250304001200315">
<meta property="article:published_time" content="2025-03-04T10:15:00+09:00"></head><body>
<div id="langMenu" class="lang-menu"><menu class="list"><li class="ko"><a href="//www.yna.co.kr/" lang="ko"><span>한국어</span></a></li></menu></div>
<header class="title-article01"><h1 class="tit">Seoul to open 30 new public libraries by 2028</h1></header>
<div class="view-body"><div class="sub-content"><article class="story-news">
<p> SEOUL, March 4 (Yonhap) -- {}</p><p> {}</p><p> {}</p>
<p> doyoon@yna.example<br>(END)</p>
</article><div class="aside-box01"><aside class="bnr01">ad</aside></div></div></div>
<footer id="footer"><a href="//www.yna.co.kr/" title="Korean">한국어</a></footer></body></html>""".format(*EN_TEXT)

# Yonhap Korean (markup of yonhap_ko_AKR20160917021800007.html)
YNA_KO = """<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="canonical" id="canonical" href="http://www.yonhapnews.co.kr/bulletin/2025/03/04/0200000000AKR20250304012300004.HTML">
<meta property="article:published_time" content="2025-03-04T07:02+09:00"></head><body>
<div class="article-wrap article-font3" id="articleWrap"><h1 class="tit-article">서울시, 2028년까지 공공도서관 30곳 연다</h1>
<div class="article-sns-md"><span class="tt">송고시간 | <em>2025/03/04 07:02</em></span></div>
<div class="article"><p>(서울=연합뉴스) 김도윤 기자 = {}</p>
<p>    {}</p><div class="banner-0-wrap"><p class="blind">전체기사 본문배너</p></div>
<p>    {}</p>
<div class="article-img"><img src="x.jpg" alt="서울의 한 도서관[연합뉴스 자료사진]"><div class="img-info"><strong>서울의 한 도서관[연합뉴스 자료사진]</strong></div></div><p></p>
<p>    doyoon@yna.example</p>
<p class="adrs"><span class="cprgt">&lt;저작권자(c) 연합뉴스, 무단 전재-재배포 금지&gt;</span><span class="pblsh">2025/03/04 07:02  송고</span></p></div></div>
</body></html>""".format(*KO_TEXT)

# Dong-A Ilbo (markup of donga_ko_80317115.html): <br><br> runs, bold subheading, ad slot, reporter line
DONGA_KO = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="서울시, 2028년까지 공공도서관 30곳 연다">
<meta property="og:url" content="http://news.donga.com/List/3/all/20250304/130000123/1"></head><body>
<div class="article_title2"><h1>서울시, 2028년까지 공공도서관 30곳 연다</h1><p class='repoter'>김도윤기자 </p>
<p class='title_foot'>입력 <span class='date'>2025-03-04 03:00:00</span> 수정 <span class='date2'>2025-03-04 03:00:00</span></p></div>
<div class="article_txt">
    <strong>도서관 없는 자치구부터</strong><br><br>
    <div class="articlePhotoC"><img src="x.jpg"><span class="t"><b>새 도서관 조감도</b> 서울시 제공</span></div>{}<br><br> {}<br><br><div class="sub_cont_AD09"><script>ad()</script></div><b>○ 절반은 국비로</b><br><br> {}<br><br>김도윤 doyoon@donga.example <a href="#"><img alt="기자의 다른기사 더보기"></a>
    <div class="recommend"><a href="#">추천해요</a></div>
    <div class="article_relation"><h2>관련기사</h2><ul><li><a href="http://news.donga.com/rel/3/all/20250303/129999999/1">다른 기사</a></li></ul></div>
</div></body></html>""".format(*KO_TEXT)

# Chosun Ilbo (markup of chosun_ko_2020082704301.html): div.par blocks, figure, copyright, promotions
CHOSUN_KO = """<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="canonical" href="https://news.chosun.com/site/data/html_dir/2025/03/04/2025030400123.html"></head><body>
<div class="news_title_text"><h1 id="news_title_text_id">서울시, 2028년까지 공공도서관 30곳 연다</h1></div>
<div id="news_body_id" class="news_body" itemprop="articleBody"><div class="news_date">입력 2025.03.04 07:02
</div><h3 class="news_subtitle"></h3>
<div class="news_imgbox"><figure><img src="x.jpg" alt="새 도서관 조감도"><figcaption>새 도서관 조감도. /서울시</figcaption></figure></div>
<div class="par">{}</div><div class="par">{}</div><div class="par">{}</div>
<div class="par"><b> ▲ <a href="https://example.com/x">다른 기사 제목</a></b><br></div>
<div class="news_like"><a class="count_like">좋아요 <span class="count">0</span></a></div>
<div class="news_copyright"><span class="news_copyright_SRC">Copyrights ⓒ 조선일보. 무단 전재 및 재배포 금지</span></div>
</div></body></html>""".format(*KO_TEXT)


@pytest.mark.parametrize(
    "page, site, lang, date",
    [
        (HANI_KO, "hani", "ko", "2025-03-04T07:02:00+09:00"),
        (HANI_EN, "hani", "en", "2025-03-04T10:15:00+09:00"),
        (YNA_EN, "yonhap", "en", "2025-03-04T10:15:00+09:00"),
        (YNA_KO, "yonhap", "ko", "2025-03-04T07:02:00+09:00"),
        (DONGA_KO, "donga", "ko", "2025-03-04T03:00:00+09:00"),
        (CHOSUN_KO, "chosun", "ko", "2025-03-04T07:02:00+09:00"),
    ],
    ids=["hani-ko", "hani-en", "yonhap-en", "yonhap-ko", "donga-ko", "chosun-ko"],
)
def test_recipe_on_a_page_written_in_the_sites_markup(page, site, lang, date):
    a = extract_page(page.encode(), None, f"{site}-{lang}.html")
    assert (a.site, a.lang, a.date) == (site, lang, date)
    text = EN_TEXT if lang == "en" else KO_TEXT
    body = [p for p in a.paragraphs if p not in ("도서관 없는 자치구부터", "○ 절반은 국비로")]
    assert body == text
    assert a.title in ("서울시, 2028년까지 공공도서관 30곳 연다", "Seoul to open 30 new public libraries by 2028")


# Yonhap English of 2023 (markup of en.yna.co.kr/view/AEN20230419000952325, saved in
# mitul-kalariya/scrapping-webs, crwyonhapnews/test/data/test_article_15.json at cc2141c):
# photos and a video inside the story, each a figure whose caption is a <p>
YNA_EN_2023 = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<link rel="canonical" id="canonical" href="https://en.yna.co.kr/view/AEN20250304001200315">
<meta property="article:published_time" content="2025-03-04T10:15:00+09:00"></head><body>
<header class="title-article01"><h1 class="tit">Seoul to open 30 new public libraries by 2028</h1></header>
<article class="story-view-zone article-view-zone"><div class="view-body"><div class="sub-content">
<article class="story-news"><p> SEOUL, March 4 (Yonhap) -- {}</p>
<div class="comp-box photo-group"><figure class="image-zone"><div class="img-con"><img src="/p.jpg" alt=""></div>
<figcaption class="desc-con"><p class="txt-desc">Readers browse the shelves of a new library in Seoul on March 3, 2025. (Yonhap)</p>
<p class="txt-link" data-mapping-link=""></p></figcaption></figure></div>
<p> {}</p><p> {}</p>
<div class="comp-box youtube-group"><figure class="video-zone"><iframe src="https://www.youtube.com/embed/x"></iframe>
<figcaption class="desc-con"><p class="txt-desc">Seoul plans 30 new public libraries</p>
<p class="txt-link02">https://youtu.be/abcdefghijk</p></figcaption></figure></div>
<p> doyoon@yna.example(END)</p></article></div></div></article></body></html>""".format(*EN_TEXT)


def test_yonhap_english_of_2023_leaves_out_its_photo_and_video_captions():
    a = extract_page(YNA_EN_2023.encode(), None, "yonhap-en-2023.html")
    assert (a.site, a.lang) == ("yonhap", "en")
    assert a.paragraphs == EN_TEXT


def test_the_hankyoreh_english_page_pairs_by_link_with_its_korean_original():
    ko = extract_page(HANI_KO.encode(), None, "ko.html")
    en = extract_page(HANI_EN.encode(), None, "en.html")
    assert ko.id == "hani:1144501" and en.id == "hani:1151234"
    assert en.original_id == "hani:1144501"
    assert en.byline == "Kim Do-yoon" and ko.byline == "김도윤"
    pairs, skipped, leftover = pair_by_link([ko, en])
    assert [(p.ko.id, p.en.id, p.method) for p in pairs] == [("hani:1144501", "hani:1151234", "link")]
    assert not skipped and not leftover


def test_an_unseen_layout_of_a_known_site_is_read_without_the_recipes_selectors():
    # a Hankyoreh page in a layout the recipe does not know: no div.article-text
    more = [
        "시는 올해 안에 부지 다섯 곳을 정하고 내년부터 차례로 착공할 예정이다.",
        "도서관마다 지역 주민이 참여하는 운영위원회를 두고, 책 구입 예산의 일부를 주민이 정하도록 한다.",
        "시 관계자는 걸어서 10분 안에 도서관에 닿을 수 있는 도시를 만들겠다고 말했다.",
    ]
    paras = "".join(f"<p>{p}</p>" for p in KO_TEXT + more)
    page = f"""<html><head><link rel="canonical" href="https://www.hani.co.kr/arti/society/society_general/1144777.html">
<meta property="og:title" content="도서관"></head><body><main><article><h1>도서관</h1>{paras}
<p>김도윤 기자 doyoon@hani.example</p></article></main><footer>ⓒ 한겨레신문사</footer></body></html>"""
    a = extract_page(page.encode(), None, "new-layout.html")
    assert a.id == "hani:1144777" and a.site == "hani"
    assert a.paragraphs == KO_TEXT + more and a.byline == "김도윤"

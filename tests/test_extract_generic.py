"""Generic extraction (no recipe) on pages written here in the markup real layouts use: <br> runs,
paragraph <div>s, bodies split over sibling blocks, comment threads, cookie notices, related
lists, ASP.NET forms, missing closing tags, bodies only in the page's JSON state; and each kind
of boilerplate line."""

from __future__ import annotations

import json

import pytest

from align.extract import SkipPage, extract_page
from align.extract.boilerplate import is_boilerplate, strip_dateline, tidy_line
from align.extract.meta import truncation

URL = "https://news.example.com/article/20260105/4321"
KO_URL = "https://www.hanmadi.example.kr/news/articleView.html?idxno=98765"

KO = [
    "서울시가 내년부터 시내버스 노선 20개를 새로 만든다고 5일 밝혔다. 새 노선은 주로 신도시와 도심을 잇는다.",
    "시 관계자는 “출퇴근 시간 혼잡을 줄이는 것이 목표”라며 “요금은 바뀌지 않는다”고 말했다.",
    "새 노선 가운데 12개는 경기도와 협의를 마쳤고, 나머지 8개는 내년 상반기 안에 협의를 끝낼 계획이다.",
    "시는 노선이 늘어나면 출근 시간 평균 배차 간격이 지금보다 3분가량 짧아질 것으로 내다봤다.",
]
EN = [
    "Seoul will open 20 new city bus routes next year, the city government said on Monday, most of them linking new towns with the center.",
    "A city official said the goal was to ease rush-hour crowding and that fares would not change when the routes open.",
    "Twelve of the new routes have been agreed with Gyeonggi Province, and talks on the other eight should end by June.",
    "The city expects the average wait at rush hour to fall by about three minutes once all the routes are running.",
]
NAV = '<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li><li><a href="/economy">Economy</a></li></ul></nav>'


def page(body: str, head: str = "", lang: str = "en", close: bool = True) -> bytes:
    end = "</body></html>" if close else ""
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>T</title>{head}</head><body>{body}{end}'.encode()


def extract(data: bytes, url: str = URL):
    return extract_page(data, url, "test.html", recipes=[])


def words_of(paragraphs: list[str]) -> str:
    return " ".join(paragraphs)


# ---------------------------------------------------------------- where the body sits


def test_korean_body_as_br_runs_with_every_boilerplate_kind() -> None:
    """Naver/Yonhap TV style: the text sits directly in a div, paragraphs split by <br><br>,
    with a photo credit, reporter line, promotions, end mark, tip-off, hashtags, copyright."""
    runs = "<br><br>".join(KO)
    body = (
        f"{NAV}<div class='article_head'><h2>버스 노선 20개 신설</h2><span>기사입력 2026.01.05 오전 10:00</span></div>"
        f"<div id='articleBodyContents' class='article_body'>"
        f"<span class='end_photo_org'><img src='a.jpg'><em class='img_desc'>[사진=연합뉴스]</em></span><br>"
        f"(서울=한마디뉴스) 홍길동 기자 = {runs}<br><br>"
        f"홍길동 기자 gildong@hanmadi.example.kr<br><br>"
        f"(끝)<br><br>▶ 한마디뉴스 네이버 채널 구독하기<br>☞ 기사문의 및 제보 : 카카오톡 hanmadi<br><br>"
        f"#버스 #서울시 #대중교통<br><br>"
        f"&lt;저작권자(c) 한마디뉴스, 무단 전재-재배포, AI 학습 및 활용 금지&gt;"
        f"</div><div class='related'><h3>관련 기사</h3><ul><li><a href='/1'>지하철 요금 동결</a></li></ul></div>"
    )
    a = extract(page(body, lang="ko"), KO_URL)
    assert a.lang == "ko" and a.site == "generic"
    assert a.paragraphs == KO


def test_single_br_between_sentences_splits_paragraphs_but_not_inside_a_sentence() -> None:
    body = f"<div class='view_text'>{KO[0]}<br>{KO[1]}<br>{KO[2][:20]}<br>{KO[2][20:]}<br>{KO[3]}</div>"
    a = extract(page(body, lang="ko"), KO_URL)
    assert a.paragraphs == [KO[0], KO[1], KO[2][:20] + " " + KO[2][20:], KO[3]]


def test_paragraph_divs() -> None:
    body = NAV + "<main><div class='story'>" + "".join(f"<div class='para'>{p}</div>" for p in EN) + "</div></main>"
    assert extract(page(body)).paragraphs == EN


def test_body_split_over_sibling_blocks_with_subheadings_and_lists() -> None:
    """A body in several sibling sections, with a subheading and a list between them, a photo
    block and an ad slot; the headline and the share bar are not body."""
    items = ["Route 101 from Gimpo to City Hall", "Route 202 from Hanam to Gangnam Station"]
    body = (
        f"{NAV}<article><h1>New bus routes</h1><div class='share-bar'><a href='#'>Facebook</a><a href='#'>X</a></div>"
        f"<section class='text-block'><p>{EN[0]}</p><p>{EN[1]}</p></section>"
        f"<h2>Which routes come first</h2>"
        f"<ul>{''.join(f'<li>{i}</li>' for i in items)}</ul>"
        f"<div class='ad-slot'><span>Advertisement</span></div>"
        f"<section class='text-block'><p>{EN[2]}</p></section>"
        f"<div class='text-block'><p>{EN[3]}</p></div></article>"
        "<aside><h3>Most read</h3><ol><li><a href='/x'>Another story</a></li></ol></aside>"
    )
    a = extract(page(body))
    assert a.paragraphs == [EN[0], EN[1], "Which routes come first", *items, EN[2], EN[3]]


def test_comment_thread_longer_than_the_article_is_not_chosen() -> None:
    comments = "".join(
        f"<li class='comment'><p class='comment-author'>reader{i}</p><p>{EN[i % 4]} I disagree with this, and here is a long reason why it matters to me and my neighbours.</p></li>"
        for i in range(12)
    )
    body = f"<div class='post'><p>{EN[0]}</p><p>{EN[1]}</p><p>{EN[2]}</p></div><section id='comments'><h3>12 comments</h3><ol>{comments}</ol></section>"
    assert extract(page(body)).paragraphs == EN[:3]


def test_comment_boxes_also_named_post_are_comments() -> None:
    """pixnet's layout: the comments in one "user-post-box comment-box" (a body word, "post",
    in another of its names), each comment's text in li.post-text, more text than the article
    (but not most of the page): still the comments, not the body."""
    items = "".join(
        f"<li class='post-text'>{EN[i % 4]} I disagree with this, and here is a long reason why it matters to me.</li>"
        for i in range(6)
    )
    longer = [f"{p} {p}" for p in EN]
    body = (
        f"<div class='article-content-inner'>{''.join(f'<p>{p}</p>' for p in longer)}</div>"
        f"<div class='user-post'><div class='user-post-box comment-box'><ul class='single-post'>{items}</ul></div></div>"
    )
    assert extract(page(body)).paragraphs == longer


def test_body_named_beside_a_comment_state_is_kept() -> None:
    """"post-body comments-closed": the body's name beside a state naming comments."""
    cards = "".join(f"<li><a href='/c{i}'>Another story headline number {i}</a></li>" for i in range(6))
    rail = "<div class='rail'>" + "".join(f"<p>{p}</p>" for p in EN[:3]) + "</div>"  # the body is not most of the page
    body = f"<div class='post-body comments-closed'>{''.join(f'<p>{p}</p>' for p in EN)}</div><ul class='more'>{cards}</ul>{rail}"
    assert extract(page(body)).paragraphs == EN


def test_cookie_notice_and_related_teasers_are_not_body() -> None:
    cookie = "<div id='cookie-consent'><p>" + "We use cookies to improve your experience, measure traffic and show ads. " * 6 + "</p><button>Accept</button></div>"
    teasers = "".join(
        f"<div class='teaser'><h4><a href='/t{i}'>Teaser headline {i}</a></h4><p>{EN[i]}</p></div>" for i in range(3)
    )
    body = f"{cookie}<div class='article-body'>{''.join(f'<p>{p}</p>' for p in EN)}</div><div class='related-articles'>{teasers}</div>"
    assert extract(page(body)).paragraphs == EN


def test_teaser_articles_inside_the_article_are_not_body() -> None:
    teasers = "".join(f"<article class='card'><h3><a href='/c{i}'>Card {i}</a></h3><p>{EN[i]} {EN[i]}</p></article>" for i in range(3))
    body = f"<article class='main'><p>{EN[0]}</p><p>{EN[1]}</p><h3>You may also like</h3>{teasers}</article>"
    assert extract(page(body)).paragraphs == EN[:2]


def test_body_set_in_article_sections_is_not_a_list_of_teasers() -> None:
    """A buying guide whose items are <article>s inside the article (a heading, a shop link,
    paragraphs of their own): they hold most of the body text, and are its sections."""
    review = (
        "Scooter {} folds in a few seconds and weighs less than most rivals, which matters when it goes up stairs every day.",
        "Its range held at about {} miles in our tests, with a rider of average weight on mostly flat roads.",
    )
    items = "".join(
        f"<article class='item'><h3>Pick {i}</h3><p><a href='/shop{i}'>Check price</a></p>"
        + "".join(f"<p>{r.format(i + 1)}</p>" for r in review) + "</article>"
        for i in range(3)
    )
    body = f"<article class='guide'><p>{EN[2]}</p><p>{EN[3]}</p>{items}</article>"
    out = extract(page(body)).paragraphs
    assert out[:2] == EN[2:] and all(f"Pick {i}" in out for i in range(3)) and len(out) == 2 + 3 * 3


def test_body_in_sections_each_with_a_heading_and_a_text_block_of_its_own() -> None:
    """A page builder's layout: each section a wrapper holding a heading and a text block. Each
    text block holds about as much as the best one: the body is the element that holds them
    all, whatever the headings between them (a promo after them stays out)."""
    heads = ["What the new routes mean for commuters", "How the province talks went this year",
             "When the waiting times should come down", "Where the new buses will run first"]
    more = [
        "Most of the new lines start at the terminals of the new towns and end at the big transfer stations downtown.",
        "Officials said the talks were slow at first because of a dispute over who pays for the new depots.",
        "The first routes open in March, and the rest follow as the drivers for them finish their training.",
        "Night buses on four of the routes will run until two in the morning on weekdays and later on Fridays.",
    ]
    secs = "".join(f"<div class='sec'><h2>{h}</h2><div class='txt'><p>{e}</p><p>{m}</p></div></div>" for h, e, m in zip(heads, EN, more))
    body = f"{NAV}<div class='page'><h1>Seoul adds bus routes</h1>{secs}</div><div class='promo'><p>Subscribe to our newsletter for the day's top stories.</p></div>"
    out = extract(page(body)).paragraphs
    assert out == [EN[0], more[0]] + [x for i in range(1, 4) for x in (heads[i], EN[i], more[i])]


def test_body_goes_on_past_a_table_of_figures_between_its_parts() -> None:
    """A table of short cells (a comparison, specifications) set between two parts of the body
    in a wrapper of its own: nothing in it reads as body text, yet the body goes on after it."""
    rows = "".join(f"<tr><td>Route {i}</td><td>Songdo to City Hall</td><td>{10 + i} minutes</td><td>Opens in March</td></tr>" for i in range(8))
    body = (f"{NAV}<div class='post'><div class='block'><p>{EN[0]}</p><p>{EN[1]}</p></div>"
            f"<div class='block'><table><tr><th>Route</th><th>Line</th><th>Wait</th><th>Start</th></tr>{rows}</table></div>"
            f"<div class='block'><p>{EN[2]}</p><p>{EN[3]}</p></div></div>")
    out = extract(page(body)).paragraphs
    assert out[:2] == EN[:2] and out[-2:] == EN[2:] and "Route 3" in out


def test_gallery_of_teasers_inside_the_body_is_left_out() -> None:
    cards = "".join(
        f"<div class='slide'><div class='t'><a href='/s{i}'>Another story number {i}</a></div><div class='d'>A one-line blurb about story {i}.</div></div>"
        for i in range(5)
    )
    body = f"<div class='main-col'><p>{EN[0]}</p><p>{EN[1]}</p><div class='carousel'>{cards}</div><p>{EN[2]}</p></div>"
    assert extract(page(body)).paragraphs == EN[:3]


def test_listicle_with_linked_headings_keeps_its_items() -> None:
    """Linked headings with paragraphs of their own are a body, not a list of teasers (the
    headings, all link, go like any link)."""
    items = "".join(f"<h2><a href='/item{i}'>Item {i}: a place worth the trip</a></h2><p>{EN[i]} {EN[(i + 1) % 4]}</p>" for i in range(4))
    a = extract(page(f"<div class='entry'>{items}</div>"))
    assert a.paragraphs == [f"{EN[i]} {EN[(i + 1) % 4]}" for i in range(4)]


def test_embedded_post_in_the_body_is_kept_and_its_share_bar_is_not() -> None:
    tweet = "Twelve new routes in one year is more than the last decade put together, and riders noticed."
    body = (
        f"<div class='story-body'><p>{EN[0]}</p><div class='social-media-embed'><blockquote class='twitter-tweet'>"
        f"<p>{tweet}</p></blockquote></div><p>{EN[1]}</p><div class='social-share'><a href='#'>Share on X</a>"
        "<span>Share this story with your friends and neighbours today</span></div></div>"
    )
    assert extract(page(body)).paragraphs == [EN[0], tweet, EN[1]]


def test_article_inside_a_misused_aside_is_kept_and_a_sidebar_of_cards_is_not() -> None:
    cards = "".join(f"<article class='card'><h4><a href='/c{i}'>Card {i}</a></h4><p>Blurb {i}.</p></article>" for i in range(4))
    body = (
        f"<main><aside class='pa-direct-content'><section itemscope itemtype='http://schema.org/Article'>"
        f"{''.join(f'<p>{p}</p>' for p in EN)}</section></aside></main><aside class='rail'>{cards}</aside>"
    )
    assert extract(page(body)).paragraphs == EN


def test_article_inside_a_main_named_as_content_with_other_stories_beside_it() -> None:
    """A <main class="main-content"> (a body name) holds the <article> and, after it, a list
    of other stories with blurbs (a CityLab layout): the article is the body, not a teaser."""
    more = "".join(
        f"<li class='story'><h3><a href='/s{i}'>Another story {i}</a></h3><p>{EN[i]}</p></li>" for i in range(4)
    )
    body = (
        f"<main class='l-main main-content' role='main'><article class='l-article'>"
        f"<h1>Seoul adds bus routes</h1>{''.join(f'<section class=s-article__section><p>{p}</p></section>' for p in EN)}"
        f"</article><section class='more-stories'><h2>More stories</h2><ul>{more}</ul></section></main>"
    )
    assert extract(page(body)).paragraphs == EN


def test_article_shown_in_a_modal_over_a_page_of_teasers() -> None:
    """Yahoo shows a story in an overlay ("render-target-modal") over a stream of teasers: a
    modal is furniture only when it does not hold the page's body text."""
    stream = "".join(
        f"<li><h3><a href='/t{i}'>Teaser headline number {i} about something else</a></h3>"
        f"<p>{EN[i % 4]}</p></li>" for i in range(6)
    )
    article = "".join(f"<p>{p} {p}</p>" for p in EN)
    body = (
        f"<div class='render-target-modal'><div class='modal-centered'><article>{article}</article></div></div>"
        f"<div class='stream'><ul>{stream}</ul></div>"
    )
    assert extract(page(body)).paragraphs == [f"{p} {p}" for p in EN]
    # a newsletter pop-up is still left out
    popup = "<div class='modal'><p>" + "Sign up for our daily briefing and get the news first every morning. " * 3 + "</p></div>"
    plain = "".join(f"<p>{p}</p>" for p in EN)
    assert extract(page(f"<div class='story-body'>{plain}</div>{popup}")).paragraphs == EN


def test_body_in_step_blocks_goes_on_past_a_related_link_between_them() -> None:
    """A how-to page: the lead, a one-line related link, then each step in its own block;
    the short related link inside the body does not end it."""
    steps = "".join(
        f"<div class='mod step'><h3>Step {i + 1}</h3><div class='stepcontent'><div class='content'><p>{EN[i]}</p></div></div></div>"
        for i in range(1, 4)
    )
    body = (
        f"{NAV}<section class='page'><div class='mod step'><div class='content lead'><p>{EN[0]}</p></div></div>"
        "<div class='related-link'><a href='/howto/2'>How to ride the night bus across the river without missing a single connection</a></div>"
        f"{steps}</section><footer><p>About us</p></footer>"
    )
    paragraphs = extract(page(body)).paragraphs
    assert [p for p in paragraphs if not p.startswith("Step")] == EN
    assert not any("night bus" in p for p in paragraphs)


def test_body_in_two_parts_around_a_lone_link_and_a_box_of_related_articles() -> None:
    """NYT layout: the story in two blocks; the first holds a box of related stories (each an
    <article>), a lone "Continue reading the main story" link sits between them. Both parts
    are the body; the box and the link are not."""
    related = "".join(f"<article class='story'><h2><a href='/r{i}'>Related story headline number {i}</a></h2></article>" for i in range(4))
    longer = [f"{p} {p}" for p in EN]
    body = (
        f"<article class='story theme-main'><header><h1>Seoul adds bus routes</h1></header>"
        f"<div class='story-body story-body-1'><p>{EN[0]}</p><p>{EN[1]}</p>"
        f"<aside class='related-coverage'><h3>Related Coverage</h3>{related}</aside></div>"
        "<div class='story-link'><a href='#story-continues-1'>Continue reading the main story</a></div>"
        f"<div class='story-body story-body-2'>{''.join(f'<p>{p}</p>' for p in longer)}</div></article>"
    )
    paragraphs = extract(page(body)).paragraphs
    assert paragraphs == EN[:2] + longer


def test_intro_and_a_read_more_block_are_one_body() -> None:
    """Herald Sun layout: the story's intro in one block, the rest in a "read more" block
    that starts with its toggle link: the lone link does not keep the intro out."""
    rest = [f"{p} {p}" for p in EN[1:]]
    body = (
        f"<div class='story'><div class='story-body'><div class='story-intro'><p><strong>{EN[0]}</strong></p></div>"
        f"<div class='read-more'><div class='toggle'><a href='#more'>Read more</a></div><div></div>"
        f"<div class='read-more-content'>{''.join(f'<p>{p}</p>' for p in rest)}</div></div></div></div>"
    )
    assert extract(page(body)).paragraphs == [EN[0], *rest]


def test_gallery_embedded_in_the_body_is_left_out() -> None:
    """Washington Post layout: a photo gallery embedded at the top of the body, its caption a
    whole sentence. "embed" keeps an embedded post or quote (the test above); a gallery embed
    is furniture."""
    caption = "Security forces stormed the city's busiest station on Monday, freeing commuters and ending a long standoff."
    gallery = (
        f"<div class='inline-content inline-gallery-embedded'><div class='gallery-embed_1417'>"
        f"<p>{caption}</p><div class='caption'>Caption</div><div class='interstitial-text'>Wait 1 second to continue.</div></div></div>"
    )
    body = f"<article><div class='article-body'>{gallery}{''.join(f'<p>{p}</p>' for p in EN)}</div></article>"
    assert extract(page(body)).paragraphs == EN


def test_photo_carousel_in_the_body_is_left_out() -> None:
    """AP News (fundus's test pages): a carousel of photos after the lead, each slide "2 of 12 |"
    and a caption that is a whole sentence."""
    slides = "".join(
        f"<div class='carousel-slide'><div class='CarouselSlide-info'><span class='CarouselSlide-slideCount'>{i} of 3 |</span>"
        f"<div class='CarouselSlide-infoContent'><p>Commuters wait for a bus at a stop in the city center on Monday, "
        f"Jan. {i}, 2026, as the new routes were announced. (AP Photo/Kim Do-yoon)</p></div></div></div>"
        for i in range(1, 4))
    body = (f"<article><div class='RichTextStoryBody'><p>{EN[0]}</p><bsp-carousel class='Carousel'>"
            f"<div class='Carousel-slides'>{slides}</div></bsp-carousel>{''.join(f'<p>{p}</p>' for p in EN[1:])}</div></article>")
    assert extract(page(body)).paragraphs == EN


def test_lead_sentence_set_in_a_heading_is_body_and_a_short_subheading_title_is_not() -> None:
    """CNN sets the story's first paragraph in an <h2>: a heading that is a long sentence is a
    paragraph; a short heading over the body is still the headline's subtitle, left out."""
    lead = ("The city has long been known as a place where a bus comes every few minutes, whatever the hour, "
            "whatever the weather and wherever you happen to stand.")
    body = (
        f"<div class='storycontent'><h2>Buses for every street</h2><div class='storytext'><h2>{lead}</h2>"
        f"{''.join(f'<p>{p}</p>' for p in EN)}</div></div>"
    )
    assert extract(page(body)).paragraphs == [lead, *EN]


def test_section_whose_id_is_its_heading_made_a_slug_is_not_furniture() -> None:
    """Sphinx and Markdown give a section the id of its heading: "sharing-with-a-single-
    developer" names what the section says, not a share bar."""
    sections = "".join(
        f"<div class='section' id='{slug}'><h2>{title}</h2><p>{EN[i]} {EN[(i + 1) % 4]}</p><p>{EN[(i + 2) % 4]}</p></div>"
        for i, (slug, title) in enumerate([
            ("setting-up", "Setting up"),
            ("sharing-with-a-single-developer", "Sharing with a single developer"),
            ("related-work-on-buses", "Related work on buses"),
        ])
    )
    paragraphs = extract(page(f"<div class='document'><div class='body'>{sections}</div></div>")).paragraphs
    want = [x for i in range(3) for x in (f"{EN[i]} {EN[(i + 1) % 4]}", EN[(i + 2) % 4])]
    assert [p for p in paragraphs if p not in ("Sharing with a single developer", "Related work on buses")] == want


def test_a_hidden_second_copy_of_the_story_in_the_same_block_is_left_out() -> None:
    """KBS (news.kbs.co.kr, 2023): the story's block also holds a copy of it for e-mailing,
    in a div of class "hide" (hidden by the site's CSS, which the page does not carry)."""
    story = "".join(f"<p>{p}</p>" for p in KO)
    body = (f"<div class='landing-box'><div id='cont_newstext' class='detail-body'>{story}</div>"
            f"<div id='mailHtmlContentsTop' class='hide'><div id='mailHtmlContents'><div class='view_con_text'>{story}"
            f"</div></div></div></div>")
    assert extract(page(body, lang="ko"), KO_URL).paragraphs == KO


@pytest.mark.parametrize("paragraphs, kept", [
    (["a1", "b2", "c3", "d4", "a1", "b2", "c3", "d4"], 4),  # printed twice
    (["a1", "b2", "c3", "d4", "e5", "a1", "b2", "c3"], 5),  # a shorter second copy
    (["a1", "b2", "c3", "a1", "b2"], 5),  # two paragraphs again: not a copy
    (["q", "x1", "q", "x2", "q", "x3", "q", "x4"], 8),  # an interview's recurring question
    (["intro", "day", "meal", "snack", "day", "meal", "snack"], 7),  # a plan's days, not its start
])
def test_only_a_copy_of_the_articles_start_at_its_end_is_dropped(paragraphs, kept) -> None:
    from align.extract.generic import without_second_copy

    assert without_second_copy(paragraphs) == paragraphs[:kept]


def test_paragraphs_named_paywall_are_the_text_behind_it_and_the_paywall_box_is_not() -> None:
    """Condé Nast (The New Yorker, Wired; fundus's test pages): every paragraph after the first
    has class "paywall"; the prompt to subscribe is a "paywall-bar" / "paywall-modal"."""
    paras = f"<p>{EN[0]}</p>" + "".join(f'<p class="paywall">{p}</p>' for p in EN[1:])
    body = (f"<article><div class='body__inner-container'>{paras}</div></article>"
            "<div class='paywall-bar paywall-bar--visible'><p>You have read your last free article this month. "
            "Subscribe now for unlimited access to every story, newsletter and archive issue.</p></div>")
    assert extract(page(body)).paragraphs == EN


MORE_EN = [
    "The routes will be run by private companies under contract, as the city's existing bus lines are, with fares set by the city.",
    "Drivers' unions said they had not been consulted and asked for talks on working hours before the new lines open in March.",
    "The city council is expected to vote on the budget for the routes next month, and the opposition has said it will back it.",
    "Residents of the new towns have long complained that the only way into the center at rush hour is a crowded subway line.",
]


def _blocks(paragraphs: list[str]) -> str:
    """BBC's layout: each paragraph a component of its own."""
    return "".join(f'<div data-component="text-block"><div class="sc-1"><p>{p}</p></div></div>' for p in paragraphs)


def test_body_goes_on_past_a_paragraph_that_is_mostly_links() -> None:
    """BBC (fundus's test pages): a paragraph whose words are mostly links ("Under Article 4
    ...") stopped the body, and the rest of the story was lost."""
    linked = ('<div data-component="text-block"><p>Under the plan, officials said on Monday, '
              '<a href="/1">the western districts would get the first new lines</a> and '
              '<a href="/2">the fare review promised after last year\'s bus strike</a> would follow.</p></div>')
    body = f"<article><h1>Buses</h1>{_blocks(EN)}{linked}{_blocks(MORE_EN)}</article>"
    paragraphs = extract(page(body)).paragraphs
    assert paragraphs[:4] == EN and paragraphs[-4:] == MORE_EN and len(paragraphs) == 9


def test_body_goes_on_past_a_box_of_related_links_inside_it_and_leaves_the_box_out() -> None:
    related = ('<div data-component="links-block"><ul>'
               + "".join(f'<li><a href="/news/{i}">Related story number {i} about the city</a></li>' for i in range(4))
               + "</ul></div>")
    body = f"<article><h1>Buses</h1>{_blocks(EN)}{related}{_blocks(MORE_EN)}</article>"
    assert extract(page(body)).paragraphs == EN + MORE_EN


def test_a_story_in_numbered_sections_is_read_whole() -> None:
    """The Los Angeles Times (fundus's test pages): a list story, each section a block of its
    own with its number and heading beside its paragraphs. The number ("5") and the heading
    beside the largest section stopped the body there, and the other sections were lost."""
    sections = [("Football", EN[:2]), ("Baseball", EN[2:]), ("Music", MORE_EN)]
    body = "".join(
        f'<div class="list-item"><div class="list-item-number">{n}</div><div class="list-item-content">'
        f'<h3>{title}</h3><div class="rich-text-body">{"".join(f"<p>{p}</p>" for p in paras)}</div></div></div>'
        for n, (title, paras) in enumerate(sections, 1))
    paragraphs = extract(page(f"<article><h1>A century of the stadium</h1><div class='list-items'>{body}</div></article>")).paragraphs
    # (the sections' numbers and headings come along, as a story's subheadings do)
    assert [p for p in paragraphs if len(p) > 10] == EN + MORE_EN


def test_a_prompt_hidden_by_class_inside_the_article_is_left_out() -> None:
    """Postmedia (The Province, National Post; fundus's test pages): the prompts to subscribe or
    sign in sit inside the article in blocks of class "article-block ... hidden", which the
    site's style sheet hides; "article" in the name had kept them as body."""
    prompt = ("<div class='article-block article-content__sign-in-group hidden'><section><header>"
              "<div class='intro-body__premium hidden'><div>THIS CONTENT IS RESERVED FOR SUBSCRIBERS ONLY</div>"
              "<ul><li>Subscribe now to read the latest news in your city and across the country.</li>"
              "<li>Unlimited online access to every site of the group with one account, and the daily puzzles.</li></ul>"
              "</div></header></section></div>")
    story = "".join(f"<p>{p}</p>" for p in EN)
    body = f"<article class='article-content-story'><div class='article-block'>{story}</div>{prompt}</article>"
    assert extract(page(body)).paragraphs == EN


def test_a_body_set_in_parts_of_one_furniture_class_is_kept_and_repeated_boxes_are_not() -> None:
    """Politico Europe (fundus's test pages): the story in four "sidebar-grid" sections, each with
    a column of ads beside its paragraphs. Each part alone holds under half the text, and
    "sidebar" is a furniture word: every part was dropped and the page skipped as no-body."""
    parts = [EN[:2], EN[2:], MORE_EN[:2], MORE_EN[2:]]
    body = "".join(
        f"<div class='sidebar-grid sidebar-grid--is-narrow'><div class='sidebar-grid__container'>"
        f"<div class='sidebar-grid__content article__content'>{''.join(f'<p>{p}</p>' for p in ps)}</div>"
        f"<div class='sidebar-grid__sidebar'><div class='ad-slot'>Advertisement</div></div></div></div>"
        for ps in parts)
    assert extract(page(f"<main><article><h1>Buses</h1>{body}</article></main>")).paragraphs == EN + MORE_EN
    # the same box in place of each embed, furniture repeated, is not a body in parts
    box = ("<div class='sidebar'><p>External content is not available. Your privacy settings block the loading "
           "of every external item on this page, such as charts, tables, the subscription login and social networks. "
           "To see it, turn on the display of external content in the privacy settings of this site.</p></div>")
    story = "".join(f"<p>{p}</p>{box}" for p in EN)
    assert extract(page(f"<article><div class='article-body'>{story}</div></article>")).paragraphs == EN


def test_a_page_builders_widgets_are_the_body_when_they_hold_it() -> None:
    """Elementor (WordPress; WCXB's article pages): each paragraph in a widget of its own,
    "elementor-widget-container", a furniture word; the same button widget repeated between
    them. Each widget held too little alone, and a repeated button marked them all furniture."""
    widget = "<div class='elementor-element elementor-widget'><div class='elementor-widget-container'>{}</div></div>"
    button = widget.format("<a class='elementor-button' href='/signup'>Get started</a>")
    body = "".join(widget.format(f"<p>{p}</p>") + (button if i in (1, 3) else "") for i, p in enumerate(EN + MORE_EN))
    page_html = f"<main><article><h1>Buses</h1><div class='elementor elementor-4163'>{body}</div></article></main>"
    assert extract(page(page_html)).paragraphs == EN + MORE_EN


def test_a_part_streamed_by_react_is_read_and_an_element_hidden_for_good_is_not() -> None:
    """Next.js's streamed server rendering (WCXB's article pages): the article arrives in
    <div hidden id="S:0">, which the page's script moves into the <template id="B:0"> spot. The
    hidden attribute passed the whole article over and the page was skipped as no-body."""
    story = "".join(f"<p>{p}</p>" for p in EN)
    other = "<div hidden><p>A menu of every section of the site, with links to all of them and to the archive.</p></div>"
    body = (f"<main><div class='flex'><template id='B:0'></template>Loading...</div></main>{other}"
            f"<div hidden id='S:0'><article><h1>Buses</h1>{story}</article></div>"
            "<script>$RC('B:0','S:0')</script>")
    assert extract(page(body)).paragraphs == EN


def test_form_wrapping_the_whole_page_keeps_the_body() -> None:
    """ASP.NET WebForms pages put everything inside one <form>."""
    body = (
        "<form method='post' action='./news.aspx?id=4321' id='aspnetForm'><input type='hidden' name='__VIEWSTATE' value='x'>"
        f"{NAV}<div id='ctl00_ContentPlaceHolder1_pnlArticle'><span id='lblBody'>{'<br><br>'.join(EN)}</span></div>"
        "<div id='footer'><a href='/about'>About</a></div></form>"
    )
    assert extract(page(body)).paragraphs == EN


def test_page_without_closing_body_and_html_is_kept() -> None:
    body = f"<div class='content'><p>{EN[0]}</p><p>{EN[1]}</p></div><footer><p>About us</p></footer>"
    assert extract(page(body, close=False)).paragraphs == EN[:2]


@pytest.mark.parametrize(
    "cut",
    [
        lambda s: s[: s.index("rush-hour") + 4],  # in the middle of a paragraph's text... inside <article>
        lambda s: s[: s.index("<p>", s.index("</p>"))] + "<p cla",  # in the middle of a tag
    ],
)
def test_page_cut_off_in_its_body_is_truncated(cut) -> None:
    whole = page(f"<article><p>{EN[0]}</p><p>{EN[1]}</p><p>{EN[2]}</p></article>").decode()
    with pytest.raises(SkipPage) as e:
        extract(cut(whole).encode())
    assert e.value.reason == "truncated"


def test_truncation_evidence() -> None:
    assert truncation("<html><body><div><p>x</p></div>\n") is None  # complete, optional tags left out
    assert truncation("<html><body><div><p>x</p></div></body></html>") is None
    assert truncation("<html><body><div><p>x</p></div><div class='a") == "it ends inside a tag"
    assert truncation("<html><body><p>x</p><script>var a = 1;") == "it ends inside a script or a comment"
    assert "<article>" in (truncation("<html><body><article><p>x</p>") or "")


# ---------------------------------------------------------------- the body in the page's JSON state


def shell(script: str) -> bytes:
    return page(f"<div id='__next'><div class='spinner'>Loading…</div></div>{script}")


def test_body_from_next_data_when_the_html_has_none() -> None:
    data = {"props": {"pageProps": {"article": {"headline": "Buses", "body": "".join(f"<p>{p}</p>" for p in EN)}}}}
    a = extract(shell(f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'))
    assert a.paragraphs == EN


def test_body_from_fusion_content_elements() -> None:
    """Arc's Fusion state (the layout of chosun.com): the text as a list of typed elements."""
    ans = {"headlines": {"basic": "버스"}, "content_elements": [
        {"type": "image", "url": "https://img.example/a.jpg"},
        *({"type": "text", "content": p} for p in KO),
        {"type": "text", "content": "홍길동 기자 gildong@hanmadi.example.kr"},
    ]}
    script = f"<script>Fusion=window.Fusion||{{}};Fusion.arcSite='x';Fusion.globalContent={json.dumps(ans, ensure_ascii=False)};Fusion.globalContentConfig={{}};</script>"
    a = extract(shell(script), KO_URL)
    assert a.lang == "ko" and a.paragraphs == KO


def test_body_from_json_ld_article_body() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Buses", "articleBody": "\n\n".join(EN)}
    a = extract(shell(f'<script type="application/ld+json">{json.dumps(ld)}</script>'))
    assert a.paragraphs == EN and a.title == "Buses"


def test_html_body_wins_over_the_json_state() -> None:
    ld = {"@type": "NewsArticle", "articleBody": "A different, older text of the story that the HTML has replaced. " * 5}
    body = f"<div class='article-body'><p>{EN[0]}</p><p>{EN[1]}</p></div><script type='application/ld+json'>{json.dumps(ld)}</script>"
    assert extract(page(body)).paragraphs == EN[:2]


MORE = [
    "Drivers for the new routes will be hired in the spring, and the city plans to train them over the summer months.",
    "Residents of the new towns have asked for direct buses for years, saying the trip downtown now takes two transfers.",
    "The routes will be reviewed after six months, and any that carry too few passengers may be merged with others.",
]


def test_paywall_teaser_gives_way_to_the_declared_article_body() -> None:
    """A paywalled page shows its first paragraphs and declares the whole text in its JSON-LD
    (for search engines): the declared text, which holds what the page showed, is the body."""
    full = EN + MORE
    ld = {"@type": "NewsArticle", "headline": "Buses", "articleBody": " ".join(full), "isAccessibleForFree": False}
    body = (f"<article><div class='article-body'><p>{EN[0]}</p><p>{EN[1]}</p></div>"
            "<div class='paywall-modal'><p>Subscribe to keep reading.</p></div></article>"
            f"<script type='application/ld+json'>{json.dumps(ld)}</script>")
    assert extract(page(body)).paragraphs == [" ".join(full)]
    ld["articleBody"] = "\n\n".join(full)  # (its line breaks are its paragraphs)
    body = body.replace(body[body.index("<script"):], f"<script type='application/ld+json'>{json.dumps(ld)}</script>")
    assert extract(page(body)).paragraphs == full


def test_a_longer_declared_body_that_does_not_hold_the_page_text_is_not_taken() -> None:
    other = " ".join(MORE) + " " + " ".join(m.replace("city", "province") for m in MORE)
    ld = {"@type": "NewsArticle", "articleBody": other}
    body = f"<div class='article-body'><p>{EN[0]}</p><p>{EN[1]}</p></div><script type='application/ld+json'>{json.dumps(ld)}</script>"
    assert extract(page(body)).paragraphs == EN[:2]
    ld["articleBody"] = " ".join(EN[:3])  # holds the page's text but is not twice as long
    body = body.replace(body[body.index("<script"):], f"<script type='application/ld+json'>{json.dumps(ld)}</script>")
    assert extract(page(body)).paragraphs == EN[:2]


def test_a_live_blog_whose_updates_are_declared_but_not_shown_gets_them() -> None:
    """A live blog's page sends its introduction in HTML and its updates only in the JSON-LD
    (LiveBlogPosting.liveBlogUpdate), filled in by a script: the updates follow the
    introduction, each its headline and text, in the order declared (entities decoded)."""
    updates = [{"@type": "BlogPosting", "headline": f"Update {i}: the city&#39;s plan", "articleBody": text}
               for i, text in enumerate((MORE[0], f"{MORE[1]}\n{MORE[2]}", EN[3].replace("'", "&#39;")))]
    ld = {"@type": "LiveBlogPosting", "headline": "Buses: live", "liveBlogUpdate": updates}
    script = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    intro = f"<article><div class='article-body'><p>{EN[0]}</p><p>{EN[1]}</p></div><div id='live-updates'></div></article>"
    assert extract(page(intro + script)).paragraphs == [
        EN[0], EN[1], "Update 0: the city's plan", MORE[0], "Update 1: the city's plan", MORE[1], MORE[2],
        "Update 2: the city's plan", EN[3]]
    # updates the HTML shows already are read from it, not added again
    shown = intro.replace("<div id='live-updates'></div>", f"<div class='update'><h2>Update 0</h2><p>{MORE[0]}</p></div>")
    assert extract(page(shown + script)).paragraphs == [EN[0], EN[1], "Update 0", MORE[0]]


def test_page_with_no_body_anywhere_is_no_body() -> None:
    with pytest.raises(SkipPage) as e:
        extract(shell('<script>window.__NUXT__={"state":{"menu":["Home","News"]}};</script>'))
    assert e.value.reason == "no-body"


# ---------------------------------------------------------------- boilerplate lines


@pytest.mark.parametrize(
    "line",
    [
        "홍길동 기자 gildong@hanmadi.example.kr",
        "/김철수 기자 cheolsu@daily.example.co.kr",
        "[서울=한마디뉴스] 홍길동 기자",
        "김철수·이영희 기자",
        "gildong@hanmadi.example.kr",
        "<저작권자 ⓒ 한마디뉴스, 무단 전재-재배포 금지>",
        "ⓒ 데일리예시 & daily.example.co.kr",
        "Copyright © 2026 Daily Example. All rights reserved.",
        "▶ 한마디뉴스 네이버 채널 구독하기",
        "☞ 더 많은 기사 보기",
        "(끝)",
        "(END)",
        "기사문의 및 제보 : jebo@hanmadi.example.kr",
        "#버스 #서울시 #대중교통",
        "[사진=연합뉴스]",
        "(사진=한마디뉴스 DB)",
        "Photo: Reuters",
        "(AP Photo/Ahn Young-joon)",
        "Related articles",
        "관련기사",
        "By Kim Do-yoon, staff reporter",
        "입력 2026.01.05 10:00",
        "Updated Jan. 5, 2026",
        "$$ARTICLEAD$$",
        "Advert",
        "ADVERTISING",
        "This website uses cookies. By continuing to use our website you agree to our use of cookies.",
        "05/01/2026 - Published by: Kim Do-yoon - Section: City - Tags: bus, Seoul",
        "Posted by Kim Do-yoon in City",
        "This slideshow requires JavaScript.",
        '[button link="/submit" type="big"]Send us your review[/button]',
        "Copyright 2026 Daily Example. All rights reserved.",
        "© 2026 Associated Press. All Rights Reserved. This material may not be published, broadcast, rewritten, or redistributed.",
        "저작권자(c) 한마디뉴스",
        "This article was first published by Daily Example. Read the original article.",
        "기사 원문 보기",
        "▶제보는 카톡 hanmadi",
        "제보 전화 02-123-4567",
        "네이버 메인에서 한마디뉴스를 받아보세요.",
        # broadcast news scripts (labels, credits, sign-offs of KBS, MBC, MBN, YTN, 연합뉴스TV pages)
        "[앵커]", "◀ 리포트 ▶", "【 앵커멘트 】", "<기자>",
        "영상편집:김유진", "영상취재 : 안동균 기자", "촬영기자:박준석/영상편집:김대범/그래픽:조재현/자료조사:강성주",
        "KBS 뉴스 김수연입니다.", "워싱턴에서 KBS 뉴스 김경수입니다.", "연합뉴스TV 신새롬입니다.",
        "□ 방송일시 : 2023년 4월 10일 (월요일)", "□ 출연자 : 조원진 우리공화당 대표",
        "[사진 출처 : 검찰청 공식 트위터 캡처]", "▲위 사진은 기사 내용과 직접적인 관련이 없습니다.",
        "MBC 뉴스는 24시간 여러분의 제보를 기다립니다.", "※ '당신의 제보가 뉴스가 됩니다'",
        "[카카오톡] YTN 검색해 채널 추가", "[전화] 02-398-8585",
        # the labels of a break in the story (Reuters, Global News, ...)
        "Advertisement · Scroll to continue", "Story continues below advertisement", "Continue Reading Below",
        # a video player's labels (CBC)
        "WATCH | Palestinians react to the new leader being named:", "Duration 1:30", "14 hours ago",
    ],
)
def test_boilerplate_kind_dropped(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        *KO,
        *EN,
        "▶ 일시: 2026년 1월 5일 오후 3시부터 서울광장에서 시민 1만여명이 참석한 가운데 열린 행사에서 시장은 연설했다.",
        "The company said in an email to reporters that it was reviewing the decision.",
        "Posted on social media by the analysts, the video drew a million views in a day.",
        "Updated figures show the economy grew 2.1 percent last year.",
        "Photography was banned inside the courtroom.",
        "Adverts for the new routes will run on buses from March.",
        "Advertising revenue fell 5 percent last year, the company said.",
        "JavaScript, which the new ticket app requires, runs on every phone sold in the past decade.",
        # sentences about copyright or an original text are article text, not notices
        "The court said the company violated copyright law when it copied the songs without permission.",
        "Copyright holders have long complained about piracy, the association said on Tuesday.",
        "The paper later corrected the original article after readers complained.",
        "저작권자 단체는 이번 판결에 대해 유감을 표명했다.",
        "정부는 협정문 원문으로 보기 어려운 내용이 포함됐다고 밝혔다.",
        "재배포 금지 조항을 어긴 업체에 과징금이 부과됐다.",
        "경찰은 시민 제보는 모두 300건이 넘었다고 밝혔다.",
        "네이버에서 뉴스를 구독하는 이용자가 늘었다.",
        # near the broadcast kinds, and article text
        "그는 30년 경력의 기자입니다.", "촬영은 지난달 서울에서 진행됐다.", "KBS 뉴스에 따르면 정부는 오늘 대책을 발표했습니다.",
        "경찰은 목격자의 제보를 기다리고 있다고 밝혔다.", "[전화 인터뷰] 박 교수는 이렇게 말했다.",
        "사진은 기사 내용과 관련이 없다는 지적이 나왔지만 신문사는 해명하지 않았다. 독자들의 항의가 이어졌다.",
        "The story continues below the surface of a long dispute over fares, the union said.",
        "Continue reading to the end of the report and the picture changes, the auditors wrote.",
        "Watch makers in Switzerland said exports rose 5 percent last year.",
        "The duration of the strike, 14 days, was the longest since 1998.",
        "Three days ago the council voted to keep the fares.",
    ],
)
def test_body_line_kept(line: str) -> None:
    assert not is_boilerplate(line)


def test_dateline_and_line_tidying() -> None:
    assert strip_dateline("SEOUL, Jan. 5 (Yonhap) -- Seoul will open") == "Seoul will open"
    assert strip_dateline("(서울=연합뉴스) 홍길동 기자 = 서울시가") == "서울시가"
    assert strip_dateline("[한마디경제] 홍길동 기자 = 서울시가") == "서울시가"
    assert strip_dateline("서울시가 밝혔다.") == "서울시가 밝혔다."
    assert tidy_line("[사진=연합뉴스] 서울시가 밝혔다. (끝)") == "서울시가 밝혔다."
    assert tidy_line("서울시가 밝혔다. 홍길동 기자 gildong@hanmadi.example.kr") == "서울시가 밝혔다."
    assert tidy_line("서울시가 밝혔다. /워싱턴=김철수 특파원") == "서울시가 밝혔다."


def test_hostile_json_in_scripts_is_skipped_not_a_crash() -> None:
    deep = "[" * 50_000 + "]" * 50_000
    head = f'<script type="application/ld+json">{deep}</script>'
    body = f"<div class='content'><p>{EN[0]}</p><p>{EN[1]}</p></div><script>window.__STATE__={deep};</script>"
    assert extract(page(body, head=head)).paragraphs == EN[:2]
    with pytest.raises(SkipPage) as e:
        extract(shell(f'<script id="__NEXT_DATA__" type="application/json">{deep}</script><script>x = {deep};</script>'))
    assert e.value.reason == "no-body"


def test_sections_of_a_page_builder_each_with_its_heading_in_a_wrapper_are_one_body() -> None:
    """A page builder's layout: each section of the story is a component of its own, its
    heading in one wrapper and its text in another beside it. The longest section's heading
    beside its text does not end the body there: the other sections are body too."""
    longer = [f"{p} {p} {p}" for p in EN]
    texts = [[EN[0]], [longer[1], longer[2], longer[3]], [EN[2]], [EN[3]]]
    sections = "".join(
        f"<section class='component'><div class='component-inner'>"
        f"<header class='component-header'><h2>Section {i + 1}: how the plan for the new routes came together</h2></header>"
        f"<div class='component-content'><div class='text'>{''.join(f'<p>{p}</p>' for p in ps)}</div></div>"
        f"</div></section>"
        for i, ps in enumerate(texts)
    )
    body = f"{NAV}<article><h1>New bus routes</h1><div class='content'>{sections}</div></article><footer><p>About us</p></footer>"
    paragraphs = extract(page(body)).paragraphs
    assert [p for p in paragraphs if not p.startswith("Section")] == [p for ps in texts for p in ps]


def test_a_newsletter_signup_box_between_the_paragraphs_does_not_end_the_body() -> None:
    """A blog post with a newsletter signup box set between its paragraphs (a heading, a line
    of pitch, a form): longer than a lone link, but not a menu; the body goes on after it."""
    longer = [f"{p} {p}" for p in EN]
    box = (
        "<div class='newsletter-signup'><h3>Get the weekly transit letter in your inbox!</h3>"
        "<p>Route changes, timetables and tips for riders, every Friday morning. No spam, ever; unsubscribe at any time.</p>"
        "<form><input type='email' placeholder='Your e-mail'><button>Sign me up</button></form></div>"
    )
    body = (
        f"{NAV}<div class='post'><h1>New bus routes</h1><div class='entry'>"
        f"<div class='part'><p>{longer[0]}</p><p>{longer[1]}</p></div>{box}"
        f"<div class='part'><p>{longer[2]}</p><p>{longer[3]}</p></div></div></div><footer><p>About us</p></footer>"
    )
    assert extract(page(body)).paragraphs == longer


RIDER_QUOTES = "".join(
    f"<div class='quote'><blockquote>{q}</blockquote><p>Rider {i}</p></div>"
    for i, q in enumerate((
        "I take the new night bus home every week and it has changed how late I can stay at work without worrying about the trip back.",
        "The timetable is finally easy to read, and the drivers are friendly; my commute feels shorter than it has in years of riding.",
        "Thanks to the weekly letter I knew about the detour before it started, which saved me a long walk in the rain on Monday.",
    ) * 2)
)


def test_an_article_in_a_wrapper_named_as_furniture_is_the_body() -> None:
    """A newsletter's issue page: the issue is an <article> inside a section named for the
    newsletter (a furniture word); the <article> holds most of the page's text and is the body."""
    longer = [f"{p} {p}" for p in EN]
    body = (
        f"{NAV}<main><section class='newsletter-issue'><h1>Issue 12: new bus routes</h1>"
        f"<article class='issue'>{''.join(f'<p>{p}</p>' for p in longer)}</article></section>"
        f"<section class='reviews'><h2>What riders say</h2>{RIDER_QUOTES}</section></main>"
    )
    assert extract(page(body)).paragraphs[: len(longer)] == longer


def test_the_body_stops_a_level_above_a_whole_article() -> None:
    """The story is a whole <article>, its lead set just before it in the same wrapper: the body
    takes the lead, and not the page's other sections beside the wrapper (a box of quotes)."""
    longer = [f"{p} {p}" for p in EN[1:]]
    body = (
        f"{NAV}<main><div class='story-wrap'><h1>New bus routes</h1><p class='lead'>{EN[0]}</p>"
        f"<article class='story'>{''.join(f'<p>{p}</p>' for p in longer)}</article></div>"
        f"<section class='reviews'><h2>What riders say</h2>{RIDER_QUOTES}</section></main>"
    )
    assert extract(page(body)).paragraphs == [EN[0], *longer]


# ---------------------------------------------------------------- news layouts (fundus's test pages)


def test_a_page_saved_in_utf8_that_still_declares_its_old_charset_is_read_as_utf8() -> None:
    """El Mundo, WinFuture (fundus's test pages): saved in UTF-8 with the <meta> of the charset
    they were served in ("iso-8859-15", "windows-1252"). Any byte decodes in those, so the
    declaration was taken and every accented letter came out as two ("fÃ¼r")."""
    paras = ["Für die Fahrer der Formel 1 begann die Saison mit einem Rennen, das keiner vergessen wird, sagte er später.",
             "La decimocuarta carrera que Max domina de principio a fin: un registro con el que supera a Jim Clark.",
             "Der Weltmeister hatte schon nach der ersten Runde einen Vorsprung, den die anderen nie mehr aufholten."]
    html = page("<article><h1>Formel 1</h1>" + "".join(f"<p>{p}</p>" for p in paras) + "</article>")
    for label in ("iso-8859-15", "windows-1252", "iso-8859-1"):
        data = html.replace(b'<meta charset="utf-8">', f'<meta charset="{label}">'.encode())
        assert extract(data).paragraphs == paras
    # a page really in the charset it declares (not valid UTF-8) is read in it, as before
    data = html.replace(b'<meta charset="utf-8">', b'<meta charset="iso-8859-15">').decode().encode("iso-8859-15")
    assert extract(data).paragraphs == paras


def test_the_article_headed_by_the_page_title_is_the_body_not_the_next_story_below_it() -> None:
    """Dagbladet (fundus's test pages): the page carries the next story under its own (loaded
    as the reader scrolls, saved with it), in an <article> of its own with its own <h1>. The
    next story was longer, and was taken for the page's."""
    head = '<meta property="og:title" content="- Angst will grow">'
    own = "<article id='main-article'><h1>- Angst will grow</h1>" + "".join(f"<p>{p}</p>" for p in EN) + "</article>"
    nxt = ("<div class='under-article'><article id='second-article'><h1>Bus drivers vote on a strike</h1>"
           + "".join(f"<p>{p}</p>" for p in MORE_EN + MORE_EN[::-1]) + "</article></div>")
    assert extract(page(f"<main>{own}{nxt}</main>", head=head)).paragraphs == EN


def test_the_body_does_not_grow_out_of_its_main_nor_past_the_end_of_its_article() -> None:
    """Nikkei (fundus's test pages): the dialogs of the page (follow, save, sign up for the
    newsletter), short lines of Japanese text after the <main>, were taken as the body going
    on; a short story lets a short line count as body text. What comes after an <article> is
    the page's (an author's bio, a sign-up box), but a lead printed before it is the story's."""
    dialogs = ("<div class='dialogs'><div><p>Only paying members can follow topics; followed topics are gathered in My News.</p></div>"
               "<div><p>Sign up for the newsletter and read on for free: we send you the link by e-mail.</p></div>"
               "<div><p>Thank you for signing up. We have sent an e-mail to the address you gave us.</p></div></div>")
    story = "<article><h1>Buses</h1>" + "".join(f"<p>{p}</p>" for p in EN[:3]) + "</article>"
    assert extract(page(f"<div class='page'><main>{story}</main>{dialogs}</div>")).paragraphs == EN[:3]
    lead = f"<div class='lead'><p>{EN[3]}</p></div>"
    bio = ("<div class='bio'><p>The writer has covered the city government for ten years and wrote a book "
           "about its buses, trams and the people who run them.</p></div>")
    assert extract(page(f"<div class='page'>{lead}{story}{bio}</div>")).paragraphs == EN[3:] + EN[:3]


def test_a_consent_box_in_place_of_an_embed_is_not_body() -> None:
    """Die Zeit (fundus's test pages): "embed-wrapper embed-wrapper--blocked js-embed-consent",
    the box shown in place of an embed not loaded; "embed" in the name kept it as content."""
    consent = ("<div class='embed-wrapper embed-wrapper--blocked js-embed-consent'><p>Recommended editorial content</p>"
               "<p>Here you will find external content that complements the article. You can show all external "
               "content with one click or hide it again.</p><p>I agree that external content is shown to me.</p></div>")
    story = "".join(f"<p>{p}</p>" + (consent if i == 1 else "") for i, p in enumerate(EN))
    assert extract(page(f"<article><div class='article-body'>{story}</div></article>")).paragraphs == EN


def test_advertisement_labels_of_other_languages_are_boilerplate() -> None:
    """Habertürk (fundus's test pages): "REKLAM" over each ad slot in the story."""
    for label in ("REKLAM", "Reklama", "Reklame", "Реклама", "Pubblicità", "Publicidade", "Advertentie", "Annonse", "Mainos"):
        assert is_boilerplate(label), label
    assert not is_boilerplate("Reklamationen nahmen im Mai deutlich zu.")


def test_screen_reader_labels_named_offscreen_are_left_out() -> None:
    """SRF (fundus's test pages): "h-offscreen" labels of a box's toggle ("Box aufklappen")."""
    toggle = ("<div class='box-header'><span class='h-offscreen'>Expand the box</span>"
              "<span class='h-offscreen'>Collapse the box</span></div>")
    body = "".join(f"<p>{p}</p>" for p in EN[:2]) + toggle + "".join(f"<p>{p}</p>" for p in EN[2:])
    assert extract(page(f"<article><div class='article-content'>{body}</div></article>")).paragraphs == EN


FARES = [("Route", "Fare", "Frequency"), ("N12", "1,500", "10 min"), ("N14", "1,700", "12 min"), ("N20", "2,100", "15 min")]
FARE_TABLE = "<table><tbody>" + "".join(f"<tr>{''.join(f'<td>{c}</td>' for c in row)}</tr>" for row in FARES) + "</tbody></table>"


def test_a_table_set_in_a_figure_is_read() -> None:
    """WordPress's table block (and CKEditor's) sets a table in a <figure>: its cells are the
    article's text, not an illustration's (a figure with only an image stays out)."""
    body = (
        f"{NAV}<article><h1>New bus routes</h1>{''.join(f'<p>{p}</p>' for p in EN[:2])}"
        f"<figure class='wp-block-table'>{FARE_TABLE}<figcaption>Fares</figcaption></figure>"
        f"<figure><img src='a.jpg'><figcaption>A bus at the depot</figcaption></figure>"
        f"{''.join(f'<p>{p}</p>' for p in EN[2:])}</article>"
    )
    out = extract(page(body)).paragraphs
    assert out == [*EN[:2], *(c for row in FARES for c in row), *EN[2:]]


FARES = [("Route", "Fare", "Frequency"), ("N12", "1,500", "10 min"), ("N14", "1,700", "12 min"), ("N20", "2,100", "15 min")]
FARE_TABLE = "<table><tbody>" + "".join(f"<tr>{''.join(f'<td>{c}</td>' for c in row)}</tr>" for row in FARES) + "</tbody></table>"


def test_a_table_that_ends_the_body_is_kept() -> None:
    """Short lines that end the body are a label or a tag line and go; a table's cells are its
    figures, and a body that ends with a table (a training plan, a price list) keeps them."""
    body = f"{NAV}<article><h1>New bus routes</h1>{''.join(f'<p>{p}</p>' for p in EN)}{FARE_TABLE}</article>"
    assert extract(page(body)).paragraphs == [*EN, *(c for row in FARES for c in row)]


def test_a_box_of_teaser_articles_between_sections_of_the_body_does_not_end_it() -> None:
    """A guide's "More workflows" box of other stories, each an <article> of a linked title,
    set between two sections of the body: passed over, the body goes on after it."""
    longer = [f"{p} {p}" for p in EN]
    teasers = "".join(f"<article><a href='/story/{i}'>Other story number {i} about buses</a></article>" for i in range(3))
    body = (
        f"{NAV}<main><h1>New bus routes</h1><div class='builder'>"
        f"<div class='section'>{''.join(f'<p>{p}</p>' for p in longer[:2])}</div>"
        f"<div class='section'><h3>More workflows</h3>{teasers}</div>"
        f"<div class='section'>{''.join(f'<p>{p}</p>' for p in longer[2:])}</div></div></main>"
    )
    assert extract(page(body)).paragraphs == longer


def test_a_code_listing_keeps_its_comments() -> None:
    """A syntax highlighter names a comment in code "hljs-comment" or "token comment": a token
    of the listing, not a comment thread."""
    code = "<pre><code class='language-bash'><span class='hljs-comment'># stage all changes</span>\ngit add -A\n</code></pre>"
    body = f"{NAV}<article><h1>Git basics</h1>{''.join(f'<p>{p}</p>' for p in EN[:2])}{code}{''.join(f'<p>{p}</p>' for p in EN[2:])}</article>"
    out = extract(page(body)).paragraphs
    assert "# stage all changes" in " ".join(out) and out[-1] == EN[3]


def test_wrappers_around_one_section_alone_do_not_use_up_the_climb() -> None:
    """A site that sets each section of the story in a deep stack of wrappers (a row, a column,
    a div for each), the sections side by side in one column: the climb from the longest
    section spent its levels on wrappers that hold it alone and never reached its siblings."""
    def deep(inner: str) -> str:
        return "<div><div class='row'><div class='col'><div><div class='row'><div class='col'><div><div>" \
               f"{inner}</div></div></div></div></div></div></div></div>"
    longer = [f"{p} {p} {p}" for p in EN]
    parts = [longer, EN[:2], EN[2:], MORE_EN[:2], MORE_EN[2:]]
    sections = "".join(deep("".join(f"<p>{p}</p>" for p in ps)) for ps in parts)
    body = f"{NAV}<main><h1>New bus routes</h1><div class='col'>{sections}</div></main><footer><p>About us</p></footer>"
    assert extract(page(body)).paragraphs == [p for ps in parts for p in ps]


def test_items_of_a_roundup_with_their_shop_links_are_body() -> None:
    """A buying guide: each pick a list item with its name and its text, a link to the shops
    after each sentence; a third of every item's text is links. The item that holds the most
    text was the body alone: its siblings were too linked to read as body text."""
    def item(name: str, sentences: list[str]) -> str:
        text = " ".join(f"{s} <a href='/buy/{name}'>Compare the prices of {name} at all of the shops</a>." for s in sentences)
        return f"<li><div class='pick'><h3>{name}</h3><div class='text'><p>{text}</p></div></div></li>"
    picks = [EN, [MORE_EN[0]], [MORE_EN[1]], [MORE_EN[2]]]
    body = f"{NAV}<main><h1>The best buses</h1><ol>{''.join(item(f'Bus {i}', ps) for i, ps in enumerate(picks))}</ol></main>"
    paragraphs = extract(page(body)).paragraphs
    assert [p[:40] for p in paragraphs if not p.startswith("Bus")] == [ps[0][:40] for ps in picks]


def test_a_long_list_of_short_items_ending_the_body_is_kept_and_a_last_label_is_not() -> None:
    """A guide that ends with its list of brands, each a heading over a few short points: the
    rule that trims a heading or a label off the body's end took the whole list."""
    brands = "".join(f"<h3>Brand {i}</h3><ul><li>organic cotton, line {i}</li><li>recycled wool, line {i}</li></ul>"
                     for i in range(8))
    body = f"<article><h1>Brands</h1>{''.join(f'<p>{p}</p>' for p in EN)}{brands}<h4>Share this</h4></article>"
    paragraphs = extract(page(body)).paragraphs
    assert paragraphs[:4] == EN and paragraphs[-3:] == ["Brand 7", "organic cotton, line 7", "recycled wool, line 7"]
    short = f"<article><h1>Brands</h1>{''.join(f'<p>{p}</p>' for p in EN)}<h3>Brand 1</h3><ul><li>organic cotton</li></ul></article>"
    assert extract(page(short)).paragraphs == EN


def test_three_sections_of_near_equal_text_are_one_body_past_a_box_beside_one() -> None:
    """A guide in three sections of about equal length, each a row of its own with a box of
    pitch beside its text (a heading and a line, no link): the box stopped the climb from the
    longest section, and two other sections near it were too few for a body in sections."""
    cta = "<div class='cta'><h4>Plan your trip</h4><p>Manage your commute better with our free planner</p></div>"
    parts = [[EN[0], EN[1]], [EN[2], EN[3]], [MORE_EN[1], MORE_EN[2]]]
    rows = "".join(f"<div class='row'><div class='inner'><div class='text'>{''.join(f'<p>{p}</p>' for p in ps)}</div>"
                   f"{cta}</div></div>" for ps in parts)
    body = f"{NAV}<main><h1>New bus routes</h1><div class='rows'>{rows}</div></main><footer><p>About us</p></footer>"
    paragraphs = extract(page(body)).paragraphs
    assert [p for p in paragraphs if p in EN + MORE_EN] == [p for ps in parts for p in ps]


def test_sections_each_with_a_header_of_its_own_are_one_body() -> None:
    """A map guide: each place a block with a <header> (its name, its kind and area) over its
    text. The header beside the longest place's text stopped the climb, as the page's header
    does."""
    def place(name: str, text: str) -> str:
        return (f"<div class='place'><header><h2>{name}</h2><ul class='kinds'><li>Wine bar and bistro</li><li>Houston Heights</li></ul>"
                f"</header><div class='desc'><p>{text}</p></div></div>")
    texts = [f"{EN[0]} {EN[1]} {EN[2]}", EN[3], MORE_EN[0], MORE_EN[1]]
    body = (f"{NAV}<main><h1>Where to eat</h1><section class='c-body'><p>{MORE_EN[2]}</p>"
            f"{''.join(place(f'Place {i}', t) for i, t in enumerate(texts))}</section></main>")
    paragraphs = extract(page(body)).paragraphs
    assert [p for p in paragraphs if p not in ("Wine bar and bistro", "Houston Heights") and not p.startswith("Place")] == [
        MORE_EN[2], *texts]


def test_the_body_in_the_pages_main_wins_over_a_banner_outside_it() -> None:
    """A shop's page of terms: one long paragraph inside <main>; above it, outside <main>, a
    banner of shipping notices for a dozen countries, each a sentence, which together scored
    higher than the paragraph."""
    notices = "".join(f"<p>Free standard shipping on orders over {20 + i} in country {i}. For more "
                      f"information on rates and timelines, please visit our shipping page.</p>" for i in range(10))
    terms = " ".join(EN + MORE_EN)
    body = f"<div class='banner-notes'>{notices}</div>{NAV}<main><h1>Promo terms</h1><div class='terms'><p>{terms}</p></div></main>"
    assert extract(page(body)).paragraphs == [terms]


def test_articles_with_a_button_after_their_text_are_sections_of_the_body() -> None:
    """A listicle whose items are <article>s: a heading (not a link), a paragraph, and a
    "Book now" button after it. The button read as a teaser's linked title, and the items were
    dropped as teasers of other stories."""
    items = "".join(f"<article class='tile'><h3>Course {i}</h3><p>{p}</p>"
                    f"<div class='cta'><a href='/book/{i}'>Book now</a></div></article>" for i, p in enumerate(MORE_EN))
    intro = f"{EN[0]} {EN[1]}"
    body = f"{NAV}<main><section class='list'><h1>Courses</h1><p>{intro}</p>{items}</section></main>"
    paragraphs = extract(page(body)).paragraphs
    assert [p for p in paragraphs if not p.startswith("Course")] == [intro, *MORE_EN]


def test_a_page_that_leaves_main_open_and_ends_with_its_scripts_is_whole() -> None:
    assert truncation("<html><body><main><article><p>x</p></article><script>f()</script>\n") is None
    assert "<main>" in (truncation("<html><body><main><article><p>x</p></article><p>y") or "")
    assert "<article>" in (truncation("<html><body><main><article><p>x</p><script>f()</script>") or "")


def test_a_page_that_leaves_its_layout_open_and_ends_with_its_scripts_is_whole() -> None:
    # pages of 2008 templates: the layout's <div>s and <table> never closed, the page ending with
    # its counters and trackers (a script, a <noscript> pixel, a server's comment)
    layout = "<html><body><div id='wrap'><div id='main'><table><tr><td><p>x</p></td></tr>"
    for trailer in ("<script>count()</script>", "<noscript><img src='/px.gif'></noscript>",
                    "<script>count()</script>\n<!-- served by web12 in 0.2 s -->\n"):
        assert truncation(layout + trailer) is None
    assert "<table>" in (truncation(layout + "<p>More of the text") or "")  # cut in the text
    assert "<article>" in (truncation("<html><body><div><article><p>x</p><script>f()</script>") or "")
    assert truncation(layout + "<script>count()</script><!-- a comment -- cut off>") is not None


def test_a_page_that_opens_with_its_scripts_is_html() -> None:
    # the first 2 KB of some pages are only a comment, scripts, style sheets and <link>s: no
    # <html>, <head> or <body> tag among them
    script = "<script type='text/javascript'>\n" + "var section = 'news';\n" * 150 + "</script>\n"
    body = f"<div class='story'><p>{EN[0]}</p><p>{EN[1]}</p><p>{EN[2]}</p></div>"
    for head in ("<!--section:news-->\n" + script, "<style>body { font-size: 12px }</style>\n"
                 + "<link rel='alternate' type='application/rss+xml' href='/rss.xml'>\n" * 40):
        assert len(head.encode()) > 2048
        assert extract((head + body).encode()).paragraphs == EN[:3]
    with pytest.raises(SkipPage) as e:  # a script file saved as a page is still no page
        extract(("var section = 'news';\n" * 150).encode())
    assert e.value.reason == "not-html"


def test_a_title_never_closed_does_not_swallow_the_page() -> None:
    # "</titl", or a copy cut in its head ("</titavascript"): a browser reads the rest of the page
    # as the title's text and shows a blank page
    script = "<script>\n" + "var section = 'news';\n" * 100 + "</script>"
    body = f"<div class='story'><h1>Bus routes</h1><p>{EN[0]}</p><p>{EN[1]}</p><p>{EN[2]}</p></div>"
    for end in ("</titl\n", "</tit", "</titavascript' src='/js/site.js'></script>\n"):
        broken = f"<html><head><title>Seoul opens new bus routes{end}{script}</head><body>{body}</body></html>"
        article = extract(broken.encode())
        assert article.paragraphs == EN[:3] and article.title == "Bus routes"
    whole = broken.replace(end, "</title>")  # (the page as it should have been)
    assert extract(whole.encode()).paragraphs == EN[:3]


def test_a_short_quote_beside_the_body_does_not_stop_it_growing() -> None:
    """The body's second half set in a row of columns, a pull quote alone in the narrow one:
    the quote (a short line of plain text, no heading, inside the <article>) is the body's own,
    and the paragraphs above the row are body too."""
    lead = [f"{p} (Part {k}.)" for k in (1, 2) for p in EN]
    rest = [f"{p} (Part {k}.)" for k in (3, 4, 5, 6) for p in EN]
    quote = "“Shorter waits bring riders back,” the official said."
    body = (
        f"{NAV}<article><h1>New bus routes</h1><div class='lead'>{''.join(f'<p>{p}</p>' for p in lead)}</div>"
        f"<div class='columns'><div class='column wide'>{''.join(f'<p>{p}</p>' for p in rest)}</div>"
        f"<div class='column narrow'><p>{quote}</p></div></div></article>"
        "<footer><p>Copyright Example News. All rights reserved by the publisher of this site.</p></footer>"
    )
    assert extract(page(body)).paragraphs[: len(lead) + len(rest)] == [*lead, *rest]


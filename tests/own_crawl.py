"""A small bilingual crawl written for the tests (text and markup ours, CC BY 4.0 like the
sample), in a layout unlike the sample's and with no recipe: the fictional daily Hangyeol
(www.hangyeol.example in Korean, en.hangyeol.example in English).

- Korean article pages: the body is runs of text separated by `<br><br>` inside
  `<div id="article-view-content-div">`, the reporter's e-mail line at its end, a copyright
  line and a "most read" list around it; the address is `articleView.html?idxno=N`.
- English pages: `<p>`s inside `<section class="story-body">`, then an anchor reading "Read the
  original Korean article" to the Korean page; a site-wide language switch to the Korean
  home page in the header (never an original).
- Hostile pages: a binary file, an empty file, a navigation-only page, a truncated download,
  10 MB of spam in one element, and a page of 50,000 links.

Each article is a list of paragraphs, each a list of sentences, translated sentence for
sentence, so the exact sentences a run must keep are known.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

KO_HOST = "https://www.hangyeol.example"
EN_HOST = "https://en.hangyeol.example"


@dataclass
class Story:
    ko_id: int
    en_slug: str
    ko_title: str
    en_title: str
    date: str
    ko: list[list[str]]  # paragraphs of sentences
    en: list[list[str]]

    @property
    def ko_url(self) -> str:
        return f"{KO_HOST}/news/articleView.html?idxno={self.ko_id}"

    @property
    def en_url(self) -> str:
        return f"{EN_HOST}/stories/{self.date[:4]}/{self.date[5:7]}/{self.en_slug}-{self.ko_id + 500}"

    def ko_sentences(self) -> list[str]:
        return [s for p in self.ko for s in p]

    def en_sentences(self) -> list[str]:
        return [s for p in self.en for s in p]


STORIES = [
    Story(
        20871, "riverside-bridge-repair", "한결시, 강변 다리 내년 봄까지 전면 보수", "Hangyeol City to fully repair riverside bridge by next spring", "2026-09-15",
        [["한결시는 낡은 강변 다리를 내년 봄까지 전면 보수하겠다고 15일 밝혔다.", "이 다리는 1978년에 지어져 하루 평균 4만 대의 차량이 지나다닌다."],
         ["보수 공사에는 모두 320억 원이 들어갈 것으로 추산된다.", "시는 공사 기간에 버스 노선 세 개를 임시로 바꿀 예정이다."],
         ["시는 공사 기간 동안 보행자 전용 임시 통로를 설치하기로 했다.", "다리 아래 둔치의 자전거 도로는 그대로 이용할 수 있다."],
         ["주민들은 출퇴근 시간의 교통 혼잡을 걱정하고 있다.", "시 관계자는 안전을 위해 더 미룰 수 없는 공사라고 설명했다."]],
        [["Hangyeol City said on the 15th that it will fully repair its old riverside bridge by next spring.",
          "The bridge was built in 1978 and carries an average of 40,000 vehicles a day."],
         ["The repair work is estimated to cost a total of 32 billion won.",
          "The city plans to temporarily reroute three bus lines during the construction."],
         ["The city decided to set up a temporary walkway for pedestrians during the work.",
          "The bicycle path on the riverbank under the bridge will remain open."],
         ["Residents are worried about traffic congestion during rush hour.",
          "A city official explained that the work could not be postponed any longer for safety reasons."]],
    ),
    Story(
        20872, "library-night-hours", "국립중앙도서관, 평일 밤 11시까지 문 연다", "National library to stay open until 11 at night on weekdays", "2026-09-15",
        [["국립중앙도서관이 다음 달부터 평일 밤 11시까지 문을 연다.", "도서관은 시험을 준비하는 학생과 직장인의 요청이 많았다고 전했다."],
         ["야간에는 열람실 두 곳과 디지털 자료실만 운영된다.", "도서 대출은 기존처럼 오후 9시에 마감된다."],
         ["도서관은 야간 이용객을 위해 경비 인력을 두 명 더 배치한다.", "주말 운영 시간은 바뀌지 않는다."],
         ["도서관 측은 반년 동안 시범 운영한 뒤 계속 여부를 결정할 방침이다."]],
        [["The National Central Library will stay open until 11 at night on weekdays starting next month.",
          "The library said it had received many requests from students preparing for exams and from office workers."],
         ["At night, only two reading rooms and the digital resources room will be open.",
          "Book loans will still close at 9 in the evening as before."],
         ["The library will add two more security guards for night visitors.",
          "Weekend opening hours will not change."],
         ["The library intends to decide whether to continue after a six-month trial."]],
    ),
    Story(
        20873, "apple-harvest-falls", "경북 사과 수확량 20% 감소…늦서리·폭염 탓", "Apple harvest in North Gyeongsang falls 20 percent", "2026-09-16",
        [["올해 경북 지역의 사과 수확량이 지난해보다 20퍼센트 줄었다.", "봄철 늦서리와 여름 폭염이 잇따라 작황에 큰 피해를 줬다.",
          "배 수확량도 15퍼센트가량 감소한 것으로 조사됐다."],
         ["사과 한 상자의 도매가격은 한 달 새 30퍼센트 넘게 올랐다.", "농민들은 정부에 재해 보험 지원을 늘려 달라고 요구했다."],
         ["전문가들은 기후 변화로 재배 적지가 북쪽으로 옮겨 가고 있다고 분석했다.", "일부 농가는 이미 강원도로 과수원을 옮기기 시작했다."]],
        [["This year's apple harvest in North Gyeongsang Province fell 20 percent from last year.",
          "A late spring frost followed by a summer heat wave badly damaged the crop.",
          "The pear harvest was also found to have fallen by about 15 percent."],
         ["The wholesale price of a box of apples rose more than 30 percent in a month.",
          "Farmers asked the government to expand its support for disaster insurance."],
         ["Experts said climate change is pushing the areas suited for growing apples northward.",
          "Some farms have already begun moving their orchards to Gangwon Province."]],
    ),
    Story(
        20874, "subway-guide-robots", "지하철 2호선에 안내 로봇 10대 시범 배치", "Guide robots placed in Line 2 subway stations", "2026-09-16",
        [["서울 지하철 2호선 역사에 안내 로봇 열 대가 시범 배치됐다.", "로봇은 한국어와 영어, 중국어, 일본어로 길을 안내한다."],
         ["로봇은 화면을 통해 가까운 출구와 환승 통로를 보여 준다.", "휠체어 이용객에게는 엘리베이터 위치를 먼저 알려 준다."],
         ["첫날에만 2천 명이 넘는 승객이 로봇에게 길을 물었다.", "일부 승객은 로봇이 혼잡한 시간에 통행을 방해한다고 지적했다.",
          "교통공사는 석 달 동안 이용객 반응을 살펴본 뒤 확대 여부를 정할 계획이다."]],
        [["Ten guide robots have been placed in stations on Seoul Subway Line 2 on a trial basis.",
          "The robots give directions in Korean, English, Chinese and Japanese."],
         ["The robots show the nearest exits and transfer passages on a screen.",
          "For wheelchair users, they point out the location of the elevators first."],
         ["On the first day alone, more than 2,000 passengers asked the robots for directions.",
          "Some passengers complained that the robots get in the way during busy hours.",
          "The transit corporation plans to watch how passengers respond for three months before deciding whether to expand the program."]],
    ),
    Story(
        20875, "jeju-marathon-record", "제주 국제 마라톤에 역대 최다 1만2천명 참가", "Record 12,000 runners take part in Jeju marathon", "2026-09-17",
        [["제주 국제 마라톤 대회에 역대 최다인 1만 2천 명이 참가했다.", "올해 대회에는 40개국에서 온 외국인 참가자 1천여 명이 함께 달렸다."],
         ["남자부에서는 케냐 출신 선수가 2시간 8분의 기록으로 우승했다.", "여자부 우승은 대회 기록을 1분 앞당긴 한국 선수에게 돌아갔다."],
         ["코스는 해안 도로를 따라 성산 일출봉 앞까지 이어졌다.", "경기 중 더위로 쓰러진 참가자는 없었다고 조직위는 밝혔다.",
          "조직위원회는 내년부터 참가비 일부를 해안 정화 사업에 기부하기로 했다."]],
        [["A record 12,000 runners took part in the Jeju International Marathon.",
          "About 1,000 foreign runners from 40 countries joined this year's race."],
         ["In the men's race, a runner from Kenya won with a time of 2 hours and 8 minutes.",
          "The women's title went to a Korean runner who broke the course record by one minute."],
         ["The course ran along the coastal road to the front of Seongsan Ilchulbong.",
          "The organizers said no runner collapsed from the heat during the race.",
          "The organizing committee decided to donate part of the entry fees to a coastal cleanup project starting next year."]],
    ),
    Story(
        20876, "pangyo-ai-startup-funding", "판교 AI 스타트업, 500억원 투자 유치", "Pangyo AI startup attracts 50 billion won investment", "2026-09-17",
        [["판교의 한 인공지능 스타트업이 500억 원 규모의 투자를 유치했다.", "이번 투자에는 국내 벤처캐피털 세 곳과 미국 투자사 한 곳이 참여했다."],
         ["이 회사는 병원 진료 기록을 자동으로 정리하는 소프트웨어를 만든다.", "이 소프트웨어는 현재 전국 120개 병원에서 쓰이고 있다."],
         ["투자금은 해외 진출과 연구 인력 채용에 쓰일 예정이다.", "회사는 내년 상반기에 일본 시장에 먼저 진출할 계획이다.",
          "회사 대표는 2년 안에 직원 수를 두 배로 늘리겠다고 말했다."]],
        [["An artificial intelligence startup in Pangyo has attracted an investment of 50 billion won.",
          "Three domestic venture capital firms and one American investor took part in the round."],
         ["The company makes software that automatically organizes hospital medical records.",
          "The software is currently used in 120 hospitals across the country."],
         ["The money will be used to expand overseas and to hire research staff.",
          "The company plans to enter the Japanese market first in the first half of next year.",
          "The company's chief executive said it would double its number of employees within two years."]],
    ),
]

# a Korean article with no English version, saved only in part (the truncated download)
UNPAIRED_KO = Story(
    20880, "", "한결시 공공자전거 요금 동결", "", "2026-09-18",
    [["한결시는 내년에도 공공자전거 이용 요금을 동결하기로 했다.", "시는 자전거 대여소 50곳을 새로 설치할 예정이다."],
     ["이용객은 지난해보다 25퍼센트 늘어 하루 평균 3만 명에 이른다.", "시는 고장 난 자전거를 신고하면 포인트를 주는 제도도 도입한다."],
     ["시는 안전모 무료 대여 서비스를 주요 대여소 열 곳에서 먼저 시작한다.", "자전거 전용 도로도 내년까지 30킬로미터 더 늘릴 계획이다.",
      "시 관계자는 요금을 올리지 않고도 운영 적자를 줄일 방안을 찾겠다고 말했다."]],
    [],
)

_NAV_KO = "".join(f'<li><a href="{KO_HOST}/news/articleList.html?sc_section_code=S1N{i}">{name}</a></li>'
                  for i, name in enumerate(["정치", "경제", "사회", "국제", "문화", "스포츠", "오피니언"], 1))
_NAV_EN = "".join(f'<li><a href="{EN_HOST}/section/{name.lower()}">{name}</a></li>'
                  for name in ["Politics", "Economy", "Society", "World", "Culture", "Sports", "Opinion"])


def ko_page(story: Story, *, url: str | None = None, cut: float | None = None) -> bytes:
    """The Korean page: the body as <br><br>-separated runs in a div, boilerplate around it.
    `url`: the canonical URL it claims (default its own); `cut`: keep only that share of it."""
    body = "<br><br>\n".join(" ".join(p) for p in story.ko)
    html = f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>{story.ko_title} - 한결일보</title>
<link rel="canonical" href="{url or story.ko_url}">
<meta property="og:title" content="{story.ko_title}">
<meta property="article:published_time" content="{story.date}T09:30:00+09:00">
<script>var _ga = _ga || []; _ga.push(["_trackPageview"]);</script>
</head>
<body>
<div id="top-bar"><a href="{KO_HOST}/">한결일보</a> | <a href="{EN_HOST}/">English</a> | <a href="{KO_HOST}/member/login.html">로그인</a></div>
<div id="gnb"><ul>{_NAV_KO}</ul></div>
<div id="user-container">
  <div class="article-head-title"><h3 class="heading">{story.ko_title}</h3></div>
  <ul class="infomation"><li>기자명 한결 기자</li><li>입력 {story.date} 09:30</li></ul>
  <div id="article-view-content-div" class="article-veiw-body view-page font-size17">
{body}<br><br>
한결 기자 reporter@hangyeol.example
  </div>
  <div class="view-copyright">저작권자 © 한결일보 무단전재 및 재배포 금지</div>
  <div class="most-read"><h4>많이 본 뉴스</h4><ol>
    <li><a href="{KO_HOST}/news/articleView.html?idxno=20001">한결시 새해 예산 12조원 편성</a></li>
    <li><a href="{KO_HOST}/news/articleView.html?idxno=20002">가을 단풍 이번 주말 절정</a></li>
  </ol></div>
</div>
<div id="footer">한결일보 | 한결시 중앙로 1 | 등록번호 한결 아 00000 | 발행인 한결</div>
</body>
</html>
"""
    data = html.encode("utf-8")
    return data[: int(len(data) * cut)] if cut else data


def en_page(story: Story, *, original: str | None = None) -> bytes:
    """The English page: <p>s in a section, an anchor to the Korean original after them.
    `original`: where that anchor points (default the Korean page)."""
    paras = "\n".join(f"    <p>{' '.join(p)}</p>" for p in story.en)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{story.en_title} | Hangyeol English</title>
<link rel="canonical" href="{story.en_url}">
<meta property="og:title" content="{story.en_title}">
<meta property="article:published_time" content="{story.date}T15:00:00+09:00">
</head>
<body>
<header class="site-header">
  <a class="logo" href="{EN_HOST}/">Hangyeol English</a>
  <nav><ul>{_NAV_EN}</ul></nav>
  <div class="lang-switch"><a href="{KO_HOST}/">한국어</a></div>
</header>
<main>
  <article class="story">
    <h1 class="story-title">{story.en_title}</h1>
    <div class="story-meta">Published {story.date}</div>
    <section class="story-body">
{paras}
    </section>
    <div class="story-source"><a href="{original or story.ko_url}">Read the original Korean article</a></div>
  </article>
  <aside class="more-stories"><h2>More stories</h2><ul>
    <li><a href="{EN_HOST}/stories/2026/09/budget-plan-20501">City unveils 12 trillion won budget</a></li>
    <li><a href="{EN_HOST}/stories/2026/09/autumn-leaves-20502">Autumn leaves to peak this weekend</a></li>
  </ul></aside>
</main>
<footer>&copy; Hangyeol Daily. All rights reserved.</footer>
</body>
</html>
""".encode()


def nav_only_page() -> bytes:
    """A section front: menus and headlines, no article."""
    items = "".join(f'<li><a href="{KO_HOST}/news/articleView.html?idxno={20800 + i}">한결시 소식 {i}번째 기사 제목</a></li>'
                    for i in range(40))
    return f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>사회 - 한결일보</title></head>
<body><div id="gnb"><ul>{_NAV_KO}</ul></div><div class="list-block"><ul>{items}</ul></div>
<div id="footer">한결일보 | 한결시 중앙로 1</div></body></html>""".encode()


def spam_page(megabytes: int = 10) -> bytes:
    """`megabytes` MB of spam text in one element."""
    unit = "Buy cheap watches online today and win a free prize with every order. "
    spam = unit * (megabytes * 2**20 // len(unit) + 1)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Deals</title>'
            f'<link rel="canonical" href="{EN_HOST}/deals/77777"></head><body><div class="promo"><p>{spam}</p></div>'
            "</body></html>").encode()


def links_page(n: int = 50_000) -> bytes:
    """A page of `n` links (a sitemap gone wrong)."""
    links = "".join(f'<li><a href="{EN_HOST}/stories/2026/09/story-{i}">Story number {i}</a></li>' for i in range(n))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Archive</title></head>'
            f"<body><ul>{links}</ul></body></html>").encode()


BINARY = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64


def hostile_pages() -> dict[str, bytes]:
    """{file name: bytes} of the hostile pages."""
    return {
        "misc/logo.html": BINARY,
        "misc/empty.html": b"",
        "ko/section-society.html": nav_only_page(),
        "ko/20880.html": ko_page(UNPAIRED_KO, cut=0.5),
        "en/deals-77777.html": spam_page(10),
        "en/archive.html": links_page(50_000),
    }


def crawl_pages() -> dict[str, bytes]:
    """{relative file name: bytes}: every story's two pages and the hostile ones."""
    pages: dict[str, bytes] = {}
    for s in STORIES:
        pages[f"ko/{s.ko_id}.html"] = ko_page(s)
        pages[f"en/{s.en_slug}.html"] = en_page(s)
    pages.update(hostile_pages())
    return pages


def write_folder(root: Path, pages: dict[str, bytes]) -> Path:
    for name, data in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def page_url(name: str, data: bytes) -> str:
    """The URL a crawler fetched a page from (its canonical one when it names one)."""
    import re

    m = re.search(rb'rel="canonical" href="([^"]+)"', data[:4096])
    return m.group(1).decode() if m else f"{EN_HOST}/{name}"


def write_warc(path: Path, pages: dict[str, bytes]) -> dict[str, int]:
    """The pages as a gzipped WARC of response records, one gzip member each; returns each
    page's record offset (what a record's source names after '#')."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = {}
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        for name, data in pages.items():
            offsets[name] = f.tell()
            # every payload served as HTML, the binary one too (a server that lies)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = w.create_warc_record(page_url(name, data), "response", payload=io.BytesIO(data), http_headers=headers)
            w.write_record(rec)
    return offsets

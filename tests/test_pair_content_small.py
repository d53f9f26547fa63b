"""Content pairing of collections too small to learn chance from (one article a side, a
handful): each candidate pair is judged on its own sentences. The real encoder on texts written
for this test (two Korean articles with their English translations, and one unrelated article
on each side), plus a stand-in encoder for the length rule."""

from __future__ import annotations

import numpy as np
import pytest

from align.model import Article
from align.pair.content import match_documents, pair_by_content
from align.pair.sentence_evidence import binomial_tail, evidence, mutual_best

LIBRARIES_KO = """서울시가 2028년까지 공공도서관 30곳을 새로 연다고 4일 밝혔다.
새 도서관 대부분은 지금 도서관이 한 곳도 없는 동네에 들어선다.
시는 이 사업에 1800억원을 들일 계획이다.
도서관마다 어린이 열람실과 밤 10시까지 여는 학습 공간을 둔다.
서울시 관계자는 "걸어서 10분 안에 도서관에 갈 수 있는 도시를 만들겠다"고 말했다.
첫 도서관은 내년 봄 마포구에서 문을 연다.
시는 도서관 운영을 도울 지역 주민 자원봉사자를 모집할 예정이다."""

LIBRARIES_EN = """The Seoul Metropolitan Government said on Tuesday that it will open 30 new public libraries by 2028.
Most of the new libraries will be built in neighbourhoods that have none today.
The city plans to spend 180 billion won on the project.
Each library will have a children's reading room and a study area open until 10 pm.
"We will make a city where everyone can walk to a library within 10 minutes," a city official said.
The first library will open in Mapo District next spring.
The city plans to recruit local residents as volunteers to help run the libraries."""

HEAT_KO = """대구의 낮 최고기온이 7일 39.2도까지 올라 올해 들어 가장 더웠다.
기상청은 대구와 경북 대부분 지역에 폭염경보를 내렸다.
온열질환자도 잇따랐다.
질병관리청에 따르면 이번 주에만 온열질환자 120명이 응급실을 찾았다.
기상청은 이번 더위가 다음 주 중반까지 이어질 것으로 내다봤다.
시는 무더위 쉼터 500곳을 밤늦게까지 열기로 했다.
전문가들은 낮 시간에는 야외 활동을 줄이고 물을 자주 마시라고 당부했다."""

HEAT_EN = """The daytime high in Daegu reached 39.2 degrees Celsius on Sunday, the hottest day of the year so far.
The Korea Meteorological Administration issued heat wave warnings for Daegu and most of North Gyeongsang Province.
Cases of heat-related illness followed.
According to the Korea Disease Control and Prevention Agency, 120 people with heat-related illnesses went to emergency rooms this week.
The weather agency expects the heat to last until the middle of next week.
The city decided to keep 500 cooling shelters open late into the night.
Experts urged people to limit outdoor activities during the day and to drink water often."""

# no translation of anything here: a rice harvest (Korean) and Seoul's subway fares (English,
# the same city and the same kind of city-hall news as the libraries)
RICE_KO = """정부가 올해 쌀 생산량이 지난해보다 3% 줄어든 360만t으로 예상된다고 밝혔다.
여름철 잦은 비와 병충해가 작황에 영향을 준 것으로 분석됐다.
농림축산식품부는 쌀값 안정을 위해 공공비축 물량을 늘리기로 했다.
농민단체들은 정부의 대책이 충분하지 않다며 추가 지원을 요구했다.
일부 지역에서는 수확을 앞두고 벼 쓰러짐 피해가 컸다.
정부는 다음 달 최종 생산량을 발표할 예정이다."""

FARES_EN = """Seoul will raise the basic subway fare by 150 won to 1,550 won from October, city officials said on Monday.
The city said the subway operator lost more than 500 billion won last year.
Bus fares will stay the same until the end of the year.
Civic groups criticised the increase, saying it would hurt low-income commuters.
The city promised to add more trains during rush hours after the fare rise.
Seniors aged 65 and over will continue to ride for free."""


def _doc(text: str) -> list[str]:
    return text.splitlines()


def _pairs(ko: list[str], en: list[str]) -> set[tuple[int, int]]:
    return {(m.ko, m.en) for m in match_documents([_doc(t) for t in ko], [_doc(t) for t in en]).matches}


def test_one_article_a_side_pairs_its_translation() -> None:
    report = match_documents([_doc(LIBRARIES_KO)], [_doc(LIBRARIES_EN)])
    assert [(m.ko, m.en) for m in report.matches] == [(0, 0)]
    assert report.matches[0].score > 1.0
    assert _pairs([HEAT_KO], [HEAT_EN]) == {(0, 0)}


@pytest.mark.parametrize("ko,en", [(LIBRARIES_KO, FARES_EN), (RICE_KO, LIBRARIES_EN), (LIBRARIES_KO, HEAT_EN),
                                   (RICE_KO, FARES_EN)])
def test_one_unrelated_article_a_side_is_not_paired(ko: str, en: str) -> None:
    assert _pairs([ko], [en]) == set()


def test_three_a_side_pairs_exactly_the_two_translations() -> None:
    ko = [RICE_KO, LIBRARIES_KO, HEAT_KO]
    en = [HEAT_EN, FARES_EN, LIBRARIES_EN]
    assert _pairs(ko, en) == {(1, 2), (2, 0)}


def _article(lang: str, text: str, day: str | None, i: int = 0) -> Article:
    lines = text.splitlines()
    return Article(id=f"t:{lang}{i}", lang=lang, url=f"https://t.example/{lang}/{i}", title=lines[0],
                   date=day, byline=None, paragraphs=lines[1:])


def test_articles_pair_within_the_date_window_only() -> None:
    ko = [_article("ko", LIBRARIES_KO, "2025-03-04T10:00:00+09:00")]
    same_day = [_article("en", LIBRARIES_EN, "2025-03-04T18:00:00+09:00")]
    found = pair_by_content(ko, same_day)
    assert [(p.ko.id, p.en.id, p.method) for p in found] == [("t:ko0", "t:en0", "content")]
    months_later = [_article("en", LIBRARIES_EN, "2025-07-01")]
    assert pair_by_content(ko, months_later) == []
    undated = [_article("en", LIBRARIES_EN, None)]
    assert len(pair_by_content(ko, undated)) == 1


def test_a_near_copy_is_not_paired_twice() -> None:
    # the English article twice (an update with one more line): one of the two is paired
    update = LIBRARIES_EN + "\nThe plan will be put to the city council next month."
    found = _pairs([LIBRARIES_KO], [LIBRARIES_EN, update])
    assert len(found) == 1


class _Concepts:
    """A sentence '... #n' is concept n: its vector is concept n's plus a little noise."""

    def __init__(self) -> None:
        rng = np.random.default_rng(0)
        self.base = rng.standard_normal((1000, 32)).astype(np.float32)

    def encode(self, texts):
        out = np.array([self.base[int(t.rsplit("#", 1)[1])] for t in texts], np.float32).reshape(-1, 32)
        out += 0.3 * np.random.default_rng(len(texts)).standard_normal(out.shape).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_a_document_four_times_longer_is_not_a_translation() -> None:
    ko = [[f"문장 #{c}" for c in range(40)]]
    short = [[f"sentence #{c}" for c in range(8)]]  # 8 of the 40 sentences: a fifth
    longer = [[f"sentence #{c}" for c in range(12)]]  # 12 of 40: over a quarter
    assert match_documents(ko, short, encoder=_Concepts()).matches == []
    assert [(m.ko, m.en) for m in match_documents(ko, longer, encoder=_Concepts()).matches] == [(0, 0)]


def test_binomial_tail() -> None:
    assert binomial_tail(0, 5, 0.1) == 1.0
    assert binomial_tail(6, 5, 0.1) == 0.0
    assert binomial_tail(1, 1, 0.05) == pytest.approx(0.05)
    assert binomial_tail(2, 3, 0.5) == pytest.approx(0.5)
    assert binomial_tail(5, 5, 0.05) == pytest.approx(0.05**5)


def test_mutual_best_and_evidence() -> None:
    sims = np.array([[0.9, 0.1, 0.2], [0.8, 0.3, 0.1], [0.1, 0.2, 0.7]])
    rows, cols = mutual_best(sims)
    assert list(zip(rows.tolist(), cols.tolist())) == [(0, 0), (2, 2)]  # row 1's best is taken by row 0
    eye = np.eye(6, dtype=np.float32)
    ev = evidence(eye, eye)
    assert ev.matched == 6 and ev.n_short == 6 and ev.p_value < 1e-6 and ev.margin > 1
    other = evidence(eye[:3], eye[3:])
    assert other.matched == 0 and other.p_value == 1.0


# A Korean article on the same event as the seed article (Putin's visit to North Korea), written
# for this test, that translates none of it: preparations in Pyongyang, reactions in Seoul.
SAME_EVENT_KO = """북한이 블라디미르 푸틴 러시아 대통령의 방문을 앞두고 평양 시내 곳곳을 정비하고 있는 것으로 알려졌다.
위성사진 분석 업체는 김일성광장 주변에서 대형 행사 준비로 보이는 움직임이 포착됐다고 밝혔다.
평양 순안공항 활주로 주변에서도 차량과 인력이 평소보다 많이 관측됐다.
통일부는 푸틴 대통령의 방북 여부와 일정에 대해 "확인해 줄 수 있는 것이 없다"고 말했다.
전문가들은 이번 방문에서 양국이 군사기술 협력을 확대하는 방안을 논의할 수 있다고 분석했다.
한국 정부는 러시아가 북한에 군사기술을 이전하면 유엔 안보리 결의 위반이라고 경고해 왔다.
미국 국무부도 북-러 간 무기 거래에 대해 우려를 표명했다.
북한 매체는 아직 푸틴 대통령의 방문에 대해 보도하지 않고 있다."""


def test_the_seed_pairs_with_its_translation_not_with_an_article_on_the_same_event() -> None:
    from pathlib import Path

    from align.pair.content import article_sentences
    from align.readers.text import parse_text_page

    seed_path = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_51b14e41d01b131f.txt"
    if not seed_path.exists():
        pytest.skip("../shared/seed is absent")
    from test_text_pages import KO_SEED_DUMP

    def article(lang: str, text: str) -> Article:
        page = parse_text_page(text)
        return Article(id=f"s:{lang}", lang=lang, url="", title=page["title"], date=None, byline=None,
                       paragraphs=page["paragraphs"])

    seed = article("en", seed_path.read_text(encoding="utf-8"))
    translation = article("ko", KO_SEED_DUMP)
    same_event = SAME_EVENT_KO.splitlines()
    en = [article_sentences(seed)]
    assert _pairs_of([same_event], en) == set()
    assert _pairs_of([same_event, article_sentences(translation)], en) == {(1, 0)}


def _pairs_of(ko: list[list[str]], en: list[list[str]]) -> set[tuple[int, int]]:
    return {(m.ko, m.en) for m in match_documents(ko, en).matches}


def test_a_few_documents_against_a_large_side() -> None:
    # 2 Korean documents, 2,200 English ones: more pairs than are compared one by one, so the
    # Korean documents' nearest English ones are the candidates
    rng = np.random.default_rng(4)
    ko = [[f"문장 #{c}" for c in range(i * 10, i * 10 + 10)] for i in range(2)]
    en = [[f"sentence #{c}" for c in rng.choice(np.arange(20, 1000), 10, replace=False)] for _ in range(2200)]
    en[700] = [f"sentence #{c}" for c in range(10)]
    en[1500] = [f"sentence #{c}" for c in range(10, 20)]
    report = match_documents(ko, en, encoder=_Concepts())
    assert {(m.ko, m.en) for m in report.matches} == {(0, 700), (1, 1500)}

"""Pages copied from the browser as plain text (.txt): read as articles, boilerplate left out,
paired by content; the seed article (../shared/seed) with a Korean text written for it here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.model import Skipped
from align.readers import article_from_fields, iter_records, kind_of
from align.readers.text import parse_text_page

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_51b14e41d01b131f.txt"

# A page of an English edition as a browser copies it (written for this test, in the shape of
# the Hankyoreh English edition's pages): headline, date line, standfirst, caption twice,
# body, byline, contact line, button text, list headings and other stories' headlines.
EN_DUMP = """Seoul city to open 30 new public libraries by 2028

Posted on : 2025-03-04 10:15 KST Modified on : 2025-03-04 10:40 KST
Most of the new libraries will be built in districts that have none today
Children read books at a public library in Seoul's Mapo District on March 2. (Yonhap)
Children read books at a public library in Seoul's Mapo District on March 2. (Yonhap)

The Seoul Metropolitan Government said on Tuesday that it will open 30 new public libraries across the city by 2028.

The city plans to spend 180 billion won on the project, which will focus on districts with few reading spaces.

Officials said each library will have a children's room and a study area that stays open until 10 pm.

By Park Ji-won, staff reporter

Please direct questions or comments to [english@example.com]

button that move to original korean article (클릭시 원문으로 이동하는 버튼)

Related stories

City to expand bike lanes along the Han River

Most viewed articles
"""

# The Korean original of the seed article, as a browser copies a Korean daily's page: written
# for this test (our own translation of the seed's English text), with the furniture of such a
# page: a date line, a standfirst, the caption twice, the reporter's line, the copyright line,
# a "related articles" heading with a headline under it.
KO_SEED_DUMP = """푸틴, 수주 안에 북한 방문…러시아 언론 보도

등록 2024-06-11 07:02 수정 2024-06-11 07:20
방북 성사되면 24년 만에 두 번째
김정은 북한 국무위원장과 블라디미르 푸틴 러시아 대통령이 지난해 9월13일 러시아 극동 지역에서 정상회담에 앞서 사진을 찍고 있다. [조선중앙통신 연합뉴스]
김정은 북한 국무위원장과 블라디미르 푸틴 러시아 대통령이 지난해 9월13일 러시아 극동 지역에서 정상회담에 앞서 사진을 찍고 있다. [조선중앙통신 연합뉴스]

블라디미르 푸틴 러시아 대통령이 이르면 이달 중 북한을 방문할 수 있다고 러시아 언론들이 보도했다.

러시아 일간지 베도모스티는 외교 소식통을 인용해 푸틴 대통령이 “앞으로 몇 주 안에” 북한과 베트남을 방문할 것이며, 베트남 방문은 “이르면 6월에 이뤄질 수 있고, 북한 방문 직후가 될 가능성이 높다”고 보도했다.

푸틴 대통령은 지난 5월7일 다섯 번째 임기를 시작한 뒤 첫 방문국으로 중국을 택해 5월15~16일 중국을 방문했다. 이어 5월23~24일 벨라루스, 5월26~28일 우즈베키스탄을 잇따라 찾았다.

방북이 확정되면 푸틴 대통령의 두 번째 북한 방문이자 24년 만의 방문이 된다. 푸틴 대통령은 첫 임기를 시작한 지 두 달 뒤인 2000년 7월19일 북한을 방문해 김정일 당시 국방위원장과 정상회담을 했다. 이 방문으로 푸틴 대통령은 북한을 찾은 첫 러시아 지도자가 됐다.

이번 방북 계획은 김정은 북한 국무위원장이 지난해 9월12~17일 러시아를 방문한 데 대한 답방 성격으로 보인다. 북한 관영 조선중앙통신은 당시 김 위원장이 정상회담에서 푸틴 대통령을 북한에 초청했다고 보도했다.

푸틴 대통령이 다섯 번째 임기를 시작한 직후인 5월30일, 안드레이 루덴코 러시아 외무차관은 북한 방문 준비가 “상당히 진척된 단계”라고 밝혔다.

푸틴 대통령의 방북이 미국에 보내는 경고라는 분석도 나온다. 베도모스티는 “북-러 친선협조 및 상호원조 조약에 군사 협력이 명시돼 있지는 않지만, 두 나라의 평화와 안보가 위협받는 상황에 어떻게 대응할지 서로 협의할 가능성이 있다”고 짚었다.

이 신문은 “게다가 러시아와 중국, 북한 사이의 고위급 협의 재개는 일본, 한국과 함께 지역 군사 블록을 만들고 있는 워싱턴에 보내는 신호가 될 수 있다”고 덧붙였다.

또 우크라이나와 전쟁을 벌인 지 2년이 넘은 러시아가 이번 국빈 방문을 계기로 북한과의 군사 협력에 속도를 낼 것이라는 전망도 나온다.

베도모스티는 우크라이나 전쟁에 따른 징집과 젊은층의 국외 탈출로 러시아가 심각한 노동력 부족을 겪고 있어, 두 정상이 북한 노동자를 데려오는 방안을 논의할 가능성이 크다고 보도했다. 이 신문은 또 푸틴 대통령이 김 위원장과 두 나라의 교역과 경제 관계를 서방 제재 이전 상태로 되돌리는 방안을 논의할 수 있다고 내다봤다.

다만 푸틴 대통령이 실제로 북한 땅을 밟기 전까지는 방북을 확신하기 어렵다. 베도모스티는 관리들을 인용해 러시아 고위 관리들이 푸틴 대통령의 방문을 준비하려고 이미 북한을 다녀왔거나 방문을 준비하고 있을 가능성이 크다고 전했다. 이 신문은 또 1984년 김일성 주석의 소련 방문이 그가 탄 열차가 국경을 넘은 뒤에야 발표된 것처럼, 북한은 전통적으로 정상 방문 일정을 마지막 순간까지 공개하지 않는다고 짚었다.

홍석재 기자 forchis@hani.example

ⓒ 한겨레신문 : 무단전재 및 재배포 금지

관련기사

북-러 정상회담 앞두고 평양 분주…외교 행사 잇따라
"""

# the seed's lines that are page furniture, not article text
SEED_BOILERPLATE = [
    "Posted on",
    "Modified on",
    "By Hong Seock-jae, staff reporter",
    "Please direct questions or comments",
    "button that move to original korean article",
    "클릭시 원문으로 이동",
    "Related stories",
    "Most viewed articles",
    "(KCNA/Yonhap)",
]


def test_a_copied_english_page_keeps_title_date_and_body_only():
    page = parse_text_page(EN_DUMP)
    assert page["title"] == "Seoul city to open 30 new public libraries by 2028"
    assert page["date"] == "2025-03-04T10:15:00+09:00"
    assert page["byline"] == "Park Ji-won"
    assert page["paragraphs"] == [
        "Most of the new libraries will be built in districts that have none today",
        "The Seoul Metropolitan Government said on Tuesday that it will open 30 new public libraries across the city by 2028.",
        "The city plans to spend 180 billion won on the project, which will focus on districts with few reading spaces.",
        "Officials said each library will have a children's room and a study area that stays open until 10 pm.",
    ]


def test_a_copied_korean_page_drops_reporter_copyright_caption_and_related_list():
    page = parse_text_page(KO_SEED_DUMP)
    assert page["title"].startswith("푸틴, 수주 안에 북한 방문")
    assert page["date"] == "2024-06-11T07:02:00+09:00"
    text = "\n".join(page["paragraphs"])
    for furniture in ("기자", "무단전재", "관련기사", "평양 분주", "사진을 찍고 있다", "등록"):
        assert furniture not in text
    assert page["paragraphs"][0] == "방북 성사되면 24년 만에 두 번째"
    assert len(page["paragraphs"]) == 12


def test_a_folder_of_text_pages_is_read_and_the_language_comes_from_the_text(tmp_path):
    (tmp_path / "a.txt").write_text(EN_DUMP, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(KO_SEED_DUMP.encode("cp949", errors="strict"))  # legacy encoding
    (tmp_path / "notes.md").write_text("not a page", encoding="utf-8")
    records = list(iter_records(tmp_path))
    assert [Path(r.source).name for r in records] == ["a.txt", "b.txt"]
    langs = [article_from_fields(r).lang for r in records]
    assert langs == ["en", "ko"]
    assert kind_of(tmp_path / "a.txt") == "text"


def test_text_files_beside_html_pages_are_not_pages(tmp_path):
    (tmp_path / "page.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("CC BY 4.0", encoding="utf-8")
    assert [Path(r.source).name for r in iter_records(tmp_path)] == ["page.html"]


def test_unreadable_and_empty_text_pages_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\xd8")  # a UTF-16 BOM then a lone surrogate
    (tmp_path / "empty.txt").write_text("Only a title\n\nRelated stories\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(EN_DUMP, encoding="utf-8")
    items = list(iter_records(tmp_path))
    skipped = {Path(s.source).name: s.reason for s in items if isinstance(s, Skipped)}
    assert skipped == {"bad.txt": "bad-encoding", "empty.txt": "no-body"}
    assert sum(not isinstance(s, Skipped) for s in items) == 1


def test_align_run_pairs_the_seed_with_its_korean_text_and_keeps_no_boilerplate(tmp_path):
    if not SEED.exists():
        pytest.skip("../shared/seed is absent")
    from align.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / SEED.name).write_bytes(SEED.read_bytes())
    (corpus / "ko_putin_visit.txt").write_text(KO_SEED_DUMP, encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["run", str(corpus), "-o", str(out)])
    assert (out / "articles.jsonl").exists(), res.output

    def lines(name: str) -> list[dict]:
        return [json.loads(x) for x in (out / name).read_text(encoding="utf-8").splitlines() if x.strip()]

    articles = {a["lang"]: a for a in lines("articles.jsonl")}
    assert set(articles) == {"en", "ko"}
    assert articles["en"]["title"] == "Putin to visit N. Korea in coming weeks, Russian media reports"
    assert articles["en"]["date"] == "2024-06-11T16:51:00+09:00"
    en_text = "\n".join(articles["en"]["paragraphs"])
    for line in SEED_BOILERPLATE:
        assert line not in en_text
    assert len(articles["en"]["paragraphs"]) == 12  # the standfirst and the 11 paragraphs of the body

    pairs = lines("pairs.jsonl")
    # one article a side: content pairing judges the pair on its own sentences
    assert res.exit_code == 0, res.output
    assert len(pairs) == 1 and pairs[0]["method"] == "content"
    assert Path(pairs[0]["en"]["source_path"]).name == SEED.name
    assert Path(pairs[0]["ko"]["source_path"]).name == "ko_putin_visit.txt"
    rows = lines("rows.jsonl")
    assert sum(r["kept"] for r in rows) >= 10
    every_en = " ".join(str(r.get("en", "")) for r in rows)
    every_ko = " ".join(str(r.get("ko", "")) for r in rows)
    for line in SEED_BOILERPLATE:
        assert line not in every_en and line not in every_ko
    assert "무단전재" not in every_ko and "forchis" not in every_ko

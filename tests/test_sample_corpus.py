"""The bundled sample corpus: every page extracts to exactly its article text, the gold files are
well formed and match the pages, and the corpus is what its sources regenerate."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from align.extract import SkipPage, extract_page
from align.model import parse_bead

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"
PAGES = SAMPLE / "pages"
GOLD = SAMPLE / "gold"


def _load_generator():
    spec = importlib.util.spec_from_file_location("sample_make_pages", SAMPLE / "make_pages.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


make_pages = _load_generator()
SOURCES = make_pages.load_sources()
# what must never reach an article's paragraphs, on any page
BOILERPLATE = re.compile(
    r"Posted on|Modified on|staff reporter|Please direct questions|button that move|원문으로 이동|Related (stories|Articles)"
    r"|Most viewed|관련\s?기사|많이 본 기사|\(END\)|Translated by|ADVERTISEMENT|^광고$|무단 전재|저작권자|@\w+\.example"
    r"|\(Seoul Post\) --|=서울포스트\)|등록 :|Copyright|\(Hanbit archives\)|\(Yonhap\)|자료사진"
)


def expected() -> dict[str, tuple[object, str]]:
    """article id -> (source, lang) for every page that should extract."""
    out = {}
    for s in SOURCES:
        if s.get("truncated") == "yes":
            continue
        for lang in ("ko", "en"):
            if getattr(s, lang) is not None:
                out[f"{s['site']}:{s[lang + '_id']}"] = (s, lang)
    return out


@pytest.fixture(scope="module")
def extracted() -> tuple[dict, dict]:
    articles, skipped = {}, {}
    for path in sorted(PAGES.rglob("*.html")):
        rel = path.relative_to(PAGES).as_posix()
        try:
            a = extract_page(path.read_bytes(), None, str(path))
        except SkipPage as e:
            skipped[rel] = e.reason
            continue
        assert a.id not in articles, f"two pages give article id {a.id}"
        articles[a.id] = a
    return articles, skipped


def test_corpus_shape() -> None:
    pairs = [s for s in SOURCES if s.ko and s.en]
    assert len(pairs) >= 12
    assert {s["site"] for s in pairs} == {"hanbit", "seoulpost"}
    assert sum(1 for s in SOURCES if s.en and not s.ko) == 2
    assert sum(1 for s in SOURCES if s.ko and not s.en and s.get("truncated") != "yes") == 2
    for s in pairs:
        assert 8 <= len(s.ko.sentences) <= 20, s.name
        assert len(s.ko.paragraphs) >= 3, s.name
    assert (SAMPLE / "LICENSE.txt").exists() and (SAMPLE / "MANIFEST.md").exists()


def test_every_page_extracts_to_exactly_its_article_text(extracted) -> None:
    articles, skipped = extracted
    assert skipped == {"hanbit/ko/1144509.html": "truncated", "hanbit/en/e_national.html": "not-article"}
    want = expected()
    assert set(articles) == set(want)
    for aid, a in articles.items():
        src, lang = want[aid]
        assert a.lang == lang, aid
        assert a.paragraphs == make_pages.page_paragraphs(src, lang), aid
        assert a.url == make_pages.page_url(src, lang), aid
        assert a.date is not None and a.date[:10] == src[f"{lang}_date"][:10], aid
        assert a.title, aid


def test_boilerplate_never_reaches_paragraphs(extracted) -> None:
    articles, _ = extracted
    captions = {s.get(f"caption_{lang}") for s in SOURCES for lang in ("ko", "en")} - {""}
    for a in articles.values():
        for p in a.paragraphs:
            assert not BOILERPLATE.search(p), (a.id, p)
            assert p not in captions and not any(c in p for c in captions), (a.id, p)


def test_the_euc_kr_page_is_euc_kr_with_a_cp949_only_syllable(extracted) -> None:
    data = (PAGES / "hanbit" / "ko" / "1144504.html").read_bytes()
    assert b'<meta charset="euc-kr">' in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("euc-kr")
    assert "똠" in data.decode("cp949")
    assert any("똠양꿍" in p for p in extracted[0]["hanbit:1144504"].paragraphs)


def gold_names() -> list[str]:
    return sorted(p.stem for p in (GOLD / "beads").glob("*.txt"))


def read_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and "\r" not in text, path
    return text[:-1].split("\n")


def test_enough_gold() -> None:
    assert len(gold_names()) >= 6
    for name in gold_names():
        for side in ("src", "tgt"):
            assert (GOLD / side / f"{name}.txt").exists()


@pytest.mark.parametrize("name", gold_names())
def test_gold_is_well_formed(name: str) -> None:
    ko = read_lines(GOLD / "src" / f"{name}.txt")
    en = read_lines(GOLD / "tgt" / f"{name}.txt")
    beads = [parse_bead(line) for line in read_lines(GOLD / "beads" / f"{name}.txt")]
    assert all(s.strip() == s and s for s in ko + en)
    assert all(b.score is None and (b.src or b.tgt) for b in beads)
    # every sentence in exactly one bead, in order: the concatenation is 0..n-1 on each side
    assert [i for b in beads for i in b.src] == list(range(len(ko)))
    assert [j for b in beads for j in b.tgt] == list(range(len(en)))
    # every bead's indices are consecutive (a bead is a run of sentences)
    for b in beads:
        for side in (b.src, b.tgt):
            assert list(side) == list(range(side[0], side[0] + len(side))) if side else True
    # the sample has the phenomena it promises: not only 1-1
    assert any(b.kind != "1-1" for b in beads)


@pytest.mark.parametrize("name", gold_names())
def test_gold_sentences_are_the_extracted_body_text(name: str, extracted) -> None:
    articles, _ = extracted
    ko_id, en_id = (x.replace("-", ":", 1) for x in name.split("~"))
    for aid, side in ((ko_id, "src"), (en_id, "tgt")):
        sentences = read_lines(GOLD / side / f"{name}.txt")
        body = " ".join(articles[aid].paragraphs)
        for s in sentences:
            assert s in body, (aid, s)
        assert " ".join(sentences) == body  # nothing missed, in page order


def test_gold_kinds_cover_merges_splits_drops_and_additions() -> None:
    kinds = set()
    for name in gold_names():
        kinds |= {parse_bead(line).kind for line in read_lines(GOLD / "beads" / f"{name}.txt")}
    assert {"1-1", "2-1", "1-2", "1-0", "0-1"} <= kinds


def test_korean_gold_sentences_are_kiwi_sentences() -> None:
    """The Korean gold is what Kiwi (the pipeline's Korean splitter) gives for each paragraph."""
    kiwipiepy = pytest.importorskip("kiwipiepy")
    kiwi = kiwipiepy.Kiwi()
    for s in SOURCES:
        if s.ko is None:
            continue
        for para in s.ko.paragraphs:
            if s.get("truncated") == "yes":
                continue
            assert [x.text for x in kiwi.split_into_sents(" ".join(para))] == para, s.name


def test_sources_regenerate_the_committed_corpus(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(make_pages, "PAGES", tmp_path / "pages")
    monkeypatch.setattr(make_pages, "GOLD", tmp_path / "gold")
    monkeypatch.setattr(make_pages, "HERE", tmp_path)
    monkeypatch.setattr(make_pages, "ARTICLES", SAMPLE / "articles")
    written = make_pages.build()
    assert len(written) > 40
    for rel in written:
        committed = SAMPLE / rel
        assert committed.read_bytes() == (tmp_path / rel).read_bytes(), f"{rel} differs from what make_pages.py writes"


def test_reordered_pair_really_is_reordered_and_has_no_gold() -> None:
    src = next(s for s in SOURCES if s.name == "h06-jeonse")
    with pytest.raises(ValueError, match="monotonic"):
        make_pages.gold_beads(src)
    assert not (GOLD / f"{make_pages.pair_id(src)}.gold").exists()

"""Bad input at the extract and pair stages: each a counted skip with its reason (or a clear
error naming the problem), never the end of the run.

- a file whose name is not valid UTF-8: read, and named with its odd bytes as \\xNN;
- a charset label naming a Python codec that is no page encoding ("hex", "zlib"): ignored;
- a page of 20 MB of text in one <p>: skipped as "too-large" at once (so is a page of over
  100,000 tags; an article over 200,000 characters as "too-long"), and near-duplicate hashing
  stays bounded on long texts;
- two pages claiming one canonical URL: "url-conflict", neither paired by link, content decides,
  the same whatever the file order;
- an English page whose "original" link points to itself: "self-link", tried by content;
- a folder holding only non-page files: the clear error an empty folder gets;
- a gzip WARC with a run of damaged members: one skip per damaged member, with its byte range.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from own_crawl import (
    STORIES,
    UNPAIRED_KO,
    en_page,
    ko_page,
    nav_only_page,
    write_folder,
)
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from align.atomic import read_jsonl
from align.cli import main
from align.digest import tree_digest
from align.extract import MAX_BODY_CHARS, SkipPage, extract_page
from align.model import Article, Skipped
from align.pair import near_dup
from align.pair.link import pair_by_link
from align.pipeline import Run, RunError, Settings
from align.readers import CorpusError, Record, iter_records

ODD_NAME = b"\xb4\xba\xbd\xba.html"  # "뉴스.html" in CP949: not valid UTF-8


def _odd_name_supported(folder: Path) -> bool:
    try:
        (Path(os.fsdecode(os.fsencode(folder) + b"/" + ODD_NAME))).write_bytes(b"")
    except (OSError, UnicodeError):
        return False
    os.remove(os.fsencode(folder) + b"/" + ODD_NAME)
    return True


def _write_odd(folder: Path, data: bytes) -> None:
    with open(os.fsencode(folder) + b"/" + ODD_NAME, "wb") as f:
        f.write(data)


# --- a file name that is not valid UTF-8 ---


def test_file_name_not_utf8_is_read_and_named(tmp_path: Path) -> None:
    if not _odd_name_supported(tmp_path):
        pytest.skip("this file system refuses names that are not UTF-8")
    story = STORIES[0]
    (tmp_path / "ko.html").write_bytes(ko_page(story))
    _write_odd(tmp_path, en_page(story))
    before = tree_digest(tmp_path)
    items = list(iter_records(tmp_path))
    assert all(isinstance(r, Record) for r in items) and len(items) == 2
    odd = [r for r in items if "\\xb4" in r.source]
    assert len(odd) == 1 and odd[0].source.endswith("\\xb4\\xba\\xbd\\xba.html")
    json.dumps(odd[0].source, ensure_ascii=False).encode("utf-8")  # writable as it is
    assert tree_digest(tmp_path) == before  # the digest reads such a name too, and is stable

    out = tmp_path.parent / "articles.jsonl"
    res = CliRunner().invoke(main, ["extract", str(tmp_path), "-o", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    articles = list(read_jsonl(out))
    assert sorted(a["lang"] for a in articles) == ["en", "ko"]
    assert any(a["source_path"].endswith("\\xb4\\xba\\xbd\\xba.html") for a in articles)


def test_corpus_folder_named_oddly_with_a_link_loop_inside(tmp_path: Path) -> None:
    """The corpus folder's own name is not UTF-8 and a link inside it points back up: each
    record is read once."""
    if not _odd_name_supported(tmp_path):
        pytest.skip("this file system refuses names that are not UTF-8")
    root = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xb4\xba\xbd\xba"))
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "ko.html").write_bytes(ko_page(STORIES[0]))
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    items = list(iter_records(root))
    assert [type(r) for r in items] == [Record] and items[0].source.endswith("\\xb4\\xba\\xbd\\xba/sub/ko.html")
    assert tree_digest(root)  # (the whole run over such a folder: bad_run below)


@pytest.mark.parametrize("label", ["hex", "zlib", "rot13", "undefined", "punycode"])
def test_charset_naming_a_codec_that_is_no_page_encoding_is_ignored(tmp_path: Path, label: str) -> None:
    """Such a label made Python raise LookupError or UnicodeError out of the extractor, which
    stopped `align extract`; now it counts as no label (the page is UTF-8, and read)."""
    page = en_page(STORIES[2]).replace(b'<meta charset="utf-8">', f'<meta charset="{label}">'.encode())
    assert extract_page(page, None, "odd-charset.html").paragraphs == [" ".join(p) for p in STORIES[2].en]
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.html").write_bytes(page)
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "corpus"), "-o", str(tmp_path / "a.jsonl"), "--quiet"])
    assert res.exit_code == 0 and "1 article(s) kept" in res.output


# --- what one page may cost ---


def _one_p_page(chars: int) -> bytes:
    unit = "Spam text that goes on and on without an end in sight. "
    return (b"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>x</title>"
            b"<link rel=canonical href='https://spam.example/news/1234'></head><body><div><p>"
            + (unit * (chars // len(unit) + 1)).encode() + b"</p></div></body></html>")


def test_page_of_20_mb_is_skipped_at_once_saying_why() -> None:
    data = _one_p_page(20 * 2**20)
    t0 = time.perf_counter()
    with pytest.raises(SkipPage) as e:
        extract_page(data, None, "big.html")
    assert e.value.reason == "too-large"
    assert "big.html" in e.value.detail and "MB" in e.value.detail and "cap" in e.value.detail
    assert time.perf_counter() - t0 < 5  # never parsed (it took 228 s and 10.6 GB in a run)


def test_page_of_deeply_nested_tags_is_skipped_at_once_saying_why() -> None:
    """100,000 nested <div>s: an HTML parser pays the square of the depth (80 s for this
    1 MB page); the count of tags bounds it."""
    n = 100_000
    data = (b"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>x</title></head><body>" + b"<div>" * n
            + b"<p>" + b"Words of a sentence here. " * 20 + b"</p>" + b"</div>" * n + b"</body></html>")
    t0 = time.perf_counter()
    with pytest.raises(SkipPage) as e:
        extract_page(data, None, "deep.html")
    assert e.value.reason == "too-large" and "tags" in e.value.detail and "deep.html" in e.value.detail
    assert time.perf_counter() - t0 < 5


def test_article_over_the_text_cap_is_skipped_saying_why() -> None:
    with pytest.raises(SkipPage) as e:
        extract_page(_one_p_page(MAX_BODY_CHARS + 50_000), None, "long.html")
    assert e.value.reason == "too-long" and "characters" in e.value.detail
    # under the cap the same page is an article
    assert extract_page(_one_p_page(MAX_BODY_CHARS // 2), None, "ok.html").lang == "en"


def test_minhash_of_a_long_text_in_blocks_is_the_same(monkeypatch) -> None:
    rng = random.Random(1)
    text = " ".join(f"w{rng.randrange(3000)}" for _ in range(20_000))
    h = near_dup._shingle_hashes(text)
    hasher = near_dup.MinHasher()
    whole = ((h[:, None] * hasher.a[None, :] + hasher.b[None, :]) % near_dup._PRIME).min(axis=0).astype(np.uint32)
    monkeypatch.setattr(near_dup, "SIGNATURE_BLOCK", 1000)  # 20 blocks
    assert np.array_equal(hasher.signature(text), whole)


# --- links that must not be followed ---


def _article(story, lang: str, *, id: str | None = None, url: str | None = None, original: str | None = None,
             source: str = "") -> Article:
    paras = [" ".join(p) for p in (story.ko if lang == "ko" else story.en)]
    own_url = story.ko_url if lang == "ko" else story.en_url
    return Article(id or f"hangyeol:{story.ko_id if lang == 'ko' else story.ko_id + 500}", lang, url or own_url,
                   "t", story.date, None, paras, original, None, None, source or f"{lang}/{story.ko_id}.html")


def test_two_pages_claiming_one_url_pair_by_link_with_neither_in_any_order() -> None:
    real = _article(STORIES[1], "ko", source="ko/20872.html")
    impostor = _article(UNPAIRED_KO, "ko", id=real.id, url=real.url, source="ko/zz-impostor.html")
    en = _article(STORIES[1], "en", original=real.url)
    other_ko, other_en = _article(STORIES[2], "ko"), _article(STORIES[2], "en", original=STORIES[2].ko_url)
    items = [real, impostor, en, other_ko, other_en]
    seen = set()
    for order in (items, items[::-1], items[2:] + items[:2]):
        pairs, skipped, leftover = pair_by_link(list(order))
        assert [(p.ko.id, p.en.id, p.method) for p in pairs] == [(other_ko.id, other_en.id, "link")]
        conflicts = [s for s in skipped if s.reason == "url-conflict"]
        assert len(conflicts) == 1 and len(skipped) == 1
        assert "ko/20872.html" in conflicts[0].detail and "ko/zz-impostor.html" in conflicts[0].detail
        assert en.id in conflicts[0].detail
        # nothing vanishes: both Korean pages are left over under ids of their own, and the
        # English page comes back without its link, so content pairing tries it
        left = {a.source_path: a for a in leftover}
        assert set(left) == {"ko/20872.html", "ko/zz-impostor.html", en.source_path}
        assert left["ko/20872.html"].id != left["ko/zz-impostor.html"].id
        assert left[en.source_path].original_url is None and left[en.source_path].original_id is None
        seen.add((tuple(sorted(a.id for a in leftover)), conflicts[0].detail))
    assert len(seen) == 1  # the same verdict in every order


def test_articles_sharing_an_id_never_stand_in_for_each_other() -> None:
    """Two English pages under one id (an impostor of an English page) both keep their own
    link; a Korean and an English page sharing an id: the Korean page keeps it."""
    s1, s2 = STORIES[1], STORIES[2]
    en = _article(s1, "en", original=s1.ko_url, source="en/a.html")
    en_twin = _article(s2, "en", id=en.id, url=en.url, original=s2.ko_url, source="en/b.html")
    ko1, ko2 = _article(s1, "ko"), _article(s2, "ko")
    pairs, skipped, leftover = pair_by_link([en, en_twin, ko1, ko2])
    assert skipped == [] and leftover == []
    assert {(p.ko.id, p.en.source_path) for p in pairs} == {(ko1.id, "en/a.html"), (ko2.id, "en/b.html")}
    assert len({p.en.id for p in pairs}) == 2 and all(p.en.id.startswith(en.id + "#") for p in pairs)

    s3 = STORIES[3]
    ko3 = _article(s3, "ko", id="hangyeol:1")
    en3 = _article(s3, "en", id="hangyeol:1", original=s3.ko_url)
    pairs, skipped, leftover = pair_by_link([en3, ko3])
    assert [(p.ko.id, p.method) for p in pairs] == [("hangyeol:1", "link")] and pairs[0].en.id != "hangyeol:1"
    assert skipped == [] and leftover == []


def test_original_link_to_itself_is_not_followed() -> None:
    story = STORIES[3]
    en = _article(story, "en", original=story.en_url.replace("https://", "http://") + "?utm_source=site#top")  # itself, spelled otherwise
    ko = _article(story, "ko")
    pairs, skipped, leftover = pair_by_link([en, ko])
    assert pairs == []
    assert [(s.source, s.reason) for s in skipped] == [(en.id, "self-link")]
    assert [(a.id, a.original_url) for a in leftover] == [(en.id, None), (ko.id, None)]


SAMPLE_PAGES = Path(__file__).resolve().parents[1] / "corpora" / "sample" / "pages"


def test_two_self_links_in_the_sample_are_paired_by_content(tmp_path: Path) -> None:
    """The sample's recipe reads the button as it is: two English pages whose button points to
    the page itself. Their true originals are found by content (a tier of two English pages:
    the link pairs keep it company), and nothing else changes."""
    from align.pair import pair_articles

    articles = []
    for path in sorted(SAMPLE_PAGES.rglob("*.html")):
        data = path.read_bytes()
        if path.name in ("1144561.html", "1144562.html") and "/en/" in path.as_posix():
            own = re.search(rb'rel="canonical" href="([^"]+)"', data).group(1)
            data = re.sub(rb'(<p class="btn-original"><a href=")[^"]+', rb"\g<1>" + own, data)
        with contextlib.suppress(SkipPage):
            articles.append(extract_page(data, None, str(path)))
    assert sum(a.original_url == a.url for a in articles) == 2
    pairs, skipped, _ = pair_articles(articles)
    by_en = {p.en.id: (p.ko.id, p.method) for p in pairs}
    assert by_en["hanbit:1144561"] == ("hanbit:1144501", "content")
    assert by_en["hanbit:1144562"] == ("hanbit:1144502", "content")
    assert len(pairs) == 12 and sum(p.method == "content" for p in pairs) == 2
    # paired after all: no record counts them among the unpaired
    assert sorted((s.source, s.reason) for s in skipped) == [
        ("hanbit:1144568", "original-missing"), ("seoulpost:51236", "original-missing"),
    ]


# --- a folder holding only non-page files ---


def test_folder_of_non_page_files_is_a_clear_error(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "img").mkdir(parents=True)
    (corpus / "img" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (corpus / "style.css").write_text("body { color: black }")
    (corpus / "report.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(CorpusError, match=r"corpus/? has no pages to read.*\.css 1"):
        list(iter_records(corpus))
    with pytest.raises(RunError, match="has no pages to read"):
        Run(corpus, tmp_path / "out", Settings(), progress=False).run()
    for args in (["run", str(corpus), "-o", str(tmp_path / "out2")], ["extract", str(corpus), "-o", str(tmp_path / "a.jsonl")]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 1
        assert "has no pages to read" in res.output
        assert isinstance(res.exception, SystemExit)  # a clear error, not an exception escaping


# --- a gzip WARC with a run of damaged members ---


def _warc(path: Path, pages: list[tuple[str, bytes]]) -> list[int]:
    offsets = []
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        for url, body in pages:
            offsets.append(f.tell())
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
        offsets.append(f.tell())
    return offsets


def _damage(data: bytearray, start: int, end: int) -> None:
    mid = (start + end) // 2
    data[mid : mid + 32] = b"\x00" * 32  # inside the member's deflate stream


def test_each_damaged_gzip_member_is_counted_with_its_byte_range(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    pages = [(f"https://www.hangyeol.example/news/articleView.html?idxno={i}", nav_only_page()) for i in range(9)]
    offsets = _warc(path, pages)
    data = bytearray(path.read_bytes())
    damaged = [2, 3, 4, 7]  # a run of three, and one more further on
    for k in damaged:
        _damage(data, offsets[k], offsets[k + 1])
    path.write_bytes(bytes(data))
    items = list(iter_records(path))
    read = [r for r in items if isinstance(r, Record)]
    skipped = [s for s in items if isinstance(s, Skipped)]
    assert [r.url for r in read] == [pages[i][0] for i in range(9) if i not in damaged]
    assert [s.reason for s in skipped] == ["corrupt-gzip"] * len(damaged)
    assert [s.source for s in skipped] == [f"{path}#{offsets[k]}" for k in damaged]
    for s, k in zip(skipped, damaged):
        assert f"bytes {offsets[k]}-{offsets[k + 1]} " in s.detail
    assert len(read) + len(skipped) == len(pages)  # every record in the totals


def test_bytes_with_no_record_header_are_reported_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    pages = [(f"https://www.hangyeol.example/news/articleView.html?idxno={i}", nav_only_page()) for i in range(4)]
    offsets = _warc(path, pages)
    data = bytearray(path.read_bytes())
    data[offsets[1] : offsets[2]] = b"\x00" * (offsets[2] - offsets[1])  # a member zeroed, header and all
    path.write_bytes(bytes(data) + b"trailing junk")
    items = list(iter_records(path))
    skipped = [s for s in items if isinstance(s, Skipped)]
    assert [r.url for r in items if isinstance(r, Record)] == [pages[i][0] for i in (0, 2, 3)]
    assert [(s.source, s.reason) for s in skipped] == [(f"{path}#{offsets[1]}", "corrupt-gzip"), (f"{path}#{offsets[4]}", "corrupt-gzip")]
    assert f"bytes {offsets[1]}-{offsets[2]} " in skipped[0].detail and "to the end of the file" in skipped[1].detail


# --- all of it in one `align run` ---


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    """A crawl with each kind of bad input in it, through `align run`.

    Stories 0-5 (tests/own_crawl.py): 0's English page under a name that is not UTF-8; 1's
    Korean URL claimed by an impostor page (another article); 2's English page links to itself;
    3 and 4 link to nothing (company for content pairing); 5 sits in a WARC between damaged
    members. Besides: a 20 MB page, and files that are not pages; the corpus folder's own name
    is not UTF-8 either."""
    root = tmp_path_factory.mktemp("bad")
    corpus = root / "crawl"
    if _odd_name_supported(root):  # the corpus folder's own name not UTF-8: run.json must still be written
        corpus = Path(os.fsdecode(os.fsencode(root) + b"/crawl-" + ODD_NAME.removesuffix(b".html")))
    pages = {}
    for i, s in enumerate(STORIES[:5]):
        pages[f"ko/{s.ko_id}.html"] = ko_page(s)
        if i != 0:
            own = s.en_url if i == 2 else None
            page = en_page(s, original=own)
            if i in (3, 4):  # no link to any original
                page = page.replace(b"Read the original Korean article", b"Share this story").replace(s.ko_url.encode(), b"#share")
            pages[f"en/{s.en_slug}.html"] = page
    pages["ko/zz-impostor.html"] = ko_page(UNPAIRED_KO, url=STORIES[1].ko_url)
    pages["misc/big.html"] = _one_p_page(20 * 2**20)
    pages["misc/style.css"] = b"body { color: black }"
    pages["misc/logo.png"] = b"\x89PNG\r\n\x1a\n"
    write_folder(corpus, pages)
    if _odd_name_supported(corpus):
        _write_odd(corpus, en_page(STORIES[0]))
    else:
        (corpus / "en-0.html").write_bytes(en_page(STORIES[0]))
    s5 = STORIES[5]
    filler = [(f"https://www.hangyeol.example/news/articleList.html?page={i}", nav_only_page()) for i in range(3)]
    offsets = _warc(corpus / "more.warc.gz", [(s5.ko_url, ko_page(s5))] + filler + [(s5.en_url, en_page(s5))])
    data = bytearray((corpus / "more.warc.gz").read_bytes())
    for k in (1, 2, 3):
        _damage(data, offsets[k], offsets[k + 1])
    (corpus / "more.warc.gz").write_bytes(bytes(data))
    t0 = time.perf_counter()
    summary = Run(corpus, root / "out", Settings(), progress=False).run()
    return root / "out", summary, time.perf_counter() - t0


def test_bad_run_counts_every_bad_input_and_goes_on(bad_run) -> None:
    _, summary, seconds = bad_run
    print(f"align run over the bad inputs: {seconds:.1f} s")
    assert summary["extract"]["skipped"] == {"too-large": 1, "corrupt-gzip": 3}
    # the self link is not followed (refused at extraction, or here) and the page is paired by
    # content, so it is no skip
    assert summary["pair"]["skipped"] == {"url-conflict": 1}


def test_bad_run_pairs_by_link_where_it_can_and_by_content_the_rest(bad_run) -> None:
    out, _, _ = bad_run
    pairs = {(p["ko"]["url"], p["en"]["url"]): p for p in read_jsonl(out / "pairs.jsonl")}
    assert set(pairs) == {(s.ko_url, s.en_url) for s in STORIES}  # the impostor is in none
    method = {k: p["method"] for k, p in pairs.items()}
    assert [method[(s.ko_url, s.en_url)] for s in STORIES] == ["link", "content", "content", "content", "content", "link"]
    real = pairs[(STORIES[1].ko_url, STORIES[1].en_url)]["ko"]
    assert "impostor" not in real["source_path"]


def test_bad_run_dataset_holds_the_stories_sentences_only(bad_run) -> None:
    out, _, _ = bad_run
    rows = [r for f in sorted((out / "dataset" / "data").glob("*.parquet")) for r in pq.read_table(f).to_pylist()]
    assert {r["translation"]["ko"] for r in rows} == {x for s in STORIES for x in s.ko_sentences()}
    assert {r["translation"]["en"] for r in rows} == {x for s in STORIES for x in s.en_sentences()}


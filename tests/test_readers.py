"""Readers: folders, WARC (with a truncated record and a corrupt gzip member), JSONL."""

from __future__ import annotations

import gzip
import inspect
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from align.model import Skipped
from align.readers import Record, SkipRecord, article_from_fields, iter_records

PAGE = "<html><head><title>{t}</title></head><body><p>{t} body text</p></body></html>"


def _write_warc(path: Path, pages: list[tuple[str, str, bytes, int]], gz: bool = True) -> list[int]:
    """Write response records (url, content type, body, status); returns each record's offset."""
    offsets = []
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        for url, ctype, body, status in pages:
            offsets.append(f.tell())
            headers = StatusAndHeaders(f"{status} X", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            w.write_record(rec)
        offsets.append(f.tell())
    return offsets


def _pages(n: int) -> list[tuple[str, str, bytes, int]]:
    return [(f"https://news.example/a/{i}", "text/html; charset=utf-8", PAGE.format(t=f"page {i}").encode(), 200)
            for i in range(n)]


def _split(items):
    recs = [r for r in items if isinstance(r, Record)]
    skipped = [s for s in items if isinstance(s, Skipped)]
    return recs, skipped


def test_iter_records_is_a_generator(tmp_path: Path) -> None:
    _write_warc(tmp_path / "a.warc.gz", _pages(3))
    it = iter_records(tmp_path / "a.warc.gz")
    assert inspect.isgenerator(it)
    first = next(it)  # reading one record does not read the whole file first
    assert isinstance(first, Record) and first.url == "https://news.example/a/0"


def test_warc_html_responses_only(tmp_path: Path) -> None:
    pages = _pages(3) + [
        ("https://news.example/img.jpg", "image/jpeg", b"\xff\xd8\xff", 200),
        ("https://news.example/gone", "text/html", b"<html>not found</html>", 404),
    ]
    for gz in (True, False):
        path = tmp_path / ("a.warc.gz" if gz else "a.warc")
        offsets = _write_warc(path, pages, gz=gz)
        recs, skipped = _split(list(iter_records(path)))
        assert [r.url for r in recs] == [p[0] for p in pages[:3]]
        assert recs[1].html == pages[1][2]
        assert recs[1].source == f"{path}#{offsets[1]}"
        assert sorted(s.reason for s in skipped) == ["http-404", "not-html"]


def test_warc_truncated_last_record(tmp_path: Path) -> None:
    for gz, frac in [(g, f) for g in (True, False) for f in (0.5, 0.67, 0.9)]:
        path = tmp_path / ("t.warc.gz" if gz else "t.warc")
        offsets = _write_warc(path, _pages(4), gz=gz)
        data = path.read_bytes()
        cut = offsets[3] + int((offsets[4] - offsets[3]) * frac)  # in the headers or the body
        path.write_bytes(data[:cut])
        recs, skipped = _split(list(iter_records(path)))
        assert [r.url for r in recs] == [p[0] for p in _pages(3)]
        assert [s.reason for s in skipped] == ["truncated-record"]
        assert skipped[0].source.endswith(f"#{offsets[3]}")


def test_warc_corrupt_gzip_member_skipped_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "c.warc.gz"
    pages = [(u, c, (b * 40), s) for u, c, b, s in _pages(6)]  # bodies long enough to corrupt
    offsets = _write_warc(path, pages)
    data = bytearray(path.read_bytes())
    mid = (offsets[2] + offsets[3]) // 2
    data[mid : mid + 16] = b"\x00" * 16  # record 2's deflate stream is garbage now
    path.write_bytes(bytes(data))
    recs, skipped = _split(list(iter_records(path)))
    assert [r.url for r in recs] == [pages[i][0] for i in (0, 1, 3, 4, 5)]
    assert [s.reason for s in skipped] == ["corrupt-gzip"]


def test_warc_bodies_stored_as_they_came_are_decoded(tmp_path: Path) -> None:
    """wget and warcprox store a response's body as it came (chunked, gzip, br, deflate);
    Common Crawl and Browsertrix store it decoded, some with the header left in place: each
    coding is undone only where the bytes show it."""
    import zlib

    import brotli

    html = PAGE.format(t="coded " * 300).encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (html[:700], html[700:1500], html[1500:])) + b"0\r\n\r\n"
    raw_deflate = zlib.compressobj(wbits=-15)
    cases = {  # url: (headers, body)
        "gzip": ([("Content-Encoding", "gzip")], gzip.compress(html)),
        "br": ([("Content-Encoding", "br")], brotli.compress(html)),
        "deflate": ([("Content-Encoding", "deflate")], zlib.compress(html)),
        "raw-deflate": ([("Content-Encoding", "deflate")], raw_deflate.compress(html) + raw_deflate.flush()),
        "chunked": ([("Transfer-Encoding", "chunked")], chunked),
        "chunked-gzip": ([("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
                         b"%x\r\n%s\r\n0\r\n\r\n" % (len(gzip.compress(html)), gzip.compress(html))),
        "header-left": ([("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")], html),  # stored decoded
        "cut": ([("Content-Encoding", "gzip")], gzip.compress(html)[:60]),
        "garbled": ([("Content-Encoding", "gzip")], gzip.compress(html)[:12] + b"\xff" * 200),
        "cut-br": ([("Content-Encoding", "br")], brotli.compress(html)[:30]),
        "bomb": ([("Content-Encoding", "gzip")], gzip.compress(b" " * (65 * 2**20))),
    }
    with open(tmp_path / "c.warc.gz", "wb") as f:
        w = WARCWriter(f, gzip=True)
        for name, (extra, body) in cases.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *extra], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://news.example/{name}", "response", payload=io.BytesIO(body),
                                                http_headers=headers))
    recs, skipped = _split(list(iter_records(tmp_path / "c.warc.gz")))
    assert {r.url.rsplit("/", 1)[1]: r.html for r in recs} == {
        name: html for name in ("gzip", "br", "deflate", "raw-deflate", "chunked", "chunked-gzip", "header-left")}
    assert {s.detail.rsplit("/", 1)[1].rstrip(")"): s.reason for s in skipped} == {
        "cut": "truncated-record", "garbled": "bad-content-encoding", "cut-br": "truncated-record", "bomb": "too-large"}


def test_warc_page_in_the_charset_its_http_header_names(tmp_path: Path) -> None:
    """A Korean page served as EUC-KR with no <meta charset> of its own: the HTTP header's
    charset reads it (as a browser does). A page that declares its own charset keeps it: a
    server's default header (ISO-8859-1) is wrong more often than a page's <meta>."""
    ko = "서울시가 내년부터 시내버스 노선 20개를 새로 만든다고 밝혔다."
    bare = f"<html><head><title>버스</title></head><body><p>{ko}</p></body></html>".encode("cp949")
    declared = f'<html><head><meta charset="euc-kr"><title>버스</title></head><body><p>{ko}</p></body></html>'.encode("cp949")
    with open(tmp_path / "k.warc.gz", "wb") as f:
        w = WARCWriter(f, gzip=True)
        for name, ctype, body in (("bare", "text/html; charset=EUC-KR", bare),
                                  ("declared", "text/html; charset=ISO-8859-1", declared)):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://news.example/{name}", "response", payload=io.BytesIO(body),
                                                http_headers=headers))
    recs, skipped = _split(list(iter_records(tmp_path / "k.warc.gz")))
    got = {r.url.rsplit("/", 1)[1]: r.html for r in recs}
    assert not skipped and ko in got["bare"].decode("utf-8")
    assert got["declared"] == declared  # left to the extractor, which reads its <meta>


def test_warc_resource_records_of_pages_are_read(tmp_path: Path) -> None:
    """Pages kept as `resource` records (no HTTP exchange, the type in the record's own header);
    resources of other types pass unseen."""
    with open(tmp_path / "r.warc.gz", "wb") as f:
        w = WARCWriter(f, gzip=True)
        for name, ctype, body in (("page", "text/html; charset=utf-8", PAGE.format(t="kept").encode()),
                                  ("logo", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(40))):
            w.write_record(w.create_warc_record(f"https://news.example/{name}", "resource", payload=io.BytesIO(body),
                                                warc_content_type=ctype))
    recs, skipped = _split(list(iter_records(tmp_path / "r.warc.gz")))
    assert not skipped and [(r.url, r.html) for r in recs] == [("https://news.example/page", PAGE.format(t="kept").encode())]


def test_jsonl_both_kinds_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://ex.kr/1", "html": PAGE.format(t="one")}),
        "{not json",
        json.dumps({"url": "https://ex.kr/2", "lang": "ko", "title": "제목", "date": "2024-05-01",
                    "text": "첫 문단입니다.\n\n둘째 문단입니다."}),
        "",
        json.dumps({"url": "https://ex.kr/3", "maintext": "An article under another name."}),
        json.dumps([1, 2]),
    ]
    for gz in (False, True):
        path = tmp_path / ("d.jsonl.gz" if gz else "d.jsonl")
        raw = ("\n".join(lines) + "\n").encode()
        path.write_bytes(gzip.compress(raw) if gz else raw)
        recs, skipped = _split(list(iter_records(path)))
        assert recs[0].html is not None and recs[0].fields is None and recs[0].source == f"{path}:1"
        assert recs[1].fields is not None and recs[1].html is None and recs[1].source == f"{path}:3"
        assert [(s.source.rsplit(":", 1)[1], s.reason) for s in skipped] == [
            ("2", "bad-json"), ("5", "no-content"), ("6", "bad-json")]
        assert "its fields: maintext, url" in skipped[1].detail  # what the user has to rename
        art = article_from_fields(recs[1])
        assert art.lang == "ko" and art.paragraphs == ["첫 문단입니다.", "둘째 문단입니다."]
        assert art.id == "ex.kr:" + art.id.split(":")[1] and art.date == "2024-05-01"


def test_jsonl_corrupt_gzip_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl.gz"
    raw = "".join(json.dumps({"url": f"https://ex/{i}", "html": "<p>x</p>" * 50}) + "\n" for i in range(200))
    blob = gzip.compress(raw.encode())
    path.write_bytes(blob[: len(blob) // 2])  # cut off mid-stream
    recs, skipped = _split(list(iter_records(path)))
    assert 0 < len(recs) < 200
    assert [s.reason for s in skipped] == ["corrupt-gzip"]


def test_article_from_fields_checks_language() -> None:
    en = Record("x.jsonl:1", "https://ex.com/news/123", None,
                {"url": "https://ex.com/news/123", "lang": "en", "title": "T", "date": None,
                 "text": "First line.\nSecond line."})
    art = article_from_fields(en)
    assert art.lang == "en" and art.paragraphs == ["First line.", "Second line."] and art.id == "ex.com:123"
    liar = Record("x.jsonl:2", "https://ex.com/2", None, {"lang": "en", "text": "이것은 한국어 기사입니다."})
    with pytest.raises(SkipRecord) as e:
        article_from_fields(liar)
    assert e.value.reason == "wrong-language"
    undeclared = Record("x.jsonl:3", None, None, {"text": "이것은 한국어 기사입니다."})
    assert article_from_fields(undeclared).lang == "ko"
    with pytest.raises(SkipRecord):
        article_from_fields(Record("x.jsonl:4", None, None, {"text": "  \n "}))


def test_folder_walk_sorted_recursive_mixed(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "2.html").write_text(PAGE.format(t="b2"))
    (tmp_path / "a" / "1.htm").write_text(PAGE.format(t="a1"))
    (tmp_path / "a" / "article-77").write_text(PAGE.format(t="a77"))  # extension-less page
    (tmp_path / "a" / "view.php").write_text(PAGE.format(t="php"))  # a mirrored site's pages, named as served
    (tmp_path / "a" / "read.nhn?oid=1").write_text(PAGE.format(t="nhn"))
    (tmp_path / "a" / "notes.md").write_text("not a page")
    (tmp_path / ".hidden.html").write_text("x")
    _write_warc(tmp_path / "b" / "crawl.warc.gz", _pages(2))
    (tmp_path / "c.jsonl").write_text(json.dumps({"url": "u", "html": "<p>j</p>"}) + "\n")
    recs, skipped = _split(list(iter_records(tmp_path)))
    assert not skipped
    names = [Path(r.source.split("#")[0].rsplit(":", 1)[0]).name for r in recs]
    assert names == ["1.htm", "article-77", "read.nhn?oid=1", "view.php", "2.html", "crawl.warc.gz", "crawl.warc.gz",
                     "c.jsonl"]


def test_compressed_pages_are_read_and_a_damaged_or_huge_one_skipped(tmp_path: Path, monkeypatch) -> None:
    import align.readers.http_body as http_body

    (tmp_path / "a.html.gz").write_bytes(gzip.compress(PAGE.format(t="gz").encode()))
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(PAGE.format(t="bomb").encode() + b" " * 5000))
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(PAGE.format(t="cut").encode())[:20])  # cut off
    (tmp_path / "d.html.gz").write_bytes(b"<html>not compressed at all</html>")
    monkeypatch.setattr(http_body, "MAX_DECODED", 1000)
    recs, skipped = _split(list(iter_records(tmp_path)))
    assert [(Path(r.source).name, r.html) for r in recs] == [("a.html.gz", PAGE.format(t="gz").encode())]
    assert {Path(s.source).name: s.reason for s in skipped} == {
        "b.htm.gz": "too-large", "c.html.gz": "unreadable", "d.html.gz": "unreadable"}


def test_a_saved_pages_resource_folder_is_not_read(tmp_path: Path) -> None:
    """"Web Page, complete" keeps the page's frames (a comment thread, an ad) as HTML files in
    "<page>_files": not pages of the crawl. A folder named so without its page is read."""
    (tmp_path / "Buses to open.html").write_text(PAGE.format(t="story"))
    (tmp_path / "Buses to open_files").mkdir()
    (tmp_path / "Buses to open_files" / "saved_resource.html").write_text(PAGE.format(t="comments"))
    (tmp_path / "archive_files").mkdir()
    (tmp_path / "archive_files" / "old.html").write_text(PAGE.format(t="old"))
    recs, skipped = _split(list(iter_records(tmp_path)))
    assert not skipped and [Path(r.source).name for r in recs] == ["Buses to open.html", "old.html"]


def test_missing_or_empty_corpus_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        list(iter_records(tmp_path / "nowhere"))
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("hi")
    with pytest.raises(ValueError, match="empty"):
        list(iter_records(tmp_path / "empty"))

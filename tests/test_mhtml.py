"""Pages saved by a browser as one file (MHTML, "Webpage, Single File"), written here the way
Chrome writes them (its header lines, a quoted-printable main frame first with its address in
Content-Location, then its style sheet and images in base64, CRLF line ends): read as pages with
that address, an article extracted from each, whatever charset the part was saved in."""

from __future__ import annotations

import base64
import json
import quopri
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.commands.extract import cli
from align.extract import extract_page
from align.readers import Record, iter_records
from align.readers.mhtml import record_of_mhtml

EN = [
    "Seoul will open 20 new city bus routes next year, the city government said on Monday, most of them linking new towns with the center.",
    "A city official said the goal was to ease rush-hour crowding and that fares would not change when the routes open.",
    "Twelve of the new routes have been agreed with Gyeonggi Province, and talks on the other eight should end by June.",
]
KO = [
    "서울시가 내년부터 시내버스 노선 20개를 새로 만든다고 5일 밝혔다. 새 노선은 주로 신도시와 도심을 잇는다.",
    "시 관계자는 “출퇴근 시간 혼잡을 줄이는 것이 목표”라며 “요금은 바뀌지 않는다”고 말했다.",
    "새 노선 가운데 12개는 경기도와 협의를 마쳤고, 나머지 8개는 내년 상반기 안에 협의를 끝낼 계획이다.",
    "시는 노선이 늘어나면 출근 시간 평균 배차 간격이 지금보다 3분가량 짧아질 것으로 내다봤다.",
    "새 노선의 운전기사는 봄에 뽑아 여름 동안 교육할 예정이며, 노선은 여섯 달 뒤 다시 점검한다.",
]
BOUNDARY = "----MultipartBoundary--Xq2bW9kLm3PzR7tYv1Nc5Hs8Dj4Fg6Ae0Ui----"


def page_html(paragraphs: list[str], lang: str, charset: str | None = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>Buses</title>'
            f'<link rel="stylesheet" href="https://news.example/s.css"></head><body><nav><a href="/">Home</a></nav>'
            f"<article><h1>Buses</h1>{body}</article><footer>(c) News Example</footer></body></html>")


def mhtml(html: bytes, url: str, part_type: str = "text/html") -> bytes:
    """An MHTML archive as Chrome writes one: the header, the main frame (quoted-printable), a
    style sheet and an image (base64)."""
    def part(ctype: str, encoding: str, location: str, payload: bytes, cid: str = "") -> bytes:
        head = f"--{BOUNDARY}\r\nContent-Type: {ctype}\r\n"
        head += f"Content-ID: {cid}\r\n" if cid else ""
        head += f"Content-Transfer-Encoding: {encoding}\r\nContent-Location: {location}\r\n\r\n"
        if encoding == "quoted-printable":
            body = quopri.encodestring(payload).replace(b"\n", b"\r\n")
        else:
            raw = base64.b64encode(payload)
            body = b"\r\n".join(raw[i:i + 76] for i in range(0, len(raw), 76))
        return head.encode() + body + b"\r\n"

    header = ("From: <Saved by Blink>\r\nSnapshot-Content-Location: " + url + "\r\nSubject: Buses\r\n"
              "Date: Mon, 7 Dec 2026 09:00:00 -0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n"
              f'\ttype="text/html";\r\n\tboundary="{BOUNDARY}"\r\n\r\n\r\n').encode()
    return (header + part(part_type, "quoted-printable", url, html, "<frame-7A1C@mhtml.blink>")
            + part("text/css", "quoted-printable", "https://news.example/s.css", b"p { margin: 0 }")
            + part("image/png", "base64", "https://news.example/bus.png", b"\x89PNG\r\n\x1a\n" + bytes(300))
            + f"--{BOUNDARY}--\r\n".encode())


def test_a_folder_of_saved_pages_is_read_with_their_addresses(tmp_path: Path) -> None:
    (tmp_path / "en.mhtml").write_bytes(mhtml(page_html(EN, "en").encode(), "https://news.example/en/article/1001"))
    ko = page_html(KO, "ko", None).encode("cp949")  # saved in the page's own charset, said only by the part
    (tmp_path / "ko.mht").write_bytes(mhtml(ko, "https://news.example/article/1001", "text/html; charset=euc-kr"))
    records = list(iter_records(tmp_path))
    assert [(r.source.rsplit("/", 1)[-1], r.url) for r in records if isinstance(r, Record)] == [
        ("en.mhtml", "https://news.example/en/article/1001"), ("ko.mht", "https://news.example/article/1001")]
    assert KO[0] in records[1].html.decode("utf-8")  # the part's charset read: the page handed on in UTF-8
    out = tmp_path / "out" / "articles.jsonl"
    result = CliRunner().invoke(cli, [str(tmp_path), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    articles = {a["lang"]: a for a in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert articles["en"]["paragraphs"] == EN and articles["en"]["url"] == "https://news.example/en/article/1001"
    assert articles["ko"]["paragraphs"] == KO  # decoded from CP949, not read as broken UTF-8


def test_an_archive_without_a_page_is_skipped_with_its_parts_named(tmp_path: Path) -> None:
    (tmp_path / "good.mhtml").write_bytes(mhtml(page_html(EN, "en").encode(), "https://news.example/en/article/1"))
    (tmp_path / "images.mhtml").write_bytes(mhtml(b"\x89PNG\r\n\x1a\n" + bytes(64), "https://news.example/x.png",
                                                  "image/png"))
    (tmp_path / "noise.mht").write_bytes(b"this is not a MIME archive at all\n")
    out = tmp_path / "out" / "articles.jsonl"
    result = CliRunner().invoke(cli, [str(tmp_path), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    skipped = [json.loads(line) for line in (tmp_path / "out" / "articles.skipped.jsonl").read_text().splitlines()]
    reasons = {Path(s["source"]).name: (s["reason"], s["detail"]) for s in skipped}
    assert reasons["images.mhtml"][0] == "not-html" and "image/png" in reasons["images.mhtml"][1]
    assert reasons["noise.mht"][0] == "not-html"  # a file of another kind, named .mht: no page in it


def test_the_part_named_by_start_is_the_page() -> None:
    ad = b"<html><body><p>An advertisement in a frame of its own.</p></body></html>"
    main = page_html(EN, "en").encode()
    data = mhtml(ad, "https://ads.example/frame").replace(b"--" + BOUNDARY.encode() + b"--\r\n", b"")
    data += (f"--{BOUNDARY}\r\nContent-Type: text/html\r\nContent-ID: <main@x>\r\nContent-Transfer-Encoding: "
             f"quoted-printable\r\nContent-Location: https://news.example/en/article/7\r\n\r\n").encode()
    data += quopri.encodestring(main).replace(b"\n", b"\r\n") + f"\r\n--{BOUNDARY}--\r\n".encode()
    assert record_of_mhtml(data, "a.mhtml").html.startswith(b"<html><body><p>An advertisement")  # the first
    data = data.replace(b'\ttype="text/html";', b'\ttype="text/html"; start="<main@x>";', 1)
    record = record_of_mhtml(data, "a.mhtml")
    assert isinstance(record, Record) and record.html == main and record.url == "https://news.example/en/article/7"


BENCH_PAGES = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "extract" / "pages"


def test_real_pages_saved_as_mhtml_extract_as_the_pages_themselves(tmp_path: Path) -> None:
    """Real pages (../shared/bench/extract, skipped where absent), each wrapped as Chrome saves
    it: the same article as from the .html file, with the address the archive gives."""
    pages = sorted(BENCH_PAGES.glob("*.html"))[:12]
    if not pages:
        pytest.skip("../shared/bench/extract is absent")
    for i, path in enumerate(pages):
        (tmp_path / f"{i:02d}.mhtml").write_bytes(mhtml(path.read_bytes(), f"https://news.example/story/{1000 + i}"))
    records = [r for r in iter_records(tmp_path) if isinstance(r, Record)]
    assert len(records) == len(pages)
    for record, path in zip(records, pages):
        assert record.html.replace(b"\r\n", b"\n") == path.read_bytes().replace(b"\r\n", b"\n")  # (lines end in CRLF)
        url = f"https://news.example/story/{1000 + int(Path(record.source).stem)}"
        assert record.url == url
        assert extract_page(record.html, record.url, "m").paragraphs == extract_page(path.read_bytes(), url, "h").paragraphs

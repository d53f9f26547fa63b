"""WARC files, streamed with FastWARC (measured ~3x faster than warcio on a gzipped WARC, read through this module:
scripts/bench_readers.py).

Only `response` records whose HTTP payload is HTML become pages; other response records
(images, redirects, errors) and `revisit` records are Skipped with the reason. A record cut off
at the end of the file is Skipped as "truncated-record". A corrupt gzip member is Skipped as
"corrupt-gzip" and reading resumes at the next gzip member, so one bad record never costs the
rest of the file (per-record gzip is what crawlers write).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecordType

from ..model import Skipped
from .record import Record

GZIP_MAGIC = b"\x1f\x8b\x08"
# `unknown`: a record whose WARC headers were cut off has no type yet; it must still be reported
_WANTED = WarcRecordType.response | WarcRecordType.revisit | WarcRecordType.unknown
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SCAN_CHUNK = 1 << 20


def looks_like_html(head: bytes) -> bool:
    """A payload with no declared type: does its start look like an HTML page?"""
    h = head[:2048].lstrip().lower()
    return h.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in h or b"<body" in h


def _next_member(f, start: int, magic: bytes) -> int | None:
    """Offset of the first `magic` (a gzip header, or a WARC version line) at or after `start`."""
    f.seek(start)
    carry = b""
    pos = start
    while True:
        chunk = f.read(_SCAN_CHUNK)
        if not chunk:
            return None
        buf = carry + chunk
        i = buf.find(magic)
        if i >= 0:
            return pos - len(carry) + i
        carry = buf[-(len(magic) - 1) :]
        pos += len(chunk)


def _record_to_item(rec, source: str) -> Record | Skipped | None:
    url = rec.headers.get("WARC-Target-URI") or None
    declared = rec.headers.get("Content-Length")
    if declared is None or not declared.strip().isdigit():
        return Skipped("read", source, "truncated-record", "record headers cut off (no Content-Length)")
    if rec.record_type == WarcRecordType.unknown:
        return None  # a record type this reader has no use for
    if rec.record_type == WarcRecordType.revisit:
        return Skipped("read", source, "warc-revisit", f"revisit record (a duplicate payload) for {url}")
    http = rec.http_headers
    if http is None:
        if len(rec.reader.read()) < int(declared):
            return Skipped("read", source, "truncated-record", f"record cut off inside its HTTP headers ({url})")
        return Skipped("read", source, "no-http-headers", f"response record without HTTP headers for {url}")
    expected = rec.content_length
    body = rec.reader.read()
    if len(body) < expected:
        return Skipped(
            "read", source, "truncated-record", f"payload cut off: {len(body)} of {expected} bytes ({url})"
        )
    status = http.status_code
    if status != 200:
        return Skipped("read", source, f"http-{status}", f"HTTP status {status} for {url}")
    ctype = (http.get("Content-Type") or "").lower()
    if ctype:
        if not any(t in ctype for t in _HTML_TYPES):
            return Skipped("read", source, "not-html", f"content type {ctype.split(';')[0]} for {url}")
    elif not looks_like_html(body):
        return Skipped("read", source, "not-html", f"no content type and the payload is not HTML ({url})")
    return Record(source=source, url=url, html=body, fields=None)


def iter_warc(path: Path) -> Iterator[Record | Skipped]:
    """Records of one WARC file (.warc or .warc.gz), one at a time."""
    magic = GZIP_MAGIC if path.name.lower().endswith(".gz") else b"WARC/1."
    try:
        f = open(path, "rb")
    except OSError as e:
        yield Skipped("read", str(path), "unreadable", str(e))
        return
    with f:
        start = 0
        resyncing = False  # one Skipped per broken stretch, however many restarts it takes
        while True:
            f.seek(start)
            last_good: int | None = None
            current: int | None = None
            try:
                for rec in ArchiveIterator(f, record_types=_WANTED, parse_http=True):
                    current = rec.stream_pos
                    item = _record_to_item(rec, f"{path}#{current}")
                    last_good, current, resyncing = rec.stream_pos, None, False
                    if item is not None:
                        yield item
                return
            except Exception as e:  # FastWARC raises OSError on a bad gzip stream, others on bad WARC
                search_from = (start if last_good is None else last_good) + 1
                if not resyncing:
                    where = current if current is not None else _next_member(f, search_from, magic)
                    broken = "gzip" in str(e).lower() or "decompress" in str(e).lower()
                    yield Skipped(
                        "read",
                        f"{path}#{where if where is not None else search_from}",
                        "corrupt-gzip" if broken else "corrupt-warc",
                        f"{type(e).__name__}: {e}; reading resumes at the next record",
                    )
                    resyncing = True
                nxt = _next_member(f, search_from, magic)
                if nxt is None:
                    return
                start = nxt

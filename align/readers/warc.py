"""WARC files, streamed with FastWARC (measured ~3x faster than warcio on a gzipped WARC, read through this module:
scripts/bench_readers.py).

Only `response` records whose HTTP payload is HTML become pages; other response records
(images, redirects, errors) and `revisit` records are Skipped with the reason. A record cut off
at the end of the file is Skipped as "truncated-record". A corrupt gzip member is Skipped as
"corrupt-gzip" (a .warc: "corrupt-warc") and reading resumes at the next gzip member, so one bad
record never costs the rest of the file (per-record gzip is what crawlers write). Every damaged
member is a Skipped of its own, and so is every stretch of bytes with no record header in it,
each naming the byte range lost: a run of damaged records is counted record by record.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecordType

from ..model import Skipped
from .http_body import BodyError, decoded_body, in_utf8
from .record import Record, path_label

GZIP_MAGIC = b"\x1f\x8b\x08"
# `unknown`: a record whose WARC headers were cut off has no type yet; it must still be reported
_WANTED = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.revisit | WarcRecordType.unknown
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SCAN_CHUNK = 1 << 20
_MARKUP_START = re.compile(rb"\s{0,200}<")


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
    if rec.record_type == WarcRecordType.resource:
        return _resource_to_item(rec, source, url, int(declared))
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
    if ctype and not any(t in ctype for t in _HTML_TYPES):
        return Skipped("read", source, "not-html", f"content type {ctype.split(';')[0]} for {url}")
    if not _MARKUP_START.match(body):  # (a body that opens with markup has no coding to undo: most)
        try:  # chunks and compression, where the crawler stored the body as it came
            body = decoded_body(body, http.get("Transfer-Encoding"), http.get("Content-Encoding"))
        except BodyError as e:
            return Skipped("read", source, e.reason, f"{e.detail} ({url})")
    if not ctype and not looks_like_html(body):
        return Skipped("read", source, "not-html", f"no content type and the payload is not HTML ({url})")
    return Record(source=source, url=url, html=in_utf8(body, _charset(ctype)), fields=None)


def _resource_to_item(rec, source: str, url: str | None, declared: int) -> Record | Skipped | None:
    """A `resource` record: a file kept without an HTTP exchange (tools that archive files or a
    browser's pages write these), its type in the record's own Content-Type. Only pages are
    read; other resources (images, scripts) are no records of this crawl's, and pass unseen."""
    ctype = (rec.headers.get("Content-Type") or "").lower()
    if not any(t in ctype for t in _HTML_TYPES):
        return None
    body = rec.reader.read()
    if len(body) < declared:
        return Skipped("read", source, "truncated-record", f"payload cut off: {len(body)} of {declared} bytes ({url})")
    return Record(source=source, url=url, html=in_utf8(body, _charset(ctype)), fields=None)


def _charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header value (lower case), if any."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip() == "charset" and value.strip():
            return value.strip()
    return None


def _member_end(f, pos: int, gz: bool) -> int | None:
    """Where the gzip member (or plain WARC record) starting at `pos` ends; None when that
    cannot be told (the bytes there are not one, e.g. a WARC gzipped as one stream)."""
    f.seek(pos)
    if gz:
        d = zlib.decompressobj(wbits=31)
        used = 0
        while not d.eof:
            chunk = f.read(_SCAN_CHUNK)
            if not chunk:
                return None
            try:
                d.decompress(chunk, 0)
            except zlib.error:
                return None
            used += len(chunk) - len(d.unused_data)
            if d.eof:
                return pos + used
        return None
    head = f.read(_SCAN_CHUNK)
    end_of_headers = head.find(b"\r\n\r\n")
    m = re.search(rb"\r\nContent-Length:\s*(\d+)", head[:end_of_headers], re.IGNORECASE)
    if not head.startswith(b"WARC/") or end_of_headers < 0 or m is None:
        return None
    return pos + end_of_headers + 4 + int(m.group(1)) + 4  # the block, then the two CRLFs that close a record


def _lost(name: str, start: int, end: int | None, size: int, gz: bool, why: str) -> Skipped:
    stop = size if end is None else end
    span = f"bytes {start}-{stop} ({stop - start} bytes{', to the end of the file' if end is None else ''})"
    return Skipped("read", f"{name}#{start}", "corrupt-gzip" if gz else "corrupt-warc", f"{span} unreadable: {why}")


def iter_warc(path: Path, name: str | None = None) -> Iterator[Record | Skipped]:
    """Records of one WARC file (.warc or .warc.gz), one at a time. `name`: how sources name
    the file (its path)."""
    name = name or path_label(path)
    gz = path.name.lower().endswith(".gz")
    magic = GZIP_MAGIC if gz else b"WARC/1."
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed by the `with f` below
        size = path.stat().st_size
    except OSError as e:
        yield Skipped("read", name, "unreadable", f"{type(e).__name__}: {e.strerror or e}")
        return
    with f:
        pos = 0  # where reading goes on: everything before it was read or reported
        while pos < size:
            start = _next_member(f, pos, magic)
            if start is None:
                f.seek(pos)
                if f.read(size - pos).strip(b" \t\r\n"):  # not just the blank lines some writers end with
                    yield _lost(name, pos, None, size, gz, "no record header in them")
                return
            if start > pos:
                yield _lost(name, pos, start, size, gz, "no record header in them")
            f.seek(start)
            last: int | None = None  # offset of the last record read whole (of any type)
            current: int | None = None  # offset of the record being read
            try:
                for rec in ArchiveIterator(f, parse_http=True):
                    current = rec.stream_pos
                    item = _record_to_item(rec, f"{name}#{current}") if rec.record_type & _WANTED else None
                    last, current = current, None
                    if item is not None:
                        yield item
                error = None
            except Exception as e:  # noqa: BLE001 - FastWARC raises OSError on a bad gzip stream, others on bad WARC
                error = f"{type(e).__name__}: {e}"
            if error is not None and (current is not None or last is None):
                # this record's own member is damaged (read from its start, it fails): lose it alone
                bad = start if current is None else current
                end = _next_member(f, bad + 1, magic)
                yield _lost(name, bad, end, size, gz, f"{error}; reading resumes at the next record")
                if end is None:
                    return
                pos = end
                continue
            # The iterator stopped (on an error, or early) after a good record: go on right
            # after that record's member; whatever lies between it and the next one is reported.
            end = _member_end(f, last, gz) if last is not None else None
            if end is None:  # its end cannot be told: search on from inside it, reporting nothing
                nxt = _next_member(f, (last if last is not None else start) + 1, magic)
                if nxt is None:
                    if error is not None:
                        yield _lost(name, (last if last is not None else start), None, size, gz, f"{error}")
                    return
                end = nxt
            pos = max(end, start + 1)

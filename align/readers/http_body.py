"""An HTTP response's body as the server meant it: chunks joined, compression undone.

Crawlers differ in what they store in a WARC. Common Crawl decodes the body and keeps the
original headers renamed (`X-Crawler-Transfer-Encoding`, `X-Crawler-Content-Encoding`); wget
and warcprox store the bytes as they came, `Transfer-Encoding: chunked` and `Content-Encoding:
gzip` (or br, deflate) included; some tools strip the chunking but leave the header. So each
coding is undone only when the bytes show it: a chunked body starts with a chunk-size line, a
gzip body with gzip's magic bytes; a body that does not look encoded is taken as it is. (FastWARC,
which reads the WARC, leaves all of this to its caller.)
"""

from __future__ import annotations

import re
import zlib

# a body is decompressed up to this (a bomb stops here; the extractor caps a page lower still)
MAX_DECODED = 64 * 2**20
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,8}(?:;[^\r\n]*)?\r?\n")


class BodyError(ValueError):
    """The body cannot be decoded as its headers say; `reason` is short and machine-readable."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def decoded_body(body: bytes, transfer_encoding: str | None, content_encoding: str | None) -> bytes:
    """`body` with its transfer coding (chunked) and content codings (gzip, deflate, br; in the
    reverse of the order listed) undone. Raises BodyError ("too-large", "bad-content-encoding")."""
    if transfer_encoding and "chunked" in transfer_encoding.lower():
        body = _dechunked(body)
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        body = _decoded(body, coding)
    return body


def _dechunked(body: bytes) -> bytes:
    """The chunks joined; the body as it is when it does not start with a chunk-size line (the
    tool that wrote it removed the chunking) or its chunks do not parse to the end."""
    if not _CHUNK_SIZE.match(body):
        return body
    out: list[bytes] = []
    pos = total = 0
    while True:
        m = _CHUNK_SIZE.match(body, pos)
        if m is None:
            return body  # (not chunked after all, or cut off: the extractor says which)
        size = int(m.group().split(b";")[0].strip(), 16)
        if size == 0:
            return b"".join(out)
        start = m.end()
        if not out and size > len(body) - start:
            return body  # (a first "chunk" longer than the body: text that only looks like a size line)
        out.append(body[start:start + size])
        total += size
        if total > MAX_DECODED:
            raise BodyError("too-large", f"the body is over {MAX_DECODED // 2**20} MB once its chunks are joined")
        pos = start + size
        if body[pos:pos + 2] == b"\r\n":
            pos += 2
        elif body[pos:pos + 1] == b"\n":
            pos += 1
        if pos >= len(body):
            return b"".join(out)  # (no last, empty chunk: the writer stopped at the data's end)


def _decoded(body: bytes, coding: str) -> bytes:
    if coding in ("identity", ""):
        return body
    if coding in ("gzip", "x-gzip"):
        if not body.startswith(b"\x1f\x8b"):
            return body  # (stored decoded, the header kept)
        return _inflated(body, 16 + zlib.MAX_WBITS, coding)
    if coding == "deflate":
        # (the standard says zlib-wrapped; many servers send raw deflate)
        try:
            return _inflated(body, zlib.MAX_WBITS, coding)
        except BodyError:
            return _inflated(body, -zlib.MAX_WBITS, coding)
    if coding == "br":
        import brotli

        try:
            decoder = brotli.Decompressor()
            out = decoder.process(body, output_buffer_limit=MAX_DECODED + 1)
        except brotli.error as e:
            if body.lstrip()[:1] == b"<":
                return body  # (stored decoded, the header kept)
            raise BodyError("bad-content-encoding", f"the body is not valid br ({e})") from None
        if len(out) > MAX_DECODED:
            raise BodyError("too-large", f"the body is over {MAX_DECODED // 2**20} MB once decompressed")
        if not decoder.is_finished():
            raise BodyError("truncated-record", "the br body stops before its end (the download was cut off)")
        return out
    if body.lstrip()[:1] == b"<":
        return body  # an unknown coding whose body reads as markup: taken as it is
    raise BodyError("bad-content-encoding", f"content coding {coding!r} is not one this reader decodes")


def _inflated(body: bytes, wbits: int, coding: str) -> bytes:
    d = zlib.decompressobj(wbits)
    try:
        out = d.decompress(body, MAX_DECODED + 1)
    except zlib.error as e:
        raise BodyError("bad-content-encoding", f"the body is not valid {coding} ({e})") from None
    if len(out) > MAX_DECODED:
        raise BodyError("too-large", f"the body is over {MAX_DECODED // 2**20} MB once decompressed")
    if not d.eof:
        raise BodyError("truncated-record", f"the {coding} body stops before its end (the download was cut off)")
    return out


def in_utf8(html: bytes, charset: str | None) -> bytes:
    """A page's bytes, re-encoded as UTF-8 when its HTTP (or MIME) header names the charset they
    are in and the page itself declares none (a page served as EUC-KR often has no <meta
    charset>, and detection on a short page can guess wrong). A page that declares its charset
    is left to the extractor, which reads that declaration (a server's default header is wrong
    more often than a page's own <meta>); bytes that are valid UTF-8 are left as they are."""
    label = charset.strip().strip('"').lower() if charset else ""
    if label in ("", "utf-8", "utf8"):  # (most pages: no lookup)
        return html
    from ..extract.encoding import declared_charset, page_codec

    codec = page_codec(label)
    if codec is None or codec == "utf-8" or declared_charset(html) is not None:
        return html
    try:
        html.decode("utf-8")
        return html
    except UnicodeDecodeError:
        pass
    try:
        return html.decode(codec).encode("utf-8")
    except (UnicodeDecodeError, LookupError):
        return html  # (the extractor finds the encoding, or says it cannot)

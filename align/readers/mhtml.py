"""Pages a browser saved as one file ("Webpage, Single File": MHTML, `.mhtml` / `.mht`).

Such a file is a MIME message (RFC 2557): a `multipart/related` whose parts are the page and the
resources it uses (style sheets, images, frames), each encoded (quoted-printable, base64) and
named by its `Content-Location`. The page is the first part of a document type (Chrome writes
the main frame first; a `start` parameter, where given, names it by its Content-ID), and its
address is that part's Content-Location (Chrome also writes `Snapshot-Content-Location` in the
headers). The record is the page's HTML with that address, as a WARC record is.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

from ..model import Skipped
from .http_body import in_utf8
from .record import Record

# a saved page with its images rarely passes a few MB; far past this it is not a page
MAX_FILE_BYTES = 64 * 2**20
_DOCUMENT_TYPES = ("text/html", "application/xhtml+xml")


def iter_mhtml(path: Path, name: str) -> Iterator[Record | Skipped]:
    """The page of one MHTML file, or a Skipped saying why there is none."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield Skipped("read", name, "too-large", f"the file is {size / 2**20:.1f} MB; saved pages over "
                          f"{MAX_FILE_BYTES // 2**20} MB are not read")
            return
        data = path.read_bytes()
    except OSError as e:
        yield Skipped("read", name, "unreadable", f"{type(e).__name__}: {e.strerror or e}")
        return
    yield record_of_mhtml(data, name)


def record_of_mhtml(data: bytes, name: str) -> Record | Skipped:
    """The page an MHTML archive holds, as a Record (or a Skipped naming the problem)."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    page = _main_document(message)
    if page is None:
        kinds = sorted({part.get_content_type() for part in message.walk() if not part.is_multipart()})
        return Skipped("read", name, "not-html", f"MHTML without a page in it (parts: {', '.join(kinds) or 'none'})")
    html = page.get_payload(decode=True)
    if not isinstance(html, bytes) or not html.strip():
        return Skipped("read", name, "not-html", "MHTML whose page part is empty")
    url = _web_address(page.get("Content-Location")) or _web_address(message.get("Snapshot-Content-Location"))
    return Record(source=name, url=url, html=in_utf8(html, page.get_content_charset()), fields=None)


def _main_document(message: Message) -> Message | None:
    """The page's part: the one `start` names, else the first of a document type."""
    if not message.is_multipart():
        return message if message.get_content_type() in _DOCUMENT_TYPES else None
    parts = [p for p in message.walk() if not p.is_multipart()]
    start = message.get_param("start")
    start = start.strip() if isinstance(start, str) else ""  # (a parameter in RFC 2231 form is a tuple: not used)
    if start:
        for part in parts:
            if (part.get("Content-ID") or "").strip() == start and part.get_content_type() in _DOCUMENT_TYPES:
                return part
    return next((p for p in parts if p.get_content_type() in _DOCUMENT_TYPES), None)


def _web_address(value: str | None) -> str | None:
    """An http(s) address from a header ("cid:" and file addresses are not the page's)."""
    value = (value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else None

"""JSONL dumps, one record a line: `{url, html}` pages or `{url, lang, title, date, text}`
pre-extracted articles. Plain or gzipped; streamed line by line."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..model import Skipped
from .record import Record, path_label


def _parse_line(line: bytes, source: str) -> Record | Skipped | None:
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        return Skipped("read", source, "bad-json", f"malformed JSON line: {e}")
    if not isinstance(obj, dict):
        return Skipped("read", source, "bad-json", f"expected a JSON object, got {type(obj).__name__}")
    url = obj.get("url")
    url = url if isinstance(url, str) and url.strip() else None
    html = obj.get("html")
    if isinstance(html, str) and html.strip():
        return Record(source=source, url=url, html=html.encode("utf-8"), fields=None)
    text = obj.get("text")
    if isinstance(text, str) and text.strip():
        fields = {k: obj.get(k) for k in ("url", "lang", "title", "date", "text")}
        return Record(source=source, url=url, html=None, fields=fields)
    keys = ", ".join(sorted(str(k) for k in obj)[:12]) or "none"
    return Skipped("read", source, "no-content",
                   f"record has neither a non-empty 'html' nor 'text' field (its fields: {keys}); "
                   "a dump with other names needs them renamed to html (a page) or text (its article)")


def iter_jsonl(path: Path, name: str | None = None) -> Iterator[Record | Skipped]:
    """Records of one JSONL file; a bad line is Skipped, a corrupt gzip stream ends the file
    with one Skipped saying how far it got. `name`: how sources name the file (its path)."""
    name = name or path_label(path)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    lineno = 0
    try:
        with opener(path, "rb") as f:
            for lineno, line in enumerate(f, 1):
                item = _parse_line(line, f"{name}:{lineno}")
                if item is not None:
                    yield item
    except (OSError, EOFError, zlib.error) as e:
        reason = "corrupt-gzip" if isinstance(e, (EOFError, zlib.error, gzip.BadGzipFile)) else "unreadable"
        yield Skipped("read", f"{name}:{lineno + 1}", reason, f"{type(e).__name__}: {e}; the rest of the file is unreadable")

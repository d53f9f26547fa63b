"""Pre-extracted records (`{url, lang, title, date, text}`) to Articles."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from ..extract import MAX_BODY_CHARS
from ..lang import detect_lang, hangul_ratio
from ..model import Article
from ..regex_cache import compiled
from .record import Record, SkipRecord

_TRAILING_ID = compiled(r"(\d{3,})(?:\.\w+)?/?$")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs from plain text: blank lines separate paragraphs when there are any;
    otherwise each line is one (dumps often keep one paragraph a line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    out = []
    for b in blocks:
        p = " ".join(line.strip() for line in b.split("\n") if line.strip())
        if p:
            out.append(p)
    return out


def article_id(url: str | None, source: str) -> str:
    """`host:<numeric id at the end of the path>` when the URL has one, else `host:<hash>`."""
    if not url:
        return "record:" + hashlib.sha1(source.encode()).hexdigest()[:16]
    parts = urlsplit(url)
    host = (parts.hostname or "unknown").removeprefix("www.").removeprefix("m.")
    m = _TRAILING_ID.search(parts.path)
    if m and not parts.query:
        return f"{host}:{m.group(1)}"
    return f"{host}:" + hashlib.sha1(url.encode()).hexdigest()[:16]


def article_from_fields(record: Record) -> Article:
    """An Article from a pre-extracted record; raises SkipRecord when the text is empty or its
    language is not the declared one (checked by the share of Hangul letters)."""
    f = record.fields or {}
    text = f.get("text") or ""
    paragraphs = split_paragraphs(text if isinstance(text, str) else "")
    if not paragraphs:
        raise SkipRecord("no-body", f"{record.source}: empty text")
    body = "\n".join(paragraphs)
    if len(body) > MAX_BODY_CHARS:  # the cap pages have (align.extract), for the same reason
        raise SkipRecord("too-long", f"{record.source}: the article text is {len(body):,} characters; articles over "
                         f"{MAX_BODY_CHARS:,} are not kept (the cap on what one page may cost downstream)")
    found = detect_lang(body)
    declared = f.get("lang")
    declared = declared.lower().split("-")[0] if isinstance(declared, str) and declared else None
    if found is None:
        raise SkipRecord("mixed-language", f"{record.source}: {hangul_ratio(body):.0%} of letters are Hangul")
    if declared and declared != found:
        raise SkipRecord(
            "wrong-language",
            f"{record.source}: declared {declared!r} but {hangul_ratio(body):.0%} of letters are Hangul",
        )
    if found not in ("ko", "en"):
        raise SkipRecord("wrong-language", f"{record.source}: not Korean or English")
    url = record.url or f.get("url") or ""
    title = f.get("title")
    date = f.get("date")
    return Article(
        id=article_id(url or None, record.source),
        lang=found,
        url=url,
        title=title.strip() if isinstance(title, str) else "",
        date=date.strip() if isinstance(date, str) and date.strip() else None,
        byline=None,
        paragraphs=paragraphs,
        site=None,
        source_path=record.source,
    )

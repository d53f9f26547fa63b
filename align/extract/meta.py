"""What a page says about itself outside the body: its address, title, date, author (meta tags,
JSON-LD, the "saved from" comment a browser writes), and whether the download is complete."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

from .dates import parse_iso
from .text import clean

# "<!-- saved from url=(0071)https://... -->": written by browsers' "save page as"
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\x7fELF")
_HTML_HINT = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|p|div|article|br|table|span|a)[\s>/]", re.IGNORECASE)


def html_problem(data: bytes) -> str | None:
    """Why these bytes are not an HTML page (None when they look like one)."""
    if not data.strip():
        return "the file is empty"
    head = data[:2048]
    for magic in _MAGIC:
        if head.startswith(magic):
            return f"binary file (starts with {magic[:4]!r})"
    if head[:2] not in (b"\xff\xfe", b"\xfe\xff") and b"\x00" in head:
        return "binary file (NUL bytes)"
    probe = head
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        probe = head.decode("utf-16", "replace").encode("ascii", "replace")
    if not _HTML_HINT.search(probe):
        return "no HTML tags in the first 2 KB"
    return None


def is_cut_off(text: str) -> bool:
    """The download stopped early: neither </body> nor </html> anywhere near the end."""
    tail = text[-4096:].lower()
    return "</html" not in tail and "</body" not in tail


_SCRIPT_OR_COMMENT = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_OPEN_TAG = re.compile(r"<(div|article|main|section|table|ul|ol|blockquote)[\s>]", re.IGNORECASE)
_CLOSE_TAG = re.compile(r"</(div|article|main|section|table|ul|ol|blockquote)\s*>", re.IGNORECASE)


def truncation(text: str) -> str | None:
    """Why the download looks cut off (None when the page looks whole). A page may leave out
    the optional </body></html>; it is called cut off only on evidence: it ends inside a tag,
    a script or a comment, or with elements of its body still open."""
    tail = text[-4096:].lower()
    if "</html" in tail or "</body" in tail:
        return None
    end = text.rstrip()
    if end.rfind("<") > end.rfind(">"):
        return "it ends inside a tag"
    low = end[-200_000:].lower()
    if low.rfind("<script") > low.rfind("</script") or low.rfind("<!--") > low.rfind("-->"):
        return "it ends inside a script or a comment"
    markup = _SCRIPT_OR_COMMENT.sub(" ", text)
    open_: dict[str, int] = {}
    for m in _OPEN_TAG.finditer(markup):
        open_[m.group(1).lower()] = open_.get(m.group(1).lower(), 0) + 1
    for m in _CLOSE_TAG.finditer(markup):
        open_[m.group(1).lower()] = open_.get(m.group(1).lower(), 0) - 1
    # one unclosed <div> is common sloppiness in a whole page; an open <article> or list is not
    unclosed = [t for t, k in open_.items() if k >= (2 if t == "div" else 1)]
    if unclosed:
        return f"it ends with <{'>, <'.join(sorted(unclosed))}> still open"
    return None


def declared_url(tree, text: str, base: str | None = None) -> str | None:
    """The page's own address: <link rel=canonical>, og:url, or the browser's "saved from" line."""
    saved = _SAVED_FROM.search(text[:2048])
    base = base or (saved.group(1) if saved else None)
    for sel, attr in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(sel)
        value = (node.attributes.get(attr) or "").strip() if node else ""
        if value and base:
            return urljoin(base, value)
        if value and "//" in value:
            return value
    return base


def meta_content(tree, name: str) -> str | None:
    for sel in (f'meta[property="{name}"]', f'meta[name="{name}"]', f'meta[itemprop="{name}"]'):
        node = tree.css_first(sel)
        if node is not None and (node.attributes.get("content") or "").strip():
            return node.attributes["content"].strip()
    return None


def json_ld_article(tree) -> dict[str, Any]:
    """The first JSON-LD object whose @type names an article ({} when none parses)."""
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text(deep=True) or "")
        except (ValueError, RecursionError):  # RecursionError: hostile nesting
            continue
        stack = [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                types = obj.get("@type", "")
                types = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and "Article" in t for t in types):
                    return obj
                if "@graph" in obj:
                    stack.extend(obj["@graph"] if isinstance(obj["@graph"], list) else [obj["@graph"]])
    return {}


def ld_author(ld: dict[str, Any]) -> str | None:
    author = ld.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        author = author.get("name")
    return clean(author) if isinstance(author, str) and author.strip() else None


def fallback_title(tree, ld: dict[str, Any]) -> str:
    for value in (meta_content(tree, "og:title"), ld.get("headline") if isinstance(ld.get("headline"), str) else None):
        if value:
            return clean(value)
    for sel in ("h1", "title"):
        node = tree.css_first(sel)
        if node is not None and clean(node.text()):
            return clean(node.text())
    return ""


def fallback_date(tree, ld: dict[str, Any]) -> str | None:
    for value in (
        meta_content(tree, "article:published_time"),
        ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None,
        meta_content(tree, "date"),
    ):
        if value and (d := parse_iso(value)):
            return d
    node = tree.css_first("time[datetime]")
    return parse_iso(node.attributes.get("datetime") or "") if node is not None else None

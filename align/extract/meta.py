"""What a page says about itself outside the body: its address, title, date, author (meta tags,
JSON-LD, the "saved from" comment a browser writes), and whether the download is complete."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from ..regex_cache import compiled
from .dates import parse_iso
from .text import clean

# "<!-- saved from url=(0071)https://... -->": written by browsers' "save page as"
_SAVED_FROM = compiled(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\x7fELF")
# a tag of HTML in the first 2 KB: of the page's head (many pages open with their scripts, style
# sheets and <link>s, before or without <html> and <head>) or of its body
_HTML_HINT = compiled(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|script|style|noscript|base|p|div|article|section|header|nav|main|"
    rb"br|table|span|a|img|form|iframe|ul|ol|li|h[1-6]|center|font)[\s>/]|<link\s",
    re.IGNORECASE,
)


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


_SCRIPT_OR_COMMENT = compiled(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_OPEN_TAG = compiled(r"<(div|article|main|section|table|ul|ol|blockquote)[\s>]", re.IGNORECASE)
# how a page's trailing scripts end it: a script, a style sheet, a <noscript> (a tracking pixel),
# a comment (a server's "generated in 0.2 s")
_ENDS_WITH_SCRIPT = compiled(r"(?:</(?:script|style|noscript)\s*>|-->)$", re.IGNORECASE)
_CLOSE_TAG = compiled(r"</(div|article|main|section|table|ul|ol|blockquote)\s*>", re.IGNORECASE)


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
    if unclosed and "article" not in unclosed and _ENDS_WITH_SCRIPT.search(end[-20:]):
        # a template that leaves its layout's </main>, </div>s or </table> out: the page goes on
        # past them to the scripts that end a page, whole (a download cut off in the body would
        # end inside its text, not after them; an open <article> is an article cut off)
        return None
    if unclosed:
        return f"it ends with <{'>, <'.join(sorted(unclosed))}> still open"
    return None


# every element the metadata readers look up, each tag in one selector only (so a node's tag
# says which selector it matched)
_INDEXED = 'meta, link[rel="canonical"], title, h1, time[datetime], script[type="application/ld+json"], img[alt]'
_INDEXED_TAGS = frozenset(("meta", "link", "title", "h1", "time", "script", "img"))
_META_KEYS = ("property", "name", "itemprop")
# the two attribute values _INDEXED compares; lexbor compares them case-blind (ASCII) on an
# HTML element, exactly on an SVG or MathML one
_INDEXED_VALUE = {"link": ("rel", "canonical", 'link[rel="canonical"]'),
                  "script": ("type", "application/ld+json", 'script[type="application/ld+json"]')}


def _is_indexed(tree, node, tag: str, attrs: dict) -> bool:
    """Whether a node of one of _INDEXED_TAGS matches _INDEXED, as lexbor matches it."""
    if tag == "img":
        return "alt" in attrs
    if tag == "time":
        return "datetime" in attrs
    if tag not in _INDEXED_VALUE:
        return True  # meta, title, h1: by their tag alone
    name, want, selector = _INDEXED_VALUE[tag]
    value = attrs.get(name)
    if value is None or value == want:
        return value is not None
    if not (value.isascii() and value.lower() == want):
        return False
    # ("CANONICAL": only an HTML element's matches, and its namespace is lexbor's to tell)
    return any(n.mem_id == node.mem_id for n in tree.css(selector))


class PageIndex:
    """What a page's metadata readers look up, found in one pass over its tree: each
    tree.css_first that finds nothing walks the whole page, and a dozen such walks (a page
    without this meta or that) cost more than the body's extraction. Built before anything
    is removed from the tree; the nodes it holds are read as the readers need them.

    With `also` (a selector list whose tag selectors name none of _INDEXED_TAGS; `is_also(attrs)`
    tells whether an element of those tags matches it by its attributes) the same pass finds
    those elements too, in `others`, in page order: noise_marks' candidates, which otherwise
    cost a walk of their own."""

    __slots__ = ("alts", "canonical", "h1", "ld_scripts", "metas", "others", "time", "title")

    def __init__(self, tree, also: str | None = None, is_also: Callable[[dict], bool] | None = None) -> None:
        self.metas: dict[tuple[str, str], str] = {}  # (attribute, value) -> the first such <meta>'s content
        self.canonical = self.title = self.h1 = self.time = None  # the first of each
        self.ld_scripts: list = []
        self.alts: list[str] = []  # images' alt text, in page order
        self.others: list | None = [] if also else None
        metas = self.metas
        others = self.others
        last = None
        for node in tree.css(f"{_INDEXED}, {also}" if also else _INDEXED):
            tag = node.tag
            attrs = None
            if others is not None:
                # a node matching several selectors of the list comes once for each, in a row
                mid = node.mem_id
                if mid == last:
                    continue
                last = mid
                if tag not in _INDEXED_TAGS:
                    others.append(node)
                    continue
                attrs = node.attributes
                if is_also is not None and is_also(attrs):
                    others.append(node)
                if not _is_indexed(tree, node, tag, attrs):
                    continue
            if tag == "meta":
                attrs = attrs if attrs is not None else node.attributes
                for key in _META_KEYS:
                    if (value := attrs.get(key)) is not None and (key, value) not in metas:
                        metas[key, value] = attrs.get("content") or ""
            elif tag == "img":
                self.alts.append((attrs if attrs is not None else node.attributes).get("alt") or "")
            elif tag == "script":
                self.ld_scripts.append(node)
            elif tag == "link":
                self.canonical = self.canonical or node
            elif tag == "title":
                self.title = self.title or node
            elif tag == "h1":
                self.h1 = self.h1 or node
            elif tag == "time":
                self.time = self.time or node

    def meta(self, name: str) -> str | None:
        """The content of the first <meta> whose property, name or itemprop (in that order of
        preference) is `name`, when it has one."""
        for key in _META_KEYS:
            if (content := self.metas.get((key, name))) is not None and content.strip():
                return content.strip()
        return None

    def declared_links(self) -> tuple[str, str]:
        """The page's own address as it declares it: the href of its first <link rel=canonical>
        and the content of its first og:url <meta>, each stripped ("" for none)."""
        canonical = (self.canonical.attributes.get("href") or "").strip() if self.canonical is not None else ""
        return canonical, self.metas.get(("property", "og:url"), "").strip()


def page_index(page) -> PageIndex:
    """`page` if it is a PageIndex, else the index of this tree as it is now."""
    return page if isinstance(page, PageIndex) else PageIndex(page)


def declared_url(page, text: str, base: str | None = None) -> str | None:
    """The page's own address: <link rel=canonical>, og:url, or the browser's "saved from" line.
    `page`: its tree or PageIndex."""
    idx = page_index(page)
    saved = _SAVED_FROM.search(text[:2048])
    base = base or (saved.group(1) if saved else None)
    for value in idx.declared_links():
        if value and base:
            return urljoin(base, value)
        if value and "//" in value:
            return value
    return base


def meta_content(page, name: str) -> str | None:
    return page_index(page).meta(name)


def json_ld_article(page) -> dict[str, Any]:
    """The first JSON-LD object whose @type names an article ({} when none parses)."""
    for node in page_index(page).ld_scripts:
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


# a <title> of more characters than this, with markup in its text, was never closed
RUNAWAY_TITLE = 2000
_TITLE_TAG = compiled(r"<title\b[^>]*>", re.IGNORECASE)
_TAG_START = compiled(r"<[a-zA-Z/!]")


def with_title_closed(text: str, index: PageIndex) -> str | None:
    """The page's text with its <title> closed where the next tag starts, when it never was
    ("</titl", or a copy cut in its head): the title's text then runs to the end of the page,
    markup and all, and the body is empty, as a browser shows it. None when the title is whole."""
    node = index.title
    if node is None:
        return None
    title = node.text()
    if len(title) < RUNAWAY_TITLE or "<" not in title:
        return None
    opened = _TITLE_TAG.search(text)
    tag = _TAG_START.search(text, opened.end()) if opened is not None else None
    if tag is None:
        return None
    start = end = tag.start()
    if text[start:start + 5].lower() == "</tit":  # the end tag itself, broken: left out up to the next tag
        nxt = text.find("<", start + 2)
        end = nxt if nxt >= 0 else len(text)
    return f"{text[:start]}</title>{text[end:]}"


def fallback_title(page, ld: dict[str, Any]) -> str:
    idx = page_index(page)
    for value in (idx.meta("og:title"), ld.get("headline") if isinstance(ld.get("headline"), str) else None):
        if value:
            return clean(value)
    for node in (idx.h1, idx.title):
        if node is not None and clean(node.text()):
            return clean(node.text())
    return ""


def fallback_date(page, ld: dict[str, Any]) -> str | None:
    idx = page_index(page)
    for value in (
        idx.meta("article:published_time"),
        ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None,
        idx.meta("date"),
    ):
        if value and (d := parse_iso(value)):
            return d
    node = idx.time
    return parse_iso(node.attributes.get("datetime") or "") if node is not None else None

"""Extraction: a saved page (bytes) to an Article, or SkipPage with the reason.

    from align.extract import extract_page, SkipPage
    article = extract_page(data, url, source)   # url may be None: the page's canonical link,
                                                # og:url or "saved from" line is used

The site is recognised by its URL's host (corpora/recipes/*.toml, docs/recipes.md); a page of
an unknown site goes through a generic readability-style extractor.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Article
from ..urls import canonical_url, url_host
from .encoding import decode_html
from .errors import SkipPage
from .recipes import Recipe, load_recipes, recipe_for_host

__all__ = [
    "MAX_BODY_CHARS", "MAX_PAGE_BYTES", "MAX_PAGE_TAGS", "Article", "SkipPage", "extract_page", "iter_pages", "load_recipes",
    "parse_ahead",
]

# What one page may cost. A news page's HTML is rarely over 3 MB (scripts and inline state
# included) and its article under 60,000 characters; a page far past either is spam or a
# broken dump, and unchecked it costs minutes and gigabytes downstream (a 20 MB <p> took 228 s
# and 10.6 GB in `align run`: every stage after extraction is linear in the text, and content
# pairing embeds every sentence). Such pages are skipped as "too-large" / "too-long".
MAX_PAGE_BYTES = 16 * 2**20
MAX_BODY_CHARS = 200_000
# An HTML parser closes each end tag by a walk up the open elements, so a page of deeply
# nested elements costs the square of its depth (100,000 nested <div>s: 80 s for one page of
# 1 MB). The real pages in ../shared/bench have at most 3,500 tags; the count of "<" is the
# cheap bound (a few microseconds a page).
MAX_PAGE_TAGS = 100_000


def _too_costly(data: bytes) -> str | None:
    """Why a page is past what one page may cost (None when it is not)."""
    if len(data) > MAX_PAGE_BYTES:
        return (f"the page is {len(data) / 2**20:.1f} MB; pages over {MAX_PAGE_BYTES // 2**20} MB are "
                "not read (the cap on what one page may cost)")
    # (a tag takes 3 bytes or more, "<p>": a page of fewer bytes has fewer tags, uncounted;
    # the "<" counted as what deleting them takes away: bytes.count tests byte by byte, replace
    # jumps between them with memchr, 4x faster on the bench's large pages)
    if len(data) > 3 * MAX_PAGE_TAGS and (tags := len(data) - len(data.replace(b"<", b""))) > MAX_PAGE_TAGS:
        return f"the page has {tags:,} tags; pages with over {MAX_PAGE_TAGS:,} are not read (the cap on what one page may cost)"
    return None


def parse_ahead(data: bytes) -> Any:
    """The page's bytes parsed as UTF-8, for `extract_page(..., tree=)`: a reader may parse the
    next page in a thread while this one is extracted (the parser lets go of the GIL), and
    extract_page uses the tree when it reads the page as UTF-8 (most pages; it parses again
    otherwise). None for a page extract_page does not parse: too costly, or not HTML."""
    from .meta import html_problem

    if _too_costly(data) or html_problem(data):
        return None
    return _parse_utf8(data)


def _parse_utf8(data: bytes) -> Any:
    """The tree of a page in UTF-8, given to the parser as it came (the bytes its decoded text
    encodes to: no encoding of the whole text again), less a byte-order mark."""
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data)


def extract_page(
    data: bytes, url: str | None, source: str, recipes: list[Recipe] | None = None, tree: Any = None
) -> Article:
    """The article on one page.

    `url`: where the page was fetched (None: taken from the page itself); `source`: where it
    was read from (file path, WARC record, JSONL line), kept as `Article.source_path` and
    named in every SkipPage detail; `tree`: parse_ahead(data), when a reader parsed it ahead
    (it is changed here: used once; parse_ahead checked the page's cost and that it is HTML,
    and they are not checked again). Raises SkipPage with reason "not-html", "bad-encoding",
    "truncated", "not-article", "no-body", "wrong-language", "mixed-language", or "too-large" /
    "too-long" for a page past MAX_PAGE_BYTES or MAX_PAGE_TAGS / an article past MAX_BODY_CHARS.
    """
    from selectolax.lexbor import LexborHTMLParser

    from .body import HOLDER_CANDIDATES, is_holder_candidate
    from .generic import extract_generic
    from .meta import PageIndex, declared_url, html_problem, with_title_closed
    from .page import extract_with_recipe

    where = source or url or "page"
    # a tree from parse_ahead is a page that passed these two checks there: not made again
    # (the tag count reads the whole of a large page)
    if tree is None:
        if too_costly := _too_costly(data):
            raise SkipPage("too-large", f"{where}: {too_costly}")
        if problem := html_problem(data):
            raise SkipPage("not-html", f"{where}: {problem}")
    try:
        text, encoding = decode_html(data)
    except SkipPage as e:
        raise SkipPage(e.reason, f"{where}: {e.detail}") from None
    if encoding == "utf-8":
        if tree is None:
            tree = _parse_utf8(data)
    else:
        tree = LexborHTMLParser(text)
    recipes = load_recipes() if recipes is None else recipes
    canon = canonical_url(url, recipes) if url else None
    found = recipe_for_host(url_host(canon), recipes) if canon else None
    # a page without a recipe (as far as its given URL tells) has the candidates of noise_marks
    # found in the index's pass over the tree, sparing a walk of their own
    also, is_also = (HOLDER_CANDIDATES, is_holder_candidate) if found is None else (None, None)
    index = PageIndex(tree, also, is_also)
    if (closed := with_title_closed(text, index)) is not None:
        text, tree = closed, LexborHTMLParser(closed)
        index = PageIndex(tree, also, is_also)
    if not url:
        page_url = declared_url(index, text)
        canon = canonical_url(page_url, recipes) if page_url else None
        found = recipe_for_host(url_host(canon), recipes) if canon else None
    if found is not None and canon is not None:
        recipe, edition = found
        index.others = None  # (the recipe's reads may prune the tree before a generic pass)
        article = extract_with_recipe(tree, text, canon, source, recipe, edition, recipes, index)
    else:
        article = extract_generic(tree, text, data, canon, source, recipes, index)
    chars = sum(len(p) for p in article.paragraphs)
    if chars > MAX_BODY_CHARS:
        raise SkipPage("too-long", f"{where}: the article text is {chars:,} characters; articles over "
                       f"{MAX_BODY_CHARS:,} are not kept (the cap on what one page may cost downstream)")
    return article


def iter_pages(corpus_dir: str | Path) -> Iterator[tuple[str, str | None, bytes]]:
    """(source, url, bytes) of every page under a corpus folder, through align.readers
    (pre-extracted JSONL records, which have no HTML, are not pages and are left out)."""
    from ..model import Skipped
    from ..readers import iter_records

    for rec in iter_records(corpus_dir):
        if isinstance(rec, Skipped) or rec.html is None:
            continue
        yield rec.source, rec.url, rec.html

"""Extraction: a saved page (bytes) to an Article, or SkipPage with the reason.

    from align.extract import extract_page, SkipPage
    article = extract_page(data, url, source)   # url may be None: the page's canonical link,
                                                # og:url or "saved from" line is used

The site is recognised by its URL's host (corpora/recipes/*.toml, docs/recipes.md); a page of
an unknown site goes through a generic readability-style extractor.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import Article
from ..urls import canonical_url, url_host
from .encoding import decode_html
from .errors import SkipPage
from .recipes import Recipe, load_recipes, recipe_for_host

__all__ = ["Article", "SkipPage", "extract_page", "iter_pages", "load_recipes"]


def extract_page(data: bytes, url: str | None, source: str, recipes: list[Recipe] | None = None) -> Article:
    """The article on one page.

    `url`: where the page was fetched (None: taken from the page itself); `source`: where it
    was read from (file path, WARC record, JSONL line), kept as `Article.source_path` and
    named in every SkipPage detail. Raises SkipPage with reason "not-html", "bad-encoding",
    "truncated", "not-article", "no-body", "wrong-language" or "mixed-language".
    """
    from selectolax.lexbor import LexborHTMLParser

    from .generic import extract_generic
    from .meta import declared_url, html_problem
    from .page import extract_with_recipe

    where = source or url or "page"
    if problem := html_problem(data):
        raise SkipPage("not-html", f"{where}: {problem}")
    try:
        text, _encoding = decode_html(data)
    except SkipPage as e:
        raise SkipPage(e.reason, f"{where}: {e.detail}") from None
    tree = LexborHTMLParser(text)
    recipes = load_recipes() if recipes is None else recipes
    page_url = url or declared_url(tree, text)
    canon = canonical_url(page_url, recipes) if page_url else None
    found = recipe_for_host(url_host(canon), recipes) if canon else None
    if found is not None:
        recipe, edition = found
        return extract_with_recipe(tree, text, canon, source, recipe, edition, recipes)
    return extract_generic(tree, text, data, canon, source, recipes)


def iter_pages(corpus_dir: str | Path) -> Iterator[tuple[str, str | None, bytes]]:
    """(source, url, bytes) of every page under a corpus folder, through align.readers
    (pre-extracted JSONL records, which have no HTML, are not pages and are left out)."""
    from ..model import Skipped
    from ..readers import iter_records

    for rec in iter_records(corpus_dir):
        if isinstance(rec, Skipped) or rec.html is None:
            continue
        yield rec.source, rec.url, rec.html

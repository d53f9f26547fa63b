"""A page of a site without a recipe: the body found by its blocks (body.py), or in the page's
JSON state when the HTML has none (embedded.py) or shows only its start (a paywall's teaser,
with the whole text declared as the JSON-LD articleBody), boilerplate lines dropped (boilerplate.py),
the language read from the text, the link to the Korean original found (original_link.py).

On real pages of many sites (../shared/bench/extract) it scores above trafilatura and
resiliparse: `scripts/measure_extract.py --bench`. A recipe still does better on its site
(captions and bylines inside the body, dates, the original's id): `scripts/measure_extract.py`
measures by how much on the sample corpus.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from ..model import Article
from ..regex_cache import compiled
from ..urls import canonical_url
from .body import body_blocks, noise_marks
from .boilerplate import is_boilerplate, strip_dateline, tidy_line
from .embedded import embedded_body, fuller_declared_body, live_blog_updates
from .errors import SkipPage
from .meta import PageIndex, fallback_date, fallback_title, json_ld_article, ld_author, truncation
from .original_link import find_original
from .text import EN_MAX_HANGUL, KO_MIN_HANGUL, clean, hangul_ratio

MIN_BODY_CHARS = 200
# a caption is a line or two; a longer text that is also an image's alt is the lead paragraph
MAX_CAPTION = 200
_TRAILING_ID = compiled(r"(\d{3,})(?:\.\w+)?/?$")


def generic_id(url: str | None, data: bytes) -> tuple[str, str]:
    """(site, id): the host (without www.) and the URL's trailing number or a hash."""
    if not url:
        return "page", hashlib.sha1(data).hexdigest()[:16]
    parts = urlsplit(url)
    site = (parts.hostname or "page").removeprefix("www.")
    m = _TRAILING_ID.search(parts.path)
    if m:
        return site, m.group(1)
    for value in sorted(v for v in re.findall(r"=(\d{3,})(?:&|$)", parts.query)):
        return site, value
    return site, hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def language_sample(paragraphs: list[str], size: int = 600) -> str:
    """The body's start, middle and end: enough letters to tell Korean from English or mixed."""
    text = " ".join(paragraphs)
    if len(text) <= 3 * size:
        return text
    mid = len(text) // 2
    return " ".join((text[:size], text[mid : mid + size], text[-size:]))


def kept_paragraphs(raw: list[str], captions: set[str]) -> list[str]:
    """The body's paragraphs without boilerplate lines, captions printed again as paragraphs
    and repeats, the wire dateline taken off the first."""
    paragraphs: list[str] = []
    for p in raw:
        if (p in captions and len(p) <= MAX_CAPTION) or p in paragraphs[-3:] or is_boilerplate(p):
            continue  # caption, paragraph printed twice, byline, contact line, ...
        p = tidy_line(p)
        if not paragraphs:
            p = strip_dateline(p)
        if p:
            paragraphs.append(p)
    return paragraphs


def without_second_copy(paragraphs: list[str]) -> list[str]:
    """The paragraphs less a second copy of the article printed after it (KBS keeps a hidden
    e-mail copy of the story in the block that holds it): the last paragraphs, three or more
    and no more than the rest, repeat the first ones in order and are dropped. A paragraph or a
    run repeated inside the body (an interview's recurring question, a meal plan's days) is
    not a copy of its beginning, and stays."""
    n = len(paragraphs)
    first = paragraphs[0] if paragraphs else None
    for k in range((n + 1) // 2, n - 2):
        if paragraphs[k] == first and paragraphs[k:] == paragraphs[: n - k]:
            return paragraphs[:k]
    return paragraphs


def extract_generic(
    tree, text: str, data: bytes, url: str | None, source: str, recipes, index: PageIndex | None = None,
    find_link: bool = True,
) -> Article:
    """The article of a page without a recipe; `index`: the PageIndex of the tree as parsed
    (made here when not given); `find_link`: look for the link to the Korean original (False:
    a caller that found it already or reads only the paragraphs)."""
    where = source or url or "page"
    if why := truncation(text):
        raise SkipPage("truncated", f"{where}: the download stopped early: {why}")
    index = index if index is not None else PageIndex(tree)
    ld = json_ld_article(index)
    title = fallback_title(index, ld)
    date = fallback_date(index, ld)
    # the link to the Korean original, looked for over the whole page (its button often sits in
    # the furniture and hidden menus the body leaves out)
    original = find_original(tree, url, index) if find_link else None
    # a photo caption is often printed again as a paragraph: the image's alt text names it
    alts = {clean(alt) for alt in index.alts} - {""}
    marks = noise_marks(tree, index.others)
    alts.add(title)  # the headline printed over the body
    paragraphs = kept_paragraphs(body_blocks(tree.body, marks, title) if tree.body is not None else [], alts)
    if sum(len(p) for p in paragraphs) < MIN_BODY_CHARS:
        # no body in the HTML: a script-rendered page carries it in its JSON state
        paragraphs = kept_paragraphs(embedded_body(text, tree), alts)
    elif fuller := fuller_declared_body(ld, paragraphs):
        paragraphs = kept_paragraphs(fuller, alts)
    elif updates := live_blog_updates(index.ld_scripts, paragraphs):
        paragraphs += kept_paragraphs(updates, alts)
    paragraphs = without_second_copy(paragraphs)
    if sum(len(p) for p in paragraphs) < MIN_BODY_CHARS:
        raise SkipPage("no-body", f"{where}: no block of paragraphs with {MIN_BODY_CHARS}+ characters of text")
    ratio = hangul_ratio(language_sample(paragraphs))
    if ratio >= KO_MIN_HANGUL:
        lang = "ko"
    elif ratio <= EN_MAX_HANGUL:
        lang = "en"
    else:
        raise SkipPage("mixed-language", f"{where}: {ratio:.0%} of the body's letters are Hangul: neither Korean nor English")
    site, aid = generic_id(url, data)
    original_url = None
    if lang == "en" and original is not None:
        original_url = canonical_url(original.url, recipes)
    return Article(
        id=f"{site}:{aid}",
        lang=lang,
        url=url or "",
        title=title,
        date=date,
        byline=ld_author(ld),
        paragraphs=paragraphs,
        original_url=original_url,
        original_id=None,
        site="generic",
        source_path=source,
    )

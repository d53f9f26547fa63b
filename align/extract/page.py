"""A page of a site with a recipe: selectors and patterns from the recipe, nothing guessed."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin

from ..model import Article
from ..urls import canonical_url, url_host
from .boilerplate import is_boilerplate, strip_dateline, tidy_line
from .dates import parse_iso, parse_with_format
from .errors import SkipPage
from .meta import PageIndex, fallback_date, fallback_title, is_cut_off, json_ld_article, ld_author, meta_content
from .recipes import Edition, Recipe, recipe_for_host
from .text import EN_MAX_HANGUL, KO_MIN_HANGUL, clean, hangul_ratio, node_paragraphs


def check_language(paragraphs: list[str], lang: str, where: str) -> None:
    """A page of the English edition whose body is Korean (or the reverse) is not what it claims."""
    ratio = hangul_ratio(" ".join(paragraphs))
    if lang == "en" and ratio >= KO_MIN_HANGUL:
        raise SkipPage("wrong-language", f"{where} is an English-edition page but {ratio:.0%} of its body's letters are Hangul")
    if lang == "ko" and ratio <= EN_MAX_HANGUL:
        raise SkipPage("wrong-language", f"{where} is a Korean page but only {ratio:.0%} of its body's letters are Hangul")


def find_byline(ed: Edition, lines: Iterable[str]) -> str | None:
    """The byline the edition's byline_regex finds first among `lines` (its first group, if it has one)."""
    if ed.byline_regex is None:
        return None
    for line in lines:
        if m := ed.byline_regex.search(line):
            return clean(m.group(1) if m.groups() else m.group(0))
    return None


def body_paragraphs(tree, ed: Edition, where: str) -> tuple[list[str], str | None]:
    """The body's paragraphs with boilerplate dropped, and the byline found among them."""
    body = tree.css_first(ed.body) if ed.body else None
    if body is None:
        raise SkipPage("no-body", f"{where}: no element matches the recipe's body selector {ed.body!r}")
    captions: set[str] = set()
    for sel in ed.captions:
        for node in body.css(sel):
            for sub in [node, *node.css("*")]:
                if t := clean(sub.text(deep=True, separator=" ")):
                    captions.add(t)
    for sel in ed.drop:
        for node in body.css(sel):
            node.decompose()
    if ed.paragraphs == "blocks":  # text runs between block tags: <p>, <div>, <br><br>, empty <p></p> separators
        from .body import paragraphs_of, read_blocks

        raw = [p for t in read_blocks(body).texts for p in paragraphs_of(t)]
    else:
        nodes = body.css(ed.paragraphs) if ed.paragraphs else []
        raw = [p for node in nodes for p in node_paragraphs(node)] if nodes else node_paragraphs(body)
    byline = find_byline(ed, raw)
    kept: list[str] = []
    for p in raw:
        if p in captions or any(rx.search(p) for rx in ed.drop_lines) or (ed.boilerplate and is_boilerplate(p)):
            continue  # a caption printed again as a paragraph, a byline, a contact line, ...
        for rx in ed.strip_prefix:
            p = rx.sub("", p, count=1).strip()
        if ed.boilerplate:
            p = tidy_line(strip_dateline(p) if not kept else p)
        if p:
            kept.append(p)
    return kept, byline


def fallback_paragraphs(
    tree, text: str, url: str, source: str, ed: Edition, recipes: list[Recipe], index: PageIndex
) -> tuple[list[str], str | None]:
    """The body found as for a page without a recipe (an edition whose layout the recipe does
    not know), with the recipe's drop_lines applied, and the byline its byline_regex finds in
    the page's lines. Call it after reading what the body holds: the tree is pruned. `index`:
    the tree's PageIndex as parsed."""
    from .generic import extract_generic

    where = source or url
    byline = None
    if ed.byline_regex is not None and tree.body is not None:
        byline = find_byline(ed, (clean(line) for line in tree.body.text(separator="\n").split("\n")))
    try:
        # (the link to the original was looked for before the tree was pruned: original_of)
        found = extract_generic(tree, text, b"", url, source, recipes, index, find_link=False).paragraphs
    except SkipPage as e:
        raise SkipPage(e.reason, f"{where}: no recipe body ({ed.body or 'none given'}) and none found without it: {e.detail}") from None
    return [p for p in found if not any(rx.search(p) for rx in ed.drop_lines)], byline


def original_of(
    tree, recipe: Recipe, ed: Edition, page_url: str, recipes: list[Recipe], index: PageIndex
) -> tuple[str | None, str | None]:
    """(canonical URL, article id) of the Korean original an English page names; `index`: the
    tree's PageIndex."""
    url = ident = None
    if not ed.original_link and not ed.original_id_meta:
        # the recipe does not say how this site names the original: look for it as for a page without one
        from .original_link import find_original

        found_link = find_original(tree, page_url, index)
        if found_link is not None:
            url = canonical_url(found_link.url, recipes)
            found = recipe_for_host(url_host(url), recipes)
            if found and found[1].lang == "ko" and (aid := found[1].article_id(url)):
                ident = f"{found[0].name}:{aid}"
        return url, ident
    if ed.original_link:
        node = tree.css_first(ed.original_link)
        href = (node.attributes.get("href") or node.attributes.get("content") or "").strip() if node else ""
        if href and not href.startswith(("javascript:", "#")):
            url = canonical_url(urljoin(page_url, href), recipes)
            found = recipe_for_host(url_host(url), recipes)
            if found and found[1].lang == "ko" and (aid := found[1].article_id(url)):
                ident = f"{found[0].name}:{aid}"
    if ed.original_id_meta and (declared := meta_content(index, ed.original_id_meta)):
        ident = declared if ":" in declared else f"{recipe.name}:{declared}"
    return url, ident


def page_date(tree, ed: Edition, ld: dict, index: PageIndex) -> str | None:
    """The page's date: by the recipe's date meta, date element or date pattern, else by the
    page's other metadata and JSON-LD (`ld`); `index`: the tree's PageIndex."""
    if ed.date_meta and (value := meta_content(index, ed.date_meta)) and (d := parse_iso(value)):
        return d
    if ed.date or ed.date_regex:
        node = tree.css_first(ed.date) if ed.date else None
        text = clean(node.text(deep=True, separator=" ")) if node is not None else tree.body.text(separator=" ") if tree.body else ""
        if ed.date_regex is not None:
            m = ed.date_regex.search(text)
            text = (m.group(1) if m.groups() else m.group(0)) if m else ""
        if text:
            d = parse_with_format(text, ed.date_format, ed.timezone) if ed.date_format else parse_iso(text)
            if d:
                return d
    return fallback_date(index, ld)


def extract_with_recipe(
    tree, text: str, url: str, source: str, recipe: Recipe, ed: Edition, recipes: list[Recipe],
    index: PageIndex | None = None,
) -> Article:
    """The article of a page of a site with a recipe; `index`: the PageIndex of the tree as
    parsed (made here when not given)."""
    where = source or url
    aid = ed.article_id(url)
    if aid is None:
        pattern = ed.article_url.pattern if ed.article_url else "(none)"
        raise SkipPage("not-article", f"{url} is not an article page of {recipe.name} (article_url {pattern})")
    if ed.complete and tree.css_first(ed.complete) is None and is_cut_off(text):
        raise SkipPage("truncated", f"{where}: the page ends before its footer ({ed.complete}) and has no </html>")
    # read what lies inside the body (date line, link to the original) before dropping it
    # (one index for every metadata read before the body's drops prune the tree)
    index = index if index is not None else PageIndex(tree)
    ld = json_ld_article(index)
    date = page_date(tree, ed, ld, index)
    title_node = tree.css_first(ed.title) if ed.title else None
    title = clean(title_node.text(deep=True, separator=" ")) if title_node is not None else ""
    byline_node = tree.css_first(ed.byline) if ed.byline else None
    byline_text = clean(byline_node.text(deep=True, separator=" ")) if byline_node is not None else None
    original_url = original_id = None
    if ed.lang == "en":
        original_url, original_id = original_of(tree, recipe, ed, url, recipes, index)
    if ed.body_fallback and (not ed.body or tree.css_first(ed.body) is None):
        paragraphs, byline = fallback_paragraphs(tree, text, url, source, ed, recipes, index)
    else:
        paragraphs, byline = body_paragraphs(tree, ed, where)
    if not paragraphs:
        raise SkipPage("no-body", f"{where}: the body ({ed.body}) has no text once boilerplate is dropped")
    check_language(paragraphs, ed.lang, where)
    byline = byline_text or byline
    return Article(
        id=f"{recipe.name}:{aid}",
        lang=ed.lang,
        url=url,
        title=title or fallback_title(tree, ld),
        date=date,
        byline=byline or ld_author(ld),
        paragraphs=paragraphs,
        original_url=original_url,
        original_id=original_id,
        site=recipe.name,
        source_path=source,
    )

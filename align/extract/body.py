"""The article body of a page without a recipe: blocks of text scored by length and link
density, the best holder of body text found, then grown over the sibling blocks that read like
body text too.

The page is read once into *blocks*: runs of text between block-level tags (a <p>, a list item,
a heading, the text of a <div> between its child blocks); text split by <br> stays one block and
is cut into paragraphs at the end. Each block knows the element that holds it and how much of
its text is link text. Then, as readability does, each paragraph-like block credits its holder
and, by half, the holder's parent; the best-credited element is the core of the body. A body is
often split over sibling blocks (sections, lists, subheadings, a second text <div>), so the core
grows to its neighbours, a level at a time, while they hold body-like text, and stops at link
lists and other page furniture. Known page furniture (comment threads, cookie notices, related
articles, share bars) is marked by its class or id, and hidden elements are passed over.

What real pages taught it beyond that (readability's saved test pages among them): an element
around an <article> that holds most of its text is not the body, the <article> is; a small
piece of furniture or a lone link inside the body (a related link, "Continue reading the main
story", a "Read more" toggle) does not end it, when enough body text follows; a block with a
box of related <article>s in it is still the body when most of its text is outside them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from ..regex_cache import compiled
from .text import clean

# never article text
# never article text: elements of these kinds are skipped by read_blocks with all they hold
NOISE_TAGS = frozenset(
    (
        "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "button", "select",
        "textarea", "input", "label", "nav", "aside", "footer", "figure", "figcaption", "picture", "video", "audio",
        "map", "dialog", "menu", "head", "title", "meta", "link", "-comment",
    )
)
# elements hidden or given a role outside the article, as a selector: read_blocks passes over
# each such element it reaches, with all it holds, as it does the tags above (_is_noise reads an
# element's attributes as lexbor matches them to this; a query for it costs lexbor a test of
# every element of the page for each of its eight parts). Not hidden for good: React's streamed
# server rendering (Next.js) sends a page's late parts, often the article, as <div hidden
# id="S:0">, which its script moves into place.
NOISE = (
    '[hidden]:not([id^="S:"]), [aria-hidden="true"], [style*="display:none" i], [style*="display: none" i], [role="navigation"], '
    '[role="complementary"], [role="contentinfo"], [role="banner"]'
)
# page furniture known by its class or id: removed whatever else it says
_FURNITURE = (
    "comment", "related", "disqus", "cookie", "consent", "gdpr", "outbrain", "taboola", "newsletter", "popup", "breadcrumb",
)
# furniture unless the same class or id also names the body ("article-share" stays, "share-bar" goes)
_MAYBE_FURNITURE = (
    "recommend", "share", "sharing", "social", "sidebar", "promo", "sponsor", "advert", "subscri", "signup",
    "sign-up", "banner", "trending", "popular", "most-read", "mostread", "footer", "masthead", "navbar", "menu", "toolbar",
    "byline", "author", "caption", "credit", "widget", "paywall", "login", "print", "rating", "pagination", "skip-link",
    "jump", "visually-hidden", "sr-only", "screen-reader", "offscreen", "modal",  # (an overlay may show the story itself)
    "gallery", "slideshow", "carousel",
)
_BODY_WORDS = ("article", "body", "content", "story", "entry", "main", "text", "post")
_NOT_FURNITURE = ("commentary", "shareholder", "embed")  # an embedded post or quote is content


_TOKENS = frozenset(("ad", "ads", "tags", "tag", "share", "meta", "nav", "date", "dateline", "hidden"))
# class names that hide an element in every CSS framework ("hidden" alone was weak furniture,
# which a body word beside it overrode: Postmedia's "article-block ... sign-in-group hidden"
# prompts to subscribe, inside the article)
_HIDDEN_TOKENS = frozenset(("hidden", "hide", "d-none", "is-hidden"))


def _grouped(words) -> re.Pattern[str]:
    """An alternation of words grouped by their first letter: Python's re tries every branch at
    every position, so 20 groups cost far less than 60 words (this runs on every element)."""
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=lambda w: (-len(w), w)):  # (a fixed order: the pattern is the cache's key)
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return compiled("|".join(f"{re.escape(k)}(?:{'|'.join(v)})" for k, v in groups.items()))


_STRONG_RX = _grouped(_FURNITURE)
_FURNITURE_ANY_RX = _grouped(_FURNITURE + _MAYBE_FURNITURE)
_WEAK_RX = _grouped(_MAYBE_FURNITURE)
_BODY_RX = _grouped(_BODY_WORDS)
# "imageEmbedCaption" is a caption all the same; "embed-wrapper--blocked js-embed-consent" is the
# consent box a site shows in place of an embed it has not loaded ("Show external content?")
_KEEP_WORDS_RX = compiled("|".join(w for w in _NOT_FURNITURE if w != "embed"))
# ("gallery-embed" is a gallery; the look-behinds come after the word, so that the engine looks
# for the word first instead of trying them at every position)
_EMBED_RX = compiled(r"embed(?<!gallery-embed)(?<!slideshow-embed)(?<!galleryembed)(?![\w-]*(?:caption|credit))")


def _kept_as_content(class_id: str) -> bool:
    """A name that keeps an element as content whatever furniture word it also has: commentary,
    a shareholder, an embedded post (not a gallery, nor the consent box a site shows in an
    embed's place). (Two searches and a substring test: one pattern with a look-ahead for
    "consent" cost 2 us a name.)"""
    return _KEEP_WORDS_RX.search(class_id) is not None or (
        "embed" in class_id and "consent" not in class_id and _EMBED_RX.search(class_id) is not None)


# any word that makes an element worth a closer look (furniture or a body hint)
_ANY_HINT_RX = _grouped(_FURNITURE + _MAYBE_FURNITURE + _BODY_WORDS + ("bodytext", "textbody", "news"))
_NEVER_FURNITURE = frozenset(("html", "body", "main", "article"))
# a heading of this many characters that ends as a sentence does is a paragraph set in a heading
# tag (a lead, a standfirst), not a title
HEADING_PARAGRAPH = 100
# furniture or a lone link of at most this many characters between two stretches of body text
# (a related link, a share bar, "Continue reading") does not end the body ...
INLINE_FURNITURE = 100
AFTER_GAP = 200  # ... when body text of at least this much follows it
# a box of furniture with few links of at most this many characters after the body's start (a
# blog's newsletter signup between its paragraphs, a photo's caption) does not end it either
INLINE_BOX = 300
# more short lines than this at the body's end are a list of its own, not labels left over
TAIL_LABELS = 15


def is_furniture(tag: str, class_id: str) -> bool:
    """Whether an element is page furniture by its class and id (lower case, space-joined)."""
    if tag in _NEVER_FURNITURE or _kept_as_content(class_id):
        return False
    if _STRONG_RX.search(class_id):
        return True
    weak = _WEAK_RX.search(class_id) is not None or not _TOKENS.isdisjoint(class_id.split())
    return weak and _BODY_RX.search(class_id) is None


# a class or id naming the article's text ("article-body", "story_content", "entry-content"),
# compared with "-" and "_" taken out
_BODY_HINT_RX = compiled(
    r"(?:article|story|post|entry|news|main|content)(?:body|text|txt|content|view)|bodytext|textbody|articlecont"
)
FURNITURE_MARK, BODY_MARK, STRONG_FURNITURE_MARK = 1, 2, 3
# elements that never hold a block of text: their class or id is not read
_NEVER_BLOCKS = frozenset(("img", "i", "input", "link", "button", "source", "use", "path", "meta", "br", "hr"))
_WRAPPER_TAGS = frozenset(("nav", "aside", "footer"))  # misused around an article at times
_HOLDS_ARTICLE = 'article, main, [itemprop="articleBody"], [itemtype*="Article"]'
# noise_marks' candidates: the wrappers and the elements named as the body (is_holder_candidate
# tells whether an element matches them by its attributes, its tag aside: a wrapper's)
HOLDER_CANDIDATES = f'{", ".join(sorted(_WRAPPER_TAGS))}, [itemprop="articleBody"]'


class Marks(dict):
    """{mem_id: mark} known before reading (a wrapper kept for holding an article, an element
    with itemprop="articleBody"), and `kept`, the wrappers kept. Given Marks, read_blocks reads
    the mark of an element by its class and id on reaching it: a third of the named elements
    are never reached (inside a <nav>, <svg> or <script>), and reading an element's attributes
    is its cost. (The elements are not picked out up front by a query for [class], [id]: that
    query walks the whole page, and costs more than reading the attributes of the reached
    elements that have neither.) It also passes over what NOISE names, but for a kept wrapper.
    An element marked BODY_MARK here (itemprop="articleBody") keeps that mark whatever its
    class says."""

    __slots__ = ("kept",)

    def __init__(self, fixed: dict[int, int] | None = None, kept: set[int] | None = None) -> None:
        super().__init__(fixed or {})
        self.kept: set[int] = kept or set()


def noise_marks(tree, candidates: list | None = None) -> Marks:
    """The marks read_blocks needs to pass over a page's noise and weigh its furniture. Nothing
    is removed: what NOISE names (hidden elements, navigation roles) read_blocks passes over as it
    reaches it, and furniture named by its class or id it marks then (a layout wrapper whose
    class says "sidebar" or "menu-type-dropdown" may hold the body too, which only the blocks'
    sizes tell). `candidates`: what tree.css(HOLDER_CANDIDATES) gives, when found already (by a
    PageIndex of the tree), an element at least once."""
    # a <nav>, <aside> or <footer> around an article is a misused tag, not page furniture:
    # kept, and weighed like furniture by the size of the body text it holds (marked, it is
    # read by read_blocks; any other is passed over with all it holds), even when hidden
    kept: set[int] = set()
    named: list = []
    for node in tree.css(HOLDER_CANDIDATES) if candidates is None else candidates:
        if node.tag in _WRAPPER_TAGS and node.css_first(_HOLDS_ARTICLE) is not None:
            kept.add(node.mem_id)
        if is_holder_candidate(node.attributes):  # (a wrapper's tag aside, what makes it a candidate)
            named.append(node)
    fixed: dict[int, int] = dict.fromkeys(kept, FURNITURE_MARK)
    for node in named:  # (one inside a hidden element is never reached)
        if node.tag not in _WRAPPER_TAGS or node.mem_id in kept:
            fixed[node.mem_id] = BODY_MARK
    return Marks(fixed, kept)


_NOISE_ROLES = frozenset(("navigation", "complementary", "contentinfo", "banner"))
# the attributes NOISE reads: an element without any is not noise (a set lookup, not _is_noise)
_NOISE_ATTRS = frozenset(("hidden", "aria-hidden", "role", "style"))


def is_holder_candidate(attrs: dict) -> bool:
    return attrs.get("itemprop") == "articleBody"


def _is_noise(attrs: dict) -> bool:
    """Whether an element's own attributes match NOISE, as lexbor matches it (aria-hidden and
    role case-sensitive, style ASCII case-blind; Node.css_matches would also say yes for an
    element with such a descendant)."""
    if "hidden" in attrs and not (attrs.get("id") or "").startswith("S:"):
        return True
    if attrs.get("aria-hidden") == "true" or attrs.get("role") in _NOISE_ROLES:
        return True
    style = attrs.get("style")
    if not style:
        return False
    low = style.lower()  # (no other letter lowers to one of "display:none")
    return "display:none" in low or "display: none" in low


def _new_name_mark(key: str, tag: str) -> int:
    """The mark of a class and id not judged yet (`key` as read_blocks makes it), kept."""
    if len(_CLASS_MARKS) > 50_000:  # a crawl of many sites: start over rather than grow without bound
        _CLASS_MARKS.clear()
    mark = _CLASS_MARKS[key] = _class_mark(tag, key.rstrip("\0").lower())
    return mark


# class and id -> mark (0: none), over the pages read by this process: a site repeats its names
# on every page and a page its own names many times, and the regexes cost 2 us a name
_CLASS_MARKS: dict[str, int] = {}


def _class_mark(tag: str, class_id: str) -> int:
    """The mark of an element by its class and id (lower case, space-joined); 0 for most.
    (is_furniture, then the strength of the furniture, each pattern searched once.)"""
    tokens = class_id.split()
    if "paywall" in tokens:
        # the bare name marks the text behind a paywall (Condé Nast gives it to each paragraph
        # after the first; "ArticlePage-content paywall"), not the paywall: that one is named
        # "paywall-modal", "paywall-bar", "c-paywall__text"
        tokens = [t for t in tokens if t != "paywall"]
        class_id = " ".join(tokens)
    if not _HIDDEN_TOKENS.isdisjoint(tokens) and tag not in _NEVER_FURNITURE:
        return STRONG_FURNITURE_MARK  # hidden by the site's style sheet: a reader never sees it
    if _ANY_HINT_RX.search(class_id) is None and _TOKENS.isdisjoint(tokens):
        return 0  # most elements
    # (most names that get here say "content", "post" or "main": one search tells no furniture word is in them)
    maybe = _FURNITURE_ANY_RX.search(class_id) is not None or not _TOKENS.isdisjoint(tokens)
    if maybe and tag not in _NEVER_FURNITURE and not _kept_as_content(class_id):
        if _STRONG_RX.search(class_id) is not None:
            # "comment-list" is furniture however long; "related-post" or "article-comments"
            # may be the body, and so may "post-body comments-closed" (a name of the body beside
            # a state); "user-post-box comment-box" is a comment whatever its other name says
            if _BODY_RX.search(class_id) is None or (
                    any(_STRONG_RX.search(t) is not None and _BODY_RX.search(t) is None for t in tokens)
                    and not _BODY_HINT_RX.search(class_id.replace("-", "").replace("_", ""))):
                return STRONG_FURNITURE_MARK
            return FURNITURE_MARK
        if (_WEAK_RX.search(class_id) is not None or not _TOKENS.isdisjoint(tokens)) and _BODY_RX.search(class_id) is None:
            return FURNITURE_MARK
    if _BODY_HINT_RX.search(class_id.replace("-", "").replace("_", "")):
        return BODY_MARK
    return 0


# elements that start a new block of text
BLOCK_TAGS = frozenset(
    [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "ul", "caption",
    ]
)
# elements that hold paragraphs (a block's text credits the nearest of these)
HOLDERS = frozenset(["article", "body", "center", "div", "form", "main", "section", "td", "blockquote", "dd"])
# parts of the page around the article: the body never grows into them
_PAGE_PARTS = frozenset(("header", "footer", "nav", "aside", "menu"))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_SECTION_HEADINGS = _HEADINGS - {"h1"}
_SENTENCE_END = compiled(r"[.!?。\"”’)다요]\s*$")
_BR_SPLIT = compiled(r"\n\s*\n")
_CELLS = frozenset(("td", "th"))
# the tags read_blocks tests one by one (every other tag passes a single test)
_SPECIAL_TAGS = NOISE_TAGS | {"-text", "br"}


class Page:
    """The blocks of one page and the element tree above them (only block-level elements)."""

    __slots__ = ("articles", "body_hints", "first", "furniture", "furniture_names", "last", "links", "owner", "parent",
                 "tag", "texts")

    def __init__(self) -> None:
        self.parent: list[int] = []  # element -> parent element (-1 for the root)
        self.tag: list[str] = []
        self.first: list[int] = []  # element -> its first block, and one past its last
        self.last: list[int] = []
        self.texts: list[str] = []  # block -> raw text ("\n" where a <br> was)
        self.links: list[int] = []  # block -> characters of link text
        self.owner: list[int] = []  # block -> the innermost element holding it
        self.furniture: list[int] = []  # elements named as page furniture by their class or id (-e: a strong name)
        self.furniture_names: list[str] = []  # ... and the class of each ("" where noise_marks marked it)
        self.body_hints: list[int] = []  # elements named as the article's text by their class or id
        self.articles: list[int] = []  # <article> elements


def read_blocks(root, marks: dict[int, int] | None = None) -> Page:
    """One pass over the tree under `root`: its blocks in document order (elements marked by
    noise_marks start a block and are listed in Page.furniture or Page.body_hints; given
    noise_marks' Marks, what NOISE names is passed over, as the tags of NOISE_TAGS always are)."""
    fixed = marks if marks is not None else {}
    lazy = isinstance(marks, Marks)
    any_marks = bool(fixed) or lazy
    kept = marks.kept if isinstance(marks, Marks) else set()
    noise_attrs = _NOISE_ATTRS
    special = _SPECIAL_TAGS
    block_tags = BLOCK_TAGS
    attrs: dict = {}
    class_marks = _CLASS_MARKS
    pg = Page()
    parent, tags, first, last = pg.parent, pg.tag, pg.first, pg.last
    texts = pg.texts
    buf: list[str] = []
    link_chars = 0
    in_link = 0
    cur = 0
    parent.append(-1)
    tags.append(root.tag)
    first.append(0)
    last.append(0)
    # The walk goes from node to node by first_child / next (a generator of an element's
    # children costs ten times a step), keeping the elements it is inside with what to do on
    # leaving each: >= 0 close that element's block, -1 end a link, None nothing. (The loop's
    # body is written for the most common nodes first: it runs for every node of the page, and
    # each test costs.)
    inside: list = []
    push, pop = inside.append, inside.pop
    node = root.first_child
    while True:
        if node is None:
            if not inside:
                break
            up, leave = pop()
            node = up.next
            if leave is None:
                continue
            if leave == -1:
                in_link -= 1
                continue
            if buf:
                _end_block(pg, buf, link_chars, cur)
                buf = []
                link_chars = 0
            last[leave] = len(texts)
            cur = parent[leave]
            continue
        t = node.text_content  # (None but for a text node: most nodes are text, told by one call)
        if t is not None:
            if t and (buf or not t.isspace()):
                buf.append(t)
                if in_link:
                    link_chars += len(t.strip())
            node = node.next
            continue
        tag = node.tag
        if tag in special:  # (an empty text node, a tag of NOISE_TAGS, a <br>: one test for the others)
            if tag == "-text":
                node = node.next  # (a text node without data)
                continue
            if tag in NOISE_TAGS and not (tag in _WRAPPER_TAGS and fixed and node.mem_id in fixed) \
                    and not (tag == "figure" and _holds_table(node)):
                node = node.next  # (a nav, aside or footer kept by noise_marks holds an article: read)
                continue
        if lazy and not noise_attrs.isdisjoint(attrs := node.attributes) and _is_noise(attrs) \
                and node.mem_id not in kept:
            node = node.next  # hidden, or a role outside the article: passed over with all it holds
            continue
        if tag == "br":
            buf.append("\n\n" if buf and buf[-1].endswith("\n") else "\n")
            node = node.next
            continue
        mark = None
        name = ""
        if any_marks:
            mark = fixed.get(node.mem_id) if fixed else None
            # the mark by class and id, each name judged once a process (_CLASS_MARKS); one
            # marked BODY_MARK by noise_marks (itemprop="articleBody") keeps it (attrs: this
            # element's, read above for the noise check wherever there are Marks)
            if lazy and ("class" in attrs or "id" in attrs) and tag not in _NEVER_BLOCKS and mark != BODY_MARK:
                key = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
                if tag in _NEVER_FURNITURE:
                    key += "\0"  # (is_furniture reads the tag only for these)
                by_name = class_marks.get(key)
                if by_name is None:
                    by_name = _new_name_mark(key, tag)
                if by_name:  # (most names: 0)
                    if by_name != BODY_MARK and attrs.get("id") and _id_is_heading(node, attrs):
                        # an id made from the element's own heading ("sharing-with-a-single-developer",
                        # as Sphinx and Markdown write them) names its content, not its role: the
                        # class alone is read (a furniture mark means the tag is not one of
                        # _NEVER_FURNITURE, so its key has no "\0")
                        key = f"{attrs.get('class') or ''} "
                        by_name = class_marks.get(key)
                        if by_name is None:
                            by_name = _new_name_mark(key, tag)
                    if by_name in (FURNITURE_MARK, STRONG_FURNITURE_MARK) and tag not in block_tags and _in_code(node):
                        by_name = 0  # a syntax highlighter's token ("hljs-comment") in a code listing
                    if by_name:
                        mark = by_name
                        name = attrs.get("class") or ""
        if not mark:
            if tag not in block_tags:
                if tag == "a":
                    in_link += 1
                    push((node, -1))
                else:
                    push((node, None))
                node = node.first_child
                continue
        elif mark in (FURNITURE_MARK, STRONG_FURNITURE_MARK):
            pg.furniture.append(len(parent) if mark == FURNITURE_MARK else -len(parent))
            pg.furniture_names.append(name)
        elif mark == BODY_MARK:
            pg.body_hints.append(len(parent))
        if buf:
            _end_block(pg, buf, link_chars, cur)
            buf = []
            link_chars = 0
        idx = len(parent)
        if tag == "article":
            pg.articles.append(idx)
        parent.append(cur)
        tags.append(tag)
        first.append(len(texts))
        last.append(0)
        cur = idx
        push((node, idx))
        node = node.first_child
    # leaving the root
    if buf:
        _end_block(pg, buf, link_chars, cur)
    last[0] = len(texts)
    return pg


def _holds_table(node) -> bool:
    """Whether a <figure> holds a <table> as a child of its own: a table of figures set in a
    figure, as WordPress's table block and CKEditor write one (<figure class="wp-block-table">
    <table>...), is the article's text, not an illustration."""
    child = node.first_child
    while child is not None:
        if child.tag == "table":
            return True
        child = child.next
    return False


def _in_code(node) -> bool:
    """Whether an inline element is part of a code listing (inside a <pre> or <code>, a few
    levels up): its class names a token of the code's syntax ("hljs-comment", "token comment"),
    not a part of the page."""
    up = node.parent
    for _ in range(4):
        if up is None:
            return False
        if up.tag in ("pre", "code"):
            return True
        up = up.parent
    return False


_NOT_SLUG = compiled(r"[^0-9a-z]+")


def _id_is_heading(node, attrs: dict) -> bool:
    """Whether the element's id is the text of the heading that opens it, made into a slug
    (lower case, words joined by "-"). Only the element's first few children are looked at:
    a search of its subtree would cost a hostile page of nested elements its size squared."""
    heading = node.first_child
    for _ in range(4):  # past white space and a comment or an anchor before the heading
        if heading is None or heading.tag in _HEADINGS:
            break
        heading = heading.next
    if heading is None or heading.tag not in _HEADINGS:
        return False
    slug = _NOT_SLUG.sub("-", heading.text().lower()).strip("-")
    return bool(slug) and slug == _NOT_SLUG.sub("-", (attrs.get("id") or "").lower()).strip("-")


def _end_block(pg: Page, buf: list[str], link_chars: int, owner: int) -> None:
    """The text gathered since the last block boundary becomes a block of element `owner`
    (nothing when it is only white space)."""
    t = "".join(buf)
    if not t.isspace():
        pg.texts.append(t)
        pg.links.append(link_chars)
        pg.owner.append(owner)


def paragraphs_of(text: str) -> list[str]:
    """A block's paragraphs: cut at blank lines (<br><br>), and at a single <br> where the line
    before ends a sentence; a <br> inside a sentence is a space."""
    if "\n" not in text:  # one line (most blocks): the loop below would give just this
        line = clean(text)
        return [line] if line else []
    out: list[str] = []
    for chunk in _BR_SPLIT.split(text):
        lines = [c for c in (clean(x) for x in chunk.split("\n")) if c]
        para: list[str] = []
        for line in lines:
            para.append(line)
            if _SENTENCE_END.search(line):
                out.append(" ".join(para))
                para = []
        if para:
            out.append(" ".join(para))
    return out


def body_blocks(root, marks: dict[int, int] | None = None, title: str = "") -> list[str]:
    """The paragraphs of the article body under `root` (usually the page's <body>), in order;
    [] when nothing reads like a body. `marks`: from noise_marks; the text of furniture is
    left out unless one holds much of the page, an element named as the body is preferred.
    `title`: the page's title (its og:title or headline), when known: of two <article>s each
    with its headline, the one headed by it is the page's."""
    pg = read_blocks(root, marks)
    n = len(pg.texts)
    if not n:
        return []
    texts = pg.texts
    # (the figures of every block and element come from comprehensions and accumulate(), not
    # from Python loops: a page has hundreds to thousands of each)
    sizes = [len(t) - t.count(" ") - t.count("\n") for t in texts]  # characters but spaces and line breaks
    raw_size = [0, *accumulate(sizes)]  # sizes before furniture is left out, as prefix sums
    raw_links = [0, *accumulate(pg.links)]  # ... and their link text
    links = pg.links
    good = [0.0] * n  # how much a block reads like body text
    owner, parent, tags = pg.owner, pg.parent, pg.tag
    for i in [i for i, size in enumerate(sizes) if size >= 30]:  # (a shorter one is never long enough)
        size = sizes[i]
        ld = links[i] / size
        # a heading titles text, it is not text (unless it is a whole sentence or more)
        if ld < 0.35 and (size >= 70 or _SENTENCE_END.search(texts[i])) and (
                tags[owner[i]] not in _HEADINGS or size >= HEADING_PARAGRAPH and _SENTENCE_END.search(texts[i])):
            good[i] = size * (1.0 - ld)
    if pg.furniture:
        sizes, links, good = _drop_furniture(pg, sizes, links, good, raw_size)
    n_el = len(parent)

    def holder(e: int) -> int:
        while e > 0 and tags[e] not in HOLDERS:
            e = parent[e]
        return e

    score = [0.0] * n_el
    for i in [i for i, g in enumerate(good) if g]:
        h = holder(owner[i])
        score[h] += good[i]
        if h > 0 and tags[h] != "article":  # an <article>'s text is its own, not its parent's
            score[holder(parent[h])] += good[i] / 2
    if not any(score):
        return []
    # prefix sums (accumulate adds in a loop's order: the same floats to the bit)
    prefix_size = [0, *accumulate(sizes)]
    prefix_link = [0, *accumulate(links)]
    prefix_good = [0.0, *accumulate(good)]
    # counts of link-only blocks (a title linking elsewhere) and of body-like blocks
    prefix_linky = [0, *accumulate([0 < s <= k * 1.25 for s, k in zip(sizes, links)])]
    prefix_goods = [0, *accumulate([g > 0 for g in good])]
    # counts of blocks in table cells, and in headings
    prefix_cell = [0, *accumulate([tags[o] in _CELLS for o in owner])]
    prefix_headings = [0, *accumulate([tags[o] in _HEADINGS for o in owner])]
    # characters of the headings of sections (not the page's <h1>, nor a linked title: a teaser's)
    prefix_head = [0, *accumulate([s if not g and 2 * k < s and tags[owner[i]] in _SECTION_HEADINGS else 0
                                   for i, (s, k, g) in enumerate(zip(sizes, links, good))])]
    first, last = pg.first, pg.last

    def teaser_list(a: int, b: int) -> bool:
        """Blocks a..b are a list of teasers: three or more linked titles, each with at most a
        one-line blurb (a listicle's linked headings come with paragraphs of their own)."""
        titles, blurbs = prefix_linky[b] - prefix_linky[a], prefix_goods[b] - prefix_goods[a]
        if titles < 3 or titles < 0.6 * blurbs:
            return False
        return blurbs == 0 or (prefix_good[b] - prefix_good[a]) / blurbs < 160

    def stats(a: int, b: int) -> tuple[int, int, float]:
        return prefix_size[b] - prefix_size[a], prefix_link[b] - prefix_link[a], prefix_good[b] - prefix_good[a]

    for e in pg.body_hints:
        score[e] += 0.5 * stats(first[e], last[e])[2]
    # an <article> inside another is a teaser or a comment (HTML's own meaning of nesting)
    in_article = bytearray(n_el)  # the element is, or is inside, an <article>
    nested = bytearray(n_el)  # ... inside an <article> nested in another
    for e in range(1, n_el if pg.articles else 1):  # parents come before their children (no <article>: none is)
        up = parent[e]
        nested[e] = nested[up] or (tags[e] == "article" and in_article[up])
        in_article[e] = in_article[up] or tags[e] == "article"
    # prefer the element whose own text is least link text
    best, best_score = 0, -1.0
    scored: list[tuple[float, int]] = []
    for e in [e for e, sc in enumerate(score) if sc > 0]:
        size, link, _ = stats(first[e], last[e])
        s = score[e] * (1.0 - (link / size if size else 0.0)) * (0.5 if nested[e] else 1.0)
        if s > best_score:
            best, best_score = e, s
        scored.append((s, e))
    # elements are numbered in document order, each after its parent: an element's subtree is
    # the run from it to end_of[e], and its children are found by jumping over their subtrees
    end_of = list(range(n_el))
    for e in range(n_el - 1, 0, -1):
        if end_of[e] > end_of[parent[e]]:
            end_of[parent[e]] = end_of[e]

    def articles_in(e: int) -> list[int]:
        """The <article>s inside element `e`, in order (found by bisection: pg.articles is in
        document order, and e's subtree is the run of elements e + 1 .. end_of[e])."""
        return pg.articles[bisect_right(pg.articles, e) : bisect_right(pg.articles, end_of[e])]

    # the page's one <main> (HTML's mark of its main content) holds the body: a best holder
    # outside it (a banner of shipping notices in a dozen languages, a footer's long blurb)
    # gives way to the best inside it, when that scores at least half as well (and the climb
    # below stops at a <main>: the body grows no further out). The one <main> is counted and
    # found by list methods, not a Python loop over every element
    m = tags.index("main", 1) if tags.count("main") == 1 and tags[0] != "main" else -1
    if m > 0 and not (m <= best <= end_of[m]) and not (best < m <= end_of[best]):
        inner = max(((s, e) for s, e in scored if m <= e <= end_of[m]), default=None)
        if inner is not None and inner[0] >= 0.5 * best_score:
            best_score, best = inner
    # the body set in sections, each with a holder of its own (a heading and a text block per
    # section, as page builders make them): three or more of the next best holders score near
    # the best one, and the body is the nearest element around the best that holds them
    near = [e for s, e in sorted(scored, reverse=True)[1:6] if s >= 0.75 * best_score]
    # ... or two others, apart from it (not its parent, credited with its text): three sections
    apart = [e for e in near if last[e] <= first[best] or last[best] <= first[e]]
    section = -1  # (then what reads as body text beside the body is weighed against one section)
    if len(near) >= 3 or len(apart) >= 2:
        held, need = (near, 3) if len(near) >= 3 else (apart, 2)
        up, own_article = parent[best], tags[best] == "article"
        while up > 0 and sum(first[up] <= first[e] and last[e] <= last[up] for e in held) < need:
            own_article = own_article or tags[up] == "article"
            up = parent[up]
        if up > 0 and not own_article:  # (holders in <article>s of their own: a list of teasers)
            best, section = up, best
    if pg.articles and tags[best] != "article":
        # an element around an <article> that holds most of its body text (a <main> named as the
        # content, with other stories beside the article): the article is the body, not a teaser
        best_good = stats(first[best], last[best])[2]
        top = max((a for a in articles_in(best) if not nested[a]), key=lambda a: stats(first[a], last[a])[2], default=-1)
        if top > 0 and stats(first[top], last[top])[2] >= 0.5 * best_good:
            best = top
    if title and len(pg.articles) > 1:
        best = _titled_article_best(pg, best, title, nested, end_of, score, stats)
    start, end = first[best], last[best]
    # elements that are or hold an <article>: another article, or a list of them
    has_article = bytearray(n_el)
    for a in pg.articles:
        while a >= 0 and not has_article[a]:
            has_article[a] = 1
            a = parent[a]
    # a body as linked as its core (a buying guide's picks, each with links to the shops): its
    # siblings as linked as the core, and a little more, read as body text too
    core_size, core_link, core_good = stats(start, end)
    if section >= 0:
        core_good = stats(first[section], last[section])[2]
    body_ld = max(0.25, min(0.4, (core_link / core_size if core_size else 0.0) + 0.15))

    def body_around_articles(e: int, g: float) -> bool:
        """Element `e` (not an <article>) holds articles but most of its body text is outside
        them: the body going on with a box of related stories in it (the teaser rule below
        drops the box). (Only the articles inside `e` are read: siblings with an article each
        cost one pass over the articles in all, not one each.)"""
        if tags[e] == "article":
            return False
        inner = 0.0
        covered = -1  # the end block of the last article counted: nested ones are not counted again
        for a in articles_in(e):
            if first[a] >= covered:
                inner += stats(first[a], last[a])[2]
                covered = last[a]
        return g - inner >= 0.5 * g > 0

    # six levels up at most; a wrapper around the body alone (a column, a row, a div of each, as
    # some sites stack them) is no level, but far above the core (past six of all kinds) the body
    # takes only what adds half as much again to it (its other sections, not a box beside it)
    cur = best
    # the body's semantic bounds: nothing outside the <main> that holds it is the page's main
    # content (follow, save and newsletter dialogs after it read as short sentences), and what
    # follows the <article> that holds it is the page's (an author's bio, a sign-up box,
    # teasers), though a lead or standfirst printed before the <article> is the story's
    article_ended = False
    _level = depth = 0
    while _level < 6:
        up = parent[cur]
        if up < 0 or tags[cur] == "main":
            break
        # the whole of an <article> (a story complete in itself): the body grows over its
        # parent's parts (a lead set just outside it) and no further up
        last_level = tags[cur] == "article" and not nested[cur] and (start, end) == (first[cur], last[cur])
        kids = []
        e = up + 1
        while e <= end_of[up]:
            kids.append(e)
            e = end_of[e] + 1
        units = _units(up, kids, first, last, owner)
        at = next((k for k, (_a, _b, el) in enumerate(units) if el == cur), -1)
        if at < 0:
            break
        new_start, new_end = start, end
        article_ended = article_ended or tags[cur] == "article"
        for step in ((-1,) if article_ended else (-1, 1)):  # (past the <article>: only what precedes it)
            k = at + step
            gap, since_gap = False, 0.0  # furniture or a lone link passed over since the last body text taken
            while 0 <= k < len(units):
                a, b, el = units[k]
                size, link, g = stats(a, b)
                if el >= 0 and (tags[el] in _PAGE_PARTS or has_article[el] and not body_around_articles(el, g)):
                    if step > 0 and g == 0 and tags[el] not in _PAGE_PARTS and tags[el] != "article":
                        # a box of teasers in <article>s after the body's start, without body
                        # text of its own ("More workflows" between two sections of a guide):
                        # passed over as a list of teasers is (the teaser rule below drops it)
                        gap, since_gap = True, 0.0
                        k += step
                        continue
                    break  # another article, a list of them, the page's header or footer
                if teaser_list(a, b):
                    # a box of related links set inside the body (dropped below): passed over as
                    # furniture is, the body going on only once body text follows it
                    gap, since_gap = True, 0.0
                    k += step
                    continue
                if raw_size[b] - raw_size[a] > 2 * size + 50:
                    raw = raw_size[b] - raw_size[a]
                    if size == 0 and (raw <= INLINE_FURNITURE
                                      or step > 0 and raw <= INLINE_BOX and raw_links[b] - raw_links[a] < 0.3 * raw):
                        # a related link or share bar set inside the body, or a signup box
                        # (not a menu: its text is links): passed over
                        gap, since_gap = True, 0.0
                        k += step
                        continue
                    break  # mostly furniture (a menu, share buttons): the body does not go on here
                if size == 0:
                    k += step
                    continue
                ld = link / size
                if g >= 0.5 * size and ld < body_ld and g >= min(200.0, 0.05 * core_good):
                    # body text: take it and the fillers passed on the way (past a gap, once
                    # AFTER_GAP of it has followed: a caption or an author's bio does not count)
                    since_gap += g
                    if not gap or since_gap >= AFTER_GAP:
                        if step < 0:
                            new_start = a
                        else:
                            new_end = b
                        gap = False
                elif ld <= 0.3 and size < 300:
                    pass  # a subheading, a short line: taken only if body text follows
                elif ld <= 0.3 and 2 * (prefix_cell[b] - prefix_cell[a]) >= b - a:
                    pass  # a table of figures (a comparison, specifications): the same
                elif size <= INLINE_FURNITURE or _SENTENCE_END.search(texts[b - 1]):
                    # a lone link ("Continue reading the main story"), or a paragraph (it ends as a
                    # sentence does) too thick with links to count as body text: the same
                    gap, since_gap = True, 0.0
                else:
                    break
                k += step
        grew = (new_start, new_end) != (start, end)
        if grew and depth >= 6 and stats(new_start, new_end)[2] < 1.5 * stats(start, end)[2]:
            break
        depth += 1
        start, end = new_start, new_end
        # text beside the body at this level, lone links (a "Read more" toggle) and labels (a
        # section's number or heading) aside; and the body's own heading, set above it in a
        # wrapper of its own (a page builder's "heading" widget over its "text" widget)
        others = n_others = link_others = heads = 0
        for a, b, el in units:
            if el == cur:
                continue
            size, link, _g = stats(a, b)
            if b <= start and prefix_head[b] - prefix_head[a] == size:
                continue
            if el >= 0 and tags[el] == "header" and b <= start and not _g and size < INLINE_BOX and (
                    prefix_head[b] > prefix_head[a] and all(tags[owner[i]] != "h1" for i in range(a, b))):
                continue  # the body's own <header> (a section's title and its labels) set above it
            if size >= 30 and not (size <= INLINE_FURNITURE and link >= 0.8 * size):
                others += size
                n_others += 1
                link_others += link
                heads += prefix_headings[b] - prefix_headings[a]
        # ... but one short box of plain text beside it inside the <article> or <main> (a pull
        # quote, a callout, a signature: under 5% of the body, no heading, few links) is the
        # body's own: the climb goes on past it
        aside = (n_others == 1 and others < 0.05 * stats(start, end)[2] and not heads
                 and link_others < 0.3 * others and (in_article[up] or m > 0 and m <= up <= end_of[m]))
        if not grew and others > 0 and not aside or last_level:
            break
        if len(units) > 1:
            _level += 1
        cur = up
    keep = bytearray(b"\x01") * n
    # an <article> inside the body that is not the body's own: a teaser of another article
    contains_best = [first[a] <= first[best] and last[best] <= last[a] for a in pg.articles]
    teasers = [a for a, c in zip(pg.articles, contains_best) if not c and start <= first[a] and last[a] <= end]
    if teasers:
        # ... unless the body is set in <article>s (a guide's listicle items, a paper's abstract
        # and main text): those that read as sections, with two or more paragraphs of body text
        # or one without a linked title (a teaser is a linked title and a blurb), are the body's
        # own when they hold at least as much body text as the body has outside its <article>s
        outside, covered = stats(start, end)[2], -1
        for a in teasers:
            if first[a] >= covered:  # (one inside another counted in it)
                outside -= stats(first[a], last[a])[2]
                covered = last[a]

        def untitled(a: int) -> int:
            """The first body-like block of <article> `a`: a teaser has a linked title above it
            (a link after it, "Book now", "Read the review", is the section's own)."""
            return bisect_right(prefix_goods, prefix_goods[first[a]], first[a], last[a] + 1) - 1

        sections = {a for a in teasers if (prefix_goods[last[a]] - prefix_goods[first[a]] >= 2 or (
            prefix_goods[last[a]] - prefix_goods[first[a]] == 1 and prefix_linky[untitled(a)] == prefix_linky[first[a]]))}
        if sections and sum(stats(first[a], last[a])[2] for a in sections) >= outside:
            teasers = [a for a in teasers if a not in sections]
    if teasers:
        teaser_good = sum(stats(first[a], last[a])[2] for a in teasers)
        if stats(start, end)[2] - teaser_good >= 100:  # body text remains without them
            for a in teasers:
                keep[first[a] : last[a]] = bytes(last[a] - first[a])
    # a list of teasers inside the body (a gallery of other stories, "most popular"); with
    # fewer than three linked titles in the body there is none
    for e in range(1, n_el if prefix_linky[end] - prefix_linky[start] >= 3 else 1):
        a, b = first[e], last[e]
        inside = start <= a < b <= end and not (a <= first[best] and last[best] <= b)  # not the core nor above it
        if inside and keep[a] and teaser_list(a, b):
            keep[a:b] = bytes(b - a)
    kept: list[int] = []
    for i in range(start, end):
        size = sizes[i]
        if not size or not keep[i]:
            continue
        link = links[i]
        if link > 0.5 * size and (size - link < 20 or link > 0.85 * size):
            continue  # a link, a list of links (a list item with a linked lead and its text stays)
        if tags[owner[i]] == "h1":
            continue  # the headline: the Article's title
        kept.append(i)
    # the body neither starts with a byline or date line nor ends with a heading or a label
    while kept and not good[kept[0]] and (tags[owner[kept[0]]] in _HEADINGS or (
            sizes[kept[0]] < 60 and not _SENTENCE_END.search(texts[kept[0]]))):
        kept.pop(0)  # a byline, a date, the headline or its subtitle over the body
    # (a table's cells are its figures, not labels: a body that ends with a table keeps it)
    tail = len(kept)
    while tail and not good[kept[tail - 1]] and (tags[owner[kept[tail - 1]]] in _HEADINGS or (
            sizes[kept[tail - 1]] < 60 and not _SENTENCE_END.search(texts[kept[tail - 1]])
            and tags[owner[kept[tail - 1]]] not in _CELLS)):
        tail -= 1
    if len(kept) - tail > TAIL_LABELS:
        # a long run of short lines: the body's own list (names, each under its heading), not
        # a label left at its end; only a heading that closes it goes
        tail = len(kept)
        while tail and not good[kept[tail - 1]] and tags[owner[kept[tail - 1]]] in _HEADINGS:
            tail -= 1
    del kept[tail:]
    out: list[str] = []
    for i in kept:
        out.extend(paragraphs_of(texts[i]))
    return out


_NOT_WORD = compiled(r"\W+")


def _titled_article_best(pg: Page, best: int, title: str, nested, end_of: list[int], score: list[float], stats) -> int:
    """The body's core when the page carries a second story under its own (a site that loads
    the next article as the reader scrolls, saved with it): `best` lies in an <article> headed
    by an <h1> that is not the page's title, and another <article> is headed by the title. The
    core is then the best-scored element of the titled one (its <article> when none scores).
    `best` otherwise."""
    key = _NOT_WORD.sub(" ", title).strip().casefold()
    if not key:
        return best
    tags, owner, first, last = pg.tag, pg.owner, pg.first, pg.last

    def headed_by_title(a: int) -> bool | None:
        """Whether <article> `a` has an <h1> of the title (None: it has no <h1>)."""
        found = None
        for i in range(first[a], last[a]):
            if tags[owner[i]] == "h1":
                if _NOT_WORD.sub(" ", pg.texts[i]).strip().casefold() == key:
                    return True
                found = False
        return found

    tops = [a for a in pg.articles if not nested[a]]
    home = next((a for a in tops if a <= best <= end_of[a]), -1)
    if home < 0 or headed_by_title(home) is not False:
        return best
    titled = next((a for a in tops if a != home and headed_by_title(a)), -1)
    if titled < 0:
        return best
    top, top_score = titled, 0.0
    for e in range(titled, end_of[titled] + 1):  # (the titled article's subtree)
        if score[e] > 0:
            size, link, _ = stats(first[e], last[e])
            s = score[e] * (1.0 - (link / size if size else 0.0))
            if s > top_score:
                top, top_score = e, s
    return top


def _drop_furniture(pg: Page, sizes: list[int], links: list[int], good: list[float],
                    raw_size: list[int]) -> tuple[list[int], list[int], list[float]]:
    """The blocks' figures with those of page furniture zeroed. A comment thread or cookie
    notice (a strong name) goes unless it is most of the page; a weaker name ("sidebar",
    "related-articles", "box article modal-enabled") goes unless it holds half the page's body
    text, alone or with the other parts of its class: then it is a layout wrapper around the
    body. `raw_size`: the prefix sums of `sizes`
    (furniture nests: a slice summed for each would cost its length each time)."""
    n = len(sizes)
    dropped = bytearray(n)
    total = raw_size[n]
    # an <article> holding half the page's body text is the article, whatever the name of a
    # wrapper around it says (a newsletter's issue in a "newsletter" section)
    all_good = [0.0, *accumulate(good)]
    main_articles = [(pg.first[a], pg.last[a]) for a in pg.articles
                     if all_good[pg.last[a]] - all_good[pg.first[a]] >= 0.5 * all_good[n] > 0]
    for e in pg.furniture:
        if e < 0:
            a, b = pg.first[-e], pg.last[-e]
            if raw_size[b] - raw_size[a] <= 0.6 * total and not any(a <= x and y <= b for x, y in main_articles):
                dropped[a:b] = b"\x01" * (b - a)
    # the body text left before each block, as prefix sums: what a weak element holds is a
    # difference of two (furniture nests: a slice summed for each would cost a page of nested
    # furniture its size squared), and the last is the page's
    left = [0.0, *accumulate(0.0 if d else g for g, d in zip(good, dropped))]
    good_total = left[n]
    weak = [(e, name) for e, name in zip(pg.furniture, pg.furniture_names) if e > 0]
    inside = {e: left[pg.last[e]] - left[pg.first[e]] for e, _name in weak}
    # a body set in parts that share a class (Politico's "sidebar-grid" sections, each with a
    # column of ads beside its paragraphs; a page builder's "elementor-widget-container"s): the
    # parts together are the layout around the body. A part that says what another said (a
    # consent box put in place of each embed) counts once: furniture repeated is not a body.
    by_name: dict[str, float] = {}
    name_end: dict[str, int] = {}
    seen: dict[str, set[tuple[int, int, str]]] = {}
    for e, name in weak:
        a, b = pg.first[e], pg.last[e]
        if name and a >= name_end.get(name, 0):  # (one inside another of its name: counted in it)
            # what a part says, told apart in constant time (a page of nested parts must not
            # cost its size squared): its blocks, its characters, its first block
            said = (b - a, raw_size[b] - raw_size[a], pg.texts[a] if a < b else "")
            said_before = seen.setdefault(name, set())
            by_name[name] = by_name.get(name, 0.0) + (0.0 if said in said_before else inside[e])
            said_before.add(said)
            name_end[name] = b
    for e, name in weak:
        a, b = pg.first[e], pg.last[e]
        if good_total:
            drop = inside[e] < 0.5 * good_total and not (name and by_name[name] >= 0.5 * good_total)
        else:
            drop = raw_size[b] - raw_size[a] <= 0.3 * total
        if drop:
            dropped[a:b] = b"\x01" * (b - a)
    if not any(dropped):
        return sizes, links, good
    keep = [not d for d in dropped]
    return (
        [x if k else 0 for x, k in zip(sizes, keep)],
        [x if k else 0 for x, k in zip(links, keep)],
        [x if k else 0.0 for x, k in zip(good, keep)],
    )


def _units(up: int, kids: list[int], first: list[int], last: list[int], owner: list[int]) -> list[tuple[int, int, int]]:
    """The parts of element `up` in order, as (first block, end block, element): each child
    element, and each block of `up`'s own text between them (element -1)."""
    units: list[tuple[int, int, int]] = []
    pos = first[up]
    for k in kids:
        while pos < first[k]:
            if owner[pos] == up:
                units.append((pos, pos + 1, -1))
            pos += 1
        units.append((first[k], last[k], k))
        pos = max(pos, last[k])
    while pos < last[up]:
        if owner[pos] == up:
            units.append((pos, pos + 1, -1))
        pos += 1
    return units

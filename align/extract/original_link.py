"""The link from an English page to its Korean original, found without a recipe.

    from align.extract.original_link import find_original
    found = find_original(tree, page_url)      # OriginalLink(url, reason, score) or None
    found.reason                               # why this link: for debugging a crawl

Evidence, strongest first:

1. `<link rel="alternate" hreflang="ko">` (or an `<a hreflang="ko">`) to an article page;
2. an anchor or button whose text, title, aria-label, image alt or `data-` attributes say
   "original Korean article", "Korean version", "Read in Korean", `원문 보기`, `한국어 기사`...;
3. a language switch ("한국어", "Korean") or an element named "original" (class, id) whose
   target is an article page of the same publisher's Korean site;
4. the one link to an article page of the same publisher's Korean site (english.X -> www.X,
   en.X -> X, X-english -> X, www.X/en/... -> www.X/...), when there is exactly one.

What is never an original: a link to the page itself, a link to a home page or a section front
(a site-wide language switch to the Korean home page), javascript: and fragment links.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..regex_cache import compiled
from .meta import PageIndex
from .text import KO_MIN_HANGUL, hangul_ratio

__all__ = ["OriginalLink", "candidates", "find_original", "is_home", "looks_like_article", "publisher_key"]

# Bounds what one hostile page (50,000 links) may cost; real article pages have a few hundred.
MAX_ANCHORS = 20_000
MAX_LABEL = 160  # longer "labels" are blocks of text, not buttons

# "the original Korean article", "Korean original", "Read (it) in Korean", "Korean version",
# "원문 보기", "한국어 기사", "한글 기사", "국문 기사", "기사 원문"
_STRONG = compiled(
    r"original\s+(?:in\s+)?korean|korean[\s-]+(?:language\s+)?original|"
    r"korean\s+(?:version|edition|article|text|story|page)|"
    r"read\s+(?:it\s+|this\s+|the\s+(?:story|article)\s+)?in\s+korean|"
    r"(?:view|see|read)\s+(?:the\s+)?korean|"
    r"원문|한국어\s*(?:기사|판|버전|로\s*(?:보기|읽기))|한글\s*(?:기사|판|버전|로\s*(?:보기|읽기))|국문\s*(?:기사|판|보기)",
    re.IGNORECASE,
)
# a label that names the Korean language itself (not only "원문", the original)
_NAMES_KOREAN = compiled(r"korean|한국어|한글|국문", re.IGNORECASE)
# "View original article": original, but of what? Only when the target is Korean.
_ORIGINAL = compiled(r"\boriginal\s+(?:article|story|text|version|post)\b|\boriginal\b", re.IGNORECASE)
# a language switch's label: the whole text is the name of the language
_LANG_LABEL = compiled(r"^(?:한국어|한글|국문|korean|kor|ko|kr)$", re.IGNORECASE)
# class / id names of the element that holds the link to the original: btn-original, link_orgn
_NAMED_ORIGINAL = compiled(r"orig(?:inal|in)?|orgn|korean|kor[-_]", re.IGNORECASE)
_HREFLANG_KO = compiled(r"^ko(?:[-_](?:kr|hang|kore))?$", re.IGNORECASE)

_JS_URL = compiled(r"""(?:location(?:\.href)?\s*=|window\.open\s*\(|location\.(?:assign|replace)\s*\()\s*['"]([^'"]+)['"]""")
_DATA_URL_ATTRS = ("data-href", "data-url", "data-link", "data-original-url", "data-target-url")
_HANGUL = compiled("[\uac00-\ud7a3]")
_OTHER_TARGETS = frozenset((*_DATA_URL_ATTRS, "onclick", "hreflang"))

# host labels that name an edition or a device, not the publisher
_EDITION_LABELS = {"www", "m", "mobile", "en", "eng", "english", "m-en", "en-m", "ko", "kr", "kor", "korean", "news", "amp"}
_ENGLISH_LABELS = {"en", "eng", "english", "m-en", "en-m"}
_ENGLISH_PATH = compiled(r"^/(?:en|eng|english)(?:[/_-]|$)", re.IGNORECASE)
_SECOND_LEVEL = {"co", "or", "ne", "go", "ac", "re", "pe", "com", "net", "org"}  # co.kr, com.au ...
_KOREAN_PORTALS = ("naver.com", "daum.net", "nate.com")
_KOREAN_ENDINGS = (".kr", *_KOREAN_PORTALS)

# an article's path: a run of 5+ digits (752831, 20240611, AKR20160917021800007), a long
# hex/uuid-like slug id, or an id in the query (idxno=1234, artid=...)
_ARTICLE_PATH = compiled(r"\d{5,}|/[A-Z0-9]{20,}/?$|\d{4}/\d{2}/\d{2}/[^/]{6,}|/(?!(?:19|20)\d\d(?:/|$))\d{3,}(?:\.\w+)?/?$")
# utility pages that carry an article's id but are not the article: print, share, mail, comments
_UTILITY_PATH = compiled(r"/(?:print|popup|share|sendmail|mail|login|subscribe|comments?|search|tags?|rss)(?:[/._?=-]|$)", re.IGNORECASE)
# the host labels of a publisher's main (Korean) site, before its domain name
_MAIN_LABELS = {"", "www", "m", "mobile", "news", "ko", "kr", "kor", "korean"}
# a home page: nothing, or only a language or edition folder
_HOME_PATH = compiled(r"^/?(?:(?:ko|kr|kor|korean|en|eng|english|m|mobile|index\.\w+|main)/?)?$", re.IGNORECASE)
_ARTICLE_QUERY = compiled(r"(?:^|&)[A-Za-z_]*(?:id|no|idx|seq|key)[A-Za-z_]*=[A-Za-z]*\d{3,}", re.IGNORECASE)


@dataclass(frozen=True)
class OriginalLink:
    """A link to the Korean original: the absolute URL (not yet canonical), why it was chosen,
    and how strong that evidence is (higher is stronger; see `candidates`)."""

    url: str
    reason: str
    score: int


@functools.lru_cache(maxsize=4096)
def publisher_key(host: str) -> str:
    """The publisher part of a host, the same for its Korean and English sites:
    english.hani.co.kr, www.hani.co.kr -> hani; en.yna.co.kr -> yna; m-en.yna.co.kr -> yna;
    hankyoreh-english.com -> hankyoreh."""
    labels = [x for x in host.lower().rstrip(".").split(".") if x]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        core = labels[:-2]
    elif len(labels) >= 2:
        core = labels[:-1]
    else:
        core = labels
    core = [x for x in core if x not in _EDITION_LABELS] or core[-1:]
    name = core[-1] if core else ""
    return re.sub(r"^(?:english|eng|en)-|-(?:english|eng|en)$", "", name)


@functools.lru_cache(maxsize=4096)
def _is_english_host(host: str) -> bool:
    labels = host.lower().split(".")
    return any(x in _ENGLISH_LABELS for x in labels[:-1]) or bool(re.search(r"-(?:english|eng)\b", host.lower()))


@functools.lru_cache(maxsize=65536)
def _split(url: str) -> tuple[str, str, str]:
    """(lower-case host, path, query) of an absolute http(s) URL, without urllib's checks (this
    runs for every link of every page)."""
    rest = url.split("://", 1)[1] if "://" in url else url.lstrip("/")
    cut = len(rest)
    for ch in "/?#":
        i = rest.find(ch)
        if 0 <= i < cut:
            cut = i
    netloc, tail = rest[:cut], rest[cut:]
    host = netloc.rsplit("@", 1)[-1]
    host = host.split("]")[0].lstrip("[") if host.startswith("[") else host.split(":")[0]
    tail = tail.split("#", 1)[0]
    path, _, query = tail.partition("?")
    return host.lower().rstrip("."), path or "/", query


def looks_like_article(url: str) -> bool:
    """An article page, not a home page or a section front: an id in the path or the query."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    path = parts.path or "/"
    if path.strip("/") == "" and not parts.query or _UTILITY_PATH.search(path):
        return False
    return bool(_ARTICLE_PATH.search(path) or _ARTICLE_QUERY.search(parts.query))


def is_home(url: str) -> bool:
    """A home page (`/`, `/ko/`, `/index.html`) without an article id in its query."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return True
    return bool(_HOME_PATH.match(parts.path or "/")) and not _ARTICLE_QUERY.search(parts.query)


def _same_page(a: str, b: str) -> bool:
    """Two URLs of one page: host without www./m., path without a trailing slash or index file."""
    def norm(u: str) -> tuple[str, str, str]:
        try:
            p = urlsplit(u)
        except ValueError:
            return ("", u, "")
        host = re.sub(r"^(?:www|m)\.", "", (p.hostname or "").lower())
        path = re.sub(r"/(?:index\.\w+)?$", "", p.path or "")
        return host, path, p.query
    return norm(a) == norm(b)


def _korean_side(url: str, page_url: str | None) -> bool:
    """`url` is on the same publisher's Korean site: a sibling host (english.X -> www.X) or the
    same host without the English path prefix (www.X/en/... -> www.X/...)."""
    if not page_url:
        return False
    (th, tpath, _), (ph, ppath, _) = _split(url), _split(page_url)
    if not th or not ph or publisher_key(th) != publisher_key(ph):
        return False
    if th != ph:
        return not _is_english_host(th)
    return bool(_ENGLISH_PATH.match(ppath)) and not _ENGLISH_PATH.match(tpath)


def _is_main_korean_site(url: str, page_url: str | None) -> bool:
    """The bare-link rule's target: the page is on a site marked English (english.X, en.X,
    X-english, www.X/en/) and the link goes to the publisher's main site (www.X, m.X, X), not to
    its forums, shop or subscription pages."""
    if not page_url or not _korean_side(url, page_url):
        return False
    phost, ppath, _ = _split(page_url)
    if not (_is_english_host(phost) or _ENGLISH_PATH.match(ppath)):
        return False
    host = _split(url)[0]
    key = publisher_key(host)
    labels = host.split(".")
    i = next((j for j, x in enumerate(labels) if re.sub(r"^(?:english|eng|en)-|-(?:english|eng|en)$", "", x) == key), None)
    return i is not None and all(x in _MAIN_LABELS for x in labels[:i])


def _korean_target(url: str, page_url: str | None) -> bool:
    """A URL that plausibly serves Korean text: the publisher's Korean site, a .kr host that is
    not an English host, or a Korean portal."""
    if _korean_side(url, page_url):
        return True
    host = _split(url)[0]
    if _is_english_host(host):
        return False
    return host.endswith(_KOREAN_ENDINGS)


def _is_language_name(label: str) -> bool:
    """The label of a language switch: only the language's name, perhaps twice ("한국어 Korean")."""
    words = label.split()
    return bool(words) and len(words) <= 3 and all(_LANG_LABEL.match(w) for w in words)


def _targets(attrs: dict) -> list[str]:
    out = []
    href = (attrs.get("href") or "").strip()
    if href:
        m = _JS_URL.search(href) if href[:11].lower().startswith("javascript:") else None
        out.append(m.group(1) if m else href)
    if _OTHER_TARGETS.isdisjoint(attrs):
        return out
    for name in _DATA_URL_ATTRS:
        if value := (attrs.get(name) or "").strip():
            out.append(value)
    if (onclick := attrs.get("onclick")) and (m := _JS_URL.search(onclick)):
        out.append(m.group(1))
    return out


def _korean_hint(markup: str) -> bool:
    """"Korean" in any case, or Hangul, in an element's markup. (str.lower maps only A-Z and the
    Kelvin sign to these letters, as re.IGNORECASE does; an ASCII string, told at no cost, holds
    no Hangul: 3x faster than one case-blind regex.)"""
    return "korean" in markup.lower() or (not markup.isascii() and _HANGUL.search(markup) is not None)


def _may_hold_label_words(markup: str) -> bool:
    """Whether an element's markup may hold a label that the label rules of `candidates` read:
    "Korean" or Hangul (_STRONG), "original" (_ORIGINAL), a language's name (_LANG_LABEL: all
    hold "ko" or "kr" or Hangul). The markup holds the label's text and attribute values as the
    DOM has them (entities decoded), so an ASCII markup without these letters gives a label that
    no rule matches; its label, which costs five times this test, is not read. (Non-ASCII markup
    is read: re.IGNORECASE matches "İ", "ſ" and the Kelvin sign with ASCII letters.)"""
    if not markup.isascii():
        return True
    low = markup.lower()
    return "ko" in low or "kr" in low or "original" in low


def _label(node) -> str:
    """What a reader or a screen reader is told about a link: its text, title, aria-label,
    its images' alt text, and its data- attributes' values."""
    attrs = node.attributes
    parts = [node.text(deep=True, separator=" ")]
    for name in ("title", "aria-label", "alt", "value"):
        if value := attrs.get(name):
            parts.append(value)
    parts += [v for k, v in attrs.items() if k.startswith("data-") and v and k not in _DATA_URL_ATTRS]
    for img in node.css("img[alt]"):
        parts.append(img.attributes.get("alt") or "")
    return " ".join(p for p in parts if p).strip()


def _names(node) -> str:
    """class and id of the link and of its parent (a button's link sits in <p class="btn-original">)."""
    out = []
    for n in (node, node.parent):
        if n is not None:
            attrs = n.attributes
            out += [attrs.get("class") or "", attrs.get("id") or ""]
    return " ".join(out)


def _usable(raw: str, page_url: str | None) -> str | None:
    raw = raw.strip()
    if not raw or raw.startswith("#") or raw.lower().startswith(("javascript:", "mailto:", "tel:", "data:")):
        return None
    low = raw[:8].lower()
    if low.startswith(("http://", "https://")):
        return raw
    if raw.startswith("//"):
        return "https:" + raw
    if not page_url or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", raw):
        return None  # relative to nothing, or another scheme (ftp:, whatsapp:, ...)
    if raw.startswith("/"):
        head = page_url.split("://", 1)
        return f"{head[0]}://{head[1].split('/', 1)[0]}{raw}" if len(head) == 2 else None
    url = urljoin(page_url, raw)
    return url if re.match(r"^https?://", url, re.IGNORECASE) else None


@functools.lru_cache(maxsize=16384)
def _kinds(th: str, t_en: bool, ph: str, p_en: bool) -> tuple[bool, bool]:
    """(on the page's English site, plausibly Korean) for a link to host `th` from a page on
    host `ph`; `t_en` / `p_en`: their paths start with an English folder (/en/). The same
    answers as _english_side and _korean_target, computed once per host pair."""
    target, page = f"https://{th}/{'en/' if t_en else ''}", f"https://{ph}/{'en/' if p_en else ''}"
    return _english_side(target, page), _korean_target(target, page)


def _english_side(url: str, page_url: str | None) -> bool:
    """`url` is on the English site the page belongs to (a related story, a section of it)."""
    if not page_url:
        return False
    th, ph = _split(url)[0], _split(page_url)[0]
    if th == ph:
        return not _korean_side(url, page_url)
    return publisher_key(th) == publisher_key(ph) and _is_english_host(th)


_LINKS = "link[hreflang][href], a[href], a[hreflang], [data-href], [data-url], [data-link], [onclick]"
_OTHER_LINKS = "link[hreflang][href], a[href^='javascript'], a[hreflang], [data-href], [data-url], [data-link], [onclick]"


def _link_selector(page_url: str | None, own: tuple[str, ...] | None) -> str:
    """Every element that may carry a link; with the page's own site known, the parser leaves out
    relative links and absolute ones to its host (most of a page's links; checked again after)."""
    host = _split(page_url)[0] if page_url and own is not None else ""
    if not re.fullmatch(r"[a-z0-9.-]+", host):
        return _LINKS
    return (f"a[href^='http']:not([href^='https://{host}/']):not([href^='http://{host}/']), "
            f"a[href^='HTTP'], a[href^='//']:not([href^='//{host}/']), {_OTHER_LINKS}")


def _own_site(page_url: str | None) -> tuple[str, ...] | None:
    """Prefixes of links that stay on the page's own site (relative links aside): such links are
    most of a page's and never its original, so they are passed over before anything is read
    about them. None where editions share a host (www.X/en/...) or the page's address is
    unknown: then every link is read."""
    host, path, _ = _split(page_url) if page_url else ("", "", "")
    if not host or _ENGLISH_PATH.match(path):
        return None
    return tuple(f"{p}{host}{end}" for p in ("https://", "http://", "//") for end in ("/", "?", "#"))


def _stays(raw: str, own: tuple[str, ...]) -> bool:
    """A link target on the page's own site: relative, or absolute to its host."""
    raw = raw.lstrip()
    if raw.startswith(own):
        return True
    return not raw[:11].lower().startswith(("http:", "https:", "//", "javascript:"))


def candidates(tree, page_url: str | None, self_urls: tuple[str, ...] = ()) -> list[OriginalLink]:
    """Every link on the page that may be the Korean original, with its reason and score,
    strongest first (document order among equals). Rejected links are left out."""
    selves = tuple(u for u in (page_url, *self_urls) if u)
    found: list[OriginalLink] = []
    seen: set[tuple[str, str]] = set()

    def add(url: str | None, score: int, reason: str, declared: bool = False) -> None:
        if url is None or any(_same_page(url, s) for s in selves):
            return  # no target, or the page itself
        if is_home(url) if declared else not looks_like_article(url):
            return  # a home page or section front: a language switch, not an original
        if (url, reason) not in seen:
            seen.add((url, reason))
            found.append(OriginalLink(url, reason, score))

    bare: set[str] = set()
    own = _own_site(page_url)
    page_host, page_path, _ = _split(page_url) if page_url else ("", "/", "")
    page_en = bool(_ENGLISH_PATH.match(page_path))
    page_key = publisher_key(page_host) if page_url else ""
    # a Korean portal's page (Naver, Daum) has a "기사원문" button on every article it hosts, to
    # the publisher's own copy, in the article's language: on an English article (JoongAng Daily,
    # Korea Herald, Yonhap English on Naver) it is no Korean original
    portal = page_host.endswith(_KOREAN_PORTALS)
    nodes = tree.css(_link_selector(page_url, own))  # one pass over the tree for every kind of link
    for node in nodes[:MAX_ANCHORS]:
        attrs = node.attributes
        if node.tag == "link":
            if "alternate" in (attrs.get("rel") or "").lower() and _HREFLANG_KO.match(attrs.get("hreflang") or ""):
                add(_usable(attrs.get("href") or "", page_url), 100, 'hreflang="ko" alternate', declared=True)
            continue
        href = (attrs.get("href") or "").strip()
        if own is not None and href[:8].lower().startswith(("http://", "https://")) and _OTHER_TARGETS.isdisjoint(attrs):
            # most links: one absolute href and nothing else (what the general case below gives)
            if href.startswith(own):
                continue
            urls = [href]
        else:
            raws = _targets(attrs)
            if own is not None and "hreflang" not in attrs:
                raws = [r for r in raws if not _stays(r, own)]  # links within the page's own site
            urls = [u for t in raws if (u := _usable(t, page_url))]
        if not urls:
            continue
        label = None
        hreflang = _HREFLANG_KO.match(attrs.get("hreflang") or "")
        hinted = None
        for url in urls:
            if page_url:
                th, tpath, _ = _split(url)
                if publisher_key(th) != page_key and not th.endswith(_KOREAN_ENDINGS):
                    # another publisher's site, not a Korean one (most links that leave the page's
                    # site): what _kinds gives, without a cache entry for each pair of hosts
                    english = korean = False
                else:
                    english, korean = _kinds(th, bool(_ENGLISH_PATH.match(tpath)), page_host, page_en)
            else:
                english, korean = False, _korean_target(url, None)
            if english:
                continue  # a related story or a section of the English site itself
            if not korean and not hreflang:
                # to a site that is not Korean, only a label saying "Korean" / in Korean can make
                # it the original: look at the element's markup before reading its label
                if hinted is None:
                    hinted = _korean_hint(node.html or "")
                if not hinted:
                    continue
            if label is None:  # read only for links that leave the English site: most do not
                label = _label(node) if _may_hold_label_words(node.html or "") else ""
                if len(label) > MAX_LABEL:
                    label = ""  # a block with an onclick, not a button: its text says nothing about the link
            if hreflang:
                add(url, 95, 'anchor with hreflang="ko"', declared=True)
            elif _STRONG.search(label) and (korean or not portal or _NAMES_KOREAN.search(label)):
                add(url, 90, f"link text says Korean original: {label[:60]!r}")
            elif korean and _ORIGINAL.search(label):
                add(url, 80, f"link text says original, target is Korean: {label[:60]!r}")
            elif korean and _is_language_name(label):
                add(url, 70, f"language switch to an article page: {label[:30]!r}")
            elif korean and _NAMED_ORIGINAL.search(names := _names(node)):
                add(url, 70, f"element named original: {names.strip()[:60]!r}")
            elif _is_main_korean_site(url, page_url) and looks_like_article(url):
                bare.add(url)
    # a bare link to the Korean site counts only when it is the one article page linked there
    bare = {u for u in bare if not any(_same_page(u, s) for s in selves)}
    if len(bare) == 1:
        add(next(iter(bare)), 40, "the only link to an article page of the publisher's Korean site")
    found.sort(key=lambda c: -c.score)
    return found


def find_original(tree, page_url: str | None, index: PageIndex | None = None) -> OriginalLink | None:
    """The link to the Korean original of this (English) page, or None when it names none.

    `tree` is a selectolax tree of the whole page (read it before boilerplate is removed: the
    button to the original often sits in a header or a <button>); `page_url` resolves relative
    links and tells the page itself and the publisher's Korean site apart; `index`: the tree's
    PageIndex, made here when not given.
    """
    index = index if index is not None else PageIndex(tree)
    if index.title is not None and hangul_ratio(index.title.text()) >= KO_MIN_HANGUL:
        return None  # a Korean page: it is the original, it names none
    selves = []
    for value in index.declared_links():
        if value:
            selves.append(urljoin(page_url, value) if page_url else value)
    found = candidates(tree, page_url or (selves[0] if selves else None), tuple(selves))
    return found[0] if found else None

"""The article text a page carries in its scripts rather than in its HTML: JSON-LD
`articleBody`, and the state a JavaScript front end hydrates from (Next.js `__NEXT_DATA__` and
its streamed `self.__next_f.push(...)` payloads, Arc's `Fusion.globalContent`, Nuxt's
`window.__NUXT__`, `window.__INITIAL_STATE__` and the like).

Nothing here knows a framework's schema: every JSON value found in the page's scripts is walked,
and the candidate bodies are (a) long strings (plain text, or HTML with paragraph tags) and
(b) lists of items each carrying a text field (`content_elements: [{"type": "text",
"content": ...}, ...]`), joined. The candidate with the most letters wins; HTML goes through the
same block extractor as the page itself.

Where the HTML has a body but shows only part of the story, the JSON-LD completes it: a
paywall's teaser gives way to the declared articleBody (fuller_declared_body), and a live blog's
introduction is followed by the updates it declares (live_blog_updates).
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from typing import Any

from ..regex_cache import compiled
from .text import clean

MIN_CHARS = 200
_JSON_START = compiled(r"(?:=|\.push\(|JSON\.parse\(|\()\s*([\[{\"])")
_TAG = compiled(r"<(?:p|br|div|h[1-6]|li|blockquote)\b", re.IGNORECASE)
_ANY_TAG = compiled(r"<[^>]{0,400}>")
_LETTER = compiled(r"[^\W\d_]")
_SPACES = compiled(r"\s+")
_TEXT_KEYS = ("content", "text", "html", "body", "value", "paragraph", "articleBody")
_MAX_DECODES = 40  # JSON values tried a script: enough for real pages, bounded on hostile ones
_MAX_SCRIPT = 5_000_000  # characters of one script read (a real page's state is far less)
_MAX_VALUES = 200_000  # JSON values walked a script
_MAX_ITEMS = 2_000  # items of one list joined into a candidate body
_MAX_BODY = 300_000  # characters of a candidate that count


def _json_values(script: str, whole: bool) -> list[Any]:
    """The JSON values in one script: the whole text for a JSON script, else each value that
    follows an assignment or a call (`x = {...}`, `push([...])`, `JSON.parse("...")`)."""
    decoder = json.JSONDecoder()
    if whole:
        try:
            return [json.loads(script)]
        except (ValueError, RecursionError):  # RecursionError: hostile nesting
            return []
    out: list[Any] = []
    for m in _JSON_START.finditer(script):
        if len(out) >= _MAX_DECODES:
            break
        try:
            value, _end = decoder.raw_decode(script, m.start(1))
        except (ValueError, RecursionError):
            continue
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError, RecursionError):  # JSON.parse("{...}"): the state as a string
                value = json.loads(value)
        out.append(value)
    return out


def _letters(text: str) -> int:
    text = text[:_MAX_BODY]
    return len(_LETTER.findall(_ANY_TAG.sub(" ", text))) if len(text) >= MIN_CHARS else 0


def _candidates(value: Any) -> list[str]:
    """Long strings and joined lists of text items anywhere in a JSON value."""
    out: list[str] = []
    stack = [value]
    walked = 0
    while stack and walked < _MAX_VALUES:
        walked += 1
        v = stack.pop()
        if isinstance(v, str):
            if len(v) >= MIN_CHARS:
                out.append(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
            parts = []
            for item in v[:_MAX_ITEMS]:
                if isinstance(item, dict):
                    for key in _TEXT_KEYS:
                        if isinstance(item.get(key), str):
                            parts.append(item[key])
                            break
            if len(parts) >= 2:
                joined = "\n\n".join(p if _TAG.search(p) else f"<p>{p}</p>" for p in parts)
                if len(joined) >= MIN_CHARS:
                    out.append(joined)
    return out


def embedded_body(html: str, tree: Any = None) -> list[str]:
    """The paragraphs of the longest article-like text in the page's scripts ([] if none).
    `tree`: the page's selectolax tree with its scripts, when the caller parsed it already."""
    if tree is None:
        from selectolax.lexbor import LexborHTMLParser

        tree = LexborHTMLParser(html)
    best, best_letters = "", 0
    for node in tree.css("script"):
        attrs = node.attributes
        if attrs.get("src"):
            continue
        kind = (attrs.get("type") or "").lower()
        if kind and "json" not in kind and "javascript" not in kind:
            continue
        text = node.text(deep=True) or ""
        if not MIN_CHARS <= len(text) <= _MAX_SCRIPT:
            continue
        for value in _json_values(text, whole="json" in kind):
            for cand in _candidates(value):
                n = _letters(cand)
                if n > best_letters and _looks_like_prose(cand):
                    best, best_letters = cand, n
    if best_letters < MIN_CHARS // 2:
        return []
    return paragraphs_of_text(best[:_MAX_BODY])


def _looks_like_prose(text: str) -> bool:
    """Text with sentences, not code, a URL list or base64: mostly letters and spaces."""
    plain = _ANY_TAG.sub(" ", text)
    sample = plain[:4000]
    letters = len(_LETTER.findall(sample))
    return letters >= 0.5 * len(sample) and (" " in sample) and sample.count("{") < 5


def paragraphs_of_text(text: str) -> list[str]:
    """The paragraphs of an embedded text: HTML read as the page's blocks are, plain text cut
    at its line breaks."""
    if _TAG.search(text):
        from selectolax.lexbor import LexborHTMLParser

        from .body import body_blocks, noise_marks

        tree = LexborHTMLParser(f"<html><body><div>{text}</div></body></html>")
        marks = noise_marks(tree)
        return body_blocks(tree.body, marks) if tree.body is not None else []
    if "&" in text:  # (JSON-LD's text often keeps the page's entities: "Meghan Markle&#39;s")
        text = html.unescape(text)
    return [p for p in (clean(x) for x in re.split(r"\n\s*\n|\r?\n", text)) if p]


def _flat(text: str) -> str:
    """Text as compared with other text: white space runs as one space, lower case."""
    return _SPACES.sub(" ", text).lower()


def _opening(paragraph: str) -> str:
    """A paragraph's first 40 characters, flat: what tells it is shown in another text."""
    return _flat(paragraph[:40])


# the page's declared articleBody replaces the body read from its HTML when it is at least this
# many times as long and holds what the HTML showed: the HTML is a teaser (a paywall's first
# paragraphs; the rest sent only in the JSON-LD, for search engines)
FULLER_DECLARED = 2.0


def fuller_declared_body(ld: dict, paragraphs: list[str]) -> list[str] | None:
    """The paragraphs of the JSON-LD articleBody (`ld`: the page's article object) when the HTML
    showed only the start of it: FULLER_DECLARED times as long as the body read, and holding (by
    their openings) paragraphs that make up at least half of it. None otherwise."""
    declared = ld.get("articleBody")
    if not isinstance(declared, str) or not paragraphs:
        return None
    shown = sum(len(p) for p in paragraphs)
    if len(declared) < FULLER_DECLARED * shown:
        return None
    flat = _flat(declared)
    found = sum(len(p) for p in paragraphs if _opening(p) in flat)
    if found < 0.5 * shown:
        return None
    fuller = paragraphs_of_text(declared)
    return fuller if sum(len(p) for p in fuller) >= FULLER_DECLARED * shown else None


def live_blog_updates(scripts: list, shown: list[str]) -> list[str]:
    """The updates of a live blog that the page declares in its JSON-LD (a LiveBlogPosting's
    liveBlogUpdate: each a headline and a text, newest first as the page lists them), when its
    HTML shows none of them (by their openings): the page sends only the blog's
    introduction and fills in the updates with a script. Their paragraphs, each update's
    headline first; [] otherwise. `scripts`: the page's JSON-LD <script>s; `shown`: the
    paragraphs read from the HTML."""
    updates: list[tuple[str, str]] = []
    for node in scripts:
        raw = node.text(deep=True) or ""
        if "liveBlogUpdate" not in raw:
            continue
        with contextlib.suppress(ValueError, RecursionError):
            data = json.loads(raw)
            for obj in data if isinstance(data, list) else [data]:
                items = obj.get("liveBlogUpdate") if isinstance(obj, dict) else None
                for item in items if isinstance(items, list) else []:
                    body = item.get("articleBody") if isinstance(item, dict) else None
                    if isinstance(body, str) and body.strip():
                        headline = item.get("headline")
                        updates.append((headline if isinstance(headline, str) else "", body))
    if not updates:  # (most pages)
        return []
    flat = " ".join(_flat(p) for p in shown)
    out: list[str] = []
    for headline, body in updates:
        paragraphs = paragraphs_of_text(body)
        if paragraphs and _opening(paragraphs[0]) in flat:
            return []  # the HTML shows the updates (some or all): read from it
        out += [*paragraphs_of_text(headline)[:1], *paragraphs]
    return out

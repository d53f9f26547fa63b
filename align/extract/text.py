"""Text of HTML nodes, cleaned, and the language of a text."""

from __future__ import annotations

import unicodedata

from ..lang import EN_MAX_HANGUL, HANGUL, KO_MIN_HANGUL, detect_lang, hangul_ratio  # noqa: F401 (re-exported)
from ..regex_cache import compiled

_WS = compiled(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
ZERO_WIDTH = compiled(r"[\u200b-\u200d\u2060\ufeff]")
_BLANK_LINES = compiled(r"\n\s*\n")


def clean(text: str) -> str:
    """NFC, zero-width characters removed, runs of white space (incl. no-break) as one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if ZERO_WIDTH.search(text):
            text = ZERO_WIDTH.sub("", text)
    # str.split() splits at every Unicode white space (\n, no-break and ideographic spaces too)
    return " ".join(text.split())


def node_paragraphs(node) -> list[str]:
    """The paragraphs of one node: its text, split where <br><br> (a blank line) separates
    paragraphs, a single <br> read as a space."""
    for br in node.css("br"):
        br.replace_with("\n")
    raw = node.text(deep=True, separator="", strip=False)
    return [p for p in (clean(b) for b in _BLANK_LINES.split(raw)) if p]

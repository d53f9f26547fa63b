"""Text of HTML nodes, cleaned, and the language of a text."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_BLANK_LINES = re.compile(r"\n\s*\n")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LETTER = re.compile(r"[^\W\d_]")

# Share of letters that are Hangul: a Korean article is far above, an English one far below.
KO_MIN_HANGUL = 0.3
EN_MAX_HANGUL = 0.05


def clean(text: str) -> str:
    """NFC, zero-width characters removed, runs of white space (incl. no-break) as one space."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    return _WS.sub(" ", text.replace("\n", " ")).strip()


def node_paragraphs(node) -> list[str]:
    """The paragraphs of one node: its text, split where <br><br> (a blank line) separates
    paragraphs, a single <br> read as a space."""
    for br in node.css("br"):
        br.replace_with("\n")
    raw = node.text(deep=True, separator="", strip=False)
    return [p for p in (clean(b) for b in _BLANK_LINES.split(raw)) if p]


def hangul_ratio(text: str) -> float:
    """Share of letters that are Hangul (0 for text without letters)."""
    letters = len(_LETTER.findall(text))
    return len(_HANGUL.findall(text)) / letters if letters else 0.0


def detect_lang(text: str) -> str | None:
    """'ko', 'en', or None when the text is mixed or has no letters."""
    if not _LETTER.search(text):
        return None
    r = hangul_ratio(text)
    if r >= KO_MIN_HANGUL:
        return "ko"
    if r <= EN_MAX_HANGUL:
        return "en"
    return None

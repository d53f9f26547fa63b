"""Which language a text is in, from its script: the one place that decides what counts as
Hangul and where Korean ends and English begins (extraction, readers, filter, reports, and
the aligner's note on sides given in the wrong language)."""

from __future__ import annotations

from .regex_cache import compiled

# Hangul syllables, conjoining jamo (and extensions A/B), compatibility jamo, half-width jamo.
HANGUL = compiled(r"[\uac00-\ud7a3\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u3130-\u318f\uffa0-\uffdc]")
_LETTER = compiled(r"[^\W\d_]")

# Share of letters that are Hangul: a Korean article is far above, an English one far below.
KO_MIN_HANGUL = 0.3
EN_MAX_HANGUL = 0.05


def hangul_ratio(text: str) -> float:
    """Share of letters that are Hangul (0.0 for text without letters)."""
    if text.isascii() or HANGUL.search(text) is None:
        return 0.0  # what the share is, at once (an English body: no list of its letters made)
    letters = len(_LETTER.findall(text))
    return len(HANGUL.findall(text)) / letters if letters else 0.0


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


_NAMES = {"ko": "Korean", "en": "English"}


def mislabelled(text: str, declared: str) -> str | None:
    """The language `text` reads as when it is clearly not `declared` (Korean and English are
    told apart, on 10 letters or more; any other declared language is taken at its word), else
    None."""
    if declared not in _NAMES or len(_LETTER.findall(text)) < 10:
        return None  # a few letters say nothing about a language
    found = detect_lang(text)
    return _NAMES[found] if found and found != declared else None

"""A rule-based English sentence splitter tuned for news copy.

Chosen by measurement (scripts/bench_segment.py): pysbd keeps most traps whole but its time
grows faster than linearly with the text (hundreds of times slower on a 150k-character text);
nupunkt (Punkt) is fast but merges "said no. Dr. Kim" and splits after "Co." before a name.
News English has a small, closed set of traps (titles, month abbreviations, "No. 2", initials,
dotted acronyms), so a candidate-boundary regex plus those rules is fast and right on them.
Known limit: after a dotted acronym ("U.S.") a sentence end is recognised only when a common
opener follows ("The", "He", ...), so "in the U.S. Exports fell." stays one sentence.
"""

from __future__ import annotations

import re

# Always followed by a name: never a sentence end.
_TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "cmdr", "adm",
    "rep", "reps", "sen", "sens", "gov", "pres", "rev", "hon", "amb", "supt", "insp",
    "st", "mt", "ft", "messrs", "mmes", "fr", "sr", "jr",
}
# Not an end when a number follows ("Sept. 13", "No. 2", "p. 4", "Art. 3").
_BEFORE_NUMBER = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "nos", "p", "pp", "vol", "art", "fig", "ch", "sec", "op", "approx", "est",
}
# Usually mid-sentence, but can close one: an end only when a clear sentence opener follows.
_AMBIGUOUS = {"inc", "co", "corp", "ltd", "llc", "bros", "etc", "vs", "al", "dept", "univ", "assn", "govt"}
# Words that open sentences; after "U.S." or "Co." they mean the sentence ended.
_OPENERS = {
    "the", "a", "an", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i",
    "you", "his", "her", "its", "their", "our", "but", "and", "or", "so", "yet", "in", "on",
    "at", "for", "with", "as", "after", "before", "when", "while", "if", "however", "meanwhile",
    "there", "what", "why", "how", "who", "some", "many", "most", "such", "according", "since",
    "although", "though", "still", "also", "then", "last", "next", "earlier", "later", "now",
}

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace.
_CANDIDATE = re.compile(r"([.?!…]+)([\"'”’)\]]*)(\s+)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.\-]*)$")
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")  # U.S. / U.N. / a.m.


_NEXT_WORD = re.compile(r"[\"'“‘(\[]*([\w\-]+)")


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(1) if m else ""


def _is_boundary(text: str, start: int, punct: str, end: int) -> bool:
    nxt = text[end:end + 1]
    if not nxt:
        return False
    # The next sentence must open with a capital, digit or opening quote/bracket.
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘([" or not nxt.isascii()):
        return False
    if punct != ".":
        return True  # ? ! … and runs like ".." end sentences
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)  # a bounded look-back keeps it linear
    if not m:
        return True
    word = m.group(1)
    if "." in word and _DOTTED_ACRONYM.match(word + "."):
        return _next_word(text, end).lower() in _OPENERS
    bare = word.lower()
    if bare in _TITLES:
        return False
    if bare in _BEFORE_NUMBER and nxt.isdigit():
        return False
    if bare in _AMBIGUOUS:
        return _next_word(text, end).lower() in _OPENERS
    if len(word) == 1 and word.isupper():
        return False  # an initial: "N. Korea", "Kim J. Lee"
    return True


def split_english(text: str) -> list[str]:
    """Split one paragraph of English into sentences (whitespace-trimmed, none empty)."""
    text = text.strip()
    if not text:
        return []
    out: list[str] = []
    last = 0
    for m in _CANDIDATE.finditer(text):
        if _is_boundary(text, m.start(1), m.group(1), m.end(3)):
            piece = text[last:m.end(2)].strip()
            if piece:
                out.append(piece)
            last = m.end(3)
    tail = text[last:].strip()
    if tail:
        out.append(tail)
    return out

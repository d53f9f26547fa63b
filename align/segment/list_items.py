"""List items inside one paragraph of English: "1. Rates 2. Jobs", "a) ... b) ...", "(iii)", "• 9.".

A marker ("1.", "b)", "(iii)", "2.)") opens a list item when it starts the paragraph, follows a
bullet, or belongs to a run counted from one: the run's first marker ("1.", "a)", "(i)") opens a
clause (paragraph start, or after a sentence end or colon) and each later marker of the same kind
counts on by one ("2." after "1."). Requiring the run keeps numbers that end sentences whole: in
"His son was 4. His daughter was 5." neither number opens an item. A list item ends where the
next one begins, whether or not it has terminal punctuation.
"""

from __future__ import annotations

import re

from ..regex_cache import compiled

BULLETS = "•⁃◦▪▫‣●■►"
# Matched against " " + text: the leading character class lets the regex engine skip ahead fast
# (a look-behind at the start would make it try every position).
_MARKER = compiled(
    r"[\s" + BULLETS + r"]"  # after whitespace (or the paragraph start) or right after a bullet
    r"(\()?(\d{1,2}|[ivxIVX]{2,4}|[a-zA-Z])(\.\)|\)|\.)"
    r"(?=\s+[^\s\d])"  # then a word: "c. 1900" and "p. 55" are no items
)
_ANY_BULLET = compiled(r"[" + BULLETS + r"]")
_BULLET = compiled(r"\s[" + BULLETS + r"]")
_ROMAN = {"i": 1, "v": 5, "x": 10}
# Words after which a number is a number ("No. 2.", "Oct. 3.").
_NUMBER_WORDS = compiled(r"(?:\b(?:no|nos|n°|nº|p|pp|vol|art|fig|ch|sec|jan|feb|mar|apr|jun|jul|aug|"
                           r"sep|sept|oct|nov|dec)\.|[$€£₩¥#])\s*$", re.IGNORECASE)
_OPENS_CLAUSE = ".:;?!" + BULLETS


def _roman(s: str) -> int:
    """The value of a lower-case roman numeral of i, v, x; 0 when it is not a well-formed one."""
    total = 0
    for a, b in zip(s, s[1:] + " "):
        va, vb = _ROMAN[a], _ROMAN.get(b, 0)
        total += -va if va < vb else va
    # A well-formed numeral writes its value back the same way (rejects "iiv", "vx", ...).
    return total if 0 < total < 40 and _to_roman(total) == s else 0


def _to_roman(n: int) -> str:
    out = "x" * (n // 10)
    n %= 10
    return out + ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"][n]


def _kinds(token: str, style: str) -> list[tuple[str, int]]:
    """(family, value) readings of a marker's token: "3" is a number, "c" a letter, "iv" a roman
    numeral; "i" and "v" may be a letter or a numeral. Upper-case letters count only before ")":
    "E." is an initial."""
    if token.isdigit():
        return [("num" + style, int(token))]
    low = token.lower()
    upper = token.isupper()
    if upper and style == ".":
        return []
    kinds = []
    if len(token) == 1:
        kinds.append(("upper" if upper else "lower", ord(low) - 96))
    if set(low) <= set(_ROMAN):
        v = _roman(low)
        if v:
            kinds.append(("ROMAN" if upper else "roman", v))
    return [(family + style, v) for family, v in kinds]


def _opens_clause(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0:
        return True
    if text[j] in "\"'”’)]" and j > 0 and text[j - 1] in ".?!":
        return True
    return text[j] in _OPENS_CLAUSE or (j < pos - 1 and "\n" in text[j + 1:pos])


def list_item_cuts(text: str) -> tuple[list[int], set[int]]:
    """Where list items begin (cuts, paragraph start excluded) and where their markers end (no
    sentence ends right after "1." or "b)" there)."""
    items: list[tuple[int, int]] = []  # (where the item starts, where its marker ends)
    # Per list kind ("num.", "lower)", ...): the last value counted, and a first marker ("1." after
    # a colon) that counts as an item only once its "2." follows.
    running: dict[str, tuple[int, tuple[int, int] | None]] = {}
    for m in _MARKER.finditer(" " + text):
        paren, token, close = m.groups()
        if paren and close != ")":
            continue
        style = ("(" if paren else "") + close
        start = m.start()  # in text: the matched leading character is the one before
        before = start - 1
        while before >= 0 and text[before] == " " and start - before < 4:
            before -= 1
        bulleted = before >= 0 and text[before] in BULLETS  # "•9." or "• 9."
        item = (before if bulleted else start, m.end() - 1)
        kinds = _kinds(token, style)
        if not kinds:
            continue
        if token.isdigit() and _NUMBER_WORDS.search(text, max(0, start - 8), start):
            continue  # "No. 1." and "Oct. 2." are numbers
        is_item = bulleted or item[0] == 0
        for kind, value in kinds:
            last = running.get(kind)
            if last and last[0] == value - 1:
                if last[1]:
                    items.append(last[1])
                running[kind] = (value, None)
                is_item = True
            elif value == 1 and (is_item or kind in running or _opens_clause(text, item[0])):
                # A first item: at the start, after a sentence end or colon, or a new list of a
                # kind seen before; mid-paragraph it waits for its "2.".
                running[kind] = (1, None if is_item else item)
        if is_item:
            items.append(item)
    cuts = [start for start, _ in items if start > 0]
    if _ANY_BULLET.search(text):
        cuts += [b.start() + 1 for b in _BULLET.finditer(text)]
    return cuts, {end for _, end in items}

"""Numbers and dates as a translation keeps them: by value, whatever the script writes.

A Korean article writes 110 million as "1억1천만" and 350,000 as "35만"; its English edition
writes "110 million" and "350,000". Read digit by digit, the two share nothing ("1", "1" against
"110"), so anchors built on raw digits miss exactly the figures a translator is most careful
with. Here every number is read as its value, with the scale it is written in: the East Asian
units (만 / 万 = 10^4, 억 / 亿 = 10^8, 조 / 兆 = 10^12, with 천 / 千, 백 / 百 and 십 / 十 inside a
group), and the English, German and French scale words (thousand, million, Millionen,
milliard, billion, ...). A day with its month is one token whether written "3월 5일", "3月5日",
"March 5", "5. März" or "5 mars" ("date:3-5"); the month's digits are not read as a count.
"""

from __future__ import annotations

import math
import re

from .regex_cache import compiled

# a digit run with its separators: 1,000 / 1.000 / 3,5 (read by `_plain_value`)
_DIGITS = r"\d+(?:[.,]\d+)*"

# East Asian numbers: digit runs with units glued on (no space: "3만 명", "1억1천만", "27만5000")
_SMALL_UNITS = {"십": 10, "十": 10, "백": 100, "百": 100, "천": 1000, "千": 1000}
_BIG_UNITS = {"만": 10**4, "万": 10**4, "萬": 10**4, "억": 10**8, "亿": 10**8, "億": 10**8,
              "조": 10**12, "兆": 10**12}
_UNIT_CHARS = "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)
# 千 in 千米 / 千克 / 千瓦 is the metric kilo-: "3千米" is "3 km", not 3,000
_UNIT = rf"(?:[{_UNIT_CHARS.replace('千', '')}]|千(?![米克瓦]))"
_EAST_ASIAN = compiled(rf"(?:{_DIGITS}{_UNIT}+)+(?:{_DIGITS})?")
_EA_PART = compiled(rf"({_DIGITS})({_UNIT}*)")

# "110 million", "3.5 billion", "2 Millionen", "4 milliards"; a hyphen as in "5-million" too
_SCALE_WORDS = {
    "thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9,
    "trillion": 10**12, "millionen": 10**6, "milliard": 10**9, "milliards": 10**9,
    "milliarde": 10**9, "milliarden": 10**9, "mio": 10**6, "mrd": 10**9,
}
_SCALE_AFTER = compiled(rf"[\s\-]?({'|'.join(sorted(_SCALE_WORDS, key=len, reverse=True))})\b", re.I)

# English and German month names are capitalised, French ones are not: matched as written, so
# "may" the verb and "Mars" the planet are not months
_MONTH_NAMES = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
    "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
    "Januar": 1, "Februar": 2, "März": 3, "Mai": 5, "Juni": 6, "Juli": 7, "Oktober": 10,
    "Dezember": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}
_MONTH_ALT = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
# what may follow a number that is a day or a month: "3월 5일", "3月5日"; "5 March", "5. März"
_EA_MONTH_AFTER = compiled(r"\s?[월月](?:\s?([12]\d|3[01]|0?[1-9])\s?[일日号])?")
_MONTH_AFTER = compiled(rf"\.?\s?({_MONTH_ALT})\b")
# and what may come before a day: "March 5" (searched in the few characters before it)
_MONTH_BEFORE = compiled(rf"\b({_MONTH_ALT})\s$")
_ANY_DIGITS = compiled(_DIGITS)


def _plain_value(tok: str) -> float:
    # "1,000" and "1000" are one number; a comma or point followed by exactly three digits is a
    # thousands separator, anything else a decimal mark ("3,5" in German text)
    groups = re.split(r"[.,]", tok)
    if len(groups) == 1:
        return float(tok)
    if len(groups[0]) <= 3 and not groups[0].startswith("0") and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    # (every group is a run of decimal digits, which float() reads in any script)
    return float(f"{''.join(groups[:-1])}.{groups[-1]}")


def number_key(value: float) -> str:
    """One spelling per value: 1000.0 and 1e3 are "1000", 3.50 is "3.5"."""
    if not math.isfinite(value):
        return "inf"  # a run of hundreds of digits: no translation writes it otherwise
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _east_asian_value(text: str) -> float:
    total, group = 0.0, 0.0
    for digits, units in _EA_PART.findall(text):
        v = _plain_value(digits)
        for u in units:
            if u in _SMALL_UNITS:
                v *= _SMALL_UNITS[u]
            else:
                # a big unit scales everything since the last big unit ("3천500만")
                group += v
                total += group * _BIG_UNITS[u]
                group, v = 0.0, 0.0
        group += v
    return total + group


def _date(month: int, day: str) -> str:
    # a day with its month is a strong anchor ("date:7-24"); a month alone is not kept: one of
    # twelve values, it recurs through any dated text (on de-fr it drew a heading into the
    # next sentence's bead)
    return f"date:{month}-{int(day)}"


def number_tokens(text: str) -> set[str]:
    """Every number of a text by value ("1억1천만", "110 million" and "110,000,000" all give
    "110000000"), and every day of a month as "date:M-D"."""
    # one pass over the digit runs, each read with what stands right after (or before) it:
    # a handful of numbers a document, so this costs little more than finding them
    out: set[str] = set()
    pos = 0
    for m in _ANY_DIGITS.finditer(text):
        start, end = m.span()
        if start < pos:
            continue  # inside an expression already read ("1억1천만")
        digits = m.group()
        nxt = text[end : end + 1]
        e = _EAST_ASIAN.match(text, start) if nxt and nxt in _UNIT_CHARS else None
        if e:
            out.add(number_key(_east_asian_value(e.group())))
            pos = e.end()
            continue
        if len(digits) <= 2 and 1 <= int(digits) <= 12:
            e = _EA_MONTH_AFTER.match(text, end)
            if e:  # "9월" is September, not a count of nine
                if e.group(1):  # the day is also a number, as "11" in "September 11" is
                    out.add(_date(int(digits), e.group(1)))
                    out.add(str(int(e.group(1))))
                pos = e.end()
                continue
        v = _plain_value(digits)
        e = _SCALE_AFTER.match(text, end)
        if e:
            out.add(number_key(v * _SCALE_WORDS[e.group(1).lower()]))
            pos = e.end()
            continue
        out.add(number_key(v))
        if len(digits) <= 2 and 1 <= v <= 31:
            e = _MONTH_AFTER.match(text, end)
            month = e or _MONTH_BEFORE.search(text, max(0, start - 11), start)
            if month:
                out.add(_date(_MONTH_NAMES[month.group(1)], digits))
    return out

"""A rule-based English sentence splitter for news copy and the Pragmatic Segmenter's rules.

Chosen by measurement (scripts/bench_segment.py): pysbd keeps most traps whole but its time
grows faster than linearly with the text (hundreds of times slower on a 150k-character text);
nupunkt (Punkt) is fast but merges "said no. Dr. Kim" and splits after "Co." before a name.
So: one regex finds candidate ends (terminal punctuation, closing quotes/brackets, whitespace),
and a few rules on the words around each decide (titles, "No. 2", initials, dotted acronyms,
times, ellipses); list items ("1.", "b)", "(iii)", bullets) are found in a second pass
(list_items.py). Every look-around is bounded, so the time stays linear in the text.
Quotations are split inside, as UD English GUM's news annotates them (keeping a quotation the
sentence goes on after whole, as the Pragmatic Segmenter does, lost 3 of its 27 news paragraphs).
Known limit: after a dotted acronym ("U.S.") a sentence end is recognised only when a common
opener follows ("The", "He", ...), so "in the U.S. Exports fell." stays one sentence.
"""

from __future__ import annotations

from ..regex_cache import compiled
from .list_items import list_item_cuts

# Always followed by a name: never a sentence end.
_TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "cmdr", "adm",
    "rep", "reps", "sen", "sens", "gov", "pres", "rev", "hon", "amb", "supt", "insp",
    "st", "mt", "ft", "messrs", "mmes", "fr", "sr", "jr",
}
# Not an end when a number follows ("Sept. 13", "No. 2", "N°. 5", "p. 4", "Art. 3").
BEFORE_NUMBER = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "nos", "n°", "nº", "p", "pp", "vol", "art", "fig", "ch", "sec", "op", "approx", "est",
    "c", "ca",  # circa: "(c. 1818 - 1880)"
    "rs",  # rupees
}
# Usually mid-sentence, but can close one: an end only when a clear sentence opener follows.
_AMBIGUOUS = {
    "inc", "co", "corp", "ltd", "llc", "bros", "etc", "vs", "al", "dept", "univ", "assn", "govt",
    "assoc", "asst", "intl", "natl", "inst",
}
# Never the end of a sentence: what follows them is what they introduce.
_NEVER_END = {"e.g", "i.e", "cf", "viz"}
# Words that open sentences; after "U.S." or "Co." they mean the sentence ended.
_OPENERS = {
    "the", "a", "an", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i",
    "you", "his", "her", "its", "their", "our", "but", "and", "or", "so", "yet", "in", "on",
    "at", "for", "with", "as", "after", "before", "when", "while", "if", "however", "meanwhile",
    "there", "what", "why", "how", "who", "some", "many", "most", "such", "according", "since",
    "although", "though", "still", "also", "then", "last", "next", "earlier", "later", "now",
}
# Capitalised words that go on a sentence after "10 a.m." ("at 10 a.m. Monday", "9 p.m. EST").
_AFTER_TIME = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "est", "edt", "cst", "cdt", "pst", "pdt", "gmt", "utc", "kst",
    "et", "pt", "ct", "bst", "cet", "jst",
}
# A sentence opened by one of these ("At 5 a.m. Mr. Smith left") has its subject after the time.
_LEADING_PREPOSITIONS = {
    "at", "by", "around", "about", "until", "till", "from", "after", "before", "since", "on", "in",
    "during", "early", "late",
}
# Dotted abbreviations that follow a number ("6 p.m.", "753 B.C."); they end sentences like words.
_AFTER_NUMBER = {"a.m", "p.m", "b.c", "a.d", "c.e", "b.c.e"}
# Units after a number: "2 lb. 4 oz." goes on, "The shelf is 3 ft. Tom measured it." ends.
_UNITS = {"lb", "lbs", "oz", "ft", "yd", "yds", "in", "mi", "sq", "cu", "gal", "pt", "qt"}
_NUMBER_BEFORE = compiled(r"\d\s$")
# A footnote mark or an omission after a sentence end belongs to that sentence: "Dulwich. [17] He".
_TRAILING_MARK = compiled(r"\[(?:\d{1,3}|\.\.\.|…)\](?:\s+|$)")

# A candidate end: terminal punctuation (with spaced ellipsis dots ". . ."), closing quotes,
# brackets or footnote marks ("[12]"), whitespace.
_CANDIDATE = compiled(r"([.?!…]+(?: \.)*)((?:[\"'”’)\]]|\[\d{1,3}\])*)(\s+)")
_WORD_BEFORE = compiled(r"([A-Za-z][A-Za-z.\-°º]*)$")
_DOTTED_ACRONYM = compiled(r"^(?:[A-Za-z]\.){2,}$")  # U.S. / U.N. / a.m.
_NEXT_WORD = compiled(r"[\"'“‘(\[`]*([\w\-]+)")
_PREV_WORD = compiled(r"(\S+)\s+$")


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(1) if m else ""


def _word_after(text: str, pos: int) -> str:
    """The word after the one at `pos` ("time" in "Seoul time")."""
    m = _NEXT_WORD.match(text, pos)
    if not m:
        return ""
    n = _NEXT_WORD.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
    return n.group(1) if n else ""


def _ellipsis_cut(text: str, start: int, punct: str, end: int, nxt: str) -> int:
    """Where a run of dots with spaces (". . .") ends a sentence, or -1.
    "word. . . . Next": the period ends the sentence and ". . ." opens the next one;
    "word . . . . Next": four dots end it; "word . . . next" or ". . . Next": an omission inside."""
    if not nxt.isupper():
        return -1
    if start > 0 and not text[start - 1].isspace():
        return start + 1 if punct.count(".") >= 4 else -1
    return end if punct.count(".") >= 4 else -1


def _time_ends_sentence(text: str, last: int, start: int, end: int) -> bool:
    """After "6 p.m." a capitalised word opens a new sentence, unless it continues the time
    ("Monday", "EST", "Seoul time") or the sentence so far is a fronted time phrase ("At 5 a.m.
    Mr. Smith left", "On Monday at 6 a.m. Kim arrived") whose subject comes next; a clear
    opener ("The", "He") ends it even then."""
    nw = _next_word(text, end).lower()
    if nw in _AFTER_TIME or _word_after(text, end).lower() == "time":
        return False
    if nw in _OPENERS:
        return True
    if start - last > 80:
        return True  # a fronted phrase is short; this also bounds the look-back
    words = text[last:start].split()
    # "At 5 a.m.", "Shortly after 10 a.m.": a preposition among the first two words
    return not (len(words) <= 8 and any(w.lower() in _LEADING_PREPOSITIONS for w in words[:2]))


def _cut(text: str, last: int, start: int, punct: str, end: int) -> int:
    """Where the sentence ends for the candidate whose punctuation starts at `start` and whose
    whitespace ends at `end` (the start of the next sentence), or -1 when it is no end."""
    nxt = text[end:end + 1]
    if not nxt:
        return -1
    if " " in punct:
        return _ellipsis_cut(text, start, punct, end, nxt)
    # The next sentence must open with a capital, digit or opening quote/bracket.
    # (` opens a quotation in text typeset ``like this''.)
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘([`" or not nxt.isascii()):
        return -1
    if punct != ".":
        if start > 0 and text[start - 1] in "[(":
            # An omission "[...]" ends nothing inside a sentence, only when it stands alone.
            return end if not text[last:start - 1].strip() else -1
        return end  # ? ! … and runs like ".." end sentences
    # The word before: searched for in the last whitespace-free run only (a bounded look-back
    # keeps the time linear, and a short run keeps the search cheap).
    lo = max(0, start - 40)
    ws = max(text.rfind(" ", lo, start), text.rfind("\n", lo, start), text.rfind("\t", lo, start))
    m = _WORD_BEFORE.search(text, ws + 1 if ws >= 0 else lo, start)
    if not m:
        return end
    word = m.group(1)
    bare = word.lower()
    if bare in _NEVER_END:
        return -1
    if "." in word and _DOTTED_ACRONYM.match(word + "."):
        if bare in _AFTER_NUMBER and _NUMBER_BEFORE.search(text, max(0, m.start() - 2), m.start()):
            return end if _time_ends_sentence(text, last, start, end) else -1
        return end if _next_word(text, end).lower() in _OPENERS else -1
    if bare in _UNITS and _NUMBER_BEFORE.search(text, max(0, m.start() - 2), m.start()):
        return -1 if nxt.isdigit() else end
    if bare in _TITLES:
        return -1
    if bare in BEFORE_NUMBER and nxt.isdigit():
        return -1
    if bare in _AMBIGUOUS:
        return end if _next_word(text, end).lower() in _OPENERS else -1
    if len(word) == 1 and word.isupper():
        # An initial ("N. Korea", "Kim J. Lee"), except the pronoun after a lower-case word
        # ("you and I. Did").
        if word == "I" and m.start() > 0:
            prev = _PREV_WORD.search(text, max(0, m.start() - 40), m.start())
            if prev and prev.group(1)[:1].islower():
                return end
        return -1
    return end


def split_english(text: str) -> list[str]:
    """Split one paragraph of English into sentences (whitespace-trimmed, none empty)."""
    text = text.strip()
    if not text:
        return []
    list_cuts, marker_ends = list_item_cuts(text)
    cuts: list[int] = []
    last = 0
    for m in _CANDIDATE.finditer(text):
        if marker_ends and m.end(2) in marker_ends:
            continue  # "1." / "b)" opening a list item
        if m.start() < last:
            continue  # inside a footnote mark taken into the sentence before
        pos = _cut(text, last, m.start(1), m.group(1), m.end(3))
        if pos >= 0:
            if text[pos:pos + 1] == "[":
                mark = _TRAILING_MARK.match(text, pos)
                if mark:
                    pos = mark.end()
            cuts.append(pos)
            last = pos
    if list_cuts:
        cuts = sorted(set(cuts) | set(list_cuts))
    out: list[str] = []
    last = 0
    for pos in cuts:
        piece = text[last:pos].strip()
        if piece:
            out.append(piece)
        last = pos
    tail = text[last:].strip()
    if tail:
        out.append(tail)
    return out

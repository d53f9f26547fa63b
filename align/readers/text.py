"""Plain-text page dumps: a page as a reader copies it from the browser, one .txt file a page.

Such a dump holds the headline on its first line, then the page's furniture among the article's
paragraphs: a "Posted on" / "입력" date line, the photo caption printed twice (image alt text and
caption), a byline, a contact line, the text of the button to the Korean original, and list
headings ("Related stories", "많이 본 기사") followed by other articles' headlines. The reader
keeps the headline as the title, the date, and the article's paragraphs (one a line), with the
same boilerplate rules as the HTML extractor (align/extract/boilerplate.py). The language comes
from the text; the record is an Article's fields (`{url, lang, title, date, text}`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ..extract.boilerplate import is_boilerplate, strip_dateline, tidy_line
from ..extract.text import ZERO_WIDTH
from ..model import Skipped
from ..regex_cache import compiled
from .record import Record, path_label

MAX_TEXT_BYTES = 5_000_000  # one article is a few KB; a bigger "page" is not a copied article

_WS = compiled(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# a date line near the top: "Posted on : 2024-06-11 16:51 KST", "입력 2024.06.11 07:00", "등록 :2016-09-17 14:26"
_DATE = compiled(r"(20\d\d|19\d\d)[-./](\d{1,2})[-./](\d{1,2})\.?(?:\s+(\d{1,2}):(\d{2}))?")
_DATE_LINE = compiled(r"^(?:posted on|published|updated|modified on|입력|등록|수정|기사입력|승인)\b", re.IGNORECASE)
# a heading after which a page lists other articles: the article has ended
_LIST_HEADING = compiled(
    r"^(?:related (?:stories|articles|news)|most (?:viewed|read|popular)(?: articles| stories)?|"
    r"recommended(?: stories| articles)?|top stories|more from .{1,40}|"
    r"관련\s*기사|관련\s*뉴스|많이\s*본\s*(?:기사|뉴스)|인기\s*기사|추천\s*기사|이\s*시각\s*(?:주요|인기)\s*뉴스)\s*:?$",
    re.IGNORECASE,
)
# a photo caption ends with the photo's credit: "... on Sept. 13, 2023. (KCNA/Yonhap)", "... [연합뉴스 자료사진]"
_CAPTION_CREDIT = compiled(
    r"\((?:[^()/]{1,30}/)?(?:Yonhap|AP|AFP|Reuters|EPA|KCNA|Xinhua|Kyodo|Newsis|News1|Getty Images|"
    r"[A-Za-z .'-]{1,30} (?:photo|Photo|images))\)$|\[[^\[\]]{0,20}(?:사진|연합뉴스|뉴시스|뉴스1)[^\[\]]{0,20}\]$"
)


def _clean(line: str) -> str:
    line = ZERO_WIDTH.sub("", unicodedata.normalize("NFC", line))
    return _WS.sub(" ", line).strip()


def decode_text(data: bytes) -> str | None:
    """The text of a dump: UTF-8 (with or without a BOM), UTF-16 with a BOM, or the Korean
    legacy encoding (CP949, a superset of EUC-KR); None when it is none of these."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _iso_date(line: str) -> str | None:
    m = _DATE.search(line)
    if not m:
        return None
    y, mo, d, hh, mm = m.groups()
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        return None
    if hh is None:
        return f"{y}-{int(mo):02d}-{int(d):02d}"
    # Korean news sites print Korean time (KST), whether they say so or not
    return f"{y}-{int(mo):02d}-{int(d):02d}T{int(hh):02d}:{mm}:00+09:00"


def parse_text_page(text: str) -> dict:
    """{title, date, paragraphs, byline} of one dump: title = the first line; the date from a
    date line near the top; boilerplate lines, captions printed twice (and lines ending in a
    photo credit), and whatever follows a list heading ("Related stories") left out."""
    lines = [_clean(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [x for x in lines if x]
    if not lines:
        return {"title": "", "date": None, "paragraphs": [], "byline": None}
    title, rest = lines[0], lines[1:]
    date = None
    for line in rest[:8]:
        if _DATE_LINE.match(line) and (date := _iso_date(line)):
            break
    byline = None
    paragraphs: list[str] = []
    for i, line in enumerate(rest):
        if _LIST_HEADING.match(line) and paragraphs:
            break  # other articles' headlines follow
        if (i > 0 and rest[i - 1] == line) or (i + 1 < len(rest) and rest[i + 1] == line):
            continue  # a caption printed twice: under the image and as its text
        if byline is None and (m := re.match(r"^By ([^.!?]{3,60}?)(?:,\s*[a-z][a-z ]+)?$", line)):
            byline = m.group(1)
        if is_boilerplate(line) or _CAPTION_CREDIT.search(line):
            continue
        line = tidy_line(strip_dateline(line) if not paragraphs else line)
        if line and line != title:
            paragraphs.append(line)
    return {"title": title, "date": date, "paragraphs": paragraphs, "byline": byline}


def iter_text_file(path: Path, name: str | None = None) -> Iterator[Record | Skipped]:
    """The one record of a text dump, or a Skipped saying why it cannot be read. `name`: how
    the source is named (default: the path, with bytes that are not UTF-8 spelled `\\xNN`)."""
    source = name or path_label(path)
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            yield Skipped("read", source, "too-large",
                          f"{size:,} bytes of text: over the {MAX_TEXT_BYTES:,} bytes one copied page may have")
            return
        data = path.read_bytes()
    except OSError as e:
        yield Skipped("read", source, "unreadable", str(e))
        return
    text = decode_text(data)
    if text is None:
        yield Skipped("read", source, "bad-encoding", "not UTF-8, UTF-16 or CP949 text")
        return
    page = parse_text_page(text)
    if not page["paragraphs"]:
        yield Skipped("read", source, "no-body", "no article text once the title and boilerplate lines are left out")
        return
    fields = {
        "url": None,
        "lang": None,  # from the text
        "title": page["title"],
        "date": page["date"],
        "text": "\n\n".join(page["paragraphs"]),
    }
    yield Record(source=source, url=None, html=None, fields=fields)

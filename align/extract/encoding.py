"""Bytes of a page to text: BOM, then UTF-8 (when the bytes are valid UTF-8), then the declared
charset, then detection.

Korean pages declared `euc-kr` are decoded as CP949, Microsoft's superset that browsers use
under that label: a page "in EUC-KR" routinely holds syllables EUC-KR lacks (똠, 햏, 뷁).
"""

from __future__ import annotations

import codecs
import re

from ..regex_cache import compiled
from .errors import SkipPage

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">, <?xml encoding="x"?>
_META_RE = compiled(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-.]+)""",
    re.IGNORECASE,
)
# labels browsers treat as one encoding (WHATWG Encoding Standard), for the ones that matter here
_ALIASES = {
    "euc-kr": "cp949", "euckr": "cp949", "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949",
    "ksc5601": "cp949", "korean": "cp949", "x-windows-949": "cp949", "windows-949": "cp949",
    "uhc": "cp949", "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
}


# Python codecs a web page may be in. A page is hostile data: a label such as "hex", "zlib",
# "rot13", "undefined" or "punycode" names a Python codec that is no page encoding at all, and
# decoding with it raised LookupError or UnicodeError out of the extractor (it stopped
# `align extract`). Such a label is treated as no label.
_PAGE_CODEC = compiled(
    r"utf-(?:8|16|32)(?:-le|-be)?|cp\d{3,5}|iso8859-\d{1,2}|iso2022_\w+|euc_\w+|shift_jis\w*|"
    r"gb2312|gbk|gb18030|big5\w*|koi8-\w|mac-\w+|johab|tis-620|hz|latin-1|ascii"
)


def page_codec(label: str) -> str | None:
    """The Python codec of a charset label, if it is one a page may be in (else None)."""
    try:
        name = codecs.lookup(_ALIASES.get(label, label)).name
    except LookupError:
        return None
    return name if _PAGE_CODEC.fullmatch(name) else None


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first 4 KB, as a Python codec name (None if none,
    unknown, or not a page encoding)."""
    m = _META_RE.search(data[:4096])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii", "replace").strip().lower()
    return page_codec(label)


def decode_html(data: bytes) -> tuple[str, str]:
    """(text, encoding used). Raises SkipPage('bad-encoding') when nothing decodes it cleanly."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError as e:
                detail = f"starts with a {enc} byte-order mark but is not {enc} ({e.reason} at byte {e.start})"
                raise SkipPage("bad-encoding", detail) from None
    tried = []
    declared = declared_charset(data)
    # bytes that are valid UTF-8 are UTF-8, whatever the page declares: a page saved by a crawler
    # or passed through a proxy is written out again in UTF-8 with its <meta> still naming the
    # charset it was served in ("iso-8859-15", "windows-1252": any byte decodes in those, so the
    # declaration never failed, and "für" came out as "fÃ¼r"); text in another charset is
    # almost never valid UTF-8 (its letters past ASCII would have to fall in UTF-8's exact
    # lead and continuation bytes, word after word)
    for enc in dict.fromkeys(e for e in ("utf-8", declared) if e):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            tried.append(enc)
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=None).best()
    detected = page_codec(best.encoding) if best is not None and best.encoding and (best.chaos or 0.0) <= 0.1 else None
    if detected is not None:
        try:
            return data.decode(detected), detected
        except UnicodeError:
            pass
    said = f"declares {declared}, " if declared else ""
    raise SkipPage("bad-encoding", f"{said}not valid {' or '.join(tried)}, and no encoding detected with confidence")

"""UTF-8 text files read strictly: a file that is not UTF-8 is refused with the line and byte
where it stops being UTF-8, and a hint only where the bytes say what they are (a UTF-16 or
UTF-32 byte-order mark, UTF-16 without one, CP949/EUC-KR Korean). Nothing is guessed into a
single-byte code page: any byte string decodes as Latin-1 or mac_iceland, so such a guess
would score garbage instead of stopping. A UTF-8 byte-order mark is accepted and dropped."""

from __future__ import annotations

import codecs

from .regex_cache import compiled

UTF8_BOM = codecs.BOM_UTF8
_HANGUL = compiled(r"[\uac00-\ud7a3]")
_SAMPLE = 1 << 20  # bytes looked at for a hint: enough to tell, cheap on a huge file


class NotUtf8Error(ValueError):
    """A file that is not UTF-8; the message names the file, line, byte and what it looks like."""

    def __init__(self, path: str, line: int, column: int, offset: int, byte: int, hint: str):
        self.path, self.line, self.column, self.offset, self.byte, self.hint = path, line, column, offset, byte, hint
        super().__init__(
            f"{path}: not UTF-8 (byte 0x{byte:02x} on line {line}, byte {column} of that line, "
            f"offset {offset} in the file){hint}"
        )


def _bom_hint(data: bytes) -> str | None:
    boms = (
        (codecs.BOM_UTF32_LE, "UTF-32 (little-endian)", "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32 (big-endian)", "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16 (little-endian)", "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16 (big-endian)", "UTF-16"),
    )
    for bom, name, iconv in boms:  # UTF-32 LE starts with UTF-16 LE's mark: test it first
        if data.startswith(bom):
            return f"; it is {name} text (it starts with a byte-order mark): convert it with iconv -f {iconv} -t UTF-8"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 of mostly ASCII or Hangul text has zero bytes on one side of each pair."""
    head = data[:4096]
    if len(head) < 8 or head.count(0) < len(head) // 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 4 * max(even, 1):
        return "UTF-16LE"
    if even > 4 * max(odd, 1):
        return "UTF-16BE"
    return None


def _utf16_hint(utf16: str) -> str:
    return f"; it looks like {utf16} text without a byte-order mark: convert it with iconv -f {utf16} -t UTF-8"


def _cp949_hint(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    if len(data) > _SAMPLE:  # cut at a line end so a two-byte character is not split
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    try:
        text = sample.decode("cp949")
    except UnicodeDecodeError:
        return None
    # a stray byte or two can pair up into a syllable of CP949's extension: ask for Korean text,
    # Hangul making up most of what is not ASCII
    hangul = len(_HANGUL.findall(text))
    other = sum(1 for ch in text if ord(ch) > 0x7F) - hangul
    return "CP949" if hangul >= 2 and hangul >= other else None


def encoding_hint(data: bytes) -> str:
    """'; it is UTF-16 ... convert it with iconv ...' where the bytes say so, else advice to save as UTF-8."""
    if (hint := _bom_hint(data)) is not None:
        return hint
    if (utf16 := _utf16_without_bom(data)) is not None:
        return _utf16_hint(utf16)
    if _cp949_hint(data):
        return "; it looks like CP949/EUC-KR (the legacy Korean encoding): convert it with iconv -f CP949 -t UTF-8"
    return "; save it as UTF-8 (its encoding is not one this tool can name, and it is not guessed)"


def decode_utf8(data: bytes, path: str) -> str:
    """The text of `data` (a UTF-8 byte-order mark dropped), or NotUtf8Error naming the line and byte."""
    if (hint := _bom_hint(data)) is not None:  # UTF-16 of ASCII text can even decode as UTF-8
        raise NotUtf8Error(path, 1, 1, 0, data[0], hint)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise NotUtf8Error(path, line, column, e.start, data[e.start], encoding_hint(data)) from None
    if "\x00" in text[:4096] and (utf16 := _utf16_without_bom(data)) is not None:
        raise NotUtf8Error(path, 1, 1, 0, 0, _utf16_hint(utf16))
    return text.removeprefix("\ufeff")

"""Reading a one-sentence-a-line file the way sacrebleu's command line does (split on "\n",
trailing whitespace removed), but with errors a person can act on: a file that is not UTF-8
says where and what it looks like instead, and empty lines are counted, not hidden."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportInputError

_BOM = "\ufeff"


@dataclass
class TextLines:
    path: str
    lines: list[str]
    empty: list[int] = field(default_factory=list)  # 1-based numbers of the empty lines

    def __len__(self) -> int:
        return len(self.lines)


def _encoding_hint(data: bytes) -> str:
    """Best guess at what the bytes are (cp949 / EUC-KR is the usual suspect for Korean files)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pinned, but the hint is a nicety
        return ""
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return ""
    return f"; it looks like {best.encoding} (convert it: iconv -f {best.encoding} -t UTF-8)"


def decode_utf8(data: bytes, path: str) -> str:
    """UTF-8 text of `data`, or a ReportInputError naming the line and byte that are not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise ReportInputError(
            f"{path}: not UTF-8 (byte 0x{data[e.start]:02x} on line {line}){_encoding_hint(data)}"
        ) from None
    return text[1:] if text.startswith(_BOM) else text


def split_lines(text: str) -> list[str]:
    """Lines as sacrebleu's CLI reads them: only "\n" ends a line; a final "\n" opens none."""
    if not text:
        return []
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    return [p.rstrip() for p in parts]


def read_lines(path: str | os.PathLike) -> TextLines:
    p = Path(path)
    if not p.is_file():
        raise ReportInputError(f"{p}: no such file")
    lines = split_lines(decode_utf8(p.read_bytes(), str(p)))
    return TextLines(str(p), lines, [i for i, s in enumerate(lines, 1) if not s])


def describe_empty(empty: list[int], total: int, show: int = 8) -> str:
    """'3 of 1000 lines are empty (4, 17, 99)' — the first few line numbers, so they can be found."""
    nums = ", ".join(map(str, empty[:show])) + (", ..." if len(empty) > show else "")
    return f"{len(empty)} of {total} lines are empty (line {nums})"

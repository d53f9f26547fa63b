"""Reading a one-sentence-a-line file the way sacrebleu's command line does (split on "\n",
trailing whitespace removed), but with errors a person can act on: a file that is not UTF-8
is refused with the line and byte where it stops being UTF-8 (never guessed into another
encoding), empty lines are counted, not hidden, and a line longer than a sentence can be is
refused or cut (scoring one costs memory and time that grow with the square of its length)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..textcodec import NotUtf8Error
from ..textcodec import decode_utf8 as _decode
from .errors import ReportInputError

# The longest line scored as it is. Sentences are well below it (a 60-word English sentence is
# about 400 characters); sacrebleu's TER spends about 15 s and 0.1 GB on one pair of 2,000-
# character lines, and its memory grows with the square of the length (16.7 GB at 200,000).
MAX_LINE_CHARS = 2000


@dataclass
class TextLines:
    path: str
    lines: list[str]
    empty: list[int] = field(default_factory=list)  # 1-based numbers of the empty lines
    cut: list[tuple[int, int]] = field(default_factory=list)  # (line, its length before cutting)

    def __len__(self) -> int:
        return len(self.lines)


def decode_utf8(data: bytes, path: str) -> str:
    """UTF-8 text of `data`, or a ReportInputError naming the line and byte that are not UTF-8."""
    try:
        return _decode(data, path)
    except NotUtf8Error as e:
        raise ReportInputError(str(e)) from None


def split_lines(text: str) -> list[str]:
    """Lines as sacrebleu's CLI reads them: only "\n" ends a line; a final "\n" opens none."""
    if not text:
        return []
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    return [p.rstrip() for p in parts]


def long_line_problem(path: str, line: int, length: int, limit: int, what: str = "line") -> str:
    return (f"{path}: {what} {line} has {length:,} characters, more than the {limit:,} a sentence is allowed "
            f"(is the file one sentence a line?); split it, or raise the limit with --max-line-chars")


def describe_cut(path: str, cut: list[tuple[int, int]], limit: int, show: int = 5) -> str:
    where = ", ".join(f"line {n} ({length:,} characters)" for n, length in cut[:show]) + (", ..." if len(cut) > show else "")
    return (f"{path}: {len(cut)} line(s) longer than {limit:,} characters were cut to that length before scoring "
            f"({where}); their scores differ from sacrebleu's on the uncut lines")


def read_lines(path: str | os.PathLike, max_chars: int | None = None, long_lines: str = "refuse") -> TextLines:
    """The file's lines. Lines over `max_chars` (None: no limit): `long_lines="refuse"` raises
    ReportInputError naming the first ones; "cut" truncates them and lists them in `.cut`."""
    p = Path(path)
    if not p.is_file():
        raise ReportInputError(f"{p}: no such file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ReportInputError(f"{p}: cannot read ({e.strerror})") from None
    lines = split_lines(decode_utf8(data, str(p)))
    del data
    cut: list[tuple[int, int]] = []
    if max_chars is not None:
        long = [(i, len(s)) for i, s in enumerate(lines, 1) if len(s) > max_chars]
        if long and long_lines == "refuse":
            raise ReportInputError([long_line_problem(str(p), n, length, max_chars) for n, length in long[:3]])
        for n, length in long:
            lines[n - 1] = lines[n - 1][:max_chars].rstrip()
            cut.append((n, length))
    return TextLines(str(p), lines, [i for i, s in enumerate(lines, 1) if not s], cut)


def describe_empty(empty: list[int], total: int, show: int = 8) -> str:
    """'3 of 1000 lines are empty (4, 17, 99)' — the first few line numbers, so they can be found."""
    nums = ", ".join(map(str, empty[:show])) + (", ..." if len(empty) > show else "")
    return f"{len(empty)} of {total} lines are empty (line {nums})"

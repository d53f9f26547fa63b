"""The unit a reader yields, and what every reader kind shares (kept light: a folder of HTML
pages imports none of the other readers)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Record:
    """One page (`html`) or one pre-extracted article (`fields`) from a crawl.

    `source` says where it came from, so a skipped record can be found again:
    a file path, `file.warc.gz#<byte offset of the record>`, or `file.jsonl:<line number>`.
    """

    source: str
    url: str | None
    html: bytes | None
    fields: dict[str, Any] | None  # {url, lang, title, date, text} of a pre-extracted record


def path_label(path: str | os.PathLike) -> str:
    """A file path as text that can always be written out (JSON, the terminal).

    A name that is not valid UTF-8 (a file saved under a CP949 or Latin-1 name) reaches
    Python with its odd bytes smuggled in as lone surrogates, which no UTF-8 writer accepts;
    here they are spelled `\\xNN`, as `ls -b` does, so the record is still read and named."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


class SkipRecord(Exception):
    """A record that cannot become an Article; `reason` is short and machine-readable."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


TEXT_SUFFIXES = (".txt",)


def is_text_dump(path: Path) -> bool:
    """A .txt file (hidden files are never pages)."""
    return path.suffix.lower() in TEXT_SUFFIXES and not path.name.startswith(".")

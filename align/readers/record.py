"""The unit a reader yields."""

from __future__ import annotations

from dataclasses import dataclass
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

"""Readers for what crawlers produce: folders of HTML files, WARC files, JSONL dumps.

`iter_records(path)` streams `Record`s (a page, or a pre-extracted article's fields) and
`Skipped`s (a record that could not be read, with the reason), one at a time: memory is bounded
by one record, never by the crawl. `article_from_fields` turns a pre-extracted record into an
`Article`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import Skipped
from .fields import SkipRecord, article_from_fields
from .folder import iter_folder
from .jsonl import iter_jsonl
from .record import Record
from .warc import iter_warc

__all__ = ["Record", "SkipRecord", "article_from_fields", "iter_records", "kind_of"]

WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")


def kind_of(path: Path) -> str:
    """"warc", "jsonl" or "page" from a file name (a page may have no extension)."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "page"


def iter_records(path: str | Path) -> Iterator[Record | Skipped]:
    """Every record under `path`: a folder (walked recursively, sorted), a WARC or a JSONL file.

    Raises FileNotFoundError for a missing path and ValueError for a folder with nothing to
    read, both naming the path; everything wrong with one record is a Skipped instead.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"corpus not found: {path}")
    if path.is_dir():
        yield from iter_folder(path, _iter_file)
        return
    yield from _iter_file(path)


def _iter_file(path: Path) -> Iterator[Record | Skipped]:
    kind = kind_of(path)
    if kind == "warc":
        yield from iter_warc(path)
    elif kind == "jsonl":
        yield from iter_jsonl(path)
    else:
        try:
            data = path.read_bytes()
        except OSError as e:
            yield Skipped("read", str(path), "unreadable", str(e))
            return
        yield Record(source=str(path), url=None, html=data, fields=None)

"""Readers for what crawlers produce: folders of HTML files, WARC files, JSONL dumps (and pages
a browser saved: as one file, MHTML, or copied as text).

`iter_records(path)` streams `Record`s (a page, or a pre-extracted article's fields) and
`Skipped`s (a record that could not be read, with the reason), one at a time: memory is bounded
by one record, never by the crawl. `article_from_fields` turns a pre-extracted record into an
`Article`.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Skipped
from .folder import GZIP_PAGE_SUFFIXES, CorpusError, is_readable_file, iter_folder, walk_sorted
from .record import Record, SkipRecord, is_text_dump, path_label

__all__ = ["CorpusError", "Record", "SkipRecord", "article_from_fields", "iter_records", "kind_of"]


def __getattr__(name: str) -> Any:
    # each reader kind is imported when a file of its kind is read (a folder of HTML pages needs
    # none: fastwarc, gzip and the text reader's rules cost milliseconds at every start)
    if name == "article_from_fields":
        from .fields import article_from_fields

        return article_from_fields
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
MHTML_SUFFIXES = (".mhtml", ".mht")


def kind_of(path: Path) -> str:
    """"warc", "jsonl", "mhtml" (a page saved as one file), "text" (a page copied as plain
    text) or "page" from a file name (a page may have no extension)."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(MHTML_SUFFIXES):
        return "mhtml"
    if is_text_dump(path):
        return "text"
    return "page"


def iter_records(path: str | Path) -> Iterator[Record | Skipped]:
    """Every record under `path`: a folder (walked recursively, sorted), a WARC, JSONL or MHTML file.

    Raises FileNotFoundError for a missing path and ValueError for a folder with nothing to
    read, both naming the path; everything wrong with one record is a Skipped instead.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"corpus not found: {path}")
    if path.is_dir():
        if _only_text_dumps(path):
            yield from _iter_text_folder(path)
            return
        yield from iter_folder(path, _iter_file)
        return
    yield from _iter_file(path)


def _iter_file(path: Path) -> Iterator[Record | Skipped]:
    kind = kind_of(path)
    name = path_label(path)  # every source names its file, whatever bytes the name holds
    if kind == "warc":
        from .warc import iter_warc

        yield from iter_warc(path, name)
    elif kind == "jsonl":
        from .jsonl import iter_jsonl

        yield from iter_jsonl(path, name)
    elif kind == "mhtml":
        from .mhtml import iter_mhtml

        yield from iter_mhtml(path, name)
    elif kind == "text":
        from .text import iter_text_file

        yield from iter_text_file(path, name)
    else:
        try:
            if path.name.lower().endswith(GZIP_PAGE_SUFFIXES):
                data = _gunzipped(path)
                if data is None:
                    from . import http_body

                    yield Skipped("read", name, "too-large", f"the page is over {http_body.MAX_DECODED // 2**20} MB once "
                                  "decompressed, and is not read")
                    return
            else:
                data = path.read_bytes()
        except (OSError, EOFError, zlib.error) as e:  # (a damaged .gz: gzip.BadGzipFile is an OSError)
            yield Skipped("read", name, "unreadable", f"{type(e).__name__}: {getattr(e, 'strerror', None) or e}")
            return
        yield Record(source=name, url=None, html=data, fields=None)


def _gunzipped(path: Path) -> bytes | None:
    """A .html.gz page's bytes, None when they pass the bound every decompressed page has
    (http_body.MAX_DECODED: a gzip bomb stops there; the extractor caps a page lower still)."""
    import gzip

    from . import http_body

    with gzip.open(path, "rb") as f:
        data = f.read(http_body.MAX_DECODED + 1)
    return data if len(data) <= http_body.MAX_DECODED else None


def _only_text_dumps(root: Path) -> bool:
    """A folder of pages copied as text: .txt files and no page, WARC or JSONL file (in a folder
    of HTML pages, .txt files are notes, licences or gold files, and are not read)."""
    found = False
    for p in walk_sorted(root):
        if is_readable_file(p):
            return False
        found = found or is_text_dump(p)
    return found


def _iter_text_folder(root: Path) -> Iterator[Record | Skipped]:
    for p in walk_sorted(root):
        if is_text_dump(p):
            yield from _iter_file(p)

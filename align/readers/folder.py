"""A folder of saved pages (and of WARC / JSONL files), walked recursively in sorted order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model import Skipped
from .record import Record

PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
CONTAINER_SUFFIXES = (".warc", ".warc.gz", ".jsonl", ".jsonl.gz")


def is_readable_file(path: Path) -> bool:
    """A page (.html, .htm, or no extension at all, as wget saves `.../article/123`), or a
    WARC / JSONL file. Hidden files and other types (recipes, READMEs, images) are not pages."""
    name = path.name
    if name.startswith("."):
        return False
    low = name.lower()
    if low.endswith(CONTAINER_SUFFIXES):
        return True
    suffix = path.suffix.lower()
    return suffix in PAGE_SUFFIXES or suffix == "" or not suffix[1:].isalpha()


def walk_sorted(root: Path) -> Iterator[Path]:
    """Files under root in path order (folders and files sorted together by name), so every
    run sees the same order; hidden entries are left out."""
    with os.scandir(root) as it:
        entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    for e in entries:
        if e.is_dir():
            yield from walk_sorted(Path(e.path))
        elif e.is_file():
            yield Path(e.path)


def iter_folder(
    root: Path, read_file: Callable[[Path], Iterator[Record | Skipped]]
) -> Iterator[Record | Skipped]:
    n = 0
    for path in walk_sorted(root):
        if not is_readable_file(path):
            continue
        n += 1
        yield from read_file(path)
    if n == 0:
        raise ValueError(
            f"corpus folder {root} has no pages to read "
            "(expected .html/.htm files, extension-less pages, .warc(.gz) or .jsonl(.gz) files)"
        )

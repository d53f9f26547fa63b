"""A folder of saved pages (and of WARC / JSONL files), walked recursively in sorted order."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model import Skipped
from .record import Record, path_label

# pages by their name's ending: HTML files, and the names of server-side pages that a site mirror
# (wget -r) keeps as they were served (view.php, read.nhn, article.aspx; a name with its query
# string, "view.php?id=1", has a suffix that is not all letters and is read as well)
PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp", ".jspx", ".cfm", ".do", ".nhn"}
CONTAINER_SUFFIXES = (".warc", ".warc.gz", ".jsonl", ".jsonl.gz", ".mhtml", ".mht")
GZIP_PAGE_SUFFIXES = (".html.gz", ".htm.gz")  # a page kept compressed


def is_readable_file(path: Path) -> bool:
    """A page (.html, .htm, a server-side page's name such as view.php, or no extension at all,
    as wget saves `.../article/123`; .html.gz compressed), a page saved as one file (.mhtml,
    .mht), or a WARC / JSONL file. Hidden files and other types (recipes, READMEs, images) are not pages."""
    name = path.name
    if name.startswith("."):
        return False
    low = name.lower()
    if low.endswith(CONTAINER_SUFFIXES) or low.endswith(GZIP_PAGE_SUFFIXES):
        return True
    suffix = path.suffix.lower()
    return suffix in PAGE_SUFFIXES or suffix == "" or not suffix[1:].isalpha()


def walk_sorted(root: Path) -> Iterator[Path]:
    """Files under root in path order (folders and files sorted together by name), so every
    run sees the same order; hidden entries are left out."""
    for item in _walk(root, set()):
        if isinstance(item, Path):
            yield item


def _walk(root: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Skipped]:
    """walk_sorted's files, and a Skipped for each folder that cannot be listed. A folder is
    entered once: a symbolic link back up the tree (a loop) or to a folder already read is
    passed over. Names are sorted by their bytes, which any name has, valid UTF-8 or not."""
    try:
        st = root.stat()
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(root) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: os.fsencode(e.name))
    except OSError as e:
        yield Skipped("read", path_label(root), "unreadable", f"folder cannot be listed: {type(e).__name__}: {e.strerror or e}")
        return
    names = {e.name for e in entries}
    for entry in entries:
        if entry.is_dir():
            if _saved_page_resources(entry.name, names):
                continue
            yield from _walk(Path(entry.path), seen)
        elif entry.is_file():
            yield Path(entry.path)


def _saved_page_resources(folder: str, names: set[str]) -> bool:
    """A browser's "Web Page, complete" save puts the page's resources in "<page>_files" beside
    "<page>.html": style sheets, scripts, images, and the documents of its frames (ads, a comment
    thread, a share widget) as saved_resource.html. Those frames are no pages of the crawl, and
    a comment thread read as one would become an article."""
    if not folder.endswith("_files"):
        return False
    stem = folder[: -len("_files")]
    return any(f"{stem}{ext}" in names for ext in (".html", ".htm", ".HTML", ".HTM", ".xhtml", ".shtml"))


class CorpusError(ValueError):
    """The corpus as a whole cannot be read (a folder with nothing to read in it)."""


def iter_folder(
    root: Path, read_file: Callable[[Path], Iterator[Record | Skipped]]
) -> Iterator[Record | Skipped]:
    """Records of every readable file under `root`; raises CorpusError, naming the folder and
    what it holds instead, when no file in it is one to read."""
    n = 0
    others: Counter[str] = Counter()
    for item in _walk(root, set()):
        if isinstance(item, Skipped):
            yield item
            continue
        if not is_readable_file(item):
            others[item.suffix.lower() or item.name] += 1
            continue
        n += 1
        yield from read_file(item)
    if n == 0:
        held = ", ".join(f"{k} {v}" for k, v in others.most_common(5)) if others else "no files at all"
        raise CorpusError(
            f"corpus folder {path_label(root)} has no pages to read "
            "(expected .html/.htm(.gz) files, server-side pages such as view.php, extension-less pages, .mhtml, "
            ".warc(.gz) or .jsonl(.gz) files, or a folder of .txt page dumps; "
            f"it holds: {held})"
        )

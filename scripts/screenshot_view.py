#!/usr/bin/env python3
"""Open an `align view` site in headless Chromium: screenshot the index and one pair page, and
fail when a page logs anything to the console (a script error, a missing file) or renders empty.

    .venv/bin/python scripts/screenshot_view.py out/sample/site [--png-dir DIR] [--pair NAME.html]

Chromium is Debian's (`apt-get install chromium`), started offline with an empty profile. Console
messages are read from its log (--enable-logging=stderr), so no DevTools client is needed."""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=5000",  # let the page's scripts finish before the capture
]
# Chromium logs every console message (and load failures) as ":INFO:CONSOLE..." lines.
_CONSOLE = re.compile(r":CONSOLE[:(]|Uncaught|ERR_FILE_NOT_FOUND|Failed to load resource")


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def run_chromium(url: str, args: list[str], chromium: str, timeout: int = 90) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, errors="replace")


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if _CONSOLE.search(line)]


def screenshot(page: Path, png: Path, chromium: str, size: str = "1400,1400") -> list[str]:
    """Screenshot `page` to `png`; returns the console messages it logged."""
    proc = run_chromium(page.resolve().as_uri(), [f"--screenshot={png}", f"--window-size={size}"], chromium)
    if not png.is_file():
        raise RuntimeError(f"chromium wrote no screenshot of {page} (exit {proc.returncode}): {proc.stderr[-2000:]}")
    return console_messages(proc.stderr)


def rendered_dom(page: Path, chromium: str) -> tuple[str, list[str]]:
    """The page's DOM after its scripts ran, and the console messages it logged."""
    proc = run_chromium(page.resolve().as_uri(), ["--dump-dom"], chromium)
    return proc.stdout, console_messages(proc.stderr)


def table_rows(dom: str) -> list[list[str]]:
    """The cells' text of the rendered pairs table (tags stripped), one list a row."""
    tbody = re.search(r'<table class="pairs">.*?<tbody>(.*?)</tbody>', dom, re.S)
    if not tbody:
        return []
    rows = re.findall(r"<tr>(.*?)</tr>", tbody.group(1), re.S)
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def check_site(site: Path, png_dir: Path, pair: str | None = None, chromium: str | None = None) -> dict:
    """Screenshots and checks; returns {'index_png', 'pair_png', 'errors': [...], 'index_rows', 'beads'}."""
    chromium = chromium or find_chromium()
    if chromium is None:
        raise RuntimeError("no chromium found (Debian: apt-get install chromium)")
    index = site / "index.html"
    if not index.is_file():
        raise FileNotFoundError(f"{index}: no such file (run `align view OUT` first)")
    pages = sorted((site / "pairs").glob("*.html"))
    page = site / "pairs" / pair if pair else (pages[0] if pages else None)
    png_dir.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    result: dict = {"errors": errors}

    dom, msgs = rendered_dom(index, chromium)
    errors += [f"index: {m}" for m in msgs]
    result["index_rows"] = len(table_rows(dom))
    if pages and not result["index_rows"]:
        errors.append("index: the pairs table rendered no rows")
    result["index_png"] = png_dir / "index.png"
    errors += [f"index: {m}" for m in screenshot(index, result["index_png"], chromium, "1400,1500")]

    if page is not None:
        dom, msgs = rendered_dom(page, chromium)
        errors += [f"{page.name}: {m}" for m in msgs]
        result["beads"] = len(re.findall(r'<tr id="b\d+"', dom))
        result["pair_png"] = png_dir / "pair.png"
        errors += [f"{page.name}: {m}" for m in screenshot(page, result["pair_png"], chromium, "1400,1500")]
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path, help="folder written by `align view` (holds index.html)")
    ap.add_argument("--png-dir", type=Path, default=None, help="where to write index.png and pair.png (default: SITE/../screenshots)")
    ap.add_argument("--pair", default=None, help="file name of the pair page to capture (default: the first)")
    args = ap.parse_args()
    png_dir = args.png_dir or args.site.resolve().parent / "screenshots"
    try:
        res = check_site(args.site, png_dir, args.pair)
    except (RuntimeError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"index: {res['index_rows']} table rows rendered -> {res['index_png']}")
    if "pair_png" in res:
        print(f"pair page: {res['beads']} beads rendered -> {res['pair_png']}")
    if res["errors"]:
        print(f"{len(res['errors'])} console errors:")
        for e in res["errors"]:
            print(f"  {e}")
        return 1
    print("no console errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())

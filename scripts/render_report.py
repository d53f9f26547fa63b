#!/usr/bin/env python3
"""Render an `align bleu --html` page in headless Chromium: screenshot it to a PNG, and fail when
the page logs a console message (a script error, a resource that did not load) or renders
without its plots. Chromium is Debian's (`apt-get install chromium`), offline, empty profile.

    .venv/bin/python scripts/render_report.py report.html --png report.png [--size 1200,2400]"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--no-default-browser-check",
    "--disable-sync", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
]
# Console output and failed loads appear in Chromium's log as these.
CONSOLE = re.compile(r"CONSOLE|Uncaught|Failed to load resource|ERR_[A-Z_]+")


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def _run(chromium: str, url: str, extra: list[str], timeout: int) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        return subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                              capture_output=True, text=True, errors="replace", timeout=timeout)


def render(html: Path, png: Path, size: str = "1200,2400", chromium: str | None = None,
           timeout: int = 120) -> dict:
    """Screenshot `html` to `png` and read its DOM back; returns {'console': [...], 'svgs': N, 'png': path}."""
    chromium = chromium or chromium_path()
    if chromium is None:
        raise RuntimeError("no Chromium found (Debian: apt-get install chromium)")
    url = html.resolve().as_uri()
    png.parent.mkdir(parents=True, exist_ok=True)
    shot = _run(chromium, url, [f"--screenshot={png.resolve()}", f"--window-size={size}"], timeout)
    if not png.is_file() or png.stat().st_size == 0:
        raise RuntimeError(f"Chromium wrote no screenshot of {html} (exit {shot.returncode}): {shot.stderr[-1500:]}")
    dom = _run(chromium, url, ["--dump-dom"], timeout)
    console = [line for line in (shot.stderr + dom.stderr).splitlines() if CONSOLE.search(line)]
    return {"png": str(png), "console": console, "svgs": dom.stdout.count("<svg"),
            "tables": dom.stdout.count("<table"), "dom_chars": len(dom.stdout)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html", type=Path)
    ap.add_argument("--png", type=Path, help="screenshot path (default: beside the page)")
    ap.add_argument("--size", default="1200,2400", help="window width,height in pixels")
    args = ap.parse_args()
    png = args.png or args.html.with_suffix(".png")
    result = render(args.html, png, args.size)
    print(f"screenshot: {result['png']}; {result['svgs']} SVG plots, {result['tables']} tables rendered")
    for line in result["console"]:
        print(f"console: {line}", file=sys.stderr)
    if result["console"]:
        print(f"FAILED: {len(result['console'])} console message(s)", file=sys.stderr)
        return 1
    if result["svgs"] == 0:
        print("FAILED: no plot rendered", file=sys.stderr)
        return 1
    print("ok: no console messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Real pages nobody here wrote, as a second extraction bench: readability's test pages in the
layout of ../shared/bench/extract, so its score.py reads them.

    .venv/bin/python scripts/readability_pages.py READABILITY_CHECKOUT OUT
    .venv/bin/python ../shared/bench/extract/score.py --pages OUT/pages --truth OUT/ground-truth.json --peers

READABILITY_CHECKOUT is a checkout of github.com/mozilla/readability (Apache-2.0; not part of
this project, and nothing of it is copied into it). Each folder of its test/test-pages holds a
saved page (source.html) and what Readability.js extracts from it (expected.html). Pages of
10 KB or less are left out: those are small documents written to test one of Readability's rules
("ol", "005-unescape-html-entities"), not saved pages; 94 of 130 remain at commit ab4027a.

The truth of each page is the text of expected.html, its text nodes joined by spaces. It is
Readability's output, not a person's reading: it keeps figure captions, bylines, tables and
lists that this project's extractor leaves out by design, so every extractor's recall here is
measured against a generous truth (trafilatura's and resiliparse's as much as ours).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench_layout import write_page, write_truth_and_manifest
from selectolax.lexbor import LexborHTMLParser

MIN_PAGE_BYTES = 10_000  # smaller test pages are rule tests written for Readability, not saved pages


def pages_of(checkout: Path) -> list[Path]:
    """The test-page folders that hold a saved page and its expected output, by name."""
    root = checkout / "test" / "test-pages"
    if not root.is_dir():
        raise SystemExit(f"{checkout}: no test/test-pages folder: is it a checkout of mozilla/readability?")
    return sorted(d for d in root.iterdir() if (d / "source.html").is_file() and (d / "expected.html").is_file())


def expected_text(html: bytes) -> str:
    """The text of Readability's output page, its text nodes joined by spaces."""
    root = LexborHTMLParser(html.decode("utf-8", "replace")).root
    return root.text(separator=" ") if root is not None else ""


def build(checkout: Path, out: Path) -> tuple[int, int]:
    """Writes OUT/pages/<name>.html, OUT/ground-truth.json and OUT/manifest.json; (written, left out)."""
    truth: dict[str, dict[str, str]] = {}
    small = []
    for folder in pages_of(checkout):
        source = (folder / "source.html").read_bytes()
        if len(source) <= MIN_PAGE_BYTES:
            small.append(folder.name)
            continue
        write_page(out, folder.name, source)
        truth[folder.name] = {"articleBody": expected_text((folder / "expected.html").read_bytes()), "url": ""}
    write_truth_and_manifest(out, truth, {
        "source": "mozilla/readability test/test-pages (Apache-2.0): source.html, with expected.html's text as truth",
        "pages": len(truth),
        "left_out": {"why": f"{MIN_PAGE_BYTES:,} bytes or less: rule tests, not saved pages", "pages": small},
    })
    return len(truth), len(small)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkout", type=Path, help="a checkout of github.com/mozilla/readability")
    ap.add_argument("out", type=Path, help="folder to write: pages/, ground-truth.json, manifest.json")
    args = ap.parse_args(argv)
    written, small = build(args.checkout, args.out)
    print(f"written: {args.out} ({written} pages; {small} small rule-test pages left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Real news pages nobody here wrote, with bodies a person reviewed, as a third extraction
bench: the parser test pages of fundus (github.com/flairNLP/fundus), in the layout of
../shared/bench/extract, so its score.py reads them.

    .venv/bin/python scripts/fundus_pages.py FUNDUS_CHECKOUT OUT
    .venv/bin/python ../shared/bench/extract/score.py --pages OUT/pages --truth OUT/ground-truth.json --peers

FUNDUS_CHECKOUT is a checkout of flairNLP/fundus (MIT; not part of this project, and nothing of
it is copied into it). Its tests/resources/parser/test_data/<country>/ holds, for each news
publisher, saved pages (<Publisher>_<date>.html.gz, their URLs and crawl dates in meta.info)
and <Publisher>.json: what each version of fundus's hand-written parser for that publisher
must extract (a reviewed test case), keyed by version ("V1", "V1_1", "V2", ...). Each page is
read by the version current at its crawl date, one page a version; matching them in order
(pages by date, versions by number) is checked against the title the test case expects, and a
publisher whose pages and versions do not pair up one to one is left out, as is a page whose
title is not found in it.

The truth of each page is its test case's body: the summary, then each section's headline and
paragraphs, one a line. By default only the English-speaking countries' folders are read
(--countries changes that).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
from pathlib import Path

from bench_layout import write_page, write_truth_and_manifest

ENGLISH = ("us", "uk", "ca", "au", "ind", "za", "na", "ls", "tz", "ng", "ie", "nz", "gh", "ke")
_WS = re.compile(r"\s+")


def _version_key(name: str) -> tuple[int, ...]:
    """"V1_1" -> (1, 1): fundus numbers its parser versions so."""
    return tuple(int(x) for x in re.findall(r"\d+", name))


def _squash(text: str) -> str:
    return _WS.sub(" ", html.unescape(text)).strip().lower()


def body_text(case: dict) -> str:
    """A test case's body as lines: summary, then each section's headline and paragraphs."""
    body = case.get("body") or {}
    lines = [*body.get("summary", [])]
    for section in body.get("sections", []):
        lines += [*section.get("headline", []), *section.get("paragraphs", [])]
    return "\n".join(line for line in lines if line.strip())


def publisher_pages(folder: Path) -> tuple[dict[str, tuple[bytes, str, str]], list[str]]:
    """{page name: (bytes, URL, truth)} of one country folder, and the pages left out, each with why."""
    meta = json.loads((folder / "meta.info").read_text(encoding="utf-8")) if (folder / "meta.info").is_file() else {}
    out: dict[str, tuple[bytes, str, str]] = {}
    left: list[str] = []
    for cases_file in sorted(folder.glob("*.json")):
        publisher = cases_file.stem
        cases = json.loads(cases_file.read_text(encoding="utf-8"))
        versions = sorted(cases, key=_version_key)
        pages = sorted(folder.glob(f"{publisher}_*.html.gz"),
                       key=lambda p: (meta.get(p.name) or {}).get("crawl_date") or p.name)
        if len(pages) != len(versions):
            left += [f"{p.name}: {len(pages)} pages for {len(versions)} parser versions" for p in pages]
            continue
        for page, version in zip(pages, versions):
            case = cases[version]
            data = gzip.decompress(page.read_bytes())
            title = _squash(case.get("title") or "")
            if not title or title[:60] not in _squash(data.decode("utf-8", "replace")):
                left.append(f"{page.name}: the title of {version} is not in the page")
                continue
            truth = body_text(case)
            if not truth:
                left.append(f"{page.name}: {version} has no body")
                continue
            out[page.name.removesuffix(".html.gz")] = (data, (meta.get(page.name) or {}).get("url") or "", truth)
    return out, left


def build(checkout: Path, out: Path, countries: tuple[str, ...] = ENGLISH) -> tuple[int, int]:
    """Writes OUT/pages/<name>.html, OUT/ground-truth.json and OUT/manifest.json; (written, left out)."""
    root = checkout / "tests" / "resources" / "parser" / "test_data"
    if not root.is_dir():
        raise SystemExit(f"{checkout}: no tests/resources/parser/test_data folder: is it a checkout of flairNLP/fundus?")
    if countries == ("all",):  # every country folder (news pages in some 30 languages)
        countries = tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")))
    truth: dict[str, dict[str, str]] = {}
    left_out: list[str] = []
    for country in countries:
        if not (root / country).is_dir():
            continue
        pages, left = publisher_pages(root / country)
        left_out += [f"{country}/{x}" for x in left]
        for name, (data, url, text) in pages.items():
            write_page(out, name, data)
            truth[name] = {"articleBody": text, "url": url}
    write_truth_and_manifest(out, truth, {
        "source": "flairNLP/fundus tests/resources/parser/test_data (MIT): saved pages, with the reviewed test case's body as truth",
        "countries": list(countries),
        "pages": len(truth),
        "left_out": left_out,
    })
    return len(truth), len(left_out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkout", type=Path, help="a checkout of github.com/flairNLP/fundus")
    ap.add_argument("out", type=Path, help="folder to write: pages/, ground-truth.json, manifest.json")
    ap.add_argument("--countries", default=",".join(ENGLISH),
                    help="country folders to read, comma-separated, or all (default: the English-speaking ones)")
    args = ap.parse_args(argv)
    written, left = build(args.checkout, args.out, tuple(c for c in args.countries.split(",") if c))
    print(f"written: {args.out} ({written} pages; {left} left out, listed in manifest.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

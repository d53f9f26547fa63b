"""The article pages of WCXB, the Web Content eXtraction Benchmark (github.com/Murrough-Foley/
web-content-extraction-benchmark), as a fourth extraction bench, in the layout of
../shared/bench/extract, so its score.py reads them.

    .venv/bin/python scripts/wcxb_pages.py WCXB_CHECKOUT OUT
    .venv/bin/python ../shared/bench/extract/score.py --pages OUT/pages --truth OUT/ground-truth.json --peers

WCXB_CHECKOUT is a checkout of the benchmark (CC-BY-4.0; not part of this project, and nothing
of it is copied into it): human-reviewed pages of seven types, each a gzipped page
(<split>/html/<id>.html.gz) and its ground truth (<split>/ground-truth/<id>.json, whose
`main_content` is the page's main text). By default only the development split's article pages
are written (blog posts, news, editorials, guides, reviews: the kind this toolkit reads); its
held-out test split is the benchmark's own yardstick and is left alone unless --split says so.
A third of the test split's article pages are also in the development split (the same page under
the same id); `--split test --without-dev` leaves those out, so that what is scored is only what
the development pages never showed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from bench_layout import write_page, write_truth_and_manifest


def build(checkout: Path, out: Path, split: str = "dev", types: tuple[str, ...] = ("article",),
          without_dev: bool = False) -> tuple[int, int]:
    """Writes OUT/pages/<id>.html, OUT/ground-truth.json and OUT/manifest.json; (written, left
    out: of other types, or, with `without_dev`, in the development split too)."""
    truth_dir, html_dir = checkout / split / "ground-truth", checkout / split / "html"
    if not truth_dir.is_dir() or not html_dir.is_dir():
        raise SystemExit(f"{checkout}: no {split}/ground-truth and {split}/html folders: is it a checkout of WCXB?")
    in_dev: set[str] = set()
    if without_dev and split != "dev":
        if not (checkout / "dev" / "ground-truth").is_dir():
            raise SystemExit(f"{checkout}: no dev/ground-truth folder to leave its pages out of the {split} split")
        in_dev = {p.stem for p in (checkout / "dev" / "ground-truth").glob("*.json")}
    truth: dict[str, dict[str, str]] = {}
    other = 0
    for case_file in sorted(truth_dir.glob("*.json")):
        if case_file.stem in in_dev:
            other += 1
            continue
        case = json.loads(case_file.read_text(encoding="utf-8"))
        kind = ((case.get("_internal") or {}).get("page_type") or {}).get("primary")
        page = html_dir / f"{case_file.stem}.html.gz"
        if kind not in types or not page.is_file():
            other += 1
            continue
        write_page(out, case_file.stem, gzip.decompress(page.read_bytes()))
        truth[case_file.stem] = {"articleBody": (case.get("ground_truth") or {}).get("main_content") or "",
                                 "url": case.get("url") or ""}
    write_truth_and_manifest(out, truth, {
        "source": f"WCXB {split} split (CC-BY-4.0): pages of types {', '.join(types)}, main_content as truth"
                  + (", pages also in the dev split left out" if in_dev else ""),
        "pages": len(truth),
        "left_out": other,
    })
    return len(truth), other


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkout", type=Path, help="a checkout of the WCXB repository")
    ap.add_argument("out", type=Path, help="folder to write: pages/, ground-truth.json, manifest.json")
    ap.add_argument("--split", default="dev", help="dev (default) or test")
    ap.add_argument("--types", default="article", help="page types to write, comma-separated (default: article)")
    ap.add_argument("--without-dev", action="store_true", help="leave out pages the dev split also holds (with --split test)")
    args = ap.parse_args(argv)
    written, other = build(args.checkout, args.out, args.split, tuple(t for t in args.types.split(",") if t), args.without_dev)
    print(f"written: {args.out} ({written} pages; {other} of other types{' or in the dev split' if args.without_dev else ''} left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

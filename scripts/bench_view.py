#!/usr/bin/env python3
"""Time `align view` on a synthetic run of N article pairs (default 10,000; target: under 30 s)
and report the size of the largest file of the site (the index must not grow into one page).

    .venv/bin/python scripts/bench_view.py [--pairs 10000] [--keep DIR]

The synthetic run (about 20 sentences a side per pair) is written first and not timed. On a
shared machine the figure is noisy: rerun it, and compare runs made on the same machine."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the made-up run the viewer's tests use too

from synthetic_run import write_synthetic_run  # noqa: E402

from align.view import write_site  # noqa: E402


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=10_000)
    ap.add_argument("--shard-size", type=int, default=500)
    ap.add_argument("--keep", type=Path, default=None, help="write the run and site here and keep them")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-view-"))
    try:
        out = work / "out"
        t = time.perf_counter()
        if (out / "rows.jsonl").is_file():
            print(f"reusing the synthetic run in {out} ({_size(out) / 1e6:.1f} MB)")
        else:
            write_synthetic_run(out, n_pairs=args.pairs, shard_size=args.shard_size)
            print(f"synthetic run of {args.pairs} pairs: {_size(out) / 1e6:.1f} MB written in {time.perf_counter() - t:.1f} s (not timed)")
        res = write_site(out, work / "site", progress=False)
        path, size = res.largest_file
        site = res.index.parent
        if res.cleanup_seconds >= 0.05:
            print(f"(removing the previous site took {res.cleanup_seconds:.1f} s more, not counted)")
        print(f"site written in {res.seconds:.1f} s ({res.pairs / res.seconds:.0f} pairs/s), "
              f"target < 30 s: {'OK' if res.seconds < 30 else 'MISSED'}")
        print(f"site: {sum(1 for _ in site.rglob('*.html'))} HTML files, {_size(site) / 1e6:.1f} MB in all")
        print(f"largest file: {path.relative_to(site)} {size / 1e6:.2f} MB; "
              f"index.html {(site / 'index.html').stat().st_size / 1e3:.0f} kB, "
              f"{len(list((site / 'data').glob('*.js')))} data chunks")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

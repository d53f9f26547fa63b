"""WARC reading speed: FastWARC (what align.readers uses) against warcio, on a synthetic WARC.

    .venv/bin/python scripts/bench_readers.py [--records 3000]

Writes a gzipped WARC of HTML responses (and some images) to a temp folder, then times a full
read of every HTML payload with each library. Timings on a shared machine are noisy: rerun.
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from pathlib import Path


def write_warc(path: Path, n: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(0)
    words = ["한국", "news", "article", "기사", "정부", "market"]
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        for i in range(n):
            body = ("<html><body><p>" + " ".join(rng.choice(words) for _ in range(3000)) + "</p></body></html>").encode()
            ctype = "text/html; charset=utf-8" if i % 5 else "image/jpeg"
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://ex.com/{i}", "response", payload=io.BytesIO(body), http_headers=headers))


def read_warcio(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as f:
        for r in ArchiveIterator(f):
            if r.rec_type == "response" and "html" in (r.http_headers.get_header("Content-Type") or ""):
                r.content_stream().read()
                n += 1
    return n


def read_align(path: Path) -> int:
    from align.readers import Record, iter_records

    return sum(isinstance(r, Record) for r in iter_records(path))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=3000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.warc.gz"
        write_warc(path, args.records)
        mb = path.stat().st_size / 1e6
        for name, fn in [("warcio", read_warcio), ("align.readers (fastwarc)", read_align)]:
            best = float("inf")
            for _ in range(3):
                t = time.perf_counter()
                n = fn(path)
                best = min(best, time.perf_counter() - t)
            print(f"{name:26s} {n} html records, {mb:.1f} MB gz: best of 3 {best:.3f} s")


if __name__ == "__main__":
    main()

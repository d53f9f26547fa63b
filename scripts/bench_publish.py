"""Time and peak memory of build_dataset on synthetic rows (target: 1M rows < 2 min, < 2 GB).

    .venv/bin/python scripts/bench_publish.py [--rows 1000000] [--keep]

Rows are generated on the fly (not held in a list): 20 rows an article pair, words drawn from a
large synthetic vocabulary so that near-duplicate candidates are as rare as in real text, plus
some duplicates, boilerplate and filtered rows. Timings on a shared machine are noisy: rerun.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align.model import Row  # noqa: E402
from align.publish import build_dataset  # noqa: E402

SYL = [chr(0xAC00 + i * 37) for i in range(300)]


def synthetic_rows(n: int, seed: int = 0) -> Iterator[Row]:
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    en_vocab = ["".join(rng.choice(letters, rng.integers(2, 10))) for _ in range(50_000)]
    ko_vocab = ["".join(rng.choice(SYL, rng.integers(1, 5))) for _ in range(50_000)]
    per_pair, block = 20, 10_000
    prev: tuple[str, str] = ("", "")
    for start in range(0, n, block):
        m = min(block, n - start)
        ko_w = rng.integers(0, len(ko_vocab), (m, 14))
        en_w = rng.integers(0, len(en_vocab), (m, 25))
        ko_n = rng.integers(5, 15, m)
        en_n = rng.integers(8, 26, m)
        r = rng.random(m)
        score = rng.random(m)
        for t in range(m):
            i = start + t
            p, k = divmod(i, per_pair)
            ko = " ".join([ko_vocab[w] for w in ko_w[t, : ko_n[t]]]) + "."
            en = " ".join([en_vocab[w] for w in en_w[t, : en_n[t]]]).capitalize() + "."
            kept, reason, en_idx = True, "", [k]
            if r[t] < 0.01:
                ko, en = prev  # exact duplicate of the row before
            elif r[t] < 0.02:
                ko, en = "홍길동 기자", "By Hong Gil-dong, staff reporter"
            elif r[t] < 0.05:
                kept, reason, en_idx, en = False, "unaligned", [], ""
            prev = (ko, en)
            yield Row(f"site:{p}|site-en:{p}", ko, en, [k], en_idx, float(score[t]), f"site:{p}", f"site-en:{p}",
                      f"https://ko.example/{p}", f"https://en.example/{p}", "2024-01-01", "link", kept, reason)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--keep", action="store_true", help="keep the dataset folder and print where it is")
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-publish-")) / "dataset"
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in synthetic_rows(args.rows):
        pass
    gen = time.perf_counter() - t0
    gen_cpu = time.process_time() - c0
    t0 = time.perf_counter()
    c0 = time.process_time()
    stats = build_dataset(synthetic_rows(args.rows), out, seed=0, meta={"license": "other", "corpus": "synthetic"})
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mb = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 2**20
    print(f"rows in        {stats['rows_in']:,}")
    print(f"rows per split {stats['splits']}")
    print(f"dropped        {stats['dropped']}")
    print(f"generating     {gen:.1f} s (the synthetic rows alone, measured in a first pass)")
    print(f"build_dataset  {secs - gen:.1f} s wall (total {secs:.1f} s less generation; target < 120 s for 1M)")
    print(f"               {cpu - gen_cpu:.1f} s CPU (generation's CPU time subtracted: what a quiet machine would take)")
    print(f"peak RSS       {peak_mb:.0f} MB (target < 2048 MB for 1M)")
    print(f"folder size    {size_mb:.0f} MB")
    if args.keep:
        print(f"dataset        {out}")
    else:
        shutil.rmtree(out.parent)


if __name__ == "__main__":
    main()

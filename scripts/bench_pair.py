"""Document pairing benchmark: precision / recall on the shared pairing sets, and time and peak
memory on a synthetic archive.

    .venv/bin/python scripts/bench_pair.py            # bench sets + 50k x 50k synthetic archive
    .venv/bin/python scripts/bench_pair.py --quick    # bench sets + 5k x 5k
    .venv/bin/python scripts/bench_pair.py --size 20000 --skip-sets
    .venv/bin/python scripts/bench_pair.py --skip-sets --days 365   # dated: search by window

Bench sets (`../shared/bench/pair/*`, content only: no links, no dates) are paired through
`align pair --ko-dir --en-dir`, exactly as a user would. The synthetic archive is made of
documents of 10-30 sentence pairs sampled from the bench's parallel sentences (the pairing
set's line-aligned gold documents and the 1-1 beads of the ko-en alignment set), 10% of the
documents on each side without a counterpart; each unique sentence is embedded once, then the
documents are paired in-process. Peak memory is the process's maximum resident set size (the
encoder included). Timings on a shared machine are noisy: rerun before comparing.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"


def score_set(set_dir: Path) -> dict:
    """Run `align pair` on one set; precision / recall against gold.tsv (names without .txt)."""
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "align.cli", "pair", "--ko-dir", str(set_dir / "ko"), "--en-dir", str(set_dir / "en")],
        capture_output=True, text=True, cwd=ROOT,
    )
    if proc.returncode != 0:
        raise SystemExit(f"align pair failed on {set_dir}:\n{proc.stderr}")
    secs = time.perf_counter() - t
    got = set()
    for line in proc.stdout.splitlines():
        ko, en, _score = line.split("\t")
        got.add((Path(ko).stem, Path(en).stem))
    gold = {tuple(line.split("\t")[:2]) for line in (set_dir / "gold.tsv").read_text().splitlines() if line.strip()}
    tp = len(got & gold)
    return {
        "set": set_dir.name, "gold": len(gold), "found": len(got), "correct": tp,
        "precision": tp / len(got) if got else 1.0, "recall": tp / len(gold) if gold else 1.0, "seconds": secs,
    }


def parallel_sentences() -> list[tuple[str, str]]:
    """(ko, en) sentence pairs from the bench: pairing-set gold documents (line-aligned) and
    the 1-1 beads of the ko-en alignment set."""
    pairs: list[tuple[str, str]] = []
    for set_dir in sorted((BENCH / "pair").glob("*")):
        gold = set_dir / "gold.tsv"
        if not gold.exists():
            continue
        for line in gold.read_text().splitlines():
            if not line.strip():
                continue
            k, e = line.split("\t")[:2]
            ko = (set_dir / "ko" / f"{k}.txt").read_text().splitlines()
            en = (set_dir / "en" / f"{e}.txt").read_text().splitlines()
            if len(ko) == len(en):
                pairs += [(a.strip(), b.strip()) for a, b in zip(ko, en) if a.strip() and b.strip()]
    align_dir = BENCH / "align" / "ko-en-park-dev"
    if align_dir.exists():
        from align.model import parse_bead

        for gold in sorted((align_dir / "gold").iterdir()):
            src = (align_dir / "src" / gold.name).read_text().splitlines()
            tgt = (align_dir / "tgt" / gold.name).read_text().splitlines()
            for line in gold.read_text().splitlines():
                if line.strip():
                    b = parse_bead(line)
                    if len(b.src) == 1 and len(b.tgt) == 1:
                        pairs.append((src[b.src[0]].strip(), tgt[b.tgt[0]].strip()))
    return sorted(set(pairs))


def synthetic_archive(pool: list[tuple[str, str]], n: int, seed: int = 0, days: int = 0):
    """n Korean and n English documents; 90% are translations of each other (gold). With
    `days`, documents get day numbers over that many days (a translation 0-1 day after its
    original); without, no dates (every document a candidate for every other)."""
    rng = random.Random(seed)
    n_pairs = int(n * 0.9)
    ko, en, gold, ko_days, en_days = [], [], [], [], []
    for i in range(n):
        sents = [pool[j] for j in rng.sample(range(len(pool)), rng.randint(10, 30))]
        ko.append([k for k, _ in sents])
        ko_days.append(rng.randrange(days) if days else None)
        if i < n_pairs:
            en.append([e for _, e in sents])
            en_days.append(ko_days[-1] + rng.choice((0, 0, 1)) if days else None)
            gold.append(i)
        else:  # an English document with no Korean counterpart
            en.append([pool[j][1] for j in rng.sample(range(len(pool)), rng.randint(10, 30))])
            en_days.append(rng.randrange(days) if days else None)
    perm = list(range(n))
    rng.shuffle(perm)  # English document perm[i] is at position i
    en = [en[p] for p in perm]
    en_days = [en_days[p] for p in perm]
    where = {p: i for i, p in enumerate(perm)}
    if not days:
        return ko, en, {(k, where[k]) for k in gold}, None, None
    return ko, en, {(k, where[k]) for k in gold}, ko_days, en_days


class LookupEncoder:
    """Sentence embeddings computed once for the pool, looked up afterwards."""

    def __init__(self, table: dict[str, int], emb) -> None:
        self.table, self.emb = table, emb

    def encode(self, texts):
        import numpy as np

        return self.emb[np.fromiter((self.table[t] for t in texts), dtype=np.int64, count=len(texts))]


def run_synthetic(n: int, days: int = 0) -> dict:
    from align.embed import get_encoder
    from align.pair.content import match_documents

    pool = parallel_sentences()
    uniq = sorted({s for p in pool for s in p})
    t0 = time.perf_counter()
    emb = get_encoder().encode(uniq)
    t_embed = time.perf_counter() - t0
    ko, en, gold, ko_days, en_days = synthetic_archive(pool, n, days=days)
    enc = LookupEncoder({s: i for i, s in enumerate(uniq)}, emb)
    t1 = time.perf_counter()
    report = match_documents(ko, en, encoder=enc, ko_days=ko_days, en_days=en_days, show_progress=True)
    t_pair = time.perf_counter() - t1
    got = {(m.ko, m.en) for m in report.matches}
    tp = len(got & gold)
    return {
        "n": n, "days": days, "pool_pairs": len(pool), "unique_sentences": len(uniq), "embed_seconds": t_embed,
        "pair_seconds": t_pair, "threshold": report.threshold, "candidates": report.candidates,
        "precision": tp / len(got) if got else 1.0, "recall": tp / len(gold),
        "peak_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="Document pairing benchmark")
    ap.add_argument("--quick", action="store_true", help="synthetic archive of 5k a side instead of 50k")
    ap.add_argument("--size", type=int, default=None, help="synthetic documents a side")
    ap.add_argument("--days", type=int, default=0,
                    help="spread the synthetic archive over this many days (default: no dates, the worst case)")
    ap.add_argument("--skip-sets", action="store_true", help="only the synthetic archive")
    ap.add_argument("--skip-synthetic", action="store_true", help="only the bench sets")
    args = ap.parse_args()
    if not BENCH.exists():
        raise SystemExit(f"benchmark folder not found: {BENCH}")
    if not args.skip_sets:
        print("set\tgold\tfound\tcorrect\tprecision\trecall\tseconds")
        for set_dir in sorted((BENCH / "pair").glob("*")):
            if (set_dir / "gold.tsv").exists():
                r = score_set(set_dir)
                print(f"{r['set']}\t{r['gold']}\t{r['found']}\t{r['correct']}\t{r['precision']:.4f}\t"
                      f"{r['recall']:.4f}\t{r['seconds']:.1f}", flush=True)
    if not args.skip_synthetic:
        n = args.size or (5000 if args.quick else 50000)
        r = run_synthetic(n, args.days)
        when = f"over {r['days']} days (window 3)" if r["days"] else "undated"
        print(f"synthetic {r['n']} x {r['n']} documents {when} from {r['pool_pairs']} sentence pairs "
              f"({r['unique_sentences']} unique sentences, embedded once in {r['embed_seconds']:.1f} s)")
        print(f"  pairing: {r['pair_seconds']:.1f} s, {r['candidates']} candidate pairs scored, "
              f"margin threshold {r['threshold']:.3f}")
        print(f"  precision {r['precision']:.4f}  recall {r['recall']:.4f}  peak RSS {r['peak_rss_gb']:.2f} GB")


if __name__ == "__main__":
    main()

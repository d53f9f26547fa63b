"""Document pairing benchmark: precision / recall on the shared pairing sets, and time and peak
memory on a synthetic archive.

    .venv/bin/python scripts/bench_pair.py            # bench sets + 50k x 50k synthetic archive
    .venv/bin/python scripts/bench_pair.py --quick    # bench sets + 5k x 5k
    .venv/bin/python scripts/bench_pair.py --size 20000 --skip-sets
    .venv/bin/python scripts/bench_pair.py --skip-sets --days 365   # dated: search by window
    .venv/bin/python scripts/bench_pair.py --small          # tiny corpora drawn from the sets
    .venv/bin/python scripts/bench_pair.py --small --calibrate   # + leave-one-set-out choice of
                                                                 #   the small-corpus constants

Bench sets (`../shared/bench/pair/*`, content only: no links, no dates) are paired through
`align pair --ko-dir --en-dir`, exactly as a user would. The synthetic archive is made of
documents of 10-30 sentence pairs sampled from the bench's parallel sentences (the pairing
set's line-aligned gold documents and the 1-1 beads of the ko-en alignment set), 10% of the
documents on each side without a counterpart; each unique sentence is embedded once, then the
documents are paired in-process. Peak memory is the process's maximum resident set size (the
encoder included). Timings on a shared machine are noisy: rerun before comparing.

Small corpora (`--small`): collections of 1 to 31 documents a side drawn at random from sets
of real Korean-English document pairs (the pairing set's gold pairs, the sample corpus's gold
documents, the ko-en alignment set's documents), with and without distractors (documents whose
counterpart is not drawn), paired by today's content pairing ("after") and by the collection-
relative test alone ("before": `match_vectors`, what content pairing did for every size).
Precision and recall are summed over all draws; "false" counts pairs found in draws that hold
no translation. `--calibrate` chooses the sentence-evidence constants by leave-one-set-out
cross-validation and prints each fold's held-out figures.
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
        capture_output=True, text=True, cwd=ROOT, check=False,
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


def _lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def document_sets() -> list[tuple[str, dict[str, list[str]], dict[str, list[str]], list[tuple[str, str]]]]:
    """(name, Korean docs, English docs, gold pairs) of every set of real document pairs here:
    documents as lists of lines (a sentence a line)."""
    out = []
    for set_dir in sorted((BENCH / "pair").glob("*")):
        if (set_dir / "gold.tsv").exists():
            gold = [tuple(ln.split("\t")[:2]) for ln in (set_dir / "gold.tsv").read_text().splitlines() if ln.strip()]
            out.append((f"pair/{set_dir.name}", {p.stem: _lines(p) for p in sorted((set_dir / "ko").glob("*.txt"))},
                        {p.stem: _lines(p) for p in sorted((set_dir / "en").glob("*.txt"))}, gold))
    for name, src, tgt in ((f"align/{d.name}", d / "src", d / "tgt") for d in sorted((BENCH / "align").glob("ko-en*"))):
        if src.is_dir() and tgt.is_dir():
            ko = {p.name: _lines(p) for p in sorted(src.iterdir()) if p.is_file()}
            en = {p.name: _lines(p) for p in sorted(tgt.iterdir()) if p.is_file()}
            out.append((name, ko, en, [(k, k) for k in ko if k in en]))
    sample = ROOT / "corpora" / "sample" / "gold"
    if (sample / "src").is_dir():
        ko = {p.stem: _lines(p) for p in sorted((sample / "src").glob("*.txt"))}
        en = {p.stem: _lines(p) for p in sorted((sample / "tgt").glob("*.txt"))}
        out.append(("sample-corpus", ko, en, [(k, k) for k in ko if k in en]))
    return out


# (label, true pairs drawn, distractors a side)
SMALL_CONFIGS = [("1x1", 1, 0), ("1x1 unrelated", 0, 1), ("2x2", 2, 0), ("2x2 +1 distractor", 1, 1),
                 ("5x5", 5, 0), ("5x5 +2 distractors", 3, 2), ("10x10 +2 distractors", 8, 2),
                 ("16x16 +3 distractors", 13, 3), ("20x20 +4 distractors", 16, 4),
                 ("24x24 +4 distractors", 20, 4), ("31x31 +5 distractors", 26, 5)]


def _draw(gold: list[tuple[str, str]], n_pairs: int, n_distract: int, rng: random.Random):
    """Korean names, English names (shuffled) and the gold pairs among them; distractors are
    halves of other gold pairs, so their counterpart is not in the draw."""
    pick = rng.sample(gold, n_pairs + 2 * n_distract)
    pairs = pick[:n_pairs]
    ko = [k for k, _ in pairs] + [k for k, _ in pick[n_pairs : n_pairs + n_distract]]
    en = [e for _, e in pairs] + [e for _, e in pick[n_pairs + n_distract :]]
    rng.shuffle(ko)
    rng.shuffle(en)
    return ko, en, set(pairs)


def _pair_both_ways(ko: list[list[str]], en: list[list[str]], enc) -> tuple[set, set]:
    """(after, before): matches of today's content pairing and of the collection-relative test."""
    from align.pair.anchors import anchors_of
    from align.pair.content import match_documents, match_vectors
    from align.pair.docvec import embed_documents

    after = {(m.ko, m.en) for m in match_documents(ko, en, encoder=enc).matches}
    km, kp = embed_documents(ko, enc.encode)
    em, ep = embed_documents(en, enc.encode)
    before = match_vectors(km, kp, [anchors_of("\n".join(d)) for d in ko], em, ep, [anchors_of("\n".join(d)) for d in en])
    return after, {(m.ko, m.en) for m in before.matches}


def _embedding_lookup(sets) -> LookupEncoder:
    from align.embed import get_encoder

    uniq = sorted({s for _, ko, en, _ in sets for d in (*ko.values(), *en.values()) for s in d})
    return LookupEncoder({s: i for i, s in enumerate(uniq)}, get_encoder().encode(uniq))


def run_small(draws: int, seed: int = 0) -> None:
    """Precision / recall of content pairing on tiny collections drawn from the sets."""
    sets = document_sets()
    enc = _embedding_lookup(sets)
    print("small corpora: sums over draws (P precision, R recall; false: pairs found in draws without a translation)")
    print("set	corpus	draws	gold	after found/correct	after P	after R	before found/correct	before P	before R")
    for name, ko_docs, en_docs, gold in sets:
        rng = random.Random(seed)
        for label, n_pairs, n_distract in SMALL_CONFIGS:
            if n_pairs + 2 * n_distract > len(gold):
                continue
            tot = {"gold": 0, "a_found": 0, "a_ok": 0, "b_found": 0, "b_ok": 0}
            for _ in range(draws * (10 if n_pairs == 0 else 1)):  # false alarms are rare: more draws
                ko, en, want = _draw(gold, n_pairs, n_distract, rng)
                after, before = _pair_both_ways([ko_docs[k] for k in ko], [en_docs[e] for e in en], enc)
                truth = {(ko.index(k), en.index(e)) for k, e in want}
                tot["gold"] += len(truth)
                tot["a_found"] += len(after)
                tot["a_ok"] += len(after & truth)
                tot["b_found"] += len(before)
                tot["b_ok"] += len(before & truth)

            def pr(found: int, ok: int, tot: dict = tot) -> str:
                if not tot["gold"]:
                    return f"{found} false	-	-"
                return f"{found}/{ok}\t{ok / found if found else 1.0:.3f}\t{ok / tot['gold']:.3f}"

            print(f"{name}\t{label}\t{draws * (10 if n_pairs == 0 else 1)}\t{tot['gold']}\t{pr(tot['a_found'], tot['a_ok'])}\t"
                  f"{pr(tot['b_found'], tot['b_ok'])}", flush=True)


def calibrate(alpha: float = 0.01) -> None:
    """Leave-one-set-out choice of (SENT_COS, NULL_RATE): on the other sets, the highest recall
    of true pairs at alpha / 5 (a 5x5 collection) among the settings whose unrelated pairs pass
    at alpha no more often than alpha (a 1x1 collection); printed with the held-out set's figures."""
    import numpy as np

    from align.pair.sentence_evidence import binomial_tail, mutual_best

    sets = document_sets()
    enc = _embedding_lookup(sets)
    grid = [(c, r) for c in (0.4, 0.45, 0.5, 0.55, 0.6) for r in (0.01, 0.02, 0.03, 0.04, 0.05)]
    # per set: (is translation, n_short, mutual best cosines) of every Korean x English pair
    stats = {}
    for name, ko_docs, en_docs, gold in sets:
        g = set(gold)
        ko_e = {k: enc.encode(d) for k, d in ko_docs.items()}
        en_e = {e: enc.encode(d) for e, d in en_docs.items()}
        rows = []
        for k, a in ko_e.items():
            for e, b in en_e.items():
                if len(a) and len(b):
                    sims = a @ b.T
                    r, c = mutual_best(sims)
                    rows.append(((k, e) in g, min(len(a), len(b)), sims[r, c]))
        stats[name] = rows

    def figures(names, c, r):
        fa = n_un = hit = n_true = 0
        for nm in names:
            for true, n, cos in stats[nm]:
                p = binomial_tail(int((cos >= c).sum()), n, r)
                if true:
                    n_true += 1
                    hit += p <= alpha / 5
                else:
                    n_un += 1
                    fa += p <= alpha
        return fa / max(n_un, 1), hit / max(n_true, 1)

    print(f"calibration (alpha {alpha}): false alarm = unrelated pairs passing at alpha; recall = true pairs at alpha/5")
    for held in stats:
        train = [n for n in stats if n != held]
        scored = [(figures(train, c, r), c, r) for c, r in grid]
        ok = [t for t in scored if t[0][0] <= alpha] or scored
        (fa, rec), c, r = max(ok, key=lambda t: (t[0][1], -t[0][0], t[2]))
        hfa, hrec = figures([held], c, r)
        print(f"  held out {held}: chose SENT_COS {c} NULL_RATE {r} (train FA {fa:.4f} R {rec:.3f}) -> "
              f"held-out FA {hfa:.4f} R {hrec:.3f}")
    scored = [(figures(list(stats), c, r), c, r) for c, r in grid]
    ok = [t for t in scored if t[0][0] <= alpha] or scored
    (fa, rec), c, r = max(ok, key=lambda t: (t[0][1], -t[0][0], t[2]))
    print(f"  all sets: SENT_COS {c} NULL_RATE {r} (FA {fa:.4f} R {rec:.3f})")
    _ = np


def main() -> None:
    ap = argparse.ArgumentParser(description="Document pairing benchmark")
    ap.add_argument("--quick", action="store_true", help="synthetic archive of 5k a side instead of 50k")
    ap.add_argument("--size", type=int, default=None, help="synthetic documents a side")
    ap.add_argument("--days", type=int, default=0,
                    help="spread the synthetic archive over this many days (default: no dates, the worst case)")
    ap.add_argument("--skip-sets", action="store_true", help="only the synthetic archive")
    ap.add_argument("--skip-synthetic", action="store_true", help="only the bench sets")
    ap.add_argument("--small", action="store_true", help="only tiny corpora drawn from the sets (1x1 .. 31x31)")
    ap.add_argument("--draws", type=int, default=100, help="draws per tiny-corpus kind (--small)")
    ap.add_argument("--calibrate", action="store_true", help="with --small: leave-one-set-out choice of the constants")
    args = ap.parse_args()
    if not BENCH.exists():
        raise SystemExit(f"benchmark folder not found: {BENCH}")
    if args.small:
        if args.calibrate:
            calibrate()
        run_small(args.draws)
        return
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

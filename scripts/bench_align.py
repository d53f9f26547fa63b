#!/usr/bin/env python3
"""Benchmark the sentence aligner on ../shared/bench/align and on long concatenated documents.

    .venv/bin/python scripts/bench_align.py                 # quality + timing per set, then scaling
    .venv/bin/python scripts/bench_align.py --sizes 1000 4000   # a shorter scaling run
    .venv/bin/python scripts/bench_align.py --no-scaling --windows encode
    .venv/bin/python scripts/bench_align.py --no-scaling --set size_penalty=0.2 --by-type
    .venv/bin/python scripts/bench_align.py --cv            # tuned against cross-validated figures

Per set: strict and lax P/R/F1 (vecalign's score.py semantics), time to embed every sentence of
both sides once ("embed s", the baseline), time of the whole alignment from the text ("whole
s") in its two steps: its own embedding ("own embed s": the parts, or in the other window modes
the sentence embeddings) and the search ("search s": the document fits, windows, pieces and
search rounds, and the windows "verify" encodes), the whole's ratio to the baseline, and peak
memory of the search (tracemalloc, numpy arrays counted, in a separate run).
Under the table, a 95% bootstrap interval of each set's strict F1 (blocks of consecutive gold
beads resampled: how far the figure could move on other text of its kind), then the share of
aligned beads kept at each bead score and their strict precision (what `align run --min-score`
buys).
Scaling: documents of N sentences a side made by concatenating the bench documents (their
sentence embeddings reused, so only the search is timed), with the time and peak memory of the
search at each size (memory measured in a second, traced run; the embeddings themselves,
N x 512 float32 a side, are not counted). Timings on a shared machine are noisy: each step of each
document, and each scaling search, is timed `--repeat` times (3) and the least kept, as timeit
does; rerun to compare.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.evaluate import (  # noqa: E402
    CALIBRATION_BINS,
    SCORE_CUTS,
    document_counts,
    precision_by_score,
    read_beads,
    score_calibration,
    score_documents,
    strict_f1_interval,
)
from align.model import Bead  # noqa: E402
from align.sentalign import AlignSettings, align_embedded  # noqa: E402
from align.sentalign.aligner import (  # noqa: E402
    clean_lines,
    collection_deletion_rate,
    collection_first_pass,
    collection_second_pass,
    embed_document,
    embed_side,
)
from align.sentalign.crossval import HIGH_SCORE, N_COUNTS, cross_validate, f1_of, star_grid  # noqa: E402
from align.sentalign.folders import read_sentences  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench" / "align"
# set name -> its folder, over the --bench folders (BENCH alone unless given)
SETS: dict[str, Path] = {}


def set_path(name: str) -> Path:
    return SETS.get(name, BENCH / name)


def find_sets(folders: list[Path] | None) -> dict[str, Path]:
    """Set name -> its folder, over `folders` (BENCH when None), the first folder winning a name;
    exits naming a folder that is not there."""
    found: dict[str, Path] = {}
    for folder in folders or [BENCH]:
        if not folder.is_dir():
            sys.exit(f"{folder}: benchmark folder not found")
        for p in sorted(folder.iterdir()):
            if (p / "gold").is_dir():
                found.setdefault(p.name, p)
    return found


def load_set(path: Path):
    docs = []
    for gold in sorted((path / "gold").iterdir()):
        docs.append((read_sentences(path / "src" / gold.name), read_sentences(path / "tgt" / gold.name), read_beads(gold)))
    return docs


def bench_set(path: Path, encoder, settings: AlignSettings, repeat: int = 1, collection: bool = False) -> dict:
    """`collection`: the set aligned as `align_collection` does, in two passes (the deletion prior
    at the set's own rate where it is under null_prior_rate); the second pass's search time is
    added to the whole."""
    docs = load_set(path)
    embed_s = own_s = align_s = 0.0
    peak = 0
    gold, test = [], []
    by_type: dict[tuple[int, int], list[int]] = {}  # (a, b) -> [strict hits, beads]
    final = settings
    first = collection_first_pass(settings) if collection else None  # the pass that reads the rate
    collection = first is not None
    settings = first or settings
    kept = []  # each document's embeddings, for the second pass
    for src, tgt, g in docs:
        s, t = clean_lines(src), clean_lines(tgt)
        times = [float("inf")] * 3  # (baseline, own embedding, search): the least of `repeat` runs
        for _ in range(repeat):
            # the baseline: every sentence of both sides embedded once
            t0 = time.perf_counter()
            sv = embed_side(s, encoder, settings.max_chars)
            tv = embed_side(t, encoder, settings.max_chars)
            t1 = time.perf_counter()
            # the whole alignment from the text, in its two steps (as `align_sentences` runs them):
            # its own embedding (the parts, or the sentence embeddings), then the search, which
            # holds everything after it (fits, windows, pieces, search rounds; verify's encodes)
            sv2, tv2, parts = embed_document(s, t, encoder, settings)
            t1b = time.perf_counter()
            beads = align_embedded(s, t, sv2, tv2, settings, encoder=encoder, parts=parts)
            t2 = time.perf_counter()
            times = [min(x, y) for x, y in zip(times, (t1 - t0, t1b - t1, t2 - t1b))]
        # peak memory of the search in a second, traced run (tracemalloc slows what it traces)
        tracemalloc.start()
        align_embedded(s, t, sv, tv, AlignSettings(**{**settings.__dict__, "windows": "estimate"}))
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        embed_s += times[0]
        own_s += times[1]
        align_s += times[1] + times[2]
        gold.append(g)
        test.append(beads)
        if collection:
            kept.append((s, t, sv2, tv2, parts))
    if collection:
        rate = collection_deletion_rate([(s, t, b) for (s, t, *_), b in zip(kept, test)])
        second = collection_second_pass(final, rate)
        if second is not None:
            t0 = time.perf_counter()
            test = [align_embedded(s, t, sv2, tv2, second, encoder=encoder, parts=parts) for s, t, sv2, tv2, parts in kept]
            align_s += time.perf_counter() - t0
    for g, beads in zip(gold, test):
        gold_set = {(tuple(b.src), tuple(b.tgt)) for b in g}
        for b in beads:
            row = by_type.setdefault((len(b.src), len(b.tgt)), [0, 0])
            row[0] += (tuple(b.src), tuple(b.tgt)) in gold_set
            row[1] += 1
    sc = score_documents(gold, test)
    ci = strict_f1_interval(gold, test)
    cuts = precision_by_score(gold, test)
    calibration = score_calibration(gold, test)
    return {"set": path.name, "docs": len(docs), "scores": sc, "ci": ci, "cuts": cuts, "calibration": calibration, "embed_s": embed_s, "own_s": own_s, "align_s": align_s, "peak_mb": peak / 2**20, "by_type": by_type}


def scaling(sizes: list[int], encoder, settings: AlignSettings, repeat: int = 1) -> list[dict]:
    """Long documents built by concatenating the ko-en bench documents (cycled as needed)."""
    docs = load_set(set_path("ko-en-park-dev"))
    src_all = clean_lines([x for s, _, _ in docs for x in s])
    tgt_all = clean_lines([x for _, t, _ in docs for x in t])
    sv_all = embed_side(src_all, encoder, settings.max_chars)
    tv_all = embed_side(tgt_all, encoder, settings.max_chars)
    est = AlignSettings(**{**settings.__dict__, "windows": "estimate"})  # search only: no encoder calls
    rows = []
    for n in sizes:
        si = np.arange(n) % len(src_all)
        ti = np.arange(n) % len(tgt_all)
        s, t = [src_all[i] for i in si], [tgt_all[i] for i in ti]
        sv, tv = sv_all[si], tv_all[ti]
        dt = float("inf")
        for _ in range(repeat):  # the least of `repeat` runs, as for the sets
            t0 = time.perf_counter()
            beads = align_embedded(s, t, sv, tv, est, encoder=None)
            dt = min(dt, time.perf_counter() - t0)
        # memory in a second run: tracemalloc slows the search several times over
        tracemalloc.start()
        align_embedded(s, t, sv, tv, est, encoder=None)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append({"n": n, "search_s": dt, "peak_mb": peak / 2**20, "beads": len(beads)})
        print(f"  scaling {n} x {n}: {dt:.1f} s, peak {peak / 2**20:.0f} MB", file=sys.stderr, flush=True)
    return rows


def parse_settings(items: list[str]) -> dict:
    """`KEY=VALUE` pairs, each value read as its AlignSettings field's type."""
    try:
        return AlignSettings.parse(items)
    except ValueError as e:
        sys.exit(f"--set {e}")


def warm_up(path: Path, encoder, settings: AlignSettings) -> None:
    """Load the encoder's model and compile the search on a few lines of the first set, so that
    neither is charged to the first set's timings (its baseline or its alignment)."""
    src, tgt, _ = load_set(path)[0]
    s, t = clean_lines(src[:20]), clean_lines(tgt[:20])
    embed_side(s, encoder, settings.max_chars)  # the baseline's own path
    sv, tv, parts = embed_document(s, t, encoder, settings)
    align_embedded(s, t, sv, tv, settings, encoder=encoder, parts=parts)


COLLECTION_PRIOR = "null_prior@collection"  # a grid key: null_prior at the set's own deletion rate (null_rate)

# the settings chosen on the dev sets (docs/aligner.md), each with the values around it that the
# rounds measured: the grid the cross-validation chooses from (each moved alone from the defaults)
CV_ALTERNATIVES: dict[str, tuple] = {
    "temperature": (0.05, 0.15),
    "delta": (-0.15, -0.25),
    "size_penalty": (0.08, 0.12),
    "size_exponent": (0.45, 0.55),
    "null_weight": (0.2, 0.4),
    "null_free": (0.3, 0.7),
    "null_piece_weight": (0.5, 1.5),
    "null_prior": (0.05, 0.2),
    COLLECTION_PRIOR: (0.1, 0.2, 0.3),
    "center": (0.1, 0.2),
    "glue_penalty": (0.0, 0.5),
    "nosplit_penalty": (0.1, 0.3),
    "split_weight": (0.2, 0.4),
    "length_weight": (0.07, 0.15),
    "length_cap": (3.0, 5.0),
}


def embedded_sets(names: list[str], encoder, settings: AlignSettings) -> dict[str, list]:
    """Each set's documents with the aligner's own embedding, computed once and reused for every
    setting: name -> [(source lines, target lines, gold beads, (source vectors, target vectors, parts))]."""
    out = {}
    for name in names:
        docs = []
        for src, tgt, g in load_set(set_path(name)):
            s, t = clean_lines(src), clean_lines(tgt)
            docs.append((s, t, g, embed_document(s, t, encoder, settings)))
        out[name] = docs
    return out


def doc_counts(gold, beads) -> np.ndarray:
    """One document's counts for crossval: strict precision and recall hits / misses, and the
    strict hits / misses of its aligned beads scored >= HIGH_SCORE."""
    p, r = document_counts(gold, beads)
    high = precision_by_score([gold], [beads], (HIGH_SCORE,))[0]
    h_hit = round(high.kept * high.precision_strict)
    return np.array([p.strict_hit, p.strict_miss, r.strict_hit, r.strict_miss, h_hit, high.kept - h_hit], dtype=np.int64)


def run_cv(names: list[str], encoder, base: dict, alternatives: dict[str, tuple]) -> None:
    """Print, per set, the figure at the defaults (tuned on every set) beside the figure of the
    settings chosen without it (leave one set out; leave one document out), from a star grid."""
    start = AlignSettings.from_kwargs(**base)
    data = embedded_sets(names, encoder, start)
    defaults = start.__dict__
    grid = star_grid(defaults, alternatives)
    counts = [np.zeros((len(grid), len(data[n]), N_COUNTS), dtype=np.int64) for n in names]
    t0 = time.perf_counter()
    rates: dict[str, float] = {}  # each set's rate of sure deletions at the defaults (no gold read)
    for g, point in enumerate(grid):
        for k, name in enumerate(names):
            kw = {**base, **point}
            if COLLECTION_PRIOR in kw:  # the deletion prior at the collection's own rate (a second pass)
                kw["null_prior"], kw["null_rate"] = kw.pop(COLLECTION_PRIOR), rates[name]
            cfg = AlignSettings.from_kwargs(**kw)
            first = []
            for d, (s, t, gold, (sv, tv, parts)) in enumerate(data[name]):
                beads = align_embedded(s, t, sv, tv, cfg, encoder=encoder, parts=parts)
                counts[k][g, d] = doc_counts(gold, beads)
                first.append((s, t, beads))
            if g == 0:
                if cfg.null_prior:
                    # as align_collection reads it: from a pass without the prior (a --set null_prior
                    # in the defaults would otherwise lower the very rate it is measured against;
                    # without the prior, null_rate weighs nothing)
                    bare = dataclasses.replace(cfg, null_prior=0.0)
                    first = [(s, t, align_embedded(s, t, sv, tv, bare, encoder=encoder, parts=parts))
                             for s, t, _, (sv, tv, parts) in data[name]]
                rates[name] = collection_deletion_rate(first)
        print(f"  grid point {g + 1}/{len(grid)} {point or 'defaults'}: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    label = lambda g: ", ".join(f"{k}={v}" for k, v in grid[g].items()) or "defaults"  # noqa: E731
    print("\nSure deletions per sentence at the defaults: " + ", ".join(f"{n} {r:.4f}" for n, r in rates.items()))
    print("\nStrict F1 of each grid point (mean over sets; * best):\n")
    print("| setting | " + " | ".join(names) + " | mean |")
    print("|---|" + "---|" * (len(names) + 1))
    f1 = np.stack([f1_of(c.sum(axis=1)) for c in counts], axis=1)
    for g in range(len(grid)):
        mark = " *" if g == int(np.argmax(f1.mean(axis=1))) else ""
        print(f"| {label(g)} | " + " | ".join(f"{x:.3f}" for x in f1[g]) + f" | {f1[g].mean():.4f}{mark} |")
    print(f"\nCross-validation over {len(grid)} settings (the defaults, and each of {', '.join(alternatives)} moved alone):\n")
    print(f"| set | docs | tuned F1 (defaults) | best of grid, in-sample | CV F1, leave set out | CV F1, leave document out | P(score >= {HIGH_SCORE:g}), defaults | P(score >= {HIGH_SCORE:g}), CV | chosen without the set |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in cross_validate(counts, names):
        lodo = f"{r.lodo_f1:.3f}" if r.lodo_f1 is not None else "-"
        print(
            f"| {r.name} | {r.docs} | {r.tuned_f1:.3f} | {r.best_f1:.3f} | {r.loso_f1:.3f} | {lodo} "
            f"| {r.tuned_high:.3f} | {r.cv_high:.3f} | {label(r.loso_choice)} |"
        )
        if r.lodo_choices:
            chosen = sorted({label(g) for g in r.lodo_choices})
            print(f"  chosen leaving one of its documents out: {'; '.join(chosen)}")


def move_block(src: list[str], tgt: list[str], gold, rng: np.random.Generator, k: int):
    """A pseudo-document with a moved paragraph: the target sentences of k consecutive gold 1-1
    beads taken out and put back before another gold bead at least k + 2 beads away (or at the
    end), the gold updated. Returns (new target lines, new gold, the moved gold pairs) or None
    when the document has no such block."""
    g = list(gold)
    starts = [s for s in range(len(g) - k + 1) if all(len(b.src) == 1 and len(b.tgt) == 1 for b in g[s : s + k])]
    if not starts:
        return None
    s0 = int(rng.choice(starts))
    block = [g[s0 + x].tgt[0] for x in range(k)]
    # an insertion point: before a bead that has target sentences, far from the block
    far = [d for d in range(len(g) + 1) if (d < s0 - 2 or d > s0 + k + 2) and (d == len(g) or g[d].tgt)]
    if not far:
        return None
    d = int(rng.choice(far))
    before = len(tgt) if d == len(g) else g[d].tgt[0]
    rest = [j for j in range(len(tgt)) if j not in block]
    cut = sum(1 for j in rest if j < before)
    order = rest[:cut] + block + rest[cut:]
    new_of = {old: new for new, old in enumerate(order)}
    new_gold = [Bead(b.src, tuple(new_of[j] for j in b.tgt)) for b in g]
    moved = {(g[s0 + x].src, (new_of[block[x]],)) for x in range(k)}
    return [tgt[j] for j in order], new_gold, moved


def run_moved(names: list[str], encoder, base: dict, per_doc_beads: int = 60, seed: int = 19) -> None:
    """Moved paragraphs recovered: pseudo-documents of each set with one block of 2-4 target
    sentences moved (one per `per_doc_beads` gold beads of a document, at least one, at most 5),
    aligned without and with the moved pass; and the sets' own documents, where nothing moved,
    with and without it."""
    rng = np.random.default_rng(seed)
    off = AlignSettings.from_kwargs(**{**base, "moved": False})
    on = AlignSettings.from_kwargs(**{**base, "moved": True})
    print(f"\nMoved paragraphs (moved pass: moved_min_score={on.moved_min_score}, moved_out_level={on.moved_out_level}, "
          f"moved_free_floor={on.moved_free_floor}, moved_free_margin={on.moved_free_margin}):\n")
    print("| set | pseudo-docs | moved sentences | recovered | flagged | precision of flagged | F1 without pass | F1 with pass | own docs F1 without / with |")
    print("|---|---|---|---|---|---|---|---|---|")
    scored_all: list[tuple[float, bool]] = []
    for name in names:
        gold_moved, test_off, test_on, own_gold, own_off, own_on = [], [], [], [], [], []  # gold_moved: both passes' gold
        n_moved = recovered = flagged = right = docs = 0
        for src, tgt, g in load_set(set_path(name)):
            s, t = clean_lines(src), clean_lines(tgt)
            sv, tv, parts = embed_document(s, t, encoder, off)
            own_gold.append(g)
            own_off.append(align_embedded(s, t, sv, tv, off, encoder=encoder, parts=parts))
            own_on.append(align_embedded(s, t, sv, tv, on, encoder=encoder, parts=parts))
            for _ in range(min(5, max(1, len(g) // per_doc_beads))):
                made = move_block(s, t, g, rng, int(rng.integers(2, 5)))
                if made is None:
                    continue
                t2, g2, moved = made
                sv2, tv2, parts2 = embed_document(s, t2, encoder, off)
                b_off = align_embedded(s, t2, sv2, tv2, off, encoder=encoder, parts=parts2)
                b_on = align_embedded(s, t2, sv2, tv2, on, encoder=encoder, parts=parts2)
                got = {(b.src, b.tgt) for b in b_on}
                in_gold = {(b.src, b.tgt) for b in g2}
                docs += 1
                n_moved += len(moved)
                recovered += len(moved & got)
                for b in b_on:
                    if b.moved:
                        flagged += 1
                        ok = (b.src, b.tgt) in in_gold  # a moved bead is right when the gold has it
                        right += ok
                        scored_all.append((b.score, ok))
                gold_moved.append(g2)
                test_off.append(b_off)
                test_on.append(b_on)
        for beads, gold in zip(own_on, own_gold):
            gs = {(b.src, b.tgt) for b in gold}
            scored_all.extend((b.score, (b.src, b.tgt) in gs) for b in beads if b.moved)
        f_off, f_on = score_documents(gold_moved, test_off).f1_strict, score_documents(gold_moved, test_on).f1_strict
        o_off, o_on = score_documents(own_gold, own_off).f1_strict, score_documents(own_gold, own_on).f1_strict
        print(
            f"| {name} | {docs} | {n_moved} | {recovered} ({recovered / max(n_moved, 1):.1%}) | {flagged} "
            f"| {right / max(flagged, 1):.3f} | {f_off:.3f} | {f_on:.3f} | {o_off:.3f} / {o_on:.3f} |",
            flush=True,
        )
    if scored_all:
        print("\nMoved beads by score (beads / mean score / share right), all sets:")
        for lo, hi in ((0.0, 0.7), (0.7, 0.9), (0.9, 0.99), (0.99, 1.01)):
            sel = [ok for sc, ok in scored_all if lo <= sc < hi]
            mean = np.mean([sc for sc, _ in scored_all if lo <= sc < hi]) if sel else 0.0
            print(f"  {lo:g}-{min(hi, 1):g}: {len(sel)} / {mean:.2f} / {np.mean(sel) if sel else 0:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=None, help="bench set names (default: all)")
    ap.add_argument(
        "--bench", action="append", type=Path, default=None, metavar="DIR",
        help="a folder of bench sets (repeatable; default ../shared/bench/align): e.g. also OUT/align of "
             "`scripts/build_bench.py OUT --only jhe`",
    )  # fmt: skip
    ap.add_argument("--windows", default="parts", choices=["parts", "estimate", "verify", "encode"])
    ap.add_argument("--sizes", nargs="*", type=int, default=[1000, 4000, 16000, 64000])
    ap.add_argument("--no-scaling", action="store_true")
    ap.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="an aligner setting (AlignSettings field), repeatable"
    )
    ap.add_argument("--by-type", action="store_true", help="also print each bead type's strict precision per set")
    ap.add_argument("--threads", type=int, default=None, help="encoder threads (default: all cores)")
    ap.add_argument(
        "--repeat", type=int, default=3, help="time each document this many times and keep the least of each step (default 3)"
    )
    ap.add_argument("--moved", action="store_true", help="measure the moved-sentence pass on pseudo-documents with a moved block (no timing)")
    ap.add_argument("--seed", type=int, default=19, help="--moved: the seed of the blocks moved (default 19)")
    ap.add_argument(
        "--collection", action="store_true",
        help="align each set as one collection (align_collection's two passes; with --set null_prior=W)",
    )  # fmt: skip
    ap.add_argument("--cv", action="store_true", help="cross-validate the tuned settings over a small grid (no timing)")
    ap.add_argument(
        "--cv-grid", action="append", default=[], metavar="KEY=V1,V2",
        help="the alternatives of one setting for --cv (repeatable; replaces the built-in grid)",
    )  # fmt: skip
    args = ap.parse_args()
    SETS.update(find_sets(args.bench))
    from align.embed import get_encoder

    encoder = get_encoder(args.threads)
    settings = AlignSettings.from_kwargs(windows=args.windows, **parse_settings(args.set))
    sets = args.sets or sorted(SETS)
    if args.moved:
        run_moved(sets, encoder, {"windows": args.windows, **parse_settings(args.set)}, seed=args.seed)
        return
    if args.cv:
        base = {"windows": args.windows, **parse_settings(args.set)}
        alternatives = CV_ALTERNATIVES
        if args.cv_grid:
            alternatives = {}
            for item in args.cv_grid:
                key, _, values = item.partition("=")
                alternatives[key] = tuple(parse_settings([f"{key}={v}"])[key] for v in values.split(","))
        run_cv(sets, encoder, base, alternatives)
        return
    warm_up(set_path(sets[0]), encoder, settings)
    print(f"aligner settings: {settings.describe()}; encoder threads: {encoder.threads}; cores: {os.cpu_count()}\n")
    print("| set | docs | strict P | strict R | strict F1 | lax P | lax R | lax F1 | embed s | own embed s | search s | whole s | whole/embed | search peak MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    intervals = []
    cut_rows = []
    calibration_rows = []
    for name in sets:
        r = bench_set(set_path(name), encoder, settings, args.repeat, args.collection)
        intervals.append(f"{name} {r['ci'][0]:.3f}-{r['ci'][1]:.3f}")
        cut_rows.append(f"| {name} | " + " | ".join(f"{c.share:.3f} / {c.precision_strict:.3f}" for c in r["cuts"]) + " |")
        cal = r["calibration"]
        calibration_rows.append(
            f"| {name} | " + " | ".join(f"{b.beads} / {b.mean_score:.2f} / {b.precision_strict:.2f}" for b in cal.bins) + f" | {cal.auc:.3f} |"
        )
        sc = r["scores"]
        ratio = r["align_s"] / max(r["embed_s"], 1e-9)
        print(
            f"| {name} | {r['docs']} | {sc.precision_strict:.3f} | {sc.recall_strict:.3f} | {sc.f1_strict:.3f} "
            f"| {sc.precision_lax:.3f} | {sc.recall_lax:.3f} | {sc.f1_lax:.3f} | {r['embed_s']:.1f} | {r['own_s']:.1f} "
            f"| {r['align_s'] - r['own_s']:.1f} | {r['align_s']:.1f} "
            f"| {ratio:.2f}x | {r['peak_mb']:.1f} |",
            flush=True,
        )
        if args.by_type:
            types = sorted(r["by_type"].items())
            print("  strict precision by bead type: " + ", ".join(f"{a}-{b} {h}/{n}" for (a, b), (h, n) in types), flush=True)
    # how far each figure could move on other text of its kind (evaluate.strict_f1_interval)
    print("\nstrict F1, 95% bootstrap interval (blocks of 20 gold beads, 1000 resamples): " + "; ".join(intervals))
    # what a data builder's `align run --min-score T` keeps of the aligned beads, and how many are right
    print("\nAligned beads kept at each bead score (share of aligned beads / their strict precision):\n")
    print("| set | " + " | ".join(f">= {t:g}" for t in SCORE_CUTS) + " |")
    print("|---|" + "---|" * len(SCORE_CUTS))
    print("\n".join(cut_rows))
    # whether a bead's score reads as the probability that it is right
    print("\nAligned beads by score (beads / mean score / strict precision), and the score's AUC for right against wrong beads:\n")
    print("| set | " + " | ".join(f"{lo:g}-{hi:g}" for lo, hi in zip(CALIBRATION_BINS, [*CALIBRATION_BINS[1:], 1])) + " | AUC |")
    print("|---|" + "---|" * (len(CALIBRATION_BINS) + 1))
    print("\n".join(calibration_rows))
    if args.no_scaling:
        return
    print("\nScaling (search only, window estimates, bench documents concatenated):\n")
    print("| sentences a side | search s | peak MB | s per 1k |")
    print("|---|---|---|---|")
    for r in scaling(args.sizes, encoder, settings, args.repeat):
        print(f"| {r['n']} | {r['search_s']:.2f} | {r['peak_mb']:.0f} | {1000 * r['search_s'] / r['n']:.3f} |", flush=True)


if __name__ == "__main__":
    main()

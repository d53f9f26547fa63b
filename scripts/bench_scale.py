#!/usr/bin/env python3
"""Scaling the per-pair stages (segment, align) out: in-process, a local process pool, and a Dask
LocalCluster, on a synthetic corpus of article pairs built at run time from the sentences of
../shared/bench/align/ko-en-park-dev (nothing from it is written into the project).

Prints pairs/s and sentences/s per stage, the peak memory of each worker process, the speed-up
of the pool over one process and the overhead of Dask over the pool. With --memory it shows
instead that the align stage's peak memory does not grow with the corpus (N vs 10N pairs).

The stages run exactly as `align run` runs them: `segment_shard` / `align_shard` from
align.stages (the functions `align run`'s runner ships for each pair), shards of --shard-size
pairs, each shard's result written to a file by this (the driver) process as it comes back.

With --grow N it measures the per-item cache instead: `--pairs` pairs through the runner's
segment, align and filter stages (as `align run` runs them), then the same with N new pairs
interleaved among them (so every shard after the first new pair shifts): how many pairs the
rerun segments and aligns, its time against the first run's, and whether every old pair's rows
come out byte-identical.

Usage:
  python scripts/bench_scale.py                       # 10k pairs, all three executors
  python scripts/bench_scale.py --pairs 1000 --grow 10   # a run of 1,000 pairs, then 10 more
  python scripts/bench_scale.py --pairs 1000 --modes in-process,in-process-1t,pool --rounds 3
  python scripts/bench_scale.py --memory --pairs 320  # 320 vs 3200 pairs, align stage
  python scripts/bench_scale.py --pairs 64 --modes pool,pool-spawn   # worker start methods
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from align.atomic import read_jsonl, write_jsonl
from align.executors import DaskExecutor, Executor, InProcess, LocalPool, cores
from align.model import parse_bead
from align.runner import Runner, Settings, record_manual
from align.stages.align import align_record
from align.stages.segment import segment_record

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "align" / "ko-en-park-dev"


# --- the synthetic corpus ---


def load_docs(root: Path) -> list[tuple[list[str], list[str], list[Any]]]:
    """(Korean lines, English lines, gold beads) of every document of the benchmark."""
    docs = []
    for gold in sorted((root / "gold").iterdir()):
        ko = (root / "src" / gold.name).read_text(encoding="utf-8").splitlines()
        en = (root / "tgt" / gold.name).read_text(encoding="utf-8").splitlines()
        beads = [parse_bead(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
        docs.append((ko, en, beads))
    return docs


def synthetic_pairs(docs: list, n: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """n ArticlePair records, each a random run of 4-12 gold beads of a random document, three
    beads a paragraph (so both sides have the same paragraphs). Streamed: never all in memory."""
    rng = random.Random(seed)
    for k in range(n):
        ko_lines, en_lines, beads = docs[rng.randrange(len(docs))]
        length = rng.randint(4, 12)
        start = rng.randrange(max(1, len(beads) - length))
        window = beads[start : start + length]
        ko_paras, en_paras = [], []
        for p in range(0, len(window), 3):
            group = window[p : p + 3]
            ko_paras.append(" ".join(ko_lines[i] for b in group for i in b.src))
            en_paras.append(" ".join(en_lines[j] for b in group for j in b.tgt))
        ko_paras = [t for t in ko_paras if t] or ["-"]
        en_paras = [t for t in en_paras if t] or ["-"]

        def article(lang: str, paras: list[str], k: int = k) -> dict[str, Any]:
            return {
                "id": f"bench:{lang}{k}", "lang": lang, "url": f"https://bench.invalid/{lang}/{k}",
                "title": paras[0][:40], "date": "2016-01-01", "byline": None, "paragraphs": paras,
            }

        yield {"pair_id": f"p{k:07d}", "method": "link", "score": 1.0,
               "ko": article("ko", ko_paras), "en": article("en", en_paras)}


def shards(records: Iterator[dict], size: int) -> Iterator[tuple[int, list[dict]]]:
    shard: list[dict] = []
    index = 0
    for r in records:
        shard.append(r)
        if len(shard) == size:
            yield index, shard
            index, shard = index + 1, []
    if shard:
        yield index, shard


# --- the stages' work on one shard, as the runner ships it (without its cache) ---


def segment_shard(task: tuple[int, list[dict]]) -> tuple[int, list[dict]]:
    index, pairs = task
    return index, [json.loads(segment_record(p, {})[0]) for p in pairs]


def align_shard(task: tuple[int, list[dict]], settings: dict[str, Any], threads: int | None) -> tuple[int, list[dict]]:
    index, segs = task
    return index, [json.loads(align_record(s, {"aligner": settings, "threads": threads})[0]) for s in segs]


# --- measuring inside the workers ---


def measured(fn: Callable[[Any], tuple[int, list[dict]]], task: Any) -> tuple[int, list[dict], int, float]:
    """Run one shard; also return the worker's pid and its peak resident memory so far (MiB)."""
    index, records = fn(task)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return index, records, os.getpid(), peak_mib


def warm(task: int, threads: int | None = None) -> int:
    """Load the segmenters and the encoder and compile the aligner in a worker (once per
    process), outside the timing."""
    from align.embed import get_encoder
    from align.segment import segment_paragraphs
    from align.sentalign import align_sentences

    segment_paragraphs(["준비 완료. 시작합니다."], "ko")
    segment_paragraphs(["Ready. Go."], "en")
    align_sentences(["준비 완료.", "시작합니다.", "끝."], ["Ready.", "Go.", "End."], encoder=get_encoder(threads))
    time.sleep(0.5)  # hold this worker so the next warm-up task goes to another one
    return os.getpid()


def run_stage(executor: Executor, fn: Callable, tasks: Iterator, folder: Path) -> dict[str, Any]:
    """One stage through `executor`, shard files written as results come back."""
    folder.mkdir(parents=True, exist_ok=True)
    peaks: dict[int, float] = {}
    n_shards = n_records = 0
    # tracemalloc slows every allocation of the traced process: trace the driver only when the
    # work runs elsewhere, or the in-process baseline is handicapped (it ran ~3x slower traced).
    trace = not isinstance(executor, InProcess)
    if trace:
        tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    for index, records, pid, peak in executor.map(functools.partial(measured, fn), tasks):
        write_jsonl(folder / f"shard-{index:05d}.jsonl", records)
        peaks[pid] = max(peaks.get(pid, 0.0), peak)
        n_shards += 1
        n_records += len(records)
    seconds = time.perf_counter() - start
    driver_cpu = time.process_time() - cpu  # this process, all its threads (Dask's scheduler lives here)
    driver_peak = 0
    if trace:
        _, driver_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {"seconds": seconds, "driver_cpu": driver_cpu, "shards": n_shards, "records": n_records, "worker_peak_mib": peaks,
            "driver_py_peak_mib": driver_peak / 2**20}


def read_shards(folder: Path, n: int) -> Iterator[tuple[int, list[dict]]]:
    for i in range(n):
        yield i, list(read_jsonl(folder / f"shard-{i:05d}.jsonl"))


def make(mode: str, workers: int) -> Executor:
    if mode in ("in-process", "in-process-1t"):
        return InProcess()
    if mode == "pool":
        return LocalPool(workers)  # forkserver
    if mode == "pool-spawn":
        return LocalPool(workers, context="spawn")
    if mode == "dask":
        return DaskExecutor(local_workers=workers)
    raise SystemExit(f"unknown mode {mode!r} (in-process, in-process-1t, pool, pool-spawn, dask)")


def bench_mode(mode: str, args: argparse.Namespace, docs: list, work: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    executor = make(mode, args.workers)
    n_warm = 1 if isinstance(executor, InProcess) else args.workers
    # in-process: the encoder's default (one thread, or ALIGN_THREADS), or one thread; workers: pinned by the executor
    threads = 1 if mode == "in-process-1t" else None
    with executor:
        warmed = set(executor.map(functools.partial(warm, threads=threads), range(n_warm)))
        startup = time.perf_counter() - t0
        out = work / mode
        seg = run_stage(executor, segment_shard, shards(synthetic_pairs(docs, args.pairs, args.seed), args.shard_size),
                        out / "segment")
        sentences = sum(len(r["ko"]) + len(r["en"]) for _, recs in read_shards(out / "segment", seg["shards"]) for r in recs)
        al = run_stage(executor, functools.partial(align_shard, settings={}, threads=threads),
                       read_shards(out / "segment", seg["shards"]), out / "align")
    return {"mode": mode, "startup": startup, "warm_workers": len(warmed), "segment": seg, "align": al,
            "sentences": sentences}


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def differing_pairs(a: Path, b: Path) -> int:
    """Pairs whose aligned records differ between two runs' align shards."""
    n = 0
    for p in sorted(b.glob("shard-*.jsonl")):
        n += sum(x != y for x, y in zip(read_jsonl(a / p.name), read_jsonl(p)))
    return n


def throughput(args: argparse.Namespace, docs: list, work: Path) -> None:
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    results = []
    for rnd in range(1, args.rounds + 1):  # modes interleaved, so a change of load hits them alike
        for mode in modes:
            print(f"[round {rnd}: {mode}] {load()}", file=sys.stderr, flush=True)
            results.append({**bench_mode(mode, args, docs, work), "round": rnd, "load": os.getloadavg()[0]})
    print(f"\n{args.pairs} pairs, shard size {args.shard_size}, {args.workers} workers where parallel; "
          f"{load()} after the runs (the machine is shared: figures are noisy)\n")
    print("| round | 1-min load at start | executor | startup s | segment pairs/s | align pairs/s | align sentences/s "
          "| peak MiB per worker | driver Python peak MiB | driver CPU s (align) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        seg, al = r["segment"], r["align"]
        peaks = ", ".join(f"{v:.0f}" for v in sorted(al["worker_peak_mib"].values()))
        print(f"| {r['round']} | {r['load']:.1f} | {r['mode']} | {r['startup']:.1f} | {seg['records'] / seg['seconds']:.1f} | "
              f"{al['records'] / al['seconds']:.2f} | {r['sentences'] / al['seconds']:.0f} | {peaks} | "
              f"{al['driver_py_peak_mib']:.1f} | {al['driver_cpu']:.1f} |")
    by: dict[str, dict] = {}  # the best round of each executor: the one least disturbed by other load
    for r in results:
        if r["mode"] not in by or r["align"]["seconds"] < by[r["mode"]]["align"]["seconds"]:
            by[r["mode"]] = r
    print(f"\nbest of {args.rounds} round(s) each:")
    for single, how in (("in-process", "the encoder's default threads: one, or ALIGN_THREADS"),
                        ("in-process-1t", "one BLAS thread")):
        if single in by and "pool" in by:
            s = by[single]["align"]["seconds"] / by["pool"]["align"]["seconds"]
            print(f"align speed-up, pool of {args.workers} over one process ({how}): {s:.2f}x (target >= 1.7x)")
    if "pool" in by and "dask" in by:
        o = by["dask"]["align"]["seconds"] / by["pool"]["align"]["seconds"] - 1
        print(f"Dask overhead over the pool on the align stage: {o * 100:+.1f}% (target < 10%)")
    base = modes[0]
    for m in modes[1:]:
        n = differing_pairs(work / base / "align", work / m / "align")
        print(f"{m}: aligned pairs differing from {base}: {n} of {by[m]['align']['records']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str) + "\n")


def memory(args: argparse.Namespace, docs: list, work: Path) -> None:
    """Peak memory of the align stage at N and 10N pairs, fresh worker processes for each."""
    rows = []
    for n in (args.pairs, 10 * args.pairs):
        print(f"[memory] {n} pairs; {load()}", file=sys.stderr, flush=True)
        out = work / f"mem-{n}"
        with LocalPool(args.workers) as ex:  # segment in its own pool: align's workers start clean
            seg = run_stage(ex, segment_shard, shards(synthetic_pairs(docs, n, args.seed), args.shard_size),
                            out / "segment")
        with LocalPool(args.workers) as ex:
            al = run_stage(ex, functools.partial(align_shard, settings={}, threads=None),
                           read_shards(out / "segment", seg["shards"]), out / "align")
        rows.append((n, al))
        shutil.rmtree(out)
    print(f"\nalign stage, shard size {args.shard_size}, pool of {args.workers}; {load()}\n")
    print("| pairs | shards | worker peak RSS MiB (max) | driver Python peak MiB | seconds |")
    print("|---|---|---|---|---|")
    for n, al in rows:
        print(f"| {n} | {al['shards']} | {max(al['worker_peak_mib'].values()):.0f} | "
              f"{al['driver_py_peak_mib']:.2f} | {al['seconds']:.0f} |")
    (n1, a1), (n10, a10) = rows
    w = max(a10["worker_peak_mib"].values()) / max(a1["worker_peak_mib"].values())
    print(f"\nworker peak RSS, {n10} vs {n1} pairs: {w:.3f}x (target within 1.2x): {'PASS' if w <= 1.2 else 'FAIL'}")
    print(f"driver: Python heap peak {a1['driver_py_peak_mib']:.2f} vs {a10['driver_py_peak_mib']:.2f} MiB "
          f"(at most {2 * args.workers} shards in flight; the largest shard grows with the corpus), "
          f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB over both runs")


def _pairs_run(out: Path, pairs: list[dict[str, Any]], args: argparse.Namespace) -> tuple[float, dict[str, Any]]:
    """Write OUT/pairs.jsonl as a hand-made pair stage, run segment, align and filter on it
    through the runner; (seconds, {stage: items computed / cached})."""
    write_jsonl(out / "pairs.jsonl", sorted(pairs, key=lambda p: p["pair_id"]))
    record_manual(out, "pair", {"content_pairing": True, "threads": None}, command="bench_scale.py", outputs=["pairs.jsonl"])
    runner = Runner(out, Settings(shard_size=args.shard_size), progress=False, log=lambda _: None)
    t0 = time.perf_counter()
    runner.run_stages(["segment", "align", "filter"])
    seconds = time.perf_counter() - t0
    manifests = {s: json.loads((out / "manifests" / f"{s}.json").read_text()) for s in ("segment", "align", "filter")}
    items = {s: m["items"] for s, m in manifests.items() if "items" in m}
    items["seconds"] = {s: m["seconds"] for s, m in manifests.items()}
    return seconds, items


def _rows_by_pair(out: Path) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in (out / "rows.jsonl").read_text(encoding="utf-8").splitlines():
        rows.setdefault(json.loads(line)["pair_id"], []).append(line)
    return rows


def grow(args: argparse.Namespace, docs: list, work: Path) -> None:
    """A run of --pairs pairs, then a rerun with --grow new pairs among them."""
    rng = random.Random(args.seed)
    every = list(synthetic_pairs(docs, args.pairs + args.grow, args.seed))
    later = set(rng.sample(range(len(every)), args.grow))  # new pairs anywhere in the order
    old = [p for k, p in enumerate(every) if k not in later]
    out = work / "grow"
    out.mkdir()
    t0 = time.perf_counter()
    warm(0)  # the encoder loaded and the aligner compiled: start-up, reported apart
    startup = time.perf_counter() - t0
    print(f"[grow] first run, {len(old)} pairs; {load()}", file=sys.stderr, flush=True)
    first, items1 = _pairs_run(out, old, args)
    before = _rows_by_pair(out)
    print(f"[grow] rerun with {args.grow} new pairs; {load()}", file=sys.stderr, flush=True)
    second, items2 = _pairs_run(out, every, args)
    after = _rows_by_pair(out)
    same = sum(after.get(pid) == lines for pid, lines in before.items())
    print(f"\n{len(old)} pairs, then {args.grow} new ones among them; shard size {args.shard_size}, in-process; {load()}\n")
    print("| run | pairs | segmented | aligned | from the cache (align) | seconds |")
    print("|---|---|---|---|---|---|")
    print(f"| first | {len(old)} | {items1['segment']['computed']} | {items1['align']['computed']} | "
          f"{items1['align']['cached']} | {first:.1f} |")
    print(f"| rerun | {len(every)} | {items2['segment']['computed']} | {items2['align']['computed']} | "
          f"{items2['align']['cached']} | {second:.2f} |")
    for name, its in (("first", items1), ("rerun", items2)):
        print(f"{name}: seconds by stage: " + ", ".join(f"{s} {v:.2f}" for s, v in its["seconds"].items()))
    share = second / first
    print(f"\nstart-up (encoder loaded, aligner compiled) {startup:.1f} s, outside both runs")
    print(f"rerun / first run: {share:.2%} (target < 5%): {'PASS' if share < 0.05 else 'FAIL'}")
    print(f"old pairs whose rows are byte-identical: {same} of {len(before)}")
    print(f"new pairs with rows: {len(set(after) - set(before))} of {args.grow}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=10_000, help="article pairs (default 10000)")
    ap.add_argument("--shard-size", type=int, default=32, help="pairs per shard (align run's default)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes of the pool and the Dask cluster")
    ap.add_argument("--modes", default="in-process-1t,pool,dask",
                    help="executors to run, comma-separated: in-process-1t (one encoder thread), in-process "
                         "(the encoder's default threads), pool, pool-spawn, dask")
    ap.add_argument("--rounds", type=int, default=2, help="rounds over the executors (best round reported)")
    ap.add_argument("--memory", action="store_true", help="peak memory of the align stage at N and 10N pairs")
    ap.add_argument("--grow", type=int, default=0, metavar="N",
                    help="the per-item cache: a run of --pairs pairs, then a rerun with N new pairs among them")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", help="also write the raw figures here")
    args = ap.parse_args()
    if not BENCH.is_dir():
        raise SystemExit(f"benchmark not found: {BENCH}")
    docs = load_docs(BENCH)
    print(f"cores available: {cores()}; sentences from {BENCH.name} ({len(docs)} documents)", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        (grow if args.grow else memory if args.memory else throughput)(args, docs, Path(tmp))


if __name__ == "__main__":
    main()

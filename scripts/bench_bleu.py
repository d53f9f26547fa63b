#!/usr/bin/env python3
"""Time `align bleu` and its peak memory on a synthetic test set: 10k sentences, 5 systems and
1,000 bootstrap resamples in both directions (issue 6 target: under 60 s); `--large`: 200k
sentences x 5 systems x 1,000 resamples, ko-en (issue 21 target: peak memory under 4 GB);
`--long-line MB`: one system line of that many megabytes (issue 21: answered in under 60 s).

Peak memory is the largest sum of the resident memory (RSS) of `align bleu` and all its worker
processes, sampled every 0.1 s (pages shared by forked workers are counted once per process, so
this overstates the true figure).

The test set is built at run time from the 1-1 beads of the shared ko-en alignment benchmark
(../shared/bench/align/ko-en-park-dev; nothing of it is copied into the repository): sentences
are drawn with replacement, each reference gets a small random edit so that lines are (mostly)
distinct and caches do not flatter the timing, and grouped into 20-sentence pseudo-articles.
Systems are the references with increasing word drops, swaps and substitutions.

    .venv/bin/python scripts/bench_bleu.py [--sentences 10000] [--systems 5] [--resamples 1000] [--direction ko-en]
    .venv/bin/python scripts/bench_bleu.py --large
    .venv/bin/python scripts/bench_bleu.py --long-line 10
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench" / "align" / "ko-en-park-dev"


def one_to_one_pairs(bench: Path) -> list[tuple[str, str]]:
    pairs = []
    for gold in sorted((bench / "gold").iterdir()):
        src = (bench / "src" / gold.name).read_text(encoding="utf-8").splitlines()
        tgt = (bench / "tgt" / gold.name).read_text(encoding="utf-8").splitlines()
        for line in gold.read_text(encoding="utf-8").splitlines():
            left, right = (json.loads(side) for side in line.split(":"))
            if len(left) == 1 and len(right) == 1:
                pairs.append((src[left[0]].strip(), tgt[right[0]].strip()))
    return [p for p in pairs if p[0] and p[1]]


def perturb(words: list[str], rng: random.Random, p: float, vocab: list[str]) -> list[str]:
    """Drop, substitute, and swap words, each with probability about p."""
    out = []
    for w in words:
        r = rng.random()
        if r < p / 3:
            continue
        out.append(rng.choice(vocab) if r < 2 * p / 3 else w)
    for i in range(len(out) - 1):
        if rng.random() < p / 3:
            out[i], out[i + 1] = out[i + 1], out[i]
    return out


def make_testset(pairs: list[tuple[str, str]], n: int, rng: random.Random) -> list[tuple[str, str]]:
    rows = []
    for _ in range(n):
        ko, en = rng.choice(pairs)
        ko_w, en_w = ko.split(), en.split()
        if len(en_w) > 3:  # a small edit per line: the same sentence rarely repeats verbatim
            del en_w[rng.randrange(len(en_w))]
        if len(ko_w) > 3:
            del ko_w[rng.randrange(len(ko_w))]
        rows.append((" ".join(ko_w), " ".join(en_w)))
    return rows


def write_dataset(rows: list[tuple[str, str]], folder: Path, per_article: int = 20) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    (folder / "data").mkdir(parents=True)
    n = len(rows)
    art = [f"bench:{i // per_article}" for i in range(n)]
    table = pa.table({
        "translation": pa.array([{"en": en, "ko": ko} for ko, en in rows],
                                pa.struct([("en", pa.string()), ("ko", pa.string())])),
        "pair_id": pa.array([f"p{i // per_article}" for i in range(n)]),
        "ko_article_id": pa.array(art),
        "en_article_id": pa.array([a + "-en" for a in art]),
        "sent_index": pa.array([i % per_article for i in range(n)], pa.int32()),
    })
    pq.write_table(table, folder / "data" / "test-00000-of-00001.parquet")


def tree_rss(pid: int) -> int:
    """Bytes resident in `pid` and every process below it (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def measured(cmd: list[str], timeout: float | None = None) -> tuple[subprocess.CompletedProcess, float, float, int]:
    """Run `cmd`: (process, wall s, CPU s of it and its children, peak bytes of its process tree)."""
    peak = [0]
    t0, cpu0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    stop.set()
    sampler.join()
    wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), wall, cpu, peak[0]


def run(direction: str, rows, n_systems: int, resamples: int, work: Path, seed: int) -> tuple[float, int]:
    rng = random.Random(seed)
    tgt = 1 if direction == "ko-en" else 0
    refs = [r[tgt] for r in rows]
    vocab = sorted({w for r in refs[:2000] for w in r.split()})
    specs = []
    for k in range(n_systems):
        p = 0.05 + 0.07 * k
        path = work / f"{direction}-sys{k}.txt"
        path.write_text("".join(" ".join(perturb(r.split(), rng, p, vocab)) + "\n" for r in refs), encoding="utf-8")
        specs.append(f"noise{p:.2f}={path}")
    cmd = [str(ROOT / ".venv" / "bin" / "align"), "bleu", "--dataset", str(work / "dataset"), "--direction",
           direction, *specs, "--resamples", str(resamples), "--json", str(work / f"{direction}.json"),
           "--html", str(work / f"{direction}.html"), "--quiet"]
    proc, wall, cpu, peak = measured(cmd)
    if proc.returncode != 0:
        sys.exit(f"align bleu failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    report = json.loads((work / f"{direction}.json").read_text(encoding="utf-8"))
    first = report["systems"][0]["scores"]["BLEU"]
    last = report["systems"][-1]["scores"]["BLEU"]
    print(f"{direction}: {len(refs)} sentences, {n_systems} systems, {resamples} resamples: "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU in all processes (report {report['seconds']:.1f} s), "
          f"peak memory {peak / 2**30:.2f} GB; BLEU {first['score']:.1f} ± {first.get('ci', 0):.2f}"
          f" .. {last['score']:.1f}; {len(report['breakdowns']['articles'])} articles")
    return wall, peak


def long_line(rows, megabytes: float, work: Path) -> int:
    """One system line of `megabytes` MB (an unsplit document repeated) among normal lines."""
    refs = [r[1] for r in rows]
    line = " ".join(refs)
    size = int(megabytes * 2**20)
    line = (line + " ") * (size // max(len(line) + 1, 1) + 1)
    hyps = list(refs)
    hyps[len(hyps) // 2] = line[:size].strip()
    path = work / "long-line.txt"
    path.write_text("".join(h + "\n" for h in hyps), encoding="utf-8")
    cmd = [str(ROOT / ".venv" / "bin" / "align"), "bleu", "--dataset", str(work / "dataset"), "--direction", "ko-en",
           str(path), "--resamples", "1000", "--json", str(work / "long.json"), "--quiet"]
    proc, wall, _, peak = measured(cmd, timeout=300)
    warned = [w for w in (json.loads((work / "long.json").read_text(encoding="utf-8"))["warnings"]
                          if proc.returncode == 0 else []) if "cut" in w]
    print(f"one line of {megabytes:g} MB (line {len(hyps) // 2 + 1} of {len(hyps)}): exit {proc.returncode} in "
          f"{wall:.1f} s wall, peak memory {peak / 2**30:.2f} GB; "
          + (warned[0] if warned else proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "no warning"))
    verdict = "under" if wall < 60 and proc.returncode == 0 else "OVER"
    print(f"target: answered in < 60 s: {verdict} ({wall:.1f} s)")
    return 0 if verdict == "under" else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=10_000)
    ap.add_argument("--systems", type=int, default=5)
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--direction", choices=["ko-en", "en-ko", "both"], default="both")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--large", action="store_true",
                    help="200k sentences, 5 systems, 1,000 resamples, ko-en: the memory target (< 4 GB)")
    ap.add_argument("--long-line", type=float, metavar="MB", help="score one system with a line of MB megabytes")
    ap.add_argument("--keep", type=Path, help="keep the test set, systems and reports in this folder")
    args = ap.parse_args()
    if args.large:
        args.sentences, args.systems, args.resamples, args.direction = 200_000, 5, 1000, "ko-en"
    if not BENCH.is_dir():
        print(f"skipped: {BENCH} not found")
        return 0
    rng = random.Random(args.seed)
    pairs = one_to_one_pairs(BENCH)
    rows = make_testset(pairs, 1000 if args.long_line else args.sentences, rng)
    distinct = len({r[1] for r in rows}) / len(rows)
    print(f"{len(pairs)} 1-1 pairs from {BENCH.name}; {distinct:.0%} of references distinct "
          "(timings are noisy on a shared machine: rerun to compare)")
    with tempfile.TemporaryDirectory(prefix="bench-bleu-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        write_dataset(rows, work / "dataset")
        if args.long_line:
            return long_line(rows, args.long_line, work)
        directions = ["ko-en", "en-ko"] if args.direction == "both" else [args.direction]
        results = {d: run(d, rows, args.systems, args.resamples, work, args.seed) for d in directions}
    times = {d: t for d, (t, _) in results.items()}
    peak = max(p for _, p in results.values())
    if args.sentences <= 10_000 and args.systems <= 5:  # the time target is for 10k sentences
        verdict = "under" if max(times.values()) < 60 else "OVER"
        print(f"target: < 60 s per report: {verdict} ({', '.join(f'{d} {t:.1f} s' for d, t in times.items())})")
    mem = "under" if peak < 4 * 2**30 else "OVER"
    print(f"target: peak memory < 4 GB: {mem} ({peak / 2**30:.2f} GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

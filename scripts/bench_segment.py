#!/usr/bin/env python3
"""Why our English splitter: accuracy on news-English traps, and speed on long text, against
pysbd and nupunkt when they are installed (`pip install pysbd==0.3.4 nupunkt==0.8.0`).

Usage: python scripts/bench_segment.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import time

from align.segment.english import split_english

# Each case: the sentences it must come out as (written for this benchmark).
CASES: list[list[str]] = [
    ["Kim met Putin on Sept. 13, 2023, in Russia.", "The talks lasted four hours."],
    ["The U.S. objected.", "Seoul said nothing."],
    ["N. Korea fired two missiles on Jan. 5.", "Japan protested."],
    ["Dr. Kim Jong-su said growth hit 2.5 percent.", "Others expect less."],
    ["The No. 2 official arrived at 10 a.m. on Monday.", "He left by noon."],
    ["Samsung Electronics Co. Chairman Lee spoke.", "Shares rose."],
    ["He said, “It is over.”", "Then he left."],
    ["“Why?” he asked.", "Nobody answered."],
    ["Gen. Park and Lt. Col. Choi met Mr. Lee at the U.N. headquarters.", "They spoke for an hour."],
    ["Is it true?", "Yes!", "The minister confirmed it."],
    ["Prices rose 3.1 percent in the U.S.", "The rise was the largest since 2008."],
    ["Exports fell to $52.3 billion in Aug.", "Imports rose."],
    ["The vote is set for Oct. 2.", "Turnout may be low."],
    ["N. Korea said no.", "Dr. Kim disagreed."],
]


def _splitters():
    yield "align (rule-based)", split_english
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        yield "pysbd 0.3.4", lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    except ImportError:
        pass
    try:
        import nupunkt

        yield "nupunkt", lambda t: [s.strip() for s in nupunkt.sent_tokenize(t) if s.strip()]
    except ImportError:
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=200, help="copies of the cases in the long text")
    args = ap.parse_args()
    long_text = " ".join(" ".join(c) for c in CASES * args.repeat)
    print(f"| splitter | cases right (of {len(CASES)}) | boundaries right | chars/s on {len(long_text):,} chars |")
    print("|---|---|---|---|")
    for name, fn in _splitters():
        right = sum(fn(" ".join(c)) == c for c in CASES)
        bounds = sum(len(c) - 1 for c in CASES)
        got = 0
        for c in CASES:
            out = fn(" ".join(c))
            got += len(set(_ends(out)) & set(_ends(c))) - 1
        t = time.perf_counter()
        fn(long_text)
        dt = time.perf_counter() - t
        print(f"| {name} | {right} | {got}/{bounds} | {len(long_text) / dt:,.0f} |")


def _ends(sents: list[str]) -> list[int]:
    pos, ends = 0, []
    for s in sents:
        pos += len(s.replace(" ", ""))
        ends.append(pos)
    return ends


if __name__ == "__main__":
    main()

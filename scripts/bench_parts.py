#!/usr/bin/env python3
"""How exact and how cheap the encoder's parts are (align.embed_parts), on ../shared/bench/align.

    .venv/bin/python scripts/bench_parts.py [--sample 60]

Per set and side: the time to embed every sentence once (`Encoder.encode`) against the time to
compute its parts (`Encoder.parts`, which gives the same sentence embeddings plus every
window's); the cosine of the parts' sentence embeddings with the encoder's; for windows of 2-4
sentences (the first --sample sentences of the side), the mean and lowest cosine with encoding
the joined text; and for the pieces between neighbouring clause cuts, the mean and 10th
percentile cosine of the estimate (`SideParts.piece_vecs`) with encoding the piece on its own.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_align import BENCH, load_set  # noqa: E402

from align.embed import get_encoder  # noqa: E402
from align.sentalign.pieces import token_cut_points  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=60, help="sentences a side for the window and piece checks")
    args = ap.parse_args()
    if not BENCH.is_dir():
        sys.exit(f"{BENCH}: benchmark folder not found")
    enc = get_encoder()
    enc.parts(["warm up"])
    fwd = enc._forward
    print("| set | side | sentences | encode s | parts s | parts/encode | sentence cos min "
          "| window cos mean / min (2, 3, 4) | piece cos mean / p10 (pieces) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in sorted(p.name for p in BENCH.iterdir() if (p / "gold").is_dir()):
        docs = load_set(BENCH / name)
        for side in (0, 1):
            lines = [x for d in docs for x in d[side] if x.strip()]
            t0 = time.perf_counter()
            vecs = enc.encode(lines)
            t1 = time.perf_counter()
            parts = enc.parts(lines, cut_rule=token_cut_points)
            t2 = time.perf_counter()
            sent = float((parts.sentence_vecs() * vecs).sum(axis=1).min())
            sub = lines[: args.sample]
            sp = enc.parts(sub, cut_rule=token_cut_points)
            win = []
            for k in (2, 3, 4):
                truth = enc.encode([" ".join(sub[r : r + k]) for r in range(len(sub) - k + 1)])
                c = (sp.window_vecs(k) * truth).sum(axis=1)
                win.append(f"{c.mean():.4f} / {c.min():.4f}")
            items, texts = [], []
            for i, line in enumerate(sub):
                if not sp.cuts[i]:
                    continue
                seq = fwd.token_ids([line])[0]
                bounds = [1, *sp.cuts[i], len(seq) - 1]
                for x in range(len(bounds) - 1):
                    items.append((i, x, x + 1))
                    # the piece's text, rebuilt from its tokens (an unknown character stays unknown)
                    texts.append("".join(fwd.piece_strings(seq[bounds[x] : bounds[x + 1]])).replace("\u2581", " ").strip())
            if items:
                c = (sp.piece_vecs(items) * enc.encode(texts)).sum(axis=1)
                piece = f"{c.mean():.3f} / {np.percentile(c, 10):.3f} ({len(items)})"
            else:
                piece = "-"
            print(
                f"| {name} | {'src' if side == 0 else 'tgt'} | {len(lines)} | {t1 - t0:.2f} | {t2 - t1:.2f} | {(t2 - t1) / (t1 - t0):.2f}x "
                f"| {sent:.5f} | {'; '.join(win)} | {piece} |",
                flush=True,
            )


if __name__ == "__main__":
    main()

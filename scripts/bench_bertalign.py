"""Bertalign (Liu & Zhu 2022) on the bench sets, with this project's encoder: the baseline the
README's alignment figures are compared with.

    .venv/bin/python scripts/bench_bertalign.py BERTALIGN_CHECKOUT
    .venv/bin/python scripts/bench_bertalign.py BERTALIGN_CHECKOUT --bench ../shared/bench/align --bench OUT/align

BERTALIGN_CHECKOUT is a checkout of github.com/bfsujason/bertalign (GPL-3.0; not part of this
project, and nothing of it is copied here). Its search runs as it is: its corelib module (the
first pass over 1-1 beads from each sentence's top-k targets, then the second pass over m-n
beads within a window of the first path, with its margin score and length penalty) is
imported from the checkout and called in the order its Bertalign.align_sents calls it, with its
defaults (max_align 5, top_k 3, win 5, skip -0.1, margin and length penalty on). What is put
in its place:

- the encoder: Bertalign embeds each sentence and its runs of up to max_align - 1 sentences
  (its utils.yield_overlaps, imported from the checkout) with LaBSE; here the same texts go to
  `align.embed`'s encoder, the one the aligner uses (so the comparison is of the two searches);
- faiss's IndexFlatIP (an exact inner-product search) by the same search in numpy, and torch
  (asked only whether a GPU is there) by a stub saying no: neither is a dependency here;
- the sentence splitter and Google language detection its utils import (not called: the bench
  sets are split already) by stubs.

Each set is scored as `scripts/bench_align.py` scores it (strict and lax P/R/F1, vecalign's
score semantics). Needs numba, which the project's environment has; numba caches its compiled
functions beside the checkout's corelib.py.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import types
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.evaluate import score_documents  # noqa: E402
from align.model import Bead  # noqa: E402
from align.sentalign.aligner import clean_lines  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from bench_align import BENCH, find_sets, load_set  # noqa: E402

MAX_ALIGN, TOP_K, WIN, SKIP = 5, 3, 5, -0.1  # Bertalign's defaults


class _FlatInnerProduct:
    """What corelib asks of faiss.IndexFlatIP: add vectors, then the k best by inner product."""

    def __init__(self, dim: int) -> None:
        self.vecs = np.zeros((0, dim), dtype=np.float32)

    def add(self, vecs: np.ndarray) -> None:
        self.vecs = np.concatenate([self.vecs, np.asarray(vecs, dtype=np.float32)])

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        sims = np.asarray(queries, dtype=np.float32) @ self.vecs.T
        k = min(k, sims.shape[1])
        idx = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        return np.take_along_axis(sims, idx, axis=1), idx.astype(np.int64)


def _stub_modules() -> None:
    """torch, faiss, googletrans and sentence_splitter as corelib and utils use them here."""
    torch = types.ModuleType("torch")
    torch.cuda = types.SimpleNamespace(is_available=lambda: False)  # type: ignore[attr-defined]
    faiss = types.ModuleType("faiss")
    faiss.IndexFlatIP = _FlatInnerProduct  # type: ignore[attr-defined]
    googletrans = types.ModuleType("googletrans")
    googletrans.Translator = None  # type: ignore[attr-defined]
    splitter = types.ModuleType("sentence_splitter")
    splitter.SentenceSplitter = None  # type: ignore[attr-defined]
    for name, module in (("torch", torch), ("faiss", faiss), ("googletrans", googletrans), ("sentence_splitter", splitter)):
        sys.modules.setdefault(name, module)


def _load(checkout: Path, name: str) -> types.ModuleType:
    """bertalign.<name> from the checkout, without the package's __init__ (which loads LaBSE):
    the package is put in sys.modules as a bare namespace over the checkout's folder."""
    folder = checkout / "bertalign"
    if not (folder / f"{name}.py").is_file():
        sys.exit(f"{folder / name}.py: not found (is {checkout} a checkout of bfsujason/bertalign?)")
    if "bertalign" not in sys.modules:
        package = types.ModuleType("bertalign")
        package.__path__ = [str(folder)]
        sys.modules["bertalign"] = package
    return importlib.import_module(f"bertalign.{name}")


def embed_overlaps(lines: list[str], encoder, utils: types.ModuleType) -> tuple[np.ndarray, np.ndarray]:
    """Bertalign's (vectors, lengths) of one side: every run of 1..MAX_ALIGN-1 sentences (its
    yield_overlaps), embedded, as (runs, sentences, dim) and their UTF-8 lengths (runs, sentences)."""
    texts = list(utils.yield_overlaps(lines, MAX_ALIGN - 1))
    vecs = encoder.encode(texts).astype(np.float32).reshape(MAX_ALIGN - 1, len(lines), -1)
    lens = np.array([len(t.encode("utf-8")) for t in texts]).reshape(MAX_ALIGN - 1, len(lines))
    return vecs, lens


def bertalign(src: list[str], tgt: list[str], encoder, corelib: types.ModuleType, utils: types.ModuleType) -> list[Bead]:
    """Bertalign's alignment of two sentence lists, its two passes as align_sents runs them."""
    sv, sl = embed_overlaps(src, encoder, utils)
    tv, tl = embed_overlaps(tgt, encoder, utils)
    char_ratio = np.sum(sl[0,]) / np.sum(tl[0,])
    d, i = corelib.find_top_k_sents(sv[0, :], tv[0, :], k=TOP_K)
    first_types = corelib.get_alignment_types(2)
    first_w, first_path = corelib.find_first_search_path(len(src), len(tgt))
    pointers = corelib.first_pass_align(len(src), len(tgt), first_w, first_path, first_types, d, i)
    first = corelib.first_back_track(len(src), len(tgt), pointers, first_path, first_types)
    second_types = corelib.get_alignment_types(MAX_ALIGN)
    second_w, second_path = corelib.find_second_search_path(first, WIN, len(src), len(tgt))
    pointers = corelib.second_pass_align(sv, tv, sl, tl, second_w, second_path, second_types, char_ratio, SKIP,
                                         margin=True, len_penalty=True)
    beads = corelib.second_back_track(len(src), len(tgt), pointers, second_path, second_types)
    return [Bead(tuple(s), tuple(t)) for s, t in beads]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkout", type=Path, help="a checkout of github.com/bfsujason/bertalign")
    ap.add_argument("--bench", action="append", type=Path, default=None, metavar="DIR",
                    help="a folder of bench sets (repeatable; default ../shared/bench/align)")
    ap.add_argument("--sets", nargs="*", default=None, help="set names (default: every set of the folders)")
    ap.add_argument("--threads", type=int, default=None, help="encoder threads (default: all cores)")
    args = ap.parse_args()
    _stub_modules()
    corelib, utils = _load(args.checkout, "corelib"), _load(args.checkout, "utils")
    sets = find_sets(args.bench)
    from align.embed import get_encoder

    encoder = get_encoder(args.threads)
    print("Bertalign (its corelib, its defaults) with this project's encoder; strict and lax P/R/F1\n")
    print("| set | docs | strict P | strict R | strict F1 | lax P | lax R | lax F1 | seconds |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in args.sets or sorted(sets):
        if name not in sets:
            sys.exit(f"{name}: no such set in {', '.join(str(b) for b in args.bench or [BENCH])}")
        gold, test = [], []
        t0 = time.perf_counter()
        for src, tgt, g in load_set(sets[name]):
            gold.append(g)
            test.append(bertalign(clean_lines(src), clean_lines(tgt), encoder, corelib, utils))
        sc = score_documents(gold, test)
        print(f"| {name} | {len(gold)} | {sc.precision_strict:.3f} | {sc.recall_strict:.3f} | {sc.f1_strict:.3f} | "
              f"{sc.precision_lax:.3f} | {sc.recall_lax:.3f} | {sc.f1_lax:.3f} | {time.perf_counter() - t0:.1f} |", flush=True)


if __name__ == "__main__":
    main()

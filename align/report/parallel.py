"""Run independent pieces of a report in forked worker processes.

sacrebleu's TER and chrF are pure Python and the ko-mecab tokenizer cannot be pickled, so
workers are forked (they inherit the metrics with their cached references) and receive only a
task number; results come back pickled. Without fork (Windows) or with one job, it runs inline."""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from collections.abc import Callable
from typing import Any

from tqdm import tqdm

_TASK: Callable[[int], Any] | None = None


def _call(i: int) -> Any:
    assert _TASK is not None
    return _TASK(i)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def fork_map(task: Callable[[int], Any], order: list[int], jobs: int, desc: str | None = None) -> dict[int, Any]:
    """{i: task(i)} for every i in `order` (give the longest tasks first: they are handed out in
    order); a progress bar on stderr when `desc` is given."""
    global _TASK
    bar = tqdm(total=len(order), desc=desc, unit="task", leave=False, disable=desc is None, file=sys.stderr)
    try:
        if jobs <= 1 or len(order) <= 1 or "fork" not in mp.get_all_start_methods():
            out = {}
            for i in order:
                out[i] = task(i)
                bar.update()
            return out
        _TASK = task
        with mp.get_context("fork").Pool(min(jobs, len(order))) as pool:
            results = []
            for r in pool.imap(_call, order, chunksize=1):
                results.append(r)
                bar.update()
            return dict(zip(order, results))
    finally:
        _TASK = None
        bar.close()

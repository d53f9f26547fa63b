"""Reading rows.jsonl for the commands: a malformed line is skipped and counted, not fatal."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..model import Row


def rows_path(target: str | os.PathLike) -> Path:
    """OUT folder -> OUT/rows.jsonl; a file is taken as it is. Raises FileNotFoundError naming it."""
    p = Path(target)
    if p.is_dir():
        p = p / "rows.jsonl"
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such rows file (the filter stage of `align run` writes OUT/rows.jsonl)")
    return p


def iter_rows(path: str | os.PathLike, skipped: Counter | None = None) -> Iterator[Row]:
    """Rows of a JSON-lines file; bad lines are counted in `skipped` by reason and left out."""
    skipped = skipped if skipped is not None else Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError:
                skipped["not-json"] += 1
                continue
            try:
                row = Row.from_json(d)
            except TypeError:
                skipped["not-a-row"] += 1
                continue
            if not isinstance(row.ko, str) or not isinstance(row.en, str) or not isinstance(row.pair_id, str):
                skipped["not-a-row"] += 1
                continue
            yield row

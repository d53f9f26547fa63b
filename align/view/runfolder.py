"""Reading a run's OUT folder for the viewer: what is there, what is missing, and its records
streamed line by line, with a malformed line skipped and counted instead of ending the view."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..regex_cache import compiled

# The files of a finished run (docs/pipeline.md), in stage order, with what each one gives the
# view; a line is satisfied by any of its names.
EXPECTED: list[tuple[tuple[str, ...], str]] = [
    (("run.json",), "run settings"),
    (("pairs.jsonl",), "article pairs: titles, URLs, pairing method"),
    (("segment",), "sentences of each pair"),
    (("align",), "beads of each pair"),
    (("rows.jsonl",), "filter verdicts: rows kept and dropped"),
    (("dataset", "splits.json"), "train / validation / test split of each pair"),
    (("summary.json",), "run summary, written when the run finishes"),
]
SHARD_DIRS = ("segment", "align")  # the per-pair stages write OUT/<stage>/shard-NNNNN.jsonl

_SHARD = compiled(r"^shard-(\d+)\.jsonl$")


@dataclass
class Problems:
    """Malformed input met while reading, counted per file with a few examples for the index."""

    counts: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def add(self, path: Path, message: str) -> None:
        self.counts[str(path)] += 1
        if len(self.examples) < 20:
            self.examples.append(f"{path}: {message}")

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class RunFolder:
    """One pipeline OUT folder, possibly from a run that has not finished."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        if not self.out.is_dir():
            raise FileNotFoundError(f"{self.out}: not a folder (expected the OUT folder of `align run`)")
        self.problems = Problems()

    def has(self, name: str) -> bool:
        return bool(self.shards(name)) if name in SHARD_DIRS else (self.out / name).exists()

    def missing(self) -> list[str]:
        """Plain-words lines for each expected file that is not there."""
        return [f"{names[0]}: {what}" for names, what in EXPECTED if not any(self.has(n) for n in names)]

    def shards(self, stage: str) -> list[Path]:
        """The complete shard files of a per-pair stage, in shard order (temp files ignored)."""
        d = self.out / stage
        if not d.is_dir():
            return []
        found = [(int(m.group(1)), p) for p in d.iterdir() if (m := _SHARD.match(p.name))]
        return [p for _, p in sorted(found)]

    def skipped_files(self) -> list[Path]:
        """The per-stage skipped-<stage>.jsonl files."""
        return [p for p in sorted(self.out.glob("skipped-*.jsonl")) if p.is_file()]

    def read_json(self, name: str) -> Any:
        """A whole JSON file, or None when absent or unreadable (counted as a problem)."""
        p = self.out / name
        if not p.is_file():
            return None
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            self.problems.add(p, f"not readable JSON ({e})")
            return None

    def records(self, path: Path, required: tuple[str, ...] = ("pair_id",)) -> Iterator[tuple[int, dict[str, Any]]]:
        """Stream (byte offset, JSON object) over a JSON-lines file; a bad line is counted and skipped.

        The offset lets the page writer come back for one record later without holding them all.
        """
        if not path.is_file():
            return
        offset = 0
        with open(path, "rb") as f:
            for lineno, raw in enumerate(f, 1):
                start, offset = offset, offset + len(raw)
                if not raw.strip():
                    continue
                rec = self._parse(path, lineno, raw, required)
                if rec is not None:
                    yield start, rec

    def record_at(self, path: Path, offset: int, handles: dict[Path, IO[bytes]] | None = None) -> dict[str, Any] | None:
        """The record whose line starts at `offset` (from `records`); `handles` keeps files open."""
        if handles is None:
            with open(path, "rb") as fh:
                fh.seek(offset)
                return self._parse(path, 0, fh.readline(), ())
        f = handles.get(path)
        if f is None:
            f = handles[path] = open(path, "rb")  # noqa: SIM115 - closed by the caller
        f.seek(offset)
        return self._parse(path, 0, f.readline(), ())

    def _parse(self, path: Path, lineno: int, raw: bytes, required: tuple[str, ...]) -> dict[str, Any] | None:
        where = f"line {lineno}" if lineno else "record"
        try:
            rec = json.loads(raw.decode("utf-8", errors="replace"))
        except json.JSONDecodeError as e:
            self.problems.add(path, f"{where}: not valid JSON ({e.msg})")
            return None
        if not isinstance(rec, dict) or any(k not in rec for k in required):
            self.problems.add(path, f"{where}: not an object with {', '.join(required)}")
            return None
        return rec

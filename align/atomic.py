"""Atomic writes: a file is either the old one or the complete new one, never half written."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .model import dumps

_UMASK = os.umask(0)
os.umask(_UMASK)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temp file beside `path`; on success fsync and rename it over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the file the mode open() would
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def remove_stale_temp_files(folder: str | os.PathLike) -> list[Path]:
    """Delete the temp files `atomic_open` leaves when its process is killed mid-write (a
    SIGKILL runs no cleanup). Only call this while holding the folder's lock: a live writer's
    temp file looks the same. Returns what was removed."""
    gone = []
    for p in Path(folder).rglob(".*.tmp"):
        if p.is_file():
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
                gone.append(p)
    return gone


def write_text(path: str | os.PathLike, text: str) -> None:
    with atomic_open(path) as f:
        f.write(text)


def write_json(path: str | os.PathLike, obj: Any) -> None:
    with atomic_open(path) as f:
        json.dump(obj, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")


def write_jsonl(path: str | os.PathLike, records: Iterable[Any]) -> int:
    """Write records (dataclasses with to_json, or dicts) one a line; returns the count."""
    n = 0
    with atomic_open(path) as f:
        for r in records:
            f.write(dumps(r))
            f.write("\n")
            n += 1
    return n


def read_jsonl(path: str | os.PathLike) -> Iterator[dict[str, Any]]:
    """Stream the records of a JSON-lines file; a malformed line raises ValueError naming file and line."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{lineno}: not valid JSON ({e.msg})") from None


def read_json(path: str | os.PathLike) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)

"""Atomic writes: a file is either the old one or the complete new one, never half written."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .model import dumps

_UMASK = os.umask(0)
os.umask(_UMASK)

DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class DiskFullError(OSError):
    """A write failed for lack of space (or quota); names the file being written. The temp file is
    gone and the target untouched, so rerunning after freeing space loses nothing."""

    def __init__(self, path: str | os.PathLike, cause: OSError | None = None):
        super().__init__(errno.ENOSPC, f"{os.strerror(errno.ENOSPC)} (writing {path})", str(path))
        self.path = Path(path)
        self.__cause__ = cause


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8", *,
                durable: bool = True) -> Iterator[IO]:
    """Open a temp file beside `path`; on success fsync and rename it over `path`.

    Either way a killed process leaves the old file or the complete new one. `durable=False` skips
    the fsync (a disk wait each file) for files whose every reader checks them against what they
    should hold, such as a run's shard files (rewritten when their bytes differ from the cache's,
    digested in the stage's manifest): after a power cut such a file may be empty or old, which is
    seen and redone, never taken as done."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the file the mode open() would
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding) as f:
            yield f
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(e, OSError) and not isinstance(e, DiskFullError) and e.errno in DISK_FULL_ERRNOS:
            raise DiskFullError(path, e) from e
        raise


def remove_stale_temp_files(folder: str | os.PathLike) -> list[Path]:
    """Delete what a process killed mid-write leaves (a SIGKILL runs no cleanup): the temp files
    of `atomic_open` (`.NAME.XXXX.tmp`) and the temp folders of a folder written whole
    (`.NAME.tmp-XXXX`, e.g. OUT/.dataset.tmp-*). Only call this while holding the folder's lock:
    a live writer's temp file looks the same. Returns what was removed."""
    gone: list[Path] = []
    root = Path(folder)
    for p in sorted(root.rglob(".*.tmp-*")):
        if any(g in p.parents for g in gone):
            continue  # inside a temp folder removed already
        if p.is_dir() and not p.is_symlink() and ".tmp-" in p.name:
            shutil.rmtree(p, ignore_errors=True)
            if not p.exists():
                gone.append(p)
    for p in root.rglob(".*.tmp"):
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

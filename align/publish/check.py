"""Is this a complete dataset folder written by this toolkit version? (before spm and publish)"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .. import __version__
from .schema import DATASET_FORMAT


class DatasetFolderError(Exception):
    """A dataset folder that is missing files, unreadable, or from another toolkit version."""


def _version(v: str) -> tuple:
    from packaging.version import InvalidVersion, Version

    try:
        return (Version(v),)
    except InvalidVersion:
        return ()


def check_dataset(folder: str | os.PathLike) -> dict[str, Any]:
    """Return the folder's stats.json; raise DatasetFolderError naming the folder and the problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DatasetFolderError(f"{folder}: no such dataset folder (build one with `align dataset OUT`)")
    stats_path = folder / "stats.json"
    if not stats_path.is_file():
        raise DatasetFolderError(f"{folder}: stats.json is missing; this is not a dataset folder written by `align dataset`")
    try:
        stats = json.loads(stats_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise DatasetFolderError(f"{stats_path}: unreadable ({e})") from None
    written_by = str(stats.get("toolkit_version", "unknown"))
    fmt = stats.get("dataset_format")
    if fmt != DATASET_FORMAT or not _version(written_by) or _version(written_by) < _version(__version__):
        raise DatasetFolderError(
            f"{folder}: written by toolkit version {written_by} (dataset format {fmt}); this is version "
            f"{__version__} (format {DATASET_FORMAT}). Rebuild it with `align dataset OUT` before using it."
        )
    missing = [f for f in stats.get("files", []) if not (folder / f).is_file()]
    if not stats.get("files") or missing:
        raise DatasetFolderError(f"{folder}: files missing: {', '.join(missing) or 'the file list in stats.json'}")
    return stats

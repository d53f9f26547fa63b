"""Plain-text documents (one sentence a line, no links, no dates), paired by content."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .content import match_documents


@dataclass
class TextPairing:
    pairs: list[tuple[str, str, float]]  # (ko file name, en file name, margin score)
    threshold: float
    n_ko: int
    n_en: int
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why)


def read_text_dir(folder: Path) -> tuple[list[str], list[list[str]], list[tuple[str, str]]]:
    """(names, documents as lists of lines, skipped (path, why)) of a folder's files, sorted."""
    if not folder.is_dir():
        raise FileNotFoundError(f"not a folder: {folder}")
    names: list[str] = []
    docs: list[list[str]] = []
    skipped: list[tuple[str, str]] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            skipped.append((str(path), f"not UTF-8 text ({e.reason} at byte {e.start})"))
            continue
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if not lines:
            skipped.append((str(path), "empty document"))
            continue
        names.append(path.name)
        docs.append(lines)
    if not names:
        raise ValueError(f"no readable documents in {folder}")
    return names, docs, skipped


def pair_text_dirs(
    ko_dir: str | Path, en_dir: str | Path, *, threshold: float | None = None, encoder=None,
    show_progress: bool = False,
) -> TextPairing:
    ko_names, ko_docs, ko_skipped = read_text_dir(Path(ko_dir))
    en_names, en_docs, en_skipped = read_text_dir(Path(en_dir))
    report = match_documents(ko_docs, en_docs, encoder=encoder, threshold=threshold,
                             show_progress=show_progress)
    pairs = sorted((ko_names[m.ko], en_names[m.en], m.score) for m in report.matches)
    return TextPairing(pairs, report.threshold, len(ko_names), len(en_names), ko_skipped + en_skipped)

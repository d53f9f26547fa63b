"""The references of a report: a split of our dataset folder (docs/pipeline.md) in one
direction, or plain files for data that is not ours. Source sentences and article ids come
along when known; they feed the copy check, the length buckets and the per-article scores."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportInputError
from .script import check_script
from .textfile import MAX_LINE_CHARS, long_line_problem, read_lines

DIRECTIONS = {"ko-en": ("ko", "en"), "en-ko": ("en", "ko")}


@dataclass
class TestSet:
    refs: list[str]
    src_lang: str
    tgt_lang: str
    origin: str  # where the references came from, for the report header
    source: list[str] | None = None
    doc_ids: list[str] | None = None  # article id of each line (rows of an article consecutive)
    docs: dict[str, dict[str, str]] = field(default_factory=dict)  # article id -> pair id, urls...
    empty_refs: list[int] = field(default_factory=list)  # 1-based
    empty_source: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.refs)

    @property
    def direction(self) -> str:
        return f"{self.src_lang}-{self.tgt_lang}"


def parse_direction(direction: str) -> tuple[str, str]:
    if direction not in DIRECTIONS:
        raise ReportInputError(f"unknown direction {direction!r}: use one of {', '.join(DIRECTIONS)}")
    return DIRECTIONS[direction]


def split_files(dataset_dir: Path) -> dict[str, list[Path]]:
    """split name -> its parquet shards under DATASET/data/ (`test-00000-of-00001.parquet`, `test.parquet`)."""
    found: dict[str, list[Path]] = {}
    for p in sorted((dataset_dir / "data").glob("*.parquet")):
        m = re.match(r"(.+?)(-\d{5}-of-\d{5})?\.parquet$", p.name)
        if m:
            found.setdefault(m.group(1), []).append(p)
    return found


def _column(table, name: str) -> list | None:
    return table.column(name).to_pylist() if name in table.column_names else None


def load_dataset_split(dataset_dir: str | os.PathLike, split: str, direction: str,
                       max_chars: int | None = MAX_LINE_CHARS) -> TestSet:
    """References (and source, article ids) of one split, in the split's row order; a reference
    longer than `max_chars` is refused (None: no limit)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    src_lang, tgt_lang = parse_direction(direction)
    root = Path(dataset_dir)
    if not root.is_dir():
        raise ReportInputError(f"{root}: no such dataset folder")
    splits = split_files(root)
    if not splits:
        raise ReportInputError(f"{root}: no parquet files under {root / 'data'} (is this a dataset folder?)")
    if split not in splits:
        raise ReportInputError(f"{root}: unknown split {split!r}; this dataset has {', '.join(sorted(splits))}")
    try:
        table = pa.concat_tables([pq.read_table(p) for p in splits[split]])
    except (pa.ArrowException, OSError) as e:
        raise ReportInputError(f"{root}: cannot read split {split!r}: {e}") from None
    pairs = _column(table, "translation")
    if pairs is None:
        raise ReportInputError(f"{root}: split {split!r} has no 'translation' column")
    if not pairs:
        raise ReportInputError(f"{root}: split {split!r} has no rows")
    bad = [i for i, t in enumerate(pairs, 1) if not isinstance(t, dict) or src_lang not in t or tgt_lang not in t]
    if bad:
        raise ReportInputError(
            f"{root}: split {split!r}: {len(bad)} rows lack translation.{src_lang}/.{tgt_lang} (row {bad[0]})"
        )
    source = [(t[src_lang] or "").strip() for t in pairs]
    refs = [(t[tgt_lang] or "").strip() for t in pairs]
    if max_chars is not None:
        long = [(i, len(r)) for i, r in enumerate(refs, 1) if len(r) > max_chars]
        if long:
            where = f"{root} split {split!r} ({tgt_lang} side)"
            raise ReportInputError([long_line_problem(where, i, n, max_chars, "row") for i, n in long[:3]])
    ko_ids, pair_ids = _column(table, "ko_article_id"), _column(table, "pair_id")
    doc_ids = ko_ids or pair_ids
    docs: dict[str, dict[str, str]] = {}
    if doc_ids is not None:
        extra = {c: _column(table, c) for c in ("pair_id", "en_article_id", "ko_url", "en_url")}
        for i, d in enumerate(doc_ids):
            if d not in docs:
                docs[d] = {c: v[i] for c, v in extra.items() if v is not None and v[i] is not None}
    ts = TestSet(
        refs=refs,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        origin=f"{root.resolve()} split {split} ({direction})",
        source=source,
        doc_ids=[str(d) for d in doc_ids] if doc_ids is not None else None,
        docs=docs,
    )
    ts.empty_refs = [i for i, r in enumerate(refs, 1) if not r]
    ts.empty_source = [i for i, s in enumerate(source, 1) if not s]
    return ts


def load_reference_files(
    ref: str | os.PathLike,
    direction: str,
    source: str | os.PathLike | None = None,
    docs: str | os.PathLike | None = None,
    max_chars: int | None = MAX_LINE_CHARS,
) -> TestSet:
    """References from a plain file, with an optional source file and article-id file (one a line);
    a reference line longer than `max_chars` is refused (None: no limit)."""
    src_lang, tgt_lang = parse_direction(direction)
    r = read_lines(ref, max_chars, "refuse")
    if not r.lines:
        raise ReportInputError(f"{r.path}: empty reference file")
    problems = []
    if problem := check_script(r.lines, tgt_lang, r.path, f"reference ({direction} target)"):
        problems.append(problem)
    ts = TestSet(refs=r.lines, src_lang=src_lang, tgt_lang=tgt_lang, origin=f"{r.path} ({direction})")
    ts.empty_refs = r.empty
    if source is not None:
        s = read_lines(source)
        if len(s) != len(r):
            problems.append(f"{s.path}: {len(s)} lines, but the references ({r.path}) have {len(r)}")
        elif problem := check_script(s.lines, src_lang, s.path, f"source ({direction} source)"):
            problems.append(problem)
        ts.source, ts.empty_source = s.lines, s.empty
    if docs is not None:
        d = read_lines(docs)
        if len(d) != len(r):
            problems.append(f"{d.path}: {len(d)} article ids, but the references ({r.path}) have {len(r)} lines")
        ts.doc_ids = d.lines
        ts.docs = {k: {} for k in dict.fromkeys(d.lines)}
    if problems:
        raise ReportInputError(problems)
    return ts

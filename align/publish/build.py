"""Rows in, a Hugging Face dataset folder out: dedup, split, leak check, parquet, stats, card.

One streaming pass turns the rows into Arrow record batches (compact: a million rows take a few
hundred MB) while the dedup index keeps only keys and MinHash signatures; the decisions are
then taken on columns with numpy. The folder is written into a temp folder beside OUT and
renamed into place, so a reader sees the old folder or the complete new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import __version__
from ..atomic import write_json, write_text
from ..dedup import DedupConfig, DedupIndex
from ..model import Row
from ..split import assign_splits, leaked_train_rows
from .schema import DATASET_FORMAT, SPLITS, arrow_schema, data_file

BATCH = 50_000  # rows gathered before they become an Arrow batch
WRITE_SLICE = 100_000  # rows filtered and written at a time


def clean_text(text: str) -> str:
    """Published text: NFC, whitespace runs collapsed, ends stripped (so SentencePiece's
    whitespace handling round-trips it exactly)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _bead(ko_idx: list[int], en_idx: list[int]) -> str:
    return f"[{', '.join(map(str, ko_idx))}]:[{', '.join(map(str, en_idx))}]"


class _Columns:
    """Rows gathered batch by batch into Arrow, plus the per-row arrays the decisions need."""

    def __init__(self, dedup: DedupIndex) -> None:
        self.dedup = dedup
        self.batches: list[pa.RecordBatch] = []
        self.pair_code: dict[str, int] = {}
        self.sent_counter: dict[str, int] = {}
        self.codes: list[np.ndarray] = []
        self.kept: list[np.ndarray] = []
        self.reason: list[list[str]] = []

    def add(self, rows: list[Row]) -> None:
        ko = [clean_text(r.ko) for r in rows]
        en = [clean_text(r.en) for r in rows]
        self.dedup.add(ko, en)
        sent_index = []
        for r in rows:
            k = self.sent_counter.get(r.pair_id, 0)
            self.sent_counter[r.pair_id] = k + 1
            sent_index.append(k)
        n = len(rows)
        self.codes.append(np.fromiter((self.pair_code.setdefault(r.pair_id, len(self.pair_code)) for r in rows), np.int64, n))
        self.kept.append(np.fromiter((bool(r.kept) for r in rows), bool, n))
        self.reason.append([r.reason or "" for r in rows])
        s = pa.string()
        arrays = [
            pa.StructArray.from_arrays([pa.array(en, s), pa.array(ko, s)], names=["en", "ko"]),
            pa.array([r.pair_id for r in rows], s),
            pa.array([r.ko_article_id for r in rows], s),
            pa.array([r.en_article_id for r in rows], s),
            pa.array([r.ko_url for r in rows], s),
            pa.array([r.en_url for r in rows], s),
            pa.array([r.date for r in rows], s),
            pa.array([_bead(r.ko_idx, r.en_idx) for r in rows], s),
            pa.array([f"{len(r.ko_idx)}-{len(r.en_idx)}" for r in rows], s),
            pa.array([r.score for r in rows], pa.float32()),
            pa.array(sent_index, pa.int32()),
            pa.array([r.pair_method for r in rows], s),
            pa.array([bool(r.moved) for r in rows], pa.bool_()),
        ]
        schema = arrow_schema(unfiltered=False)
        self.batches.append(pa.RecordBatch.from_arrays(arrays, schema=schema))


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    buf: list[Row] = []
    for r in rows:
        buf.append(r)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def build_dataset(
    rows: Iterable[Row],
    out_dir: str | os.PathLike,
    *,
    seed: int = 0,
    meta: dict[str, Any] | None = None,
    splits: dict[str, str] | None = None,
    dedup: DedupConfig | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Write the dataset folder `out_dir` from aligned rows (kept and dropped, as the filter left
    them) and return its statistics (also written to stats.json).

    `splits` (pair id -> split) overrides the hashed assignment of `align.split.assign_splits`.
    """
    meta = dict(meta or {})
    out_dir = Path(out_dir)
    index = DedupIndex(dedup)
    cols = _Columns(index)
    it: Iterable[Row] = rows
    if progress:
        from tqdm import tqdm

        it = tqdm(rows, desc="dataset", unit="row", mininterval=1.0)
    for chunk in _chunks(it, BATCH):
        cols.add(chunk)

    schema = arrow_schema(unfiltered=False)
    table = pa.Table.from_batches(cols.batches, schema=schema)
    cols.batches.clear()
    n = table.num_rows
    codes = np.concatenate(cols.codes) if cols.codes else np.zeros(0, np.int64)
    filter_kept = np.concatenate(cols.kept) if cols.kept else np.zeros(0, bool)
    reason = np.array([r for part in cols.reason for r in part], dtype=object)
    filter_kept &= reason == ""  # a row with a reason is dropped whatever its flag says

    ko_col = pc.struct_field(table.column("translation"), "ko")
    en_col = pc.struct_field(table.column("translation"), "en")

    def texts(i: int) -> tuple[str, str]:
        return ko_col[i].as_py(), en_col[i].as_py()

    dedup_reason, removed = index.decide(filter_kept, codes, texts)
    alive = filter_kept & (dedup_reason == "")
    reason[dedup_reason != ""] = dedup_reason[dedup_reason != ""]

    # split by article pair, then drop train rows whose text is in validation or test
    pair_ids = list(cols.pair_code)
    if splits is None:
        splits = assign_splits(pair_ids, seed=seed)
    missing = [p for p in pair_ids if p not in splits]
    if missing:
        raise ValueError(f"{len(missing)} pair(s) have no split, e.g. {missing[0]!r}")
    split_of_code = np.array([splits[p] for p in pair_ids] or [""], dtype=object)
    split = split_of_code[codes] if n else np.zeros(0, dtype=object)
    ko_keys, en_keys = index.column("ko"), index.column("en")
    leaked = leaked_train_rows(split, alive, ko_keys, en_keys)
    reason[leaked] = "leak"
    alive &= ~leaked
    overlap_after = int(leaked_train_rows(split, alive, ko_keys, en_keys).sum())
    assert overlap_after == 0, "leak removal left overlap"  # by construction; guards refactors

    full = table.append_column("kept", pa.array(alive)).append_column("reason", pa.array(reason.tolist(), pa.string()))
    full = full.replace_schema_metadata(arrow_schema(unfiltered=True).metadata)
    del table

    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent if out_dir.parent.exists() else None))
    try:
        stats = _write_folder(tmp, full, split, alive, reason, removed, int(leaked.sum()), splits, meta, seed)
        spm_note = _carry_spm(out_dir, tmp, stats)
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if spm_note:
        stats["spm_note"] = spm_note  # for the caller to print; not part of stats.json
    return stats


def _carry_spm(old_dir: Path, new_dir: Path, stats: dict[str, Any]) -> str | None:
    """Bring the previous folder's SentencePiece model(s) into the new folder: copied when the
    train split's text is unchanged (the model would come out the same), retrained with the same
    options when it changed. Returns what was done in words, or None when there was no model."""
    try:
        old = json.loads((old_dir / "stats.json").read_text(encoding="utf-8")).get("spm")
    except (OSError, ValueError):
        return None
    if not isinstance(old, dict) or not old.get("models") or not (old_dir / "spm").is_dir():
        return None
    from ..spm import attach_spm, train_spm

    if old.get("train_digest") == stats["train_digest"] and all((old_dir / m["file"]).is_file() for m in old["models"]):
        shutil.copytree(old_dir / "spm", new_dir / "spm")
        attach_spm(new_dir, stats, old)
        return "SentencePiece model kept (the train split is unchanged)"
    models = old["models"]
    info = train_spm(
        new_dir,
        separate=len(models) > 1,
        model_type=models[0].get("model_type", "unigram"),
        vocab_size=int(old.get("requested_vocab_size", 16000)),
        command=old.get("command", "align spm"),
        stats=stats,
    )
    return f"SentencePiece model retrained on the new train split ({info['models'][0]['vocab_size']} pieces)"


def _swap_into_place(tmp: Path, out_dir: Path) -> None:
    """Rename the finished temp folder over OUT (the old folder is renamed away first and then
    removed, so OUT is never a half-written folder)."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    # mkdtemp/mkstemp create owner-only folders and files; a dataset is meant to be read by others
    umask = os.umask(0)
    os.umask(umask)
    for p in [tmp, *tmp.rglob("*")]:
        p.chmod((0o777 if p.is_dir() else 0o666) & ~umask)
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.replace(out_dir, old / "d")
    os.replace(tmp, out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _count(values: np.ndarray | list) -> dict[str, int]:
    keys, counts = np.unique(np.asarray(values, dtype=object).astype(str), return_counts=True)
    return {str(k): int(c) for k, c in zip(keys, counts)}


def _write_folder(
    folder: Path,
    full: pa.Table,
    split: np.ndarray,
    alive: np.ndarray,
    reason: np.ndarray,
    removed: dict[str, int],
    leaked: int,
    splits: dict[str, str],
    meta: dict[str, Any],
    seed: int,
) -> dict[str, Any]:
    from .card import render_card
    from .plot import draw_distributions

    rows_per_split: dict[str, int] = {}
    all_per_split: dict[str, int] = {}
    # what `datasets` records per split: Arrow bytes in memory, and the parquet files' bytes
    sizes: dict[str, dict[str, dict[str, int]]] = {c: {} for c in ("default", "unfiltered")}
    train_digest = hashlib.blake2b(digest_size=16)  # the train text SentencePiece learns from
    tokens: dict[str, dict[str, int]] = {}
    examples: list[dict[str, Any]] = []
    files: list[str] = []
    keep_cols = arrow_schema(False).names
    meta_default = arrow_schema(False).metadata
    for s in SPLITS:
        in_split = split == s
        tokens[s] = {k: 0 for k in ("ko", "en", "ko_chars", "en_chars")}
        rows_per_split[s] = all_per_split[s] = 0
        for per_split in sizes.values():
            per_split[s] = {"num_bytes": 0, "file_bytes": 0}
        paths = {c: folder / data_file(c, s) for c in ("default", "unfiltered")}
        for p in paths.values():
            p.parent.mkdir(parents=True, exist_ok=True)
            files.append(p.relative_to(folder).as_posix())
        # slice by slice, so memory holds the table once plus one slice, not a copy per split
        with pq.ParquetWriter(paths["default"], arrow_schema(False)) as w_default, \
                pq.ParquetWriter(paths["unfiltered"], full.schema) as w_unfiltered:
            for start in range(0, full.num_rows, WRITE_SLICE):
                m = in_split[start : start + WRITE_SLICE]
                if not m.any():
                    continue
                part = full.slice(start, WRITE_SLICE).filter(pa.array(m))
                default = part.filter(part.column("kept")).select(keep_cols).replace_schema_metadata(meta_default)
                w_unfiltered.write_table(part)
                w_default.write_table(default)
                all_per_split[s] += part.num_rows
                rows_per_split[s] += default.num_rows
                sizes["unfiltered"][s]["num_bytes"] += part.nbytes
                sizes["default"][s]["num_bytes"] += default.nbytes
                tr = default.column("translation")
                for lang in ("ko", "en"):
                    text = pc.struct_field(tr, lang)
                    if s == "train":
                        for t in text.to_pylist():
                            train_digest.update(f"{lang}\x00{t}\x00".encode())
                    tokens[s][lang] += int(pc.sum(pc.list_value_length(pc.utf8_split_whitespace(text))).as_py() or 0)
                    tokens[s][f"{lang}_chars"] += int(pc.sum(pc.utf8_length(text)).as_py() or 0)
                want = 3 if s == "train" else 1
                if (s == "train" or not examples) and len(examples) < want:
                    examples.extend(_examples(default, want - len(examples)))
        for c, p in paths.items():
            sizes[c][s]["file_bytes"] = p.stat().st_size

    scores = full.column("score").to_numpy(zero_copy_only=False).astype(np.float64)
    bead_types = full.column("bead_type").to_numpy(zero_copy_only=False)
    finite = np.isfinite(scores)
    lo, hi = (float(scores[finite].min()), float(scores[finite].max())) if finite.any() else (0.0, 1.0)
    edges = np.linspace(lo, hi if hi > lo else lo + 1.0, 21)
    dropped = _count(reason[~alive]) if (~alive).any() else {}
    pairs_per_split = _count(list(splits.values()))
    stats: dict[str, Any] = {
        "toolkit": "ko-en-align",
        "toolkit_version": __version__,
        "dataset_format": DATASET_FORMAT,
        "created": meta.get("date") or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seed": seed,
        "meta": meta,
        "rows_in": int(full.num_rows),
        "rows_kept": int(alive.sum()),
        "splits": rows_per_split,
        "unfiltered_splits": all_per_split,
        "pairs_per_split": {s: pairs_per_split.get(s, 0) for s in SPLITS},
        "tokens": tokens,
        "dropped": dropped,
        "removed": {k: v for k, v in removed.items() if v},
        "leaked_removed": leaked,
        "test_train_overlap": 0,  # checked in build_dataset after the leak removal
        "bead_types": {"kept": _count(bead_types[alive]) if alive.any() else {}, "all": _count(bead_types) if len(bead_types) else {}},
        "score": {
            "edges": [round(float(e), 6) for e in edges],
            "kept": np.histogram(scores[alive & finite], edges)[0].tolist(),
            "dropped": np.histogram(scores[~alive & finite], edges)[0].tolist(),
            "quantiles_kept": (
                {q: round(float(np.quantile(scores[alive & finite], float(q))), 4) for q in ("0.05", "0.5", "0.95")}
                if (alive & finite).any()
                else {}
            ),
        },
        "examples": examples,
        "sizes": sizes,
        "sources": _sources(full, alive),
        "train_digest": train_digest.hexdigest(),
        "files": files + ["README.md", "stats.json", "distributions.png"],
    }
    draw_distributions(stats, folder / "distributions.png")
    write_json(folder / "stats.json", stats)
    write_text(folder / "README.md", render_card(stats))  # the card last: its presence marks a complete folder
    return stats


def _sources(full: pa.Table, alive: np.ndarray) -> dict[str, Any]:
    """The sites the kept rows come from (the site part of the article ids, with the hosts of
    their URLs and how many article pairs each gave) and the range of their dates."""
    from urllib.parse import urlsplit

    kept = full.select(["pair_id", "ko_article_id", "en_article_id", "ko_url", "en_url", "date"]).filter(pa.array(alive))
    sites: dict[str, dict[str, Any]] = {}
    firsts = [(c, "first") for c in ("ko_article_id", "en_article_id", "ko_url", "en_url")]
    first = kept.group_by("pair_id", use_threads=False).aggregate(firsts)
    for rec in first.to_pylist():
        for side in ("ko", "en"):
            art, url = rec[f"{side}_article_id_first"], rec[f"{side}_url_first"]
            name = (art or "").split(":", 1)[0] or "unknown"
            entry = sites.setdefault(name, {"site": name, "hosts": set(), "pairs": set()})
            entry["pairs"].add(rec["pair_id"])
            host = urlsplit(url).hostname if url else None
            if host:
                entry["hosts"].add(host)
    dates = pc.utf8_slice_codeunits(kept.column("date"), 0, 10)
    span = pc.min_max(dates).as_py() if kept.num_rows else {"min": None, "max": None}
    return {
        "sites": [
            {"site": e["site"], "hosts": sorted(e["hosts"]), "pairs": len(e["pairs"])}
            for e in sorted(sites.values(), key=lambda e: (-len(e["pairs"]), e["site"]))
        ],
        "dates": {"first": span["min"], "last": span["max"], "undated_rows": int(kept.column("date").null_count)},
    }


def _examples(tbl: pa.Table, k: int) -> list[dict[str, Any]]:
    out = []
    for r in tbl.slice(0, k).select(["translation", "pair_id", "bead", "score"]).to_pylist():
        r["score"] = round(float(r["score"]), 4)
        out.append(r)
    return out


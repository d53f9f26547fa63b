"""dataset: the Hugging Face dataset folder (OUT/dataset) from OUT/rows.jsonl, honouring the
split `align split` wrote (OUT/splits.json), and recording what changed since the previous
build (`changes`, below) so the card can say what a release adds.

`card_meta(out, command=...)` is the card's provenance, one function for `align run` and
`align dataset`.

`changes` (in the metadata handed to `build_dataset`, so in stats.json's "meta" and the
dataset manifest's counts): {"previous_build": ISO time or None, "pairs_added", "pairs_removed",
"pairs_changed", "rows_added", "rows_removed"}, counted over the rows the filter kept, a row
being its Korean and English text; the previous build's rows are indexed in
OUT/cache/dataset-rows.json. Built again from the same rows (new code, a damaged file), the
dataset keeps the changes its previous build recorded: it is the same release.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from .base import Stage, StageContext

INDEX = "cache/dataset-rows.json"  # pair id -> digests of its kept rows, at the last build
AMENDABLE = {"README.md", "stats.json"}  # `align spm` amends them: no reason to rebuild the data


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def licence_of(out: Path) -> str | None:
    """The licence the source recipes of the run's pairs declare (one), 'other' when they
    differ, None when the run has no pairs file or none of its sites has a recipe."""
    try:
        from ..atomic import read_jsonl
        from ..extract.recipes import load_recipes

        sites = {d.get("site") for d in read_jsonl(out / "pairs.jsonl") for d in (d["ko"], d["en"])}
        licences = {getattr(r, "licence", None) or getattr(r, "license", None) for r in load_recipes() if r.name in sites}
    except (OSError, ValueError, ImportError, KeyError, TypeError):
        return None
    licences.discard(None)
    if not licences:
        return None
    return licences.pop() if len(licences) == 1 else "other"


def card_meta(out: Path, *, command: str, license: str | None = None) -> dict[str, Any]:
    """Provenance for the card: the command, toolkit version, the aligner settings that made the
    rows (the align manifest's), the run's date and corpus, and the licence (given, else the
    recipes', else the previous build's, else 'other')."""
    from .. import __version__

    info = _read_json(out / "run.json")
    align = _read_json(out / "manifests" / "align.json")
    aligner = (align.get("settings") or {}).get("aligner")
    if aligner is None:
        aligner = (info.get("settings") or {}).get("aligner", {})
    previous = _read_json(out / "dataset" / "stats.json").get("meta", {})
    corpus = info.get("corpus")
    return {
        "command": command,
        "toolkit_version": __version__,
        "aligner": aligner,
        "date": info.get("created"),
        "corpus": Path(corpus).name if corpus else out.name,
        "license": license or licence_of(out) or previous.get("license") or "other",
    }


def _row_digest(row: Any) -> str:
    return hashlib.sha256(f"{row.ko}\0{row.en}".encode()).hexdigest()[:16]


def kept_row_index(rows_path: Path) -> dict[str, list[str]]:
    """pair id -> sorted digests of the pair's kept rows (malformed lines left out)."""
    from ..publish.rows import iter_rows

    index: dict[str, list[str]] = {}
    for row in iter_rows(rows_path):
        if row.kept:
            index.setdefault(row.pair_id, []).append(_row_digest(row))
    return {k: sorted(v) for k, v in index.items()}


def changes_since(previous: dict[str, list[str]] | None, current: dict[str, list[str]], when: str | None) -> dict[str, Any]:
    """Pairs and rows added, removed (and pairs changed) between two builds' kept rows."""
    previous = previous or {}
    rows_added = rows_removed = changed = 0
    for pid in set(previous) | set(current):
        old, new = Counter(previous.get(pid, [])), Counter(current.get(pid, []))
        rows_added += sum((new - old).values())
        rows_removed += sum((old - new).values())
        changed += pid in previous and pid in current and old != new
    return {
        "previous_build": when,
        "pairs_added": len(set(current) - set(previous)),
        "pairs_removed": len(set(previous) - set(current)),
        "pairs_changed": changed,
        "rows_added": rows_added,
        "rows_removed": rows_removed,
    }


def splits_for(out: Path, pair_ids: set[str], seed: int, log: Any) -> dict[str, str] | None:
    """OUT/splits.json (written by `align split`) if there is one, new pairs assigned by hash."""
    path = out / "splits.json"
    if not path.exists():
        return None
    from ..split import assign_splits

    splits = _read_json(path)
    if not splits:
        log(f"dataset: {path} is not a readable splits.json; the split is assigned by hash")
        return None
    new = sorted(pair_ids - set(splits))
    if new:
        splits = {**splits, **assign_splits(new, seed=seed)}
        log(f"dataset: {len(new)} pair(s) are newer than {path}; assigned to splits by hash")
    return {p: s for p, s in splits.items() if p in pair_ids}


class Dataset(Stage):
    name = "dataset"
    after = "filter"
    code = ("publish",)

    def settings(self, s: Any) -> dict[str, Any]:
        return {"seed": s.seed}

    def extra_inputs(self, out: Path) -> dict[str, str]:
        from ..digest import file_digest

        p = out / "splits.json"
        return {"splits.json": file_digest(p)} if p.exists() else {}

    def intact(self, out: Path) -> bool:
        return (out / "dataset" / "README.md").exists() and (out / "dataset" / "stats.json").exists()

    def outputs(self, out: Path, counts: dict[str, Any]) -> list[str]:
        d = out / "dataset"
        return [
            p.relative_to(out).as_posix()
            for p in sorted(d.rglob("*"))
            if p.is_file() and p.name not in AMENDABLE and "spm" not in p.relative_to(d).parts
        ]

    def run(self, ctx: StageContext, settings: dict[str, Any]) -> dict[str, Any]:
        from ..atomic import read_jsonl, write_json
        from ..publish import build_dataset
        from ..publish.rows import iter_rows

        out = ctx.out
        current = kept_row_index(out / "rows.jsonl")
        index = out / INDEX
        previous = _read_json(index) if index.exists() else None
        before = ctx.manifest("dataset")
        # `license`: set by `align dataset OUT --license ID` (run_by_hand), kept by the runs after it
        meta = card_meta(out, command=ctx.command, license=settings.get("license"))  # type: ignore[attr-defined]
        last = _read_json(out / "dataset" / "stats.json").get("meta", {}).get("changes")
        if previous == current and isinstance(last, dict):
            meta["changes"] = last  # the same rows built again (new code, a damaged file): the same release
        else:
            meta["changes"] = changes_since(previous, current, (before or {}).get("finished") if previous is not None else None)
        if (out / "pairs.jsonl").exists():
            pair_ids = {d["pair_id"] for d in read_jsonl(out / "pairs.jsonl")}
        else:  # a rows.jsonl made elsewhere (`align dataset` on a folder of rows)
            pair_ids = {r.pair_id for r in iter_rows(out / "rows.jsonl")}
        splits = splits_for(out, pair_ids, settings["seed"], ctx.log)
        skipped: Counter = Counter()  # a malformed line is skipped and counted, not fatal
        stats = build_dataset(iter_rows(out / "rows.jsonl", skipped), out / "dataset", seed=settings["seed"], meta=meta,
                              splits=splits)
        if note := stats.pop("spm_note", None):
            ctx.log(f"dataset: {note}")
        if skipped:
            stats["malformed_rows"] = dict(skipped)
            ctx.log("dataset: malformed lines of rows.jsonl skipped: " + ", ".join(f"{k} {v}" for k, v in skipped.items()))
        write_json(index, current)
        return stats


DATASET = Dataset()

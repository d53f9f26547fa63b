"""First pass over a run: one small summary per article pair (counts, scores, where its records
are), the run's bead scores for the histogram, and the totals the index shows.

Only offsets into the files are kept, never the text, so memory grows with the number of pairs
and not with the size of the corpus; the page writer seeks back for one pair's records."""

from __future__ import annotations

import math
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from .runfolder import RunFolder


@dataclass(slots=True)
class PairInfo:
    pair_id: str
    method: str | None = None
    pair_score: float | None = None
    ko_title: str = ""
    en_title: str = ""
    ko_url: str | None = None
    en_url: str | None = None
    date: str | None = None
    split: str | None = None
    pair_at: int | None = None  # offset in pairs.jsonl
    seg_at: tuple[Path, int] | None = None
    ko_n: int | None = None
    en_n: int | None = None
    aln_at: tuple[Path, int] | None = None
    aligner: str = ""
    n_beads: int | None = None
    types: Counter = field(default_factory=Counter)
    mean: float | None = None
    min: float | None = None
    row_spans: list[list[int]] = field(default_factory=list)  # [offset, count] of consecutive rows
    kept: int | None = None
    dropped: int | None = None

    @property
    def n_null(self) -> int:
        return sum(n for t, n in self.types.items() if t.startswith("0-") or t.endswith("-0"))

    @property
    def n_many(self) -> int:
        return sum(n for t, n in self.types.items() if t != "1-1" and not (t.startswith("0-") or t.endswith("-0")))


@dataclass
class RunSummary:
    folder: RunFolder
    pairs: dict[str, PairInfo]  # in run order
    scores: array  # every finite score of a bead with both sides (1-1, 2-1, ...)
    null_scores: array  # the same for null beads (1-0, 0-1)
    unscored_beads: int
    bead_types: Counter
    drop_reasons: Counter
    skipped: Counter  # (stage, reason) -> count
    threshold: float | None
    run: dict[str, Any] | None
    summary: dict[str, Any] | None

    def pending(self) -> list[str]:
        """Plain words for the stages that have not reached every pair yet."""
        n = len(self.pairs)
        out = []
        for what, attr in (("segmented", "ko_n"), ("aligned", "n_beads"), ("filtered", "kept")):
            done = sum(1 for p in self.pairs.values() if getattr(p, attr) is not None)
            if done < n:
                out.append(f"{n - done} of {n} pairs not {what} yet")
        return out


def _finite(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return float(x) if math.isfinite(x) else None


def find_threshold(record: Any) -> float | None:
    """The filter's `min_score` from a filter manifest (`settings.min_score`) or run.json
    (`settings.filter.min_score`)."""
    settings = record.get("settings") if isinstance(record, dict) else None
    if not isinstance(settings, dict):
        return None
    for scope in (settings, settings.get("filter")):
        if isinstance(scope, dict) and (v := _finite(scope.get("min_score"))) is not None:
            return v
    return None


def _filter_record(folder: RunFolder) -> dict[str, Any] | None:
    """The manifest of the filter that wrote the rows.jsonl now in the folder (`align run` or
    `align filter` record theirs): run.json holds the settings `align run` was given, which a
    later `align filter` with other thresholds does not change. A manifest whose recorded digest
    of rows.jsonl differs from the file describes an older filter, and is not used."""
    from ..digest import file_digest

    m = folder.read_json("manifests/filter.json")
    rows = folder.out / "rows.jsonl"
    if not isinstance(m, dict) or not rows.is_file():
        return None
    recorded = (m.get("outputs") or {}).get("rows.jsonl") if isinstance(m.get("outputs"), dict) else None
    return m if recorded == file_digest(rows) else None


def _splits_from_dataset(folder: RunFolder) -> dict[str, str] | None:
    """{pair_id: split} from the dataset folder's parquet files (named `<split>-NNNNN-of-NNNNN`)."""
    files = [f for sub in ("unfiltered", "data") for f in sorted((folder.out / "dataset" / sub).glob("*.parquet"))]
    if not files:
        return None
    import pyarrow.parquet as pq

    out: dict[str, str] = {}
    for f in files:
        try:
            ids = pq.read_table(f, columns=["pair_id"]).column("pair_id").unique().to_pylist()
        except Exception as e:  # noqa: BLE001 - a broken file is reported, the view goes on
            folder.problems.add(f, f"not readable as a dataset split ({e})")
            continue
        for pid in ids:
            out.setdefault(str(pid), f.name.split("-")[0])
    return out


def _default_threshold() -> float | None:
    """The filter's built-in minimum score, which a run without a `min_score` setting used."""
    try:
        from align.filter import FilterConfig
    except ImportError:
        return None
    return _finite(FilterConfig().min_score)


def collect(folder: RunFolder, threshold: float | None = None, progress: bool = True) -> RunSummary:
    pairs: dict[str, PairInfo] = {}

    def info(pid: Any) -> PairInfo:
        pid = str(pid)
        p = pairs.get(pid)
        if p is None:
            p = pairs[pid] = PairInfo(pid)
        return p

    bar = tqdm(desc="reading run", unit=" records", disable=not progress, file=None, mininterval=0.5)

    pairs_path = folder.out / "pairs.jsonl"
    for offset, rec in folder.records(pairs_path):
        bar.update()
        p = info(rec["pair_id"])
        p.pair_at = offset
        p.method = str(rec.get("method")) if rec.get("method") is not None else None
        p.pair_score = _finite(rec.get("score"))
        for side in ("ko", "en"):
            art: dict[str, Any] = rec[side] if isinstance(rec.get(side), dict) else {}
            setattr(p, f"{side}_title", str(art.get("title") or "")[:300])
            setattr(p, f"{side}_url", art.get("url") if isinstance(art.get("url"), str) else None)
        ko_art: dict[str, Any] = rec["ko"] if isinstance(rec.get("ko"), dict) else {}
        p.date = ko_art.get("date") if isinstance(ko_art.get("date"), str) else None

    for path in folder.shards("segment"):
        for offset, rec in folder.records(path):
            bar.update()
            p = info(rec["pair_id"])
            ko, en = rec.get("ko"), rec.get("en")
            if not isinstance(ko, list) or not isinstance(en, list):
                folder.problems.add(path, f"pair {p.pair_id}: ko/en are not lists of sentences")
                continue
            p.seg_at, p.ko_n, p.en_n = (path, offset), len(ko), len(en)

    scores, null_scores = array("d"), array("d")
    unscored = 0
    bead_types: Counter = Counter()
    for path in folder.shards("align"):
        for offset, rec in folder.records(path):
            bar.update()
            p = info(rec["pair_id"])
            beads = rec.get("beads")
            try:
                parsed = [(len(s), len(t), _finite(sc)) for s, t, sc in beads]  # type: ignore[union-attr]
            except (TypeError, ValueError):
                folder.problems.add(path, f"pair {p.pair_id}: beads are not [[ko...], [en...], score] lists")
                continue
            p.aln_at, p.aligner, p.n_beads = (path, offset), str(rec.get("aligner") or ""), len(parsed)
            p.types = Counter(f"{a}-{b}" for a, b, _ in parsed)
            bead_types.update(p.types)
            # mean and min over beads with both sides: a null bead's score says little about
            # the pair (the null column counts those), and would make every such pair "worst".
            vals = [sc for a, b, sc in parsed if sc is not None and a and b]
            nulls = [sc for a, b, sc in parsed if sc is not None and not (a and b)]
            unscored += len(parsed) - len(vals) - len(nulls)
            scores.extend(vals)
            null_scores.extend(nulls)
            if vals:
                p.mean, p.min = sum(vals) / len(vals), min(vals)

    drop_reasons: Counter = Counter()
    rows_path = folder.out / "rows.jsonl"
    if rows_path.is_file():
        last: list[int] | None = None
        last_pid = None
        for offset, rec in folder.records(rows_path):
            bar.update()
            p = info(rec["pair_id"])
            kept = bool(rec.get("kept", True))
            if kept:
                p.kept, p.dropped = (p.kept or 0) + 1, p.dropped or 0
            else:
                p.kept, p.dropped = p.kept or 0, (p.dropped or 0) + 1
                drop_reasons[str(rec.get("reason") or "unspecified")] += 1
            if last is not None and last_pid == p.pair_id:
                last[1] += 1
            else:  # a new run of this pair's rows (normally one run a pair)
                last = [offset, 1]
                p.row_spans.append(last)
            last_pid = p.pair_id

    skipped: Counter = Counter()
    for path in folder.skipped_files():
        for _, rec in folder.records(path, required=("stage", "reason")):
            skipped[(str(rec["stage"]), str(rec["reason"]))] += 1
    bar.close()

    # the split the dataset was built with; splits.json (`align split`) before a dataset exists
    splits = _splits_from_dataset(folder)
    if splits is None:
        splits = folder.read_json("splits.json")
    if isinstance(splits, dict):
        # {pair_id: split} or {split: [pair_id, ...]}; accept both.
        for k, v in splits.items():
            if isinstance(v, str) and k in pairs:
                pairs[k].split = v
            elif isinstance(v, list):
                for pid in v:
                    if isinstance(pid, str) and pid in pairs:
                        pairs[pid].split = k

    run = folder.read_json("run.json")
    summary = folder.read_json("summary.json")
    if threshold is None:
        threshold = find_threshold(_filter_record(folder))
    if threshold is None:
        threshold = find_threshold(run)
    if threshold is None and rows_path.is_file():
        threshold = _default_threshold()
    return RunSummary(
        folder=folder,
        pairs=pairs,
        scores=scores,
        null_scores=null_scores,
        unscored_beads=unscored,
        bead_types=bead_types,
        drop_reasons=drop_reasons,
        skipped=skipped,
        threshold=threshold,
        run=run if isinstance(run, dict) else None,
        summary=summary if isinstance(summary, dict) else None,
    )

"""filter: every bead as a row (OUT/rows.jsonl), kept or dropped with its reason; the rows of a
pair come from its pair, segment and align records, read shard by shard in lockstep."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..model import AlignedPair, ArticlePair, Row, SegmentedPair
from .base import Stage, StageContext


def rows_of_pair(pair: ArticlePair, seg: SegmentedPair, aligned: AlignedPair) -> Iterator[Row]:
    """One Row per bead, null beads included (the filter marks them), in document order."""
    for b in aligned.beads:
        yield Row(
            pair_id=pair.pair_id,
            ko=" ".join(seg.ko[i] for i in b.src),
            en=" ".join(seg.en[j] for j in b.tgt),
            ko_idx=list(b.src),
            en_idx=list(b.tgt),
            score=float(b.score if b.score is not None else 0.0),
            ko_article_id=pair.ko.id,
            en_article_id=pair.en.id,
            ko_url=pair.ko.url,
            en_url=pair.en.url,
            date=pair.ko.date or pair.en.date,
            pair_method=pair.method,
            moved=b.moved,
        )


def run_rows(ctx: StageContext) -> Iterator[Row]:
    """Every bead of the run as a Row, in pairs.jsonl's order."""
    from ..atomic import read_jsonl
    from ..runner import RunError, shard_files

    segs = (s for rel in shard_files(ctx.manifest("segment")) for s in read_jsonl(ctx.out / rel))
    aligned = (a for rel in shard_files(ctx.manifest("align")) for a in read_jsonl(ctx.out / rel))
    for p, s, a in zip(read_jsonl(ctx.out / "pairs.jsonl"), segs, aligned, strict=True):
        pair, seg, al = ArticlePair.from_json(p), SegmentedPair.from_json(s), AlignedPair.from_json(a)
        if not (pair.pair_id == seg.pair_id == al.pair_id):
            raise RunError(f"the run's files are out of step ({pair.pair_id} / {seg.pair_id} / {al.pair_id})")
        yield from rows_of_pair(pair, seg, al)


def filter_settings(overrides: dict[str, Any]) -> dict[str, Any]:
    """Every filter setting, typed (align.filter.FilterConfig), from the options given."""
    from ..filter import FilterConfig

    unknown = set(overrides) - set(FilterConfig.__dataclass_fields__)
    if unknown:
        raise ValueError(f"unknown filter setting(s) {sorted(unknown)}; known: {sorted(FilterConfig.__dataclass_fields__)}")
    return asdict(FilterConfig(**overrides))


class Filter(Stage):
    name = "filter"
    after = "align"
    code = ("filter",)
    normalize = staticmethod(filter_settings)  # a manual `align filter`'s options, typed as the run's

    def settings(self, s: Any) -> dict[str, Any]:
        return filter_settings(s.filter)

    def outputs(self, out: Path, counts: dict[str, Any]) -> list[str]:
        return ["rows.jsonl"]

    def run(self, ctx: StageContext, settings: dict[str, Any]) -> dict[str, Any]:
        from ..atomic import write_jsonl
        from ..filter import FilterConfig, filter_rows

        kept: Counter = Counter()
        dropped: Counter = Counter()

        def counted(rows: Iterable[Row]) -> Iterator[Row]:
            for r in rows:
                if r.kept:
                    kept["rows"] += 1
                else:
                    dropped[r.reason] += 1
                yield r

        rows = ctx.bar(run_rows(ctx), desc="filter", unit="row")
        write_jsonl(ctx.out / "rows.jsonl", counted(filter_rows(rows, FilterConfig(**settings))))
        return {"kept": kept["rows"], "dropped": dict(dropped)}


FILTER = Filter()

"""segment: each article pair's sentences (Kiwi for Korean, a rule-based splitter for English).

Item by item: a pair's sentences are keyed by its id, its two articles' paragraphs and the
segmenters' code, so a grown archive segments only its new or changed pairs. Output:
OUT/segment/shard-NNNNN.jsonl (SegmentedPair), `shard_size` pairs a file in pairs.jsonl's order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import dumps
from .base import ItemStage, StageContext


def segment_record(pair: dict[str, Any], settings: dict[str, Any]) -> tuple[str, bool]:
    from ..model import ArticlePair
    from ..segment import segment_pair

    return dumps(segment_pair(ArticlePair.from_json(pair)).to_json()), True


class Segment(ItemStage):
    name = "segment"
    after = "pair"
    code = ("segment",)
    shard_folder = "segment"
    process = staticmethod(segment_record)

    def settings(self, s: Any) -> dict[str, Any]:
        return {"shard_size": s.shard_size}

    def key_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        return {}  # the shard size only cuts the output into files

    def items(self, ctx: StageContext) -> Iterator[Any]:
        from ..atomic import read_jsonl

        return read_jsonl(ctx.out / "pairs.jsonl")

    def item_key(self, item: dict[str, Any]) -> Any:
        # what segment_pair reads: not the pairing score, which moves as the archive grows
        return [item["pair_id"], item["ko"]["paragraphs"], item["en"]["paragraphs"]]

    def count(self, records: list[dict[str, Any]]) -> Counter:
        return Counter(ko_sentences=sum(len(r["ko"]) for r in records), en_sentences=sum(len(r["en"]) for r in records))

    def outputs(self, out: Path, counts: dict[str, Any]) -> list[str]:
        return []  # the runner records the shards it wrote

    def run(self, ctx: StageContext, settings: dict[str, Any]) -> dict[str, Any]:
        from ..runner import run_items

        _, totals = run_items(self, ctx, settings)
        return dict(totals)


SEGMENT = Segment()

"""align: the sentence beads of each segmented pair (align.sentalign, multilingual USE).

Item by item: a pair's beads are keyed by its sentences, the typed aligner settings (derived
values filled in), the encoder's threads and the aligner's code, so a grown archive aligns only
its new or changed pairs. A pair the aligner fails on (a bug) keeps its sentences unaligned with
an "error" field, is counted as failed, and is not cached: the next run tries it again.
Output: OUT/align/shard-NNNNN.jsonl (AlignedPair), in the segment shards' order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import dumps
from .base import ItemStage, StageContext

# = align.sentalign.folders.ALIGNER_CODE (tests/test_lazy_imports.py checks), spelled here so that
# importing the stages (every run, `align extract` too) does not import the aligner's numba code
ALIGNER_CODE = ("sentalign", "embed")


def aligner_name(aligner: dict[str, Any]) -> str:
    return ("sentalign " + " ".join(f"{k}={v}" for k, v in sorted(aligner.items()))).strip()


def align_record(seg: dict[str, Any], settings: dict[str, Any]) -> tuple[str, bool]:
    from .. import sentalign
    from ..embed import get_encoder
    from ..model import AlignedPair, SegmentedPair
    from ..sentalign.aligner import left_out

    aligner = settings["aligner"]
    s = SegmentedPair.from_json(seg)
    name = aligner_name(aligner)
    try:
        beads = sentalign.align_sentences(
            s.ko, s.en, src_lang="ko", tgt_lang="en", encoder=get_encoder(settings["threads"]), **aligner
        )
    except Exception as e:  # noqa: BLE001 - a bug on one pair must not stop a run of millions
        rec = AlignedPair(s.pair_id, left_out(len(s.ko), len(s.en)), aligner=name).to_json()
        rec["error"] = f"{type(e).__name__}: {e}"
        return dumps(rec), False
    return dumps(AlignedPair(s.pair_id, beads, aligner=name).to_json()), True


class Align(ItemStage):
    name = "align"
    after = "segment"
    code = ALIGNER_CODE
    shard_folder = "align"
    process = staticmethod(align_record)

    def settings(self, s: Any) -> dict[str, Any]:
        # the aligner options as given (recorded, named in each record); `threads` is an
        # encoder setting here as in the pair stage
        return {"aligner": dict(s.aligner), "shard_size": s.shard_size, "threads": s.threads}

    def key_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        from dataclasses import asdict

        from ..sentalign.settings import AlignSettings

        resolved = asdict(AlignSettings.from_kwargs(**settings["aligner"]))
        return {"aligner": settings["aligner"], "resolved": resolved, "threads": settings["threads"]}

    def items(self, ctx: StageContext) -> Iterator[Any]:
        from ..atomic import read_jsonl
        from ..runner import shard_files

        for rel in shard_files(ctx.manifest("segment")):
            yield from read_jsonl(ctx.out / rel)

    def count(self, records: list[dict[str, Any]]) -> Counter:
        c: Counter = Counter()
        for r in records:
            if "error" in r:
                c["failed"] += 1  # pairs, not beads: the summary shows them apart
            for s, t, _ in r["beads"]:
                c[f"{len(s)}-{len(t)}"] += 1
        return c

    def outputs(self, out: Path, counts: dict[str, Any]) -> list[str]:
        return []

    def run(self, ctx: StageContext, settings: dict[str, Any]) -> dict[str, Any]:
        from ..runner import run_items

        _, totals = run_items(self, ctx, settings)
        return dict(totals)


ALIGN = Align()

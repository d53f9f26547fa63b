"""Compatibility: `align run`'s runner now lives in `align.runner` and its stages in
`align.stages`; this module keeps the old import paths working."""

from __future__ import annotations

from typing import Any

from .runner import STAGE_CODE, Run, RunError, Settings, format_summary, stage_code
from .stages import ORDER as STAGES
from .stages.align import align_record
from .stages.filter import rows_of_pair
from .stages.segment import segment_record


def segment_shard(task: tuple[int, list[dict]]) -> tuple[int, list[dict]]:
    """One shard of pairs segmented (for scripts that drive the stage by hand)."""
    import json

    index, pairs = task
    return index, [json.loads(segment_record(p, {})[0]) for p in pairs]


def align_shard(task: tuple[int, list[dict]], settings: dict[str, Any], threads: int | None) -> tuple[int, list[dict]]:
    """One shard of segmented pairs aligned (for scripts that drive the stage by hand)."""
    import json

    index, segs = task
    return index, [json.loads(align_record(s, {"aligner": settings, "threads": threads})[0]) for s in segs]


__all__ = ["STAGES", "STAGE_CODE", "Run", "RunError", "Settings", "align_shard", "format_summary", "rows_of_pair",
           "segment_shard", "stage_code"]

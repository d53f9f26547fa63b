"""The pipeline's stages, one module each, on one contract (`align.stages.base`):
extract -> pair -> segment -> align -> filter -> dataset. `align run` and each stage's
subcommand run them through `align.runner`."""

from __future__ import annotations

from .align import ALIGN
from .base import ItemStage, Stage, StageContext
from .dataset import DATASET
from .extract import EXTRACT
from .filter import FILTER
from .pair import PAIR
from .segment import SEGMENT

STAGES: dict[str, Stage] = {s.name: s for s in (EXTRACT, PAIR, SEGMENT, ALIGN, FILTER, DATASET)}
ORDER = tuple(STAGES)

__all__ = ["ORDER", "STAGES", "ItemStage", "Stage", "StageContext"]

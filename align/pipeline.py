"""Compatibility: `align run`'s runner now lives in `align.runner` and its stages in
`align.stages`; this module keeps the old import paths working."""

from __future__ import annotations

from .runner import STAGE_CODE, Run, RunError, Settings, format_summary, stage_code
from .stages import ORDER as STAGES
from .stages.filter import rows_of_pair

__all__ = ["STAGES", "STAGE_CODE", "Run", "RunError", "Settings", "format_summary", "rows_of_pair", "stage_code"]

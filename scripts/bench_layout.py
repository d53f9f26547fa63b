"""The layout of ../shared/bench/extract, which its score.py reads (`--pages`, `--truth`): a
folder of pages, ground-truth.json ({page name: {"articleBody": text, "url": URL}}) and a
manifest saying where the pages came from. scripts/readability_pages.py and
scripts/fundus_pages.py write other real pages in it."""

from __future__ import annotations

import json
from pathlib import Path


def write_page(out: Path, name: str, data: bytes) -> None:
    (out / "pages").mkdir(parents=True, exist_ok=True)
    (out / "pages" / f"{name}.html").write_bytes(data)


def write_truth_and_manifest(out: Path, truth: dict[str, dict[str, str]], manifest: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "ground-truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")

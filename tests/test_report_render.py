"""The HTML report renders in headless Chromium: a screenshot, no console message, every plot."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from test_report_data import make_dataset

from align.report.build import build_report
from align.report.html import render_html
from align.report.systems import System
from align.report.testset import load_dataset_split

CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "render_report.py"


def _render_module():
    spec = importlib.util.spec_from_file_location("render_report", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (Debian package chromium)")
def test_report_page_renders_in_chromium(tmp_path):
    ts = load_dataset_split(make_dataset(tmp_path / "ds", n_articles=6, per_article=6), "test", "en-ko")
    rng = random.Random(0)
    hyps = [[" ".join(w for w in r.split() if rng.random() > p) for r in ts.refs] for p in (0.4, 0.1)]
    systems = [System(f"sys{i}", f"sys{i}.txt", h) for i, h in enumerate(hyps)]
    page = tmp_path / "report.html"
    page.write_text(render_html(build_report(ts, systems, resamples=20, progress=False)), encoding="utf-8")
    png = tmp_path / "report.png"
    result = _render_module().render(page, png, size="1100,1600", chromium=str(CHROMIUM))
    assert result["console"] == []
    assert result["svgs"] == 6  # BLEU, chrF++, TER whiskers; BLEU, chrF++ per article; length buckets
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000

"""Content-only pairing on the shared benchmark, through `align pair` (real encoder; slow)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
SET = BENCH / "pair" / "ko-en-park-dev"


@pytest.mark.slow
def test_align_pair_meets_targets_on_ko_en_park_dev() -> None:
    if not (SET / "gold.tsv").exists():
        pytest.skip(f"benchmark not found: {SET}")
    from align.commands.pair import cli

    result = CliRunner().invoke(cli, ["--ko-dir", str(SET / "ko"), "--en-dir", str(SET / "en")])
    assert result.exit_code == 0, result.output
    got = set()
    for line in result.stdout.splitlines():
        ko, en, score = line.split("\t")
        assert (SET / "ko" / ko).is_file() and (SET / "en" / en).is_file()
        assert float(score) > 1.0  # a margin: the pair beats both documents' neighbourhoods
        got.add((Path(ko).stem, Path(en).stem))
    gold = {tuple(line.split("\t")[:2]) for line in (SET / "gold.tsv").read_text().splitlines() if line.strip()}
    kos = [k for k, _ in got]
    ens = [e for _, e in got]
    assert len(set(kos)) == len(kos) and len(set(ens)) == len(ens)  # one-to-one
    precision = len(got & gold) / max(len(got), 1)
    recall = len(got & gold) / len(gold)
    assert precision >= 0.99, f"precision {precision:.3f}"
    assert recall >= 0.97, f"recall {recall:.3f}"

"""The aligner on the shared benchmarks must beat Bertalign with the same encoder (issue 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.sentalign.folders import read_sentences
from align.evaluate import read_beads, score_documents

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "align"

# strict F1 of Bertalign + multilingual USE on these sets, as measured in issue 3
BERTALIGN = {"ko-en-park-dev": 0.876, "de-fr-textberg-dev": 0.860, "zh-en-mac-dev": 0.860}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BERTALIGN))
def test_strict_f1_beats_bertalign(name):
    path = BENCH / name
    if not (path / "gold").is_dir():
        pytest.skip(f"{path}: benchmark not available")
    from align.sentalign import align_sentences

    gold, test = [], []
    for g in sorted((path / "gold").iterdir()):
        src = read_sentences(path / "src" / g.name)
        tgt = read_sentences(path / "tgt" / g.name)
        beads = align_sentences(src, tgt)
        # every sentence exactly once, in order
        assert [i for b in beads for i in b.src] == list(range(len(src)))
        assert [j for b in beads for j in b.tgt] == list(range(len(tgt)))
        gold.append(read_beads(g))
        test.append(beads)
    scores = score_documents(gold, test)
    # the issue asks for +0.04 on every set; the aligner is +0.050 to +0.053 (docs/aligner.md)
    assert scores.f1_strict >= BERTALIGN[name] + 0.04, f"{name}: strict F1 {scores.f1_strict:.3f}"

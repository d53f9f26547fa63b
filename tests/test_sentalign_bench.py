"""The aligner on the shared benchmarks must beat Bertalign with the same encoder (issue 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.evaluate import read_beads, score_documents
from align.sentalign.folders import read_sentences

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


@pytest.mark.slow
def test_bench_script_prints_its_table():
    import subprocess
    import sys

    name = "ko-en-park-dev"
    if not (BENCH / name / "gold").is_dir():
        pytest.skip(f"{BENCH / name}: benchmark not available")
    script = Path(__file__).resolve().parents[1] / "scripts" / "bench_align.py"
    cmd = [sys.executable, str(script), "--sets", name, "--no-scaling", "--repeat", "1"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    header = next(line for line in res.stdout.splitlines() if line.startswith("| set |"))
    cols = [c.strip() for c in header.strip("|").split("|")]
    row = next(line for line in res.stdout.splitlines() if line.startswith(f"| {name} |"))
    cells = dict(zip(cols, (c.strip() for c in row.strip("|").split("|"))))
    assert float(cells["strict F1"]) >= BERTALIGN[name] + 0.04
    # the whole alignment is its own embedding plus its search (each printed to 0.1 s)
    assert abs(float(cells["own embed s"]) + float(cells["search s"]) - float(cells["whole s"])) <= 0.11
    assert "strict F1, 95% bootstrap interval" in res.stdout
    # the --min-score table: a share kept and a precision at each threshold, the shares falling
    cuts = [line for line in res.stdout.splitlines() if line.startswith(f"| {name} |")][1]
    shares = [float(c.split("/")[0]) for c in cuts.strip("|").split("|")[1:]]
    assert len(shares) == 6 and shares == sorted(shares, reverse=True) and shares[0] > 0.9
    # the scores are probabilities that sort right beads above wrong ones
    cal = [line for line in res.stdout.splitlines() if line.startswith(f"| {name} |")][2]
    cells = [c.strip() for c in cal.strip("|").split("|")]
    assert len(cells) == 7 and float(cells[-1]) > 0.8
    top = [float(x) for x in cells[-2].split("/")]  # beads scored 0.99 or more: most of them right
    assert top[0] > 100 and top[2] > 0.95

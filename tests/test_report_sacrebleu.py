"""`align bleu` numbers equal sacrebleu's own command line on the same files: BLEU, chrF++ and
TER per system in both directions (ko-mecab and char BLEU for Korean), and the paired bootstrap's
means, confidence intervals and p-values."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from click.testing import CliRunner
from test_report_data import make_dataset, write_lines

from align.commands.bleu import cli


def _noisy(lines: list[str], p: float, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for line in lines:
        words = [w for w in line.split() if rng.random() > p]
        if len(words) > 2 and rng.random() < p:
            words[0], words[1] = words[1], words[0]
        out.append(" ".join(words))
    return out


def _sacrebleu(ref, hyps, *args) -> list:
    proc = subprocess.run([sys.executable, "-m", "sacrebleu", str(ref), "-i", *map(str, hyps), *args, "-f", "json"],
                          capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout)
    return out if isinstance(out, list) else [out]  # one metric, one system: a bare object


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("cmp")
    d = make_dataset(root / "ds", n_articles=6, per_article=10, seed=3)
    runner = CliRunner()
    out = {"ds": d}
    for direction in ("ko-en", "en-ko"):
        src, ref = root / f"{direction}.src", root / f"{direction}.ref"
        r = runner.invoke(cli, ["--dataset", str(d), "--direction", direction,
                                "--write-source", str(src), "--write-reference", str(ref)])
        assert r.exit_code == 0, r.output
        refs = ref.read_text(encoding="utf-8").splitlines()
        hyps = [write_lines(root / f"{direction}.sys{k}", _noisy(refs, 0.1 + 0.15 * k, k)) for k in range(3)]
        out[direction] = (src, ref, hyps)
    return out


def _report(files, direction, tmp_path, *extra):
    _, _, hyps = files[direction]
    js = tmp_path / f"{direction}.json"
    r = CliRunner().invoke(cli, ["--dataset", str(files["ds"]), "--direction", direction, *map(str, hyps),
                                 "--json", str(js), "--quiet", *extra])
    assert r.exit_code == 0, r.output
    return json.loads(js.read_text(encoding="utf-8"))


@pytest.mark.parametrize("direction", ["ko-en", "en-ko"])
def test_scores_equal_sacrebleu_command_line(files, direction, tmp_path):
    _, ref, hyps = files[direction]
    report = _report(files, direction, tmp_path, "--resamples", "0", "--jobs", "1")
    tok = ["-tok", "ko-mecab"] if direction == "en-ko" else []
    for sys_row, hyp in zip(report["systems"], hyps):
        cli_scores = {d["name"]: d for d in _sacrebleu(ref, [hyp], "-m", "bleu", "chrf", "ter",
                                                       "--chrf-word-order", "2", "-w", "4", *tok)}
        ours = sys_row["scores"]
        assert ours["BLEU"]["score"] == pytest.approx(cli_scores["BLEU"]["score"], abs=1e-4)
        assert ours["chrF++"]["score"] == pytest.approx(cli_scores["chrF2++"]["score"], abs=1e-4)
        assert ours["TER"]["score"] == pytest.approx(cli_scores["TER"]["score"], abs=1e-4)
        sigs = {m["key"]: m["signature"] for m in report["metrics"]}
        assert sigs["BLEU"] == cli_scores["BLEU"]["signature"]
        assert sigs["chrF++"] == cli_scores["chrF2++"]["signature"]
        assert sigs["TER"] == cli_scores["TER"]["signature"]
        if direction == "en-ko":
            (char,) = _sacrebleu(ref, [hyp], "-m", "bleu", "-tok", "char", "-w", "4")
            assert ours["BLEU (char)"]["score"] == pytest.approx(char["score"], abs=1e-4)
            assert "tok:ko-mecab" in sigs["BLEU"] and "tok:char" in sigs["BLEU (char)"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_paired_bootstrap_equals_sacrebleu_paired_bs(files, jobs, tmp_path):
    _, ref, hyps = files["ko-en"]
    report = _report(files, "ko-en", tmp_path, "--resamples", "200", "--seed", "12345", "--jobs", jobs)
    cli_rows = _sacrebleu(ref, hyps, "-m", "bleu", "--paired-bs", "--paired-bs-n", "200")
    assert len(cli_rows) == 3
    for ours, theirs in zip(report["systems"], cli_rows):
        o, t = ours["scores"]["BLEU"], theirs["BLEU"]
        assert o["score"] == pytest.approx(t["score"], abs=1e-4)
        assert o["mean"] == pytest.approx(t["mean"], rel=1e-9)
        assert o["ci"] == pytest.approx(t["ci"], rel=1e-9)
        assert (o["p_value"] is None) == (t["p_value"] is None)
        if t["p_value"] is not None:
            assert o["p_value"] == pytest.approx(t["p_value"], rel=1e-9)
    assert "bs:200|seed:12345" in report["metrics"][0]["signature"]

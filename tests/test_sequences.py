"""Stage commands run one after another give one consistent result: `align split` then `align
dataset` (the dataset has that split), `align filter` then `align view` (the view shows the
filter that ran), `align spm` then `align dataset` (the model is kept or retrained, and said)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_run import write_synthetic_run
from test_publish import make_rows

from align.atomic import write_jsonl
from align.cli import main
from align.view.collect import collect
from align.view.runfolder import RunFolder

ROOT = Path(__file__).resolve().parents[1]


def invoke(*args: str) -> str:
    r = CliRunner().invoke(main, [str(a) for a in args])
    assert r.exit_code == 0, r.output
    return r.output


def dataset_splits(folder: Path) -> dict[str, str]:
    """pair id -> split, as the dataset folder holds them (the unfiltered config has every pair)."""
    out = {}
    for f in (folder / "unfiltered").glob("*.parquet"):
        for pid in pq.read_table(f, columns=["pair_id"]).column("pair_id").to_pylist():
            out[pid] = f.name.split("-")[0]
    return out


@pytest.fixture
def rows_folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    write_jsonl(out / "rows.jsonl", make_rows(n_pairs=16))
    return out


def test_split_then_dataset_uses_that_split(rows_folder: Path) -> None:
    invoke("split", rows_folder, "--ratios", "0.4,0.3,0.3", "--seed", "7")
    written = json.loads((rows_folder / "splits.json").read_text())
    text = invoke("dataset", rows_folder)
    assert dataset_splits(rows_folder / "dataset") == written
    assert "splits.json (align split)" in text
    # the hashed default would have put most pairs in train
    assert sum(s == "train" for s in written.values()) < 0.6 * len(written)


def test_spm_then_dataset_keeps_the_model_or_retrains_it(rows_folder: Path) -> None:
    invoke("dataset", rows_folder)
    invoke("spm", rows_folder / "dataset", "--vocab-size", "400")
    model = (rows_folder / "dataset" / "spm" / "spm.model").read_bytes()
    text = invoke("dataset", rows_folder)
    assert "SentencePiece model kept (the train split is unchanged)" in text
    assert (rows_folder / "dataset" / "spm" / "spm.model").read_bytes() == model
    invoke("split", rows_folder, "--ratios", "0.5,0.25,0.25")  # another train split
    text = invoke("dataset", rows_folder)
    assert "SentencePiece model retrained on the new train split" in text
    stats = json.loads((rows_folder / "dataset" / "stats.json").read_text())
    assert stats["spm"]["train_digest"] == stats["train_digest"]
    assert (rows_folder / "dataset" / "spm" / "spm.model").is_file() and stats["files"].count("spm/stats.json") == 1


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> Path:
    """`align run` over the sample corpus, once; each test works on a copy."""
    import os
    import subprocess

    out = tmp_path_factory.mktemp("sample") / "run"
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    r = subprocess.run([sys.executable, "-m", "align.cli", "run", str(ROOT / "corpora" / "sample"), "-o", str(out), "--quiet"],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=900, check=False)
    assert r.returncode == 0, r.stderr[-3000:]
    return out


@pytest.fixture
def run_copy(sample_run: Path, tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(sample_run, tmp_path / "run", ignore=shutil.ignore_patterns(".lock"))
    return tmp_path / "run"


@pytest.mark.slow
def test_filter_then_view_shows_the_filter_that_ran(run_copy: Path) -> None:
    assert collect(RunFolder(run_copy), progress=False).threshold == 0.0  # the run's own filter
    text = invoke("filter", run_copy, "--min-score", "0.9")
    assert "recorded in" in text and "low-score" in text
    assert collect(RunFolder(run_copy), progress=False).threshold == 0.9
    invoke("view", run_copy, "--quiet")
    assert "filter threshold 0.9" in (run_copy / "site" / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((run_copy / "manifests" / "filter.json").read_text())
    assert manifest["settings"]["min_score"] == 0.9 and manifest["manual"]["command"].startswith("align ")


@pytest.mark.slow
def test_sample_run_then_manual_stages(run_copy: Path, tmp_path: Path) -> None:
    """In a run folder: `align split` then `align dataset`, `align spm` then `align dataset`, and
    the dataset loads without a warning."""
    import os
    import subprocess

    out = run_copy
    invoke("split", out, "--ratios", "0.5,0.25,0.25")
    invoke("dataset", out)
    assert dataset_splits(out / "dataset") == json.loads((out / "splits.json").read_text())
    invoke("spm", out / "dataset")
    model = (out / "dataset" / "spm" / "spm.model").read_bytes()
    assert "up to date" in invoke("dataset", out)  # nothing changed: nothing rebuilt, the model stays
    assert (out / "dataset" / "spm" / "spm.model").read_bytes() == model
    invoke("split", out, "--ratios", "0.9,0.05,0.05")  # another train split: the model is retrained
    assert "SentencePiece model retrained" in invoke("dataset", out)
    assert (out / "dataset" / "spm" / "spm.model").read_bytes() != model
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    code = f"import datasets; datasets.load_dataset({str(out / 'dataset')!r}, cache_dir={str(tmp_path / 'c')!r})"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300, check=False)
    assert r.returncode == 0 and "arning" not in r.stderr and "Ignoring" not in r.stderr, r.stderr


def test_manual_stage_commands_spell_options_as_the_others(tmp_path: Path) -> None:
    """`-o/--out` for what a command writes and `--min-score` for a bead score, as `align run`;
    the old spellings still work but are not shown."""
    for cmd, wanted, gone in (("filter", ("--out", "--min-score"), ("--output",)),
                              ("view", ("--out", "--min-score"), ("--site", "--threshold"))):
        text = invoke(cmd, "--help")
        assert all(o in text for o in wanted) and not any(o in text for o in gone), (cmd, text)
    out = write_synthetic_run(tmp_path / "out", n_pairs=3, shard_size=2)
    invoke("view", out, "--threshold", "0.7", "--site", tmp_path / "old", "--quiet")
    invoke("view", out, "--min-score", "0.6", "-o", tmp_path / "new", "--quiet")
    assert "filter threshold 0.7" in (tmp_path / "old" / "index.html").read_text(encoding="utf-8")
    assert "filter threshold 0.6" in (tmp_path / "new" / "index.html").read_text(encoding="utf-8")
    invoke("filter", out, "--output", tmp_path / "rows-old.jsonl")
    invoke("filter", out, "-o", tmp_path / "rows-new.jsonl")
    assert (tmp_path / "rows-old.jsonl").read_bytes() == (tmp_path / "rows-new.jsonl").read_bytes()

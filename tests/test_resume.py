"""Resumability of `align run` (issue 7): a run killed with SIGKILL part-way finishes on the next
run with a dataset byte-identical to an uninterrupted run's; a damaged shard file is detected,
recomputed and reported; a second run on the same OUT refuses while the first holds it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from align.runner import Run, RunError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"

# one pair a shard: many shards, so a kill lands between two of them
ARGS = ["run", str(SAMPLE), "-o", "out", "--shard-size", "1", "--quiet"]


def _align(cwd: Path, *extra: str) -> subprocess.Popen:
    """`align run` in `cwd` with OUT = cwd/out: the same command line in every folder, so the
    dataset card (which records the command) can be compared byte for byte."""
    cwd.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "ALIGN_THREADS": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "align.cli", *ARGS, *extra],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _finish(proc: subprocess.Popen, timeout: float = 300) -> str:
    _, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"align run failed ({proc.returncode}):\n{err[-3000:]}"
    return err


def _hashes(folder: Path, ignore: bytes = b"") -> dict[str, str]:
    """sha256 of every file under folder; `ignore` is cut out first (an option that the card's
    recorded command line shows but that does not change the data)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes().replace(ignore, b"") if ignore else p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    if not (SAMPLE / "articles").is_dir():
        pytest.skip("corpora/sample is not there")
    cwd = tmp_path_factory.mktemp("reference")
    _finish(_align(cwd))
    hashes = _hashes(cwd / "out" / "dataset")
    assert any(name.endswith(".parquet") for name in hashes)
    return cwd / "out"


def _wait_for(pred, proc: subprocess.Popen, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if proc.poll() is not None:
            pytest.fail(f"the run ended (rc {proc.returncode}) before the point to kill it:\n{proc.stderr.read()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the run never reached the align stage")
        time.sleep(0.01)


@pytest.mark.slow  # three runs of the pipeline on the sample corpus
@pytest.mark.parametrize("workers", [None, "2"], ids=["in-process", "pool-of-2"])
def test_sigkill_midway_then_rerun_gives_identical_dataset(reference, tmp_path, workers):
    extra = ("--workers", workers) if workers else ()
    out = tmp_path / "out"
    proc = _align(tmp_path, *extra)
    _wait_for(lambda: any((out / "align").glob("shard-*.jsonl")), proc)

    # a second run on the same OUT while the first holds it: refused, saying why
    with pytest.raises(RunError, match="another `align run` is using"):
        Run(SAMPLE, out, progress=False, log=lambda _: None).run()

    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    n_shards = len(list((reference / "align").glob("shard-*.jsonl")))
    done = len(list((out / "align").glob("shard-*.jsonl")))
    assert not (out / "manifests" / "align.json").exists() and 0 < done < n_shards, "not killed part-way"
    assert not (out / "dataset").exists()

    _finish(_align(tmp_path))  # the rerun (in-process) picks up where the kill left it
    m = json.loads((out / "manifests" / "align.json").read_text())
    assert m["items"]["cached"] >= done and m["items"]["computed"] + m["items"]["cached"] == n_shards
    assert _hashes(out / "dataset") == _hashes(reference / "dataset")
    assert _hashes(out / "align") == _hashes(reference / "align")


@pytest.mark.slow
def test_damaged_shard_is_recomputed_and_reported(reference, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    (out / ".lock").unlink(missing_ok=True)
    shard = out / "align" / "shard-00002.jsonl"
    data = shard.read_bytes()
    shard.write_bytes(data[: len(data) // 2])  # truncated mid-record: not valid JSON any more

    err = _finish(_align(tmp_path))
    assert "shard-00002.jsonl is damaged" in err and "rewriting it" in err
    assert shard.read_bytes() == data
    assert _hashes(out / "dataset") == _hashes(reference / "dataset")


@pytest.mark.slow
def test_temp_files_of_a_killed_write_are_removed_on_rerun(reference, tmp_path):
    """A SIGKILL during an atomic write leaves `.NAME.xxxx.tmp` beside the file; the next run
    (holding the lock) removes it, and the output is the reference's, file for file."""
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    (out / ".lock").unlink(missing_ok=True)
    stale = out / "align" / ".shard-00001.jsonl.abcd1234.tmp"
    stale.write_text('{"half a record')
    err = _finish(_align(tmp_path))
    assert not stale.exists()
    assert "removed 1 unfinished file" in err
    assert _hashes(out / "align") == _hashes(reference / "align")


@pytest.mark.slow
def test_dask_local_run_gives_identical_dataset(reference, tmp_path):
    _finish(_align(tmp_path, "--dask-local", "2"))
    got = _hashes(tmp_path / "out" / "dataset", ignore=b" --dask-local 2")
    assert got == _hashes(reference / "dataset")
    assert got["README.md"] != _hashes(tmp_path / "out" / "dataset")["README.md"]  # the card names the option


def test_refuses_while_another_run_holds_out(tmp_path):
    """Both runs through the CLI: the second exits non-zero with the reason, the first is untouched."""
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".lock", "a+") as lock:  # what a running `align run` holds
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        proc = _align(tmp_path)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert "another `align run` is using out" in err
    assert [p.name for p in out.iterdir()] == [".lock"]  # it wrote nothing


@pytest.mark.slow  # a crawl of 1,200 pages extracted twice, and once more cut off
def test_extract_killed_midway_resumes_from_the_pages_done(tmp_path):
    """`align extract` (the extract stage of `align run`) SIGKILLed part-way: the rerun takes
    the pages already extracted from its work folder's cache and writes the same articles."""
    import re

    pages = SAMPLE / "pages"
    if not pages.is_dir():
        pytest.skip("corpora/sample/pages is not there")
    corpus = tmp_path / "crawl"
    for k in range(40):
        shutil.copytree(pages, corpus / f"copy{k:02d}")
    env = {**os.environ, "ALIGN_THREADS": "1"}

    def extract(name: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "align.cli", "extract", str(corpus), "-o", name, "--shard-size", "10"],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    _finish(extract("whole.jsonl"))
    proc = extract("cut.jsonl")
    work = tmp_path / ".cut.jsonl.work"
    _wait_for(lambda: len(list((work / "extract").glob("shard-*.jsonl"))) >= 5, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    assert not (tmp_path / "cut.jsonl").exists() and (work / "cache" / "extract.sqlite").exists()

    err = _finish(extract("cut.jsonl"))
    m = re.search(r"extract: done in [\d.]+ s \((\d+) item\(s\) processed, (\d+) from the cache\)", err)
    assert m, err[-2000:]
    computed, cached = int(m.group(1)), int(m.group(2))
    assert cached >= 50 and computed + cached == 1200
    assert (tmp_path / "cut.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    assert not work.exists()

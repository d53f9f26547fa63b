"""Faults in plain words (issue 21): the fast attempts of scripts/fault_trial.py all pass, and
the pieces they rest on, one by one: a full disk named by atomic writes, stale temp folders of
a killed stage removed, an empty run explained, the publish token redacted whatever its shape."""

from __future__ import annotations

import errno
import importlib.util
import os
import sys
from pathlib import Path

import pytest

from align import atomic
from align.faults import (
    describe_kept,
    disk_full_cause,
    disk_full_message,
    empty_result,
    interrupt_message,
)
from align.publish.hub import redact

ROOT = Path(__file__).resolve().parents[1]


def _trial():
    spec = importlib.util.spec_from_file_location("fault_trial", ROOT / "scripts" / "fault_trial.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fault_trial"] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_fault_trial_fast_subset_passes(capsys):
    rc = _trial().main(["--fast"])
    out = capsys.readouterr().out
    assert "attempt" in out and "verdict" in out
    assert rc == 0, out
    assert " 0 failed" in out


def test_a_full_disk_in_an_atomic_write_names_the_file_and_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "rows.jsonl"
    target.write_text("old\n")

    class Full:
        def __init__(self, f):
            self.f = f

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.f.__exit__(*exc)

    real = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda *a, **k: Full(real(*a, **k)))
    with pytest.raises(atomic.DiskFullError) as e:
        atomic.write_text(target, "new\n")
    assert e.value.path == target and e.value.errno == errno.ENOSPC
    assert target.read_text() == "old\n" and list(tmp_path.glob(".*.tmp")) == []
    msg = disk_full_message(e.value, tmp_path)
    assert f"writing {target} failed" in msg and "rerun the same command" in msg and "free on the disk" in msg


def test_disk_full_is_found_under_other_errors():
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError:
            raise AttributeError("'_idat' object has no attribute 'fileno'")  # noqa: B904 - chained implicitly, as PIL's PNG writer does
    except AttributeError as e:
        assert disk_full_cause(e) is not None
    import sqlite3

    assert disk_full_cause(sqlite3.OperationalError("database or disk is full")) is not None
    assert disk_full_cause(ValueError("bad value")) is None


def test_stale_temp_folders_and_files_are_removed(tmp_path):
    (tmp_path / ".dataset.tmp-abc123" / "data").mkdir(parents=True)
    (tmp_path / ".dataset.tmp-abc123" / "data" / "train.parquet").write_bytes(b"x")
    (tmp_path / "align").mkdir()
    (tmp_path / "align" / ".shard-00001.jsonl.k2j3.tmp").write_text("half")
    (tmp_path / "dataset").mkdir()
    keep = tmp_path / "dataset" / "README.md"
    keep.write_text("kept")
    gone = atomic.remove_stale_temp_files(tmp_path)
    assert sorted(p.name for p in gone) == [".dataset.tmp-abc123", ".shard-00001.jsonl.k2j3.tmp"]
    assert keep.exists() and not (tmp_path / ".dataset.tmp-abc123").exists()


def test_empty_results_say_why_with_counts():
    assert empty_result({"filter": {"kept": 3}, "dataset": {"splits": {"train": 3}}}) is None
    why = empty_result({"extract": {"articles": 0, "skipped": {"not-article": 4}}})
    assert why.startswith("no articles extracted: 4 page(s) read") and "not-article 4" in why
    why = empty_result({"extract": {"articles": 5, "skipped": {}}, "pair": {"pairs": 0, "unpaired": {"ko": 5}}})
    assert why.startswith("none paired: 5 article(s)") and "ko 5" in why
    why = empty_result({"extract": {"articles": 4}, "pair": {"pairs": 2},
                        "filter": {"kept": 0, "dropped": {"score": 7, "length": 2}}, "dataset": {"splits": {"train": 0}}})
    assert why.startswith("all filtered: 2 pair(s) aligned into 9 row(s)") and "score 7, length 2" in why


def test_interrupt_message_says_what_was_kept(tmp_path):
    (tmp_path / "manifests").mkdir()
    for s in ("extract", "pair"):
        (tmp_path / "manifests" / f"{s}.json").write_text("{}")
    import sqlite3

    (tmp_path / "cache").mkdir()
    con = sqlite3.connect(tmp_path / "cache" / "segment.sqlite")
    con.execute("CREATE TABLE items (key TEXT PRIMARY KEY, line TEXT, gen INTEGER)")
    con.executemany("INSERT INTO items VALUES (?, 'x', 1)", [(str(i),) for i in range(7)])
    con.commit()
    con.close()
    assert describe_kept(tmp_path) == f"Kept in {tmp_path}: stages finished: extract, pair; segment: 7 item(s) already done."
    msg = interrupt_message(tmp_path)
    assert msg.startswith("Interrupted (Ctrl-C).") and "Rerun the same command to resume" in msg


@pytest.mark.parametrize("text", [
    "Authorization: Bearer s3cr3t-value",
    '{"authorization": "Bearer hf_abcdefghijklmnop"}',
    "echoed: hf_abcdefghijklmnop",
    "X-Error: Bearer abc.def.ghi",
])
def test_redaction_hides_tokens_whatever_their_shape(text):
    out = redact(text, ["s3cr3t-value"])
    for secret in ("s3cr3t-value", "hf_abcdefghijklmnop", "abc.def.ghi"):
        assert secret not in out
    assert "***" in out
    assert redact("set HF_ENDPOINT or HF_TOKEN") == "set HF_ENDPOINT or HF_TOKEN"

"""`align run` end to end on the bundled sample corpus: dataset loads offline, reruns skip what
did not change, other settings never mix with old files, bad corpora give clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.atomic import read_json, read_jsonl
from align.cli import main
from align.evaluate import score_documents
from align.model import parse_bead
from align.runner import Run, RunError, Settings
from align.sentalign import align_sentences

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"
GOLD = SAMPLE / "gold"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    summary = Run(SAMPLE, out, Settings(shard_size=5), progress=False).run()
    return out, summary


def _finished(out: Path) -> dict[str, int]:
    """When each stage last recorded its manifest (ns: a rerun within the same second shows)."""
    return {p.stem: p.stat().st_mtime_ns for p in (out / "manifests").glob("*.json")}


def test_dataset_loads_offline_with_three_splits(sample_run, monkeypatch):
    out, _ = sample_run
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets

    ds = datasets.load_dataset(str(out / "dataset"))
    assert set(ds) == {"train", "validation", "test"}
    for split in ds.values():
        assert len(split) > 0
        row = split[0]
        assert any("\uac00" <= ch <= "\ud7a3" for ch in row["translation"]["ko"])
        assert row["translation"]["en"].isascii() or not any("\uac00" <= ch <= "\ud7a3" for ch in row["translation"]["en"])
    # Splits are by article pair: no pair id in two splits.
    seen: dict[str, str] = {}
    for name, split in ds.items():
        for pid in set(split["pair_id"]):
            assert seen.setdefault(pid, name) == name


def test_summary_counts_what_was_skipped_and_why(sample_run):
    out, summary = sample_run
    assert summary["extract"]["skipped"] == {"truncated": 1, "not-article": 1}
    assert summary["pair"]["pairs"] == 12
    assert summary["pair"]["unpaired"] == {"ko": 2, "en": 2}
    assert summary["pair"]["skipped"] == {"original-missing": 2}
    rows = list(read_jsonl(out / "rows.jsonl"))
    dropped = [r for r in rows if not r["kept"]]
    assert dropped and all(r["reason"] for r in dropped)  # every dropped row says why
    assert summary["filter"]["kept"] + sum(summary["filter"]["dropped"].values()) == len(rows)
    # Every sentence of every pair is in exactly one row.
    for seg_file in (out / "segment").glob("shard-*.jsonl"):
        for seg in read_jsonl(seg_file):
            mine = [r for r in rows if r["pair_id"] == seg["pair_id"]]
            assert sorted(i for r in mine for i in r["ko_idx"]) == list(range(len(seg["ko"])))
            assert sorted(j for r in mine for j in r["en_idx"]) == list(range(len(seg["en"])))


def test_rerun_skips_every_stage(sample_run):
    out, summary = sample_run
    before = _finished(out)
    again = Run(SAMPLE, out, Settings(shard_size=5), progress=False).run()
    assert _finished(out) == before
    assert again == summary


def test_changed_filter_setting_reruns_only_what_follows(sample_run, tmp_path):
    out, _ = sample_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    before = _finished(copy)
    summary = Run(SAMPLE, copy, Settings(shard_size=5, filter={"min_score": 0.99}), progress=False).run()
    after = _finished(copy)
    for stage in ("extract", "pair", "segment", "align"):
        assert after[stage] == before[stage], stage
    assert read_json(copy / "manifests" / "filter.json")["settings"]["min_score"] == 0.99
    assert summary["filter"]["dropped"].get("low-score", 0) > 0


def test_new_aligner_code_realigns_and_keeps_what_comes_before(sample_run, tmp_path, monkeypatch):
    # an upgrade that changes the aligner (a new rule, a new default) must not leave old
    # alignments in place: the align stage runs again, nothing before it
    import align.runner as runner

    out, summary = sample_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    before = _finished(copy)
    real = runner.stage_code
    monkeypatch.setattr(runner, "stage_code", lambda stage: real(stage) + ("-new" if stage == "align" else ""))
    again = Run(SAMPLE, copy, Settings(shard_size=5), progress=False).run()
    after = _finished(copy)
    for stage in ("extract", "pair", "segment"):
        assert after[stage] == before[stage], stage
    assert after["align"] > before["align"]
    assert read_json(copy / "manifests" / "align.json")["items"] == {"computed": 12, "cached": 0}
    assert read_json(copy / "manifests" / "align.json")["toolkit"].endswith("-new")
    # the same code underneath gives the same beads, so what follows reads the same input
    # and stays up to date
    assert again["align"] == summary["align"]
    assert after["filter"] == before["filter"] and after["dataset"] == before["dataset"]


def test_a_pair_the_aligner_fails_on_is_counted_and_the_run_goes_on(sample_run, tmp_path, monkeypatch):
    import align.runner as runner
    import align.sentalign as sentalign
    from align.runner import format_summary

    out, summary = sample_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    first = next(read_jsonl(copy / "segment" / "shard-00000.jsonl"))
    real_align, real_code = sentalign.align_sentences, runner.stage_code

    def fails_on_the_first_pair(ko, en, **kw):
        if ko == first["ko"]:
            raise ValueError("a bug, say")
        return real_align(ko, en, **kw)

    monkeypatch.setattr(sentalign, "align_sentences", fails_on_the_first_pair)
    monkeypatch.setattr(runner, "stage_code", lambda stage: real_code(stage) + ("-new" if stage == "align" else ""))
    again = Run(SAMPLE, copy, Settings(shard_size=5), progress=False).run()
    assert again["align"]["failed"] == 1
    rec = next(r for r in read_jsonl(copy / "align" / "shard-00000.jsonl") if r["pair_id"] == first["pair_id"])
    assert rec["error"] == "ValueError: a bug, say"
    assert all(not s or not t for s, t, _ in rec["beads"]) and len(rec["beads"]) == len(first["ko"]) + len(first["en"])
    # its sentences are left unaligned and dropped as such; every other pair is as before
    assert again["filter"]["kept"] < summary["filter"]["kept"]
    text = format_summary(again, copy)
    assert "ALIGNER FAILED     on 1 pair(s)" in text and "failed" not in text.split("beads by type")[1].split("\n")[0]
    assert "ALIGNER FAILED" not in format_summary(summary, out)


def test_run_takes_aligner_settings_from_the_command_line(sample_run, tmp_path):
    out, _ = sample_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    before = _finished(copy)
    args = ["run", str(SAMPLE), "-o", str(copy), "--shard-size", "5", "--quiet"]
    # --set, and --aligner-set, its old spelling (hidden), fill the same settings
    res = CliRunner().invoke(main, [*args, "--set", "glue_penalty=0", "--aligner-set", "max-total=6"])
    assert res.exit_code == 0, res.output
    after = _finished(copy)
    assert after["segment"] == before["segment"] and after["align"] > before["align"]
    assert read_json(copy / "manifests" / "align.json")["settings"]["aligner"] == {"glue_penalty": 0.0, "max_total": 6}
    # a bad one is refused before anything runs, naming the setting
    res = CliRunner().invoke(main, ["run", str(SAMPLE), "-o", str(tmp_path / "o2"), "--set", "windows=all"])
    assert res.exit_code == 2 and "windows='all'" in res.output
    assert not (tmp_path / "o2").exists()


def test_changed_shard_size_never_mixes_old_shards(sample_run, tmp_path):
    out, _ = sample_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    Run(SAMPLE, copy, Settings(shard_size=7), progress=False).run()
    assert sorted(p.name for p in (copy / "segment").glob("shard-*.jsonl")) == ["shard-00000.jsonl", "shard-00001.jsonl"]
    assert read_json(copy / "manifests" / "segment.json")["settings"] == {"shard_size": 7}
    # the shards are cut anew from the cached pairs: nothing is segmented or aligned again
    assert read_json(copy / "manifests" / "segment.json")["items"] == {"computed": 0, "cached": 12}
    assert read_json(copy / "manifests" / "align.json")["items"] == {"computed": 0, "cached": 12}


def test_cut_off_stage_resumes_at_missing_shard(sample_run, tmp_path):
    out, summary = sample_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    (copy / "manifests" / "align.json").unlink()  # as if cut off before the stage finished
    kept = copy / "align" / "shard-00000.jsonl"
    mtime = kept.stat().st_mtime_ns
    (copy / "align" / "shard-00001.jsonl").unlink()
    again = Run(SAMPLE, copy, Settings(shard_size=5), progress=False).run()
    assert kept.stat().st_mtime_ns == mtime  # the finished shard was not redone
    assert (copy / "align" / "shard-00001.jsonl").exists()
    assert again == summary
    for name in ("train", "validation", "test"):
        f = f"data/{name}-00000-of-00001.parquet"
        assert (copy / "dataset" / f).read_bytes() == (out / "dataset" / f).read_bytes()


def test_out_folder_of_another_corpus_is_refused(sample_run, tmp_path):
    out, _ = sample_run
    other = tmp_path / "other"
    other.mkdir()
    (other / "page.html").write_text("<html><body><p>x</p></body></html>")
    with pytest.raises(RunError, match="another corpus"):
        Run(other, out, progress=False).run()


def test_missing_and_empty_corpus_are_clear_errors(tmp_path):
    with pytest.raises(RunError, match="corpus not found: .*nowhere"):
        Run(tmp_path / "nowhere", tmp_path / "o1", progress=False).run()
    (tmp_path / "empty").mkdir()
    with pytest.raises(RunError, match="corpus folder is empty: .*empty"):
        Run(tmp_path / "empty", tmp_path / "o2", progress=False).run()
    result = CliRunner().invoke(main, ["run", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o3")])
    assert result.exit_code != 0
    assert "corpus not found" in result.output


def test_foreign_out_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(RunError, match="not empty"):
        Run(SAMPLE, out, progress=False).run()
    assert (out / "notes.txt").read_text() == "mine"


def _gold_pairs() -> list[str]:
    return sorted(p.stem for p in (GOLD / "beads").glob("*.txt"))


def test_sample_gold_has_at_least_four_pairs():
    assert len(_gold_pairs()) >= 4


def test_segmentation_reproduces_gold_sentences(sample_run):
    out, _ = sample_run
    segs = {s["pair_id"]: s for f in (out / "segment").glob("shard-*.jsonl") for s in read_jsonl(f)}
    for name in _gold_pairs():
        assert segs[name]["ko"] == (GOLD / "src" / f"{name}.txt").read_text(encoding="utf-8").splitlines(), name
        assert segs[name]["en"] == (GOLD / "tgt" / f"{name}.txt").read_text(encoding="utf-8").splitlines(), name


def test_aligner_strict_f1_on_sample_gold():
    gold, test = [], []
    for name in _gold_pairs():
        ko = (GOLD / "src" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        en = (GOLD / "tgt" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        gold.append([parse_bead(line) for line in (GOLD / "beads" / f"{name}.txt").read_text().splitlines() if line.strip()])
        test.append(align_sentences(ko, en, src_lang="ko", tgt_lang="en"))
    scores = score_documents(gold, test)
    assert scores.f1_strict >= 0.90, scores


def test_spm_on_the_dataset_does_not_make_the_next_run_rebuild_it(sample_run, tmp_path):
    out, _ = sample_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    res = CliRunner().invoke(main, ["spm", str(copy / "dataset")])
    assert res.exit_code == 0, res.output
    before = _finished(copy)
    Run(SAMPLE, copy, Settings(shard_size=5), progress=False).run()
    assert _finished(copy) == before
    assert (copy / "dataset" / "spm" / "spm.model").exists()
    # A damaged data file is still noticed and rebuilt.
    victim = copy / "dataset" / "data" / "train-00000-of-00001.parquet"
    victim.write_bytes(b"not parquet")
    Run(SAMPLE, copy, Settings(shard_size=5), progress=False).run()
    assert victim.read_bytes() == (out / "dataset" / "data" / "train-00000-of-00001.parquet").read_bytes()

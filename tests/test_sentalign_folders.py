"""`align sentences --src-dir --tgt-dir -o`: resume after a cut-off run, realign what changed,
and the same files from a pool of processes as from one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.commands import sentences as cmd
from align.model import parse_bead
from align.sentalign import folders
from align.sentalign.folders import LOG_NAME, FolderJob, align_folders, read_log
from tests.test_sentalign import HashEncoder, check_cover

GOLD = Path(__file__).resolve().parents[1] / "corpora" / "sample" / "gold"


@pytest.fixture
def counted(monkeypatch):
    """The stand-in encoder, and a count of the documents the aligner was asked to align."""
    import align.sentalign as sentalign

    monkeypatch.setattr("align.embed.get_encoder", lambda *a, **k: HashEncoder())
    calls: list[int] = []
    real = sentalign.align_sentences

    def counting(src, tgt, **kw):
        calls.append(len(src))
        return real(src, tgt, **kw)

    monkeypatch.setattr(sentalign, "align_sentences", counting)
    return calls


def make_folders(root: Path, docs: int) -> tuple[Path, Path]:
    src, tgt = root / "src", root / "tgt"
    src.mkdir()
    tgt.mkdir()
    for k in range(docs):
        (src / f"d{k}").write_text("".join(f"#{k}-{i}\n" for i in range(4)), encoding="utf-8")
        (tgt / f"d{k}").write_text(f"#{k}-0\n#{k}-1 #{k}-2\n#{k}-3\n", encoding="utf-8")
    return src, tgt


def outputs(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def run_cli(src: Path, tgt: Path, out: Path, *extra: str):
    return CliRunner().invoke(cmd.cli, ["--src-dir", str(src), "--tgt-dir", str(tgt), "-o", str(out), *extra])


def test_a_second_run_keeps_what_is_done_and_realigns_what_changed(tmp_path, counted):
    src, tgt = make_folders(tmp_path, 5)
    out = tmp_path / "out"
    res = run_cli(src, tgt, out)
    assert res.exit_code == 0, res.output
    assert len(counted) == 5 and "aligned 5 document pair(s)" in res.output
    first = outputs(out)
    for text in first.values():
        check_cover([parse_bead(x) for x in text.splitlines()], 4, 3)

    counted.clear()
    res = run_cli(src, tgt, out)
    assert res.exit_code == 0, res.output
    assert counted == [] and "aligned 0 document pair(s)" in res.output and "5 already aligned" in res.output
    assert outputs(out) == first

    # one input changed: that document only; a setting changed, or --force: all of them
    (tgt / "d2").write_text("#2-0 #2-1\n#2-2\n#2-3\n", encoding="utf-8")
    counted.clear()
    assert run_cli(src, tgt, out).exit_code == 0
    assert len(counted) == 1 and outputs(out)["d2"] != first["d2"]
    counted.clear()
    assert run_cli(src, tgt, out, "--set", "glue_penalty=0.5").exit_code == 0
    assert len(counted) == 5
    counted.clear()
    assert run_cli(src, tgt, out, "--set", "glue_penalty=0.5", "--force").exit_code == 0
    assert len(counted) == 5
    # the record holds one entry a document however many runs there were
    assert len(read_log(out)) == 5 and (out / LOG_NAME).exists()
    run_cli(src, tgt, out, "--set", "glue_penalty=0.5")
    assert len(read_log(out)) == 5


def test_a_run_cut_off_resumes_without_losing_or_redoing_a_document(tmp_path, counted, monkeypatch):
    src, tgt = make_folders(tmp_path, 20)
    out = tmp_path / "out"
    real = folders.align_batch
    batches: list[int] = []

    def dies_on_the_third_batch(task):
        batches.append(len(task[2]))
        if len(batches) == 3:
            raise KeyboardInterrupt  # the user pressed Ctrl-C, or the machine went away
        return real(task)

    monkeypatch.setattr(folders, "align_batch", dies_on_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        align_folders(FolderJob(src, tgt, out))
    written = outputs(out)
    assert len(written) == 16 and set(read_log(out)) == set(written)

    monkeypatch.setattr(folders, "align_batch", real)
    counted.clear()
    summary = align_folders(FolderJob(src, tgt, out))
    assert summary.aligned == 4 and summary.up_to_date == 16 and len(counted) == 4
    assert sorted(outputs(out)) == sorted(f"d{k}" for k in range(20))
    assert set(read_log(out)) == {f"d{k}" for k in range(20)}


def test_an_unreadable_document_is_skipped_named_and_tried_again(tmp_path, counted):
    src, tgt = make_folders(tmp_path, 3)
    (src / "d1").write_bytes("#a\n가나다\n".encode("cp949"))
    out = tmp_path / "out"
    res = run_cli(src, tgt, out)
    assert res.exit_code == 0, res.output
    assert "aligned 2 document pair(s)" in res.output and "skipped:" in res.output and "d1" in res.output
    assert sorted(outputs(out)) == ["d0", "d2"]
    (src / "d1").write_text("#1-0\n#1-1\n#1-2\n#1-3\n", encoding="utf-8")
    counted.clear()
    assert run_cli(src, tgt, out).exit_code == 0
    assert len(counted) == 1 and sorted(outputs(out)) == ["d0", "d1", "d2"]


def test_a_document_the_aligner_fails_on_is_named_and_the_rest_are_written(tmp_path, counted, monkeypatch):
    import align.sentalign as sentalign

    src, tgt = make_folders(tmp_path, 4)
    out = tmp_path / "out"
    counting = sentalign.align_sentences

    def fails_on_d2(s, t, **kw):
        if s and s[0].startswith("#2-"):
            raise IndexError("index 7 is out of bounds")  # a bug, say
        return counting(s, t, **kw)

    monkeypatch.setattr(sentalign, "align_sentences", fails_on_d2)
    res = run_cli(src, tgt, out)
    assert res.exit_code == 1
    assert "aligned 3 document pair(s)" in res.output
    assert f"failed: {src / 'd2'} and {tgt / 'd2'}: the aligner failed (IndexError: index 7 is out of bounds)" in res.output
    assert "the aligner failed on 1 document pair(s)" in res.output
    assert sorted(outputs(out)) == ["d0", "d1", "d3"] and set(read_log(out)) == {"d0", "d1", "d3"}
    # fixed: a rerun aligns only that one
    monkeypatch.setattr(sentalign, "align_sentences", counting)
    counted.clear()
    res = run_cli(src, tgt, out)
    assert res.exit_code == 0, res.output
    assert counted == [4] and sorted(outputs(out)) == ["d0", "d1", "d2", "d3"]


def test_a_pool_of_processes_writes_the_same_files(tmp_path):
    # the shipped encoder (the pool's workers load their own), on the sample corpus's gold pairs
    src, tgt = tmp_path / "ko", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    for p in sorted((GOLD / "src").iterdir()):  # 11: two tasks, one for each worker
        shutil.copy(p, src / p.name)
        shutil.copy(GOLD / "tgt" / p.name, tgt / p.name)
    res_one = run_cli(src, tgt, tmp_path / "one")
    res_two = run_cli(src, tgt, tmp_path / "two", "--workers", "2")
    assert res_one.exit_code == 0 and res_two.exit_code == 0, res_one.output + res_two.output
    one, two = outputs(tmp_path / "one"), outputs(tmp_path / "two")
    assert len(one) == 11 and one == two


def test_sides_in_the_wrong_languages_are_aligned_and_named(tmp_path, counted):
    src, tgt = tmp_path / "ko", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    korean = "#a 오늘 회의가 열렸다\n#b 결과는 내일 나온다\n"
    english = "#a The meeting was held today\n#b Results come tomorrow\n"
    (src / "right").write_text(korean, encoding="utf-8")
    (tgt / "right").write_text(english, encoding="utf-8")
    (src / "swapped").write_text(english, encoding="utf-8")
    (tgt / "swapped").write_text(korean, encoding="utf-8")
    out = tmp_path / "out"
    res = run_cli(src, tgt, out)
    assert res.exit_code == 0, res.output
    assert "1 document pair(s) not in the declared languages" in res.output
    assert "swapped: the source reads as English and the target as Korean" in res.output
    assert "right:" not in res.output
    # aligned all the same: the encoder does not care which side is which
    assert outputs(out)["swapped"] == outputs(out)["right"]

    res = CliRunner().invoke(cmd.cli, [str(src / "swapped"), str(tgt / "swapped")])
    assert res.exit_code == 0 and "sides swapped?" in res.output
    res = CliRunner().invoke(cmd.cli, [str(src / "right"), str(tgt / "right")])
    assert res.exit_code == 0 and "note:" not in res.output
    # a language the script check cannot tell is taken at its word
    res = CliRunner().invoke(cmd.cli, ["--src-lang", "de", str(src / "swapped"), str(tgt / "swapped")])
    assert "the target reads as Korean, not en as declared" in res.output and "source" not in res.output


def test_a_few_letters_say_nothing_about_a_language():
    from align.lang import mislabelled

    assert mislabelled("#a #b", "ko") is None
    assert mislabelled("The meeting was held today", "ko") == "English"
    assert mislabelled("오늘 회의가 열렸다 결과는 내일", "en") == "Korean"
    assert mislabelled("오늘 회의가 열렸다 결과는 내일", "ko") is None
    assert mislabelled("The meeting was held today", "fr") is None

"""`align bleu` within bounds: the bootstrap from per-sentence statistics in blocks gives
sacrebleu's PairedTest numbers for every metric; a line too long for a sentence is cut (system
output) or refused (reference) naming the file and line; a file that is not UTF-8 is refused with
its line and byte, with a hint only where the bytes tell the encoding."""

from __future__ import annotations

import json
import os
import random

import numpy as np
import pytest
from click.testing import CliRunner
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest
from test_report_data import PAIRS, make_dataset, write_lines

from align.commands.bleu import cli
from align.report import significance
from align.report.scoring import build_metrics, corpus_score, sentence_stats
from align.report.textfile import read_lines
from align.textcodec import NotUtf8Error, decode_utf8


def _noisy(lines: list[str], p: float, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(w for w in x.split() if rng.random() > p) for x in lines]


def test_counts_in_blocks_are_sacrebleus_draws():
    n, samples = 37, 23
    want = np.random.default_rng(9).choice(n, size=(samples, n), replace=True)
    got = np.concatenate(list(significance.resample_counts(n, samples, 9, block=5)))
    assert got.shape == (samples, n)
    for r in range(samples):
        assert np.array_equal(got[r], np.bincount(want[r], minlength=n))


def test_bootstrap_equals_sacrebleu_paired_test_for_every_metric(monkeypatch):
    refs = [en for _, en in PAIRS] * 5
    hyps = [refs, _noisy(refs, 0.2, 1), _noisy(refs, 0.4, 2)]
    names = ["base", "a", "b"]
    specs = build_metrics("en")
    stats = {s.key: [sentence_stats(s.metric, h, refs, block=7) for h in hyps] for s in specs}
    monkeypatch.setattr(significance, "COUNTS_BYTES", 8 * len(refs) * 3)  # blocks of 3 resamples
    ours = significance.paired_bootstrap(specs, names, stats, n_samples=40, seed=4)
    monkeypatch.setenv("SACREBLEU_SEED", "4")
    metrics = {"BLEU": BLEU(references=[refs]), "chrF++": CHRF(word_order=2, references=[refs]),
               "TER": TER(references=[refs])}
    sigs, table = PairedTest(list(zip(names, hyps)), metrics, references=None, test_type="bs", n_samples=40)()
    for key, name in (("BLEU", "BLEU"), ("chrF++", "chrF2++"), ("TER", "TER")):
        for mine, theirs in zip(ours.results[key], table[name]):
            assert mine["score"] == theirs.score
            assert mine["mean"] == theirs.mean and mine["ci"] == theirs.ci
            assert mine["p_value"] == theirs.p_value
        assert ours.signatures[key][0] == sigs[name].format()


def test_statistics_in_blocks_give_the_corpus_score():
    refs = [en for _, en in PAIRS] * 3
    hyp = _noisy(refs, 0.3, 5)
    for spec, metric in zip(build_metrics("en"), (BLEU(), CHRF(word_order=2), TER())):
        assert corpus_score(spec.metric, sentence_stats(spec.metric, hyp, refs, block=4)) == \
            metric.corpus_score(hyp, [refs]).score


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    root = tmp_path_factory.mktemp("bounds")
    d = make_dataset(root / "ds", n_articles=2, per_article=5, seed=1)
    ref = root / "ref.en"
    r = CliRunner().invoke(cli, ["--dataset", str(d), "--direction", "ko-en", "--write-reference", str(ref)])
    assert r.exit_code == 0, r.output
    return d, ref.read_text(encoding="utf-8").splitlines()


def test_a_huge_system_line_is_cut_with_a_warning_naming_the_line(ds, tmp_path):
    d, refs = ds
    hyps = list(refs)
    hyps[3] = "word " * 2_000_000  # 10 MB: an unsplit document where a sentence should be
    f = write_lines(tmp_path / "long.en", hyps)
    js = tmp_path / "r.json"
    r = CliRunner().invoke(cli, ["--dataset", str(d), "--direction", "ko-en", str(f), "--resamples", "20",
                                 "--json", str(js), "--quiet"])
    assert r.exit_code == 0, r.output
    warning = next(w for w in json.loads(js.read_text(encoding="utf-8"))["warnings"] if "cut" in w)
    assert "long.en" in warning and "line 4 (9,999,999 characters)" in warning  # trailing space stripped and "2,000" in warning


def test_a_huge_reference_line_is_refused_naming_file_and_line(ds, tmp_path):
    _, refs = ds
    ref = write_lines(tmp_path / "ref.en", refs[:2] + ["x" * 5000] + refs[3:])
    hyp = write_lines(tmp_path / "hyp.en", refs)
    r = CliRunner().invoke(cli, ["--ref", str(ref), "--direction", "ko-en", str(hyp)])
    assert r.exit_code != 0
    assert "ref.en: line 3 has 5,000 characters" in r.output and "--max-line-chars" in r.output
    r = CliRunner().invoke(cli, ["--ref", str(ref), "--direction", "ko-en", str(hyp), "--max-line-chars", "6000",
                                 "--resamples", "0", "--quiet"])
    assert r.exit_code == 0, r.output


def test_encodings_are_named_never_guessed(tmp_path):
    text = "첫 줄입니다\nThe second line\n"
    cases = {
        "utf16.txt": (text.encode("utf-16"), "UTF-16 (little-endian) text (it starts with a byte-order mark)"),
        "utf16be.txt": (codecs_bom_be(text), "UTF-16 (big-endian)"),
        "utf16nobom.txt": ("The second line\n".encode("utf-16-le"), "UTF-16LE text without a byte-order mark"),
        "cp949.txt": (text.encode("cp949"), "CP949/EUC-KR"),
    }
    for name, (data, hint) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(NotUtf8Error) as e:
            decode_utf8(data, name)
        assert hint in str(e.value), (name, str(e.value))
        assert "iconv -f" in str(e.value)
        assert ("iconv -f CP949" in str(e.value)) == (name == "cp949.txt")
    # a stray byte in otherwise English text: its line and offset, and no single-byte code page guessed
    data = b"first line\nsecond l\x8fne\n"
    with pytest.raises(NotUtf8Error) as e:
        decode_utf8(data, "stray.txt")
    msg = str(e.value)
    assert "byte 0x8f on line 2, byte 9 of that line, offset 19 in the file" in msg
    assert "mac" not in msg.lower() and "latin" not in msg.lower() and "iconv" not in msg
    # a UTF-8 byte-order mark is fine
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfone\ntwo\n")
    assert read_lines(tmp_path / "bom.txt").lines == ["one", "two"]


def codecs_bom_be(text: str) -> bytes:
    return b"\xfe\xff" + text.encode("utf-16-be")


def test_bleu_refuses_invalid_utf8_with_line_and_offset(ds, tmp_path):
    d, refs = ds
    f = tmp_path / "bad.en"
    f.write_bytes(("\n".join(refs[:4]) + "\n").encode() + b"caf\xe9 au lait\n" + ("\n".join(refs[5:]) + "\n").encode())
    r = CliRunner().invoke(cli, ["--dataset", str(d), "--direction", "ko-en", str(f)])
    assert r.exit_code != 0
    assert "bad.en: not UTF-8 (byte 0xe9 on line 5, byte 4 of that line" in r.output
    assert "mac_" not in r.output and os.path.basename(str(f)) in r.output


def test_tokenized_output_is_warned_once_not_per_block(tmp_path, caplog):
    from align.report.build import build_report
    from align.report.systems import System
    from align.report.testset import load_dataset_split

    ts = load_dataset_split(make_dataset(tmp_path / "ds", n_articles=12, per_article=10, seed=2), "test", "ko-en")
    tokenized = [r[:-1] + " ." for r in ts.refs]
    with caplog.at_level("WARNING"):
        rep = build_report(ts, [System("tok", "tok.en", tokenized)], resamples=0, progress=False)
    assert [w for w in rep["warnings"] if "120 lines end in a tokenized period" in w]
    assert not [r for r in caplog.records if "tokenized period" in r.getMessage()]

"""SentencePiece on the train split: Korean round-trips exactly, saved in the folder, on the card."""

import json
import sys
import unicodedata
from pathlib import Path

import pytest
import sentencepiece as spm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_publish import make_rows  # noqa: E402

from align.publish import build_dataset, check_dataset  # noqa: E402
from align.spm import train_spm  # noqa: E402

TRICKY = [
    "ㅋㅋㅋ 진짜 웃기네ㅠㅠ",  # compatibility jamo: NFKC would turn them into conjoining jamo
    "ＫＴＸ 요금은 ５만원이다.",  # full-width forms: NFKC would fold them
    "大韓民國 헌법 제1조 🇰🇷",  # Hanja and an emoji: outside the vocabulary, so byte pieces
    "그는 \"괜찮다\"고 말했다… (서울=연합뉴스)",
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("spm") / "dataset"
    build_dataset(iter(make_rows(n_pairs=20)), out, seed=1, meta={"license": "other", "corpus": "t"})
    return out


def test_joint_model_round_trips_korean(folder) -> None:
    info = train_spm(folder, vocab_size=400, command="align spm test")
    model = spm.SentencePieceProcessor(model_file=str(folder / "spm" / "spm.model"))
    for text in TRICKY:
        assert model.decode(model.encode(text)) == text
    assert any(unicodedata.normalize("NFKC", t) != t for t in TRICKY)  # the default would not round-trip
    m = info["models"][0]
    assert m["languages"] == "ko+en" and set(m["eval"]) == {"ko", "en"}
    assert m["eval"]["ko"]["round_trip"] == 1.0 and m["eval"]["ko"]["unk_rate"] == 0.0
    assert m["eval"]["ko"]["tokens_per_sentence"] > 1
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert "## SentencePiece" in card and "align spm test" in card
    stats = check_dataset(folder)  # the new files are listed and present
    assert "spm/spm.model" in stats["files"]


def test_trained_on_train_split_only(folder) -> None:
    info = train_spm(folder, vocab_size=400)
    stats = json.loads((folder / "stats.json").read_text())
    n_train = stats["splits"]["train"]
    assert info["train_sentences"] == {"ko": n_train, "en": n_train}
    assert info["eval_split"] == "validation"


def test_separate_bpe_models_replace_the_joint_one(folder) -> None:
    info = train_spm(folder, separate=True, model_type="bpe", vocab_size=500)
    assert [m["file"] for m in info["models"]] == ["spm/spm.ko.model", "spm/spm.en.model"]
    assert not (folder / "spm" / "spm.model").exists()
    ko = spm.SentencePieceProcessor(model_file=str(folder / "spm" / "spm.ko.model"))
    assert ko.decode(ko.encode(TRICKY[0])) == TRICKY[0]
    assert check_dataset(folder)


def test_bad_options_are_clear_errors(folder) -> None:
    with pytest.raises(ValueError, match="unigram or bpe"):
        train_spm(folder, model_type="word")
    with pytest.raises(ValueError, match="--vocab-size"):
        train_spm(folder, vocab_size=50)


def test_training_example_tokenises_with_num_proc(folder, monkeypatch) -> None:
    import importlib.util

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(folder.parent / "cache"))
    train_spm(folder, vocab_size=400)
    path = Path(__file__).resolve().parents[1] / "scripts" / "train_example.py"
    spec = importlib.util.spec_from_file_location("train_example", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    batch = mod.main([str(folder), "--batch-size", "4", "--num-proc", "2"])
    assert batch["src_ids"].shape[0] == 4 and batch["tgt_ids"].shape[0] == 4
    assert batch["src_ids"].shape[1] > 1 and batch["tgt_ids"].shape[1] > 2
    for side in ("src", "tgt"):
        ids, mask = batch[f"{side}_ids"], batch[f"{side}_mask"]
        assert mask.shape == ids.shape and set(mask.ravel().tolist()) <= {0, 1}
        assert (mask.sum(axis=1) > 0).all() and mask.sum(axis=1).max() == ids.shape[1]  # the longest row unpadded
        assert ((ids == 3) == (mask == 0)).all()  # padding, and only padding, is <pad> (id 3)
        assert (mask[:, :-1] >= mask[:, 1:]).all()  # tokens first, then padding


def test_spm_command_reports_per_language(folder, tmp_path) -> None:
    from click.testing import CliRunner

    from align.cli import main

    r = CliRunner().invoke(main, ["spm", str(folder), "--vocab-size", "400", "--model-type", "bpe"])
    assert r.exit_code == 0, r.output
    assert "ko (validation" in r.output and "en (validation" in r.output and "unknown rate" in r.output
    r = CliRunner().invoke(main, ["spm", str(tmp_path / "nothing")])
    assert r.exit_code != 0 and "no such dataset folder" in r.output


def test_training_twice_lists_each_file_once(folder) -> None:
    train_spm(folder, vocab_size=400)
    train_spm(folder, vocab_size=400)
    files = json.loads((folder / "stats.json").read_text())["files"]
    assert len(files) == len(set(files))
    assert files.count("spm/stats.json") == 1 and "spm/spm.model" in files


def test_model_has_a_pad_id(folder) -> None:
    info = train_spm(folder, vocab_size=400)
    model = spm.SentencePieceProcessor(model_file=str(folder / "spm" / "spm.model"))
    assert model.pad_id() == 3 == info["models"][0]["pad_id"]
    assert {model.unk_id(), model.bos_id(), model.eos_id()} == {0, 1, 2}
    assert model.id_to_piece(3) == "<pad>" and 3 not in model.encode("대한민국 헌법 Korea")


def _rebuild(folder: Path, rows) -> dict:
    return build_dataset(iter(rows), folder, seed=1, meta={"license": "other", "corpus": "t"})


def test_rebuild_keeps_the_model_when_train_is_unchanged_and_retrains_it_otherwise(tmp_path) -> None:
    out = tmp_path / "dataset"
    rows = make_rows(n_pairs=20)
    _rebuild(out, rows)
    train_spm(out, separate=True, model_type="bpe", vocab_size=500)
    before = (out / "spm" / "spm.ko.model").read_bytes()
    stats = _rebuild(out, rows)
    assert stats["spm_note"].startswith("SentencePiece model kept")
    assert (out / "spm" / "spm.ko.model").read_bytes() == before
    saved = check_dataset(out)  # the files are listed again, and present
    assert "spm/spm.en.model" in saved["files"] and "spm_note" not in saved
    assert "## SentencePiece" in (out / "README.md").read_text(encoding="utf-8")

    grown = rows + make_rows(n_pairs=24, seed=5)[-60:]  # new pairs: some land in train
    stats = _rebuild(out, grown)
    assert stats["spm_note"].startswith("SentencePiece model retrained")
    saved = check_dataset(out)
    assert [m["file"] for m in saved["spm"]["models"]] == ["spm/spm.ko.model", "spm/spm.en.model"]
    assert saved["spm"]["models"][0]["model_type"] == "bpe" and saved["spm"]["train_digest"] == saved["train_digest"]
    assert saved["spm"]["train_sentences"]["ko"] == saved["splits"]["train"]

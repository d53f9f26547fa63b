"""SentencePiece for a dataset folder: trained on the train split only, saved in DATASET/spm/.

Normalisation is "identity": SentencePiece's default (nmt_nfkc) rewrites Hangul compatibility
jamo (ㅋㅋ, ㅠㅠ: common in quotes and online news) into conjoining jamo and folds full-width
forms, so decode(encode(text)) would no longer give the text back. The dataset's text is already
NFC with collapsed whitespace (align.publish.build.clean_text), which is what identity needs to
round-trip exactly. Byte fallback is on, so a character outside the vocabulary becomes UTF-8 byte
pieces instead of <unk>. Ids: <unk> 0, <s> 1, </s> 2, <pad> 3 (a trainer pads batches with it).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .atomic import atomic_open, write_json, write_text
from .publish.check import check_dataset
from .publish.schema import data_file

LANGS = ("ko", "en")
PAD_ID = 3  # after <unk> 0, <s> 1, </s> 2


def _sentences(folder: Path, split: str) -> dict[str, list[str]]:
    tbl = pq.read_table(folder / data_file("default", split), columns=["translation"])
    tr = tbl.column("translation").combine_chunks()
    return {lang: [s for s in tr.field(lang).to_pylist() if s] for lang in LANGS}


def _train(sentences: list[str], model_type: str, vocab_size: int, max_sentences: int) -> bytes:
    import sentencepiece as spm

    if not sentences:
        raise ValueError("the train split has no sentences to train SentencePiece on")
    buf = io.BytesIO()
    try:
        _run_trainer(spm, sentences, buf, model_type, vocab_size, max_sentences)
    except RuntimeError as e:
        m = re.search(r"Vocabulary size is smaller than required_chars\. (\d+) vs (\d+)", str(e))
        if m:
            raise ValueError(
                f"vocabulary size {m.group(1)} is below the {m.group(2)} characters the train split needs "
                f"(Korean has many syllables); use --vocab-size {int(m.group(2)) + 100} or more"
            ) from None
        raise
    return buf.getvalue()


def _run_trainer(spm: Any, sentences: list[str], buf: io.BytesIO, model_type: str, vocab_size: int, max_sentences: int) -> None:
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=buf,
        model_type=model_type,
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # a small corpus gets a smaller vocabulary instead of an error
        byte_fallback=True,
        pad_id=PAD_ID,  # SentencePiece has no pad piece unless asked; batches need one
        normalization_rule_name="identity",
        character_coverage=0.9995,  # Korean has thousands of syllables; the rarest fall back to bytes
        input_sentence_size=max_sentences,
        shuffle_input_sentence=True,
        num_threads=os.cpu_count() or 1,
        minloglevel=2,
    )


def evaluate(model: Any, sentences: list[str]) -> dict[str, float]:
    """Tokens per sentence, unknown-piece rate, byte-fallback rate, exact round-trip rate."""
    if not sentences:
        return {"sentences": 0}
    ids = model.encode(sentences)
    unk = model.unk_id()
    total = sum(len(x) for x in ids) or 1
    n_unk = sum(1 for x in ids for i in x if i == unk)
    n_byte = sum(1 for x in ids for i in x if model.is_byte(i))
    round_trip = sum(model.decode(x) == s for x, s in zip(ids, sentences))
    return {
        "sentences": len(sentences),
        "tokens_per_sentence": round(total / len(sentences), 2),
        "unk_rate": round(n_unk / total, 6),
        "byte_rate": round(n_byte / total, 6),
        "round_trip": round(round_trip / len(sentences), 6),
    }


def train_spm(
    dataset: str | os.PathLike,
    *,
    separate: bool = False,
    model_type: str = "unigram",
    vocab_size: int = 16000,
    max_sentences: int = 2_000_000,
    command: str = "align spm",
    stats: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Train, save under DATASET/spm/, evaluate on validation, add the models to the card.

    `stats` is the folder's stats.json when the caller has it already (a folder being built)."""
    import sentencepiece as spm

    if model_type not in ("unigram", "bpe"):
        raise ValueError(f"model type must be unigram or bpe, not {model_type!r}")
    folder = Path(dataset)
    stats = check_dataset(folder) if stats is None else stats
    train = _sentences(folder, "train")
    eval_split = "validation" if stats["splits"].get("validation") else "train"
    held = _sentences(folder, eval_split) if eval_split != "train" else train
    groups = {lang: [lang] for lang in LANGS} if separate else {"joint": list(LANGS)}
    models = []
    for name, langs in groups.items():
        data = _train([s for lang in langs for s in train[lang]], model_type, vocab_size, max_sentences)
        stem = "spm" if name == "joint" else f"spm.{name}"
        with atomic_open(folder / "spm" / f"{stem}.model", "wb") as f:
            f.write(data)
        model = spm.SentencePieceProcessor(model_proto=data)
        vocab = "".join(f"{model.id_to_piece(i)}\t{model.get_score(i):g}\n" for i in range(model.get_piece_size()))
        write_text(folder / "spm" / f"{stem}.vocab", vocab)
        models.append({
            "file": f"spm/{stem}.model",
            "languages": "+".join(langs),
            "model_type": model_type,
            "vocab_size": model.get_piece_size(),
            "pad_id": model.pad_id(),
            "eval": {lang: evaluate(model, held[lang]) for lang in langs},
        })
    info = {
        "command": command,
        "normalization": "identity",
        "byte_fallback": True,
        "requested_vocab_size": vocab_size,
        "train_sentences": {lang: len(train[lang]) for lang in LANGS},
        "train_digest": stats.get("train_digest"),  # a rebuild keeps the model while this holds
        "eval_split": eval_split,
        "models": models,
    }
    write_json(folder / "spm" / "stats.json", info)
    attach_spm(folder, stats, info)
    return info


def attach_spm(folder: Path, stats: dict[str, Any], info: dict[str, Any]) -> None:
    """Record the models of `info` in the folder's stats.json (its file list once each) and card;
    remove model files of an earlier training with other options (joint vs separate)."""
    from .publish.card import render_card

    mine = [p for m in info["models"] for p in (m["file"], m["file"][: -len(".model")] + ".vocab")] + ["spm/stats.json"]
    for f in stats["files"]:
        if f.startswith("spm/") and f not in mine:
            (folder / f).unlink(missing_ok=True)
    stats["spm"] = info
    stats["files"] = [f for f in stats["files"] if not f.startswith("spm/")] + mine
    write_json(folder / "stats.json", stats)
    write_text(folder / "README.md", render_card(stats))

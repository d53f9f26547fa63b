"""What a trainer does with the dataset: load it, tokenise with its SentencePiece model, batch.

    python scripts/train_example.py out/sample/dataset           # a local folder
    python scripts/train_example.py someone/ko-en-news           # a repo id on the Hub
    python scripts/train_example.py DATASET --direction en-ko --batch-size 16

Tokenisation runs in `datasets.map(..., num_proc=2)`; each worker loads the model once. A batch
is padded with the model's <pad> id (3) and comes with its attention masks (1 for a token, 0 for
padding), as a seq2seq trainer takes them. Copy `load_spm`, `tokenise` and `pad` into your trainer.
"""

from __future__ import annotations

import argparse
import contextlib
from functools import lru_cache
from pathlib import Path

import numpy as np


def spm_files(source: str) -> dict[str, str]:
    """Local paths of the dataset's SentencePiece model(s): {"ko": path, "en": path}."""
    folder = Path(source)
    names = {"joint": "spm/spm.model", "ko": "spm/spm.ko.model", "en": "spm/spm.en.model"}
    if folder.is_dir():
        found = {k: folder / v for k, v in names.items() if (folder / v).is_file()}
    else:  # a repo id: fetch the model files from the Hub (the only download this script makes)
        from huggingface_hub import hf_hub_download
        from huggingface_hub.errors import EntryNotFoundError

        found = {}
        for k, v in names.items():
            with contextlib.suppress(EntryNotFoundError):
                found[k] = Path(hf_hub_download(source, v, repo_type="dataset"))
    if "joint" in found:
        return {"ko": str(found["joint"]), "en": str(found["joint"])}
    if {"ko", "en"} <= set(found):
        return {"ko": str(found["ko"]), "en": str(found["en"])}
    raise SystemExit(f"{source}: no SentencePiece model in spm/ (run `align spm {source}` first)")


@lru_cache(maxsize=4)
def load_spm(path: str):
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_file=path)


def tokenise(batch: dict, models: dict[str, str], src: str, tgt: str) -> dict:
    pairs = batch["translation"]
    s, t = load_spm(models[src]), load_spm(models[tgt])
    return {
        "src_ids": s.encode([p[src] for p in pairs]),
        # target gets BOS/EOS for teacher forcing
        "tgt_ids": [[t.bos_id(), *ids, t.eos_id()] for ids in t.encode([p[tgt] for p in pairs])],
    }


def pad(seqs: list[list[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """(ids, attention mask): the sequences padded to the longest with `pad_id`, and 1 where a
    token is, 0 where padding is."""
    width = max((len(x) for x in seqs), default=0)
    ids = np.full((len(seqs), width), pad_id, dtype=np.int32)
    mask = np.zeros((len(seqs), width), dtype=np.int8)
    for i, x in enumerate(seqs):
        ids[i, : len(x)] = x
        mask[i, : len(x)] = 1
    return ids, mask


def pad_id_of(model_path: str) -> int:
    pad_id = load_spm(model_path).pad_id()
    if pad_id < 0:
        raise SystemExit(f"{model_path}: the model has no <pad> piece (made by an older `align spm`); run `align spm` again")
    return pad_id


def main(argv: list[str] | None = None) -> dict[str, np.ndarray]:
    """Tokenise the train split and return its first batch: src_ids, src_mask, tgt_ids, tgt_mask."""
    from datasets import load_dataset

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", help="dataset folder or Hub repo id")
    ap.add_argument("--direction", default="ko-en", choices=["ko-en", "en-ko"], help="source-target (default ko-en)")
    ap.add_argument("--batch-size", type=int, default=8, help="rows in the batch shown (default 8)")
    ap.add_argument("--num-proc", type=int, default=2, help="processes tokenising the split (default 2)")
    args = ap.parse_args(argv)
    src, tgt = args.direction.split("-")
    models = spm_files(args.source)
    ds = load_dataset(args.source)
    train = ds["train"].map(
        tokenise, batched=True, num_proc=args.num_proc, remove_columns=ds["train"].column_names,
        fn_kwargs={"models": models, "src": src, "tgt": tgt}, desc="tokenise",
    )
    rows = train[: args.batch_size]
    batch = {}
    for side, lang in (("src", src), ("tgt", tgt)):
        batch[f"{side}_ids"], batch[f"{side}_mask"] = pad(rows[f"{side}_ids"], pad_id_of(models[lang]))
    print("splits: " + ", ".join(f"{k} {v.num_rows}" for k, v in ds.items()))
    for k, v in batch.items():
        what = ("source " + src) if k.startswith("src") else ("target " + tgt)
        print(f"{k:8} {tuple(v.shape)}  ({what}{', 1 = token, 0 = padding' if k.endswith('mask') else ''})")
    return batch


if __name__ == "__main__":
    main()

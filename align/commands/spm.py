"""`align spm DATASET`: SentencePiece on the train split, saved in DATASET/spm/."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("--separate", is_flag=True, help="One model per language instead of one joint model.")
@click.option("--model-type", type=click.Choice(["unigram", "bpe"]), default="unigram", show_default=True)
@click.option("--vocab-size", type=int, default=16000, show_default=True,
              help="Target size (a small corpus gets a smaller vocabulary).")
def cli(dataset: Path, separate: bool, model_type: str, vocab_size: int) -> None:
    """Train SentencePiece on DATASET's train split (byte fallback, Korean-safe normalisation)."""
    from ..publish.check import DatasetFolderError
    from ..runner import command_line
    from ..spm import train_spm

    click.echo(f"training SentencePiece on {dataset}/data/train ...", err=True)
    try:
        info = train_spm(dataset, separate=separate, model_type=model_type, vocab_size=vocab_size,
                         command=command_line())
    except (DatasetFolderError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    for m in info["models"]:
        click.echo(f"{dataset / m['file']}: {m['model_type']}, {m['vocab_size']} pieces, {m['languages']}")
        for lang, ev in m["eval"].items():
            if ev.get("sentences"):
                click.echo(f"  {lang} ({info['eval_split']}, {ev['sentences']} sentences): "
                           f"{ev['tokens_per_sentence']} tokens/sentence, unknown rate {ev['unk_rate']:.4%}, "
                           f"byte pieces {ev['byte_rate']:.2%}, exact round trip {ev['round_trip']:.2%}")
    click.echo(f"card updated: {dataset / 'README.md'}")
    out = dataset.resolve().parent
    if dataset.resolve().name == "dataset" and (out / "manifests").is_dir():  # OUT/dataset of a run: record it
        from ..runner import record_manual

        record_manual(out, "spm", {"separate": separate, "model_type": model_type, "vocab_size": vocab_size},
                      command=info["command"], outputs=[f"dataset/{m['file']}" for m in info["models"]])
        click.echo("`align dataset OUT` and `align run` keep this model while the train split is unchanged")

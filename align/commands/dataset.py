"""`align dataset OUT`: build OUT/dataset from OUT/rows.jsonl."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click


def run_meta(out: Path, license: str | None) -> dict:
    """Provenance for the card, from OUT/run.json (written by `align run`) where present."""
    from .. import __version__

    info = {}
    if (out / "run.json").is_file():
        try:
            info = json.loads((out / "run.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            info = {}
    previous = {}
    if (out / "dataset" / "stats.json").is_file():
        try:
            previous = json.loads((out / "dataset" / "stats.json").read_text(encoding="utf-8")).get("meta", {})
        except (OSError, json.JSONDecodeError):
            previous = {}
    settings = info.get("settings", {}) if isinstance(info.get("settings"), dict) else {}
    corpus = info.get("corpus")
    return {
        "command": "align " + " ".join(sys.argv[1:]),
        "toolkit_version": __version__,
        "aligner": settings.get("aligner", {}),
        "date": info.get("created"),
        "corpus": Path(corpus).name if corpus else out.name,
        "license": license or previous.get("license") or "other",
    }


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True, help="Split seed.")
@click.option("--splits", "splits_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this splits.json (pair id -> split) instead of the hashed assignment.")
@click.option("--license", "license_", help="Licence id for the card (default: the previous build's, else 'other').")
def cli(out: Path, seed: int, splits_file: Path | None, license_: str | None) -> None:
    """Write OUT/dataset (parquet per split, card, stats) from OUT/rows.jsonl."""
    from ..publish import build_dataset
    from ..publish.rows import iter_rows, rows_path

    try:
        path = rows_path(out)
    except FileNotFoundError as e:
        raise click.ClickException(str(e)) from None
    splits = None
    if splits_file:
        try:
            splits = json.loads(splits_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise click.ClickException(f"{splits_file}: not a readable splits.json ({e})") from None
    skipped: Counter = Counter()
    try:
        stats = build_dataset(iter_rows(path, skipped), out / "dataset", seed=seed, meta=run_meta(out, license_),
                              splits=splits, progress=True)
    except ValueError as e:
        raise click.ClickException(f"{path}: {e}") from None
    click.echo(f"dataset written to {out / 'dataset'}")
    click.echo(f"  rows in {stats['rows_in']}, kept {stats['rows_kept']}")
    click.echo("  rows per split " + ", ".join(f"{s} {n}" for s, n in stats["splits"].items()))
    if stats["dropped"]:
        click.echo("  dropped " + ", ".join(f"{r} {n}" for r, n in sorted(stats["dropped"].items(), key=lambda kv: -kv[1])))
    click.echo(f"  train rows removed for leaking into validation/test: {stats['leaked_removed']}")
    if skipped:
        click.echo("  malformed lines skipped: " + ", ".join(f"{r} {n}" for r, n in skipped.items()))

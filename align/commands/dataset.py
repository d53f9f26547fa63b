"""`align dataset OUT`: build OUT/dataset from OUT/rows.jsonl (the dataset stage of `align run`)."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=int, default=None,
              help="Split seed for pairs OUT/splits.json does not name (default: the run's, else 0).")
@click.option("--splits", "splits_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this splits.json (pair id -> split): it becomes OUT/splits.json, the split later builds keep.")
@click.option("--license", "license_", help="Licence id for the card (default: the recipes', else the previous build's, else 'other').")
def cli(out: Path, seed: int | None, splits_file: Path | None, license_: str | None) -> None:
    """Write OUT/dataset (parquet per split, card, stats) from OUT/rows.jsonl.

    This is the dataset stage of `align run`, run by hand: the split is the one `align split`
    wrote (OUT/splits.json) when there is one, else a hash of each pair id and the seed; a
    SentencePiece model of the previous build (`align spm`) is kept when the train split is
    unchanged and retrained otherwise. In a run folder the build is recorded in
    OUT/manifests/dataset.json, so the next `align run` keeps it (or says what it redoes).
    """
    from ..atomic import write_json
    from ..publish.rows import rows_path
    from ..runner import RunError, Runner, Settings, locked, run_by_hand
    from ..stages import STAGES

    try:
        path = rows_path(out)
    except FileNotFoundError as e:
        raise click.ClickException(str(e)) from None
    given = {k: v for k, v in (("seed", seed), ("license", license_)) if v is not None}
    if splits_file:
        write_json(out / "splits.json", _read_splits(splits_file))
    try:
        if (out / "manifests" / "filter.json").is_file():  # a run folder: the runner runs the stage
            card = out / "dataset" / "README.md"
            before = card.stat().st_mtime_ns if card.exists() else None
            stats = run_by_hand(out, "dataset", given, progress=False, log=click.echo)["counts"]
            if before is not None and card.exists() and card.stat().st_mtime_ns == before:
                click.echo(f"{out / 'dataset'} is up to date (rows, split and settings unchanged): nothing rebuilt")
                return
        else:  # a folder holding only rows.jsonl: the stage alone, nothing to record
            stage = STAGES["dataset"]
            runner = Runner(out, Settings(seed=seed or 0), log=click.echo)
            with locked(out):
                stats = stage.run(runner, {**stage.settings(runner.settings), **given})
    except RunError as e:
        raise click.ClickException(str(e)) from None
    except ValueError as e:  # rows the build cannot use (a pair without a split)
        raise click.ClickException(f"{path}: {e}") from None
    split_from = f"{out / 'splits.json'} (align split)" if (out / "splits.json").exists() else "a hash of pair id and seed"
    click.echo(f"dataset written to {out / 'dataset'}")
    click.echo(f"  rows in {stats['rows_in']}, kept {stats['rows_kept']}")
    click.echo("  rows per split " + ", ".join(f"{s} {n}" for s, n in stats["splits"].items()) + f"  (split: {split_from})")
    if stats["dropped"]:
        click.echo("  dropped " + ", ".join(f"{r} {n}" for r, n in sorted(stats["dropped"].items(), key=lambda kv: -kv[1])))
    click.echo(f"  train rows removed for leaking into validation/test: {stats['leaked_removed']}")


def _read_splits(path: Path) -> dict[str, str]:
    try:
        splits = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise click.ClickException(f"{path}: not a readable splits.json ({e})") from None
    bad = [k for k, v in splits.items() if v not in ("train", "validation", "test")] if isinstance(splits, dict) else None
    if bad is None or bad:
        shown = f" (e.g. {bad[0]!r} -> {splits[bad[0]]!r})" if bad else ""
        raise click.ClickException(f"{path}: expected {{pair id: \"train\" | \"validation\" | \"test\"}}{shown}")
    return splits

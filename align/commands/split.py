"""`align split OUT`: assign article pairs to train / validation / test (OUT/splits.json)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--ratios", default="0.8,0.1,0.1", show_default=True, help="train,validation,test")
def cli(out: Path, seed: int, ratios: str) -> None:
    """Write OUT/splits.json (pair id -> split) from the pairs in OUT/rows.jsonl.

    `align dataset OUT` and `align run` build the dataset with this split from then on (pairs it
    does not name are assigned by hash); delete OUT/splits.json to go back to the hashed split.
    """
    from ..atomic import write_json
    from ..publish.rows import iter_rows, rows_path
    from ..split import assign_splits

    try:
        r = tuple(float(x) for x in ratios.split(","))
        path = rows_path(out)
    except ValueError:
        raise click.BadParameter(f"expected three numbers like 0.8,0.1,0.1, got {ratios!r}", param_hint="--ratios") from None
    except FileNotFoundError as e:
        raise click.ClickException(str(e)) from None
    skipped: Counter = Counter()
    pair_ids = {row.pair_id for row in iter_rows(path, skipped)}
    try:
        splits = assign_splits(pair_ids, seed=seed, ratios=r)  # type: ignore[arg-type]
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--ratios") from None
    write_json(out / "splits.json", splits)
    if (out / "manifests").is_dir():  # a run folder: the split is recorded beside the stages' manifests
        from ..runner import record_manual

        record_manual(out, "split", {"seed": seed, "ratios": list(r)}, counts=dict(Counter(splits.values())), outputs=["splits.json"])
    counts = Counter(splits.values())
    click.echo(f"{out / 'splits.json'}: " + ", ".join(f"{s} {counts.get(s, 0)} pairs" for s in ("train", "validation", "test")))
    if skipped:
        click.echo("malformed lines skipped: " + ", ".join(f"{k} {v}" for k, v in skipped.items()))

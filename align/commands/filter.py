"""`align filter OUT`: re-apply the row filter to OUT/rows.jsonl with other thresholds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click


@click.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the rows (default: rewrite the input in place, atomically).")
@click.option("--min-score", type=float, help="Drop rows whose aligner score (its probability that the bead is right) is below this, e.g. 0.9.")
@click.option("--min-ko-hangul", type=float, help="Least share of Hangul among the Korean side's letters.")
@click.option("--max-en-hangul", type=float, help="Largest share of Hangul among the English side's letters.")
@click.option("--min-len-ratio", type=float, help="Least English/Korean character ratio.")
@click.option("--max-len-ratio", type=float, help="Largest English/Korean character ratio.")
def cli(target: Path, output: Path | None, **thresholds: float | None) -> None:
    """Set kept/reason on every row of TARGET (an OUT folder or a rows.jsonl file).

    Rows the filter drops stay in the file with their reason. Run `align dataset OUT` afterwards.
    """
    from ..atomic import write_jsonl
    from ..filter import FilterConfig, filter_rows
    from ..publish.rows import iter_rows, rows_path

    try:
        path = rows_path(target)
    except FileNotFoundError as e:
        raise click.ClickException(str(e)) from None
    config = FilterConfig(**{k: v for k, v in thresholds.items() if v is not None})
    counts: Counter = Counter()
    skipped: Counter = Counter()
    # streaming is safe even in place: the new file is a temp file renamed over the old at the end
    n = write_jsonl(output or path, filter_rows(iter_rows(path, skipped), config, counts))
    kept = counts.pop("kept", 0)
    click.echo(f"{output or path}: {n} rows, {kept} kept, {n - kept} dropped")
    for reason, k in counts.most_common():
        click.echo(f"  {reason:<15} {k}")
    if skipped:
        click.echo("malformed lines skipped: " + ", ".join(f"{k} {v}" for k, v in skipped.items()))

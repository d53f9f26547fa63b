"""`align filter OUT`: re-apply the row filter to OUT/rows.jsonl with other thresholds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import click


@click.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("-o", "--out", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the rows (default: rewrite the input in place, atomically).")
@click.option("--output", "output_old", type=click.Path(dir_okay=False, path_type=Path), hidden=True)  # its old spelling
@click.option("--min-score", type=float,
              help="Drop rows whose aligner score (its probability that the bead is right) is below this, e.g. 0.9.")
@click.option("--min-ko-hangul", type=float, help="Least share of Hangul among the Korean side's letters.")
@click.option("--max-en-hangul", type=float, help="Largest share of Hangul among the English side's letters.")
@click.option("--min-len-ratio", type=float, help="Least English/Korean character ratio.")
@click.option("--max-len-ratio", type=float, help="Largest English/Korean character ratio.")
def cli(target: Path, output: Path | None, output_old: Path | None, **thresholds: float | None) -> None:
    """Set kept/reason on every row of TARGET (an OUT folder or a rows.jsonl file).

    Rows the filter drops stay in the file with their reason. In a run folder the filter is
    recorded in OUT/manifests/filter.json, so `align view` shows these thresholds and the next
    `align run` keeps them (or says what it redoes). Run `align dataset OUT` afterwards.
    """
    from ..atomic import write_jsonl
    from ..filter import FilterConfig, filter_rows
    from ..publish.rows import iter_rows, rows_path
    from ..runner import RunError, run_by_hand

    output = output or output_old
    try:
        path = rows_path(target)
    except FileNotFoundError as e:
        raise click.ClickException(str(e)) from None
    given: dict[str, Any] = {k: v for k, v in thresholds.items() if v is not None}
    out = path.parent
    if output is None and path.name == "rows.jsonl" and (out / "manifests" / "align.json").is_file():
        # a run folder's own rows: the filter stage of `align run`, run by hand and recorded
        try:
            m = run_by_hand(out, "filter", given, progress=False, log=click.echo)
        except (RunError, ValueError) as e:
            raise click.ClickException(str(e)) from None
        kept, dropped = m["counts"]["kept"], Counter(m["counts"]["dropped"])
        _report(path, kept, dropped)
        click.echo(f"recorded in {out / 'manifests' / 'filter.json'}: `align view` shows these thresholds and the next "
                   "`align run` keeps them unless it is given other filter settings")
        return
    counts: Counter = Counter()
    skipped: Counter = Counter()
    dest = output or path
    # streaming is safe even in place: the new file is a temp file renamed over the old at the end
    write_jsonl(dest, filter_rows(iter_rows(path, skipped), FilterConfig(**given), counts))
    kept = counts.pop("kept", 0)
    _report(dest, kept, counts)
    if skipped:
        click.echo("malformed lines skipped: " + ", ".join(f"{k} {v}" for k, v in skipped.items()))


def _report(path: Path, kept: int, dropped: Counter) -> None:
    click.echo(f"{path}: {kept + sum(dropped.values())} rows, {kept} kept, {sum(dropped.values())} dropped")
    for reason, k in dropped.most_common():
        click.echo(f"  {reason:<15} {k}")

"""`align view OUT [-o SITE]`: write the browsable site of a run's alignments."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="view")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("-o", "--out", "site", type=click.Path(path_type=Path), default=None, help="Site folder (default: OUT/site).")
@click.option("--site", "site_old", type=click.Path(path_type=Path), default=None, hidden=True)  # its old spelling
@click.option("--min-score", "threshold", type=float, default=None,
              help="Score threshold drawn on the histogram and the pages (default: the min-score of the filter that wrote OUT/rows.jsonl).")
@click.option("--threshold", "threshold_old", type=float, default=None, hidden=True)  # its old spelling
@click.option("--quiet", is_flag=True, help="No progress bars.")
def cli(out: Path, site: Path | None, site_old: Path | None, threshold: float | None, threshold_old: float | None,
        quiet: bool) -> None:
    """Write a static HTML site of the alignments in OUT (a folder written by `align run`)."""
    from align.view import write_site

    site = site or site_old
    threshold = threshold if threshold is not None else threshold_old

    if not out.is_dir():
        raise click.ClickException(f"{out}: not a folder (expected the OUT folder of `align run`)")
    try:
        res = write_site(out, site, threshold=threshold, progress=not quiet)
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    old = f" (removing the previous site took {res.cleanup_seconds:.1f} s more)" if res.cleanup_seconds >= 0.5 else ""
    click.echo(f"Wrote {res.pairs} pair pages and the index in {res.seconds:.1f} s{old}.")
    if res.missing:
        click.echo("Missing from the run (the site shows what is there):")
        for m in res.missing:
            click.echo(f"  - {m}")
    for p in res.pending:
        click.echo(f"Note: {p}.")
    if res.problems:
        click.echo(f"Skipped {res.problems} malformed records (listed on the index page).")
    click.echo(str(res.index.resolve()))

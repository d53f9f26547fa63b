"""`align view OUT [-o SITE]`: write the browsable site of a run's alignments."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="view")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("-o", "--site", type=click.Path(path_type=Path), default=None, help="Site folder (default: OUT/site).")
@click.option("--threshold", type=float, default=None, help="Filter threshold drawn on the histogram (default: from OUT/run.json).")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def cli(out: Path, site: Path | None, threshold: float | None, quiet: bool) -> None:
    """Write a static HTML site of the alignments in OUT (a folder written by `align run`)."""
    from align.view import write_site

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

"""`align run CORPUS -o OUT`: every stage, with a progress bar each and a summary at the end."""

from __future__ import annotations

from pathlib import Path

import click

from .options import (
    aligner_options,
    executor_options,
    make_executor_or_fail,
    recipes_option,
)


@click.command()
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True, help="Folder for the run's files.")
@click.option("--seed", default=0, show_default=True, help="Seed of the train/validation/test split.")
@click.option("--shard-size", default=32, show_default=True, type=click.IntRange(min=1),
              help="Items (pages, article pairs) a shard: the unit of work of the per-item stages.")
@click.option("--threads", type=int, default=None,
              help="BLAS threads per process for the encoder (default 1: use --workers for more cores).")
@click.option("--content-pairing/--no-content-pairing", default=True, show_default=True,
              help="Pair articles left over after link pairing by their content.")
@click.option("--min-score", type=float, default=None,
              help="Drop rows whose bead score (the aligner's probability that the bead is right) is below this, e.g. 0.9.")
@executor_options("extract, segment and align")
@aligner_options
@recipes_option
@click.option("--overwrite", is_flag=True, help="Replace an OUT folder made from another corpus.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def cli(corpus: Path, out: Path, seed: int, shard_size: int, threads: int | None, content_pairing: bool,
        min_score: float | None, workers: int | None, scheduler: str | None, dask_local: int | None,
        aligner: dict, recipes: tuple[Path, ...], overwrite: bool, quiet: bool) -> None:
    """Run every stage on CORPUS (a folder of pages, a WARC or a JSONL file) into OUT."""
    from ..executors import ExecutorError
    from ..runner import Run, RunError, Settings, format_summary

    try:
        settings = Settings.from_options(seed=seed, shard_size=shard_size, threads=threads, content_pairing=content_pairing,
                                         filter={"min_score": min_score}, aligner=aligner, recipes=recipes)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    executor = make_executor_or_fail(workers, scheduler, dask_local, threads)
    try:
        with executor:
            run = Run(corpus, out, settings, executor=executor, progress=not quiet, overwrite=overwrite)
            summary = run.run()
    except (RunError, ExecutorError) as e:
        raise click.ClickException(str(e)) from None
    click.echo(format_summary(summary, out))
    from ..faults import empty_result

    if why := empty_result(summary):  # an empty dataset is not a result
        raise click.ClickException(f"the run produced no dataset rows: {why}")
    click.echo(f"\nDataset ready: {out / 'dataset'}  (datasets.load_dataset({str(out / 'dataset')!r}))")

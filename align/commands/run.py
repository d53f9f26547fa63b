"""`align run CORPUS -o OUT`: every stage, with a progress bar each and a summary at the end."""

from __future__ import annotations

from pathlib import Path

import click

from ..executors import ExecutorError, make_executor
from ..pipeline import RunError, Run, Settings, format_summary
from .sentences import aligner_settings


@click.command()
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True, help="Folder for the run's files.")
@click.option("--seed", default=0, show_default=True, help="Seed of the train/validation/test split.")
@click.option("--shard-size", default=32, show_default=True, help="Article pairs per shard of the per-pair stages.")
@click.option("--threads", type=int, default=None, help="BLAS threads per process for the encoder (default 1: use --workers for more cores).")
@click.option("--content-pairing/--no-content-pairing", default=True, show_default=True,
              help="Pair articles left over after link pairing by their content.")
@click.option("--min-score", type=float, default=None, help="Drop rows whose bead score (the aligner's probability that the bead is right) is below this, e.g. 0.9.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Run segment and align in a pool of N local processes (one encoder thread each unless --threads).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run segment and align on an existing Dask cluster (e.g. tcp://host:8786). Shards travel "
                   "to the workers as tasks, so OUT only needs to be on this machine.")
@click.option("--dask-local", type=click.IntRange(min=1), default=None, metavar="N",
              help="Run segment and align on a Dask LocalCluster of N single-threaded worker processes.")
@click.option("--aligner-set", "aligner", multiple=True, metavar="KEY=VALUE", callback=aligner_settings,
              help="An aligner setting for the align stage, e.g. --aligner-set glue_penalty=0 (docs/aligner.md; repeatable).")
@click.option("--overwrite", is_flag=True, help="Replace an OUT folder made from another corpus.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def cli(corpus: Path, out: Path, seed: int, shard_size: int, threads: int | None, content_pairing: bool,
        min_score: float | None, workers: int | None, scheduler: str | None, dask_local: int | None,
        aligner: dict, overwrite: bool, quiet: bool) -> None:
    """Run every stage on CORPUS (a folder of pages, a WARC or a JSONL file) into OUT."""
    if shard_size < 1:
        raise click.BadParameter("must be at least 1", param_hint="--shard-size")
    filt = {} if min_score is None else {"min_score": min_score}
    settings = Settings(seed=seed, shard_size=shard_size, threads=threads, content_pairing=content_pairing, filter=filt,
                        aligner=aligner)
    try:
        executor = make_executor(workers, scheduler, dask_local, threads=threads)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    except ExecutorError as e:
        raise click.ClickException(str(e)) from None
    try:
        with executor:
            summary = Run(corpus, out, settings, executor=executor, progress=not quiet, overwrite=overwrite).run()
    except (RunError, ExecutorError) as e:
        raise click.ClickException(str(e)) from None
    click.echo(format_summary(summary, out))
    click.echo(f"\nDataset ready: {out / 'dataset'}  (datasets.load_dataset({str(out / 'dataset')!r}))")

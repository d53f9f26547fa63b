"""`align segment`: sentences of paired articles (the segment stage of `align run`, through the
runner: sharded, on --workers, cached per pair), or of plain text."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from .options import executor_options, make_executor_or_fail


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Write SegmentedPair records (JSONL) here.")
@click.option("--lang", type=click.Choice(["ko", "en"]), help="Split plain text from stdin (one paragraph a line).")
@executor_options("segmentation")
def cli(source: Path | None, out: Path | None, lang: str | None, workers: int | None, scheduler: str | None,
        dask_local: int | None) -> None:
    """Split SOURCE (a pairs.jsonl of `align run`/`align pair`) into sentences, or with --lang,
    plain text from stdin, printing one sentence a line."""
    if lang:
        from ..segment import split_sentences

        for line in sys.stdin:
            for s in split_sentences(line, lang):
                click.echo(s)
        return
    if source is None or out is None:
        raise click.UsageError("give SOURCE and -o OUT, or --lang for text on stdin")
    from ..atomic import atomic_open
    from ..executors import ExecutorError
    from ..runner import RunError, Runner, record_manual, shard_files

    work = out.parent / f".{out.name}.work"
    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, work / "pairs.jsonl")
    record_manual(work, "pair", {}, command=f"align segment {source}", outputs=["pairs.jsonl"])
    executor = make_executor_or_fail(workers, scheduler, dask_local)
    runner = Runner(work, progress=sys.stderr.isatty(), log=lambda _: None)
    try:
        with executor:
            runner.executor = executor
            runner.run_stages(["segment"])
    except (ValueError, KeyError, TypeError) as e:
        shutil.rmtree(work, ignore_errors=True)
        raise click.ClickException(f"{source}: not a pairs file ({type(e).__name__}: {e})") from None
    except (RunError, ExecutorError) as e:
        raise click.ClickException(str(e)) from None
    n = 0
    with atomic_open(out, "wb", encoding=None) as f:
        for rel in shard_files(runner.manifest("segment")):
            data = (work / rel).read_bytes()
            n += data.count(b"\n")
            f.write(data)
    shutil.rmtree(work, ignore_errors=True)
    click.echo(f"{n} pairs segmented -> {out}")

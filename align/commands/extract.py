"""`align extract CORPUS -o FILE.jsonl`: pages in, one Article a line out, skipped pages counted.

It runs the extract stage of `align run` (align.stages.extract) through the runner, so it
shards and resumes the same way: the work folder beside FILE (`.FILE.work/`) keeps each page's
result until the articles are written; a run cut off resumes from it."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import click

from .options import executor_options, make_executor_or_fail, recipes_option

_LANG = '"lang": "'


def _count_langs(path: Path) -> Counter:
    """Articles by language in an articles file. The "lang" value is read off the line without
    decoding it (a JSON string cannot hold this key's spelling, its quotes would be escaped, so
    the first one is the key); a line without it or with an escape in the value is decoded."""
    import json

    langs: Counter = Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            i = line.find(_LANG)
            j = line.find('"', i + len(_LANG)) if i >= 0 else -1
            if j >= 0 and "\\" not in (value := line[i + len(_LANG) : j]):
                langs[value] += 1
            elif line.strip():
                langs[json.loads(line)["lang"]] += 1
    return langs


@click.command(name="extract")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("-o", "--out", "output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Articles, one JSON object a line.")
@click.option("--skipped", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Skipped pages and why (default: OUT with .skipped.jsonl).")
@recipes_option
@executor_options("extraction")
@click.option("--shard-size", default=32, show_default=True, type=click.IntRange(min=1), help="Pages a unit of work.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def cli(corpus: Path, output: Path, skipped: Path | None, recipes: tuple[Path, ...], workers: int | None,
        scheduler: str | None, dask_local: int | None, shard_size: int, quiet: bool) -> None:
    """Extract articles from the pages under CORPUS (a folder of saved pages, WARC or JSONL files).

    A page that yields no article (not HTML, truncated, no body, wrong language, ...) is
    written to the skipped file with its reason and counted; the run goes on.
    """
    from ..atomic import read_jsonl
    from ..executors import ExecutorError
    from ..extract.recipes import RecipeError, load_recipes
    from ..runner import RunError, Runner, Settings
    from ..stages.extract import recipe_folders

    try:
        load_recipes(list[str | os.PathLike](recipe_folders(recipes)))  # a bad recipe is told before any page is read
    except RecipeError as e:
        raise click.ClickException(str(e)) from None
    if not corpus.exists():
        raise click.ClickException(f"corpus not found: {corpus}")
    skipped_path = skipped or output.with_name(output.name.removesuffix(".jsonl") + ".skipped.jsonl")
    work = output.parent / f".{output.name}.work"
    settings = Settings.from_options(shard_size=shard_size, recipes=recipes)
    executor = make_executor_or_fail(workers, scheduler, dask_local)
    try:
        with executor:
            Runner(work, settings, corpus=corpus, executor=executor, progress=not quiet).run_stages(["extract"])
    except (FileNotFoundError, ValueError, RunError, ExecutorError) as e:  # missing or empty corpus, a dead cluster
        raise click.ClickException(str(e)) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    os.replace(work / "articles.jsonl", output)
    os.replace(work / "skipped-extract.jsonl", skipped_path)
    shutil.rmtree(work, ignore_errors=True)
    langs = _count_langs(output)
    skips = Counter(s["reason"] for s in read_jsonl(skipped_path))
    n, k = sum(langs.values()), sum(skips.values())
    by_lang = ", ".join(f"{key} {v}" for key, v in sorted(langs.items())) or "none"
    click.echo(f"{n + k} page(s) read: {n} article(s) kept ({by_lang}), {k} skipped")
    for reason, count in sorted(skips.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  skipped {count:>5}  {reason}")
    click.echo(f"articles: {output}")
    click.echo(f"skipped:  {skipped_path}")

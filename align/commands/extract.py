"""`align extract CORPUS -o FILE.jsonl`: pages in, one Article a line out, skipped pages counted."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click


@click.command(name="extract")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Articles, one JSON object a line.")
@click.option(
    "--skipped",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Skipped pages and why (default: OUTPUT with .skipped.jsonl).",
)
@click.option(
    "--recipes",
    "extra_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of site recipes (*.toml) to use besides corpora/recipes; repeatable.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def cli(corpus: Path, output: Path, skipped: Path | None, extra_dirs: tuple[Path, ...], quiet: bool) -> None:
    """Extract articles from the pages under CORPUS (a folder of saved pages, WARC or JSONL files).

    A page that yields no article (not HTML, truncated, no body, wrong language, ...) is
    written to the skipped file with its reason and counted; the run goes on.
    """
    from tqdm import tqdm

    from ..atomic import write_jsonl
    from ..extract import SkipPage, extract_page
    from ..extract.recipes import RecipeError, load_recipes, recipe_dirs
    from ..model import Article, Skipped
    from ..readers import SkipRecord, article_from_fields, iter_records

    try:
        recipes = load_recipes([*recipe_dirs(), *extra_dirs])
    except RecipeError as e:
        raise click.ClickException(str(e)) from None
    skipped_path = skipped or output.with_name(output.name.removesuffix(".jsonl") + ".skipped.jsonl")
    skips: list[Skipped] = []
    langs: Counter[str] = Counter()

    def articles():
        records = iter_records(corpus)
        for rec in tqdm(records, desc="extract", unit="page", disable=quiet, file=sys.stderr):
            if isinstance(rec, Skipped):
                skips.append(rec)
                continue
            try:
                a: Article = (
                    extract_page(rec.html, rec.url, rec.source, recipes) if rec.html is not None else article_from_fields(rec)
                )
            except (SkipPage, SkipRecord) as e:
                skips.append(Skipped("extract", rec.source, e.reason, e.detail))
                continue
            except ValueError as e:  # a record the reader accepted but that cannot become an article
                skips.append(Skipped("extract", rec.source, "unreadable", str(e)))
                continue
            langs[a.lang] += 1
            yield a

    try:
        n = write_jsonl(output, articles())
    except (FileNotFoundError, ValueError) as e:  # missing or empty corpus folder
        raise click.ClickException(str(e)) from None
    write_jsonl(skipped_path, skips)
    by_lang = ", ".join(f"{k} {v}" for k, v in sorted(langs.items())) or "none"
    click.echo(f"{n + len(skips)} page(s) read: {n} article(s) kept ({by_lang}), {len(skips)} skipped")
    for reason, count in sorted(Counter(s.reason for s in skips).items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  skipped {count:>5}  {reason}")
    click.echo(f"articles: {output}")
    click.echo(f"skipped:  {skipped_path}")

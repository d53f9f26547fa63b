"""`align segment`: sentences of paired articles, or of plain text."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..atomic import read_jsonl, write_jsonl
from ..model import ArticlePair
from ..segment import segment_pair, split_sentences


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Write SegmentedPair records (JSONL) here.")
@click.option("--lang", type=click.Choice(["ko", "en"]), help="Split plain text from stdin (one paragraph a line).")
def cli(source: Path | None, out: Path | None, lang: str | None) -> None:
    """Split SOURCE (a pairs.jsonl of `align run`/`align pair`) into sentences, or with --lang,
    plain text from stdin, printing one sentence a line."""
    if lang:
        for line in sys.stdin:
            for s in split_sentences(line, lang):
                click.echo(s)
        return
    if source is None or out is None:
        raise click.UsageError("give SOURCE and -o OUT, or --lang for text on stdin")
    try:
        n = write_jsonl(out, (segment_pair(ArticlePair.from_json(d)).to_json() for d in read_jsonl(source)))
    except (ValueError, KeyError, TypeError) as e:
        raise click.ClickException(f"{source}: not a pairs file ({e})") from None
    click.echo(f"{n} pairs segmented -> {out}")

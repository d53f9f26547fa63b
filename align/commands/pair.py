"""`align pair`: pair Korean and English documents by content.

Two modes: `--ko-dir DIR --en-dir DIR` (plain-text documents, one sentence a line) prints
`ko_file<TAB>en_file<TAB>score` for every pair accepted; `ARTICLES -o PAIRS` (the output of
`align extract`) runs the pipeline's pair stage: near-duplicates, links, then content.
"""

from __future__ import annotations

import sys

import click


def _pair_text_dirs(ko_dir: str, en_dir: str, threshold: float | None) -> None:
    from ..pair.plaintext import pair_text_dirs

    try:
        result = pair_text_dirs(ko_dir, en_dir, threshold=threshold, show_progress=sys.stderr.isatty())
    except (FileNotFoundError, ValueError) as e:
        raise click.ClickException(str(e)) from e
    out = sys.stdout
    for ko, en, score in result.pairs:
        out.write(f"{ko}\t{en}\t{score:.4f}\n")
    out.flush()
    how = "given" if threshold is not None else "fitted to this collection"
    click.echo(
        f"paired {len(result.pairs)} of {result.n_ko} Korean and {result.n_en} English documents "
        f"(margin threshold {result.threshold:.3f}, {how}); "
        f"{result.n_ko - len(result.pairs)} Korean and {result.n_en - len(result.pairs)} English left unpaired",
        err=True,
    )
    for path, why in result.skipped:
        click.echo(f"skipped {path}: {why}", err=True)


def _pair_articles(articles: str, out: str, content: bool) -> None:
    from pathlib import Path

    from ..stages.pair import pair_file

    skipped_path = f"{out}.skipped.jsonl"
    try:
        c = pair_file(Path(articles), Path(out), Path(skipped_path), content=content, threads=None,
                      progress=sys.stderr.isatty())
    except (ValueError, TypeError, KeyError) as e:
        raise click.ClickException(f"{articles}: not an articles file from `align extract` ({e})") from None

    def kv(d: dict) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(d.items())) or "none"

    click.echo(f"{c['pairs']} pairs ({kv(c['by_method'])}) -> {out}; unpaired: {kv(c['unpaired'])}; "
               f"skipped: {kv(c['skipped'])} -> {skipped_path}", err=True)


@click.command(name="pair")
@click.argument("articles", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="With ARTICLES: where to write the pairs (JSONL).")
@click.option("--content-pairing/--no-content-pairing", "content", default=True, show_default=True,
              help="With ARTICLES: pair what links leave over by content.")
@click.option("--ko-dir", type=click.Path(file_okay=False), help="Korean documents, one sentence a line.")
@click.option("--en-dir", type=click.Path(file_okay=False), help="English documents, one sentence a line.")
@click.option(
    "--min-margin", "threshold", type=float, default=None,
    help="Accept a pair when its margin score exceeds this (default: fitted from the collection; "
    "the z-score test applies either way).",
)
def cli(articles: str | None, out: str | None, content: bool, ko_dir: str | None, en_dir: str | None,
        threshold: float | None) -> None:
    """Pair English articles with their Korean originals (ARTICLES -o PAIRS), or plain-text
    documents by content (--ko-dir/--en-dir; prints ko_file, en_file, score, tab-separated)."""
    if articles:
        if not out:
            raise click.UsageError("give -o PAIRS with ARTICLES")
        _pair_articles(articles, out, content)
        return
    if ko_dir and en_dir:
        _pair_text_dirs(ko_dir, en_dir, threshold)
        return
    raise click.UsageError("give ARTICLES -o PAIRS, or both --ko-dir and --en-dir")

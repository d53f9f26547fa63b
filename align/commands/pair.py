"""`align pair`: pair Korean and English documents by content.

Mode now: `--ko-dir DIR --en-dir DIR` (plain-text documents, one sentence a line) prints
`ko_file<TAB>en_file<TAB>score` for every pair accepted. Another mode (a run folder) can be
added as one more branch in `cli` with its own `_pair_...` function.
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


@click.command(name="pair")
@click.option("--ko-dir", type=click.Path(file_okay=False), help="Korean documents, one sentence a line.")
@click.option("--en-dir", type=click.Path(file_okay=False), help="English documents, one sentence a line.")
@click.option(
    "--threshold", type=float, default=None,
    help="Accept a pair when its margin score exceeds this (default: fitted from the collection; "
    "the z-score test applies either way).",
)
def cli(ko_dir: str | None, en_dir: str | None, threshold: float | None) -> None:
    """Pair Korean and English documents by content; prints ko_file, en_file, score (tab-separated)."""
    if ko_dir and en_dir:
        _pair_text_dirs(ko_dir, en_dir, threshold)
        return
    raise click.UsageError("give both --ko-dir and --en-dir")

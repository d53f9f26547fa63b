"""`align sentences`: align two documents (one sentence a line), or two folders of them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import aligner_settings


@click.command(name="sentences")
@click.argument("src", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.argument("tgt", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--src-lang", default="ko", show_default=True, help="Language of SRC (any of the encoder's).")
@click.option("--tgt-lang", default="en", show_default=True, help="Language of TGT.")
@click.option("--src-dir", type=click.Path(file_okay=False, exists=True, path_type=Path), help="Folder of source documents.")
@click.option("--tgt-dir", type=click.Path(file_okay=False, exists=True, path_type=Path), help="Folder of target documents (same names).")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Output folder (with --src-dir).")
@click.option("--max-src", default=5, show_default=True, help="Most source sentences in one bead.")
@click.option("--max-tgt", default=5, show_default=True, help="Most target sentences in one bead.")
@click.option(
    "--windows",
    type=click.Choice(["parts", "estimate", "verify", "encode"]),
    default="parts",
    show_default=True,
    help="Window embeddings: all of them from per-sentence token sums (parts), estimated from "
    "sentences, verified by the encoder where uncertain, or all encoded.",
)
@click.option("--set", "extra", multiple=True, metavar="KEY=VALUE", callback=aligner_settings,
              help="Any other aligner setting, e.g. --set glue_penalty=0 (docs/aligner.md; repeatable).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Folder mode: align in this many processes (one per core is the fastest).")
@click.option("--force", is_flag=True, help="Folder mode: align every document again, even those already done.")
def cli(src, tgt, src_lang, tgt_lang, src_dir, tgt_dir, out_dir, max_src, max_tgt, windows, extra, workers, force) -> None:
    """Align SRC and TGT and print one bead a line, `[i]:[j, k]:score` (vecalign's format;
    the score is the aligner's probability that the bead is right).

    With --src-dir/--tgt-dir/-o, align every document found under the same name in both
    folders and write OUT/NAME. A run that was cut off resumes: a document already written,
    whose inputs, settings and aligner are unchanged, is not aligned again (OUT keeps a log,
    .align-sentences.jsonl).
    """
    # derived settings (max_total) are filled in by AlignSettings itself, as for `align run --set`
    settings = {"max_src": max_src, "max_tgt": max_tgt, "windows": windows, **extra}
    if src_dir or tgt_dir:
        if not (src_dir and tgt_dir and out_dir) or src or tgt:
            raise click.UsageError("folder mode needs --src-dir, --tgt-dir and -o, and no SRC/TGT")
        _align_folders(src_dir, tgt_dir, out_dir, src_lang, tgt_lang, settings, workers, force)
        return
    if not (src and tgt):
        raise click.UsageError("give SRC and TGT files, or --src-dir, --tgt-dir and -o")
    from ..sentalign import align_sentences
    from ..sentalign.folders import language_warning, read_sentences

    try:
        s, t = read_sentences(src), read_sentences(tgt)
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    warning = language_warning(s, t, src_lang, tgt_lang)
    if warning:
        click.echo(f"note: {src} / {tgt}: {warning}", err=True)
    for bead in align_sentences(s, t, src_lang=src_lang, tgt_lang=tgt_lang, **settings):
        click.echo(bead.to_line())


def _align_folders(src_dir: Path, tgt_dir: Path, out_dir: Path, src_lang, tgt_lang, settings, workers: int, force: bool) -> None:
    from tqdm import tqdm

    from ..executors import ExecutorError, make_executor
    from ..sentalign.folders import FolderJob, align_folders

    job = FolderJob(src_dir, tgt_dir, out_dir, src_lang, tgt_lang, settings)

    def progress(results, total):
        return tqdm(results, total=total, desc="align sentences", unit="doc", file=sys.stderr)

    try:
        with make_executor(workers) as executor:
            summary = align_folders(job, executor, progress, force=force)
    except ExecutorError as e:
        raise click.ClickException(f"{e} (the documents written so far are kept: rerun to resume)") from None
    if not summary.aligned and not summary.up_to_date and not summary.skipped and not summary.failed:
        raise click.ClickException(f"{src_dir} and {tgt_dir}: no document name is in both folders")
    line = f"aligned {summary.aligned} document pair(s), {summary.sentences} sentences, {summary.beads} beads -> {out_dir}"
    if summary.up_to_date:
        line += f"; {summary.up_to_date} already aligned with the same inputs and settings, kept"
    click.echo(line, err=True)
    if summary.unmatched:
        shown = ", ".join(summary.unmatched[:5]) + (" ..." if len(summary.unmatched) > 5 else "")
        click.echo(f"{len(summary.unmatched)} document(s) in only one folder, not aligned: {shown}", err=True)
    for msg in summary.skipped:
        click.echo(f"skipped: {msg}", err=True)
    if summary.mislabelled:
        langs = f"--src-lang {src_lang}, --tgt-lang {tgt_lang}"
        click.echo(f"note: {len(summary.mislabelled)} document pair(s) not in the declared languages ({langs}):", err=True)
        for msg in summary.mislabelled[:5]:
            click.echo(f"  {msg}", err=True)
        if len(summary.mislabelled) > 5:
            click.echo(f"  ... and {len(summary.mislabelled) - 5} more", err=True)
    if summary.failed:
        # every other document is written and logged: a rerun aligns only these again
        for msg in summary.failed:
            click.echo(f"failed: {msg}", err=True)
        raise click.ClickException(
            f"the aligner failed on {len(summary.failed)} document pair(s), listed above; the others are written. "
            "This is a bug: please report it with the two files (a rerun tries only these again)"
        )

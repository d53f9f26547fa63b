"""`align sentences`: align two documents (one sentence a line), or two folders of them."""

from __future__ import annotations

import sys
from pathlib import Path

import click


def read_sentences(path: Path) -> list[str]:
    """One sentence a line (UTF-8; a blank line is kept, so indices match line numbers)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"{path}: not UTF-8 text (byte {e.start}: {e.reason}); convert it, e.g. iconv -f cp949 -t utf-8") from None
    except OSError as e:
        raise ValueError(f"{path}: cannot read ({e.strerror})") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def aligner_settings(ctx: click.Context, param: click.Parameter, items: tuple[str, ...]) -> dict[str, object]:
    """Click callback: repeated `KEY=VALUE` options as aligner settings (align.sentalign.AlignSettings)."""
    if not items:
        return {}
    from ..sentalign.settings import AlignSettings

    try:
        settings = AlignSettings.parse(items)
        AlignSettings.from_kwargs(**settings)  # a value out of range is told here, not mid-run
        return settings
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


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
def cli(src, tgt, src_lang, tgt_lang, src_dir, tgt_dir, out_dir, max_src, max_tgt, windows, extra) -> None:
    """Align SRC and TGT and print one bead a line, `[i]:[j, k]:score` (vecalign's format).

    With --src-dir/--tgt-dir/-o, align every document found under the same name in both
    folders and write OUT/NAME.
    """
    from ..sentalign.settings import AlignSettings  # (here, as the aligner below: `align --help` stays fast)

    settings = {"max_src": max_src, "max_tgt": max_tgt, "windows": windows, "max_total": max(AlignSettings().max_total, max_src + 1, max_tgt + 1)}
    settings.update(extra)
    if src_dir or tgt_dir:
        if not (src_dir and tgt_dir and out_dir) or src or tgt:
            raise click.UsageError("folder mode needs --src-dir, --tgt-dir and -o, and no SRC/TGT")
        _align_folders(src_dir, tgt_dir, out_dir, src_lang, tgt_lang, settings)
        return
    if not (src and tgt):
        raise click.UsageError("give SRC and TGT files, or --src-dir, --tgt-dir and -o")
    from ..sentalign import align_sentences

    try:
        s, t = read_sentences(src), read_sentences(tgt)
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    for bead in align_sentences(s, t, src_lang=src_lang, tgt_lang=tgt_lang, **settings):
        click.echo(bead.to_line())


def _align_folders(src_dir: Path, tgt_dir: Path, out_dir: Path, src_lang, tgt_lang, settings) -> None:
    from tqdm import tqdm

    from ..atomic import write_text
    from ..sentalign import align_sentences

    src_names = {p.name for p in src_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
    tgt_names = {p.name for p in tgt_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
    names = sorted(src_names & tgt_names)
    unmatched = sorted(src_names ^ tgt_names)
    if not names:
        raise click.ClickException(f"{src_dir} and {tgt_dir}: no document name is in both folders")
    skipped: list[str] = []
    beads_total = sents = 0
    for name in tqdm(names, desc="align sentences", unit="doc", file=sys.stderr):
        try:
            s, t = read_sentences(src_dir / name), read_sentences(tgt_dir / name)
        except ValueError as e:
            skipped.append(str(e))
            continue
        beads = align_sentences(s, t, src_lang=src_lang, tgt_lang=tgt_lang, **settings)
        write_text(out_dir / name, "".join(b.to_line() + "\n" for b in beads))
        beads_total += len(beads)
        sents += len(s) + len(t)
    done = len(names) - len(skipped)
    click.echo(f"aligned {done} document pair(s), {sents} sentences, {beads_total} beads -> {out_dir}", err=True)
    if unmatched:
        shown = ", ".join(unmatched[:5]) + (" ..." if len(unmatched) > 5 else "")
        click.echo(f"{len(unmatched)} document(s) in only one folder, not aligned: {shown}", err=True)
    for msg in skipped:
        click.echo(f"skipped: {msg}", err=True)

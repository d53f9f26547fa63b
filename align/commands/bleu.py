"""`align bleu`: BLEU / chrF++ / TER report of MT systems on a split of a dataset folder (or a
reference file), with paired bootstrap significance, breakdowns, and Markdown / JSON / HTML."""

from __future__ import annotations

import sys

import click

from ..atomic import write_json, write_text
from ..report.errors import ReportInputError


def _fail(e: ReportInputError) -> click.ClickException:
    return click.ClickException("\n".join(e.problems) if len(e.problems) == 1
                                else f"{len(e.problems)} problems:\n  " + "\n  ".join(e.problems))


@click.command(name="bleu")
@click.argument("systems", nargs=-1, metavar="SYSTEM...")
@click.option("--dataset", type=click.Path(file_okay=False), help="Dataset folder (an `align run` OUT/dataset).")
@click.option("--split", default="test", show_default=True, help="Split of --dataset to score on.")
@click.option("--direction", type=click.Choice(["ko-en", "en-ko"]), required=True,
              help="Translation direction: ko-en scores English hypotheses, en-ko Korean ones.")
@click.option("--ref", "ref_file", type=click.Path(dir_okay=False),
              help="Reference file (one sentence a line) instead of --dataset.")
@click.option("--src", "src_file", type=click.Path(dir_okay=False),
              help="With --ref: source file, for the copy check and source-length buckets.")
@click.option("--docs", "docs_file", type=click.Path(dir_okay=False),
              help="With --ref: article id of each line, for per-article scores.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write every number and signature here.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write a self-contained HTML report here.")
@click.option("--resamples", default=1000, show_default=True, type=click.IntRange(min=0),
              help="Paired bootstrap resamples (0: no confidence intervals or p-values).")
@click.option("--seed", default=12345, show_default=True, type=click.IntRange(min=1),
              help="Bootstrap seed (sacrebleu's default; 0 would mean unseeded there, so it is refused).")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0),
              help="Sentences with the largest loss against the baseline, per system.")
@click.option("--write-source", type=click.Path(dir_okay=False),
              help="Write the split's source side (one sentence a line) to translate; no SYSTEM needed.")
@click.option("--write-reference", type=click.Path(dir_okay=False),
              help="Write the split's references (one sentence a line); no SYSTEM needed.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for scoring and bootstrap [default: CPU count, at most 8].")
@click.option("--max-line-chars", type=click.IntRange(min=1), default=None,
              help="Longest line scored as it is [default: 2000 characters]: a longer reference is refused, "
                   "a longer system line is cut to it with a warning (TER's time and memory grow with the "
                   "square of a line's length).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def cli(systems: tuple[str, ...], dataset: str | None, split: str, direction: str, ref_file: str | None,
        src_file: str | None, docs_file: str | None, json_path: str | None, html_path: str | None,
        resamples: int, seed: int, top: int, write_source: str | None, write_reference: str | None,
        jobs: int | None, max_line_chars: int | None, quiet: bool) -> None:
    """Score SYSTEM files (hypotheses one a line, in the split's order; the first is the baseline).

    A SYSTEM is PATH (named by the file's stem) or NAME=PATH.

    \b
      align bleu --dataset out/sample/dataset --direction ko-en base.txt new=big.en.txt --html r.html
      align bleu --dataset D --direction ko-en --write-source test.ko   # the text to translate
    """
    from ..report.build import build_report
    from ..report.markdown import render_markdown
    from ..report.parallel import default_jobs
    from ..report.systems import load_systems
    from ..report.testset import load_dataset_split, load_reference_files
    from ..report.textfile import MAX_LINE_CHARS

    limit = max_line_chars or MAX_LINE_CHARS

    if (dataset is None) == (ref_file is None):
        raise click.UsageError("give either --dataset DATASET or --ref FILE")
    if dataset is not None and (src_file or docs_file):
        raise click.UsageError("--src and --docs go with --ref; a dataset carries its own source and article ids")
    try:
        if dataset is not None:
            testset = load_dataset_split(dataset, split, direction, max_chars=limit)
        else:
            assert ref_file is not None  # exactly one of --dataset and --ref, checked above
            testset = load_reference_files(ref_file, direction, src_file, docs_file, max_chars=limit)
    except ReportInputError as e:
        raise _fail(e) from None

    if write_source or write_reference:
        if write_source:
            if testset.source is None:
                raise click.UsageError("--write-source needs a source (--dataset, or --ref with --src)")
            write_text(write_source, "".join(s + "\n" for s in testset.source))
        if write_reference:
            write_text(write_reference, "".join(r + "\n" for r in testset.refs))
        click.echo(f"wrote {len(testset)} lines of {testset.origin}", err=True)
        if not systems:
            return
    if not systems:
        raise click.UsageError("give at least one SYSTEM file")

    try:
        loaded = load_systems(list(systems), testset, max_chars=limit)
    except ReportInputError as e:
        raise _fail(e) from None

    report = build_report(testset, loaded, resamples=resamples, seed=seed, top=top, progress=not quiet,
                          jobs=jobs or default_jobs(), max_line_chars=limit)
    click.echo(render_markdown(report), nl=False)
    if json_path:
        write_json(json_path, report)
    if html_path:
        from ..report.html import render_html

        write_text(html_path, render_html(report))
    written = ", ".join(p for p in (json_path, html_path) if p)
    click.echo(f"{len(loaded)} system(s) scored on {len(testset)} sentences in {report['seconds']:.1f} s"
               + (f"; wrote {written}" if written else ""), err=True)
    if not report["sanity"]["ok"]:
        sys.exit(3)  # the scorer itself is broken: the numbers above must not be used

"""`align evaluate GOLD TEST`: vecalign's strict / lax precision, recall and F1."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import click

from ..evaluate import (
    precision_by_score,
    read_documents,
    score_documents,
    strict_f1_interval,
)


@click.command(name="evaluate")
@click.argument("gold", type=click.Path(exists=True))
@click.argument("test", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--interval", is_flag=True,
              help="Also a 95% bootstrap interval of strict F1 (blocks of 20 consecutive gold beads resampled).")
@click.option("--by-score", is_flag=True,
              help="Also the precision of the aligned beads kept at each score threshold (what `align run --min-score` keeps).")
def cli(gold: str, test: str, as_json: bool, interval: bool, by_score: bool) -> None:
    """Score TEST beads against GOLD beads (two files, or two folders of same-named files).

    Null beads count in precision only; counts are summed over documents (vecalign's score.py).
    """
    try:
        docs = read_documents(gold, test)
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    s = score_documents(*docs)
    ci = strict_f1_interval(*docs) if interval else None
    cuts = precision_by_score(*docs) if by_score else None
    if as_json:
        extra: dict[str, Any] = {"f1_strict_interval": list(ci)} if ci else {}
        if cuts:
            extra["by_score"] = [asdict(c) for c in cuts]
        click.echo(json.dumps({**s.to_json(), **extra}, indent=2))
        return
    click.echo(f"{s.documents} document(s), {s.gold_beads} gold beads, {s.test_beads} test beads")
    click.echo("|           | strict | lax   |")
    click.echo("|-----------|--------|-------|")
    click.echo(f"| precision | {s.precision_strict:.3f}  | {s.precision_lax:.3f} |")
    click.echo(f"| recall    | {s.recall_strict:.3f}  | {s.recall_lax:.3f} |")
    click.echo(f"| F1        | {s.f1_strict:.3f}  | {s.f1_lax:.3f} |")
    if ci:
        click.echo(f"strict F1, 95% bootstrap interval: {ci[0]:.3f}-{ci[1]:.3f} (how far it could move on other text of this kind)")
    if cuts:
        click.echo("\naligned beads kept at each score (align run --min-score):")
        click.echo("| min score | kept | share | strict P | lax P |")
        click.echo("|---|---|---|---|---|")
        for c in cuts:
            click.echo(f"| {c.min_score:g} | {c.kept} | {c.share:.3f} | {c.precision_strict:.3f} | {c.precision_lax:.3f} |")

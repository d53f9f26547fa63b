"""`align evaluate GOLD TEST`: vecalign's strict / lax precision, recall and F1."""

from __future__ import annotations

import json

import click

from ..evaluate import evaluate_paths


@click.command(name="evaluate")
@click.argument("gold", type=click.Path(exists=True))
@click.argument("test", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
def cli(gold: str, test: str, as_json: bool) -> None:
    """Score TEST beads against GOLD beads (two files, or two folders of same-named files).

    Null beads count in precision only; counts are summed over documents (vecalign's score.py).
    """
    try:
        s = evaluate_paths(gold, test)
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(json.dumps(s.to_json(), indent=2))
        return
    click.echo(f"{s.documents} document(s), {s.gold_beads} gold beads, {s.test_beads} test beads")
    click.echo("|           | strict | lax   |")
    click.echo("|-----------|--------|-------|")
    click.echo(f"| precision | {s.precision_strict:.3f}  | {s.precision_lax:.3f} |")
    click.echo(f"| recall    | {s.recall_strict:.3f}  | {s.recall_lax:.3f} |")
    click.echo(f"| F1        | {s.f1_strict:.3f}  | {s.f1_lax:.3f} |")

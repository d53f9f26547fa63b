"""The `align` command. Thin: each subcommand lives in `align/commands/<name>.py` as `cli`,
imported only when it runs, so `align --help` stays fast and one command's heavy imports
(the encoder, datasets, matplotlib) never slow another."""

from __future__ import annotations

import functools
import importlib
from typing import Any

import click

from . import __version__

# name -> (module under align.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("run", "Run every stage on a corpus: pages in, dataset folder out."),
    "extract": ("extract", "Extract articles from HTML pages."),
    "pair": ("pair", "Pair English articles with their Korean originals."),
    "segment": ("segment", "Split paired articles into sentences."),
    "sentences": ("sentences", "Align the sentences of two documents (one sentence a line)."),
    "evaluate": ("evaluate", "Score alignments against gold beads (vecalign's strict/lax P/R/F1)."),
    "filter": ("filter", "Filter aligned rows, keeping the dropped ones with their reason."),
    "split": ("split", "Assign article pairs to train / validation / test."),
    "dataset": ("dataset", "Write the Hugging Face dataset folder of a run."),
    "spm": ("spm", "Train a SentencePiece model on a dataset's train split."),
    "publish": ("publish", "Upload a dataset folder to the Hugging Face Hub."),
    "bleu": ("bleu", "BLEU / chrF / TER report of MT systems on a split."),
    "view": ("view", "Write a browsable HTML site of a run's alignments."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, _ = COMMANDS[name]
        try:
            mod = importlib.import_module(f"align.commands.{module}")
        except ModuleNotFoundError as e:
            if e.name == f"align.commands.{module}":
                return None  # not built yet
            raise
        return _guard(mod.cli)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _guard(cmd: click.Command) -> click.Command:
    """The command with a full disk and Ctrl-C told in plain words (align/faults.py), once."""
    callback = cmd.callback
    if callback is None or getattr(callback, "_guarded", False):
        return cmd

    @functools.wraps(callback)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        from .faults import guarded as plain_faults

        with plain_faults(kwargs):
            return callback(*args, **kwargs)

    guarded._guarded = True  # type: ignore[attr-defined]
    cmd.callback = guarded
    return cmd


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="align")
def main() -> None:
    """Korean-English translation alignment toolkit."""


if __name__ == "__main__":
    main()

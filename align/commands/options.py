"""Options shared by the commands, spelled one way everywhere: `-o/--out` for what a command
writes, `--workers N` / `--dask-local N` / `--scheduler ADDRESS` for where per-item work runs,
`--set KEY=VALUE` for an aligner setting (`--aligner-set`, its old name, still works, hidden),
`--content-pairing/--no-content-pairing`, `--recipes DIR`, `--min-margin` for a pairing margin."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def aligner_settings(ctx: click.Context, param: click.Parameter, items: tuple[str, ...]) -> dict[str, object]:
    """Click callback: repeated `KEY=VALUE` options as aligner settings (align.sentalign.AlignSettings),
    each typed and checked here, so a bad value is refused before anything runs."""
    if not items:
        return {}
    from ..sentalign.settings import AlignSettings

    try:
        settings = AlignSettings.parse(items)
        AlignSettings.from_kwargs(**settings)
        return settings
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _merge_aligner(ctx: click.Context, param: click.Parameter, items: tuple[str, ...]) -> dict[str, object]:
    # `--set` and the hidden `--aligner-set` fill one dict; whichever click calls second adds to it
    got = aligner_settings(ctx, param, items)
    merged = ctx.meta.setdefault("align.aligner_settings", {})
    merged.update(got)
    return merged


def aligner_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--set KEY=VALUE` (repeatable) and its hidden old spelling `--aligner-set`, both into `aligner`."""
    f = click.option("--aligner-set", "aligner_old", multiple=True, metavar="KEY=VALUE", hidden=True,
                     callback=_merge_aligner, expose_value=False)(f)
    return click.option("--set", "aligner", multiple=True, metavar="KEY=VALUE", callback=_merge_aligner,
                        help="An aligner setting, e.g. --set glue_penalty=0 (docs/aligner.md; repeatable).")(f)


def executor_options(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--workers / --scheduler / --dask-local, saying which stages they run (`what`)."""

    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        f = click.option("--dask-local", type=click.IntRange(min=1), default=None, metavar="N",
                         help=f"Run {what} on a Dask LocalCluster of N single-threaded worker processes.")(f)
        f = click.option("--scheduler", metavar="ADDRESS", default=None,
                         help=f"Run {what} on an existing Dask cluster (e.g. tcp://host:8786); the work travels "
                              "to the workers as tasks.")(f)
        return click.option("--workers", type=click.IntRange(min=1), default=None,
                             help=f"Run {what} in a pool of N local processes (one encoder thread each unless --threads).")(f)

    return deco


def recipes_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--recipes", "recipes", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
                        help="Folder of site recipes (*.toml) to use besides corpora/recipes; repeatable.")(f)


def make_executor_or_fail(workers: int | None, scheduler: str | None, dask_local: int | None, threads: int | None = None) -> Any:
    """The executor the options ask for, or a click error in plain words."""
    from ..executors import ExecutorError, make_executor

    try:
        return make_executor(workers, scheduler, dask_local, threads=threads)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    except ExecutorError as e:
        raise click.ClickException(str(e)) from None

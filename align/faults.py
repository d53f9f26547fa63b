"""The machine's faults in plain words: a full disk, an interrupt (Ctrl-C), a run that produced
nothing. Each message says what happened, what was kept, and the command that resumes; the
data is safe already (writes are atomic, finished work is cached), this tells the user so.

`guarded(params)` wraps every `align` command (align/cli.py); `empty_result(summary)` is the
check `align run` makes before it calls a dataset ready."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .atomic import DISK_FULL_ERRNOS

_DISK_FULL_WORDS = ("no space left on device", "disk is full", "disk quota exceeded", "[errno 28]")
INTERRUPTED_EXIT = 130  # what a shell reports for a command stopped by Ctrl-C (128 + SIGINT)
STAGES = ("extract", "pair", "segment", "align", "filter", "dataset")


def disk_full_cause(e: BaseException | None) -> BaseException | None:
    """The exception in `e`'s chain (itself, its cause, its context) that says the disk is full."""
    seen: set[int] = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, OSError) and e.errno in DISK_FULL_ERRNOS:
            return e
        if isinstance(e, (OSError, sqlite3.Error)) and any(w in str(e).lower() for w in _DISK_FULL_WORDS):
            return e
        e = e.__cause__ or e.__context__
    return None


def _free_space(folder: Path | None) -> str:
    while folder is not None and not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if folder is None:
        return ""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    amount = f"{free / 2**20:,.1f} MB" if free < 2**30 else f"{free / 2**30:,.1f} GB"
    return f"{amount} free on the disk holding {folder}"


def resume_command() -> str:
    """The command line as typed (`align ...`): rerunning it resumes."""
    import shlex

    return shlex.join(["align", *sys.argv[1:]])


def disk_full_message(e: BaseException, out: Path | None) -> str:
    cause = disk_full_cause(e) or e
    target = getattr(cause, "path", None) or getattr(cause, "filename", None)
    where = f"writing {target}" if target else (f"writing into {out}" if out else "writing a file")
    free = _free_space(Path(target).parent if target else out)
    kept = describe_kept(out) if out else ""
    return "\n".join(x for x in (
        f"The disk is full: {where} failed ({os.strerror(errno.ENOSPC)})" + (f"; {free} now." if free else "."),
        "Nothing half-written was kept: every file is written whole or not at all.",
        kept,
        f"Free some space, then rerun the same command to resume: {resume_command()}",
    ) if x)


def _cache_items(db: Path) -> int | None:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return int(con.execute("SELECT COUNT(*) FROM items").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return None


def describe_kept(out: Path | None) -> str:
    """'Kept in OUT: extract, pair done; align: 120 items cached.' (empty when OUT holds no run)."""
    if out is None or not (out / "manifests").is_dir():
        return ""
    done = [s for s in STAGES if (out / "manifests" / f"{s}.json").is_file()]
    cached = []
    for s in STAGES:
        if s not in done and (db := out / "cache" / f"{s}.sqlite").is_file():
            n = _cache_items(db)
            if n:
                cached.append(f"{s}: {n} item(s) already done")
    parts = [f"stages finished: {', '.join(done)}" if done else "no stage finished yet", *cached]
    return f"Kept in {out}: " + "; ".join(parts) + "."


def interrupt_message(out: Path | None) -> str:
    kept = describe_kept(out)
    lines = ["Interrupted (Ctrl-C). Nothing half-written was kept: every file is written whole or not at all."]
    if kept:
        lines += [kept, f"Rerun the same command to resume from there: {resume_command()}"]
    else:
        lines.append(f"Rerun the same command to start again: {resume_command()}")
    return "\n".join(lines)


def _run_folder(params: dict[str, Any]) -> Path | None:
    """The run folder a command works in, from its parameters (`-o OUT`, or an OUT argument)."""
    for name in ("out", "target", "run_dir", "out_dir", "folder"):
        v = params.get(name)
        if isinstance(v, (str, os.PathLike)) and str(v):
            return Path(v)
    return None


@contextlib.contextmanager
def guarded(params: dict[str, Any]) -> Iterator[None]:
    """Run a command with its machine faults told in plain words: a full disk (exit 1) and an
    interrupt (exit 130); anything else passes through unchanged."""
    out = _run_folder(params)
    try:
        yield
    except KeyboardInterrupt:
        click.echo("\n" + interrupt_message(out), err=True)
        sys.exit(INTERRUPTED_EXIT)
    except (click.exceptions.Exit, click.exceptions.Abort, SystemExit):
        raise
    except Exception as e:  # a ClickException too: its cause or context may be the full disk
        if disk_full_cause(e) is None:
            raise
        raise click.ClickException(disk_full_message(e, out)) from None


# --- a run that produced nothing ---


def empty_result(summary: dict[str, Any]) -> str | None:
    """Why a finished run has no dataset rows (None when it has some), with the counts."""
    from .runner import counts_in_words as _kv  # (only `align run` asks, with the runner loaded)

    ex, pa, fi, ds = (summary.get(s) or {} for s in ("extract", "pair", "filter", "dataset"))
    splits = ds.get("splits") or {}
    rows = sum(splits.values()) if splits else fi.get("kept", 0)
    if rows > 0:
        return None
    skipped = ex.get("skipped") or {}
    pages = ex.get("articles", 0) + sum(skipped.values())
    if not ex.get("articles"):
        return (f"no articles extracted: {pages} page(s) read, none was an article "
                f"(skipped: {_kv(skipped)}). Check the corpus path and its pages, or add a source recipe "
                "(docs/recipes.md).")
    if not pa.get("pairs"):
        return (f"none paired: {ex['articles']} article(s) extracted, but no English article was matched to its "
                f"Korean original (left unpaired: {_kv(pa.get('unpaired') or {})}). Both language editions of an "
                "article must be in the corpus.")
    if not fi.get("kept"):
        dropped = fi.get("dropped") or {}
        return (f"all filtered: {pa['pairs']} pair(s) aligned into {sum(dropped.values())} row(s), and the filter "
                f"dropped every one ({_kv(dropped)}). Loosen the filter (e.g. a lower --min-score) and rerun.")
    return (f"no rows left: the filter kept {fi['kept']} row(s), but the dataset stage removed them all "
            f"(removed: {_kv(ds.get('removed') or {})}).")


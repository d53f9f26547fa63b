"""The runner: the one place that owns a run folder's bookkeeping. Stages (`align.stages`) do
the work and know nothing of it.

What it owns:
- the lock (one writer per OUT at a time), the check that OUT belongs to this corpus;
- a manifest per stage (OUT/manifests/<stage>.json: inputs, settings, code, output digests,
  counts), so a rerun skips a stage whose inputs, settings and code did not change;
- the per-item cache of the per-item stages (extract, segment, align: OUT/cache/<stage>.sqlite):
  each item's result keyed by its own content, settings and the stage's code, so a grown archive
  costs only its new items, a run killed midway resumes where it was, and unchanged items' rows
  come out byte-identical;
- the executors (in process, a pool, Dask) the per-item work runs on, and the summary.

Manual stage commands (`align filter OUT --min-score 0.9`, `align dataset OUT`, `align split
OUT`, `align spm OUT/dataset`) tell the runner what they did with `record_manual`:

    from align.runner import record_manual
    record_manual(out, "filter", {"min_score": 0.9}, command="align filter out --min-score 0.9")

It writes the stage's manifest (its inputs, its settings typed as `align run` types them, the
digests of its outputs) marked as run by hand. The next `align run` then keeps that stage as it
was set by hand (saying so) while the run's own settings for it are those it had before; given
other settings for it, the run redoes the stage with them and says plainly what it replaces.
For "split" and "spm", which `align run` does not run, `outputs=` names the files written
(e.g. ["splits.json"]); the dataset stage takes OUT/splits.json as an input.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import functools
import itertools
import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .atomic import atomic_open, read_json, remove_stale_temp_files, write_json
from .digest import _PACKAGE_ROOT, code_digest, file_digest, tree_digest, value_digest
from .executors import Executor, InProcess
from .itemcache import ItemCache
from .stages import ORDER, STAGES
from .stages.base import ItemStage, Stage

STAGE_NAMES = ORDER
STAGE_CODE = {name: stage.code for name, stage in STAGES.items()}  # modules whose code keys a stage's results
MANUAL_ONLY = ("split", "spm")  # stages only run by hand; recorded for the record and the dataset's inputs


def stage_code(stage: str) -> str:
    """The toolkit version and a digest of the stage's own code, recorded with its output."""
    return f"{__version__}+{_stored_code_digest(STAGE_CODE[stage])[:16]}"


def _source_stamps() -> list[tuple[str, int, int]]:
    """(path under the package, size, mtime_ns) of every .py file in it, sorted: what
    sorted(_PACKAGE_ROOT.rglob("*.py")) with each file's stat gives, read by os.scandir (a third
    of the time)."""
    out = []
    cut = len(str(_PACKAGE_ROOT)) + 1
    folders = [str(_PACKAGE_ROOT)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for e in entries:
                if e.is_dir():
                    folders.append(e.path)
                elif e.name.endswith(".py"):
                    st = e.stat()
                    out.append((e.path[cut:], st.st_size, st.st_mtime_ns))
    return sorted(out)


@functools.cache
def _package_stamp() -> str:
    """The digest of the package's source stamps: one walk of the package a process, however
    many stages ask for their code digest."""
    return value_digest(_source_stamps())


@functools.cache
def _stored_code_digest(modules: tuple[str, ...]) -> str:
    """code_digest(*modules), kept in the user's cache folder while no source file of the
    package changed (by name, size and mtime, as Python's own .pyc): reading the import graph
    of a stage's code reads its every module, 14 ms of a run of `align extract` (see
    digest._imported_files)."""
    try:
        stamp = _package_stamp()
    except OSError:
        return code_digest(*modules)
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    store = cache_home / "ko-en-align" / f"code-digests-{value_digest(str(_PACKAGE_ROOT))[:12]}.json"
    key = ",".join(sorted(modules))
    try:
        kept = read_json(store)
        if kept.get("stamp") == stamp and isinstance(kept.get("digests", {}).get(key), str):
            return str(kept["digests"][key])
    except (OSError, ValueError, AttributeError):
        kept = {}
    digest = code_digest(*modules)
    digests = kept.get("digests", {}) if kept.get("stamp") == stamp else {}
    try:  # no cache folder to write (DiskFullError is an OSError too): digested every run
        with atomic_open(store, durable=False) as f:
            f.write(json.dumps({"stamp": stamp, "digests": {**digests, key: digest}}))
    except OSError:
        pass
    return digest


class RunError(Exception):
    """A problem with the run as a whole (bad corpus path, OUT in use or from another corpus)."""


@dataclass
class Settings:
    """Everything that changes what a run produces, typed once at the command line's edge
    (`Settings.from_options`); each stage records the part it uses (`Stage.settings`)."""

    seed: int = 0
    shard_size: int = 32  # items a shard: the unit of work sent to an executor and of the shard files
    content_pairing: bool = True
    threads: int | None = None  # BLAS threads per process for the encoder; None = one (align.embed)
    aligner: dict[str, Any] = field(default_factory=dict)  # aligner settings given (align.sentalign.AlignSettings)
    filter: dict[str, Any] = field(default_factory=dict)  # filter settings given (align.filter.FilterConfig)
    recipes: tuple[str, ...] = ()  # recipe folders besides corpora/recipes

    @classmethod
    def from_options(cls, *, aligner: dict[str, Any] | None = None, filter: dict[str, Any] | None = None,
                     **kw: Any) -> Settings:
        """Settings from a command line's options, each checked here (ValueError naming it)."""
        aligner = dict(aligner or {})
        if aligner:  # none given: the defaults, valid; and `align extract` skips importing the aligner (numba, 0.3 s)
            from .sentalign.settings import AlignSettings

            AlignSettings.from_kwargs(**aligner)  # a value out of range is told now, not mid-run
        filt = {k: v for k, v in (filter or {}).items() if v is not None}
        if filt:  # (likewise the filter's module)
            from .stages.filter import filter_settings

            filter_settings(filt)
        if kw.get("shard_size", 1) < 1:
            raise ValueError(f"shard_size={kw['shard_size']}: must be at least 1")
        kw["recipes"] = tuple(str(Path(d)) for d in kw.get("recipes", ()))
        return cls(aligner=aligner, filter=filt, **kw)


def shard_files(manifest: dict[str, Any] | None) -> list[str]:
    """A per-item stage's shard files (relative to OUT), in order, from its manifest."""
    rels = [r for r in (manifest or {}).get("outputs", {}) if "/shard-" in r]
    return sorted(rels, key=lambda r: int(r.rsplit("shard-", 1)[1].split(".")[0]))


def _process_batch(process: Callable[..., tuple[str, bool]], settings: dict[str, Any],
                   task: tuple[int, list[tuple[int, Any]]],
                   prepare: Callable[..., Any] | None = None) -> tuple[int, list[tuple[int, str, bool]]]:
    """Run in a worker: one shard's items that were not in the cache (`prepare`: the stage's,
    run ahead in a thread; see ItemStage.prepare)."""
    index, items = task
    if prepare is None or len(items) < 2:
        return index, [(j, *process(payload, settings)) for j, payload in items]
    ahead = _prepared_ahead(prepare, [payload for _, payload in items])
    try:
        return index, [(j, *process(payload, settings, prepared)) for (j, _), (payload, prepared) in zip(items, ahead)]
    finally:
        ahead.close()


def _prepared_ahead(prepare: Callable[[Any], Any], payloads: list[Any]) -> Generator[tuple[Any, Any], None, None]:
    """Each payload with prepare(payload), in order, prepare working on the next payloads in a
    helper thread (at most two ahead) while the caller processes this one. A prepare that
    raises gives None: the item's own processing meets the problem and reports it."""
    import queue
    import threading

    ready: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def work() -> None:
        for payload in payloads:
            if stop.is_set():
                return
            try:
                prepared = prepare(payload)
            except BaseException:  # noqa: BLE001 - the caller must get a result for every payload
                prepared = None
            ready.put(prepared)

    helper = threading.Thread(target=work, name="align-prepare", daemon=True)
    helper.start()
    try:
        for payload in payloads:
            prepared = ready.get()
            # the helper, woken by the free slot, waits for the GIL: sleeping 0 s hands it over
            # now (not at the next forced switch, 5 ms on), so it starts on the next payload and
            # lets go of the GIL in its parser while this one is processed
            time.sleep(0)
            yield payload, prepared
    finally:
        stop.set()
        while helper.is_alive():  # (one may be waiting to hand over a result no one will take)
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.05)
        helper.join()


def _chunks(it: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(it)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _jsonl_problem(data: bytes) -> str | None:
    try:
        for line in data.splitlines():
            if line.strip():
                json.loads(line)
    except ValueError as e:
        return str(e)
    return None


def run_items(stage: ItemStage, ctx: Any, settings: dict[str, Any]) -> tuple[list[str], Counter]:
    """Run a per-item stage: its items, `shard_size` a shard, each looked up in the stage's cache
    by key (the item's content, the stage's key settings and code); the shards with items not
    found go to the executor as tasks, their results are cached as they come back, and each
    shard file OUT/<folder>/shard-NNNNN.jsonl is (re)written, atomically, once all its items are
    known and only if its bytes changed. Returns the shard files in order and the summed counts;
    `ctx.items_done` gets (computed, from the cache)."""
    folder = ctx.out / stage.shard_folder
    folder.mkdir(parents=True, exist_ok=True)
    cache: ItemCache = ctx.cache(stage.name)
    shared = value_digest({"code": stage_code(stage.name), "settings": stage.key_settings(settings)})
    size = stage.shard_size(ctx.settings)
    pending: dict[int, tuple[list[str | None], list[str | None]]] = {}
    written: dict[int, str] = {}
    totals: Counter = Counter()
    stats: Counter = Counter()
    bar = ctx.bar(desc=stage.name, unit="item")

    def finish(i: int, keys: list[str | None], lines: list[str | None]) -> None:
        done = [line for line in lines if line is not None]
        data = "".join(line + "\n" for line in done).encode()
        path = folder / f"shard-{i:05d}.jsonl"
        try:
            old = path.read_bytes()
        except OSError:
            old = None
        if old != data:
            if old is not None and (problem := _jsonl_problem(old)):
                ctx.log(f"{stage.name}: shard file {path} is damaged ({problem}); rewriting it")
            write_text_bytes(path, data)
        written[i] = path.relative_to(ctx.out).as_posix()
        totals.update(stage.count_lines(done))
        bar.update(len(keys))

    def tasks() -> Iterator[tuple[int, list[tuple[int, Any]]]]:
        for i, chunk in enumerate(_chunks(stage.items(ctx), size)):
            keys: list[str | None] = []
            for item in chunk:
                k = stage.item_key(item)
                keys.append(None if k is None else value_digest([shared, k]))
            known = cache.get_many([k for k in keys if k is not None])
            lines: list[str | None] = [
                stage.passthrough(item) if k is None else known.get(k) for item, k in zip(chunk, keys)
            ]
            todo = [(j, stage.payload(item)) for j, (item, k) in enumerate(zip(chunk, keys)) if k is not None and k not in known]
            stats["cached"] += sum(1 for k in keys if k is not None and k in known)
            if not todo:
                finish(i, keys, lines)
                continue
            pending[i] = (keys, lines)
            yield i, todo

    # one process: the stage's prepare runs ahead in a thread, on a core this process leaves idle
    prepare = stage.prepare if getattr(ctx.executor, "reads_ahead", False) else None
    work = functools.partial(_process_batch, stage.process, settings, prepare=prepare)
    try:
        for i, results in ctx.executor.map(work, tasks()):
            keys, lines = pending.pop(i)
            fresh = []
            for j, line, cacheable in results:
                lines[j] = line
                if cacheable:
                    fresh.append((keys[j], line))
            cache.put_many(fresh)  # committed: a kill from here on keeps these items
            stats["computed"] += len(results)
            finish(i, keys, lines)
        cache.commit()
    finally:
        bar.close()
    for stale in folder.glob("shard-*.jsonl"):  # shards past the end from an earlier, larger run
        if stale.relative_to(ctx.out).as_posix() not in written.values():
            stale.unlink()
    cache.prune()
    ctx.items_done = (stats["computed"], stats["cached"])
    return [written[i] for i in sorted(written)], totals


def write_text_bytes(path: Path, data: bytes) -> None:
    """A shard file, atomically; not fsynced: each run compares it with the cache's lines and the
    manifest holds its digest, so one a power cut left empty or old is rewritten, never trusted."""
    with atomic_open(path, "wb", encoding=None, durable=False) as f:
        f.write(data)


class _NoBar:
    """What a progress bar is to a stage, showing nothing."""

    def __init__(self, iterable: Iterable[Any] | None = None) -> None:
        self.iterable = iterable

    def __iter__(self) -> Iterator[Any]:
        return iter(self.iterable or ())

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


# --- manifests ---


def manifest_path(out: Path, stage: str) -> Path:
    return Path(out) / "manifests" / f"{stage}.json"


def read_manifest(out: Path, stage: str) -> dict[str, Any] | None:
    p = manifest_path(out, stage)
    try:
        m = read_json(p) if p.exists() else None
    except ValueError:
        return None  # a damaged manifest just means the stage runs again
    return m if isinstance(m, dict) else None


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def output_digest(out: Path, stage: str) -> str:
    """What the next stage sees as its input: a digest over a stage's recorded outputs."""
    m = read_manifest(out, stage)
    if m is None:
        raise RunError(f"{out}: the {stage} stage has not run yet (no {manifest_path(out, stage)}); run `align run` first")
    return value_digest(m["outputs"])


def stage_inputs(out: Path, stage: Stage, corpus: Path | None = None) -> dict[str, str]:
    if stage.after is None:
        if corpus is None:
            raise RunError(f"the {stage.name} stage needs the corpus")
        inputs = {"corpus": tree_digest(corpus)}
    else:
        inputs = {stage.after: output_digest(out, stage.after)}
    extra = getattr(stage, "extra_inputs", None)
    return inputs | (extra(out) if extra else {})


@contextlib.contextmanager
def locked(out: str | os.PathLike) -> Iterator[None]:
    """Hold OUT's lock (one writer at a time); RunError at once if another process holds it."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    lock = open(out / ".lock", "a+")  # noqa: SIM115 - held across the yield, closed below
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise RunError(f"another `align run` is using {out}; wait for it to finish or choose another OUT") from None
    try:
        yield
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


def _describe(settings: dict[str, Any], other: dict[str, Any] | None = None) -> str:
    """Settings in words; with `other`, only those that differ from it."""
    keys = sorted(settings) if other is None else sorted(k for k in settings if settings.get(k) != other.get(k))
    return ", ".join(f"{k}={settings.get(k)}" for k in keys) or "the same settings"


def record_manual(
    out: str | os.PathLike,
    stage: str,
    settings: dict[str, Any],
    *,
    command: str | None = None,
    counts: dict[str, Any] | None = None,
    outputs: list[str] | None = None,
    lock: bool = True,
) -> dict[str, Any]:
    """Record that a stage of the run in OUT was run by hand (see the module doc); returns the
    manifest written. `settings` are the options given (a pipeline stage's are typed as `align
    run` types them, e.g. the filter's completed to every FilterConfig field); `outputs` (paths
    relative to OUT) default to the stage's own. `lock=False` when the caller holds `locked(out)`."""
    out = Path(out)
    ctx = contextlib.nullcontext() if not lock else locked(out)
    with ctx:
        prev = read_manifest(out, stage)
        manual = (prev or {}).get("manual")
        run_settings = manual.get("run_settings") if manual else (prev or {}).get("settings")
        st = STAGES.get(stage)
        if st is not None:
            normalize = getattr(st, "normalize", None)
            settings = normalize(settings) if normalize else dict(settings)
            try:
                inputs = stage_inputs(out, st) if st.after else (prev or {}).get("inputs", {})
            except RunError:  # made by hand from files of no earlier stage (`align pair ... -o OUT/pairs.jsonl`)
                inputs = {}
            rels = outputs if outputs is not None else st.outputs(out, counts or {})
            toolkit = stage_code(stage)
        elif stage in MANUAL_ONLY:
            inputs, rels, toolkit = {}, outputs or [], __version__
        else:
            raise ValueError(f"unknown stage {stage!r} (one of {', '.join((*ORDER, *MANUAL_ONLY))})")
        m = {
            "stage": stage,
            "toolkit": toolkit,
            "inputs": inputs,
            "settings": settings,
            "outputs": {rel: file_digest(out / rel) for rel in rels if (out / rel).is_file()},
            "counts": counts if counts is not None else (prev or {}).get("counts", {}),
            "finished": _now(),
            "manual": {"command": command or command_line(), "run_settings": run_settings},
        }
        write_json(manifest_path(out, stage), m)
        return m


# --- the runner ---


class Runner:
    """Runs stages of the pipeline on the run folder OUT (`Run` adds the corpus checks of `align
    run`). It is also the context a stage's `run` gets (`align.stages.base.StageContext`)."""

    def __init__(
        self,
        out: str | os.PathLike,
        settings: Settings | None = None,
        *,
        corpus: str | os.PathLike | None = None,
        executor: Executor | None = None,
        progress: bool = True,
        command: str | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.out = Path(out)
        self.corpus = Path(corpus) if corpus is not None else None
        self.settings = settings or Settings()
        self.executor = executor or InProcess()
        self.progress = progress
        self.command = command or command_line()
        self.log = log or (lambda msg: print(msg, file=sys.stderr))
        self.summary: dict[str, Any] = {}
        self.items_done: tuple[int, int] | None = None
        self.item_stats: dict[str, tuple[int, int]] = {}  # stage -> (computed, from the cache), this run
        self._caches: dict[str, ItemCache] = {}

    # --- the context a stage sees ---

    def bar(self, iterable: Iterable[Any] | None = None, **kw: Any) -> Any:
        if not self.progress:
            return _NoBar(iterable)  # (tqdm's import alone is 20 ms of `align extract --quiet`)
        from tqdm import tqdm

        return tqdm(iterable, file=sys.stderr, dynamic_ncols=True, **kw)

    def manifest(self, stage: str) -> dict[str, Any] | None:
        return read_manifest(self.out, stage)

    def cache(self, stage: str) -> ItemCache:
        if stage not in self._caches:
            self._caches[stage] = ItemCache(self.out / "cache" / f"{stage}.sqlite")
        return self._caches[stage]

    # --- bookkeeping ---

    def _fresh(self, stage: Stage, inputs: dict[str, str], settings: dict[str, Any]) -> dict[str, Any] | None:
        """The stage's manifest if its inputs, settings, code and outputs are exactly as recorded."""
        m = self.manifest(stage.name)
        if not m or m.get("toolkit") != stage_code(stage.name):
            return None  # made by other code (an upgrade, a new default): run again
        if m.get("inputs") != inputs or m.get("settings") != settings:
            return None
        for rel, digest in m.get("outputs", {}).items():
            p = self.out / rel
            if not p.is_file() or file_digest(p) != digest:
                return None
        intact = getattr(stage, "intact", None)
        if intact is not None and not intact(self.out):
            return None
        return m

    def run_stage(self, name: str, *, by_hand: tuple[str, dict[str, Any]] | None = None) -> dict[str, Any]:
        """Run one stage unless it is up to date; say which, and what a stage set by hand became.
        `by_hand` = (command, settings): run it with these settings and record it as run by hand."""
        stage = STAGES[name]
        t0 = time.perf_counter()
        wanted = stage.settings(self.settings)
        settings, manual = wanted, None
        m = self.manifest(name)
        if by_hand is not None:
            run_settings = (m or {}).get("manual", {}).get("run_settings") if (m or {}).get("manual") else wanted
            manual = {"command": by_hand[0], "run_settings": run_settings}
            settings = by_hand[1]
        elif m and m.get("manual"):
            manual = m["manual"]
            if wanted == manual.get("run_settings"):
                settings = m["settings"]  # the run asks for what it asked before: the hand-set stage stands
            else:
                self.log(f"{name}: redone with this run's settings ({_describe(wanted, m['settings'])}), replacing "
                         f"`{manual.get('command')}` ({_describe(m['settings'], wanted)}), which was run by hand")
                manual = None
        inputs = stage_inputs(self.out, stage, self.corpus)
        if (fresh := self._fresh(stage, inputs, settings)) and by_hand is not None:
            fresh = {**fresh, "manual": manual, "finished": _now()}
            write_json(manifest_path(self.out, name), fresh)
            return fresh
        if fresh:
            if self.progress or manual:
                how = f" as set by hand (`{manual.get('command')}`)" if manual else ""
                self.log(f"{name}: up to date{how} (inputs, settings and code unchanged), skipped")
            return fresh
        if manual and by_hand is None:
            self.log(f"{name}: its input changed; redone with the settings of `{manual.get('command')}`, which was run by hand "
                     f"({_describe(settings, wanted)})")
        self.items_done = None
        counts = stage.run(self, settings)
        if isinstance(stage, ItemStage) and name != "extract":
            outputs = {rel: file_digest(self.out / rel) for rel in self._shards(stage)}
        else:
            outputs = {rel: file_digest(self.out / rel) for rel in stage.outputs(self.out, counts)}
        record = {
            "stage": name,
            "toolkit": stage_code(name),
            "inputs": inputs,
            "settings": settings,
            "outputs": outputs,
            "counts": counts,
            "finished": _now(),
            "seconds": round(time.perf_counter() - t0, 3),
        }
        if self.items_done is not None:
            record["items"] = {"computed": self.items_done[0], "cached": self.items_done[1]}
            self.item_stats[name] = self.items_done
        if manual:
            record["manual"] = manual
        write_json(manifest_path(self.out, name), record)
        if self.progress:
            extra = ""
            if self.items_done is not None:
                extra = f" ({self.items_done[0]} item(s) processed, {self.items_done[1]} from the cache)"
            self.log(f"{name}: done in {time.perf_counter() - t0:.1f} s{extra}")
        return record

    def _shards(self, stage: ItemStage) -> list[str]:
        folder = self.out / stage.shard_folder
        rels = [p.relative_to(self.out).as_posix() for p in folder.glob("shard-*.jsonl")]
        return shard_files({"outputs": dict.fromkeys(rels)})

    def run_stages(self, names: Iterable[str]) -> dict[str, Any]:
        """Run these stages in order, holding OUT's lock; returns their counts."""
        with locked(self.out):
            return self._run(names)

    def _run(self, names: Iterable[str]) -> dict[str, Any]:
        stale = remove_stale_temp_files(self.out)  # a run killed mid-write leaves them; we hold the lock
        if stale:
            self.log(f"removed {len(stale)} unfinished file(s) left by an interrupted run")
        try:
            return {name: self.run_stage(name)["counts"] for name in names}
        finally:
            for c in self._caches.values():
                c.close()
            self._caches.clear()


def settings_of_run(out: str | os.PathLike) -> Settings:
    """The settings the last `align run` into OUT used (OUT/run.json), defaults where absent."""
    from dataclasses import fields

    try:
        info = read_json(Path(out) / "run.json")
    except (OSError, ValueError):
        info = {}
    info = info if isinstance(info, dict) else {}
    given: dict[str, Any] = info.get("settings") or {}
    given = given if isinstance(given, dict) else {}
    known = {f.name for f in fields(Settings)}
    kw = {k: v for k, v in given.items() if k in known}
    if "recipes" in kw:
        kw["recipes"] = tuple(kw["recipes"])
    return Settings(**kw)


def run_by_hand(
    out: str | os.PathLike,
    stage: str,
    settings: dict[str, Any],
    *,
    command: str | None = None,
    progress: bool = True,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run one stage of the run in OUT ("filter" or "dataset") with the options of its command
    (e.g. {"min_score": 0.9}; {"seed": 3}), as `align run` runs it, holding OUT's lock, and record
    it as run by hand (see the module doc: the next `align run` keeps it, or says what it redoes).
    Returns the stage's manifest; its "counts" are what the command reports."""
    st = STAGES[stage]
    if st.after is None or stage not in ("filter", "dataset"):
        raise ValueError(f"{stage} is not a stage to run by hand on a run folder (filter or dataset)")
    normalize = getattr(st, "normalize", None)
    run_settings = settings_of_run(out)
    typed = normalize(settings) if normalize else {**st.settings(run_settings), **settings}
    cmd = command or command_line()
    runner = Runner(out, run_settings, progress=progress, command=cmd, log=log)
    with locked(out):
        return runner.run_stage(stage, by_hand=(cmd, typed))


class Run(Runner):
    """One `align run` over CORPUS into OUT: every stage, then the summary."""

    def __init__(
        self,
        corpus: str | os.PathLike,
        out: str | os.PathLike,
        settings: Settings | None = None,
        *,
        executor: Executor | None = None,
        progress: bool = True,
        overwrite: bool = False,
        command: str | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(out, settings, corpus=corpus, executor=executor, progress=progress, command=command, log=log)
        self.overwrite = overwrite

    def _check_out_folder(self) -> None:
        assert self.corpus is not None
        if not self.corpus.exists():
            raise RunError(f"corpus not found: {self.corpus}")
        if self.corpus.is_dir() and not any(p.is_file() for p in self.corpus.rglob("*")):
            raise RunError(f"corpus folder is empty: {self.corpus}")
        run_file = self.out / "run.json"
        if run_file.exists():
            try:
                prev = read_json(run_file)
            except ValueError:
                prev = {}
            if prev.get("corpus") != _corpus_label(self.corpus):
                if not self.overwrite:
                    raise RunError(
                        f"{self.out} holds a run over another corpus ({prev.get('corpus', 'unknown')}); "
                        "choose another OUT folder, or pass --overwrite to replace it"
                    )
                self._wipe()
        elif any(c.name != ".lock" for c in self.out.iterdir()) and not (self.out / "manifests").exists():
            if not self.overwrite:
                raise RunError(f"{self.out} is not empty and was not written by `align run`; pass --overwrite to use it")
            self._wipe()

    def _wipe(self) -> None:
        for child in self.out.iterdir():
            if child.name == ".lock":
                continue
            shutil.rmtree(child) if child.is_dir() else child.unlink()

    def _run_info(self) -> dict[str, Any]:
        assert self.corpus is not None
        run_file = self.out / "run.json"
        info = read_json(run_file) if run_file.exists() else {}
        info.setdefault("created", _now()[:10])
        info.update(corpus=_corpus_label(self.corpus), toolkit=__version__, settings=asdict(self.settings))
        write_json(run_file, info)
        return info

    def run(self) -> dict[str, Any]:
        with locked(self.out):
            self._check_out_folder()
            self._run_info()
            try:
                self.summary = self._run(ORDER)
            except (FileNotFoundError, ValueError) as e:
                if isinstance(e, FileNotFoundError) or "no pages to read" in str(e):
                    raise RunError(str(e)) from None
                raise
            write_json(self.out / "summary.json", self.summary)
            return self.summary


def command_line() -> str:
    """`align ...` as typed, each argument as text that can be written out (an argument that
    is not valid UTF-8, such as a folder's odd name, spelled \\xNN)."""
    from .readers.record import path_label

    return "align " + " ".join(path_label(a) for a in sys.argv[1:])


def _corpus_label(corpus: Path) -> str:
    """The corpus's absolute path as text: a folder name that is not valid UTF-8 written as
    \\xNN (it would not go into run.json otherwise)."""
    from .readers.record import path_label

    return path_label(corpus.resolve())


def counts_in_words(d: dict[str, int]) -> str:
    """'dup 3, short 1': counts, largest first ('none' when empty)."""
    return ", ".join(f"{k} {v}" for k, v in sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"


def format_summary(summary: dict[str, Any], out: Path, items: dict[str, tuple[int, int]] | None = None) -> str:
    """The closing summary in plain words."""
    ex, pa, se, al, fi, ds = (summary.get(s, {}) for s in ORDER)
    kv = counts_in_words

    lines = [
        "",
        "Summary",
        (f"  pages read         {ex.get('articles', 0) + sum(ex.get('skipped', {}).values())}"
         f" ({ex.get('articles', 0)} articles)"),
        f"  pages skipped      {kv(ex.get('skipped', {}))}",
        f"  pairs found        {pa.get('pairs', 0)} ({kv(pa.get('by_method', {}))})",
        f"  left unpaired      {kv(pa.get('unpaired', {}))} (of which: {kv(pa.get('skipped', {}))})",
        f"  sentences          ko {se.get('ko_sentences', 0)}, en {se.get('en_sentences', 0)}",
        f"  beads by type      {kv({k: v for k, v in al.items() if k != 'failed'})}",
        f"  rows kept          {fi.get('kept', 0)}",
        f"  rows dropped       {kv(fi.get('dropped', {}))}",
    ]
    if al.get("failed"):
        lines.append(
            f"  ALIGNER FAILED     on {al['failed']} pair(s): their sentences are left unaligned; the errors are in"
            f" {out / 'align'} (records with \"error\"). This is a bug: please report it"
        )
    if ds.get("splits"):
        pairs = ds.get("pairs_per_split", {})
        per = ", ".join(f"{k} {v} ({pairs.get(k, '?')} pairs)" for k, v in sorted(ds["splits"].items()))
        lines.append(f"  rows per split     {per}")
    if ds.get("removed"):
        lines.append(f"  removed by dedup   {kv(ds['removed'])}")
    lines.append(f"  leaked rows removed from train  {ds.get('leaked_removed', 0)}")
    lines.append(f"  dataset            {out / 'dataset'}")
    return "\n".join(lines)


__all__ = [
    "STAGE_CODE",
    "STAGE_NAMES",
    "ItemCache",
    "Run",
    "RunError",
    "Runner",
    "Settings",
    "format_summary",
    "locked",
    "read_manifest",
    "record_manual",
    "run_items",
    "shard_files",
    "stage_code",
]

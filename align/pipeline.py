"""`align run`: every stage, chained through files in OUT/ (see docs/pipeline.md).

The runner owns the bookkeeping the stages should not know about: atomic files, a manifest per
stage (input digests, settings, output digests, counts), skipping a stage whose inputs and
settings did not change, resuming a sharded stage at its first missing shard, one run per OUT
at a time, progress bars and the closing summary. Stages themselves are plain functions.
"""

from __future__ import annotations

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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from . import __version__
from .atomic import read_json, read_jsonl, remove_stale_temp_files, write_json, write_jsonl
from .digest import bytes_digest, code_digest, file_digest, tree_digest, value_digest
from .executors import Executor, InProcess
from .model import AlignedPair, Article, ArticlePair, Bead, Row, SegmentedPair, Skipped

STAGES = ("extract", "pair", "segment", "align", "filter", "dataset")
# the modules each stage runs (with what they import): a change to them makes the stage run again
STAGE_CODE = {
    "extract": ("extract", "readers"),
    "pair": ("pair",),
    "segment": ("segment",),
    "align": ("sentalign", "embed"),
    "filter": ("filter",),
    "dataset": ("publish",),
}


def stage_code(stage: str) -> str:
    """The toolkit version and a digest of the stage's own code, recorded with its output."""
    return f"{__version__}+{code_digest(*STAGE_CODE[stage])[:16]}"


class RunError(Exception):
    """A problem with the run as a whole (bad corpus path, OUT in use or from another corpus)."""


@dataclass
class Settings:
    """Everything that changes what a run produces. Each stage records the part it uses."""

    seed: int = 0
    shard_size: int = 32
    content_pairing: bool = True
    threads: int | None = None  # BLAS threads per process for the encoder; None = one (align.embed)
    aligner: dict[str, Any] = field(default_factory=dict)  # extra settings for align_sentences
    filter: dict[str, Any] = field(default_factory=dict)  # extra settings for filter_rows


# --- the work of each per-shard stage: top-level functions so any executor can ship them ---


def segment_shard(task: tuple[int, list[dict]]) -> tuple[int, list[dict]]:
    from .segment import segment_pair

    index, pairs = task
    return index, [segment_pair(ArticlePair.from_json(p)).to_json() for p in pairs]


def align_shard(
    task: tuple[int, list[dict]], settings: dict[str, Any], threads: int | None
) -> tuple[int, list[dict]]:
    from .embed import get_encoder
    from .sentalign import align_sentences

    index, segs = task
    encoder = get_encoder(threads)
    name = ("sentalign " + " ".join(f"{k}={v}" for k, v in sorted(settings.items()))).strip()
    out = []
    for d in segs:
        seg = SegmentedPair.from_json(d)
        try:
            beads = align_sentences(seg.ko, seg.en, src_lang="ko", tgt_lang="en", encoder=encoder, **settings)
        except Exception as e:  # noqa: BLE001 - a bug on one pair must not stop a run of millions
            # its sentences are left unaligned (the filter drops them), the error kept and counted
            nulls = [Bead((i,), (), 0.0) for i in range(len(seg.ko))] + [Bead((), (j,), 0.0) for j in range(len(seg.en))]
            rec = AlignedPair(seg.pair_id, nulls, aligner=name).to_json()
            rec["error"] = f"{type(e).__name__}: {e}"
            out.append(rec)
            continue
        out.append(AlignedPair(seg.pair_id, beads, aligner=name).to_json())
    return index, out


def rows_of_pair(pair: ArticlePair, seg: SegmentedPair, aligned: AlignedPair) -> Iterator[Row]:
    """One Row per bead, null beads included (the filter marks them), in document order."""
    for b in aligned.beads:
        yield Row(
            pair_id=pair.pair_id,
            ko=" ".join(seg.ko[i] for i in b.src),
            en=" ".join(seg.en[j] for j in b.tgt),
            ko_idx=list(b.src),
            en_idx=list(b.tgt),
            score=float(b.score if b.score is not None else 0.0),
            ko_article_id=pair.ko.id,
            en_article_id=pair.en.id,
            ko_url=pair.ko.url,
            en_url=pair.en.url,
            date=pair.ko.date or pair.en.date,
            pair_method=pair.method,
        )


def _shard_problem(path: Path, expected: int) -> str | None:
    """Why a shard file cannot be used (missing, not JSON lines, wrong record count), or None."""
    if not path.exists():
        return "missing"
    try:
        n = sum(1 for _ in read_jsonl(path))
    except (OSError, ValueError) as e:
        return str(e)
    return None if n == expected else f"{n} records where {expected} were expected"


def _chunks(it: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(it)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class Run:
    """One `align run` over CORPUS into OUT."""

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
        self.corpus = Path(corpus)
        self.out = Path(out)
        self.settings = settings or Settings()
        self.executor = executor or InProcess()
        self.progress = progress
        self.overwrite = overwrite
        self.command = command or "align " + " ".join(sys.argv[1:])
        self.log = log or (lambda msg: print(msg, file=sys.stderr))
        self.summary: dict[str, Any] = {}

    # --- bookkeeping ---

    def _bar(self, iterable: Iterable[Any] | None = None, **kw: Any) -> tqdm:
        return tqdm(iterable, disable=not self.progress, file=sys.stderr, dynamic_ncols=True, **kw)

    def _manifest_path(self, stage: str) -> Path:
        return self.out / "manifests" / f"{stage}.json"

    def _manifest(self, stage: str) -> dict[str, Any] | None:
        p = self._manifest_path(stage)
        try:
            return read_json(p) if p.exists() else None
        except ValueError:
            return None  # a damaged manifest just means the stage runs again

    def _fresh(self, stage: str, inputs: dict[str, str], settings: dict[str, Any]) -> dict | None:
        """The stage's manifest if its inputs, settings and outputs are exactly as recorded."""
        m = self._manifest(stage)
        if not m or m.get("toolkit") != stage_code(stage):
            return None  # made by other code (an upgrade, a new default): run again
        if m.get("inputs") != inputs or m.get("settings") != settings:
            return None
        for rel, digest in m.get("outputs", {}).items():
            p = self.out / rel
            if not p.exists() or (p.is_file() and file_digest(p) != digest):
                return None
        return m

    def _digests(self, *rels: str) -> dict[str, str]:
        """{path relative to OUT: content digest} of a stage's output files."""
        return {rel: file_digest(self.out / rel) for rel in rels}

    def _record(self, stage: str, inputs: dict, settings: dict, outputs: dict[str, str], counts: dict) -> dict:
        m = {
            "stage": stage,
            "toolkit": stage_code(stage),
            "inputs": inputs,
            "settings": settings,
            "outputs": outputs,
            "counts": counts,
            "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        }
        write_json(self._manifest_path(stage), m)
        return m

    def _output_digest(self, stage: str) -> str:
        """What the next stage sees as its input: a digest over this stage's outputs."""
        m = self._manifest(stage)
        assert m is not None, f"stage {stage} has no manifest"
        return value_digest(m["outputs"])

    def _check_out_folder(self) -> None:
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
            if prev.get("corpus") != str(self.corpus.resolve()):
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
        run_file = self.out / "run.json"
        info = read_json(run_file) if run_file.exists() else {}
        info.setdefault("created", _dt.datetime.now(_dt.timezone.utc).date().isoformat())
        info.update(corpus=str(self.corpus.resolve()), toolkit=__version__, settings=asdict(self.settings))
        write_json(run_file, info)
        return info

    # --- stages ---

    def stage_extract(self) -> dict[str, Any]:
        from .extract import SkipPage, extract_page
        from .readers import SkipRecord, article_from_fields, iter_records

        inputs = {"corpus": tree_digest(self.corpus)}
        if m := self._fresh("extract", inputs, {}):
            return m
        skipped: list[Skipped] = []

        def articles() -> Iterator[Article]:
            for rec in self._bar(iter_records(self.corpus), desc="extract", unit="page"):
                if isinstance(rec, Skipped):
                    skipped.append(rec)
                    continue
                try:
                    if rec.html is not None:
                        yield extract_page(rec.html, rec.url, rec.source)
                    else:
                        yield article_from_fields(rec)
                except (SkipPage, SkipRecord) as e:
                    skipped.append(Skipped("extract", rec.source, e.reason, e.detail))
                except ValueError as e:  # a record the reader accepted but extract cannot read
                    skipped.append(Skipped("extract", rec.source, "unreadable", str(e)))

        n = write_jsonl(self.out / "articles.jsonl", articles())
        write_jsonl(self.out / "skipped-extract.jsonl", skipped)
        counts = {"articles": n, "skipped": dict(Counter(s.reason for s in skipped))}
        return self._record("extract", inputs, {}, self._digests("articles.jsonl", "skipped-extract.jsonl"), counts)

    def stage_pair(self) -> dict[str, Any]:
        from .pair import pair_articles

        settings = {"content_pairing": self.settings.content_pairing, "threads": self.settings.threads}
        inputs = {"extract": self._output_digest("extract")}
        if m := self._fresh("pair", inputs, settings):
            return m
        articles = [Article.from_json(d) for d in read_jsonl(self.out / "articles.jsonl")]
        pairs, skipped, unpaired = pair_articles(
            articles, content=self.settings.content_pairing, threads=self.settings.threads, progress=self.progress
        )
        pairs.sort(key=lambda p: p.pair_id)  # a stable order: shards are cut from it
        write_jsonl(self.out / "pairs.jsonl", pairs)
        write_jsonl(self.out / "skipped-pair.jsonl", skipped)
        counts = {
            "pairs": len(pairs),
            "by_method": dict(Counter(p.method for p in pairs)),
            "unpaired": dict(Counter(a.lang for a in unpaired)),
            "skipped": dict(Counter(s.reason for s in skipped)),
        }
        return self._record("pair", inputs, settings, self._digests("pairs.jsonl", "skipped-pair.jsonl"), counts)

    def _sharded(
        self,
        stage: str,
        inputs: dict[str, str],
        settings: dict[str, Any],
        tasks: Callable[[Callable[[int], bool]], Iterator[tuple[int, Any]]],
        n_shards: int,
        fn: Callable[[Any], tuple[int, list[dict]]],
        count: Callable[[list[dict]], Counter],
    ) -> dict[str, Any]:
        """Run a per-shard stage: shard files OUT/<stage>/shard-NNNNN.jsonl, each written
        atomically, so a run cut off halfway resumes at the missing shards. `tasks(is_done)`
        yields (shard index, payload) for the shards not done yet; `fn` turns one into
        (index, records)."""
        if m := self._fresh(stage, inputs, settings):
            return m
        folder = self.out / stage
        stamp = folder / "_inputs.json"
        key = {"inputs": inputs, "settings": settings, "toolkit": stage_code(stage)}
        if folder.exists():
            try:
                same = read_json(stamp) == key
            except (OSError, ValueError):
                same = False
            if not same:  # shards from other inputs or settings are never mixed in
                shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
        write_json(stamp, key)

        def path(i: int) -> Path:
            return folder / f"shard-{i:05d}.jsonl"

        # A shard counts as done only if it reads back whole: one record per pair of the shard.
        # Atomic writes never leave a half file, but a disk or a hand can damage one later.
        n_pairs = self._manifest("pair")["counts"]["pairs"]  # type: ignore[index]
        checked: dict[int, bool] = {}

        def is_done(i: int) -> bool:
            if i not in checked:
                p = path(i)
                problem = _shard_problem(p, min(self.settings.shard_size, n_pairs - i * self.settings.shard_size))
                if problem and p.exists():
                    self.log(f"{stage}: shard file {p} is damaged ({problem}); recomputing it")
                    p.unlink()
                checked[i] = problem is None
            return checked[i]

        done = sum(is_done(i) for i in range(n_shards))
        todo = tasks(is_done)
        with self._bar(total=n_shards, initial=done, desc=stage, unit="shard") as bar:
            for index, records in self.executor.map(fn, todo):
                write_jsonl(path(index), records)
                bar.update(1)
        totals: Counter = Counter()
        outputs = {}
        for i in range(n_shards):
            p = path(i)
            data = p.read_bytes()  # read once for both the digest and the counts
            outputs[p.relative_to(self.out).as_posix()] = bytes_digest(data)
            totals.update(count([json.loads(line) for line in data.splitlines() if line.strip()]))
        for stale in folder.glob("shard-*.jsonl"):  # shards past the end from an earlier, larger run
            if stale.relative_to(self.out).as_posix() not in outputs:
                stale.unlink()
        return self._record(stage, inputs, settings, outputs, dict(totals))

    def _pair_shards(self) -> Iterator[tuple[int, list[dict]]]:
        """(shard index, pair records) in the order of pairs.jsonl."""
        return enumerate(_chunks(read_jsonl(self.out / "pairs.jsonl"), self.settings.shard_size))

    def _n_shards(self) -> int:
        n = self._manifest("pair")["counts"]["pairs"]  # type: ignore[index]
        return -(-n // self.settings.shard_size)

    def stage_segment(self) -> dict[str, Any]:
        def count(recs: list[dict]) -> Counter:
            return Counter(ko_sentences=sum(len(r["ko"]) for r in recs), en_sentences=sum(len(r["en"]) for r in recs))

        return self._sharded(
            "segment",
            {"pair": self._output_digest("pair")},
            {"shard_size": self.settings.shard_size},
            lambda done: ((i, chunk) for i, chunk in self._pair_shards() if not done(i)),
            self._n_shards(),
            segment_shard,
            count,
        )

    def stage_align(self) -> dict[str, Any]:
        aligner = dict(self.settings.aligner)
        threads = self.settings.threads

        def tasks(done: Callable[[int], bool]) -> Iterator[tuple[int, Any]]:
            for i in range(self._n_shards()):
                if not done(i):
                    yield i, list(read_jsonl(self.out / "segment" / f"shard-{i:05d}.jsonl"))

        def count(recs: list[dict]) -> Counter:
            c: Counter = Counter()
            for r in recs:
                if "error" in r:
                    c["failed"] += 1  # pairs, not beads: the summary shows them apart
                for s, t, _ in r["beads"]:
                    c[f"{len(s)}-{len(t)}"] += 1
            return c

        return self._sharded(
            "align",
            {"segment": self._output_digest("segment")},
            {"aligner": aligner, "shard_size": self.settings.shard_size},
            tasks,
            self._n_shards(),
            functools.partial(align_shard, settings=aligner, threads=threads),
            count,
        )

    def _rows(self) -> Iterator[Row]:
        """Every bead as a Row, streamed shard by shard (pairs, segments and beads in lockstep)."""
        for i, pairs in self._pair_shards():
            segs = read_jsonl(self.out / "segment" / f"shard-{i:05d}.jsonl")
            aligned = read_jsonl(self.out / "align" / f"shard-{i:05d}.jsonl")
            for p, s, a in zip(pairs, segs, aligned, strict=True):
                pair, seg, al = ArticlePair.from_json(p), SegmentedPair.from_json(s), AlignedPair.from_json(a)
                if not (pair.pair_id == seg.pair_id == al.pair_id):
                    raise RunError(f"shard {i} is out of step ({pair.pair_id} / {seg.pair_id} / {al.pair_id})")
                yield from rows_of_pair(pair, seg, al)

    def stage_filter(self) -> dict[str, Any]:
        from .filter import filter_rows

        settings = dict(self.settings.filter)
        inputs = {"align": self._output_digest("align")}
        if m := self._fresh("filter", inputs, settings):
            return m
        kept: Counter = Counter()
        dropped: Counter = Counter()

        def counted(rows: Iterable[Row]) -> Iterator[Row]:
            for r in rows:
                if r.kept:
                    kept["rows"] += 1
                else:
                    dropped[r.reason] += 1
                yield r

        rows = self._bar(self._rows(), desc="filter", unit="row")
        write_jsonl(self.out / "rows.jsonl", counted(filter_rows(rows, **settings)))
        counts = {"kept": kept["rows"], "dropped": dict(dropped)}
        return self._record("filter", inputs, settings, self._digests("rows.jsonl"), counts)

    def stage_dataset(self, info: dict[str, Any]) -> dict[str, Any]:
        from .publish import build_dataset

        settings = {"seed": self.settings.seed}
        inputs = {"filter": self._output_digest("filter")}
        dataset_dir = self.out / "dataset"
        m = self._fresh("dataset", inputs, settings)
        if m and (dataset_dir / "README.md").exists() and (dataset_dir / "stats.json").exists():
            return m
        meta = {
            "command": self.command,
            "toolkit_version": __version__,
            "aligner": self._manifest("align")["settings"],  # type: ignore[index]
            "date": info["created"],
            "corpus": self.corpus.name,
            "license": self._licence(),
        }
        rows = (Row.from_json(d) for d in read_jsonl(self.out / "rows.jsonl"))
        stats = build_dataset(rows, dataset_dir, seed=self.settings.seed, meta=meta)
        # The data files are what must not change; the card and stats.json may be amended later
        # (`align spm` adds its model and section), which is no reason to rebuild the data.
        amendable = {"README.md", "stats.json"}
        outputs = {
            p.relative_to(self.out).as_posix(): file_digest(p)
            for p in sorted(dataset_dir.rglob("*"))
            if p.is_file() and p.name not in amendable and "spm" not in p.relative_to(dataset_dir).parts
        }
        return self._record("dataset", inputs, settings, outputs, stats)

    def _licence(self) -> str:
        """The licence the corpus's source recipes declare (one, or 'other' when they differ)."""
        try:
            from .extract.recipes import load_recipes
        except ImportError:
            return "other"
        sites = {d.get("site") for d in read_jsonl(self.out / "pairs.jsonl") for d in (d["ko"], d["en"])}
        licences = {getattr(r, "licence", None) or getattr(r, "license", None) for r in load_recipes() if r.name in sites}
        licences.discard(None)
        return licences.pop() if len(licences) == 1 else "other"

    # --- the whole run ---

    def _step(self, name: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Run one stage, telling the user whether it ran or was up to date, and how long it took."""
        before = (self._manifest(name) or {}).get("finished")
        t0 = time.perf_counter()
        m = fn()
        if self.progress:
            if m.get("finished") == before:
                self.log(f"{name}: up to date (inputs, settings and code unchanged), skipped")
            else:
                self.log(f"{name}: done in {time.perf_counter() - t0:.1f} s")
        return m

    def run(self) -> dict[str, Any]:
        self.out.mkdir(parents=True, exist_ok=True)
        lock = open(self.out / ".lock", "a+")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise RunError(f"another `align run` is using {self.out}; wait for it to finish or choose another OUT") from None
        try:
            self._check_out_folder()
            # a run killed mid-write leaves its temp files behind; nothing else writes here now
            stale = remove_stale_temp_files(self.out)
            if stale:
                self.log(f"removed {len(stale)} unfinished file(s) left by an interrupted run")
            info = self._run_info()
            steps: dict[str, Callable[[], dict[str, Any]]] = {
                "extract": self.stage_extract,
                "pair": self.stage_pair,
                "segment": self.stage_segment,
                "align": self.stage_align,
                "filter": self.stage_filter,
                "dataset": lambda: self.stage_dataset(info),
            }
            ms = {name: self._step(name, fn) for name, fn in steps.items()}
            self.summary = {stage: m["counts"] for stage, m in ms.items()}
            write_json(self.out / "summary.json", self.summary)
            return self.summary
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()


def format_summary(summary: dict[str, Any], out: Path) -> str:
    """The closing summary in plain words."""
    ex, pa, se, al, fi, ds = (summary.get(s, {}) for s in STAGES)
    skipped = dict(ex.get("skipped", {}))
    for reason, n in pa.get("skipped", {}).items():
        skipped[reason] = skipped.get(reason, 0) + n

    def kv(d: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"

    lines = [
        "",
        "Summary",
        f"  pages read         {ex.get('articles', 0) + sum(ex.get('skipped', {}).values())}"
        f" ({ex.get('articles', 0)} articles)",
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

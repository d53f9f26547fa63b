"""Align two folders of documents (one sentence a line), matched by name: `align sentences
--src-dir S --tgt-dir T -o OUT`.

Built for folders of many thousands of documents: the work runs on any executor
(`align.executors`: in process or a pool of processes), each document is written atomically as
OUT/NAME, and a run that was cut off resumes. OUT keeps, in the toolkit's one per-item cache
(`align.itemcache`, the store `align run` keeps its per-item results in), `.align-sentences.sqlite`:
the name of each finished document and a key made of both inputs' digests, the languages, the
settings and the aligner's own code. A document whose output exists and whose key is unchanged
is not aligned again; one whose input, settings or aligner changed is. A name is recorded only
after the document's file is in place, each in its own commit, so a run cut off anywhere loses
nothing and writes no document twice. A document that cannot be
read, or that the aligner fails on (a bug), is named in the summary and tried again on the next
run; the other documents are aligned all the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOG_NAME = ".align-sentences.sqlite"
# the modules whose code shapes an alignment: the aligner and the encoder (the align stage of
# `align run` declares the same, align.stages.align); nothing here imports the runner above it
ALIGNER_CODE = ("sentalign", "embed")
_BATCH = 8  # documents per task: one task's round trip is small against eight alignments


@dataclass(frozen=True)
class FolderJob:
    src_dir: Path
    tgt_dir: Path
    out_dir: Path
    src_lang: str = "ko"
    tgt_lang: str = "en"
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class FolderSummary:
    aligned: int = 0
    up_to_date: int = 0
    mislabelled: list[str] = field(default_factory=list)  # "NAME: why", sides not in the declared languages
    sentences: int = 0
    beads: int = 0
    skipped: list[str] = field(default_factory=list)  # "NAME: why", for documents that could not be read
    failed: list[str] = field(default_factory=list)  # "NAME: error", for documents the aligner failed on
    unmatched: list[str] = field(default_factory=list)  # names found in only one folder


def read_sentences(path: Path) -> list[str]:
    """One sentence a line (UTF-8; a blank line is kept, so indices match line numbers)."""
    from ..textcodec import decode_utf8

    try:
        text = decode_utf8(path.read_bytes(), str(path))  # NotUtf8Error (a ValueError): line, byte, the right iconv
    except OSError as e:
        raise ValueError(f"{path}: cannot read ({e.strerror})") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def language_warning(src: list[str], tgt: list[str], src_lang: str, tgt_lang: str) -> str | None:
    """A plain-words note when a side is clearly not in its declared language (Korean and
    English are told apart by script), e.g. sides given the wrong way round; else None. The
    encoder is multilingual, so the alignment itself does not suffer: the note is for the
    reader of the output, whose first index list follows the source side."""
    from ..lang import mislabelled

    found = (mislabelled("\n".join(src[:50]), src_lang), mislabelled("\n".join(tgt[:50]), tgt_lang))
    if found[0] and found[1]:
        return f"the source reads as {found[0]} and the target as {found[1]}: sides swapped? (the beads' first list indexes the source)"
    if found[0]:
        return f"the source reads as {found[0]}, not {src_lang} as declared"
    if found[1]:
        return f"the target reads as {found[1]}, not {tgt_lang} as declared"
    return None


def document_names(job: FolderJob) -> tuple[list[str], list[str]]:
    """Names found in both folders (sorted), and names found in only one."""
    def names(folder: Path) -> set[str]:
        return {p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}

    src, tgt = names(job.src_dir), names(job.tgt_dir)
    return sorted(src & tgt), sorted(src ^ tgt)


def job_key(job: FolderJob) -> str:
    """What every document's key shares: languages, settings and the aligner's code."""
    from ..digest import code_digest, value_digest

    return value_digest(
        {"langs": [job.src_lang, job.tgt_lang], "settings": job.settings, "code": code_digest(*ALIGNER_CODE)}
    )


def document_key(job: FolderJob, name: str, shared: str) -> str | None:
    """The key of one document (None when an input cannot be read: it is aligned, and fails, again)."""
    from ..digest import file_digest, value_digest

    try:
        return value_digest([shared, file_digest(job.src_dir / name), file_digest(job.tgt_dir / name)])
    except OSError:
        return None


def read_log(out_dir: Path) -> dict[str, str]:
    """name -> key of the documents a previous run finished."""
    from ..itemcache import ItemCache

    return ItemCache.read(out_dir / LOG_NAME)


def align_batch(task: tuple[FolderJob, str, list[tuple[str, str | None]]]) -> list[dict[str, Any]]:
    """Align a few documents of the job and write each as OUT/NAME (atomically), unless the
    previous run's key for it (given with its name) still holds and its file is there. Runs in
    any process: it reads and writes files and returns one small record per document."""
    from ..atomic import write_text
    from . import align_sentences

    job, shared, items = task
    out = []
    for name, previous in items:
        key = document_key(job, name, shared)
        if key is not None and key == previous and (job.out_dir / name).exists():
            out.append({"name": name, "kept": True})
            continue
        try:
            s, t = read_sentences(job.src_dir / name), read_sentences(job.tgt_dir / name)
        except ValueError as e:
            out.append({"name": name, "error": str(e)})
            continue
        try:
            beads = align_sentences(s, t, src_lang=job.src_lang, tgt_lang=job.tgt_lang, **job.settings)
        except Exception as e:  # noqa: BLE001 - a bug on one document must not stop a run of thousands
            where = f"{job.src_dir / name} and {job.tgt_dir / name}"
            out.append({"name": name, "failed": f"{where}: the aligner failed ({type(e).__name__}: {e})"})
            continue
        write_text(job.out_dir / name, "".join(b.to_line() + "\n" for b in beads))
        rec: dict[str, object] = {"name": name, "key": key, "sentences": len(s) + len(t), "beads": len(beads)}
        warning = language_warning(s, t, job.src_lang, job.tgt_lang)
        if warning:
            rec["warning"] = warning
        out.append(rec)
    return out


def align_folders(
    job: FolderJob,
    executor=None,
    progress: Callable[[Iterable[Any], int], Iterator[Any]] | None = None,
    force: bool = False,
) -> FolderSummary:
    """Align every document found under the same name in both folders; see the module doc.
    `executor` is any `align.executors` executor (in process by default); `progress` wraps the
    stream of finished documents (e.g. a tqdm bar), given it and their number."""
    from ..atomic import remove_stale_temp_files
    from ..executors import InProcess
    from ..itemcache import ItemCache

    names, unmatched = document_names(job)
    summary = FolderSummary(unmatched=unmatched)
    if not names:
        return summary
    job.out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(job.out_dir)
    cache = ItemCache(job.out_dir / LOG_NAME)  # name -> key of each finished document
    try:
        done = {} if force else cache.all()
        # each document's key is checked where it is aligned: reading millions of inputs to hash
        # them is work too, and so it runs in the workers, under the progress bar
        shared = job_key(job)
        items = [(name, done.get(name)) for name in names]
        batches = ((job, shared, items[k : k + _BATCH]) for k in range(0, len(items), _BATCH))
        executor = executor or InProcess()
        results: Iterator[Any] = (rec for batch in executor.map(align_batch, batches) for rec in batch)
        if progress is not None:
            results = progress(results, len(items))
        for rec in results:
            if rec.get("kept"):
                summary.up_to_date += 1
                cache.get_many([rec["name"]])  # still in use: kept by the prune below
                continue
            if "error" in rec:
                summary.skipped.append(rec["error"])
                continue
            if "failed" in rec:  # not recorded: the next run tries it again
                summary.failed.append(rec["failed"])
                continue
            summary.aligned += 1
            if "warning" in rec:
                summary.mislabelled.append(f"{rec['name']}: {rec['warning']}")
            summary.sentences += rec["sentences"]
            summary.beads += rec["beads"]
            if rec["key"] is not None:
                # after the document's own file is in place: a crash before this commit realigns it
                cache.put_many([(rec["name"], rec["key"])])
        cache.prune()  # names no longer in both folders
    finally:
        cache.close()
    return summary

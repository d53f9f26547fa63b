"""Write the static site of a run: index.html, data/pairs-NNNN.js, pairs/<pair>.html, and the
stylesheet and scripts beside them. Everything is relative links, so it opens from disk.

The site is built in a temporary folder beside its destination and moved into place at the end,
so a cut-off `align view` leaves the previous site (or none), never half of one."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

import numpy as np
from tqdm import tqdm

from .collect import PairInfo, RunSummary, collect
from .index_page import CHUNK_SIZE, chunk_js, index_row, render_index
from .pair_page import Nav, ScoreScale, render_pair_page
from .runfolder import RunFolder

MARKER = ".align-view"  # marks a folder as a site this module wrote (safe to replace)
ASSETS = ("site.css", "index.js", "pair.js")


@dataclass
class SiteResult:
    index: Path
    pairs: int
    missing: list[str]  # expected run files that were absent
    pending: list[str]  # stages that have not reached every pair
    problems: int  # malformed records skipped
    seconds: float  # until the new site was in place
    cleanup_seconds: float  # removing the site it replaced
    largest_file: tuple[Path, int]


def page_name(pair_id: str) -> str:
    """A file name for a pair's page: readable, filesystem-safe, unique (hash of the full id)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", pair_id).strip("._")[:80] or "pair"
    digest = hashlib.sha1(pair_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{stem}-{digest}.html"


def _score_scale(run: RunSummary) -> ScoreScale:
    """Shade from the 2nd to the 98th percentile of the run's non-null bead scores: relative to
    the run, so the doubtful beads stand out whatever range the aligner's scores live in, and
    one outlier does not wash out the rest. The legend of each page gives the two ends."""
    values = np.frombuffer(run.scores, dtype=float) if len(run.scores) else np.frombuffer(run.null_scores, dtype=float)
    if not len(values):
        return ScoreScale(0.0, 1.0, run.threshold)
    lo, hi = (float(v) for v in np.percentile(values, [2, 98]))
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    return ScoreScale(lo, hi, run.threshold)


def _check_destination(site: Path, out: Path) -> None:
    site_r, out_r = site.resolve(), out.resolve()
    if site_r == out_r or site_r in out_r.parents:
        raise ValueError(f"{site}: the site folder cannot be the run folder or contain it")
    if site.exists():
        if not site.is_dir():
            raise ValueError(f"{site}: exists and is not a folder")
        if any(site.iterdir()) and not (site / MARKER).is_file():
            raise ValueError(f"{site}: exists, is not empty, and was not written by `align view`; choose another -o")


def _rows_of(path: Path, p: PairInfo, handles: dict[Path, IO[bytes]]) -> list[dict[str, Any]]:
    """The pair's rows, read back from the offsets the first pass noted (malformed lines were
    already counted there, so here they are passed over quietly)."""
    f = handles.get(path)
    if f is None:
        f = handles[path] = open(path, "rb")  # noqa: SIM115 - closed by write_site
    out: list[dict[str, Any]] = []
    for offset, count in p.row_spans:
        f.seek(offset)
        got = 0
        while got < count:
            raw = f.readline()
            if not raw:
                break
            try:
                rec = json.loads(raw.decode("utf-8", errors="replace"))
            except json.JSONDecodeError:
                continue
            if not isinstance(rec, dict):
                continue
            if str(rec.get("pair_id")) != p.pair_id:
                break
            out.append(rec)
            got += 1
    return out


def _write(path: Path, text: str, sizes: list[tuple[Path, int]]) -> None:
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    sizes.append((path, len(data)))


def write_site(out: str | Path, site: str | Path | None = None, threshold: float | None = None, progress: bool = True) -> SiteResult:
    """Build the site of the run in `out` into `site` (default OUT/site); returns what was written."""
    t0 = time.perf_counter()
    folder = RunFolder(out)
    site = Path(site) if site is not None else folder.out / "site"
    _check_destination(site, folder.out)
    missing = folder.missing()
    run = collect(folder, threshold=threshold, progress=progress)
    scale = _score_scale(run)

    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site.name}.tmp-", dir=site.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; the site is meant to be shared
        (tmp / "pairs").mkdir()
        (tmp / "data").mkdir()
        sizes: list[tuple[Path, int]] = []
        for name in ASSETS:
            _write(tmp / name, resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8"), sizes)

        order = list(run.pairs.values())
        names = [page_name(p.pair_id) for p in order]
        filtered = (folder.out / "rows.jsonl").is_file()
        rows_path = folder.out / "rows.jsonl"
        pairs_path = folder.out / "pairs.jsonl"
        handles: dict[Path, IO[bytes]] = {}
        try:
            for i, p in enumerate(tqdm(order, desc="writing pages", unit=" pairs", disable=not progress, mininterval=0.5)):
                seg = folder.record_at(p.seg_at[0], p.seg_at[1], handles=handles) if p.seg_at else None
                aln = folder.record_at(p.aln_at[0], p.aln_at[1], handles=handles) if p.aln_at else None
                rows = _rows_of(rows_path, p, handles) if p.row_spans else []
                pair_rec = None
                if seg is None and p.pair_at is not None:
                    pair_rec = folder.record_at(pairs_path, p.pair_at, handles=handles)
                nav = Nav(names[i - 1] if i else None, names[i + 1] if i + 1 < len(order) else None, i + 1, len(order))
                html = render_pair_page(p, nav, scale, seg, aln, rows, filtered, pair_rec)
                _write(tmp / "pairs" / names[i], html, sizes)
        finally:
            for f in handles.values():
                f.close()

        chunk_files = []
        for c in range(0, len(order), CHUNK_SIZE):
            name = f"data/pairs-{c // CHUNK_SIZE:04d}.js"
            rows_js = chunk_js(index_row(p, names[c + j]) for j, p in enumerate(order[c : c + CHUNK_SIZE]))
            _write(tmp / name, rows_js, sizes)
            chunk_files.append(name)
        _write(tmp / "index.html", render_index(run, chunk_files, missing), sizes)
        _write(tmp / MARKER, json.dumps({"written_by": "align view", "run": str(folder.out.resolve())}) + "\n", sizes)
        old = _swap_into_place(tmp, site)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    seconds = time.perf_counter() - t0
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    largest = max(sizes, key=lambda x: x[1])
    return SiteResult(
        index=site / "index.html",
        pairs=len(order),
        missing=missing,
        pending=run.pending(),
        problems=folder.problems.total,
        seconds=seconds,
        cleanup_seconds=time.perf_counter() - t0 - seconds,
        largest_file=(site / largest[0].relative_to(tmp), largest[1]),
    )


def _swap_into_place(tmp: Path, site: Path) -> Path | None:
    """Replace `site` by the finished `tmp` (a rename each); returns the old site to remove."""
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
        old.rmdir()
        os.replace(site, old)
    os.replace(tmp, site)
    return old

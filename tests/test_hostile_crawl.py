"""`align run` on a crawl nobody wrote a recipe for (tests/own_crawl.py): Korean bodies as
<br> runs, English pages linking to their originals by an anchor, and hostile pages among
them (binary, empty, navigation only, truncated, 10 MB of spam in one element, 50,000 links).

Every pair must be found by link, and the dataset must hold the stories' sentences and nothing
else, whether the crawl is a folder of pages or a WARC. (Both runs take about 15 s together on
the development machine, the encoder's loading included: not marked slow.)
"""

from __future__ import annotations

import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from own_crawl import STORIES, crawl_pages, hostile_pages, write_folder, write_warc

from align.atomic import read_jsonl
from align.pipeline import Run, Settings

KO_SENTENCES = {s for story in STORIES for s in story.ko_sentences()}
EN_SENTENCES = {s for story in STORIES for s in story.en_sentences()}
LINKED = {(story.ko_url, story.en_url) for story in STORIES}


def _run(corpus: Path, out: Path) -> tuple[Path, dict, float]:
    t0 = time.perf_counter()
    summary = Run(corpus, out, Settings(), progress=False).run()
    return out, summary, time.perf_counter() - t0


@pytest.fixture(scope="module")
def folder_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    corpus = write_folder(root / "crawl", crawl_pages())
    return _run(corpus, root / "out")


@pytest.fixture(scope="module")
def warc_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-warc")
    offsets = write_warc(root / "crawl.warc.gz", crawl_pages())
    out, summary, seconds = _run(root / "crawl.warc.gz", root / "out")
    return out, summary, seconds, offsets


def _dataset_rows(out: Path) -> list[dict]:
    rows = []
    for f in sorted((out / "dataset" / "data").glob("*.parquet")):
        rows.extend(pq.read_table(f).to_pylist())
    return rows


def _check_pairs_and_dataset(out: Path) -> None:
    pairs = list(read_jsonl(out / "pairs.jsonl"))
    assert {(p["ko"]["url"], p["en"]["url"]) for p in pairs} == LINKED
    assert {p["method"] for p in pairs} == {"link"}
    rows = _dataset_rows(out)
    assert {r["translation"]["ko"] for r in rows} == KO_SENTENCES
    assert {r["translation"]["en"] for r in rows} == EN_SENTENCES


def _check_hostile(skips: dict[str, str], paired_sources: set[str]) -> None:
    """skips: {page name: reason} of what extraction skipped; the hostile pages must be there
    (the truncated one may instead be kept and left unpaired: it has no English version)."""
    assert skips.get("misc/logo.html") == "not-html"
    assert skips.get("misc/empty.html") == "not-html"
    assert skips.get("en/deals-77777.html") in ("too-long", "too-large")
    assert "ko/section-society.html" in skips
    assert "en/archive.html" in skips
    assert "ko/20880.html" in skips or "ko/20880.html" not in paired_sources
    assert set(skips) <= set(hostile_pages())  # no story page was lost


def test_folder_every_pair_by_link_and_only_their_sentences(folder_run):
    out, _, seconds = folder_run
    print(f"align run on the folder: {seconds:.1f} s")
    _check_pairs_and_dataset(out)


def test_folder_hostile_pages_are_counted_skips(folder_run):
    out, summary, _ = folder_run
    crawl = out.parent / "crawl"
    skips = {Path(s["source"]).relative_to(crawl).as_posix(): s["reason"] for s in read_jsonl(out / "skipped-extract.jsonl")}
    paired = {Path(p[side]["source_path"]).relative_to(crawl).as_posix() for p in read_jsonl(out / "pairs.jsonl") for side in ("ko", "en")}
    _check_hostile(skips, paired)
    assert summary["extract"]["articles"] + sum(summary["extract"]["skipped"].values()) == len(crawl_pages())


def test_warc_every_pair_by_link_and_only_their_sentences(warc_run):
    out, _, seconds, _ = warc_run
    print(f"align run on the WARC: {seconds:.1f} s")
    _check_pairs_and_dataset(out)


def test_warc_hostile_pages_are_counted_skips(warc_run):
    out, summary, _, offsets = warc_run
    name_at = {off: name for name, off in offsets.items()}
    skips = {name_at[int(s["source"].rsplit("#", 1)[1])]: s["reason"] for s in read_jsonl(out / "skipped-extract.jsonl")}
    paired = {name_at[int(p[side]["source_path"].rsplit("#", 1)[1])] for p in read_jsonl(out / "pairs.jsonl") for side in ("ko", "en")}
    _check_hostile(skips, paired)
    assert summary["extract"]["articles"] + sum(summary["extract"]["skipped"].values()) == len(offsets)

"""The runner's per-item cache: a grown corpus costs only its new items, unchanged pairs' rows
come out byte-identical, extraction runs on the executors and resumes after a crash, and a
stage run by hand is kept, or redone with a plain word, by the next `align run`."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from align.atomic import read_json, read_jsonl
from align.runner import Run, Runner, Settings, record_manual

PAGES = Path(__file__).resolve().parents[1] / "corpora" / "sample" / "pages"
# two article pairs (their Korean and English pages) held back from the first run
LATER = ["hanbit/ko/1144503.html", "hanbit/en/1144563.html", "seoulpost/ko/2501233.html", "seoulpost/en/51233.html"]


def _corpus(root: Path, held_back: bool) -> Path:
    corpus = root / "corpus"
    if not corpus.exists():
        shutil.copytree(PAGES, corpus / "pages")
        for rel in LATER:
            shutil.move(corpus / "pages" / rel, root / rel.replace("/", "_"))
    if not held_back:
        for rel in LATER:
            src = root / rel.replace("/", "_")
            if src.exists():
                shutil.move(src, corpus / "pages" / rel)
    return corpus


def _rows_by_pair(out: Path) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = defaultdict(list)
    for line in (out / "rows.jsonl").read_text(encoding="utf-8").splitlines():
        rows[json.loads(line)["pair_id"]].append(line)
    return rows


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    if not PAGES.is_dir():
        pytest.skip("corpora/sample/pages is not there")
    root = tmp_path_factory.mktemp("grow")
    out = root / "out"
    first = Run(_corpus(root, held_back=True), out, Settings(shard_size=3), progress=False).run()
    before = _rows_by_pair(out)
    second = Run(_corpus(root, held_back=False), out, Settings(shard_size=3), progress=False).run()
    return out, first, second, before


def test_a_grown_corpus_segments_and_aligns_only_its_new_pairs(grown):
    out, first, second, _ = grown
    assert first["pair"]["pairs"] == 10 and second["pair"]["pairs"] == 12
    for stage in ("segment", "align"):
        items = read_json(out / "manifests" / f"{stage}.json")["items"]
        assert items == {"computed": 2, "cached": 10}, stage  # only the two new pairs
    assert read_json(out / "manifests" / "extract.json")["items"] == {"computed": 4, "cached": 26}


def test_unchanged_pairs_rows_are_byte_identical(grown):
    out, _, _, before = grown
    after = _rows_by_pair(out)
    assert set(before) < set(after) and len(after) - len(before) == 2
    for pid, lines in before.items():
        assert after[pid] == lines, pid


def test_the_dataset_build_records_what_changed(grown):
    out, _, second, _ = grown
    changes = second["dataset"]["meta"]["changes"]
    assert changes["pairs_added"] == 2 and changes["pairs_removed"] == 0 and changes["pairs_changed"] == 0
    new_rows = sum(1 for r in read_jsonl(out / "rows.jsonl") if r["kept"] and r["pair_id"] in _new_pairs(out))
    assert changes["rows_added"] == new_rows > 0 and changes["rows_removed"] == 0
    assert changes["previous_build"] is not None
    assert json.loads((out / "dataset" / "stats.json").read_text())["meta"]["changes"] == changes


def _new_pairs(out: Path) -> set[str]:
    return {p["pair_id"] for p in read_jsonl(out / "pairs.jsonl") if "1144503" in p["pair_id"] or "2501233" in p["pair_id"]}


def test_extract_on_a_pool_gives_the_same_articles(grown, tmp_path):
    from align.executors import LocalPool

    out, _, _, _ = grown
    corpus = out.parent / "corpus"
    with LocalPool(2) as pool:
        Runner(tmp_path / "o", Settings(shard_size=4), corpus=corpus, executor=pool, progress=False).run_stages(["extract"])
    for name in ("articles.jsonl", "skipped-extract.jsonl"):
        assert (tmp_path / "o" / name).read_bytes() == (out / name).read_bytes(), name


def test_extract_cut_off_by_a_crash_resumes_with_the_pages_done(grown, tmp_path, monkeypatch):
    from align import extract

    out, _, _, _ = grown
    corpus = out.parent / "corpus"
    real = extract.extract_page
    calls = {"n": 0}

    def dies_on_the_ninth(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 9:
            raise KeyboardInterrupt  # as a kill would: nothing after this point is written
        return real(*a, **kw)

    monkeypatch.setattr(extract, "extract_page", dies_on_the_ninth)
    runner = Runner(tmp_path / "o", Settings(shard_size=2), corpus=corpus, progress=False)
    with pytest.raises(KeyboardInterrupt):
        runner.run_stages(["extract"])
    assert not (tmp_path / "o" / "manifests" / "extract.json").exists()
    monkeypatch.setattr(extract, "extract_page", real)
    Runner(tmp_path / "o", Settings(shard_size=2), corpus=corpus, progress=False).run_stages(["extract"])
    items = read_json(tmp_path / "o" / "manifests" / "extract.json")["items"]
    assert items["cached"] == 8 and items["computed"] == 30 - 8  # the shards finished before the crash were kept
    assert (tmp_path / "o" / "articles.jsonl").read_bytes() == (out / "articles.jsonl").read_bytes()


def test_a_filter_run_by_hand_is_kept_or_redone_saying_why(grown, tmp_path):
    out, _, _, _ = grown
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    corpus = out.parent / "corpus"
    # `align filter OUT --min-score 0.9`, as the filter command records it
    from align.atomic import write_jsonl
    from align.filter import FilterConfig, filter_rows
    from align.model import Row

    rows = [Row.from_json(d) for d in read_jsonl(copy / "rows.jsonl")]
    write_jsonl(copy / "rows.jsonl", filter_rows(rows, FilterConfig(min_score=0.9)))
    record_manual(copy, "filter", {"min_score": 0.9}, command="align filter out --min-score 0.9")
    before = (copy / "rows.jsonl").read_bytes()

    said: list[str] = []
    Run(corpus, copy, Settings(shard_size=3), progress=False, log=said.append).run()
    assert (copy / "rows.jsonl").read_bytes() == before  # kept, not silently reverted
    assert any("filter: up to date as set by hand (`align filter out --min-score 0.9`)" in s for s in said), said
    assert read_json(copy / "manifests" / "filter.json")["settings"]["min_score"] == 0.9

    said.clear()
    Run(corpus, copy, Settings(shard_size=3, filter={"min_score": 0.5}), progress=False, log=said.append).run()
    assert any(s.startswith("filter: redone with this run's settings (min_score=0.5)") and "min_score=0.9" in s
               and "align filter out --min-score 0.9" in s for s in said), said
    assert read_json(copy / "manifests" / "filter.json")["settings"]["min_score"] == 0.5
    assert "manual" not in read_json(copy / "manifests" / "filter.json")


def test_a_damaged_cache_file_is_started_anew(tmp_path):
    from align.itemcache import ItemCache

    path = tmp_path / "c.sqlite"
    c = ItemCache(path)
    c.put_many([("a", "1"), ("b", "2")])
    assert c.get_many(["a", "z"]) == {"a": "1"}
    c.close()
    c = ItemCache(path)  # a second run: used only "a"
    c.get_many(["a"])
    assert c.prune() == 1 and c.all() == {"a": "1"}
    c.close()
    path.write_bytes(b"not a database" * 100)
    c = ItemCache(path)
    assert len(c) == 0
    c.put_many([("a", "1")])
    c.close()
    assert ItemCache.read(path) == {"a": "1"}


def test_run_by_hand_filters_a_run_folder_and_the_next_run_keeps_it(grown, tmp_path):
    from align.runner import run_by_hand

    out, _, _, _ = grown
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    m = run_by_hand(copy, "filter", {"min_score": 0.9}, command="align filter out --min-score 0.9", progress=False)
    assert m["manual"]["command"] == "align filter out --min-score 0.9" and m["settings"]["min_score"] == 0.9
    assert m["counts"]["dropped"].get("low-score", 0) > 0
    rows = (copy / "rows.jsonl").read_bytes()
    said: list[str] = []
    summary = Run(out.parent / "corpus", copy, Settings(shard_size=3), progress=False, log=said.append).run()
    assert (copy / "rows.jsonl").read_bytes() == rows and summary["filter"] == m["counts"]
    assert any("as set by hand" in s for s in said), said
    def filter_input(run: Path) -> str:
        return read_json(run / "manifests" / "dataset.json")["inputs"]["filter"]

    # the dataset follows the hand-set filter: it was rebuilt from its rows
    assert filter_input(copy) != filter_input(out)


def test_the_same_rows_built_again_keep_the_changes_of_their_release(grown, tmp_path):
    out, _, second, _ = grown
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    victim = next((copy / "dataset" / "data").glob("train-*.parquet"))
    victim.write_bytes(b"damaged")
    again = Run(out.parent / "corpus", copy, Settings(shard_size=3), progress=False).run()
    assert victim.read_bytes() != b"damaged"  # rebuilt
    assert again["dataset"]["meta"]["changes"] == second["dataset"]["meta"]["changes"]

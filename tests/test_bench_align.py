"""scripts/bench_align.py's pseudo-documents with a moved block (the moved-sentence measurement)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from bench_align import move_block  # noqa: E402

from align.model import Bead  # noqa: E402


@st.composite
def documents(draw):
    """A gold of 1-1, 1-2 and 0-1 beads over numbered sentences."""
    beads, i, j = [], 0, 0
    for kind in draw(st.lists(st.sampled_from(["11", "11", "11", "12", "01"]), min_size=1, max_size=40)):
        a, b = int(kind[0]), int(kind[1])
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    return [f"s{x}" for x in range(i)], [f"t{x}" for x in range(j)], beads


@settings(max_examples=80, deadline=None)
@given(documents(), st.integers(1, 4), st.integers(0, 1000))
def test_a_moved_block_keeps_every_translation_and_moves_only_it(doc, k, seed):
    src, tgt, gold = doc
    made = move_block(src, tgt, gold, np.random.default_rng(seed), k)
    if made is None:
        return
    new_tgt, new_gold, moved = made
    assert sorted(new_tgt) == sorted(tgt)  # a permutation of the target
    for old, new in zip(gold, new_gold):
        assert old.src == new.src
        assert [tgt[j] for j in old.tgt] == [new_tgt[j] for j in new.tgt]  # the same sentences
    assert len(moved) == k
    for s_idx, t_idx in moved:  # k 1-1 beads, now out of target order
        assert len(s_idx) == len(t_idx) == 1
        assert (s_idx, t_idx) in {(b.src, b.tgt) for b in new_gold}
    # every bead here has target sentences, so the block lands somewhere else
    old_of = {b.src: b.tgt for b in gold}
    assert all(old_of[s_idx] != t_idx for s_idx, t_idx in moved)


def test_pseudo_documents_use_each_line_once_until_the_lines_run_out(tmp_path):
    """build_bench's Park-style sets (ko-en-park-dev, ko-en-jhe-dev): documents of 10-40 lines
    while lines remain, every line in exactly one bead, the manifest counting what was made."""
    import json

    from build_bench import build_align_park

    pairs = [(f"한국어 문장 {i}.", f"English sentence {i}.") for i in range(300)]
    build_align_park(pairs, tmp_path, seed=5, docs=60, source="test source", what="test lines")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    names = sorted(p.name for p in (tmp_path / "gold").iterdir())
    assert manifest["docs"] == len(names) < 60 and manifest["source"] == "test source" and "test lines" in manifest["note"]
    seen_ko, seen_en, beads = [], [], 0
    for name in names:
        ko = (tmp_path / "src" / name).read_text().splitlines()
        en = (tmp_path / "tgt" / name).read_text().splitlines()
        gold = (tmp_path / "gold" / name).read_text().splitlines()
        beads += len(gold)
        src = [int(x) for g in gold for x in g.split(":")[0].strip("[]").split(",") if x]
        tgt = [int(x) for g in gold for x in g.split(":")[1].strip("[]").split(",") if x]
        assert src == list(range(len(ko))) and tgt == list(range(len(en)))
        seen_ko += [n for line in ko for n in line.replace(".", "").split() if n.isdigit()]
        seen_en += [n for line in en for n in line.replace(".", "").split() if n.isdigit()]
    assert beads == manifest["beads"] and manifest["lines_used"] <= 300
    # a line deleted on one side is still on the other: each pair's number appears on a side at least
    assert len(set(seen_ko) | set(seen_en)) == manifest["lines_used"]


def test_jhe_lines_read_from_the_fetch_cache(tmp_path):
    from build_bench import JHE, Fetcher, jhe_lines

    fetch = Fetcher(tmp_path)
    for ext, text in ((".ko", "하나\n\n둘\n"), (".en", "one\nlone\ntwo\n")):
        url = f"https://raw.githubusercontent.com/{JHE[0]}/{JHE[1]}/{JHE[2]}{ext}"
        (tmp_path / url.split("://", 1)[1].replace("/", "_")).write_text(text, encoding="utf-8")
    assert jhe_lines(fetch) == [("하나", "one"), ("둘", "two")]  # a one-sided line is left out


def test_build_bench_names_what_is_wrong_with_a_download(tmp_path):
    """A Park archive without its .en file, and line-parallel files of unequal length: each stops
    with a message that says which (not one message for both)."""
    import io
    import tarfile

    from build_bench import JHE, PARK, Fetcher, jhe_lines, park_lines

    fetch = Fetcher(tmp_path)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        data = "하나\n".encode()
        info = tarfile.TarInfo("dev.ko")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    url = f"https://raw.githubusercontent.com/{PARK[0]}/{PARK[1]}/{PARK[2]}"
    (tmp_path / url.split("://", 1)[1].replace("/", "_")).write_bytes(buf.getvalue())
    with pytest.raises(SystemExit, match=r"no \.en file in the archive"):
        park_lines(fetch)
    for ext, text in ((".ko", "하나\n둘\n"), (".en", "one\n")):
        url = f"https://raw.githubusercontent.com/{JHE[0]}/{JHE[1]}/{JHE[2]}{ext}"
        (tmp_path / url.split("://", 1)[1].replace("/", "_")).write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit, match=r"the \.ko file has 2 lines and the \.en file 1"):
        jhe_lines(fetch)


def test_bertalign_stand_in_for_faiss_is_an_exact_top_k():
    from bench_bertalign import _FlatInnerProduct

    rng = np.random.default_rng(3)
    base, queries = rng.normal(size=(50, 8)).astype(np.float32), rng.normal(size=(7, 8)).astype(np.float32)
    index = _FlatInnerProduct(8)
    index.add(base[:20])
    index.add(base[20:])
    d, i = index.search(queries, 3)
    sims = queries @ base.T
    assert i.shape == d.shape == (7, 3)
    for q in range(7):
        assert list(i[q]) == list(np.argsort(-sims[q])[:3])
        assert np.allclose(d[q], sims[q, i[q]])

"""`align view`: the static site of a run (escaping, unfinished runs, completeness, Chromium)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from synthetic_run import write_synthetic_run

from align.atomic import read_jsonl, write_jsonl
from align.view import page_name, write_site
from align.view.escape import safe_url, script_json, text

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"
TRICKY = "\u202eevil\u202c x\x07y\u200f z\x00"


def _site(out: Path, **kw) -> Path:
    res = write_site(out, progress=False, **kw)
    return res.index.parent


def _index_rows(site: Path) -> list[list]:
    rows = []
    for f in sorted((site / "data").glob("pairs-*.js")):
        body = f.read_text(encoding="utf-8")
        m = re.fullmatch(r"ALIGN_VIEW\.chunk\((.*)\);\n", body, re.S)
        assert m, f"{f.name} is not one ALIGN_VIEW.chunk([...]) call"
        rows += json.loads(m.group(1))
    return rows


def _meta(site: Path) -> dict:
    html = (site / "index.html").read_text(encoding="utf-8")
    m = re.search(r"<script>ALIGN_VIEW\.init\((.*?)\);</script>", html)
    assert m
    return json.loads(m.group(1))


def _page_of(site: Path, pair_id: str) -> str:
    return (site / "pairs" / page_name(pair_id)).read_text(encoding="utf-8")


@pytest.fixture
def run(tmp_path: Path) -> Path:
    return write_synthetic_run(tmp_path / "out", n_pairs=23, shard_size=5, inject={0: SCRIPT, 1: TRICKY})


def _pair_ids(out: Path) -> list[str]:
    return [r["pair_id"] for r in read_jsonl(out / "pairs.jsonl")]


def test_script_in_article_text_is_escaped(run: Path) -> None:
    site = _site(run)
    page = _page_of(site, _pair_ids(run)[0])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page.lower()
    # the only script tag of a pair page is the site's own keyboard navigation
    assert re.findall(r"<script\b[^>]*>", page) == ['<script src="../pair.js">']
    # in the index data the title is JSON with '<' escaped, so it can never close a <script>
    chunk = (site / "data" / "pairs-0000.js").read_text(encoding="utf-8")
    assert "</script" not in chunk.lower() and "<script" not in chunk.lower()
    assert any(r[COL(site, "en_title")] == SCRIPT for r in _index_rows(site))


def COL(site: Path, key: str) -> int:
    return [c["key"] for c in _meta(site)["columns"]].index(key)


def test_bidi_and_control_characters_are_shown_not_obeyed(run: Path) -> None:
    site = _site(run)
    page = _page_of(site, _pair_ids(run)[1])
    for ch in "\u202e\u202c\x07\u200f\x00":
        assert ch not in page, f"raw U+{ord(ch):04X} in the page"
    for code in ("U+202E", "U+202C", "U+0007", "U+200F", "U+0000"):
        assert '<span class="cc" title="' in page and f">{code}</span>" in page
    assert "evil" in page


def test_unsafe_urls_are_not_links(run: Path) -> None:
    recs = list(read_jsonl(run / "pairs.jsonl"))
    recs[0]["ko"]["url"] = "javascript:alert(1)"
    recs[0]["en"]["url"] = 'https://example.org/a"onmouseover="alert(1)'
    write_jsonl(run / "pairs.jsonl", recs)
    page = _page_of(_site(run), recs[0]["pair_id"])
    assert 'href="javascript' not in page
    assert "javascript:alert(1)" in page  # shown as text
    assert '"onmouseover="' not in page
    assert 'href="https://example.org/a&quot;onmouseover=&quot;alert(1)" rel="noopener noreferrer"' in page


def test_every_pair_has_a_page_and_an_index_row(run: Path) -> None:
    site = _site(run)
    ids = _pair_ids(run)
    rows = _index_rows(site)
    meta = _meta(site)
    assert sorted(r[0] for r in rows) == sorted(ids)
    pages = {p.name for p in (site / "pairs").glob("*.html")}
    assert pages == {page_name(i) for i in ids}
    assert {r[meta["pageIndex"]] for r in rows} == pages
    # prev / next chain through every page in run order
    for i, pid in enumerate(ids):
        page = _page_of(site, pid)
        if i + 1 < len(ids):
            assert f'href="{page_name(ids[i + 1])}" data-nav="next"' in page
        if i:
            assert f'href="{page_name(ids[i - 1])}" data-nav="prev"' in page
        assert 'href="../index.html"' in page


def test_index_numbers_match_the_run_files(run: Path) -> None:
    site = _site(run)
    meta = _meta(site)
    keys = [c["key"] for c in meta["columns"]]
    assert meta["defaultSort"] == "min" and meta["threshold"] == 0.5
    assert {c["key"] for c in meta["columns"] if c.get("num")} >= {"min", "mean", "beads", "kept", "dropped", "ko_n", "en_n"}
    by_id = {r[0]: dict(zip(keys, r)) for r in _index_rows(site)}
    rows_by_pair: dict[str, list[dict]] = {}
    for r in read_jsonl(run / "rows.jsonl"):
        rows_by_pair.setdefault(r["pair_id"], []).append(r)
    for shard in sorted((run / "align").glob("shard-*.jsonl")):
        for a in read_jsonl(shard):
            got = by_id[a["pair_id"]]
            scores = [b[2] for b in a["beads"] if b[2] is not None and b[0] and b[1]]  # null beads apart
            assert got["beads"] == len(a["beads"])
            assert got["min"] == pytest.approx(min(scores), abs=1e-4)
            assert got["mean"] == pytest.approx(sum(scores) / len(scores), abs=1e-4)
            assert got["null"] == sum(1 for s, t, _ in a["beads"] if not s or not t)
            rows = rows_by_pair[a["pair_id"]]
            assert got["dropped"] == sum(not r["kept"] for r in rows)
            assert got["kept"] == sum(r["kept"] for r in rows)


def test_pair_page_shows_beads_and_dropped_rows_with_reason(run: Path) -> None:
    site = _site(run)
    dropped = next(r for r in read_jsonl(run / "rows.jsonl") if not r["kept"] and r["reason"] == "low-score")
    page = _page_of(site, dropped["pair_id"])
    assert "dropped: low-score" in page
    assert 'lang="ko"' in page and 'lang="en"' in page
    assert 'rel="noopener noreferrer"' in page
    seg = next(s for f in sorted((run / "segment").glob("*.jsonl")) for s in read_jsonl(f) if s["pair_id"] == dropped["pair_id"])
    assert text(seg["ko"][dropped["ko_idx"][0]]) in page
    aligned = next(a for f in sorted((run / "align").glob("*.jsonl")) for a in read_jsonl(f)
                   if a["pair_id"] == dropped["pair_id"])
    assert page.count('<tr id="b') == len(aligned["beads"])


def test_unfinished_run_shows_what_is_there_and_what_is_missing(tmp_path: Path) -> None:
    out = write_synthetic_run(tmp_path / "out", n_pairs=9, shard_size=4, stages=("articles", "pairs", "segment"))
    # a run cut off while aligning: one align shard written out of three
    full = write_synthetic_run(tmp_path / "full", n_pairs=9, shard_size=4)
    (out / "align").mkdir()
    (full / "align" / "shard-00000.jsonl").rename(out / "align" / "shard-00000.jsonl")
    res = write_site(out, progress=False)
    assert any(m.startswith("rows.jsonl") for m in res.missing)
    assert any(m.startswith("summary.json") for m in res.missing)
    assert not any(m.startswith("align:") for m in res.missing)
    assert "5 of 9 pairs not aligned yet" in res.pending
    index = res.index.read_text(encoding="utf-8")
    assert "not finished" in index and "rows.jsonl" in index and "5 of 9 pairs not aligned yet" in index
    ids = _pair_ids(out)
    assert len(list((res.index.parent / "pairs").glob("*.html"))) == 9
    assert "not filtered yet" in _page_of(res.index.parent, ids[0])
    assert "not aligned yet" in _page_of(res.index.parent, ids[8])


def test_run_with_pairs_only_lists_paragraphs(tmp_path: Path) -> None:
    out = write_synthetic_run(tmp_path / "out", n_pairs=3, stages=("pairs",))
    site = _site(out)
    rec = next(iter(read_jsonl(out / "pairs.jsonl")))
    page = _page_of(site, rec["pair_id"])
    assert "not segmented yet" in page and text(rec["ko"]["paragraphs"][0]) in page
    assert len(_index_rows(site)) == 3


def test_malformed_lines_are_skipped_and_counted(run: Path) -> None:
    with open(run / "rows.jsonl", "a", encoding="utf-8") as f:
        f.write("{not json\n")
    shard = sorted((run / "segment").glob("*.jsonl"))[0]
    shard.write_text('["a list, not a record"]\n' + shard.read_text(encoding="utf-8"), encoding="utf-8")
    res = write_site(run, progress=False)
    assert res.problems == 2
    assert "2 malformed records skipped" in res.index.read_text(encoding="utf-8")
    assert len(_index_rows(res.index.parent)) == 23


def test_site_is_self_contained(run: Path) -> None:
    site = _site(run)
    for f in [site / "index.html", *sorted((site / "pairs").glob("*.html"))[:3]]:
        html = f.read_text(encoding="utf-8")
        for ref in re.findall(r'<(?:script|link|img)\b[^>]*(?:src|href)="([^"]*)"', html):
            assert not re.match(r"[a-z]+:|//", ref), f"{f.name} loads {ref} from outside the site"
            assert (f.parent / ref).resolve().is_file(), f"{f.name} refers to missing {ref}"
    assert 'font-family' in (site / "site.css").read_text() and '"Noto Sans KR"' in (site / "site.css").read_text()


def test_histogram_draws_the_threshold(run: Path) -> None:
    site = _site(run, threshold=0.6)
    html = (site / "index.html").read_text(encoding="utf-8")
    beads = [b for f in (run / "align").glob("*.jsonl") for a in read_jsonl(f) for b in a["beads"]]
    below = sum(b[2] < 0.6 for b in beads if b[0] and b[1] and b[2] is not None)
    assert '<svg class="hist"' in html and 'class="threshold"' in html
    assert f"filter threshold 0.6: {below} aligned beads below" in html
    nulls = sum(1 for b in beads if not (b[0] and b[1]) and b[2] is not None)
    assert nulls and re.search(rf"aligned and {nulls} null beads", html)


def test_refuses_to_replace_a_folder_it_did_not_write(run: Path, tmp_path: Path) -> None:
    other = tmp_path / "precious"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(ValueError, match="not written by `align view`"):
        write_site(run, other, progress=False)
    assert (other / "notes.txt").read_text() == "keep me"
    with pytest.raises(ValueError, match="cannot be the run folder"):
        write_site(run, run, progress=False)
    first = _site(run)
    assert _site(run) == first and (first / "index.html").is_file()  # its own site is replaced


def test_escape_helpers() -> None:
    assert "</script" not in script_json({"t": "</script><!--"}) and json.loads(script_json({"t": "</script>"})) == {"t": "</script>"}
    assert safe_url("javascript:alert(1)") is None and safe_url("data:text/html,x") is None
    assert safe_url("https://www.hani.co.kr/arti/1.html") == "https://www.hani.co.kr/arti/1.html"
    assert text('a"b<c>&') == "a&quot;b&lt;c&gt;&amp;"
    names = {page_name("a:b|c"), page_name("a_b_c"), page_name("A:B|C")}
    assert len(names) == 3 and all(re.fullmatch(r"[A-Za-z0-9._-]+\.html", n) for n in names)


def test_cli_prints_index_and_missing(tmp_path: Path) -> None:
    from align.cli import main

    out = write_synthetic_run(tmp_path / "out", n_pairs=4, stages=("pairs", "segment", "align"))
    res = CliRunner().invoke(main, ["view", str(out), "-o", str(tmp_path / "site"), "--quiet"])
    assert res.exit_code == 0, res.output
    assert str((tmp_path / "site" / "index.html").resolve()) in res.output
    assert "rows.jsonl" in res.output
    bad = CliRunner().invoke(main, ["view", str(tmp_path / "nope")])
    assert bad.exit_code != 0 and "not a folder" in bad.output


def _screenshot_module():
    spec = importlib.util.spec_from_file_location("screenshot_view", ROOT / "scripts" / "screenshot_view.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed")
def test_site_renders_in_chromium_without_console_errors(run: Path, tmp_path: Path) -> None:
    site = _site(run)
    shot = _screenshot_module()
    res = shot.check_site(site, tmp_path / "png", pair=page_name(_pair_ids(run)[0]), chromium="/usr/bin/chromium")
    assert res["errors"] == []
    assert res["index_rows"] == 23  # one page of the table holds every pair of this run
    assert res["beads"] > 0
    for png in (res["index_png"], res["pair_png"]):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    # and a page with a script error would have been caught
    (site / "pairs" / "broken.html").write_text("<script>undefinedFunction()</script>")
    _, msgs = shot.rendered_dom(site / "pairs" / "broken.html", "/usr/bin/chromium")
    assert any("undefinedFunction" in m for m in msgs)


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed")
def test_index_sorts_and_filters_in_chromium(run: Path) -> None:
    """The table state comes from the URL hash, so a dumped DOM shows the sorted, filtered view."""
    site = _site(run)
    shot = _screenshot_module()
    keys = [c["key"] for c in _meta(site)["columns"]]
    data = [dict(zip(keys, r)) for r in _index_rows(site)]
    want = [r for r in data if r["method"] == "link" and r["dropped"] > 8]
    assert 0 < len(want) < len(data)
    url = (site / "index.html").resolve().as_uri() + "#sort=mean&dir=desc&q=method%3Dlink+dropped%3E8"
    proc = shot.run_chromium(url, ["--dump-dom"], "/usr/bin/chromium")
    assert shot.console_messages(proc.stderr) == []
    rows = shot.table_rows(proc.stdout)
    got = [dict(zip(keys, r)) for r in rows]
    assert sorted(r["pair"] for r in got) == sorted(r["pair"] for r in want)
    means = [float(r["mean"]) for r in got]
    assert means == sorted(means, reverse=True)
    assert f"{len(want)} of {len(data)} pairs match" in proc.stdout


def test_reads_the_pipeline_folder_names(run: Path) -> None:
    """`align run` writes segment/, align/, skipped-<stage>.jsonl and the split in dataset/."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    (run / "splits.json").unlink()
    ids = _pair_ids(run)
    (run / "dataset" / "unfiltered").mkdir(parents=True)
    for split, part in (("train", ids[:20]), ("test", ids[20:])):
        pq.write_table(pa.table({"pair_id": part}), run / "dataset" / "unfiltered" / f"{split}-00000-of-00001.parquet")
    res = write_site(run, progress=False)
    assert res.missing == [] and res.pending == [] and res.problems == 0
    site = res.index.parent
    split_col, beads_col = COL(site, "split"), COL(site, "beads")
    got = {r[0]: r for r in _index_rows(site)}
    assert {pid: got[pid][split_col] for pid in ids} == {pid: "train" if i < 20 else "test" for i, pid in enumerate(ids)}
    assert all(got[pid][beads_col] for pid in ids)
    assert "extract: no-body" in res.index.read_text(encoding="utf-8")


@pytest.mark.slow
def test_view_of_a_real_pipeline_run(tmp_path: Path) -> None:
    """End to end on the sample corpus: every pair the pipeline wrote gets a full page."""
    import subprocess
    import sys

    out = tmp_path / "out"
    # --overwrite: the folder is new anyway (and `align run` counts its own .lock as foreign content)
    cmd = [sys.executable, "-m", "align.cli", "run", str(ROOT / "corpora" / "sample"), "-o", str(out), "--overwrite"]
    proc = subprocess.run(cmd,
                          capture_output=True, text=True, cwd=ROOT, timeout=900)
    if proc.returncode != 0:
        pytest.fail(f"align run failed: {proc.stderr[-2000:]}")
    res = write_site(out, progress=False)
    assert res.missing == [] and res.problems == 0, (res.missing, res.problems)
    ids = _pair_ids(out)
    assert ids and len(_index_rows(res.index.parent)) == len(ids)
    for pid in ids:
        page = _page_of(res.index.parent, pid)
        assert '<tr id="b0"' in page and "not aligned yet" not in page


def test_threshold_comes_from_the_run(run: Path) -> None:
    from align.atomic import write_json
    from align.digest import file_digest
    from align.view.collect import collect
    from align.view.runfolder import RunFolder

    assert collect(RunFolder(run), progress=False).threshold == 0.5  # run.json settings.filter.min_score
    rows = {"rows.jsonl": file_digest(run / "rows.jsonl")}
    write_json(run / "manifests" / "filter.json", {"settings": {"min_score": 0.25}, "outputs": rows})
    assert collect(RunFolder(run), progress=False).threshold == 0.25  # the manifest of the filter that ran
    write_json(run / "manifests" / "filter.json", {"settings": {"min_score": 0.25}, "outputs": {"rows.jsonl": "0" * 64}})
    assert collect(RunFolder(run), progress=False).threshold == 0.5  # a manifest of other rows is not used
    write_json(run / "run.json", {"corpus": "c", "settings": {"filter": {}}})
    (run / "manifests" / "filter.json").unlink()
    from align.filter import FilterConfig

    assert collect(RunFolder(run), progress=False).threshold == FilterConfig().min_score  # the filter's default
    assert collect(RunFolder(run), threshold=0.7, progress=False).threshold == 0.7  # --threshold wins


def test_rows_of_a_pair_need_not_be_consecutive(run: Path) -> None:
    rows = list(read_jsonl(run / "rows.jsonl"))
    rows.sort(key=lambda r: (r["ko_idx"] or r["en_idx"])[0])  # interleaves the pairs' rows
    write_jsonl(run / "rows.jsonl", rows)
    site = _site(run)
    for pid in _pair_ids(run)[:6]:
        mine = [r for r in rows if r["pair_id"] == pid]
        page = _page_of(site, pid)
        assert page.count('<span class="verdict dropped">') == sum(not r["kept"] for r in mine)
        assert page.count('<span class="verdict kept">') == sum(r["kept"] for r in mine)

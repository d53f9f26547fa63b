"""Report numbers: perfect and empty hypotheses, seeded bootstrap, signatures in the JSON,
breakdowns that equal sacrebleu on the subset, worst sentences, rendered pages."""

from __future__ import annotations

import json
import random

import pytest
from sacrebleu.metrics import BLEU, CHRF
from test_report_data import make_dataset

from align.report.build import build_report
from align.report.html import render_html
from align.report.markdown import render_markdown
from align.report.systems import System
from align.report.testset import load_dataset_split


@pytest.fixture(scope="module")
def testsets(tmp_path_factory):
    d = make_dataset(tmp_path_factory.mktemp("sc") / "ds", n_articles=5, per_article=8, seed=7)
    return {direction: load_dataset_split(d, "test", direction) for direction in ("ko-en", "en-ko")}


def _drop(lines, p, seed):
    rng = random.Random(seed)
    return [" ".join(w for w in x.split() if rng.random() > p) for x in lines]


def _systems(ts, *hyps):
    return [System(f"s{i}", f"s{i}.txt", h, [k for k, x in enumerate(h, 1) if not x]) for i, h in enumerate(hyps)]


@pytest.mark.parametrize("direction", ["ko-en", "en-ko"])
def test_identity_scores_100_and_empty_scores_0(testsets, direction):
    ts = testsets[direction]
    rep = build_report(ts, _systems(ts, ts.refs, [""] * len(ts)), resamples=20, progress=False)
    ident, empty = rep["systems"][0]["scores"], rep["systems"][1]["scores"]
    assert ident["BLEU"]["score"] == 100 and ident["chrF++"]["score"] == 100 and ident["TER"]["score"] == 0
    assert empty["BLEU"]["score"] == 0 and empty["chrF++"]["score"] == 0 and empty["TER"]["score"] == 100
    if direction == "en-ko":
        assert ident["BLEU (char)"]["score"] == 100 and empty["BLEU (char)"]["score"] == 0
    assert empty["BLEU"]["significant"] == "worse" and empty["TER"]["significant"] == "worse"
    assert rep["sanity"]["ok"] and rep["sanity"]["identity"]["BLEU"] == 100 and rep["sanity"]["empty"]["TER"] == 100
    assert "Sanity (ok" in render_markdown(rep)
    assert any("40 of 40 lines are empty" in w for w in rep["warnings"])


def test_bootstrap_is_deterministic_for_a_seed(testsets):
    ts = testsets["ko-en"]
    systems = _systems(ts, _drop(ts.refs, 0.3, 1), _drop(ts.refs, 0.1, 2))
    a = build_report(ts, systems, resamples=50, seed=7, progress=False)
    b = build_report(ts, systems, resamples=50, seed=7, progress=False, jobs=2)
    c = build_report(ts, systems, resamples=50, seed=8, progress=False)
    assert a["systems"] == b["systems"]
    assert a["systems"][1]["scores"]["BLEU"]["score"] == c["systems"][1]["scores"]["BLEU"]["score"]
    assert a["systems"][1]["scores"]["BLEU"]["ci"] != c["systems"][1]["scores"]["BLEU"]["ci"]
    lo, hi = a["systems"][1]["scores"]["BLEU"]["ci_low"], a["systems"][1]["scores"]["BLEU"]["ci_high"]
    assert lo < a["systems"][1]["scores"]["BLEU"]["mean"] < hi


def test_json_carries_every_signature(testsets, tmp_path):
    ts = testsets["en-ko"]
    rep = build_report(ts, _systems(ts, _drop(ts.refs, 0.3, 1), _drop(ts.refs, 0.1, 2)),
                       resamples=30, seed=5, progress=False)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(rep, ensure_ascii=False), encoding="utf-8")
    back = json.loads(path.read_text(encoding="utf-8"))
    sigs = {m["key"]: m for m in back["metrics"]}
    assert set(sigs) == {"BLEU", "BLEU (char)", "chrF++", "TER"}
    for m in sigs.values():
        assert m["signature"].startswith("nrefs:1|") and m["signature"].endswith("version:2.6.0")
        assert m["signature_short"] and m["signature_short"] != m["signature"]
        assert ("bs:30|seed:5" in m["signature"]) == m["significance"]
    assert "tok:ko-mecab" in sigs["BLEU"]["signature"] and "tok:char" in sigs["BLEU (char)"]["signature"]
    assert "nw:2" in sigs["chrF++"]["signature"]
    assert back["systems"][1]["scores"]["BLEU"]["p_value"] is not None
    assert back["systems"][0]["scores"]["BLEU"]["detail"].count("/") == 3  # n-gram precisions, BP...


def test_breakdowns_equal_sacrebleu_on_the_subset(testsets):
    ts = testsets["ko-en"]
    base, other = _drop(ts.refs, 0.3, 1), list(ts.refs)
    other[5] = "completely unrelated words here"
    rep = build_report(ts, _systems(ts, base, other), resamples=0, top=3, progress=False)
    arts = rep["breakdowns"]["articles"]
    assert [a["id"] for a in arts] == [f"hani:test{i}" for i in range(5)] and all(a["sentences"] == 8 for a in arts)
    assert arts[0]["pair_id"] == "test-p0"
    for a_i, art in enumerate(arts):
        rows = range(8 * a_i, 8 * a_i + 8)
        refs = [ts.refs[i] for i in rows]
        expect = BLEU().corpus_score([base[i] for i in rows], [refs]).score
        assert art["scores"]["s0"]["BLEU"] == pytest.approx(expect, abs=1e-3)
        expect = CHRF(word_order=2).corpus_score([other[i] for i in rows], [refs]).score
        assert art["scores"]["s1"]["chrF++"] == pytest.approx(expect, abs=1e-3)
    buckets = rep["breakdowns"]["length_buckets"]
    assert sum(b["sentences"] for b in buckets) == len(ts)
    (loss,) = rep["breakdowns"]["top_losses"]
    assert loss["items"][0]["line"] == 6 and loss["items"][0]["chrf_delta"] < 0
    assert loss["items"][0]["hypothesis"] == "completely unrelated words here"
    assert len(loss["items"]) <= 3


def test_pages_render_every_part_without_outside_resources(testsets):
    ts = testsets["ko-en"]
    rep = build_report(ts, _systems(ts, _drop(ts.refs, 0.3, 1), _drop(ts.refs, 0.1, 2), ts.source),
                       resamples=20, progress=False)
    assert any("copied from the source side" in w for w in rep["warnings"])
    md = render_markdown(rep)
    assert "| baseline: s0 |" in md and "Signatures:" in md and "## Per article (5 articles)" in md
    page = render_html(rep)
    assert page.count("<svg") >= 5 and "<script" not in page
    for outside in ('src="http', 'href="http', "url(", "@import", "<link", "<img"):
        assert outside not in page
    assert "Largest losses of s2" in page

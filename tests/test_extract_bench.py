"""The generic extractor on real pages nobody here wrote, read from ../shared/bench (skipped
where it is absent): the Korean news pages of bench/sites, and a floor on the extraction
benchmark (bench/extract, 181 pages of many sites with their true article text)."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from align.extract import SkipPage, extract_page
from align.extract.boilerplate import is_boilerplate

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
SITES = BENCH / "sites"
EXTRACT = BENCH / "extract"

# a line of any boilerplate kind, should one slip past is_boilerplate inside a paragraph
LEAK = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|ⓒ|무단\s*전재|재배포\s*금지|^\s*[▶☞]|\(끝\)|기사\s*문의|^#\S+(\s+#\S+)*$|^\[사진=[^\]]*\]$|copyright",
    re.IGNORECASE,
)


def site_pages() -> list[dict]:
    if not (SITES / "manifest.json").exists():
        pytest.skip("../shared/bench/sites is absent")
    return json.loads((SITES / "manifest.json").read_text(encoding="utf-8"))


# card-news pages: a slide show of images whose HTML holds no article text (a caption at most)
IMAGE_ONLY = {"chosun_ko_2016091301145.html", "chosun_ko_2016091301378.html", "chosun_ko_2016091301750.html"}


@pytest.mark.slow
@pytest.mark.parametrize("with_recipes", [False, True], ids=["generic", "recipes"])
def test_real_korean_pages_give_their_body_and_no_boilerplate(with_recipes: bool) -> None:
    """Every page with article text gives 500+ characters of body in its language, no line of
    any boilerplate kind; without recipes the image-only pages are skipped as no-body."""
    for entry in site_pages():
        path = SITES / entry["file"]
        try:
            a = extract_page(path.read_bytes(), entry.get("url"), str(path), recipes=None if with_recipes else [])
        except SkipPage as e:
            assert path.name in IMAGE_ONLY and e.reason == "no-body", f"{path.name}: {e.reason}: {e.detail}"
            continue
        assert a.lang == entry["lang"], path.name
        if path.name not in IMAGE_ONLY:
            assert sum(len(p) for p in a.paragraphs) >= 500, f"{path.name}: body too short"
        elif not with_recipes:
            pytest.fail(f"{path.name}: an image-only page gave a body: {a.paragraphs}")
        for p in a.paragraphs:
            assert not is_boilerplate(p), f"{path.name}: {p!r}"
            assert not LEAK.search(p), f"{path.name}: boilerplate left in {p!r}"


def test_embedded_json_body_of_a_real_next_page() -> None:
    """Hankook Ilbo's 2026 page is rendered by Next.js: its HTML has no article text, its
    streamed payload does."""
    path = SITES / "pages" / "hankookilbo_ko_A2026012914320005196.html"
    if not path.exists():
        pytest.skip("../shared/bench/sites is absent")
    a = extract_page(path.read_bytes(), None, str(path), recipes=[])
    assert a.lang == "ko" and sum(len(p) for p in a.paragraphs) > 1500
    assert not any("$$" in p for p in a.paragraphs)


def load_scorer():
    spec = importlib.util.spec_from_file_location("extract_bench_score", EXTRACT / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_extract_bench_floor() -> None:
    """Bag-of-words F1 of the extracted text against the truth, averaged over the pages (the
    benchmark's `bag F1`; 0.974 when written, trafilatura 0.944): a floor, not the figure."""
    if not (EXTRACT / "ground-truth.json").exists():
        pytest.skip("../shared/bench/extract is absent")
    score = load_scorer()
    truth = json.loads((EXTRACT / "ground-truth.json").read_text(encoding="utf-8"))
    f1s, skipped = [], Counter()
    for path in sorted((EXTRACT / "pages").glob("*.html")):
        true = truth[path.stem]["articleBody"]
        try:
            text = "\n".join(extract_page(path.read_bytes(), None, str(path)).paragraphs)
        except SkipPage as e:
            skipped[e.reason] += 1
            assert len(true) < 500, f"{path.name}: skipped ({e.reason}) with {len(true)} characters of article text"
            text = ""
        f1s.append(score.bag_prf(true, text)[2])
    assert len(f1s) == 181
    assert sum(f1s) / len(f1s) >= 0.95, f"bag F1 {sum(f1s) / len(f1s):.3f}, skipped {dict(skipped)}"

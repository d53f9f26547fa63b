"""Recipe extraction against the generic (readability-style) fallback, on the sample corpus.

For every sample page the sources say what the body text is (corpora/sample/make_pages.py);
this prints, for both extractors: pages kept, pages whose paragraphs are exactly right,
recall of the true sentences, extra text that is not body (boilerplate that leaked), and
whether the date and the English page's Korean original were found (the original counts when
its id, or its URL canonicalised with that extractor's recipes, is the right one), and
milliseconds a page (noisy on a shared machine: rerun to compare). The generic extractor's
line patterns were written after looking at this sample, so its text figures here flatter
it; the metadata columns are what a recipe adds.

    .venv/bin/python scripts/measure_extract.py
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

from align.extract import SkipPage, extract_page
from align.extract.recipes import load_recipes
from align.urls import canonical_url

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"


def load_generator():
    spec = importlib.util.spec_from_file_location("sample_make_pages", SAMPLE / "make_pages.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def main() -> None:
    mp = load_generator()
    truth: dict[str, tuple[list[str], list[str]]] = {}  # page path -> (paragraphs, sentences)
    originals: dict[str, tuple[str, str]] = {}  # English page -> (id, URL) of its Korean original in the corpus
    for s in mp.load_sources():
        if s.get("truncated") == "yes":
            continue
        for lang in ("ko", "en"):
            if getattr(s, lang) is not None:
                rel = f"{s['site']}/{lang}/{s[lang + '_id']}.html"
                truth[rel] = (mp.page_paragraphs(s, lang), mp.page_sentences(s, lang))
                if lang == "en" and s.ko is not None:
                    originals[rel] = (f"{s['site']}:{s['ko_id']}", mp.page_url(s, "ko"))
    pages = {p.relative_to(SAMPLE / "pages").as_posix(): p.read_bytes() for p in sorted((SAMPLE / "pages").rglob("*.html"))}
    print(f"{len(truth)} article pages with known text ({len(pages)} pages in all)")
    print("| extractor | kept | exact | sentence recall | leaked chars | leaked paragraphs | dated | original named | non-articles skipped | ms/page |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, recipes in (("recipes", load_recipes()), ("generic", [])):
        kept = exact = found = total = leaked_chars = leaked_paras = dated = named = refused = 0
        t0 = time.perf_counter()
        for rel, data in pages.items():
            try:
                a = extract_page(data, None, rel, recipes)
            except SkipPage:
                a = None
            if rel not in truth:
                refused += a is None
                continue
            paras, sents = truth[rel]
            total += len(sents)
            if a is None:
                continue
            kept += 1
            dated += a.date is not None
            if rel in originals:
                # named right: by id, or by a URL that canonicalises (with this extractor's recipes) to the original's
                ko_id, ko_url = originals[rel]
                named += a.original_id == ko_id or (a.original_url is not None and canonical_url(a.original_url, recipes) == ko_url)
            exact += a.paragraphs == paras
            body = " ".join(a.paragraphs)
            found += sum(1 for s in sents if s in body)
            true_body = " ".join(paras)
            extra = [p for p in a.paragraphs if p not in true_body]
            leaked_paras += len(extra)
            leaked_chars += sum(len(p) for p in extra)
        ms = (time.perf_counter() - t0) * 1000 / len(pages)
        print(
            f"| {name} | {kept}/{len(truth)} | {exact}/{len(truth)} | {found / total:.3f} | {leaked_chars} | {leaked_paras}"
            f" | {dated}/{kept} | {named}/{len(originals)} | {refused}/{len(pages) - len(truth)} | {ms:.1f} |"
        )


if __name__ == "__main__":
    main()

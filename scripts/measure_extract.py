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

With --bench it measures instead on the real pages of ../shared/bench/extract (181 pages of
many sites, with their true article text), in one process: this project's extractor (no
recipe fits these sites: the generic one), trafilatura and resiliparse if installed; the
metrics of the bench's score.py (bag and AEB P/R/F1), on all pages and on the two halves
split by a hash of the page name (one to develop on, one to check that the figures hold),
and pages per CPU second (process time, steadier than wall time on a shared machine;
parsing included, process start not):

    .venv/bin/python scripts/measure_extract.py --bench

With --cli-rounds N it times, N times over, what score.py --peers times once: the
`align extract` command on the bench's pages (process start included, wall time) and
trafilatura over the same pages in a fresh process (its import included, as score.py times
it), the two in turns whose order alternates from round to round (on a shared machine whose
speed drifts, one order would favour one side). It prints each round's pages/s and ratio, then
their spread, median and how many rounds reached 5x:

    .venv/bin/python scripts/measure_extract.py --cli-rounds 20

With --realworld DIR it runs the checks of trafilatura's own regression tests (the `tests`
folder of a trafilatura checkout: realworld_tests.py's test_extract and its cache/ of real
pages): each `assert "..." in result` / `not in result` is counted as passed or failed for each
extractor. Pages nobody here looked at while writing the extractor, but the checks were written
for trafilatura's output (comments included, for one), so trafilatura passes all by design:

    .venv/bin/python scripts/measure_extract.py --realworld /path/to/trafilatura/tests

With --sites it reads the real Korean news pages of ../shared/bench/sites with each
extractor (this project's without recipes) and counts the pages given a body of 500+
characters and the lines of a boilerplate kind left in (reporter e-mail lines, copyright
lines, promotion lines, "(끝)", tip-off lines, hashtag lines, photo credits):

    .venv/bin/python scripts/measure_extract.py --sites
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from align.extract import SkipPage, extract_page
from align.extract.recipes import load_recipes
from align.urls import canonical_url

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"
BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "extract"


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


def load_scorer():
    spec = importlib.util.spec_from_file_location("extract_bench_score", BENCH / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def half_of(name: str) -> int:
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2


def project_text(data: bytes, name: str) -> str:
    try:
        return "\n".join(extract_page(data, None, name).paragraphs)
    except SkipPage:
        return ""


def peers() -> dict:
    out = {"project": project_text}
    try:
        import trafilatura

        out["trafilatura"] = lambda data, name: trafilatura.extract(data) or ""
    except ImportError:
        print("trafilatura not installed: left out", file=sys.stderr)
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding
        from resiliparse.parse.html import HTMLTree

        def resiliparse_text(data: bytes, name: str) -> str:
            tree = HTMLTree.parse(bytes_to_str(data, detect_encoding(data)))
            return extract_plain_text(tree, main_content=True) or ""

        out["resiliparse"] = resiliparse_text
    except ImportError:
        print("resiliparse not installed: left out", file=sys.stderr)
    return out


def bench() -> None:
    if not (BENCH / "ground-truth.json").exists():
        sys.exit(f"no extraction benchmark at {BENCH}")
    score = load_scorer()
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {p.name: p.read_bytes() for p in sorted((BENCH / "pages").glob("*.html"))}
    halves = {"all": list(pages), "half 0": [n for n in pages if half_of(n) == 0], "half 1": [n for n in pages if half_of(n) == 1]}
    print(f"{len(pages)} pages (half 0: {len(halves['half 0'])}, half 1: {len(halves['half 1'])})")
    print("| extractor | pages | bag P | bag R | bag F1 | AEB P | AEB R | AEB F1 | empty | pages/CPU s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, fn in peers().items():
        fn(next(iter(pages.values())), "warm-up.html")
        t0 = time.process_time()
        texts = {n: fn(data, n) for n, data in pages.items()}
        speed = len(pages) / (time.process_time() - t0)
        for label, names in halves.items():
            pairs = [(truth[Path(n).stem]["articleBody"], texts[n]) for n in names]
            bags = [score.bag_prf(t, p) for t, p in pairs]
            aP, aR, aF = score.aeb_prf(pairs)
            empty = sum(1 for _, p in pairs if not p.strip())
            print(
                f"| {name} | {label} | {statistics.mean(b[0] for b in bags):.3f} | {statistics.mean(b[1] for b in bags):.3f}"
                f" | {statistics.mean(b[2] for b in bags):.3f} | {aP:.3f} | {aR:.3f} | {aF:.3f} | {empty}"
                f" | {f'{speed:.0f}' if label == 'all' else ''} |"
            )


# trafilatura over the bench's pages in a fresh process, timed as score.py times it: from its
# import to its last page (wall seconds and CPU seconds printed)
_PEER_RUN = """
import sys, time
from pathlib import Path
t0, c0 = time.perf_counter(), time.process_time()
import trafilatura
for p in sorted(Path(sys.argv[1]).glob("*.html")):
    trafilatura.extract(p.read_bytes())
print(time.perf_counter() - t0, time.process_time() - c0)
"""


def _project_run(pages: Path) -> tuple[float, float]:
    """(wall s, CPU s) of `align extract` on the pages, as a command (process start included)."""
    align = Path(sys.executable).with_name("align")  # this environment's command, else the one on PATH
    align = align if align.exists() else Path(shutil.which("align") or "align")
    with tempfile.TemporaryDirectory() as tmp:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([str(align), "extract", str(pages), "-o", os.path.join(tmp, "a.jsonl"), "--quiet"],
                       check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def _peer_run(pages: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", _PEER_RUN, str(pages)], check=True, capture_output=True, text=True).stdout
    wall, cpu = map(float, out.split())
    return wall, cpu


def cli_rounds(rounds: int) -> None:
    """score.py --peers's speed comparison, `rounds` times, in alternating order."""
    pages = BENCH / "pages"
    if not pages.is_dir():
        sys.exit(f"no extraction benchmark at {BENCH}")
    if importlib.util.find_spec("trafilatura") is None:
        sys.exit("trafilatura is not installed: nothing to compare with")
    n = sum(1 for _ in pages.glob("*.html"))
    print(f"{n} pages, {rounds} rounds (pages/s: wall, process start or import included; CPU: pages per CPU second)")
    print("| round | order | align extract pages/s | trafilatura pages/s | ratio | CPU ratio |")
    print("|---|---|---|---|---|---|")
    ratios, cpu_ratios = [], []
    for r in range(rounds):
        if r % 2 == 0:
            ours, theirs, order = _project_run(pages), _peer_run(pages), "project first"
        else:
            theirs, ours, order = _peer_run(pages), _project_run(pages), "trafilatura first"
        ratios.append(theirs[0] / ours[0])
        cpu_ratios.append(theirs[1] / ours[1])
        print(f"| {r + 1} | {order} | {n / ours[0]:.1f} | {n / theirs[0]:.1f} | {ratios[-1]:.2f} | {cpu_ratios[-1]:.2f} |",
              flush=True)
    print(f"ratio: {min(ratios):.2f}-{max(ratios):.2f}, median {statistics.median(ratios):.2f}, "
          f"5x or more in {sum(x >= 5 for x in ratios)} of {rounds}; CPU ratio median {statistics.median(cpu_ratios):.2f}")


def realworld(tests: Path) -> None:
    """Count trafilatura's realworld checks passed by each extractor."""
    import ast

    tree = ast.parse((tests / "realworld_tests.py").read_text(encoding="utf-8"))
    mock: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MOCK_PAGES":
            mock = ast.literal_eval(node.value)
    test = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "test_extract")
    print("| extractor | checks passed | failed | pages |")
    print("|---|---|---|---|")
    for name, fn in peers().items():
        texts: dict[str, str] = {}
        result, passed, failed, unread = "", 0, 0, 0
        for st in test.body:
            if isinstance(st, ast.Assign) and isinstance(st.value, ast.Call) and st.value.args:
                arg = st.value.args[0]
                if isinstance(arg, ast.Constant) and arg.value in mock:
                    if arg.value not in texts:
                        texts[arg.value] = fn((tests / "cache" / mock[arg.value]).read_bytes(), arg.value)
                    result = texts[arg.value]
                    continue
            if isinstance(st, ast.Assert):
                try:
                    ok = eval(compile(ast.Expression(st.test), "check", "eval"), {"result": result, "len": len})
                except (NameError, TypeError, AttributeError):  # a check on something else than the text
                    unread += 1
                    continue
                passed += bool(ok)
                failed += not ok
        print(f"| {name} | {passed} | {failed} | {len(texts)} |" + (f" ({unread} checks not read)" if unread else ""))


# a line of a boilerplate kind, found anywhere in an extractor's output
LEAK = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|ⓒ|무단\s*전재|재배포\s*금지|^\s*[▶☞]|\(끝\)|기사\s*문의|^#\S+(\s+#\S+)*$|^\[사진=[^\]]*\]$|copyright",
    re.IGNORECASE,
)


def generic_text(data: bytes, source: str) -> str:
    """The project's extractor without recipes (the generic one)."""
    try:
        return "\n".join(extract_page(data, None, source, recipes=[]).paragraphs)
    except SkipPage:
        return ""


def sites(folder: Path | None = None) -> None:
    folder = folder or BENCH.parent / "sites"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    judged = [e for e in manifest if e.get("truth")]
    score = load_scorer() if judged else None  # (the bench's own bag-of-words F1)
    print("| extractor | bodies of 500+ characters | boilerplate lines left | pages with any"
          + (f" | bag F1 against the fixtures' own text ({len(judged)} pages) |" if judged else " |"))
    print("|---|---|---|---|" + ("---|" if judged else ""))
    for name, peer in peers().items():
        fn = generic_text if name == "project" else peer
        bodies = leaks = leaky = 0
        f1 = []
        for entry in manifest:
            text = fn((folder / entry["file"]).read_bytes(), entry["file"])
            n = sum(1 for line in text.split("\n") if LEAK.search(line))
            bodies += len(text) >= 500
            leaks += n
            leaky += n > 0
            if entry.get("truth"):
                truth = (folder / entry["truth"]).read_text(encoding="utf-8")
                f1.append(score.bag_prf(score.norm(truth), score.norm(text))[2])
        row = f"| {name} | {bodies}/{len(manifest)} | {leaks} | {leaky} |"
        print(row + (f" {statistics.mean(f1):.3f} |" if f1 else ""))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", action="store_true", help="measure on ../shared/bench/extract with the peers")
    ap.add_argument("--cli-rounds", type=int, metavar="N",
                    help="time the align extract command against trafilatura on ../shared/bench/extract N times, alternating")
    ap.add_argument("--realworld", type=Path, metavar="DIR", help="trafilatura's tests folder: count its realworld checks passed")
    ap.add_argument("--sites", nargs="?", type=Path, const=BENCH.parent / "sites", metavar="DIR",
                    help="bodies and boilerplate left on ../shared/bench/sites, or on DIR (scripts/korean_pages.py's)")
    args = ap.parse_args()
    if args.sites:
        sites(args.sites)
    elif args.cli_rounds is not None:
        if args.cli_rounds < 1:
            ap.error(f"--cli-rounds {args.cli_rounds}: must be at least 1")
        cli_rounds(args.cli_rounds)
    elif args.bench:
        bench()
    elif args.realworld:
        realworld(args.realworld)
    else:
        main()

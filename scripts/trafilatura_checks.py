"""trafilatura's real-world checks, run on this project's extractor: a third set of real pages
(mostly German sites and blogs) with lines each page's text must and must not hold.

    .venv/bin/python scripts/trafilatura_checks.py TRAFILATURA_CHECKOUT

TRAFILATURA_CHECKOUT is a checkout of github.com/adbar/trafilatura (not part of this project,
and nothing of it is copied into it). Its tests/realworld_tests.py names a saved page of
tests/cache for each URL (MOCK_PAGES) and, in its test_extract* functions, asserts
`"line" in result` or `"line" not in result` after extracting each. This script reads those
assertions (Python's ast: nothing of the file is run), extracts each page as `align extract`
does without a recipe, and counts the wanted lines found and the unwanted lines left out, white
space folded. The checks were written for trafilatura's output (it passes nearly all of them),
so they favour what it keeps: comments, captions, "Additional reporting by" lines. Read the
figures as a before/after check of a change here, not as a contest.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.extract import SkipPage, extract_page  # noqa: E402

LOADERS = ("do_load_page", "load_mock_page")  # the test helpers that load a page into `result`


def read_checks(source: str) -> tuple[dict[str, str], dict[str, list[tuple[str, bool]]]]:
    """({url: cached file name}, {url: [(line, wanted)]}) from realworld_tests.py's text."""
    tree = ast.parse(source)
    pages: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "MOCK_PAGES" for t in node.targets):
            pages = ast.literal_eval(node.value)
    checks: dict[str, list[tuple[str, bool]]] = {}

    def walk(statements: list[ast.stmt], url: list[str | None]) -> None:
        for st in statements:
            if isinstance(st, ast.Assign) and isinstance(st.value, ast.Call) and getattr(st.value.func, "id", "") in LOADERS:
                arg = st.value.args[0] if st.value.args else None
                url[0] = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            elif isinstance(st, ast.Assert) and url[0]:
                tests = st.test.values if isinstance(st.test, ast.BoolOp) else [st.test]
                for c in tests:
                    if (isinstance(c, ast.Compare) and len(c.ops) == 1 and isinstance(c.ops[0], (ast.In, ast.NotIn))
                            and isinstance(c.left, ast.Constant) and isinstance(c.left.value, str)
                            and isinstance(c.comparators[0], ast.Name) and c.comparators[0].id == "result"):
                        checks.setdefault(url[0], []).append((c.left.value, isinstance(c.ops[0], ast.In)))
            elif isinstance(st, (ast.If, ast.For, ast.With)):
                walk(st.body, url)

    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_extract"):
            walk(node.body, [None])
    return pages, checks


def folded(text: str) -> str:
    return " ".join(text.split())


def run(checkout: Path, show: bool = False) -> dict[str, int]:
    tests = checkout / "tests"
    if not (tests / "realworld_tests.py").is_file():
        raise SystemExit(f"{checkout}: no tests/realworld_tests.py: is it a checkout of adbar/trafilatura?")
    pages, checks = read_checks((tests / "realworld_tests.py").read_text(encoding="utf-8"))
    counts = dict.fromkeys(("pages", "skipped", "wanted", "found", "unwanted", "left_out"), 0)
    for url, lines in checks.items():
        page = tests / "cache" / pages.get(url, "")
        if url not in pages or not page.is_file():
            continue
        counts["pages"] += 1
        try:
            text = folded(" ".join(extract_page(page.read_bytes(), url, str(page), recipes=[]).paragraphs))
        except SkipPage as e:
            counts["skipped"] += 1
            text = ""
            if show:
                print(f"skipped {page.name}: {e.reason}")
        for line, wanted in sorted(set(lines)):
            hit = folded(line) in text
            counts["wanted" if wanted else "unwanted"] += 1
            counts["found" if wanted else "left_out"] += hit if wanted else not hit
            if show and hit != wanted:
                print(f"{'missing' if wanted else 'kept   '} {page.name}: {line[:80]!r}")
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkout", type=Path, help="a checkout of github.com/adbar/trafilatura")
    ap.add_argument("--show", action="store_true", help="print each line missed or kept against its check")
    args = ap.parse_args(argv)
    c = run(args.checkout, args.show)
    print(f"{c['pages']} pages ({c['skipped']} skipped): wanted lines found {c['found']} of {c['wanted']}, "
          f"unwanted lines left out {c['left_out']} of {c['unwanted']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

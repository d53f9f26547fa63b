#!/usr/bin/env python3
"""English sentence splitting: our splitter against pysbd and nupunkt when they are installed
(`pip install pysbd==0.3.4 nupunkt==0.8.0`), on news-English traps, outside test suites and speed.

Usage:
  python scripts/bench_segment.py [--repeat 200] [--golden PATH] [--suite PATH ...]

--golden: pySBD's English golden rules (the Pragmatic Segmenter's rules), read at run time from a
  checkout of https://github.com/nipunsadvilkar/pySBD: its tests/lang/test_english.py, or the
  checkout's folder (then its other English suites are scored too: tests/lang/test_english_clean.py
  and tests/regression/test_issues.py). Get it with
    git clone --depth 1 https://github.com/nipunsadvilkar/pySBD /tmp/pySBD
--treebank: a Universal Dependencies CoNLL-U file whose paragraphs ("# newpar") are split and
  compared with its sentences: exact paragraphs, and precision/recall/F1 of the sentence ends inside
  paragraphs (e.g. en_gum-ud-dev.conllu of https://github.com/UniversalDependencies/UD_English-GUM;
  its genres are reported apart: all, written, news).
--lines: text with one sentence a line (a file or a folder of files), e.g. the English side of the
  aligner's Korean-English news dev set, ../shared/bench/align/ko-en-park-dev/tgt: lines joined five
  to a paragraph, line ends found and cuts made inside lines.
--suite: further suites: a pySBD-style Python test file, the Pragmatic Segmenter's RSpec file
  (spec/pragmatic_segmenter/languages/english_spec.rb of https://github.com/diasks2/pragmatic_segmenter),
  or a sentencex test file (tests/en.txt of https://github.com/wikimedia/sentencex).
Nothing of these suites is copied into the project. For the suites other than the golden rules,
only cases whose expected sentences are the text itself (no cleaning of markup, stray newlines or
dot leaders expected) are scored, with whitespace runs read as one space.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.segment.english import split_english

Case = tuple[str, list[str]]
Splitter = Callable[[str], list[str]]

# Each case: the sentences it must come out as (written for this benchmark).
CASES: list[list[str]] = [
    ["Kim met Putin on Sept. 13, 2023, in Russia.", "The talks lasted four hours."],
    ["The U.S. objected.", "Seoul said nothing."],
    ["N. Korea fired two missiles on Jan. 5.", "Japan protested."],
    ["Dr. Kim Jong-su said growth hit 2.5 percent.", "Others expect less."],
    ["The No. 2 official arrived at 10 a.m. on Monday.", "He left by noon."],
    ["Samsung Electronics Co. Chairman Lee spoke.", "Shares rose."],
    ["He said, “It is over.”", "Then he left."],
    ["“Why?” he asked.", "Nobody answered."],
    ["Gen. Park and Lt. Col. Choi met Mr. Lee at the U.N. headquarters.", "They spoke for an hour."],
    ["Is it true?", "Yes!", "The minister confirmed it."],
    ["Prices rose 3.1 percent in the U.S.", "The rise was the largest since 2008."],
    ["Exports fell to $52.3 billion in Aug.", "Imports rose."],
    ["The vote is set for Oct. 2.", "Turnout may be low."],
    ["N. Korea said no.", "Dr. Kim disagreed."],
]


def _splitters() -> Iterator[tuple[str, Splitter]]:
    yield "align (rule-based)", split_english
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        yield "pysbd 0.3.4", lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    except ImportError:
        pass
    try:
        import nupunkt

        version = getattr(nupunkt, "__version__", "")
        yield f"nupunkt {version}".strip(), lambda t: [str(s).strip() for s in nupunkt.sent_tokenize(t) if str(s).strip()]
    except ImportError:
        pass


# ---- reading outside suites (at run time, from the file the user points to) ----

def _literal(node: ast.AST) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def _as_case(node: ast.AST) -> Case | None:
    """(text, [sentences]) from a tuple or pytest.param(...) whose last two items are those."""
    if isinstance(node, ast.Call):
        items = list(node.args)
    elif isinstance(node, ast.Tuple):
        items = list(node.elts)
    else:
        return None
    if len(items) < 2:
        return None
    text, sents = _literal(items[-2]), _literal(items[-1])
    if isinstance(text, str) and isinstance(sents, list) and all(isinstance(s, str) for s in sents):
        return text, sents
    return None


def read_python_cases(path: Path, variable: str | None = None) -> list[Case]:
    """Cases of every module-level list (or only `variable`) in a pySBD-style test file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    cases: list[Case] = []
    for stmt in tree.body:
        if not (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.List)):
            continue
        names = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
        if variable and variable not in names:
            continue
        for elt in stmt.value.elts:
            case = _as_case(elt)
            if case:
                cases.append(case)
    return cases


_RB_STRING = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''
_RB_SEGMENTER = re.compile(r'Segmenter\.new\(text:\s*(' + _RB_STRING + r')\s*,\s*language:\s*["\']en["\']\s*\)')
_RB_EXPECT = re.compile(r'expect\(ps\.segment\)\.to eq\(\[((?:\s*(?:' + _RB_STRING + r')\s*,?)*)\]\)')
_RB_ITEM = re.compile(_RB_STRING)


def _ruby_string(lit: str) -> str:
    if lit[0] == "'":  # single quotes: only \\ and \' are escapes
        return re.sub(r"\\([\\'])", r"\1", lit[1:-1])
    return ast.literal_eval(lit)  # double quotes: Ruby's escapes here are Python's


def read_rspec_cases(path: Path) -> list[Case]:
    """Cases of the Pragmatic Segmenter's RSpec file that give the text inline with language "en"
    and no other option; each `it` block holds one."""
    cases: list[Case] = []
    for block in re.split(r"\n\s*it ['\"]", path.read_text(encoding="utf-8"))[1:]:
        seg, exp = _RB_SEGMENTER.search(block), _RB_EXPECT.search(block)
        if seg and exp:
            try:
                cases.append((_ruby_string(seg.group(1)), [_ruby_string(s) for s in _RB_ITEM.findall(exp.group(1))]))
            except (ValueError, SyntaxError):
                continue
    return cases


def read_sentencex_cases(path: Path) -> list[Case]:
    """Cases of a sentencex test file (tests/en.txt of https://github.com/wikimedia/sentencex):
    the text, a line "---", one expected sentence a line, a line "==="; "#" lines are comments."""
    cases: list[Case] = []
    text: list[str] = []
    sents: list[str] | None = None  # None while reading the text, a list after "---"
    for line in path.read_text(encoding="utf-8").splitlines() + ["==="]:
        if line.startswith("#") and sents is None and not text:
            continue
        if line.strip() == "---" and sents is None:
            sents = []
        elif line.strip() == "===":
            if text and sents:
                cases.append(("\n".join(text).strip("\n"), sents))
            text, sents = [], None
        elif sents is None:
            text.append(line)
        elif line.strip():
            sents.append(line.replace("\\n", "\n").strip())
    return cases


def read_suite(path: Path) -> list[Case]:
    if path.suffix == ".rb":
        return read_rspec_cases(path)
    if path.suffix == ".txt":
        return read_sentencex_cases(path)
    return read_python_cases(path)


def _ws(s: str) -> str:
    return " ".join(s.split())


def without_cleaning(cases: list[Case]) -> list[Case]:
    """Cases that a splitter can pass without editing the text: the expected sentences, joined,
    are the text (whitespace runs read as one space)."""
    return [(t, e) for t, e in cases if e and _ws(" ".join(e)) == _ws(t)]


def passes(fn: Splitter, cases: list[Case], normalise: bool) -> tuple[int, list[int]]:
    """How many cases come out exactly as expected, and the indices of those that do not."""
    failed = []
    for i, (text, expected) in enumerate(cases):
        try:
            got = [s.strip() for s in fn(text)]
        except Exception:  # noqa: BLE001 (a crash is a failed case, not a failed benchmark)
            got = []
        if normalise:
            got, expected = [_ws(s) for s in got], [_ws(s) for s in expected]
        if got != expected:
            failed.append(i)
    return len(cases) - len(failed), failed


# Transcribed speech in GUM: utterances, not written sentences.
_SPOKEN = {"conversation", "court", "interview", "podcast", "speech", "vlog"}


def read_treebank_paragraphs(path: Path) -> list[tuple[str, list[str], str]]:
    """(paragraph, its sentences, genre) from a Universal Dependencies CoNLL-U file with
    "# newpar" and "# text" lines (e.g. en_gum-ud-dev.conllu of
    https://github.com/UniversalDependencies/UD_English-GUM); the genre is the second field of a
    GUM document id ("GUM_news_iodine" -> "news"), else "". Sentences are joined by a space."""
    out: list[tuple[str, list[str], str]] = []
    sents: list[str] = []
    genre = ""

    def flush() -> None:
        if sents:
            out.append((" ".join(sents), list(sents), genre))
            sents.clear()

    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("# newdoc"):
                flush()
                doc = line.split("=", 1)[-1].strip()
                parts = doc.split("_")
                genre = parts[1] if len(parts) > 2 and parts[0] == "GUM" else ""
            elif line.startswith("# newpar") and not line.startswith("# newpar_"):
                flush()
            elif line.startswith("# text ="):
                sents.append(line.split("=", 1)[1].strip())
    flush()
    return out


def boundary_counts(fn: Splitter, paragraphs: list[tuple[str, list[str], str]]) -> tuple[int, int, int, int]:
    """(paragraphs exactly right, sentence ends found right, found, in the gold), ends inside
    paragraphs only (a paragraph's end is given)."""
    exact = tp = found = gold = 0
    for text, expected, _ in paragraphs:
        got = [s for s in (x.strip() for x in fn(text)) if s]
        exact += [_ws(s) for s in got] == [_ws(s) for s in expected]
        g, e = set(_ends(got)[:-1]), set(_ends(expected)[:-1])
        tp += len(g & e)
        found += len(g)
        gold += len(e)
    return exact, tp, found, gold


def treebank_table(paths: list[Path]) -> None:
    subsets: list[tuple[str, list[tuple[str, list[str], str]]]] = []
    for p in paths:
        paras = read_treebank_paragraphs(p)
        subsets.append((f"{p.name} all", paras))
        written = [x for x in paras if x[2] and x[2] not in _SPOKEN]
        if written:
            subsets.append((f"{p.name} written", written))
        news = [x for x in paras if x[2] == "news"]
        if news:
            subsets.append((f"{p.name} news", news))
    heads = ["splitter"] + [f"{name} ({len(ps)} paragraphs): exact / P / R / F1" for name, ps in subsets]
    print("\n| " + " | ".join(heads) + " |")
    print("|" + "---|" * len(heads))
    for name, fn in _splitters():
        row = [name]
        for _, ps in subsets:
            exact, tp, found, gold = boundary_counts(fn, ps)
            prec, rec = tp / max(found, 1), tp / max(gold, 1)
            f1 = 2 * prec * rec / max(prec + rec, 1e-9)
            row.append(f"{exact} / {prec:.3f} / {rec:.3f} / {f1:.3f}")
        print("| " + " | ".join(row) + " |", flush=True)


def lines_table(paths: list[Path], group: int = 5) -> None:
    """Text with one sentence a line (a folder of such files, e.g. the English side of
    ../shared/bench/align/ko-en-park-dev): every `group` lines of a file joined into a paragraph;
    how many line ends each splitter finds, and how many cuts it makes inside lines (some lines
    of translation corpora hold two sentences, so those are not all errors)."""
    docs: list[list[str]] = []
    for p in paths:
        for f in sorted(p.iterdir()) if p.is_dir() else [p]:
            if f.is_file():
                docs.append([ln.strip() for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()])
    chunks = [d[i:i + group] for d in docs for i in range(0, len(d), group)]
    n_lines = sum(len(c) for c in chunks)
    print(f"\n| splitter | {n_lines:,} lines from {', '.join(str(p) for p in paths)}, {group} to a paragraph: "
          "line ends found | cuts inside lines |")
    print("|---|---|---|")
    for name, fn in _splitters():
        tp = gold = found = 0
        for chunk in chunks:
            got = set(_ends([s.strip() for s in fn(" ".join(chunk)) if s.strip()])[:-1])
            ends = set(_ends(chunk)[:-1])
            tp, gold, found = tp + len(got & ends), gold + len(ends), found + len(got)
        print(f"| {name} | {tp}/{gold} = {tp / max(gold, 1):.3f} | {found - tp} |", flush=True)


def golden_file(path: Path) -> Path:
    if path.is_file():
        return path
    for rel in ("tests/lang/test_english.py", "lang/test_english.py", "test_english.py"):
        if (path / rel).is_file():
            return path / rel
    sys.exit(f"bench_segment: no test_english.py under {path} (give pySBD's tests/lang/test_english.py)")


def _best_time(fn: Splitter, text: str) -> float:
    """The least of up to 5 timed runs, stopping once 2 s have been spent (pysbd takes ~30 s)."""
    times: list[float] = []
    while len(times) < 5 and sum(times) < 2.0:
        t = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - t)
    return min(times)


def _ends(sents: list[str]) -> list[int]:
    pos, ends = 0, []
    for s in sents:
        pos += len(s.replace(" ", ""))
        ends.append(pos)
    return ends


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--repeat", type=int, default=200, help="copies of the cases in the long text")
    ap.add_argument("--golden", type=Path, help="pySBD's tests/lang/test_english.py, or a pySBD checkout")
    ap.add_argument("--suite", type=Path, action="append", default=[], help="a further suite file (.py or .rb)")
    ap.add_argument("--treebank", type=Path, action="append", default=[],
                    help="a CoNLL-U file with paragraphs (# newpar), e.g. UD English GUM's dev or test file")
    ap.add_argument("--lines", type=Path, action="append", default=[],
                    help="a file or folder of one-sentence-a-line text, e.g. ../shared/bench/align/ko-en-park-dev/tgt")
    ap.add_argument("--show-failures", action="store_true", help="print the cases our splitter fails")
    args = ap.parse_args()
    for p in [*args.suite, *args.treebank, *args.lines, *([args.golden] if args.golden else [])]:
        if not p.exists():
            sys.exit(f"bench_segment: {p}: no such file or folder")

    suites: list[tuple[str, list[Case], bool]] = []
    if args.golden:
        gold = golden_file(args.golden)
        cases = read_python_cases(gold, "GOLDEN_EN_RULES_TEST_CASES") or read_python_cases(gold)
        suites.append(("golden rules", cases, False))
        extra = [args.golden / p for p in ("tests/lang/test_english_clean.py", "tests/regression/test_issues.py")]
        args.suite = [p for p in extra if args.golden.is_dir() and p.is_file()] + args.suite
    else:
        print("(no --golden: pySBD's English golden rules not scored; "
              "git clone --depth 1 https://github.com/nipunsadvilkar/pySBD /tmp/pySBD and pass --golden /tmp/pySBD)")
    for p in args.suite:
        all_cases = read_suite(p)
        kept = without_cleaning(all_cases)
        suites.append((f"{p.parent.name}/{p.name} ({len(kept)} of {len(all_cases)} need no cleaning)", kept, True))

    long_text = " ".join(" ".join(c) for c in CASES * args.repeat)
    heads = ["splitter", f"news traps (of {len(CASES)})", "boundaries right"]
    heads += [f"{name}: passed/{len(cases)}" for name, cases, _ in suites]
    heads.append(f"chars/s on {len(long_text):,} chars")
    print("| " + " | ".join(heads) + " |")
    print("|" + "---|" * len(heads))
    failures: dict[str, list[int]] = {}
    for name, fn in _splitters():
        right = sum(fn(" ".join(c)) == c for c in CASES)
        bounds = sum(len(c) - 1 for c in CASES)
        got = 0
        for c in CASES:
            got += len(set(_ends(fn(" ".join(c)))) & set(_ends(c))) - 1
        row = [name, str(right), f"{got}/{bounds}"]
        for sname, cases, norm in suites:
            n, failed = passes(fn, cases, norm)
            row.append(str(n))
            if fn is split_english:
                failures[sname] = failed
        dt = _best_time(fn, long_text)
        row.append(f"{len(long_text) / dt:,.0f}")
        print("| " + " | ".join(row) + " |", flush=True)
    if args.show_failures:
        for sname, cases, _ in suites:
            for i in failures.get(sname, []):
                text, expected = cases[i]
                print(f"\n[{sname} #{i}] {text!r}\n  expected: {expected}\n  got:      {split_english(text)}")
    if args.treebank:
        treebank_table(args.treebank)
    if args.lines:
        lines_table(args.lines)


if __name__ == "__main__":
    main()

"""The L3S-GN1 news pages (Kohlschuetter, Fankhauser, Nejdl: "Boilerplate Detection using Shallow
Text Features", WSDM 2010) as an extraction bench held out from the project's tuning, in the
layout of ../shared/bench/extract, so its score.py reads them.

    .venv/bin/python scripts/l3s_gn1_pages.py L3S_GN1_FOLDER OUT
    .venv/bin/python ../shared/bench/extract/score.py --pages OUT/pages --truth OUT/ground-truth.json --peers

L3S_GN1_FOLDER is the dataset's conversion into single pages (original/<uuid>.html,
annotated/<uuid>.html, url-mapping.txt), or a checkout holding it in a folder named
L3S-GN1-*; L3S grants it for research use only, so nothing of it is copied into this project.
621 news articles of 408 sites, fetched from six English Google News portals in 2008; in each
annotated copy, human assessors wrapped every text block in <span class="x-nc-selN">: 1 headline,
2 full text, 3 supplemental (captions, datelines), 4 related content, 5 comments, 0 not content.

The truth is the text of the chosen labels (default 2, the article's full text: what
`articleBody` means on the other benches; `--labels 1,2,3` is what Bevendorff et al.'s
extraction benchmark kept), in document order, blocks on lines of their own, inline pieces
joined as the page shows them. The annotated copies put a line break around every tag and a "?"
for every character outside Latin-1 (a curly quote, a dash): each run of labelled pieces is looked
up in the original page's text and taken from there (see restore_run); 24 of the 8,232 full-text
runs are not found and are kept as the copy shows them.
Pages with no text of the chosen labels are left out.
"""

from __future__ import annotations

import argparse
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from bench_layout import write_page, write_truth_and_manifest

_LABEL = re.compile(r"\bx-nc-sel(\d)\b")
# Elements that start a line of their own (the rest, a link or a <b>, flow inside the line).
_BLOCK = frozenset("""address article aside blockquote br caption center dd div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav noscript ol p pre section
    table tbody td tfoot th thead tr ul""".split())
_WS = re.compile(r"\s+")


class _Labelled(HTMLParser):
    """The pieces of text of the spans whose innermost x-nc-sel label is among `keep`, as lines of
    runs: a run is pieces with nothing of other labels between them."""

    def __init__(self, keep: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.keep = keep
        self.spans: list[str | None] = []  # the x-nc-sel label each open <span> set (None: none)
        self.lines: list[list[list[str]]] = []
        self.runs: list[list[str]] = []
        self.gap = True  # text of other labels since the last kept piece of this line

    def _label(self) -> str | None:
        return next((lab for lab in reversed(self.spans) if lab is not None), None)

    def _break(self) -> None:
        if self.runs:
            self.lines.append(self.runs)
        self.runs, self.gap = [], True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span":
            m = _LABEL.search(dict(attrs).get("class") or "")
            self.spans.append(m.group(1) if m else None)
        elif tag in _BLOCK:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            if self.spans:
                self.spans.pop()
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data: str) -> None:
        piece = _WS.sub(" ", data).strip()
        if not piece:
            return
        if self._label() in self.keep:
            if self.gap:
                self.runs.append([])
            self.runs[-1].append(piece)
            self.gap = False
        else:
            self.gap = True


def labelled_runs(annotated: str, labels: tuple[str, ...]) -> list[list[list[str]]]:
    """Lines of runs of pieces (see _Labelled) of the labels' text in an annotated copy."""
    parser = _Labelled(frozenset(labels))
    parser.feed(annotated)
    parser.close()
    parser._break()
    return parser.lines


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(html: str) -> str:
    """All the text of a page run together (inline pieces joined as the page joins them)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return _WS.sub(" ", "".join(parser.parts))


def _piece_pattern(piece: str) -> str:
    return "".join(r"(?:\?|[^\x00-\xff]{1,2})" if ch == "?" else (r"\s+" if ch == " " else re.escape(ch))
                   for ch in piece)


def restore_run(pieces: list[str], original_text: str) -> str:
    """A run of pieces as the original page writes it. The annotated copies put a line break
    around every tag (so the pieces of "the <a>meeting</a>, said" lost what joined them) and a
    "?" for every character outside Latin-1: the run is looked up in the original page's text,
    the pieces joined by any whitespace or none and any one or two such characters standing for
    each "?"; not found, the pieces are joined by spaces."""
    m = re.search(r"\s*".join(_piece_pattern(p) for p in pieces), original_text)
    return m.group(0).strip() if m else " ".join(pieces)


def truth_lines(annotated: str, original: str, labels: tuple[str, ...]) -> tuple[list[str], int]:
    """The labels' text as lines, and how many runs were taken from the original page's text with
    other joins or characters than the annotated copy showed."""
    text = page_text(original)
    lines, restored = [], 0
    for runs in labelled_runs(annotated, labels):
        parts = []
        for pieces in runs:
            run = restore_run(pieces, text)
            restored += run != " ".join(pieces)
            parts.append(run)
        lines.append(_WS.sub(" ", " ".join(parts)))
    return lines, restored


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _dataset_folder(checkout: Path) -> Path:
    if (checkout / "annotated").is_dir() and (checkout / "original").is_dir():
        return checkout
    found = sorted(p for p in checkout.glob("L3S-GN1-*") if (p / "annotated").is_dir() and (p / "original").is_dir())
    if not found:
        raise SystemExit(f"{checkout}: no original/ and annotated/ folders: is it the L3S-GN1 dataset (or a checkout holding it)?")
    return found[0]


def _urls(folder: Path) -> dict[str, str]:
    urls: dict[str, str] = {}
    mapping = folder / "url-mapping.txt"
    if mapping.is_file():
        for row in mapping.read_text(encoding="utf-8", errors="replace").splitlines():
            urn, _, url = row.partition("\t")
            m = re.search(r"urn:uuid:([0-9a-f-]+)", urn)
            if m and url.strip():
                urls[m.group(1)] = url.strip()
    return urls


def build(checkout: Path, out: Path, labels: tuple[str, ...] = ("2",)) -> tuple[int, int, int]:
    """Writes OUT/pages/<uuid>.html, OUT/ground-truth.json and OUT/manifest.json; (written, left
    out for want of text of the labels, runs of the truth taken from the original page's text)."""
    folder = _dataset_folder(checkout)
    urls = _urls(folder)
    truth: dict[str, dict[str, str]] = {}
    empty = restored = 0
    for annotated in sorted((folder / "annotated").glob("*.html")):
        original = folder / "original" / annotated.name
        if not original.is_file():
            continue
        page = original.read_bytes()
        lines, fixed = truth_lines(_decode(annotated.read_bytes()), _decode(page), labels)
        if not lines:
            empty += 1
            continue
        restored += fixed
        write_page(out, annotated.stem, page)
        truth[annotated.stem] = {"articleBody": "\n".join(lines), "url": urls.get(annotated.stem, "")}
    write_truth_and_manifest(out, truth, {
        "source": f"L3S-GN1 (Kohlschuetter et al., WSDM 2010; research use only): {folder.name}, "
                  f"human labels {','.join(labels)} as truth",
        "pages": len(truth),
        "left_out": empty,
        "runs_taken_from_the_original": restored,
    })
    return len(truth), empty, restored


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkout", type=Path, help="the L3S-GN1 folder (original/, annotated/) or a checkout holding it")
    ap.add_argument("out", type=Path, help="folder to write: pages/, ground-truth.json, manifest.json")
    ap.add_argument("--labels", default="2", help="x-nc-sel labels kept as truth, comma-separated (default 2: full text)")
    args = ap.parse_args(argv)
    labels = tuple(lab for lab in args.labels.split(",") if lab)
    written, empty, restored = build(args.checkout, args.out, labels)
    print(f"written: {args.out} ({written} pages; {empty} without text of labels {','.join(labels)} left out; "
          f"{restored} runs taken from the original page's text)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

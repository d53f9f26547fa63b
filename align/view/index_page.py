"""The site's index: run totals, what is missing, the score histogram, and the pairs table whose
rows come from chunked data files (data/pairs-NNNN.js) that the page's script sorts and pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import escape as e
from .collect import PairInfo, RunSummary
from .histogram import histogram_svg

# Columns of the pairs table: key (also the filter's `key<x` name), label, tooltip, numeric?
COLUMNS: list[dict[str, Any]] = [
    {"key": "pair", "label": "pair", "help": "article pair id (opens the pair)", "search": True},
    {"key": "min", "label": "min score", "help": "lowest score of a bead with both sides (null beads are counted apart)",
     "num": True, "digits": 3},
    {"key": "mean", "label": "mean score", "help": "mean score of the beads with both sides", "num": True, "digits": 3},
    {"key": "beads", "label": "beads", "help": "number of beads", "num": True},
    {"key": "one", "label": "1-1", "help": "one-to-one beads", "num": True},
    {"key": "null", "label": "null", "help": "unaligned sentences (1-0 and 0-1 beads)", "num": True},
    {"key": "many", "label": "M-N", "help": "many-to-many beads (2-1, 1-2, ...)", "num": True},
    {"key": "kept", "label": "kept", "help": "rows kept by the filter", "num": True},
    {"key": "dropped", "label": "dropped", "help": "rows dropped by the filter", "num": True},
    {"key": "ko_n", "label": "ko sents", "help": "Korean sentences", "num": True},
    {"key": "en_n", "label": "en sents", "help": "English sentences", "num": True},
    {"key": "method", "label": "paired by", "help": "pairing method: link, id or content", "search": True},
    {"key": "pscore", "label": "pair score", "help": "pairing score", "num": True, "digits": 3},
    {"key": "split", "label": "split", "help": "train / validation / test", "search": True},
    {"key": "ko_title", "label": "Korean title", "help": "title of the Korean article", "search": True, "cls": "title", "lang": "ko"},
    {"key": "en_title", "label": "English title", "help": "title of the English article", "search": True, "cls": "title", "lang": "en"},
    {"key": "types", "label": "bead types", "help": "every bead type with its count", "search": True},
]
CHUNK_SIZE = 2000  # pairs a data file: ~0.5 MB, so no single file grows with the run


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def index_row(p: PairInfo, page: str) -> list[Any]:
    """One pair as the table's data row: the COLUMNS in order, then its page's file name."""
    types = " ".join(f"{t}:{n}" for t, n in sorted(p.types.items(), key=lambda x: (-x[1], x[0])))
    aligned = p.n_beads is not None
    values = {
        "pair": p.pair_id,
        "min": _r(p.min),
        "mean": _r(p.mean),
        "beads": p.n_beads,
        "one": p.types.get("1-1", 0) if aligned else None,
        "null": p.n_null if aligned else None,
        "many": p.n_many if aligned else None,
        "kept": p.kept,
        "dropped": p.dropped,
        "ko_n": p.ko_n,
        "en_n": p.en_n,
        "method": p.method,
        "pscore": _r(p.pair_score),
        "split": p.split,
        "ko_title": p.ko_title[:160] or None,
        "en_title": p.en_title[:160] or None,
        "types": types or None,
    }
    return [values[c["key"]] for c in COLUMNS] + [page]


def chunk_js(rows: Iterable[list[Any]]) -> str:
    return f"ALIGN_VIEW.chunk({e.script_json(list(rows))});\n"


def _stat(label: str, value: Any) -> str:
    return f'<div class="stat"><b>{e.text(value)}</b>{e.text(label)}</div>'


def _small_table(items: Iterable[tuple[str, int]], empty: str) -> str:
    rows = "".join(f"<tr><td>{e.text(k)}</td><td class=n>{v}</td></tr>" for k, v in items)
    return f'<table class="small">{rows}</table>' if rows else f'<p class="muted">{e.text(empty)}</p>'


def _flat(v: Any, depth: int = 0) -> str:
    if isinstance(v, dict):
        inner = ", ".join(f"{k} {_flat(x, depth + 1)}" for k, x in v.items())
        return inner if depth == 0 else f"({inner})"
    if isinstance(v, list):
        return f"[{len(v)} items]"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _run_table(run: RunSummary) -> str:
    """run.json's toolkit and settings and summary.json's counts, one line a key."""
    items: list[tuple[str, str]] = []
    info = run.run or {}
    for k in ("toolkit", "created"):
        if k in info:
            items.append((k, _flat(info[k])))
    if isinstance(info.get("settings"), dict):
        items.append(("settings", _flat(info["settings"])))
    for k, v in (run.summary or {}).items():
        items.append((str(k), _flat(v)))
    if not items:
        return '<p class="muted">No run.json or summary.json.</p>'
    rows = "".join(f"<tr><th>{e.text(k)}</th><td>{e.text(v[:400])}</td></tr>" for k, v in items)
    return f'<table class="small runinfo">{rows}</table>'


def render_index(run: RunSummary, chunk_files: list[str], missing: list[str]) -> str:
    pairs = run.pairs.values()
    n_beads = sum(p.n_beads or 0 for p in pairs)
    kept = sum(p.kept or 0 for p in pairs)
    dropped = sum(p.dropped or 0 for p in pairs)
    scores = run.scores
    mean = sum(scores) / len(scores) if len(scores) else None
    corpus = (run.run or {}).get("corpus") or (run.run or {}).get("corpus_path") or ""

    warn = []
    if missing:
        warn.append(
            "<b>This run is not finished, or files are missing.</b> Shown: what is there. Missing:<ul>"
            + "".join(f"<li>{e.text(m)}</li>" for m in missing)
            + "</ul>"
        )
    pending = run.pending()
    if pending:
        warn.append("<ul>" + "".join(f"<li>{e.text(x)}</li>" for x in pending) + "</ul>")
    probs = run.folder.problems
    if probs.total:
        warn.append(
            f"<b>{probs.total} malformed records skipped</b><ul>"
            + "".join(f"<li>{e.text(x)}</li>" for x in probs.examples)
            + "</ul>"
        )
    warn_html = "".join(f'<div class="box warn">{w}</div>' for w in warn)

    thr = run.threshold
    stats = "".join(
        [
            _stat("article pairs", len(run.pairs)),
            _stat("beads", n_beads),
            _stat("rows kept", kept),
            _stat("rows dropped", dropped),
            _stat("mean score (aligned beads)", "–" if mean is None else f"{mean:.3f}"),
            _stat("filter threshold", "unknown" if thr is None else f"{thr:g}"),
        ]
    )
    unscored = f'<p class="muted">{run.unscored_beads} beads have no score and are not drawn.</p>' if run.unscored_beads else ""
    meta = {
        "columns": COLUMNS,
        "pageIndex": len(COLUMNS),
        "defaultSort": "min",
        "threshold": thr,
    }
    scripts = "".join(f'<script src="{e.attr(f)}"></script>' for f in chunk_files)
    skipped = _small_table(((f"{s}: {r}", n) for (s, r), n in run.skipped.most_common()), "nothing skipped")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Alignments · {e.text(corpus) or "align run"}</title>
<link rel="stylesheet" href="site.css"></head>
<body><main>
<h1>Alignments of <code>{e.text(corpus) or e.text(run.folder.out.name)}</code></h1>
{warn_html}
<div class="stats">{stats}</div>
<h2>Bead scores</h2>
{histogram_svg(scores, thr, run.null_scores)}
{unscored}
<div class="cols">
<div><h2>Bead types</h2>{_small_table(run.bead_types.most_common(), "no beads yet")}</div>
<div><h2>Rows dropped, by reason</h2>{_small_table(run.drop_reasons.most_common(), "none dropped (or not filtered yet)")}</div>
<div><h2>Skipped, by stage and reason</h2>{skipped}</div>
</div>
<details><summary>Run settings and summary</summary>{_run_table(run)}</details>
<h2>Article pairs</h2>
<p class="muted">Worst first: sorted by the lowest score of a bead with both sides. Click a column to sort by it. The filter takes words
(matched in ids, titles, method, split, bead types) and comparisons such as <code>min&lt;0.5</code>,
<code>dropped&gt;0</code>, <code>method=content</code>, <code>null&gt;=2</code>.</p>
<div class="controls">
<input type="search" id="filter" placeholder="filter: words, or min<0.5 dropped>0 method=content" aria-label="filter pairs">
<label><input type="checkbox" id="below"> only pairs with a bead under the threshold</label>
<label>per page <select id="pagesize"><option>50</option><option>100</option><option>250</option><option>1000</option></select></label>
<span id="count" class="muted"></span>
<span class="pager"><button data-page="first">«</button> <button data-page="prev">‹</button>
<span class="pageno"></span> <button data-page="next">›</button> <button data-page="last">»</button></span>
</div>
<noscript><p class="box warn">The pairs table needs JavaScript; every pair's page is in the pairs/ folder.</p></noscript>
<div class="tablewrap"><table class="pairs"><thead><tr></tr></thead><tbody></tbody></table></div>
<div class="controls pager"><button data-page="first">«</button> <button data-page="prev">‹</button>
<span class="pageno"></span> <button data-page="next">›</button> <button data-page="last">»</button></div>
</main>
<script src="index.js"></script>
{scripts}
<script>ALIGN_VIEW.init({e.script_json(meta)});</script>
</body></html>
"""

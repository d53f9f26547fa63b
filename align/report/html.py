"""The report as one self-contained HTML page: inline CSS and SVG, no script, no external file,
so it can be mailed, attached to a paper's supplement, or opened offline."""

from __future__ import annotations

from typing import Any

from ..view.escape import attr
from ..view.escape import text as escape  # escaped; bidi and control characters shown as U+XXXX
from .markdown import plural
from .sanity import sanity_line
from .svg import article_plot, bucket_plot, ci_plot

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font-size:12px;background:#f5f5f5;padding:1px 4px;word-break:break-all}
.muted{color:#666}.small{font-size:12px}.ok{color:#0a7a32}.bad{color:#b00020;font-weight:bold}
.warn{background:#fff6e0;padding:8px 12px;border-left:4px solid #E69F00}
.cc{font-size:10px;border:1px solid #c99;color:#933;padding:0 2px;border-radius:2px}
.better{color:#0a7a32;font-weight:bold}.worse{color:#b00020;font-weight:bold}td.text{max-width:260px}figure{margin:12px 0}
"""


def _metric_label(m: dict[str, Any], tgt: str) -> str:
    return "BLEU (ko-mecab)" if m["key"] == "BLEU" and tgt == "ko" else m["key"]


def _table(header: list[str], rows: list[list[str]], num_from: int = 1) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="{"num" if j >= num_from else "text"}">{c}</td>' for j, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: dict[str, Any]) -> str:
    ts, settings, metrics, systems = report["testset"], report["settings"], report["metrics"], report["systems"]
    bd = report["breakdowns"]
    names = [s["name"] for s in systems]
    tgt = ts["tgt_lang"]
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>MT evaluation: {attr(ts['origin'])}</title><style>{_CSS}</style></head><body>"]
    parts.append(f"<h1>MT evaluation: {escape(ts['origin'])}</h1>")
    info = plural(ts["sentences"], "sentence") + (f", {plural(ts['articles'], 'article')}" if ts["articles"] else "")
    info += f"; baseline <b>{escape(settings['baseline'])}</b>"
    if settings["resamples"] > 0:
        info += (f"; paired bootstrap resampling ({settings['resamples']} resamples, seed {settings['seed']}): "
                 "μ ± 95% CI, p against the baseline; p &lt; 0.05 in <span class=\"better\">green: better</span> "
                 "or <span class=\"worse\">red: worse</span>")
    parts.append(f'<p class="muted">{info}. {escape(report["tool"]["name"])} {escape(report["tool"]["version"])}, '
                 f'sacrebleu {escape(report["tool"]["sacrebleu"])}, {report["seconds"]} s.</p>')

    rows = []
    for s in systems:
        cells = [escape(("baseline: " if s["baseline"] else "") + s["name"])]
        for m in metrics:
            e = s["scores"][m["key"]]
            txt = f"{e['score']:.2f}"
            if e.get("significant"):
                txt = f'<span class="{e["significant"]}">{txt} {"↑" if e["significant"] == "better" else "↓"}</span>'
            sub = []
            if e.get("ci") is not None:
                sub.append(f"μ = {e['mean']:.2f} ± {e['ci']:.2f}")
            if e.get("p_value") is not None:
                sub.append(f"p = {e['p_value']:.4f}")
            if sub:
                txt += f'<br><span class="muted small">{escape(", ".join(sub))}</span>'
            cells.append(txt)
        rows.append(cells)
    parts.append("<h2>Scores</h2>" + _table(["System"] + [_metric_label(m, tgt) for m in metrics], rows))
    parts.append("<ul>" + "".join(f"<li>{escape(_metric_label(m, tgt))}: <code>{escape(m['signature'])}</code></li>"
                                  for m in metrics) + "</ul>")
    ok = report["sanity"]["ok"]
    parts.append(f'<p class="{"ok" if ok else "bad"}">{escape(sanity_line(report["sanity"]))}</p>')
    if report["warnings"]:
        parts.append('<div class="warn"><b>Warnings</b><ul>' +
                     "".join(f"<li>{escape(w)}</li>" for w in report["warnings"]) + "</ul></div>")

    parts.append("<h2>Systems" + (" with confidence intervals" if settings["resamples"] > 0 else "") + "</h2>")
    for m in metrics:
        if m["significance"] or settings["resamples"] == 0 and m["key"] != "BLEU (char)":
            parts.append(f"<figure>{ci_plot(systems, m['key'], _metric_label(m, tgt), m['higher_is_better'])}</figure>")

    head_keys = [m["key"] for m in metrics if m["key"] in ("BLEU", "chrF++")]
    if bd["articles"]:
        parts.append(f"<h2>Per article ({len(bd['articles'])})</h2>")
        for k in head_keys:
            parts.append(f"<figure>{article_plot(bd['articles'], names, k)}</figure>")
        rows = [[escape(a["id"]), str(a["sentences"])] + [f"{a['scores'][n][k]:.2f}" for n in names for k in head_keys]
                for a in bd["articles"]]
        parts.append("<details><summary>Table of every article</summary>" +
                     _table(["article", "sentences"] + [f"{n} {k}" for n in names for k in head_keys], rows) + "</details>")
    if bd["length_buckets"]:
        parts.append(f"<h2>By source length</h2><p class=\"muted\">{escape(bd['length_unit'])}</p>")
        parts.append(f"<figure>{bucket_plot(bd['length_buckets'], names, 'BLEU', bd['length_unit'])}</figure>")
        rows = [[escape(b["label"]), str(b["sentences"])] + [f"{b['scores'][n][k]:.2f}" for n in names for k in head_keys]
                for b in bd["length_buckets"]]
        parts.append(_table(["length", "sentences"] + [f"{n} {k}" for n in names for k in head_keys], rows))
    for loss in bd["top_losses"]:
        if not loss["items"]:
            continue
        parts.append(f"<h2>Largest losses of {escape(loss['system'])} against {escape(loss['baseline'])}</h2>"
                     f"<p class=\"muted\">{escape(bd['top_losses_metric'])}</p>")
        rows = [[str(it["line"]), f"{it['chrf_delta']:.1f}", escape(it["source"] or ""), escape(it["reference"]),
                 escape(it["baseline"]), escape(it["hypothesis"])] for it in loss["items"]]
        parts.append(_table(["line", "Δ chrF++", "source", "reference", loss["baseline"], loss["system"]], rows, num_from=9))
    parts.append("</body></html>\n")
    return "".join(parts)

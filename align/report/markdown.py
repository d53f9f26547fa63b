"""The report as Markdown (what `align bleu` prints): scores with confidence intervals and
p-values, signatures, sanity line, warnings, length buckets, articles, worst sentences."""

from __future__ import annotations

from typing import Any

from .sanity import sanity_line

MAX_ARTICLE_ROWS = 30  # more go to --json / --html only


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(map(_cell, header)) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(map(_cell, r)) + " |" for r in rows]
    return out


def format_score(entry: dict[str, Any]) -> str:
    s = f"{entry['score']:.2f}"
    if entry.get("mean") is not None and entry.get("ci") is not None:
        s += f" (μ = {entry['mean']:.2f} ± {entry['ci']:.2f})"
    if entry.get("p_value") is not None:
        s += f" p = {entry['p_value']:.4f}"
        s += {"better": "* ↑", "worse": "* ↓"}.get(entry.get("significant", ""), "")
    return s


def _metric_header(m: dict[str, Any], tgt_lang: str) -> str:
    if m["key"] == "BLEU" and tgt_lang == "ko":
        return "BLEU (ko-mecab)"
    return m["key"]


def render_markdown(report: dict[str, Any]) -> str:
    ts, settings, metrics = report["testset"], report["settings"], report["metrics"]
    lines = [f"# MT evaluation: {ts['origin']}", ""]
    lines.append(plural(ts["sentences"], "sentence") + (f", {plural(ts['articles'], 'article')}" if ts["articles"] else "")
                 + f"; baseline: **{settings['baseline']}**")
    if settings["resamples"] > 0 and len(report["systems"]) > 1:
        lines.append(f"Paired bootstrap resampling, {settings['resamples']} resamples, seed {settings['seed']}: "
                     "μ ± 95% CI; p against the baseline (* p < 0.05: ↑ better, ↓ worse)."
                     + (" BLEU (char): score only, not resampled." if ts["tgt_lang"] == "ko" else ""))
    lines.append("")
    header = ["System"] + [_metric_header(m, ts["tgt_lang"]) for m in metrics]
    rows = []
    for s in report["systems"]:
        label = f"baseline: {s['name']}" if s["baseline"] else s["name"]
        rows.append([label] + [format_score(s["scores"][m["key"]]) for m in metrics])
    lines += _table(header, rows)
    lines += ["", "Signatures:", ""]
    lines += [f"- {_metric_header(m, ts['tgt_lang'])}: `{m['signature']}`" for m in metrics]
    lines += ["", sanity_line(report["sanity"]), ""]
    if report["warnings"]:
        lines += ["Warnings:", ""] + [f"- {w}" for w in report["warnings"]] + [""]

    bd = report["breakdowns"]
    names = [s["name"] for s in report["systems"]]
    head_keys = [m["key"] for m in metrics if m["key"] in ("BLEU", "chrF++")]
    if bd["length_buckets"]:
        lines += [f"## By source length ({bd['length_unit']})", ""]
        header = ["length", "sentences"] + [f"{n} {k}" for n in names for k in head_keys]
        rows = [[b["label"], b["sentences"]] + [f"{b['scores'][n][k]:.2f}" for n in names for k in head_keys]
                for b in bd["length_buckets"]]
        lines += _table(header, rows) + [""]
    if bd["articles"]:
        arts = bd["articles"]
        lines += [f"## Per article ({plural(len(arts), 'article')})", ""]
        if len(arts) > MAX_ARTICLE_ROWS:
            lines += [f"The {MAX_ARTICLE_ROWS} with the most sentences; all of them in --json / --html.", ""]
            arts = sorted(arts, key=lambda a: -a["sentences"])[:MAX_ARTICLE_ROWS]
        header = ["article", "sentences"] + [f"{n} {k}" for n in names for k in head_keys]
        rows = [[a["id"], a["sentences"]] + [f"{a['scores'][n][k]:.2f}" for n in names for k in head_keys]
                for a in arts]
        lines += _table(header, rows) + [""]
    for loss in bd["top_losses"]:
        if not loss["items"]:
            continue
        lines += [f"## Largest losses of {loss['system']} against {loss['baseline']} ({bd['top_losses_metric']})", ""]
        header = ["line", "Δ chrF++", "source", "reference", loss["baseline"], loss["system"]]
        rows = [[it["line"], f"{it['chrf_delta']:.1f}", it["source"] or "", it["reference"], it["baseline"], it["hypothesis"]]
                for it in loss["items"]]
        lines += _table(header, rows) + [""]
    return "\n".join(lines).rstrip() + "\n"

"""Hand-made SVG plots for the HTML report (no plotting library is pinned, and inline SVG keeps
the page one self-contained file that needs no script): scores with confidence whiskers,
per-article scores, per-length-bucket bars. Native <title> elements give hover tooltips."""

from __future__ import annotations

import math
from typing import Any

from ..view.escape import attr as escape  # escaped; bidi and control characters shown as '?'

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About `n` round tick values covering [lo, hi]."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < hi:
        ticks.append(round(t, 10))
    return ticks


def _fmt(v: float) -> str:
    return f"{v:g}"


def ci_plot(systems: list[dict[str, Any]], key: str, title: str, higher_is_better: bool) -> str:
    """One row per system: the score (dot), the bootstrap mean ± 95% CI (whisker), p-value label."""
    row_h, left, right, top = 28, 170, 170, 34
    width = 760
    height = top + row_h * len(systems) + 36
    lows = [s["scores"][key].get("ci_low", s["scores"][key]["score"]) for s in systems]
    highs = [s["scores"][key].get("ci_high", s["scores"][key]["score"]) for s in systems]
    scores = [s["scores"][key]["score"] for s in systems]
    lo, hi = min(lows + scores), max(highs + scores)
    pad = max((hi - lo) * 0.1, 0.5)
    ticks = nice_ticks(max(0.0, lo - pad), hi + pad)
    x0, x1 = ticks[0], ticks[-1]
    plot_w = width - left - right

    def x(v: float) -> float:
        return left + (v - x0) / (x1 - x0) * plot_w

    better = "higher is better" if higher_is_better else "lower is better"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" {FONT}><title>{escape(title)}</title>',
           f'<text x="{left}" y="18" font-weight="bold">{escape(title)} <tspan font-weight="normal" '
           f'fill="#555">({better}; dot = score, whisker = bootstrap mean ± 95% CI)</tspan></text>']
    y_axis = top + row_h * len(systems)
    for t in ticks:
        out.append(f'<line x1="{x(t):.1f}" y1="{top - 6}" x2="{x(t):.1f}" y2="{y_axis}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{x(t):.1f}" y="{y_axis + 16}" text-anchor="middle" fill="#555">{_fmt(t)}</text>')
    base = scores[0]
    out.append(f'<line x1="{x(base):.1f}" y1="{top - 6}" x2="{x(base):.1f}" y2="{y_axis}" '
               f'stroke="{color(0)}" stroke-dasharray="4 3" opacity="0.6"/>')
    for i, s in enumerate(systems):
        e = s["scores"][key]
        cy = top + row_h * i + row_h / 2
        c = color(i)
        name = ("baseline: " if i == 0 else "") + s["name"]
        out.append(f'<text x="{left - 10}" y="{cy + 4:.1f}" text-anchor="end">{escape(name)}</text>')
        tip = f"{s['name']}: {e['score']:.2f}"
        if "ci_low" in e:
            tip += f" (mean {e['mean']:.2f} ± {e['ci']:.2f})"
            out.append(f'<line x1="{x(e["ci_low"]):.1f}" y1="{cy:.1f}" x2="{x(e["ci_high"]):.1f}" y2="{cy:.1f}" '
                       f'stroke="{c}" stroke-width="2"/>')
            for v in (e["ci_low"], e["ci_high"]):
                out.append(f'<line x1="{x(v):.1f}" y1="{cy - 6:.1f}" x2="{x(v):.1f}" y2="{cy + 6:.1f}" '
                           f'stroke="{c}" stroke-width="2"/>')
        label = f"{e['score']:.2f}"
        if e.get("p_value") is not None:
            tip += f", p = {e['p_value']:.4f}"
            label += f"  p={e['p_value']:.3f}{'*' if e['p_value'] < 0.05 else ''}"
        out.append(f'<circle cx="{x(e["score"]):.1f}" cy="{cy:.1f}" r="5" fill="{c}"><title>{escape(tip)}</title></circle>')
        out.append(f'<text x="{width - right + 10}" y="{cy + 4:.1f}">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def _legend(names: list[str], x: float, y: float) -> list[str]:
    out, cx = [], x
    for i, n in enumerate(names):
        out.append(f'<circle cx="{cx + 5}" cy="{y - 4}" r="5" fill="{color(i)}"/>'
                   f'<text x="{cx + 14}" y="{y}">{escape(n)}</text>')
        cx += 24 + 7.5 * len(n)
    return out


def _score_frame(
    vals: list[float], names: list[str], size: tuple[int, int, int, int, int, int], title: str, heading: str
) -> tuple[list[str], Any, float, float]:
    """The frame shared by the score-per-item plots: the svg element with its title and heading,
    the legend, and horizontal grid lines with labels on a 0-based score axis. Returns the parts
    so far, the score -> y mapping, and the plot's width and height."""
    width, height, left, right, top, bottom = size
    ticks = nice_ticks(0.0, max(vals + [1.0]))
    y1 = ticks[-1]
    plot_w, plot_h = width - left - right, height - top - bottom

    def y(v: float) -> float:
        return top + plot_h - v / y1 * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" {FONT}><title>{title}</title>', heading]
    out += _legend(names, left, 32)
    for t in ticks:
        out.append(f'<line x1="{left}" y1="{y(t):.1f}" x2="{width - right}" y2="{y(t):.1f}" stroke="#e5e5e5"/>'
                   f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end" fill="#555">{_fmt(t)}</text>')
    return out, y, plot_w, plot_h


def article_plot(articles: list[dict[str, Any]], names: list[str], key: str) -> str:
    """Each article's score per system, articles sorted by the baseline's score (hover for the id)."""
    width, height, left, right, top, bottom = size = 900, 320, 50, 20, 40, 40
    arts = sorted(articles, key=lambda a: a["scores"][names[0]][key])
    vals = [a["scores"][n][key] for a in arts for n in names]
    heading = (f'<text x="{left}" y="16" font-weight="bold">{escape(key)} per article '
               f'<tspan font-weight="normal" fill="#555">({len(arts)} articles, sorted by the baseline; hover a dot)</tspan></text>')
    out, y, plot_w, plot_h = _score_frame(vals, names, size, f"{escape(key)} per article", heading)
    step = plot_w / max(len(arts), 1)
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle" fill="#555">articles</text>')
    r = 4 if len(arts) <= 60 else 2.5
    for k, a in enumerate(arts):
        cx = left + step * (k + 0.5)
        ys = [y(a["scores"][n][key]) for n in names]
        if len(names) > 1 and len(arts) <= 120:  # beyond that the connectors merge into a grey band
            out.append(f'<line x1="{cx:.1f}" y1="{min(ys):.1f}" x2="{cx:.1f}" y2="{max(ys):.1f}" stroke="#bbb"/>')
        for i, n in enumerate(names):
            tip = f"{a['id']} ({a['sentences']} sentences) {n}: {a['scores'][n][key]:.2f}"
            out.append(f'<circle cx="{cx:.1f}" cy="{ys[i]:.1f}" r="{r}" fill="{color(i)}" fill-opacity="0.85">'
                       f'<title>{escape(tip)}</title></circle>')
    out.append("</svg>")
    return "".join(out)


def bucket_plot(buckets: list[dict[str, Any]], names: list[str], key: str, unit: str) -> str:
    """Grouped bars: the score of each system per source-length bucket (sentence counts below)."""
    width, height, left, right, top, bottom = size = 900, 300, 50, 20, 40, 52
    vals = [b["scores"][n][key] for b in buckets for n in names]
    heading = (f'<text x="{left}" y="16" font-weight="bold">{escape(key)} by source length '
               f'<tspan font-weight="normal" fill="#555">({escape(unit)})</tspan></text>')
    out, y, plot_w, plot_h = _score_frame(vals, names, size, f"{escape(key)} by source length", heading)
    group_w = plot_w / max(len(buckets), 1)
    bar_w = group_w * 0.8 / max(len(names), 1)
    for g, b in enumerate(buckets):
        gx = left + group_w * g + group_w * 0.1
        for i, n in enumerate(names):
            v = b["scores"][n][key]
            out.append(f'<rect x="{gx + bar_w * i:.1f}" y="{y(v):.1f}" width="{bar_w * 0.92:.1f}" '
                       f'height="{top + plot_h - y(v):.1f}" fill="{color(i)}"><title>{escape(n)}, {escape(b["label"])}: '
                       f'{v:.2f}</title></rect>')
        cx = left + group_w * (g + 0.5)
        out.append(f'<text x="{cx:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{escape(b["label"])}</text>'
                   f'<text x="{cx:.1f}" y="{top + plot_h + 31}" text-anchor="middle" fill="#555">n={b["sentences"]}</text>')
    out.append("</svg>")
    return "".join(out)

"""An inline SVG histogram of the run's bead scores, with the filter threshold drawn on it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import escape


def _nice_ticks(lo: float, hi: float, n: int = 6) -> list[float]:
    """Round tick values (1, 2, 5 x 10^k steps) covering [lo, hi]."""
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / n
    mag = 10 ** np.floor(np.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = np.ceil(lo / step) * step
    return [float(round(v, 10)) for v in np.arange(first, hi + step * 1e-9, step)]


def histogram_svg(scores: Sequence[float], threshold: float | None, null_scores: Sequence[float] = (), bins: int = 50) -> str:
    """SVG markup: bead counts by score, aligned beads under the threshold in red, null beads
    (1-0, 0-1) stacked on top in grey (the filter drops those as unaligned whatever their score)."""
    values = np.asarray(scores, dtype=float)
    nulls = np.asarray(null_scores, dtype=float)
    both = np.concatenate([values, nulls])
    if both.size == 0:
        return '<p class="muted">No bead scores yet (alignments missing or unscored).</p>'
    lo, hi = float(both.min()), float(both.max())
    if threshold is not None:
        lo, hi = min(lo, threshold), max(hi, threshold)
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(values, bins=bins, range=(lo, hi))
    null_counts, _ = np.histogram(nulls, bins=bins, range=(lo, hi))
    width, height, left, right, top, bottom = 760, 250, 56, 16, 46, 40
    pw, ph = width - left - right, height - top - bottom
    peak = max(int((counts + null_counts).max()), 1)

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * pw

    def y(c: float) -> float:
        return top + ph - c / peak * ph

    parts = [
        (f'<svg class="hist" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
         f'aria-labelledby="hist-title" xmlns="http://www.w3.org/2000/svg">'),
        (f"<title id=\"hist-title\">Bead scores: {values.size} aligned and {nulls.size} null beads, "
         f"{bins} bins from {lo:.3f} to {hi:.3f}</title>"),
        f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" class="plot"/>',
    ]
    for c, nc, a, b in zip(counts, null_counts, edges[:-1], edges[1:]):
        w = max(x(b) - x(a) - 1, 0.5)
        if c:
            cls = "bar below" if threshold is not None and b <= threshold else "bar"
            parts.append(
                f'<rect class="{cls}" x="{x(a):.1f}" y="{y(c):.1f}" width="{w:.1f}" height="{top + ph - y(c):.1f}">'
                f"<title>{a:.3f} to {b:.3f}: {int(c)} aligned beads</title></rect>"
            )
        if nc:
            parts.append(
                f'<rect class="bar null" x="{x(a):.1f}" y="{y(c + nc):.1f}" width="{w:.1f}" height="{y(c) - y(c + nc):.1f}">'
                f"<title>{a:.3f} to {b:.3f}: {int(nc)} null beads</title></rect>"
            )
    for t in _nice_ticks(lo, hi):
        parts.append(
            f'<line class="tick" x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top + ph}" y2="{top + ph + 5}"/>'
            f'<text class="ticklabel" x="{x(t):.1f}" y="{top + ph + 18}" text-anchor="middle">{t:g}</text>'
        )
    for t in _nice_ticks(0, peak, 4):
        if t != int(t):
            continue
        parts.append(
            f'<line class="grid" x1="{left}" x2="{left + pw}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>'
            f'<text class="ticklabel" x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{int(t)}</text>'
        )
    parts.append(
        f'<text class="axislabel" x="{left + pw / 2}" y="{height - 4}" text-anchor="middle">bead score</text>'
        f'<text class="axislabel" x="12" y="{top + ph / 2}" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + ph / 2})">beads</text>'
    )
    legend = [("bar", "aligned beads"), ("bar below", "under the threshold"), ("bar null", "null beads (1-0, 0-1)")]
    lx = left + pw - 470
    for cls, label in legend:
        parts.append(
            f'<rect class="{cls}" x="{lx}" y="8" width="10" height="10"/>'
            f'<text class="ticklabel" x="{lx + 14}" y="17">{label}</text>'
        )
        lx += 20 + 7 * len(label)
    if threshold is not None:
        below_n = int((values < threshold).sum())
        tx = x(threshold)
        anchor = "end" if tx > left + pw * 0.7 else "start"
        dx = -6 if anchor == "end" else 6
        parts.append(
            f'<line class="threshold" x1="{tx:.1f}" x2="{tx:.1f}" y1="{top - 12}" y2="{top + ph}"/>'
            f'<text class="thresholdlabel" x="{tx + dx:.1f}" y="{top - 2}" text-anchor="{anchor}">'
            f"filter threshold {escape.text(f'{threshold:g}')}: {below_n} aligned beads below</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

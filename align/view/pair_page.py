"""One article pair's page: Korean and English side by side, bead by bead, shaded by score."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from . import escape as e
from .collect import PairInfo


@dataclass(frozen=True)
class ScoreScale:
    """How bead scores map to shades: `lo` reddest, `hi` greenest; beads under `threshold` flagged."""

    lo: float
    hi: float
    threshold: float | None

    def hue(self, score: float) -> int:
        t = 0.5 if self.hi <= self.lo else (score - self.lo) / (self.hi - self.lo)
        return round(120 * min(1.0, max(0.0, t)))


@dataclass(frozen=True)
class Nav:
    prev: str | None  # file name of the previous pair's page
    next: str | None
    position: int  # 1-based
    total: int


def _num(x: Any, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _kind_badge(kind: str) -> str:
    a, b = kind.split("-")
    cls = "null" if "0" in (a, b) else "one" if kind == "1-1" else "many"
    title = {"null": "unaligned sentence (null bead)", "many": "many-to-many bead", "one": "one-to-one"}[cls]
    return f'<span class="kind {cls}" title="{title}">{e.text(kind)}</span>'


def _sentences(sents: list[Any], idx: list[int], side: str, problems: list[str]) -> str:
    out = []
    for i in idx:
        if isinstance(i, int) and 0 <= i < len(sents):
            out.append(f'<span class="s" id="{side}-{i}"><sup>{i}</sup>{e.text(sents[i])}</span>')
        else:
            problems.append(f"{side} sentence {i!r} is out of range (the pair has {len(sents)})")
            out.append(f'<span class="s"><sup>{e.text(i)}</sup><span class="badurl">missing sentence</span></span>')
    return " ".join(out)


def _row_key(ko_idx: Any, en_idx: Any) -> tuple[tuple, tuple]:
    return tuple(ko_idx or ()), tuple(en_idx or ())


def _verdict(row: dict[str, Any] | None, filtered: bool) -> tuple[str, str]:
    """(cell html, row class) for a bead's filter verdict."""
    if row is None:
        return ('<span class="verdict none">no row</span>' if filtered else '<span class="verdict none">not filtered yet</span>', "")
    if row.get("kept", True):
        return '<span class="verdict kept">kept</span>', ""
    reason = row.get("reason") or "unspecified"
    return f'<span class="verdict dropped">dropped: {e.text(reason)}</span>', "dropped"


def _bead_rows(
    seg: dict[str, Any], aln: dict[str, Any], rows: list[dict[str, Any]], filtered: bool, scale: ScoreScale, problems: list[str]
) -> tuple[str, list[dict[str, Any]], set[int], set[int]]:
    ko, en = seg.get("ko") or [], seg.get("en") or []
    ko_para, en_para = seg.get("ko_para") or [], seg.get("en_para") or []
    by_key: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        by_key.setdefault(_row_key(r.get("ko_idx"), r.get("en_idx")), r)
    used: set[tuple] = set()
    seen_ko: set[int] = set()
    seen_en: set[int] = set()
    out = []
    last_para: list[Any] = [None, None]
    for n, bead in enumerate(aln.get("beads") or []):
        src, tgt, score = list(bead[0]), list(bead[1]), bead[2]
        score = score if isinstance(score, (int, float)) and not isinstance(score, bool) else None
        seen_ko.update(i for i in src if isinstance(i, int))
        seen_en.update(i for i in tgt if isinstance(i, int))
        kind = f"{len(src)}-{len(tgt)}"
        key = _row_key(src, tgt)
        row = by_key.get(key)
        if row is not None:
            used.add(key)
        verdict, vcls = _verdict(row, filtered)
        classes = [vcls] if vcls else []
        if score is not None and scale.threshold is not None and score < scale.threshold:
            classes.append("below")
        # A bead that starts a new paragraph on either side gets a thick top line.
        for side_no, idx, paras in ((0, src, ko_para), (1, tgt, en_para)):
            ints = [i for i in idx if isinstance(i, int) and 0 <= i < len(paras)]
            if ints:
                if last_para[side_no] is not None and paras[ints[0]] != last_para[side_no] and "newpara" not in classes:
                    classes.append("newpara")
                last_para[side_no] = paras[ints[-1]]
        if score is None:
            shade, strong = "", ""
        else:
            h = scale.hue(score)
            shade = f' style="background:hsl({h} 70% 95%)"'
            strong = f' style="background:hsl({h} 70% 84%)"'
        cells = []
        for side, idx, sents in (("ko", src, ko), ("en", tgt, en)):
            if idx:
                cells.append(f'<td class="text" lang="{side}"{shade}>{_sentences(sents, idx, side, problems)}</td>')
            else:
                cells.append('<td class="empty">no counterpart (unaligned)</td>')
        out.append(
            f'<tr id="b{n}" class="{" ".join(classes)}"><td class="meta"><a href="#b{n}">{n}</a></td>'
            f'<td class="meta">{_kind_badge(kind)}</td><td class="meta score"{strong}>{_num(score)}</td>'
            f'{cells[0]}{cells[1]}<td class="meta">{verdict}</td></tr>'
        )
    stray = [r for k, r in by_key.items() if k not in used]
    return "\n".join(out), stray, seen_ko, seen_en


def _side_by_side(ko: list[Any], en: list[Any], label: str) -> str:
    lines = []
    for i in range(max(len(ko), len(en))):
        k = f'<td class="text" lang="ko"><span class="s"><sup>{i}</sup>{e.text(ko[i])}</span></td>' if i < len(ko) else "<td></td>"
        g = f'<td class="text" lang="en"><span class="s"><sup>{i}</sup>{e.text(en[i])}</span></td>' if i < len(en) else "<td></td>"
        lines.append(f"<tr>{k}{g}</tr>")
    return (
        f'<table class="beads paras"><thead><tr><th lang="ko">한국어 ({label})</th><th>English ({label})</th></tr></thead>'
        f"<tbody>{''.join(lines)}</tbody></table>"
    )


def _nav(nav: Nav) -> str:
    prev = (f'<a href="{e.attr(nav.prev)}" data-nav="prev" rel="prev">← previous</a>' if nav.prev
            else '<span class="muted">← previous</span>')
    nxt = f'<a href="{e.attr(nav.next)}" data-nav="next" rel="next">next →</a>' if nav.next else '<span class="muted">next →</span>'
    return (
        f'<nav class="top"><a href="../index.html" data-nav="index">↑ all pairs</a>{prev}{nxt}'
        f'<span class="muted">pair {nav.position} of {nav.total} (run order) · keys <kbd>←</kbd> <kbd>→</kbd> <kbd>u</kbd></span>'
        f'<span class="spacer"></span></nav>'
    )


def render_pair_page(
    info: PairInfo,
    nav: Nav,
    scale: ScoreScale,
    seg: dict[str, Any] | None,
    aln: dict[str, Any] | None,
    rows: list[dict[str, Any]],
    filtered: bool,
    pair_rec: dict[str, Any] | None = None,
) -> str:
    """The full HTML of one pair's page. `filtered`: rows.jsonl exists for the run."""
    problems: list[str] = []
    types = ", ".join(f"{t} ×{n}" for t, n in sorted(info.types.items(), key=lambda x: (-x[1], x[0])))
    meta = [
        ("Korean", f'<span lang="ko">{e.text(info.ko_title) or "<i class=muted>no title</i>"}</span><br>{e.link(info.ko_url)}'),
        ("English", f'<span lang="en">{e.text(info.en_title) or "<i class=muted>no title</i>"}</span><br>{e.link(info.en_url)}'),
        ("date", e.text(info.date or "–")),
        ("paired by", f"{e.text(info.method or '–')}, score {_num(info.pair_score)}"),
        ("split", e.text(info.split or "–")),
        ("sentences", f"{info.ko_n if info.ko_n is not None else '–'} Korean, {info.en_n if info.en_n is not None else '–'} English"),
        (
            "beads",
            "–"
            if info.n_beads is None
            else f"{info.n_beads} ({e.text(types)}); score of the aligned ones: mean {_num(info.mean)}, min {_num(info.min)}"
            + (f" · aligner <code>{e.text(info.aligner)}</code>" if info.aligner else ""),
        ),
        ("rows", "not filtered yet" if info.kept is None else f"{info.kept} kept, {info.dropped} dropped"),
    ]
    head = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in meta)

    body: list[str] = []
    if seg is not None and aln is not None:
        bead_html, stray, seen_ko, seen_en = _bead_rows(seg, aln, rows, filtered, scale, problems)
        reasons = Counter(str(r.get("reason") or "unspecified") for r in rows if not r.get("kept", True))
        thr = ("" if scale.threshold is None
               else f' · <span style="color:var(--bad)">▍</span>score under the filter threshold {scale.threshold:g}')
        body.append(
            f'<div class="legend"><span>shade by bead score: {scale.lo:.2f} <span class="scale"></span> {scale.hi:.2f}</span>'
            f'<span>{_kind_badge("1-0")} unaligned sentence</span><span>{_kind_badge("2-1")} many-to-many</span>'
            f"<span>thick line: new paragraph{thr}</span></div>"
        )
        if reasons:
            body.append(
                '<p>Dropped by the filter: '
                + ", ".join(f"{e.text(r)} ×{n}" for r, n in reasons.most_common())
                + "</p>"
            )
        body.append(
            '<table class="beads"><thead><tr><th class="w-num">#</th><th class="w-kind">type</th><th class="w-score">score</th>'
            '<th lang="ko">한국어</th><th>English</th><th class="w-verdict">filter</th></tr></thead>'
            f"<tbody>{bead_html}</tbody></table>"
        )
        ko, en = seg.get("ko") or [], seg.get("en") or []
        lost_ko = [i for i in range(len(ko)) if i not in seen_ko]
        lost_en = [i for i in range(len(en)) if i not in seen_en]
        if lost_ko or lost_en:
            problems.append(f"sentences in no bead: Korean {lost_ko or '-'}, English {lost_en or '-'}")
        if stray:
            items = "".join(
                f'<li>{e.text(r.get("ko_idx"))}:{e.text(r.get("en_idx"))} '
                f'{"kept" if r.get("kept", True) else "dropped: " + e.text(r.get("reason") or "unspecified")}: '
                f'<span lang="ko">{e.text(r.get("ko"))}</span> | <span lang="en">{e.text(r.get("en"))}</span></li>'
                for r in stray
            )
            body.append(f"<h2>Rows with no matching bead</h2><ul>{items}</ul>")
    elif seg is not None:
        body.append('<p class="box warn">This pair is not aligned yet: its sentences are listed by position, not aligned.</p>')
        body.append(_side_by_side(seg.get("ko") or [], seg.get("en") or [], "sentences"))
    elif pair_rec is not None:
        body.append('<p class="box warn">This pair is not segmented yet: its paragraphs are listed by position.</p>')
        ko_art: dict[str, Any] = pair_rec["ko"] if isinstance(pair_rec.get("ko"), dict) else {}
        en_art: dict[str, Any] = pair_rec["en"] if isinstance(pair_rec.get("en"), dict) else {}
        body.append(_side_by_side(list(ko_art.get("paragraphs") or []), list(en_art.get("paragraphs") or []), "paragraphs"))
    else:
        body.append('<p class="box warn">No text of this pair in the run folder (pairs.jsonl and segments have no record of it).</p>')
    if problems:
        items = "".join(f"<li>{e.text(p)}</li>" for p in problems)
        body.insert(0, f'<div class="box warn"><b>Problems in this pair\'s records</b><ul>{items}</ul></div>')

    title = e.text(info.en_title or info.ko_title or info.pair_id)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{title} · {e.text(info.pair_id)}</title>"
        '<link rel="stylesheet" href="../site.css"></head><body><main>'
        f"{_nav(nav)}<h1>Pair <code>{e.text(info.pair_id)}</code></h1>"
        f'<table class="meta">{head}</table>'
        + "\n".join(body)
        + f"{_nav(nav)}</main><script src=\"../pair.js\"></script></body></html>\n"
    )

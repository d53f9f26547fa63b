"""A made-up run folder with the pipeline's files, for the viewer's tests and scripts/bench_view.py.

The text is generated from a few words; what matters is the shape of the records (model.py)
and the files the pipeline writes (docs/pipeline.md), not the language."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from align.atomic import write_json, write_jsonl
from align.model import AlignedPair, Article, ArticlePair, Bead, Row, SegmentedPair

_KO = ["정부는", "오늘", "서울에서", "새로운", "정책을", "발표했다", "시민들은", "회의에", "참석했다", "경제", "성장률이", "높아졌다"]
_EN = ["The", "government", "announced", "a", "new", "policy", "in", "Seoul", "today", "citizens", "attended", "meeting", "growth", "rose"]
STAGES = ("articles", "pairs", "segment", "align", "rows", "splits", "summary")


def _sentence(rng: random.Random, words: list[str], end: str) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(5, 14))) + end


def _beads(rng: random.Random, n_ko: int, n_en: int) -> list[Bead]:
    beads: list[Bead] = []
    i = j = 0
    while i < n_ko or j < n_en:
        r = rng.random()
        if i < n_ko and j < n_en:
            a, b = (1, 1) if r < 0.8 else (2, 1) if r < 0.87 else (1, 2) if r < 0.93 else (1, 0) if r < 0.97 else (0, 1)
        else:
            a, b = (1, 0) if i < n_ko else (0, 1)
        a, b = min(a, n_ko - i), min(b, n_en - j)
        if a == b == 0:
            a, b = (1, 0) if i < n_ko else (0, 1)
        null = a == 0 or b == 0
        score = None if null and rng.random() < 0.5 else round(rng.betavariate(5, 2) * (0.3 if null else 1), 4)
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), score))
        i, j = i + a, j + b
    return beads


def synthetic_pairs(
    n_pairs: int, seed: int = 0, inject: dict[int, str] | None = None
) -> Iterator[tuple[ArticlePair, SegmentedPair, AlignedPair]]:
    """Pairs with sentences and beads; `inject[k]` replaces pair k's first sentences and titles."""
    rng = random.Random(seed)
    for k in range(n_pairs):
        n_ko, n_en = rng.randint(8, 30), rng.randint(8, 30)
        ko = [_sentence(rng, _KO, ".") for _ in range(n_ko)]
        en = [_sentence(rng, _EN, ".") for _ in range(n_en)]
        ko_title, en_title = _sentence(rng, _KO, ""), _sentence(rng, _EN, "")
        if inject and k in inject:
            ko[0] = en[0] = ko_title = en_title = inject[k]
        ko_para = [s // 4 for s in range(n_ko)]
        en_para = [s // 4 for s in range(n_en)]
        ko_art = Article(f"hani:{1000 + k}", "ko", f"https://www.hani.co.kr/arti/{1000 + k}.html", ko_title, "2024-05-01",
                         None, [" ".join(ko[p : p + 4]) for p in range(0, n_ko, 4)], site="hani")
        en_art = Article(f"hani-en:{5000 + k}", "en", f"https://english.hani.co.kr/arti/{5000 + k}.html", en_title, "2024-05-02",
                         None, [" ".join(en[p : p + 4]) for p in range(0, n_en, 4)], original_url=ko_art.url, site="hani-en")
        method = "link" if rng.random() < 0.8 else "content"
        score = 1.0 if method == "link" else round(rng.uniform(0.5, 0.95), 3)
        pair = ArticlePair(f"{ko_art.id}|{en_art.id}", ko_art, en_art, method, score)
        seg = SegmentedPair(pair.pair_id, ko, en, ko_para, en_para)
        yield pair, seg, AlignedPair(pair.pair_id, _beads(rng, n_ko, n_en), aligner="synthetic")


def _rows(pair: ArticlePair, seg: SegmentedPair, aligned: AlignedPair, threshold: float) -> Iterator[Row]:
    for b in aligned.beads:
        ko = " ".join(seg.ko[i] for i in b.src)
        en = " ".join(seg.en[j] for j in b.tgt)
        score = b.score if b.score is not None else 0.0
        reason = "empty" if not ko or not en else "low-score" if score < threshold else ""
        yield Row(pair.pair_id, ko, en, list(b.src), list(b.tgt), score, pair.ko.id, pair.en.id, pair.ko.url, pair.en.url,
                  pair.ko.date, pair.method, kept=not reason, reason=reason)


def write_synthetic_run(out: str | Path, n_pairs: int = 20, shard_size: int = 8, seed: int = 0,
                        stages: tuple[str, ...] = STAGES, inject: dict[int, str] | None = None, threshold: float = 0.5) -> Path:
    """Write OUT with the files of the given stages (leave some out to mimic an unfinished run)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "run.json", {"corpus": "synthetic", "settings": {"filter": {"min_score": threshold}}})
    data = list(synthetic_pairs(n_pairs, seed, inject))
    if "articles" in stages:
        write_jsonl(out / "articles.jsonl", (a for p, _, _ in data for a in (p.ko, p.en)))
        write_jsonl(out / "skipped-extract.jsonl", [{"stage": "extract", "source": "page-x.html", "reason": "no-body", "detail": ""}])
    if "pairs" in stages:
        write_jsonl(out / "pairs.jsonl", (p for p, _, _ in data))
    for stage, idx in (("segment", 1), ("align", 2)):
        if stage in stages:
            for s in range(0, n_pairs, shard_size):
                write_jsonl(out / stage / f"shard-{s // shard_size:05d}.jsonl", (d[idx] for d in data[s : s + shard_size]))
    if "rows" in stages:
        write_jsonl(out / "rows.jsonl", (r for p, s, a in data for r in _rows(p, s, a, threshold)))
    if "splits" in stages:
        names = ("train", "validation", "test")
        write_json(out / "splits.json", {p.pair_id: names[k % 10 // 8 + (k % 10 == 9)] for k, (p, _, _) in enumerate(data)})
    if "summary" in stages:
        write_json(out / "summary.json", {"pairs": n_pairs})
    return out

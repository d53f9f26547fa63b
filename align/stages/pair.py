"""pair: each English article with its Korean original (near-duplicates collapsed, then by link
or id, then by content for what is left). One step over the whole collection: content pairing
compares every article with every other."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from .base import Stage, StageContext


def pair_file(articles_path: Path, pairs_path: Path, skipped_path: Path, *, content: bool, threads: int | None,
              progress: bool) -> dict[str, Any]:
    """Pair the articles of one file; write the pairs (sorted by pair id: shards are cut from
    them) and the skipped ones; return the counts. `align pair` and `align run` both call it."""
    from ..atomic import read_jsonl, write_jsonl
    from ..model import Article
    from ..pair import pair_articles

    articles = [Article.from_json(d) for d in read_jsonl(articles_path)]
    pairs, skipped, unpaired = pair_articles(articles, content=content, threads=threads, progress=progress)
    pairs.sort(key=lambda p: p.pair_id)
    write_jsonl(pairs_path, pairs)
    write_jsonl(skipped_path, skipped)
    return {
        "pairs": len(pairs),
        "by_method": dict(Counter(p.method for p in pairs)),
        "unpaired": dict(Counter(a.lang for a in unpaired)),
        "skipped": dict(Counter(s.reason for s in skipped)),
    }


class Pair(Stage):
    name = "pair"
    after = "extract"
    code = ("pair",)

    def settings(self, s: Any) -> dict[str, Any]:
        return {"content_pairing": s.content_pairing, "threads": s.threads}

    def outputs(self, out: Path, counts: dict[str, Any]) -> list[str]:
        return ["pairs.jsonl", "skipped-pair.jsonl"]

    def run(self, ctx: StageContext, settings: dict[str, Any]) -> dict[str, Any]:
        return pair_file(ctx.out / "articles.jsonl", ctx.out / "pairs.jsonl", ctx.out / "skipped-pair.jsonl",
                         content=settings["content_pairing"], threads=settings["threads"], progress=ctx.progress)


PAIR = Pair()

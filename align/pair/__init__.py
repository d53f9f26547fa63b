"""Pairing English articles with their Korean originals, in tiers.

1. near-duplicate pages (one article under two URLs, an updated version) collapse first, so
   they do not compete for the same partner;
2. by link or declared id: the English page names its original;
3. by content, for what is left: only articles that declared no original take part (an English
   page whose linked original is missing from the crawl stays unpaired rather than being
   matched to the wrong article).
"""

from __future__ import annotations

from ..model import Article, ArticlePair, Skipped


def pair_articles(
    articles: list[Article], *, content: bool = True, threads: int | None = None, progress: bool = False
) -> tuple[list[ArticlePair], list[Skipped], list[Article]]:
    """Pairs found (each with its method and score), articles skipped with a reason, and the
    articles left unpaired."""
    from .link import pair_by_link
    from .near_dup import collapse_near_duplicates

    kept, skipped = collapse_near_duplicates(articles)
    pairs, link_skipped, leftover = pair_by_link(kept)
    skipped = list(skipped) + list(link_skipped)
    if content:
        ko = [a for a in leftover if a.lang == "ko"]
        en = [a for a in leftover if a.lang == "en" and not (a.original_url or a.original_id)]
        if ko and en:
            from ..embed import get_encoder
            from .content import pair_by_content

            found = pair_by_content(ko, en, encoder=get_encoder(threads), show_progress=progress)
            pairs += found
            paired = {a.id for p in found for a in (p.ko, p.en)}
            leftover = [a for a in leftover if a.id not in paired]
    return pairs, skipped, leftover


__all__ = ["pair_articles"]

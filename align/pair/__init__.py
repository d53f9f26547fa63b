"""Pairing English articles with their Korean originals, in tiers.

1. near-duplicate pages (one article under two URLs, an updated version) collapse first, so
   they do not compete for the same partner;
2. by link or declared id: the English page names its original;
3. by content, for what is left: only articles that declared no original take part (an English
   page whose linked original is missing from the crawl stays unpaired rather than being
   matched to the wrong article; one whose link was not followed, pointing to itself or to an
   address two pages claim, takes part). A small tier gets link pairs for company: they make
   the chance similarities it is judged against, and are never paired again.
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

            # A tier of a few articles (the link tier paired the rest) has too few unrelated
            # documents to tell a translation from chance; link pairs keep it company, as
            # documents it may match but never pairs.
            company = _company(pairs, len(ko), len(en))
            found = pair_by_content(ko + [p.ko for p in company], en + [p.en for p in company],
                                    encoder=get_encoder(threads), show_progress=progress)
            taken = {p.ko.id for p in company} | {p.en.id for p in company}
            found = [p for p in found if p.ko.id not in taken and p.en.id not in taken]
            pairs += found
            paired = {a.id for p in found for a in (p.ko, p.en)}
            leftover = [a for a in leftover if a.id not in paired]
            # a page whose link to itself was ignored and that content pairing paired lost
            # nothing: its record would count it among the unpaired
            skipped = [s for s in skipped if not (s.reason == "self-link" and s.source in paired)]
    return pairs, skipped, leftover


COMPANY = 64  # link pairs lent at most to a small content tier


def _company(pairs: list[ArticlePair], n_ko: int, n_en: int) -> list[ArticlePair]:
    """Up to COMPANY link pairs, evenly spread over them in pair id order (the same ones
    whatever the input order), for a content tier with fewer than 32 articles on a side."""
    if min(n_ko, n_en) >= 32 or not pairs:
        return []
    ordered = sorted(pairs, key=lambda p: p.pair_id)
    step = max(1, len(ordered) // COMPANY)
    return ordered[::step][:COMPANY]


__all__ = ["pair_articles"]

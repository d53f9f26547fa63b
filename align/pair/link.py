"""Pairing by link or declared id: the English page names its Korean original.

An English article's `original_url` (canonical, from a button or a hreflang link) is looked up
among the Korean articles' canonical URLs; failing that its `original_id` (`site:id`, derived
from the link or declared in a meta tag) among their ids. Method "link" when the page linked
its original, "id" when it only declared the id; score 1.0.
"""

from __future__ import annotations

import hashlib
import re

from ..model import Article, ArticlePair, Skipped
from ..urls import canonical_url

_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")
MAX_PAIR_ID = 120


def pair_id(ko_id: str, en_id: str) -> str:
    """`<ko id>~<en id>`, each id's ':' written '-' and any other character unsafe in a file
    name as '_', e.g. "hanbit-1144501~hanbit-1144561". An id longer than 120 characters keeps
    its first 100 and ends with 16 hex digits of the SHA-1 of the full form, so it stays unique."""
    full = f"{_UNSAFE.sub('_', ko_id.replace(':', '-'))}~{_UNSAFE.sub('_', en_id.replace(':', '-'))}"
    if len(full) <= MAX_PAIR_ID:
        return full
    digest = hashlib.sha1(f"{ko_id}~{en_id}".encode("utf-8")).hexdigest()[:16]
    return f"{full[:100]}-{digest}"


def _body_chars(a: Article) -> int:
    return sum(len(p) for p in a.paragraphs)


def _rank(en: Article, method: str) -> tuple:
    """Which of several English pages claiming one original to keep: a linked claim before a
    declared id, then the longer body (a complete or updated version beats a stub), then
    the later date, then the smallest id (so the choice never depends on input order)."""
    return (method == "link", _body_chars(en), en.date or "")


def pair_by_link(articles: list[Article]) -> tuple[list[ArticlePair], list[Skipped], list[Article]]:
    """Pair each English article with the Korean article its link or declared id names.

    Returns (pairs, skipped, leftover):
    - pairs: one per Korean original claimed, method "link" or "id", score 1.0, sorted by the
      Korean article id;
    - skipped (stage "pair", source = the English article id): "original-missing" when the
      named original is not among the articles, "duplicate-claim" for an English page that
      lost its original to a better claim (the detail says which won and why);
    - leftover: every article not in a pair, Korean and English, in input order (English pages
      with a missing original included: they carry `original_url`/`original_id`, so the
      content tier can tell them apart).
    """
    ko_by_url: dict[str, Article] = {}
    ko_by_id: dict[str, Article] = {}
    for a in sorted((a for a in articles if a.lang == "ko"), key=lambda a: a.id):
        if a.url:
            ko_by_url.setdefault(canonical_url(a.url), a)
        ko_by_id.setdefault(a.id, a)

    claims: dict[str, list[tuple[Article, str]]] = {}
    skipped: list[Skipped] = []
    for en in (a for a in articles if a.lang == "en"):
        if not (en.original_url or en.original_id):
            continue
        ko = None
        if en.original_url:
            ko = ko_by_url.get(canonical_url(en.original_url))
        if ko is None and en.original_id:
            ko = ko_by_id.get(en.original_id)
        if ko is None:
            named = " / ".join(x for x in (en.original_url, en.original_id) if x)
            skipped.append(Skipped("pair", en.id, "original-missing", f"{en.id} names its original {named}, which is not in the crawl"))
            continue
        claims.setdefault(ko.id, []).append((en, "link" if en.original_url else "id"))

    pairs: list[ArticlePair] = []
    paired: set[str] = set()
    for ko_id in sorted(claims):
        ko = ko_by_id[ko_id]
        # sort by id first: the stable sort below then leaves the smallest id first among equals
        by_id = sorted(claims[ko_id], key=lambda c: c[0].id)
        ranked = sorted(by_id, key=lambda c: _rank(*c), reverse=True)
        en, method = ranked[0]
        for loser, lost_method in ranked[1:]:
            why = _why(en, method, loser, lost_method)
            skipped.append(
                Skipped("pair", loser.id, "duplicate-claim", f"{loser.id} and {en.id} both claim {ko.id}; kept {en.id} ({why})")
            )
        pairs.append(ArticlePair(pair_id(ko.id, en.id), ko, en, method, 1.0))
        paired.update((ko.id, en.id))
    leftover = [a for a in articles if a.id not in paired]
    return pairs, skipped, leftover


def _why(win: Article, win_method: str, lose: Article, lose_method: str) -> str:
    if win_method != lose_method:
        return "it links its original; the other only declares an id"
    if _body_chars(win) != _body_chars(lose):
        return f"longer body: {_body_chars(win)} vs {_body_chars(lose)} characters"
    if (win.date or "") != (lose.date or ""):
        return f"later date: {win.date} vs {lose.date}"
    return "same length and date; the smaller id wins"

"""Pairing by link or declared id: the English page names its Korean original.

An English article's `original_url` (canonical, from a button or a hreflang link) is looked up
among the Korean articles' canonical URLs; failing that its `original_id` (`site:id`, derived
from the link or declared in a meta tag) among their ids. Method "link" when the page linked
its original, "id" when it only declared the id; score 1.0.

A link is only as good as the addresses it joins, so two kinds are not followed (each reported
in the pair stage's skipped records, the English page left to content pairing):
- "url-conflict": two Korean pages of different text claim one canonical URL or article id (an
  impostor, a template bug): which is the real one cannot be told from the address, so neither
  is paired by link, and whichever page reads first no longer decides;
- "self-link": an English page whose "original" link points to itself (`pair_articles` drops
  the record when content pairing pairs the page).
Articles that share an id are given ids of their own ("<id>#<8 hex digits of the SHA-1 of their
text>"; a Korean page sharing its id with one English page keeps it), so no
article downstream stands in for another.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from ..model import Article, ArticlePair, Skipped
from ..regex_cache import compiled
from ..urls import canonical_url

_UNSAFE = compiled(r"[^A-Za-z0-9._~-]+")
MAX_PAIR_ID = 120


def pair_id(ko_id: str, en_id: str) -> str:
    """`<ko id>~<en id>`, each id's ':' written '-' and any other character unsafe in a file
    name as '_', e.g. "hanbit-1144501~hanbit-1144561". An id longer than 120 characters keeps
    its first 100 and ends with 16 hex digits of the SHA-1 of the full form, so it stays unique."""
    full = f"{_UNSAFE.sub('_', ko_id.replace(':', '-'))}~{_UNSAFE.sub('_', en_id.replace(':', '-'))}"
    if len(full) <= MAX_PAIR_ID:
        return full
    digest = hashlib.sha1(f"{ko_id}~{en_id}".encode()).hexdigest()[:16]
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
    - skipped (stage "pair"): "original-missing" when the named original is not among the
      articles, "duplicate-claim" for an English page that lost its original to a better claim
      (the detail says which won and why), both with the English article id as source;
      "url-conflict" (source: the contested URL or id) and "self-link" (source: the English
      id) for links not followed;
    - leftover: every article not in a pair, Korean and English, in input order (English pages
      with a missing original included: they carry `original_url`/`original_id`, so the
      content tier can tell them apart; a page whose link was not followed comes back without
      one, so the content tier tries it).
    """
    articles, skipped, contested = _separate_conflicts(articles)
    ko_by_url: dict[str, Article] = {}
    ko_by_id: dict[str, Article] = {}
    for a in sorted((a for a in articles if a.lang == "ko"), key=lambda a: a.id):
        if a.id in contested.ids:
            continue
        if a.url:
            ko_by_url.setdefault(canonical_url(a.url), a)
        ko_by_id.setdefault(a.id, a)

    claims: dict[str, list[tuple[Article, str]]] = {}
    unfollowed: set[str] = set()  # English pages whose link is not followed
    for en in (a for a in articles if a.lang == "en"):
        if not (en.original_url or en.original_id):
            continue
        target = canonical_url(en.original_url) if en.original_url else None
        if (target and en.url and target == canonical_url(en.url)) or en.original_id == en.id:
            skipped.append(Skipped("pair", en.id, "self-link", f"{en.id}'s link to its original points to the page itself "
                                   f"({en.original_url or en.original_id}); not followed, content pairing decides"))
            unfollowed.add(en.id)
            continue
        if (target and target in contested.urls) or en.original_id in contested.ids:
            unfollowed.add(en.id)  # the url-conflict record names it
            continue
        ko = ko_by_url.get(target) if target else None
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
    leftover = [
        replace(a, original_url=None, original_id=None) if a.id in unfollowed else a
        for a in articles
        if a.id not in paired
    ]
    return pairs, skipped, leftover


@dataclass
class _Contested:
    urls: set[str] = field(default_factory=set)  # canonical URLs claimed by two Korean pages or more
    ids: set[str] = field(default_factory=set)  # the (new) ids of the Korean pages claiming them
    old_ids: set[str] = field(default_factory=set)  # the ids they shared


def _text_key(a: Article) -> str:
    """8 hex digits of the article's text (so its new id does not depend on the input order)."""
    return hashlib.sha1("\n".join(a.paragraphs).encode("utf-8", "backslashreplace")).hexdigest()[:8]


def _separate_conflicts(articles: list[Article]) -> tuple[list[Article], list[Skipped], _Contested]:
    """Articles that share an id get ids of their own; Korean pages that share a canonical URL
    or an id are contested (one "url-conflict" record for each shared address). Near-duplicates
    were collapsed before: pages left sharing an address differ in their text."""
    by_id: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        by_id.setdefault(a.id, []).append(i)
    # Korean pages joined by a shared id or canonical URL (union-find over both keys)
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, str], int] = {}
    for i, a in enumerate(articles):
        if a.lang != "ko":
            continue
        for key in (("id", a.id), ("url", canonical_url(a.url) if a.url else "")):
            if not key[1]:
                continue
            j = first_with.setdefault(key, i)
            if j != i:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i, a in enumerate(articles):
        if a.lang == "ko":
            groups.setdefault(find(i), []).append(i)
    contested_groups = [g for g in groups.values() if len(g) > 1]

    renamed = list(articles)
    taken = set(by_id)
    for members in by_id.values():
        if len(members) < 2:
            continue
        langs = {articles[i].lang for i in members}
        for i in sorted(members, key=lambda i: (_text_key(articles[i]), articles[i].source_path or "", articles[i].url)):
            # one Korean and one English page may share an id: the Korean page keeps it (an
            # English page's declared original names it); otherwise every sharer is renamed
            if len(members) == 2 and langs == {"ko", "en"} and articles[i].lang == "ko":
                continue
            new_id = f"{articles[i].id}#{_text_key(articles[i])}"
            n = 1
            while new_id in taken:  # the same text twice (told apart by source, then URL)
                n += 1
                new_id = f"{articles[i].id}#{_text_key(articles[i])}-{n}"
            taken.add(new_id)
            renamed[i] = replace(articles[i], id=new_id)
    contested = _Contested()
    skipped: list[Skipped] = []
    for members in sorted(contested_groups, key=lambda g: sorted(articles[i].id for i in g)):
        pages = sorted(members, key=lambda i: renamed[i].id)
        urls = sorted({canonical_url(articles[i].url) for i in pages if articles[i].url})
        ids = sorted({articles[i].id for i in pages})
        contested.urls.update(urls)
        contested.old_ids.update(ids)
        contested.ids.update(ids)
        contested.ids.update(renamed[i].id for i in pages)
        claimants = sorted(
            a.id for a in articles if a.lang == "en"
            and ((a.original_url and canonical_url(a.original_url) in urls) or a.original_id in ids)
        )
        named = ", ".join(f"{renamed[i].id} ({renamed[i].source_path or renamed[i].url})" for i in pages)
        by = f"; English pages linking to it ({', '.join(claimants)}) are left to content pairing" if claimants else ""
        skipped.append(Skipped(
            "pair", " / ".join(urls + ids), "url-conflict",
            f"{len(pages)} Korean pages with different text claim one address: {named}; neither is paired by link{by}",
        ))
    return renamed, skipped, contested


def _why(win: Article, win_method: str, lose: Article, lose_method: str) -> str:
    if win_method != lose_method:
        return "it links its original; the other only declares an id"
    if _body_chars(win) != _body_chars(lose):
        return f"longer body: {_body_chars(win)} vs {_body_chars(lose)} characters"
    if (win.date or "") != (lose.date or ""):
        return f"later date: {win.date} vs {lose.date}"
    return "same length and date; the smaller id wins"

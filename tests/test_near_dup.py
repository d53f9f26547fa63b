"""Near-duplicate collapse: copies and updated versions dropped, the newest/longest kept,
different articles and the other language untouched."""

from __future__ import annotations

import random

from align.model import Article
from align.pair.near_dup import collapse_near_duplicates


def _art(i, paras, lang="en", date="2024-01-01"):
    return Article(id=f"s:{i}", lang=lang, url=f"https://s/{i}", title="t", date=date, byline=None,
                   paragraphs=list(paras), source_path=f"page{i}.html")


def test_copies_and_updates_collapse_to_one() -> None:
    rng = random.Random(0)
    words = [f"w{i}" for i in range(3000)]

    def para():
        return " ".join(rng.choice(words) for _ in range(40))

    arts = [_art(i, [para() for _ in range(6)]) for i in range(300)]
    arts.append(_art("copy", arts[5].paragraphs))  # same article, another URL, same date
    arts.append(_art("update", arts[7].paragraphs + [para()], date="2024-01-02"))  # updated next day
    arts.append(_art("ko", arts[9].paragraphs, lang="ko"))  # other language: never a duplicate
    kept, skipped = collapse_near_duplicates(arts)
    assert {s.source for s in skipped} == {"page7.html", "pagecopy.html"}
    assert all(s.reason == "near-duplicate" and s.stage == "pair" for s in skipped)
    by_source = {s.source: s for s in skipped}
    assert "s:update" in by_source["page7.html"].detail  # the newer version is the one kept
    assert "s:5" in by_source["pagecopy.html"].detail  # same date and length: smallest id kept
    assert len(kept) == len(arts) - 2
    assert [a.id for a in kept] == [a.id for a in arts if a.id not in ("s:7", "s:copy")]


def test_distinct_articles_sharing_a_paragraph_are_kept() -> None:
    rng = random.Random(1)
    words = [f"w{i}" for i in range(3000)]
    shared = " ".join(rng.choice(words) for _ in range(40))
    a = _art(1, [shared] + [" ".join(rng.choice(words) for _ in range(40)) for _ in range(5)])
    b = _art(2, [shared] + [" ".join(rng.choice(words) for _ in range(40)) for _ in range(5)])
    kept, skipped = collapse_near_duplicates([a, b])
    assert len(kept) == 2 and not skipped

"""extract: pages in (an HTML folder, WARC or JSONL files), one Article a line out, every page
that yields none kept in skipped-extract.jsonl with its reason.

Run item by item: the runner reads the records (cheap) and ships batches of them to the
executor, so a folder, a WARC's records and a JSONL dump shard alike and a remote worker needs
no access to the corpus. Each page's result is keyed by its bytes, URL, source, the recipes and
the extraction code: a grown crawl extracts only its new pages, and a run killed midway resumes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import xxhash

from ..model import Skipped, dumps
from .base import ItemStage, StageContext

_ARTICLE = '{"article": '  # how dumps() starts an extracted page's result line


def _loads_line(line: str, path: Path) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not valid JSON ({e.msg})") from None


def recipe_folders(extra: Iterable[str | os.PathLike] = ()) -> list[str]:
    """The recipe folders a run uses: corpora/recipes (and $ALIGN_RECIPES), then `extra`."""
    from ..extract.recipes import recipe_dirs

    return [str(Path(d).resolve()) for d in [*recipe_dirs(), *extra]]


def recipes_digest(folders: list[str]) -> str:
    """Digest of every recipe file's name and content: a changed recipe extracts again."""
    h = hashlib.sha256()
    for d in folders:
        for p in sorted(Path(d).glob("*.toml")):
            h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=8)
def _recipes_of(folders: tuple[str, ...]) -> list[Any]:
    """The recipes of a run's folders, one list a process for these folders: load_recipes keeps
    the parsed recipes itself, but at each call (once a page) resolves every folder's path and
    copies the list."""
    from ..extract.recipes import load_recipes

    return load_recipes(list(folders))


def parse_record(rec: Any) -> Any:
    """A record's page parsed ahead (extract.parse_ahead), None when it has none to parse."""
    from ..extract import parse_ahead

    return parse_ahead(rec.html) if rec.html is not None else None


def extract_record(rec: Any, settings: dict[str, Any], prepared: Any = None) -> tuple[str, bool]:
    """One record's result as a JSON line: {"article": ...} or {"skipped": ...}, and whether it
    may be cached (an unexpected error is a bug: counted, not cached, tried again next run).
    `prepared`: parse_record(rec), when the runner parsed it ahead."""
    from ..extract import SkipPage, extract_page
    from ..readers import SkipRecord

    try:
        if rec.html is not None:
            article = extract_page(rec.html, rec.url, rec.source, _recipes_of(tuple(settings["recipes"])), prepared)
        else:
            from ..readers.fields import article_from_fields

            article = article_from_fields(rec)
        return dumps({"article": article.to_json()}), True
    except (SkipPage, SkipRecord) as e:
        return dumps({"skipped": Skipped("extract", rec.source, e.reason, e.detail).to_json()}), True
    except ValueError as e:  # a record the reader accepted but extract cannot read
        return dumps({"skipped": Skipped("extract", rec.source, "unreadable", str(e)).to_json()}), True
    except Exception as e:  # noqa: BLE001 - one page must never stop a crawl's run
        detail = f"{type(e).__name__}: {e}"[:500]
        return dumps({"skipped": Skipped("extract", rec.source, "extract-error", detail).to_json()}), False


class Extract(ItemStage):
    name = "extract"
    after = None
    code = ("extract", "readers")
    shard_folder = "extract"
    process = staticmethod(extract_record)
    prepare = staticmethod(parse_record)

    def settings(self, s: Any) -> dict[str, Any]:
        folders = recipe_folders(s.recipes)
        return {"recipes": folders}

    def key_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        return {"recipes": recipes_digest(settings["recipes"])}

    def items(self, ctx: StageContext) -> Iterator[Any]:
        from ..readers import iter_records

        return iter_records(ctx.corpus)  # type: ignore[attr-defined]

    def item_key(self, item: Any) -> Any:
        if isinstance(item, Skipped):
            return None  # the reader could not read it: nothing to extract
        # xxh3-128 of the page, not sha256: a seventh of the cost on a crawl's bytes (31 MB of
        # pages: 2.4 ms against 18 ms); the key finds a cached result, it is not a signature
        body = {"html_xxh3": xxhash.xxh3_128_hexdigest(item.html)} if item.html is not None else {"fields": item.fields}
        return {"source": item.source, "url": item.url, **body}

    def passthrough(self, item: Any) -> str:
        return dumps({"skipped": item.to_json()})

    def count_lines(self, lines: list[str]) -> Counter:
        """count() of these result lines, an article's line not decoded (its prefix says what it is)."""
        c: Counter = Counter()
        c["articles"] += sum(1 for line in lines if line.startswith(_ARTICLE))
        c.update(self.count([json.loads(line) for line in lines if not line.startswith(_ARTICLE)]))
        return c

    def count(self, records: list[dict[str, Any]]) -> Counter:
        c: Counter = Counter()
        for r in records:
            if "article" in r:
                c["articles"] += 1
            else:
                c["skipped:" + r["skipped"]["reason"]] += 1
        return c

    def outputs(self, out: Path, counts: dict[str, Any]) -> list[str]:
        return ["articles.jsonl", "skipped-extract.jsonl"]

    def run(self, ctx: StageContext, settings: dict[str, Any]) -> dict[str, Any]:
        from ..atomic import atomic_open
        from ..runner import run_items

        shards, totals = run_items(self, ctx, settings)
        # the articles and the skipped pages, in corpus order, from the shards
        with atomic_open(ctx.out / "articles.jsonl") as arts, atomic_open(ctx.out / "skipped-extract.jsonl") as skips:
            for rel in shards:
                # split at "\n" only: str.splitlines() also splits at U+2028, which JSON leaves unescaped
                for line in (ctx.out / rel).read_text(encoding="utf-8").split("\n"):
                    if line.startswith(_ARTICLE) and line.endswith("}"):
                        # {"article": A} as dumps() writes it: A is dumps(the article), copied without
                        # decoding and encoding it again
                        arts.write(line[len(_ARTICLE) : -1] + "\n")
                    elif line.strip():
                        r = _loads_line(line, ctx.out / rel)
                        if "article" in r:
                            arts.write(dumps(r["article"]) + "\n")
                        else:
                            skips.write(dumps(r["skipped"]) + "\n")
        skipped = {k.split(":", 1)[1]: v for k, v in sorted(totals.items()) if k.startswith("skipped:")}
        return {"articles": totals.get("articles", 0), "skipped": skipped}


EXTRACT = Extract()

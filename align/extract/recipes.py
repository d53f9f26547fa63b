"""Source recipes: one small TOML file a site says how its pages look (docs/recipes.md).

A recipe has one edition a language (host and its aliases, the URL pattern of article pages,
CSS selectors, boilerplate to drop, how the English page names its original). `load_recipes`
reads `corpora/recipes/*.toml`; `recipe_for_host` picks the site and edition of a page.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..regex_cache import compiled


def bundled_dir() -> Path:
    """The recipes that ship with the toolkit: the package `align.recipes` of an installed wheel
    (setup.py maps it to corpora/recipes), else corpora/recipes of the source tree. The package
    is a folder of TOML files without __init__.py (a namespace package), so its folder comes from
    its import spec."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("align.recipes")
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parents[2] / "corpora" / "recipes"


DEFAULT_DIR = bundled_dir()
ENV_VAR = "ALIGN_RECIPES"  # extra recipe folders, separated by os.pathsep

_EDITION_KEYS = {
    "lang", "host", "aliases", "article_url", "complete", "title", "date", "date_meta", "date_regex",
    "date_format", "timezone", "byline", "byline_regex", "body", "paragraphs", "captions", "drop",
    "drop_lines", "strip_prefix", "original_link", "original_id_meta", "boilerplate",
    "body_fallback",
}
_RECIPE_KEYS = {"name", "description", "licence", "license", "licence_note", "tracking_params", "editions"}


class RecipeError(ValueError):
    """A recipe file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Edition:
    """One language edition of a site."""

    lang: str
    host: str
    aliases: tuple[str, ...] = ()
    article_url: re.Pattern | None = None  # matched against path[?query]; group 1 = article id
    complete: str | None = None  # selector present on every whole page (else: truncated?)
    title: str | None = None
    date: str | None = None
    date_meta: str | None = None
    date_regex: re.Pattern | None = None
    date_format: str | None = None
    timezone: str | None = None
    byline: str | None = None
    byline_regex: re.Pattern | None = None
    body: str | None = None
    paragraphs: str = "p"
    captions: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    drop_lines: tuple[re.Pattern, ...] = ()
    strip_prefix: tuple[re.Pattern, ...] = ()
    original_link: str | None = None
    original_id_meta: str | None = None
    boilerplate: bool = False  # also drop what align/extract/boilerplate.py names (reporter lines, ...)
    body_fallback: bool = False  # no `body` or it matches nothing: find the body as without a recipe

    def article_id(self, canonical: str) -> str | None:
        """The site's id of the article at this canonical URL, or None if it is no article page."""
        if self.article_url is None:
            return None
        from urllib.parse import urlsplit

        parts = urlsplit(canonical)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        m = self.article_url.search(target)
        return m.group(1) if m else None


@dataclass(frozen=True)
class Recipe:
    """One site's recipe file, read and checked: its editions (one a language) and licence.
    (A docstring also spares dataclass building one from inspect.signature at every import.)"""

    name: str
    licence: str | None = None
    licence_note: str = ""
    description: str = ""
    tracking_params: tuple[str, ...] = ()
    editions: tuple[Edition, ...] = field(default_factory=tuple)
    path: str = ""

    @property
    def license(self) -> str | None:  # American spelling, for callers that use it
        return self.licence

    def edition_for_host(self, host: str) -> Edition | None:
        host = host.lower().rstrip(".")
        for ed in self.editions:
            if host == ed.host or host in ed.aliases:
                return ed
        return None

    def canonical_host(self, host: str) -> str | None:
        ed = self.edition_for_host(host)
        return ed.host if ed else None

    def edition(self, lang: str) -> Edition | None:
        return next((ed for ed in self.editions if ed.lang == lang), None)


def _compile(path: Path, key: str, pattern: str) -> re.Pattern:
    try:
        return compiled(pattern)
    except re.error as e:
        raise RecipeError(f"{path}: {key}: bad regular expression {pattern!r} ({e})") from None


def _strs(path: Path, key: str, value) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecipeError(f"{path}: {key}: expected a string or a list of strings")
    return tuple(value)


def _patterns(path: Path, key: str, value) -> tuple[re.Pattern, ...]:
    return tuple(_compile(path, key, p) for p in _strs(path, key, value))


def parse_recipe(path: Path, data: dict) -> Recipe:
    unknown = set(data) - _RECIPE_KEYS
    if unknown:
        raise RecipeError(f"{path}: unknown keys {sorted(unknown)} (allowed: {sorted(_RECIPE_KEYS)})")
    name = data.get("name") or path.stem
    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", name):
        raise RecipeError(f"{path}: name {name!r} must be lower-case letters, digits, '_', '.', '-'")
    editions = []
    for key, ed in (data.get("editions") or {}).items():
        where = f"editions.{key}"
        if not isinstance(ed, dict):
            raise RecipeError(f"{path}: {where} must be a table")
        unknown = set(ed) - _EDITION_KEYS
        if unknown:
            raise RecipeError(f"{path}: {where}: unknown keys {sorted(unknown)}")
        lang = ed.get("lang", key)
        if lang not in ("ko", "en"):
            raise RecipeError(f"{path}: {where}: lang must be 'ko' or 'en', not {lang!r}")
        if not ed.get("host"):
            raise RecipeError(f"{path}: {where}: host is required")
        for flag in ("boilerplate", "body_fallback"):
            if not isinstance(ed.get(flag, False), bool):
                raise RecipeError(f"{path}: {where}.{flag} must be true or false")
        if ed.get("date_format") and not ed.get("date_regex") and not ed.get("date"):
            raise RecipeError(f"{path}: {where}: date_format needs date (a selector) or date_regex")
        editions.append(
            Edition(
                lang=lang,
                host=ed["host"].lower(),
                aliases=tuple(a.lower() for a in _strs(path, f"{where}.aliases", ed.get("aliases", []))),
                article_url=_compile(path, f"{where}.article_url", ed["article_url"]) if ed.get("article_url") else None,
                complete=ed.get("complete"),
                title=ed.get("title"),
                date=ed.get("date"),
                date_meta=ed.get("date_meta"),
                date_regex=_compile(path, f"{where}.date_regex", ed["date_regex"]) if ed.get("date_regex") else None,
                date_format=ed.get("date_format"),
                timezone=ed.get("timezone"),
                byline=ed.get("byline"),
                byline_regex=_compile(path, f"{where}.byline_regex", ed["byline_regex"]) if ed.get("byline_regex") else None,
                body=ed.get("body"),
                paragraphs=ed.get("paragraphs", "p"),
                captions=_strs(path, f"{where}.captions", ed.get("captions", [])),
                drop=_strs(path, f"{where}.drop", ed.get("drop", [])),
                drop_lines=_patterns(path, f"{where}.drop_lines", ed.get("drop_lines", [])),
                strip_prefix=_patterns(path, f"{where}.strip_prefix", ed.get("strip_prefix", [])),
                original_link=ed.get("original_link"),
                original_id_meta=ed.get("original_id_meta"),
                boilerplate=ed.get("boilerplate", False),
                body_fallback=ed.get("body_fallback", False),
            )
        )
    if not editions:
        raise RecipeError(f"{path}: no [editions.ko] / [editions.en] table")
    return Recipe(
        name=name,
        licence=data.get("licence") or data.get("license"),
        licence_note=data.get("licence_note", ""),
        description=data.get("description", ""),
        tracking_params=_strs(path, "tracking_params", data.get("tracking_params", [])),
        editions=tuple(editions),
        path=str(path),
    )


def read_recipe(path: str | os.PathLike) -> Recipe:
    path = Path(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise RecipeError(f"{path}: not valid TOML ({e})") from None
    return parse_recipe(path, data)


def recipe_dirs() -> list[Path]:
    dirs = [DEFAULT_DIR]
    for extra in os.environ.get(ENV_VAR, "").split(os.pathsep):
        if extra:
            dirs.append(Path(extra))
    return dirs


@functools.lru_cache(maxsize=8)
def _load(dirs: tuple[str, ...]) -> tuple[Recipe, ...]:
    recipes: list[Recipe] = []
    hosts: dict[str, str] = {}
    for d in dirs:
        for path in sorted(Path(d).glob("*.toml")):
            r = read_recipe(path)
            for ed in r.editions:
                for h in (ed.host, *ed.aliases):
                    if h in hosts and hosts[h] != r.path:
                        raise RecipeError(f"{path}: host {h} is already claimed by {hosts[h]}")
                    hosts[h] = r.path
            recipes.append(r)
    return tuple(recipes)


def load_recipes(dirs: list[str | os.PathLike] | None = None) -> list[Recipe]:
    """Every recipe in `dirs` (default: corpora/recipes plus $ALIGN_RECIPES), sorted by file name.

    Raises RecipeError naming the file for a malformed recipe or a host two recipes claim.
    """
    chosen = [Path(d) for d in dirs] if dirs is not None else recipe_dirs()
    return list(_load(tuple(str(d.resolve()) for d in chosen)))


def recipe_for_host(host: str, recipes: list[Recipe] | None = None) -> tuple[Recipe, Edition] | None:
    """The recipe and edition whose host or alias this is (None for an unknown site)."""
    host = (host or "").lower().rstrip(".")
    for r in recipes if recipes is not None else load_recipes():
        ed = r.edition_for_host(host)
        if ed is not None:
            return r, ed
    return None

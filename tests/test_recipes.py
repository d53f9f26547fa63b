"""Source recipes: loading, validation with errors that name the file, picking by host."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.extract import extract_page
from align.extract.recipes import RecipeError, load_recipes, read_recipe, recipe_for_host

RECIPES = Path(__file__).resolve().parents[1] / "corpora" / "recipes"


def test_bundled_recipes_load_with_licence() -> None:
    recipes = {r.name: r for r in load_recipes()}
    assert {"hanbit", "seoulpost"} <= set(recipes)
    for name in ("hanbit", "seoulpost"):
        r = recipes[name]
        assert r.licence == "cc-by-4.0" and "CC BY 4.0" in r.licence_note
        assert {ed.lang for ed in r.editions} == {"ko", "en"}
        assert r.edition("en").original_link or r.edition("en").original_id_meta


@pytest.mark.parametrize(
    "host, site, lang",
    [
        ("www.hanbit.example", "hanbit", "ko"),
        ("m.hanbit.example", "hanbit", "ko"),
        ("hanbit.example", "hanbit", "ko"),
        ("english.hanbit.example", "hanbit", "en"),
        ("news.seoulpost.example", "seoulpost", "ko"),
        ("M.News.Seoulpost.Example", "seoulpost", "ko"),
        ("en.seoulpost.example", "seoulpost", "en"),
    ],
)
def test_recipe_for_host(host: str, site: str, lang: str) -> None:
    recipe, edition = recipe_for_host(host)
    assert (recipe.name, edition.lang) == (site, lang)


def test_unknown_host_has_no_recipe() -> None:
    assert recipe_for_host("www.example.org") is None
    assert recipe_for_host("") is None


@pytest.mark.parametrize(
    "url, want",
    [
        ("https://www.hanbit.example/arti/politics/defense/1144501.html", "1144501"),
        ("https://www.hanbit.example/arti/politics/1144501.html", "1144501"),
        ("https://www.hanbit.example/arti/politics/", None),
        ("https://english.hanbit.example/arti/english_edition/e_national/1144563.html", "1144563"),
        ("https://english.hanbit.example/arti/english_edition/e_national", None),
        ("https://en.seoulpost.example/news/articleView.html?idxno=51234", "51234"),
        ("https://en.seoulpost.example/news/articleView.html?idxno=51234&page=2", "51234"),
        ("https://en.seoulpost.example/news/articleList.html?sc=1", None),
        ("https://news.seoulpost.example/article/2501234", "2501234"),
        ("https://news.seoulpost.example/article/2501234/photo", None),
    ],
)
def test_article_id_from_url(url: str, want: str | None) -> None:
    from align.urls import url_host

    _, edition = recipe_for_host(url_host(url))
    assert edition.article_id(url) == want


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


GOOD = """
name = "tiny"
licence = "cc0-1.0"
[editions.en]
host = "news.tiny.example"
article_url = '^/story/(\\d+)$'
title = "h1"
body = "div.story"
drop_lines = ['^Follow us']
"""


@pytest.mark.parametrize(
    "text, message",
    [
        ("name = 'x'\n[editions.en\n", "not valid TOML"),
        (GOOD + "colour = 'red'\n", "unknown keys"),
        (GOOD.replace("title = ", "titel = "), "unknown keys"),
        (GOOD.replace("(\\d+)$", "(\\d+$"), "bad regular expression"),
        (GOOD.replace('host = "news.tiny.example"\n', ""), "host is required"),
        ("name = 'x'\n", r"no \[editions\.ko\]"),
        (GOOD.replace("[editions.en]", "[editions.fr]"), "lang must be"),
        (GOOD.replace('name = "tiny"', 'name = "Tiny Site"'), "must be lower-case"),
    ],
)
def test_malformed_recipe_is_an_error_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "tiny.toml", text)
    with pytest.raises(RecipeError, match=message) as e:
        read_recipe(path)
    assert str(path) in str(e.value)


def test_two_recipes_claiming_one_host_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path, "a.toml", GOOD)
    _write(tmp_path, "b.toml", GOOD.replace('name = "tiny"', 'name = "tiny2"'))
    with pytest.raises(RecipeError, match="already claimed"):
        load_recipes([tmp_path])


def test_a_new_recipe_extracts_a_new_site(tmp_path: Path) -> None:
    """The docs/recipes.md workflow: write a recipe, point extraction at it."""
    _write(tmp_path, "tiny.toml", GOOD)
    recipes = load_recipes([RECIPES, tmp_path])
    page = (
        b"<html><head><title>t</title></head><body><h1>Rain in Seoul</h1><div class='story'>"
        b"<p>It rained in Seoul on Monday.</p><p>Follow us on social media.</p><p>More rain is expected.</p>"
        b"</div><footer>f</footer></body></html>"
    )
    a = extract_page(page, "http://news.tiny.example/story/77?utm_source=x", "tiny.html", recipes)
    assert (a.id, a.site, a.lang, a.title) == ("tiny:77", "tiny", "en", "Rain in Seoul")
    assert a.url == "https://news.tiny.example/story/77"
    assert a.paragraphs == ["It rained in Seoul on Monday.", "More rain is expected."]

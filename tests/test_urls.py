"""Canonical URLs: one spelling per page, whatever way a link writes it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.urls import canonical_url, url_host

SEOULPOST_KO = "https://news.seoulpost.example/article/2501234"


@pytest.mark.parametrize(
    "raw, want",
    [
        # the mobile host, a site-specific tracking parameter and a fragment
        ("https://m.news.seoulpost.example/article/2501234?ref=en", SEOULPOST_KO),
        ("http://M.NEWS.SEOULPOST.EXAMPLE/article/2501234/#comments", SEOULPOST_KO),
        ("//news.seoulpost.example/article/2501234?utm_source=x&utm_medium=y", SEOULPOST_KO),
        ("news.seoulpost.example/article/2501234", SEOULPOST_KO),
        ("http://seoulpost.example:80/article/2501234", SEOULPOST_KO),
        # hanbit: http, bare and mobile hosts, its _fr tracking parameter
        ("http://www.hanbit.example/arti/politics/defense/1144501.html?_fr=en", "https://www.hanbit.example/arti/politics/defense/1144501.html"),
        ("https://m.hanbit.example/arti/politics/defense/1144501.html", "https://www.hanbit.example/arti/politics/defense/1144501.html"),
        ("http://hanbit.example/arti/politics/defense/1144501.html#article", "https://www.hanbit.example/arti/politics/defense/1144501.html"),
        # an id in the query survives; tracking goes; the rest is sorted
        ("https://en.seoulpost.example/news/articleView.html?utm_source=nl&idxno=51234&fbclid=abc", "https://en.seoulpost.example/news/articleView.html?idxno=51234"),
        ("https://example.org/a?b=2&a=1&a=0", "https://example.org/a?a=0&a=1&b=2"),
        # an unknown site's mobile host is NOT guessed to be the desktop one
        ("https://m.example.org/news/1/", "https://m.example.org/news/1"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org:8443/x", "https://example.org:8443/x"),
        ("https://example.org//a//b/", "https://example.org/a/b"),
    ],
)
def test_canonical_forms(raw: str, want: str) -> None:
    assert canonical_url(raw) == want


def test_site_tracking_params_only_apply_to_their_site() -> None:
    # "ref" is tracking on seoulpost, but may be meaningful elsewhere
    assert canonical_url("https://example.org/p?ref=7") == "https://example.org/p?ref=7"
    assert canonical_url("https://news.seoulpost.example/article/1?ref=7") == "https://news.seoulpost.example/article/1"


def test_no_recipes_means_no_host_mapping() -> None:
    assert canonical_url("http://m.news.seoulpost.example/article/1?ref=en", []) == "https://m.news.seoulpost.example/article/1?ref=en"


def test_non_web_and_empty_urls_are_left_alone() -> None:
    assert canonical_url("mailto:a@b.example") == "mailto:a@b.example"
    assert canonical_url("  ") == ""


def test_url_host() -> None:
    assert url_host("https://News.Seoulpost.Example./article/1") == "news.seoulpost.example"
    assert url_host("news.seoulpost.example/article/1") == "news.seoulpost.example"


_seg = st.text(alphabet="abcxyz019-_", min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https", "HTTP"]),
    host=st.sampled_from(["m.news.seoulpost.example", "www.hanbit.example", "Example.ORG", "example.org."]),
    path=st.lists(_seg, max_size=4),
    slash=st.booleans(),
    query=st.lists(st.tuples(st.sampled_from(["a", "b", "utm_source", "ref", "idxno", "fbclid"]), _seg), max_size=4),
    frag=st.one_of(st.none(), _seg),
)
def test_canonical_is_idempotent_and_drops_tracking(scheme, host, path, slash, query, frag) -> None:
    url = f"{scheme}://{host}/" + "/".join(path) + ("/" if slash and path else "")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query)
    if frag:
        url += "#" + frag
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert once.startswith("https://") and "#" not in once and "utm_source" not in once and "fbclid" not in once
    # the order of query parameters never matters
    if query:
        shuffled = f"{scheme}://{host}/" + "/".join(path) + "?" + "&".join(f"{k}={v}" for k, v in reversed(query))
        assert canonical_url(shuffled) == canonical_url(
            f"{scheme}://{host}/" + "/".join(path) + "?" + "&".join(f"{k}={v}" for k, v in query)
        )

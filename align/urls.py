"""Canonical URLs: one spelling per page, so that a link to an original finds the page crawled.

The same article is reachable as `http://m.news.site/article/1?ref=en#top` and
`https://news.site/article/1`; pairing by link compares canonical forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .regex_cache import compiled

if TYPE_CHECKING:  # pragma: no cover
    from .extract.recipes import Recipe

# Parameters that only record how a visitor arrived, on any site.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl"}
)
TRACKING_PREFIXES = ("utm_",)

_SCHEME_RE = compiled(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def canonical_url(url: str, recipes: Iterable[Recipe] | None = None) -> str:
    """The canonical spelling of a web page URL.

    https for http; lower-case host without default port or trailing dot; a host alias or
    mobile host mapped to the site's canonical host (from the recipes; None loads the bundled
    recipes); tracking parameters dropped (utm_*, fbclid, ... and each recipe's own); the
    remaining query sorted; the fragment dropped; a trailing slash removed (except the root).
    A URL without a scheme (`//host/p`, `host/p`) is read as https. Non-web URLs (file:,
    mailto:) come back stripped but otherwise unchanged.
    """
    url = url.strip()
    if not url:
        return url
    if url.startswith("//"):
        url = "https:" + url
    elif not _SCHEME_RE.match(url) or re.match(r"^[\w.-]+:\d+(/|$)", url):
        url = "https://" + url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url
    host = (parts.hostname or "").rstrip(".")
    port = parts.port if _safe_port(parts) else None
    if recipes is None:
        from .extract.recipes import load_recipes

        recipes = load_recipes()
    recipes = list(recipes)
    extra_tracking: set[str] = set()
    for r in recipes:
        canon = r.canonical_host(host)
        if canon:
            host = canon
            extra_tracking = set(r.tracking_params)
            break
    netloc = host
    if port is not None and port not in (80, 443):  # both default ports vanish with the move to https
        netloc = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS
        and not k.lower().startswith(TRACKING_PREFIXES)
        and k not in extra_tracking
    ]
    query.sort()
    return urlunsplit(("https", netloc, path, urlencode(query), ""))


def _safe_port(parts) -> bool:
    try:
        _ = parts.port  # reading it is the check
    except ValueError:  # a malformed port: keep the host, drop the port
        return False
    return True


def url_host(url: str) -> str:
    """Lower-case host of a URL ('' when there is none)."""
    try:
        return (urlsplit(url if "//" in url else "https://" + url).hostname or "").rstrip(".")
    except ValueError:
        return ""

"""Making text from the web safe to show: HTML escaping, visible control and bidi characters,
links that can only be http(s), and JSON that cannot close the <script> it sits in."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from ..regex_cache import compiled

# Characters that change how text around them is drawn without being seen: C0/C1 controls,
# bidi embeddings/overrides/isolates and marks, zero-width joiners, BOM, line/paragraph
# separators. A U+202E in a title would otherwise reverse the rest of the row.
_INVISIBLE = compiled(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


def _visible(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    name = unicodedata.name(ch, "control character")
    return f'<span class="cc" title="{html.escape(name)}">{code}</span>'


def text(s: object) -> str:
    """HTML for a piece of text: escaped, invisible characters shown as a marked `U+XXXX`."""
    if s is None:
        return ""
    escaped = html.escape(str(s), quote=True)
    # Tabs and newlines are harmless whitespace; everything else invisible is made visible.
    return _INVISIBLE.sub(lambda m: _visible(m.group()), escaped)


def attr(s: object) -> str:
    """A value for inside a double-quoted attribute: escaped, invisible characters dropped as `?`."""
    if s is None:
        return ""
    return _INVISIBLE.sub("?", html.escape(str(s), quote=True))


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL (never javascript:, data:, ...), else None."""
    if not url or not isinstance(url, str) or _INVISIBLE.search(url):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def link(url: str | None, label: str | None = None) -> str:
    """An external link that opens without giving the page a handle on ours; plain text if unsafe."""
    shown = text(label if label is not None else (url or ""))
    href = safe_url(url)
    if href is None:
        return f'<span class="badurl">{shown}</span>' if url else '<span class="muted">none</span>'
    return f'<a href="{attr(href)}" rel="noopener noreferrer" target="_blank">{shown}</a>'


_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(obj: Any) -> str:
    """JSON safe inside <script>: no `</script>`, `<!--` or JS line separators can appear raw."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], s)

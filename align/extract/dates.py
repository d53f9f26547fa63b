"""Publication dates as ISO 8601, from a recipe's selector and format, meta tags or JSON-LD."""

from __future__ import annotations

import contextlib
import datetime as dt

from ..regex_cache import compiled

_ISO_RE = compiled(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")


def parse_with_format(text: str, fmt: str, tz: str | None = None) -> str | None:
    """`text` read with strptime `fmt`, as ISO 8601 (with `tz`, e.g. '+09:00', when the text has none)."""
    try:
        d = dt.datetime.strptime(text.strip(), fmt)
    except ValueError:
        return None
    if d.tzinfo is None and tz:
        with contextlib.suppress(ValueError):
            d = d.replace(tzinfo=dt.datetime.strptime(tz.replace(":", ""), "%z").tzinfo)
    if fmt.strip() in ("%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d"):
        return d.date().isoformat()
    return d.isoformat()


def parse_iso(text: str) -> str | None:
    """The first ISO-looking date in `text`, normalised (None when there is none)."""
    m = _ISO_RE.search(text or "")
    if not m:
        return None
    s = m.group(0).replace(" ", "T")
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    try:
        d = dt.datetime.fromisoformat(s)
    except ValueError:
        return None
    return d.date().isoformat() if len(m.group(0)) == 10 else d.isoformat()

"""The one exception extraction raises for a page it cannot use."""

from __future__ import annotations


class SkipPage(Exception):
    """A page that yields no article.

    `reason` is short and machine-readable ("not-html", "no-body", "bad-encoding", "truncated",
    "wrong-language", "not-article", "no-title"), `detail` says it in plain words.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

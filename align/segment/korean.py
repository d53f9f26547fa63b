"""Korean sentence splitting with Kiwi (kiwipiepy), one analyser per process."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi  # loading the model takes ~1 s: only when Korean is split

    return Kiwi()


def split_korean(text: str) -> list[str]:
    """Split one paragraph of Korean into sentences (whitespace-trimmed, none empty)."""
    text = text.strip()
    if not text:
        return []
    sents = _kiwi().split_into_sents(text)
    return [s.text.strip() for s in sents if s.text.strip()]

"""What a line's own text says about the boundary after it.

Sentence splitters cut where they should not: at the colon of a reference, at the full stop of
an abbreviation. When the cut falls inside a bracket ("... ( Basel :" / "Benno Schwabe 1935 )
."), the two lines are one sentence, and a translation's bead almost never ends between them.
The search charges a bead that ends at such a boundary (`glue_penalty`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..regex_cache import compiled

_OPEN = "([{（［【"
_CLOSE = ")]}）］】"
_BRACKET = compiled("[" + re.escape(_OPEN + _CLOSE) + "]")
# a question or exclamation mark ends a sentence even inside a bracket (a parenthetical
# sentence); a full stop there may be an abbreviation's, and a colon ends nothing
_HARD_END = ("?", "!", "？", "！", "。", "…")


def bracket_glued(lines: Sequence[str], reach: int = 3) -> np.ndarray:
    """(n + 1,) bool: glued[k] is True when the boundary before line k lies inside a bracket.

    That is, a bracket opened in a line before k closes in line k or a later one, at most
    `reach` lines after it was opened (a bracket never closed, or closed much later, is a
    stray). A line that starts with the closing bracket continues nothing, and a line ending
    in a question or exclamation mark ends its sentence, so neither glues.
    """
    glued = np.zeros(len(lines) + 1, dtype=bool)
    open_in: list[int] = []  # the line each still-open bracket was opened in
    for k, line in enumerate(lines):
        for m in _BRACKET.finditer(line):
            if m.group() in _OPEN:
                open_in.append(k)
            elif open_in:
                o = open_in.pop()
                if 0 < k - o <= reach and any(ch.isalnum() for ch in line[: m.start()]):
                    glued[o + 1 : k + 1] = True
        if open_in:
            open_in = [o for o in open_in if k - o < reach]
    for k in range(1, len(lines)):
        if glued[k] and lines[k - 1].rstrip().endswith(_HARD_END):
            glued[k] = False
    return glued

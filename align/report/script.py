"""Which script a file is written in: catches a system file for the wrong direction (Korean
output where English is expected, or the other way round) before it is scored as garbage."""

from __future__ import annotations

from ..lang import HANGUL as _HANGUL
from ..regex_cache import compiled
from .errors import ReportInputError

# Hangul syllables, jamo and compatibility jamo; Latin letters (ASCII and accented).
_LATIN = compiled(r"[A-Za-z\u00c0-\u024f]")

LANG_NAMES = {"ko": "Korean", "en": "English"}


def line_script(line: str) -> str | None:
    """'ko' when most of the line's letters are Hangul, 'en' when most are Latin, None without letters."""
    h = len(_HANGUL.findall(line))
    lat = len(_LATIN.findall(line))
    if h == 0 and lat == 0:
        return None
    return "ko" if h >= lat else "en"


def script_counts(lines: list[str]) -> dict[str, int]:
    counts = {"ko": 0, "en": 0, "none": 0}
    for line in lines:
        counts[line_script(line) or "none"] += 1
    return counts


def wrong_script_share(lines: list[str], expected: str) -> tuple[int, int]:
    """(lines written mostly in the other script, lines with letters at all)."""
    c = script_counts(lines)
    other = c["en"] if expected == "ko" else c["ko"]
    return other, c["ko"] + c["en"]


def check_script(lines: list[str], expected: str, path: str, role: str) -> str | None:
    """A problem message when most lines with letters are not in the `expected` language."""
    other, lettered = wrong_script_share(lines, expected)
    if lettered == 0 or other * 2 <= lettered:
        return None
    found = "ko" if expected == "en" else "en"
    what = "Hangul" if found == "ko" else "Latin letters"
    return (
        f"{path}: {other} of {lettered} lines are mostly {what}, but the {role} should be "
        f"{LANG_NAMES[expected]} — is this file for the other direction?"
    )


def require_script(lines: list[str], expected: str, path: str, role: str) -> None:
    problem = check_script(lines, expected, path, role)
    if problem:
        raise ReportInputError(problem)

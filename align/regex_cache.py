"""Regular expressions compiled once per interpreter, not once per process.

Python compiles each regular expression again in every process, in Python code, and some of
ours are slow to compile: a character class of the Hangul syllables costs half a millisecond
on its own (the compiler marks its 11,172 code points one at a time), and the big alternations
of the boilerplate rules a few more. The modules an `align extract` imports compile about 140
patterns, some 30 ms of every command: a twentieth of extracting the bench's 181 pages.

compiled() keeps what the compiler made of a pattern (the matching engine's program and the
pattern's groups) in a file in the package's __pycache__, named after the interpreter build,
and makes the pattern object from it the next time, as the interpreter does with a module's
bytecode. The engine checks every program it is given, and the file is read only by the
interpreter build that wrote it (same version, same engine magic number); where it cannot be
read or written, or the interpreter lacks the internals used here, patterns are compiled as
re.compile compiles them. The file is written at exit when a process compiled patterns it did
not hold, unless Python is told not to write bytecode (PYTHONDONTWRITEBYTECODE); `make venv`
writes it for the package's own patterns with `python -m align.regex_cache`.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any, AnyStr

try:  # the engine's constructor and the compiler's two halves (CPython 3.11 and later; internal,
    # so read by name and checked: another interpreter compiles as re.compile does)
    _sre = importlib.import_module("_sre")
    _parser = importlib.import_module("re._parser")
    _compiler = importlib.import_module("re._compiler")
    _STAMP: tuple | None = (sys.version, sys.maxunicode, _sre.MAGIC, _sre.CODESIZE)
    if not (callable(_sre.compile) and callable(_parser.parse) and callable(_compiler._code)):
        _STAMP = None
except (ImportError, AttributeError):  # pragma: no cover
    _STAMP = None

# one file per interpreter build; a build reading another's would get wrong programs
CACHE_FILE = Path(__file__).parent / "__pycache__" / (
    f"regex.{sys.implementation.cache_tag}.{_STAMP[2] if _STAMP else 0}.marshal")

# (pattern, flags) -> (flags, program, groups, group index, index group): what _sre.compile takes
_entries: dict[tuple[Any, int], tuple] | None = None
_added = 0  # entries compiled by this process, not in the file it read


def compiled(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """re.compile(pattern, flags), from the cache when the pattern was compiled before."""
    global _added
    flags = int(flags)
    if _STAMP is None or isinstance(pattern, re.Pattern) or flags & re.DEBUG:
        return re.compile(pattern, flags)  # (re.DEBUG prints the program as it compiles)
    entries = _entries if _entries is not None else _load()
    key = (pattern, flags)
    entry = entries.get(key)
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)
        except (TypeError, ValueError, RuntimeError):  # (an entry the engine refuses: made anew)
            del entries[key]
    entry = _program(pattern, flags)
    made = _sre.compile(pattern, *entry)
    entries[key] = entry
    if not _added and not sys.dont_write_bytecode:
        atexit.register(save)
    _added += 1
    return made


def _program(pattern: AnyStr, flags: int) -> tuple:
    """What re._compiler.compile hands the engine for this pattern (re.error for a bad one)."""
    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | p.state.flags), [int(c) for c in code], p.state.groups - 1, groupindex, tuple(indexgroup))


def _read() -> dict[tuple[Any, int], tuple]:
    """The entries of the cache file (none when it is missing, unreadable or another build's)."""
    try:
        data = marshal.loads(CACHE_FILE.read_bytes())
        if isinstance(data, tuple) and len(data) == 2 and data[0] == _STAMP and isinstance(data[1], dict):
            return data[1]
    except (OSError, ValueError, EOFError, TypeError):
        pass
    return {}


def _load() -> dict[tuple[Any, int], tuple]:
    global _entries
    _entries = _read()
    return _entries


def save() -> bool:
    """Write what this process compiled to the cache file, beside what it holds (a write by
    another process in between is kept). Atomic; False when it could not be written."""
    if _STAMP is None or not _entries:
        return False
    merged = {**_read(), **_entries}
    tmp = CACHE_FILE.with_name(f"{CACHE_FILE.name}.{os.getpid()}.tmp")
    try:
        CACHE_FILE.parent.mkdir(exist_ok=True)
        tmp.write_bytes(marshal.dumps((_STAMP, merged)))
        os.replace(tmp, CACHE_FILE)
        return True
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False


def main() -> int:
    """`python -m align.regex_cache`: compile the patterns of every module of the package that
    compiles through this one, and of the recipes, and write the cache file."""
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        if "regex_cache import" in path.read_text(encoding="utf-8"):
            name = ".".join(("align", *path.relative_to(root).with_suffix("").parts))
            try:
                importlib.import_module(name)
            except ImportError as e:  # (a module of an extra not installed: compiled when used)
                print(f"{name}: not imported ({e}); its patterns are compiled when it is used")
    from .extract.recipes import load_recipes

    load_recipes()
    ok = save()
    print(f"{len(_entries or {})} patterns {'written to' if ok else 'could not be written to'} {CACHE_FILE}")
    return 0 if ok else 1


if __name__ == "__main__":  # (run as a script: the module the package imports holds the cache)
    from align import regex_cache

    sys.exit(regex_cache.main())

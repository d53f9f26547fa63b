"""Content digests that decide whether a stage's inputs changed since it last ran."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from .regex_cache import compiled

_CHUNK = 1 << 20


def bytes_digest(data: bytes) -> str:
    """The digest `file_digest` gives a file holding `data`."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def tree_digest(root: str | os.PathLike) -> str:
    """Digest of a corpus (a folder or a single file) from each file's relative path, size and
    modification time: cheap on a large crawl, and any edit, addition or removal changes it."""
    root = Path(root)
    h = hashlib.sha256()
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for p in files:
        try:
            st = p.stat()
        except OSError:  # gone since it was listed, or a link to nowhere: the readers report it
            continue
        rel = p.name if p == root else p.relative_to(root).as_posix()
        # the name's own bytes: a name that is not valid UTF-8 is still a name
        h.update(os.fsencode(rel) + f"\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def value_digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


_PACKAGE_ROOT = Path(__file__).resolve().parent  # the `align` package


def code_digest(*entry_modules: str) -> str:
    """Digest of the source of `entry_modules` (names inside the `align` package, such as
    "sentalign") and of every module of the package they import, directly or not.

    A stage's output depends on its code as much as on its inputs and settings: a new default
    or a new rule in the aligner must make `align run` align again, while a change to the
    viewer must not. Imports are read from the source (relative imports and `align.*`), so the
    digest follows the code without a hand-kept list.
    """
    return _code_digest(tuple(sorted(entry_modules)))


@functools.cache
def _code_digest(entry_modules: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    for path in code_files(*entry_modules):
        h.update(path.relative_to(_PACKAGE_ROOT).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def code_files(*entry_modules: str) -> list[Path]:
    """The source files `code_digest` reads: the entry modules and all they import, sorted."""
    seen: set[Path] = set()
    todo = [_module_file(name.split(".")) for name in entry_modules]
    while todo:
        path = todo.pop()
        if path is None or path in seen:
            continue
        seen.add(path)
        todo.extend(_imported_files(path))
    return sorted(seen)


def _module_file(parts: list[str]) -> Path | None:
    """The file of module `align.<parts>` (a package's __init__.py), None if there is none."""
    base = _PACKAGE_ROOT.joinpath(*parts) if parts else _PACKAGE_ROOT
    if base.is_dir():
        init = base / "__init__.py"
        return init if init.exists() else None
    file = base.with_suffix(".py")
    return file if file.exists() else None


# an import statement: at a line's start (any indent: inside a function too) or after ":" or ";"
# (a one-line `try: import x`); a parenthesised name list may run over several lines
_FROM_IMPORT = compiled(
    r"(?m)(?:^|[:;])[ \t]*from(?:[ \t]+|(?=\.))(\.*)([\w.]*)[ \t]*import(?:[ \t]+|(?=\())(\([^)]*\)|[^\n;#]*)"
)
_PLAIN_IMPORT = compiled(r"(?m)(?:^|[:;])[ \t]*import[ \t]+([^\n;#]+)")


def _imported_files(path: Path) -> list[Path | None]:
    """Files of the `align` modules that the module at `path` imports (anywhere in it).

    Read from the source by two patterns, not by parsing it: a stage's first run after an
    install or an edit digests its code, and ast.parse of extract's 23 modules took 80 ms of
    it (the patterns: 8). What the patterns also take for an import (an example in a
    docstring) only widens the digest; tests/test_code_digest.py checks, on every module of
    the package, that they find every import the parser finds."""
    package = list(path.relative_to(_PACKAGE_ROOT).parent.parts)
    source = path.read_bytes().decode("utf-8", "replace")
    found: list[Path | None] = []
    for m in _FROM_IMPORT.finditer(source):
        dots, module, names = m.groups()
        name = module.split(".") if module else []
        if dots:  # relative: from . / .. / .x import y
            mod = package[: len(package) - (len(dots) - 1)] + name
        elif name and name[0] == "align":
            mod = name[1:]
        else:
            continue
        found.append(_module_file(mod))
        # `from . import x` / `from .pkg import mod`: a name imported may be a module
        for alias in re.sub(r"#[^\n]*", "", names).strip().strip("()").split(","):  # (comments out)
            imported = alias.split(" as ")[0].strip()
            if imported.isidentifier():
                found.append(_module_file(mod + [imported]))
    for m in _PLAIN_IMPORT.finditer(source):
        for alias in m.group(1).split(","):
            imported = alias.split(" as ")[0].strip()
            if imported.startswith("align."):
                found.append(_module_file(imported.split(".")[1:]))
    return found

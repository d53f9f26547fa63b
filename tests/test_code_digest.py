"""A stage's code digest: the modules it runs and everything they import, nothing else."""

from __future__ import annotations

from pathlib import Path

import align
from align.digest import code_digest, code_files

ROOT = Path(align.__file__).parent


def names(*entry: str) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in code_files(*entry)}


def test_the_aligner_digest_covers_what_it_imports_and_nothing_else():
    aligner = names("sentalign", "embed")
    # imported directly, through the package's __init__, and two levels down
    assert {"sentalign/settings.py", "sentalign/boundaries.py", "sentalign/search.py", "embed_parts.py", "use_forward.py"} <= aligner
    assert not any(n.startswith(("view/", "publish/", "segment/", "report/")) for n in aligner)
    assert "segment/korean.py" in names("segment") and "sentalign/aligner.py" not in names("segment")


def test_digests_differ_between_stages_and_are_stable():
    assert code_digest("sentalign", "embed") == code_digest("embed", "sentalign")
    assert code_digest("sentalign") != code_digest("segment")
    assert code_files("no_such_module") == []


def _parsed_imports(path: Path) -> set[Path]:
    """The reference: the `align` modules a file imports, as Python's own parser reads them."""
    import ast

    from align.digest import _module_file

    package = list(path.relative_to(ROOT).parent.parts)
    found = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.ImportFrom):
            name = node.module.split(".") if node.module else []
            if node.level:
                mod = package[: len(package) - (node.level - 1)] + name
            elif name and name[0] == "align":
                mod = name[1:]
            else:
                continue
            found |= {_module_file(mod), *(_module_file(mod + [a.name]) for a in node.names)}
        elif isinstance(node, ast.Import):
            found |= {_module_file(a.name.split(".")[1:]) for a in node.names if a.name.startswith("align.")}
    return found - {None}


def test_the_source_patterns_find_every_import_the_parser_finds():
    """code_files reads imports with two patterns (fast on a first run); on every module of the
    package they find all that ast finds (they may find more: an example in a docstring)."""
    from align.digest import _imported_files

    for path in sorted(ROOT.rglob("*.py")):
        missed = _parsed_imports(path) - set(_imported_files(path))
        assert not missed, f"{path.relative_to(ROOT)}: {sorted(str(m) for m in missed)}"


def test_the_source_patterns_on_awkward_import_statements(tmp_path, monkeypatch):
    import align.digest as digest

    pkg = tmp_path / "align"
    (pkg / "sub").mkdir(parents=True)
    for name in ("__init__", "a", "b", "c", "d", "e", "f", "sub/__init__", "sub/g", "sub/h"):
        (pkg / f"{name}.py").write_text("")
    (pkg / "sub" / "main.py").write_text(
        'from .. import (  # a comment, then names on lines of their own\n'
        '    a,\n    b as bee,\n)\n'
        'try: import align.c\nexcept ImportError: pass\n'
        'def late():\n    from ..d import thing; from . import g\n'
        'import os, align.e as ee\n'
        'x = "not an import"\n'
        '# from .. import f (a comment: not read)\n'
        'from .h import *\n'
        'from..f import(x)\n'  # no spaces: still Python
    )
    monkeypatch.setattr(digest, "_PACKAGE_ROOT", pkg)
    found = {p.relative_to(pkg).as_posix() for p in digest._imported_files(pkg / "sub" / "main.py") if p}
    assert found == {"__init__.py", "a.py", "b.py", "c.py", "d.py", "e.py", "f.py", "sub/g.py", "sub/__init__.py", "sub/h.py"}

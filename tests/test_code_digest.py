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

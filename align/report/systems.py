"""System outputs: `name=path` or `path` (named by the file's stem), read and checked against
the test set. Every problem in every file is collected, so one run tells the user all of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportInputError
from .script import LANG_NAMES, check_script
from .testset import TestSet
from .textfile import MAX_LINE_CHARS, read_lines

# A hypothesis file with at least this share of its lines equal to the source is reported as
# (partly) copied: short lines (names, numbers) are legitimately identical, a tenth is not.
COPY_WARN_SHARE = 0.05


@dataclass
class System:
    name: str
    path: str
    lines: list[str]
    empty: list[int] = field(default_factory=list)  # 1-based numbers of empty lines
    copied: list[int] = field(default_factory=list)  # 1-based numbers of lines equal to the source
    cut: list[tuple[int, int]] = field(default_factory=list)  # (line, length) of lines cut to the limit


def parse_spec(spec: str) -> tuple[str, str]:
    """`name=path` -> (name, path); a bare path (or one that exists although it holds '=') -> (stem, path)."""
    if "=" in spec and not Path(spec).exists():
        name, path = spec.split("=", 1)
        if name and path:
            return name, path
    return Path(spec).stem, spec


def copied_lines(hyps: list[str], source: list[str]) -> list[int]:
    return [i for i, (h, s) in enumerate(zip(hyps, source), 1) if h and h.strip() == s.strip()]


def load_systems(specs: list[str], testset: TestSet, max_chars: int | None = MAX_LINE_CHARS) -> list[System]:
    """Read and check every system file; raises ReportInputError listing every problem found.
    Lines longer than `max_chars` are cut to it (System.cut lists them; the report warns)."""
    problems: list[str] = []
    systems: list[System] = []
    seen: dict[str, str] = {}
    n = len(testset)
    parsed = [parse_spec(spec) for spec in specs]
    stems = [name for name, _ in parsed]
    for name, path in parsed:
        if name == Path(path).stem and stems.count(name) > 1:
            name = Path(path).name  # sys.a.txt, sys.b.txt: the stems clash, the file names do not
        if name in seen:
            problems.append(f"{path}: system name {name!r} is already used by {seen[name]} (name them: NAME=PATH)")
            continue
        seen[name] = path
        try:
            t = read_lines(path, max_chars, "cut")
        except ReportInputError as e:
            problems.extend(e.problems)
            continue
        if len(t) != n:
            problems.append(f"{t.path}: {len(t)} lines, but the references ({testset.origin}) have {n}")
            continue
        sys_ = System(name, t.path, t.lines, t.empty, cut=t.cut)
        if testset.source is not None:
            sys_.copied = copied_lines(t.lines, testset.source)
        problem = check_script(t.lines, testset.tgt_lang, t.path, f"output of a {testset.direction} system")
        if problem:
            if sys_.copied and len(sys_.copied) * 2 >= n:
                source = LANG_NAMES[testset.src_lang]
                problem += f" ({len(sys_.copied)} of {n} lines equal the {source} source: it looks like the source file)"
            problems.append(problem)
            continue
        systems.append(sys_)
    if problems:
        raise ReportInputError(problems)
    return systems


def copy_warning(sys_: System, total: int) -> str | None:
    if total and len(sys_.copied) >= max(1, COPY_WARN_SHARE * total):
        return (
            f"{sys_.name} ({sys_.path}): {len(sys_.copied)} of {total} lines are copied from the source "
            f"side unchanged (line {', '.join(map(str, sys_.copied[:8]))}{', ...' if len(sys_.copied) > 8 else ''})"
        )
    return None

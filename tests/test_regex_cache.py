"""align.regex_cache: patterns made from the cache file behave as re.compile's, and a missing,
foreign, damaged or unwritable file only costs the compile it would have saved."""

from __future__ import annotations

import marshal
import re

import pytest

from align import regex_cache as rc

pytestmark = pytest.mark.skipif(rc._STAMP is None, reason="this interpreter compiles without the cache")

# (pattern, flags, texts): the kinds our modules use (a Hangul class, IGNORECASE with case-free
# text, named groups, lookbehind, a bytes pattern)
CASES = [
    (r"(?-i:[가-힣]{2,4})\s*기자", re.IGNORECASE, ["홍길동 기자", "Hong 기자", "김철수기자 kim@x.kr"]),
    (r"(?P<name>[\w.+-]+)@(?P<host>[\w-]+(?:\.[\w-]+)+)", 0, ["mail kim.c@hani.co.kr now", "no mail"]),
    (r"(?<=[.!?])\s*(?:END|끝)\s*$", re.IGNORECASE, ["said. (end)", "말했다. 끝", "end"]),
    (r"related (stories|articles)\s*:?$", re.IGNORECASE | re.MULTILINE, ["Related Stories:", "RELATED ARTICLES"]),
    (rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE, [b'<META charset="EUC-KR">', b"<p>"]),
]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """The cache module reading and writing a file of its own, holding nothing yet."""
    monkeypatch.setattr(rc, "CACHE_FILE", tmp_path / "__pycache__" / "regex.test.marshal")
    monkeypatch.setattr(rc, "_entries", None)
    monkeypatch.setattr(rc, "_added", 0)
    return rc.CACHE_FILE


def _same(a: re.Pattern, b: re.Pattern, texts) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for t in texts:
        ma, mb = a.search(t), b.search(t)
        assert (ma and (ma.span(), ma.groups())) == (mb and (mb.span(), mb.groups())), t
        assert a.findall(t) == b.findall(t)


def test_compiled_fresh_and_from_the_file_behave_as_re_compile(fresh, monkeypatch):
    made = [rc.compiled(p, f) for p, f, _ in CASES]
    assert rc.save() and fresh.exists()
    monkeypatch.setattr(rc, "_entries", None)  # a new process: the file read again

    def no_compiling(*_):
        raise AssertionError("compiled again although the file holds it")

    monkeypatch.setattr(rc, "_program", no_compiling)
    for (p, f, texts), first in zip(CASES, made):
        again = rc.compiled(p, f)
        _same(again, re.compile(p, f), texts)
        _same(first, re.compile(p, f), texts)


def test_flags_given_as_regexflag_or_int_are_one_entry(fresh):
    rc.compiled("abc", re.IGNORECASE)
    rc.compiled("abc", int(re.IGNORECASE))
    assert list(rc._entries) == [("abc", int(re.IGNORECASE))]


def test_a_bad_pattern_raises_re_error_as_re_compile_does(fresh):
    with pytest.raises(re.error):
        rc.compiled(r"(unclosed")
    assert not rc._entries


def test_a_pattern_object_is_passed_to_re_compile(fresh):
    p = re.compile("x+")
    assert rc.compiled(p) is re.compile(p)


@pytest.mark.parametrize("content", [
    b"not marshal data at all",
    marshal.dumps((("another python", 0, 0, 0), {("a", 0): (32, [1], 0, {}, (None,))})),
    marshal.dumps(["a list, not (stamp, entries)"]),
    b"",
])
def test_a_foreign_or_damaged_file_is_passed_over(fresh, content):
    fresh.parent.mkdir(parents=True)
    fresh.write_bytes(content)
    pat = rc.compiled(r"[가-힣]+", 0)
    assert pat.findall("한국 news 기사") == ["한국", "기사"]
    assert rc.save()  # and written over with what this process made
    stamp, entries = marshal.loads(fresh.read_bytes())
    assert stamp == rc._STAMP and (r"[가-힣]+", 0) in entries


def test_an_entry_the_engine_refuses_is_compiled_again(fresh):
    fresh.parent.mkdir(parents=True)
    entry = rc._program("ab+c", 0)
    broken = (entry[0], [99999, 1, 2], *entry[2:])  # not a program the engine accepts
    fresh.write_bytes(marshal.dumps((rc._STAMP, {("ab+c", 0): broken})))
    pat = rc.compiled("ab+c")
    assert pat.search("xabbbc").group() == "abbbc"
    assert rc._entries[("ab+c", 0)] != broken


def test_save_keeps_what_another_process_wrote_in_between(fresh, monkeypatch):
    rc.compiled("first")
    assert rc.save()
    # another process: reads the file, adds a pattern, writes
    monkeypatch.setattr(rc, "_entries", None)
    rc.compiled("second")
    assert rc.save()
    _, entries = marshal.loads(fresh.read_bytes())
    assert {("first", 0), ("second", 0)} <= set(entries)


def test_an_unwritable_place_is_no_error(fresh, monkeypatch):
    blocker = fresh.parent
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the folder should be")
    rc.compiled("abc")
    assert rc.save() is False
    assert rc.compiled("abc").search("xabcx")


def test_the_package_patterns_come_out_as_re_compile_makes_them():
    """The modules compile through the cache: their patterns are re.compile's (same program
    checked through behaviour on text of their kind)."""
    from align.extract import boilerplate
    from align.lang import HANGUL

    texts = ["홍길동 기자 hong@hani.co.kr", "[서울=연합뉴스] 김철수 기자 = 정부는", "Copyright © 2026 Hankyoreh",
             "Related stories:", "(끝)", "By Kim Do-yoon, staff reporter", "The minister said on Monday."]
    for pat in [HANGUL, boilerplate._START_RX, boilerplate._TRAIL_REPORTER, *boilerplate._DATELINES]:
        _same(pat, re.compile(pat.pattern, pat.flags & ~re.UNICODE), texts)


def test_the_package_builds_the_same_patterns_whatever_the_hash_seed(tmp_path):
    """A pattern is the cache's key: one joined from a set in the set's order would differ with
    every process's string hashing and be compiled anew each time (the furniture words were)."""
    import os
    import subprocess
    import sys

    probe = (  # what `make venv` does, into a file of its own, from nothing
        "import sys, pathlib, align.regex_cache as rc\n"
        "rc.CACHE_FILE = pathlib.Path(sys.argv[1]); rc._entries = {}\n"
        "rc.main()\n"
        "print('\\n'.join(sorted(repr(k) for k in rc._entries)))\n"
    )
    keys = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", probe, str(tmp_path / f"{seed}.marshal")], env=env,
                             capture_output=True, text=True, check=True)
        keys.append(out.stdout.split("\n", 1)[1])  # (after main's line, which names the file)
    assert keys[0].count("\n") > 50
    assert keys[0] == keys[1] == keys[2]

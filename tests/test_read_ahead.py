"""A stage's `prepare` run ahead in a thread (the extract stage parses the next page while this
one is extracted) changes nothing but the time: the same results in the same order, every item
given its own prepared value, a failing prepare or process handled, no thread left behind, and
the page parsed ahead read exactly as the page parsed by extract_page itself."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from align.executors import InProcess
from align.extract import MAX_PAGE_BYTES, MAX_PAGE_TAGS, SkipPage, extract_page, parse_ahead
from align.runner import _process_batch
from align.stages.extract import Extract

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample" / "pages"
PAGES = sorted(SAMPLE.rglob("*.html"))


def _prepare(payload: int) -> tuple[int, str]:
    if payload == 13:
        raise ValueError("thirteen")
    return payload * 2, threading.current_thread().name


def _process(payload: int, settings: dict, prepared: tuple[int, str] | None = None) -> tuple[str, bool]:
    if payload == settings.get("fail_on"):
        raise RuntimeError(f"process failed on {payload}")
    return f"{payload}:{prepared[0] if prepared else None}:{prepared[1] if prepared else ''}", True


def _helpers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "align-prepare"]


def test_each_item_gets_its_own_prepared_value_from_the_helper_thread() -> None:
    items = [(j, j + 100) for j in range(40)]
    index, out = _process_batch(_process, {}, (7, items), prepare=_prepare)
    assert index == 7 and [j for j, _, _ in out] == list(range(40))
    for j, line, cacheable in out:
        payload, doubled, thread = line.split(":")
        assert int(payload) == j + 100 and int(doubled) == 2 * (j + 100) and cacheable
        assert thread == "align-prepare"  # prepared off the caller's thread
    assert not _helpers()


def test_without_prepare_process_is_called_with_two_arguments() -> None:
    def two_args(payload: int, settings: dict) -> tuple[str, bool]:
        return str(payload), False

    assert _process_batch(two_args, {}, (0, [(0, 5), (1, 6)])) == (0, [(0, "5", False), (1, "6", False)])


def test_a_prepare_that_raises_gives_none_for_that_item_only() -> None:
    _, out = _process_batch(_process, {}, (0, [(0, 12), (1, 13), (2, 14)]), prepare=_prepare)
    assert [line.split(":")[1] for _, line, _ in out] == ["24", "None", "28"]


def test_a_process_that_raises_leaves_no_helper_behind() -> None:
    items = [(j, j) for j in range(30)]
    with pytest.raises(RuntimeError, match="process failed on 4"):
        _process_batch(_process, {"fail_on": 4}, (0, items), prepare=_prepare)
    assert not _helpers()


def test_only_the_in_process_executor_reads_ahead(monkeypatch) -> None:
    monkeypatch.setattr("align.executors.cores", lambda: 2)
    assert InProcess().reads_ahead
    monkeypatch.setattr("align.executors.cores", lambda: 1)
    assert not InProcess().reads_ahead  # one core: the thread would only take turns with the caller


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(SAMPLE).as_posix())
def test_a_page_parsed_ahead_extracts_as_the_page_itself(path: Path) -> None:
    data = path.read_bytes()
    try:
        expected = extract_page(data, None, str(path)).to_json()
    except SkipPage as e:
        with pytest.raises(SkipPage) as got:
            extract_page(data, None, str(path), tree=parse_ahead(data))
        assert (got.value.reason, got.value.detail) == (e.reason, e.detail)
        return
    assert extract_page(data, None, str(path), tree=parse_ahead(data)).to_json() == expected


def test_a_page_not_in_utf8_is_parsed_again_from_its_text() -> None:
    page = ('<html><head><meta charset="euc-kr"><title>제목</title></head><body><article>'
            + "".join(f"<p>서울시는 내년부터 시내버스 노선 {n}개를 새로 만든다고 밝혔다. 새 노선은 도심을 잇는다.</p>"
                      for n in range(20, 27))
            + "</article></body></html>").encode("cp949")
    tree = parse_ahead(page)  # the bytes read as UTF-8: the Korean text comes out broken
    assert tree is not None and "서울시" not in tree.body.text()
    article = extract_page(page, "https://www.x.example/news/1", "p.html", tree=tree)
    assert article.lang == "ko" and article.paragraphs[0].startswith("서울시는 내년부터")
    assert article.to_json() == extract_page(page, "https://www.x.example/news/1", "p.html").to_json()


def test_pages_extract_page_does_not_parse_are_not_parsed_ahead() -> None:
    assert parse_ahead(b"") is None
    assert parse_ahead(b"\x89PNG\r\n\x1a\n" + b"\0" * 100) is None
    assert parse_ahead(b"<p>" + b"x" * MAX_PAGE_BYTES) is None  # too large
    assert parse_ahead(b"<i>" * (MAX_PAGE_TAGS + 1)) is None  # too many tags: their depth costs its square
    assert parse_ahead(b"\xef\xbb\xbf<html><body><p>BOM</p></body></html>").body.text() == "BOM"


def test_a_page_parsed_ahead_is_checked_for_its_cost_once(monkeypatch) -> None:
    import align.extract as ex

    calls: list[int] = []
    real = ex._too_costly
    monkeypatch.setattr(ex, "_too_costly", lambda data: calls.append(len(data)) or real(data))
    page = PAGES[0].read_bytes()
    tree = parse_ahead(page)
    assert tree is not None and calls == [len(page)]
    ex.extract_page(page, None, "p.html", tree=tree)
    assert calls == [len(page)]  # the tree says the page passed: not counted again
    with pytest.raises(SkipPage) as got:
        ex.extract_page(b"<i>" * (MAX_PAGE_TAGS + 1), None, "big.html")  # no tree: checked here
    assert got.value.reason == "too-large" and len(calls) == 2


def test_extract_stage_runs_the_same_with_and_without_reading_ahead(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    from align.commands.extract import cli

    outs = {}
    for ahead in (True, False):
        monkeypatch.setattr(InProcess, "reads_ahead", property(lambda self, a=ahead: a))
        calls: list[bool] = []

        def counting(rec, real=Extract.prepare, calls=calls):
            calls.append(True)
            return real(rec)

        monkeypatch.setattr(Extract, "prepare", staticmethod(counting))
        out = tmp_path / f"ahead-{ahead}"
        result = CliRunner().invoke(cli, [str(SAMPLE), "-o", str(out / "a.jsonl"), "--shard-size", "7", "--quiet"])
        assert result.exit_code == 0, result.output
        outs[ahead] = (out / "a.jsonl").read_bytes(), (out / "a.skipped.jsonl").read_bytes()
        assert len(calls) == (len(PAGES) if ahead else 0)
    assert outs[True] == outs[False]
    assert outs[True][0].count(b"\n") + outs[True][1].count(b"\n") == len(PAGES)

"""scripts/readability_pages.py on a checkout written here in readability's layout: saved pages
kept with their expected text as truth, small rule-test pages left out, a wrong folder refused."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from readability_pages import MIN_PAGE_BYTES, build  # noqa: E402


def _test_page(root: Path, name: str, source: str, expected: str) -> None:
    folder = root / "test" / "test-pages" / name
    folder.mkdir(parents=True)
    (folder / "source.html").write_text(source, encoding="utf-8")
    (folder / "expected.html").write_text(expected, encoding="utf-8")


def test_saved_pages_kept_with_their_expected_text_and_rule_tests_left_out(tmp_path: Path) -> None:
    checkout = tmp_path / "readability"
    filler = "<p>" + "Padding text of a saved page. " * 400 + "</p>"
    assert len(filler) > MIN_PAGE_BYTES
    _test_page(checkout, "news-1", f"<html><body><p>Seoul opens bus routes.</p>{filler}</body></html>",
               "<div id='readability-page-1'><p>Seoul opens <b>bus</b> routes.</p><p>Fares stay.</p></div>")
    _test_page(checkout, "ol", "<ol><li>one</li></ol>", "<ol><li>one</li></ol>")
    (checkout / "test" / "test-pages" / "no-expected").mkdir()
    out = tmp_path / "out"
    assert build(checkout, out) == (1, 1)
    assert sorted(p.name for p in (out / "pages").iterdir()) == ["news-1.html"]
    truth = json.loads((out / "ground-truth.json").read_text(encoding="utf-8"))
    assert " ".join(truth["news-1"]["articleBody"].split()) == "Seoul opens bus routes. Fares stay."
    assert json.loads((out / "manifest.json").read_text())["left_out"]["pages"] == ["ol"]


def test_a_folder_that_is_not_a_checkout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no test/test-pages"):
        build(tmp_path, tmp_path / "out")

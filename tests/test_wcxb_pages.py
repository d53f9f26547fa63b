"""scripts/wcxb_pages.py on a checkout written here in WCXB's layout: the development split's
article pages written with their main content as truth, other page types and the held-out
test split left alone, a wrong folder refused."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from wcxb_pages import build  # noqa: E402


def _case(root: Path, split: str, fid: str, kind: str, text: str) -> None:
    (root / split / "html").mkdir(parents=True, exist_ok=True)
    (root / split / "ground-truth").mkdir(parents=True, exist_ok=True)
    (root / split / "html" / f"{fid}.html.gz").write_bytes(gzip.compress(f"<html><body><p>{text}</p></body></html>".encode()))
    case = {"url": f"https://example.org/{fid}", "file_id": fid, "_internal": {"page_type": {"primary": kind}},
            "ground_truth": {"main_content": text}}
    (root / split / "ground-truth" / f"{fid}.json").write_text(json.dumps(case), encoding="utf-8")


def test_article_pages_of_the_dev_split_with_their_main_content(tmp_path: Path) -> None:
    root = tmp_path / "wcxb"
    _case(root, "dev", "0001", "article", "A blog post about bus routes.")
    _case(root, "dev", "0002", "product", "A product page.")
    _case(root, "test", "0003", "article", "A held-out article.")
    out = tmp_path / "out"
    assert build(root, out) == (1, 1)
    truth = json.loads((out / "ground-truth.json").read_text(encoding="utf-8"))
    assert truth == {"0001": {"articleBody": "A blog post about bus routes.", "url": "https://example.org/0001"}}
    assert [p.name for p in (out / "pages").iterdir()] == ["0001.html"]
    assert build(root, tmp_path / "both", types=("article", "product")) == (2, 0)


def test_the_test_split_without_the_pages_the_dev_split_also_holds(tmp_path: Path) -> None:
    root = tmp_path / "wcxb"
    _case(root, "dev", "0001", "article", "A blog post about bus routes.")
    _case(root, "test", "0001", "article", "A blog post about bus routes.")
    _case(root, "test", "0003", "article", "A held-out article.")
    assert build(root, tmp_path / "all", split="test") == (2, 0)
    assert build(root, tmp_path / "held", split="test", without_dev=True) == (1, 1)
    truth = json.loads((tmp_path / "held" / "ground-truth.json").read_text(encoding="utf-8"))
    assert list(truth) == ["0003"]


def test_a_folder_that_is_not_a_checkout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="is it a checkout of WCXB"):
        build(tmp_path, tmp_path / "out")

"""scripts/korean_pages.py on repositories written here in the fixtures' layouts: each kind of
stored page read back at its commit, its bytes checked, the fixtures' own text kept as truth."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import korean_pages  # noqa: E402

PAGE = "<html><head><meta charset='utf-8'></head><body><p>서울시가 버스 노선을 늘린다.</p></body></html>"


def _repo(root: Path, name: str, files: dict[str, bytes]) -> str:
    """A clone at root/owner+name holding `files` in one commit; the commit's hash."""
    where = root / name.replace("/", "+")
    where.mkdir(parents=True)
    git = ["git", "-C", str(where), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    for path, data in files.items():
        (where / path).parent.mkdir(parents=True, exist_ok=True)
        (where / path).write_bytes(data)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "fixtures"], check=True)
    return subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def test_each_kind_of_fixture_is_written_with_its_text(tmp_path: Path, monkeypatch, capsys) -> None:
    page = PAGE.encode()
    spider = json.dumps([{"raw_response": {"content": PAGE}, "parsed_data": {"text": ["서울시가", "버스 노선을 늘린다."]}}])
    fundus = {"V1": {"body": {"summary": ["요약"], "sections": [{"headline": ["소제목"], "paragraphs": ["본문 문단"]}]}}}
    repos = tmp_path / "repos"
    c1 = _repo(repos, "someone/spider", {"test/a.json": spider.encode()})
    c2 = _repo(repos, "other/fixtures", {"kr/P_1.html.gz": gzip.compress(page), "kr/P.json": json.dumps(fundus).encode(),
                                          "raw/b.html": page})
    entries = [
        {"file": "pages/x_ko_1.html", "site": "x", "lang": "ko", "repository": "someone/spider", "path": "test/a.json",
         "commit": c1, "url": None, "kind": "spider-json", "sha1": _sha1(page), "truth": {"from": "parsed_data.text"}},
        {"file": "pages/y_ko_1.html", "site": "y", "lang": "ko", "repository": "other/fixtures", "path": "kr/P_1.html.gz",
         "commit": c2, "url": None, "kind": "gzip", "sha1": _sha1(page),
         "truth": {"from": "fundus", "path": "kr/P.json", "key": "V1"}},
        {"file": "pages/z_en_1.html", "site": "z", "lang": "en", "repository": "other/fixtures", "path": "raw/b.html",
         "commit": c2, "url": None, "kind": "raw", "sha1": _sha1(page)},
    ]
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps(entries), encoding="utf-8")
    monkeypatch.setattr(korean_pages, "LIST", listing)
    out = tmp_path / "out"
    monkeypatch.setattr(sys, "argv", ["korean_pages.py", str(repos), str(out)])
    assert korean_pages.main() == 0
    assert "3 pages of 3 sites (2 with the fixture's text)" in capsys.readouterr().out
    assert all((out / e["file"]).read_bytes() == page for e in entries)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e.get("truth") for e in manifest] == ["truth/x_ko_1.txt", "truth/y_ko_1.txt", None]
    assert (out / "truth/x_ko_1.txt").read_text(encoding="utf-8") == "서울시가\n버스 노선을 늘린다.\n"
    assert (out / "truth/y_ko_1.txt").read_text(encoding="utf-8") == "요약\n소제목\n본문 문단\n"

    # bytes that are not the ones measured are refused, naming the page
    entries[2]["sha1"] = _sha1(b"other bytes")
    listing.write_text(json.dumps(entries), encoding="utf-8")
    assert korean_pages.main() == 1
    assert "pages/z_en_1.html: the bytes differ" in capsys.readouterr().err


def test_a_missing_clone_is_named(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="nobody/nothing: no clone"):
        korean_pages.repo_dir(tmp_path, "nobody/nothing")


def test_the_recorded_list_names_where_every_page_came_from() -> None:
    entries = json.loads(korean_pages.LIST.read_text(encoding="utf-8"))
    assert len(entries) >= 30 and len({e["site"] for e in entries}) >= 15
    for e in entries:
        assert len(e["commit"]) == 40 and len(e["sha1"]) == 40 and e["kind"] in ("raw", "gzip", "spider-json"), e
        assert e["repository"].count("/") == 1 and e["path"] and e["lang"] in ("ko", "en")

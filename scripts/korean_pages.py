#!/usr/bin/env python3
"""Real Korean news pages (and English pages of Korean outlets) that nobody here tuned on,
gathered from the test fixtures of public crawler and extractor projects: a second set beside
../shared/bench/sites for the Korean side of extraction.

    python scripts/korean_pages.py REPOS OUT
    python scripts/measure_extract.py --sites OUT

REPOS is a folder holding a clone of each repository scripts/korean_pages.json names, as
`owner+name` (a bare mirror there or in its `repo/` folder) or `owner/name`; each page is read
with `git show COMMIT:PATH` at the commit recorded, so the clones must hold that history. OUT
gets the pages (pages/*.html, the bytes checked against the recorded SHA-1), the fixtures' own
expected article text where they have one (truth/*.txt: a crawler's expected output, fundus's
reviewed bodies, the article-extraction-benchmark's annotation; none of it checked here, and
some of it keeps furniture this project drops) and manifest.json in ../shared/bench/sites'
layout. Nothing of the pages is in the project: only where each came from.

How each fixture holds its page (`kind`): raw bytes, gzip, or a spider's test JSON with the
server's response as a string (mitul-kalariya/scrapping-webs; written out as UTF-8).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from fundus_pages import body_text

LIST = Path(__file__).with_name("korean_pages.json")


def repo_dir(repos: Path, name: str) -> tuple[str, Path]:
    """("--git-dir" or "-C", path) of a repository's clone under `repos`."""
    flat = repos / name.replace("/", "+")
    for bare in (flat / "repo", flat):
        if (bare / "HEAD").is_file() and (bare / "objects").is_dir():
            return "--git-dir", bare
    for work in (flat, repos / name, repos / name.split("/")[1]):
        if (work / ".git").exists():
            return "-C", work
    raise SystemExit(f"{name}: no clone under {repos} (as {flat.name}, {name} or {name.split('/')[1]})")


def show(repos: Path, name: str, commit: str, path: str) -> bytes:
    flag, where = repo_dir(repos, name)
    try:
        return subprocess.run(["git", flag, str(where), "show", f"{commit}:{path}"], check=True,
                              capture_output=True).stdout
    except subprocess.CalledProcessError as e:
        raise SystemExit(f"{name}: cannot read {path} at {commit[:10]}: {e.stderr.decode(errors='replace').strip()}") from None


def page_and_truth(entry: dict, raw: bytes, repos: Path) -> tuple[bytes, str | None]:
    """The page's bytes, and the fixture's expected article text (None where it has none)."""
    truth = entry.get("truth") or {}
    if entry["kind"] == "spider-json":
        record = json.loads(raw)[0]
        text = "\n".join(record["parsed_data"]["text"]) if truth else None
        return record["raw_response"]["content"].encode("utf-8"), text
    data = gzip.decompress(raw) if entry["kind"] == "gzip" else raw
    if not truth:
        return data, None
    source = json.loads(show(repos, entry["repository"], entry["commit"], truth["path"]))[truth["key"]]
    if truth["from"] == "fundus":
        return data, body_text(source)
    return data, source["articleBody"]  # the article-extraction-benchmark's annotation


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("repos", type=Path, help="folder of the repositories' clones")
    ap.add_argument("out", type=Path, help="folder to write pages/, truth/ and manifest.json to")
    args = ap.parse_args()
    entries = json.loads(LIST.read_text(encoding="utf-8"))
    (args.out / "pages").mkdir(parents=True, exist_ok=True)
    (args.out / "truth").mkdir(exist_ok=True)
    manifest = []
    for entry in entries:
        raw = show(args.repos, entry["repository"], entry["commit"], entry["path"])
        data, truth = page_and_truth(entry, raw, args.repos)
        if hashlib.sha1(data).hexdigest() != entry["sha1"]:
            print(f"{entry['file']}: the bytes differ from the ones measured ({entry['repository']} {entry['path']})",
                  file=sys.stderr)
            return 1
        (args.out / entry["file"]).write_bytes(data)
        row = {k: v for k, v in entry.items() if k not in ("kind", "truth")}
        if truth is not None:
            row["truth"] = f"truth/{Path(entry['file']).stem}.txt"
            (args.out / row["truth"]).write_text(truth.rstrip("\n") + "\n", encoding="utf-8")
        manifest.append(row)
    (args.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sites = sorted({e["site"] for e in manifest})
    print(f"{len(manifest)} pages of {len(sites)} sites ({sum('truth' in e for e in manifest)} with the fixture's text) "
          f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

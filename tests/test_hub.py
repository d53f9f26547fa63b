"""`align publish` against a local server that answers the Hub endpoints huggingface_hub calls
(repo create, branch, preupload, commit), started in the test on 127.0.0.1."""

import base64
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_publish import make_rows  # noqa: E402

from align.publish import DatasetFolderError, build_dataset  # noqa: E402
from align.publish.hub import publish_dataset  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "hf_localtesttoken0123456789"
BINARY = (".parquet", ".png", ".model")


class FakeHub:
    """Records every request; keeps the files of each commit by path."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict]] = []
        self.files: dict[str, bytes] = {}
        self.created: list[dict] = []
        self.branches: list[str] = []
        self.validated: list[dict] = []
        self.lfs: dict[str, bytes] = {}  # sha256 -> content
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

            def body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    out = b""
                    while size := int(self.rfile.readline().split(b";")[0], 16):
                        out += self.rfile.read(size)
                        self.rfile.readline()
                    self.rfile.readline()
                    return out
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_POST(self) -> None:
                body = self.body()
                hub.requests.append((self.command, self.path, dict(self.headers)))
                path = self.path.split("?")[0]
                parts = path.strip("/").split("/")
                if self.command == "PUT" and parts[0] == "lfs-upload":  # LFS "basic" transfer
                    hub.lfs[parts[1]] = body
                    return self.reply(200, {})
                if parts[0] == "datasets" and path.endswith(".git/info/lfs/objects/batch"):
                    objs = json.loads(body)["objects"]
                    return self.reply(200, {"transfer": "basic", "objects": [
                        {"oid": o["oid"], "size": o["size"],
                         "actions": {"upload": {"href": f"{hub.url}/lfs-upload/{o['oid']}"}}} for o in objs]})
                if path == "/api/repos/create":
                    req = json.loads(body)
                    hub.created.append(req)
                    repo = f"{req['organization']}/{req['name']}" if req.get("organization") else req["name"]
                    return self.reply(200, {"url": f"{hub.url}/datasets/{repo}", "name": repo})
                if path == "/api/validate-yaml":  # the Hub checks a README's metadata before the commit
                    import yaml

                    req = json.loads(body)
                    header = yaml.safe_load(req["content"].split("---\n")[1])
                    hub.validated.append(header)
                    missing = [k for k in ("license", "language", "task_categories", "configs") if k not in header]
                    if missing or req.get("repoType") != "dataset":
                        return self.reply(400, {"errors": [{"message": f"missing {missing}"}]})
                    return self.reply(200, {"errors": [], "warnings": []})
                if parts[:2] == ["api", "datasets"] and len(parts) >= 6:
                    kind = parts[4]
                    if kind == "preupload":
                        files = json.loads(body)["files"]
                        # as the Hub does: binary files go through LFS, text files inline
                        return self.reply(200, {"files": [
                            {"path": f["path"], "uploadMode": "lfs" if f["path"].endswith(BINARY) else "regular",
                             "shouldIgnore": False} for f in files]})
                    if kind == "branch":
                        hub.branches.append(parts[5])
                        return self.reply(200, {})
                    if kind == "commit":
                        for line in body.splitlines():
                            item = json.loads(line)
                            if item["key"] == "file":
                                v = item["value"]
                                hub.files[v["path"]] = base64.b64decode(v["content"])
                            elif item["key"] == "lfsFile":
                                v = item["value"]
                                hub.files[v["path"]] = hub.lfs[v["oid"]]  # KeyError (-> 500) if never uploaded
                        return self.reply(200, {"commitUrl": f"{hub.url}/datasets/{parts[2]}/{parts[3]}/commit/{'a' * 40}",
                                                "commitOid": "a" * 40, "pullRequestUrl": None})
                self.reply(404, {"error": f"fake hub does not serve {path}"})

            do_PUT = do_POST

            def do_GET(self) -> None:
                hub.requests.append(("GET", self.path, dict(self.headers)))
                self.reply(404, {"error": "not served"})

            def reply(self, code: int, obj: dict) -> None:
                data = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeHub":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("hub") / "dataset"
    build_dataset(iter(make_rows(n_pairs=8)), out, seed=0, meta={"license": "cc-by-4.0", "corpus": "t"})
    return out


@pytest.fixture(autouse=True)
def local_only(monkeypatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    # large files: the LFS "basic" transfer the fake hub speaks, not the Xet protocol (which
    # needs Xet storage servers); the commit protocol around it is the same
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_DISABLE_XET", True)


def test_upload_arrives_in_one_commit(folder) -> None:
    with FakeHub() as hub:
        url = publish_dataset(folder, "someone/ko-en-news", private=True, revision="v1", token=TOKEN, endpoint=hub.url)
    assert url == f"{hub.url}/datasets/someone/ko-en-news/tree/v1"
    (created,) = hub.created
    assert (created["organization"], created["name"], created["type"]) == ("someone", "ko-en-news", "dataset")
    assert created.get("visibility") == "private" or created.get("private") is True
    assert hub.branches == ["v1"]
    assert hub.validated and hub.validated[0]["license"] == "cc-by-4.0"
    stats = json.loads((folder / "stats.json").read_text())
    assert set(hub.files) == set(stats["files"])
    for rel, data in hub.files.items():
        assert (folder / rel).read_bytes() == data
    assert 'load_dataset("someone/ko-en-news")' in hub.files["README.md"].decode()  # the card names its repo
    assert len(hub.lfs) >= 6  # the parquet files and the plot went through LFS
    commits = [p for _, p, _ in hub.requests if "/commit/" in p]
    assert len(commits) == 1 and commits[0].startswith("/api/datasets/someone/ko-en-news/commit/v1")
    def auth(h: dict) -> str | None:
        return h.get("authorization") or h.get("Authorization")

    # the Hub API gets the token; the storage URL of the LFS upload does not
    assert all(auth(h) == f"Bearer {TOKEN}" for _, p, h in hub.requests if not p.startswith("/lfs-upload/"))
    assert all(auth(h) is None for _, p, h in hub.requests if p.startswith("/lfs-upload/"))


def test_incomplete_folder_sends_nothing(folder, tmp_path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    (broken / "unfiltered" / "train-00000-of-00001.parquet").unlink()
    with FakeHub() as hub, pytest.raises(DatasetFolderError, match="unfiltered/train"):
        publish_dataset(broken, "someone/x", token=TOKEN, endpoint=hub.url)
    assert hub.requests == []


def _cli(args: list[str], env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    return subprocess.run([sys.executable, "-m", "align.cli", *args], cwd=ROOT, env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_cli_without_token_says_how_to_log_in_and_uploads_nothing(folder, tmp_path) -> None:
    with FakeHub() as hub:
        r = _cli(["publish", str(folder), "--repo-id", "someone/x"],
                 {"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp_path / "hf"), "NO_PROXY": "127.0.0.1"})
    assert r.returncode != 0
    assert "hf auth login" in r.stderr and "HF_TOKEN" in r.stderr and "Nothing was uploaded" in r.stderr
    assert hub.requests == []


def test_cli_token_from_environment_never_printed(folder, tmp_path) -> None:
    with FakeHub() as hub:
        r = _cli(["publish", str(folder), "--repo-id", "someone/y"],
                 {"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp_path / "hf"), "HF_TOKEN": TOKEN, "NO_PROXY": "127.0.0.1",
                  "HF_HUB_DISABLE_XET": "1"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"{hub.url}/datasets/someone/y"
    assert TOKEN not in r.stdout + r.stderr
    assert "README.md" in hub.files and not list((tmp_path / "hf").rglob("token"))

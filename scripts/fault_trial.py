#!/usr/bin/env python3
"""Try the faults and hostile inputs a flaky machine and a hostile user produce, and check that
each gives the behaviour asked for (issue 21): a table attempt / expected / observed / verdict,
then the totals. Exit status 0 when every attempt passes.

    .venv/bin/python scripts/fault_trial.py            # everything (a few minutes: real runs)
    .venv/bin/python scripts/fault_trial.py --fast     # the quick ones (tests/test_faults.py runs these)
    .venv/bin/python scripts/fault_trial.py --only publish-silent-server

Bounded: every command runs under a timeout; servers listen on 127.0.0.1 only, answer a bounded
number of requests and stop with the attempt. A full disk is a small tmpfs where this machine
lets an unprivileged user namespace mount one (`unshare -rm`), and an injected ENOSPC otherwise
(and always in --fast). Inputs are written here, from the project's own sample pages and
invented sentences."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample" / "pages"
ALIGN = [sys.executable, "-m", "align.cli"]
TOKEN = "hf_faulttrialtoken0123456789abcdef"
MAX_REQUESTS = 50  # a loopback server answers at most this many requests


@dataclass
class Attempt:
    name: str
    expected: str
    run: Callable[[Path], tuple[bool, str]]  # work folder -> (passed, what was observed)
    fast: bool = False


@dataclass
class Result:
    code: int
    out: str
    err: str
    seconds: float

    @property
    def text(self) -> str:
        return self.out + self.err


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update(NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost", PYTHONPATH=str(ROOT),
               HF_HUB_DISABLE_XET="1", HF_HUB_DISABLE_TELEMETRY="1")
    env.update(extra or {})
    return env


def run(args: list[str], timeout: float = 120, env: dict[str, str] | None = None, sigint_after: float | None = None,
        sigint_when: Callable[[], bool] | None = None, prefix: list[str] | None = None) -> Result:
    """Run `align ARGS` (or prefix + ARGS) bounded by `timeout`; optionally Ctrl-C it after a delay
    or once `sigint_when()` holds."""
    cmd = (prefix or ALIGN) + args
    t0 = time.perf_counter()
    # a child started from a script inherits an ignored SIGINT when the script runs in the
    # background; Ctrl-C must reach it as it would from a terminal
    p = subprocess.Popen(cmd, cwd=ROOT, env=env or _env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    if sigint_after is not None or sigint_when is not None:
        deadline = t0 + timeout
        while p.poll() is None and time.perf_counter() < deadline:
            if (sigint_after is not None and time.perf_counter() - t0 >= sigint_after) or (sigint_when and sigint_when()):
                p.send_signal(signal.SIGINT)
                break
            time.sleep(0.05)
    try:
        out, err = p.communicate(timeout=max(1.0, timeout - (time.perf_counter() - t0)))
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        return Result(-9, out, err + f"\n[killed after {timeout:.0f} s]", time.perf_counter() - t0)
    return Result(p.returncode, out, err, time.perf_counter() - t0)


def last_line(text: str, n: int = 160) -> str:
    lines = [x.strip() for x in text.strip().splitlines() if x.strip()]
    return (lines[-1] if lines else "(nothing printed)")[:n]


def error_line(text: str) -> str:
    for x in text.splitlines():
        if x.startswith(("Error:", "Interrupted")):
            return x
    return last_line(text, 1000)


# --- inputs we write ---

SENTENCES = [  # invented (Korean source, English reference), as in the tests
    ("정부는 오늘 새로운 경제 정책을 발표했다.", "The government announced a new economic policy today."),
    ("서울의 기온이 영하 10도까지 떨어졌다.", "The temperature in Seoul dropped to minus 10 degrees."),
    ("대통령은 기자회견에서 개혁을 약속했다.", "The president promised reform at a press conference."),
    ("이 회사는 작년에 매출이 두 배로 늘었다.", "The company doubled its sales last year."),
    ("학생들은 도서관에서 시험 공부를 했다.", "The students studied for the exam in the library."),
    ("전문가들은 물가 상승을 우려하고 있다.", "Experts are worried about rising prices."),
]


def small_dataset(folder: Path, n: int = 60) -> tuple[Path, list[str], list[str]]:
    """A dataset folder with a test split of n rows; returns it, the Korean and the English side."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    ko = [SENTENCES[i % len(SENTENCES)][0] + f" {i}" for i in range(n)]
    en = [SENTENCES[i % len(SENTENCES)][1][:-1] + f" {i}." for i in range(n)]
    (folder / "data").mkdir(parents=True, exist_ok=True)
    table = pa.table({
        "translation": pa.array([{"en": e, "ko": k} for k, e in zip(ko, en)], pa.struct([("en", pa.string()), ("ko", pa.string())])),
        "pair_id": pa.array([f"p{i // 10}" for i in range(n)]),
        "ko_article_id": pa.array([f"t:{i // 10}" for i in range(n)]),
    })
    pq.write_table(table, folder / "data" / "test-00000-of-00001.parquet")
    return folder, ko, en


def lines_file(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("".join(x + "\n" for x in lines).encode(encoding))
    return path


# --- loopback servers ---


@contextlib.contextmanager
def silent_server(max_seconds: float = 60) -> Iterator[str]:
    """Accepts connections on 127.0.0.1 and never answers (each held until the attempt ends)."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    srv.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()
    t_end = time.monotonic() + max_seconds

    def loop() -> None:
        while not stop.is_set() and time.monotonic() < t_end and len(held) < MAX_REQUESTS:
            try:
                conn, _ = srv.accept()
            except (TimeoutError, OSError):
                continue
            held.append(conn)  # read nothing back, answer nothing

    th = threading.Thread(target=loop, daemon=True)
    th.start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}"
    finally:
        stop.set()
        th.join(2)
        for c in held:
            c.close()
        srv.close()


@contextlib.contextmanager
def echoing_401_server() -> Iterator[tuple[str, list[str]]]:
    """Answers every request 401, repeating the request's Authorization header in its body, in a
    header and in its error message, as a hostile or badly written server might."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self) -> None:
            if len(seen) >= MAX_REQUESTS:
                self.send_response(503)
                self.end_headers()
                return
            auth = self.headers.get("Authorization", "")
            seen.append(auth)
            n = int(self.headers.get("Content-Length") or 0)
            if n:
                self.rfile.read(min(n, 1 << 20))
            body = json.dumps({"error": f"Invalid credentials in Authorization header: {auth}",
                               "echo": {"authorization": auth, "token": auth.split()[-1] if auth else ""}}).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Error-Message", f"Invalid credentials: {auth}")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_HEAD = _answer

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}", seen
    finally:
        srv.shutdown()
        srv.server_close()


def publishable(work: Path) -> Path:
    """A complete dataset folder to publish (built by the toolkit from invented rows)."""
    folder = SHARED[0] / "pub" / "dataset"
    if (folder / "stats.json").exists():
        return folder
    sys.path.insert(0, str(ROOT / "tests"))
    from test_publish import make_rows

    from align.publish import build_dataset

    build_dataset(iter(make_rows(n_pairs=6)), folder, seed=0, meta={"license": "cc-by-4.0", "corpus": "fault-trial"})
    return folder


# --- the attempts: align bleu ---


def bleu_huge_line(work: Path) -> tuple[bool, str]:
    ds, _, en = small_dataset(work / "ds")
    hyps = list(en)
    hyps[7] = "word " * 2_000_000  # 10 MB: an unsplit document
    f = lines_file(work / "huge.en", hyps)
    js = work / "huge.json"
    r = run(["bleu", "--dataset", str(ds), "--direction", "ko-en", str(f), "--json", str(js), "--quiet"], timeout=120)
    warn = [w for w in json.loads(js.read_text(encoding="utf-8"))["warnings"] if "cut" in w] if r.code == 0 and js.exists() else []
    ok = r.code == 0 and r.seconds < 60 and bool(warn) and "line 8 " in warn[0]
    return ok, f"exit {r.code} in {r.seconds:.1f} s; " + (warn[0].split(": ", 1)[-1][:120] if warn else error_line(r.text))


def bleu_huge_reference(work: Path) -> tuple[bool, str]:
    _, _, en = small_dataset(work / "ds")
    ref = lines_file(work / "ref.en", en[:3] + ["x " * 3000] + en[4:])
    hyp = lines_file(work / "hyp.en", en)
    r = run(["bleu", "--ref", str(ref), "--direction", "ko-en", str(hyp), "--quiet"], timeout=60)
    msg = error_line(r.text)
    return r.code != 0 and "ref.en: line 4 has" in msg and r.seconds < 30, f"exit {r.code} in {r.seconds:.1f} s: {msg}"


def bleu_invalid_utf8(work: Path) -> tuple[bool, str]:
    ds, _, en = small_dataset(work / "ds")
    f = work / "latin1.en"
    f.write_bytes("".join(x + "\n" for x in en[:4]).encode() + b"caf\xe9 au lait\n" + "".join(x + "\n" for x in en[5:]).encode())
    r = run(["bleu", "--dataset", str(ds), "--direction", "ko-en", str(f), "--quiet"], timeout=60)
    msg = error_line(r.text)
    ok = r.code != 0 and "on line 5, byte 4 of that line" in msg and "mac_" not in r.text and "iconv" not in msg
    return ok, f"exit {r.code}: {msg}"


def bleu_utf16(work: Path) -> tuple[bool, str]:
    ds, _, en = small_dataset(work / "ds")
    f = lines_file(work / "utf16.en", en, "utf-16")
    r = run(["bleu", "--dataset", str(ds), "--direction", "ko-en", str(f), "--quiet"], timeout=60)
    msg = error_line(r.text)
    return r.code != 0 and "iconv -f UTF-16" in msg and "cp949" not in msg.lower(), f"exit {r.code}: {msg}"


def bleu_utf8_bom(work: Path) -> tuple[bool, str]:
    ds, _, en = small_dataset(work / "ds")
    f = work / "bom.en"
    f.write_bytes(b"\xef\xbb\xbf" + "".join(x + "\n" for x in en).encode())
    js = work / "bom.json"
    r = run(["bleu", "--dataset", str(ds), "--direction", "ko-en", str(f), "--resamples", "0", "--json", str(js), "--quiet"])
    score = json.loads(js.read_text(encoding="utf-8"))["systems"][0]["scores"]["BLEU"]["score"] if r.code == 0 else None
    return r.code == 0 and score == 100.0, f"exit {r.code}; BLEU {score}" if r.code == 0 else f"exit {r.code}: {error_line(r.text)}"


def bleu_cp949(work: Path) -> tuple[bool, str]:
    ds, ko, _ = small_dataset(work / "ds")
    f = lines_file(work / "euckr.ko", ko, "cp949")
    r = run(["bleu", "--dataset", str(ds), "--direction", "en-ko", str(f), "--quiet"], timeout=60)
    msg = error_line(r.text)
    return r.code != 0 and "iconv -f CP949" in msg and "on line 1" in msg, f"exit {r.code}: {msg}"


def sentences_utf16(work: Path) -> tuple[bool, str]:
    a = lines_file(work / "a.ko", [k for k, _ in SENTENCES], "utf-16")
    b = lines_file(work / "b.en", [e for _, e in SENTENCES])
    r = run(["sentences", str(a), str(b)], timeout=120)
    msg = error_line(r.text)
    return r.code != 0 and "iconv -f UTF-16" in msg and "cp949" not in msg.lower(), f"exit {r.code}: {msg}"


def bleu_hostile_markup(work: Path) -> tuple[bool, str]:
    ds, _, en = small_dataset(work / "ds")
    hyps = list(en)
    hyps[0] = '<script>alert(1)</script> <img src=x onerror=alert(2)> <a href="javascript:alert(3)">x</a>'
    hyps[1] = "\u202eevil\u202c reversed \u200f text"
    f = lines_file(work / "hostile.en", hyps)
    page = work / "hostile.html"
    r = run(["bleu", "--dataset", str(ds), "--direction", "ko-en", f"ref={lines_file(work / 'same.en', en)}", f"bad={f}",
             "--html", str(page), "--quiet", "--resamples", "10"], timeout=90)
    html = page.read_text(encoding="utf-8") if page.exists() else ""
    bad = [s for s in ("<script", "<img", 'href="javascript', "\u202e", "\u200f") if s in html]
    ok = r.code == 0 and html != "" and not bad and "&lt;script&gt;" in html
    return ok, f"exit {r.code}; raw in page: {bad or 'none'}; escaped <script>: {'&lt;script&gt;' in html}"


def view_hostile_markup(work: Path) -> tuple[bool, str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from synthetic_run import write_synthetic_run

    out = write_synthetic_run(work / "vrun", n_pairs=6, shard_size=3,
                              inject={0: "<script>alert(1)</script>", 1: "\u202eevil\u202c x\x07y"})
    recs = [json.loads(x) for x in (out / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    recs[0]["ko"]["url"] = "javascript:alert(1)"
    (out / "pairs.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in recs), encoding="utf-8")
    r = run(["view", str(out), "-o", str(work / "site")], timeout=120)
    pages = "".join(p.read_text(encoding="utf-8") for p in (work / "site").rglob("*.html")) if r.code == 0 else ""
    bad = [s for s in ("<script>alert", 'href="javascript', "\u202e", "\x07") if s in pages]
    return r.code == 0 and pages != "" and not bad, f"exit {r.code}; raw in site: {bad or 'none'}"


# --- align publish ---


def publish_silent(work: Path) -> tuple[bool, str]:
    folder = publishable(work)
    with silent_server() as url:
        r = run(["publish", str(folder), "--repo-id", "someone/x", "--timeout", "1", "--retries", "1"], timeout=60,
                env=_env({"HF_ENDPOINT": url, "HF_TOKEN": TOKEN, "HF_HOME": str(work / "hf")}))
    msg = error_line(r.text)
    ok = r.code != 0 and url in msg and "no answer within 1 s" in msg and r.seconds < 30 and TOKEN not in r.text
    return ok, f"exit {r.code} in {r.seconds:.1f} s: {msg}"


def publish_refused(work: Path) -> tuple[bool, str]:
    folder = publishable(work)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    url = f"http://127.0.0.1:{port}"
    r = run(["publish", str(folder), "--repo-id", "someone/x", "--timeout", "2", "--retries", "1"], timeout=60,
            env=_env({"HF_ENDPOINT": url, "HF_TOKEN": TOKEN, "HF_HOME": str(work / "hf")}))
    msg = error_line(r.text)
    return r.code != 0 and url in msg and r.seconds < 30, f"exit {r.code} in {r.seconds:.1f} s: {msg}"


def publish_echo_401(work: Path) -> tuple[bool, str]:
    folder = publishable(work)
    with echoing_401_server() as (url, seen):
        r = run(["publish", str(folder), "--repo-id", "someone/x", "--timeout", "5"], timeout=60,
                env=_env({"HF_ENDPOINT": url, "HF_TOKEN": TOKEN, "HF_HOME": str(work / "hf"), "HF_DEBUG": "1"}))
    leaked = TOKEN in r.text or TOKEN[3:] in r.text
    msg = error_line(r.text)
    ok = r.code != 0 and not leaked and "401" in msg and bool(seen) and seen[0] == f"Bearer {TOKEN}"
    return ok, f"exit {r.code}; server saw the token: {bool(seen)}; printed: {'TOKEN LEAKED' if leaked else 'redacted'}; {msg}"


# --- disk full, interrupt, empty results, stale temp folders ---

INJECT = r"""
import errno, os, sys
budget = [int(sys.argv[1])]
real_fdopen = os.fdopen
class Full:
    def __init__(self, f): self._f = f
    def write(self, data):
        budget[0] -= len(data)
        if budget[0] < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._f.write(data)
    def __getattr__(self, name): return getattr(self._f, name)
    def __enter__(self): self._f.__enter__(); return self
    def __exit__(self, *exc): return self._f.__exit__(*exc)
os.fdopen = lambda *a, **k: Full(real_fdopen(*a, **k))
sys.argv = ["align", *sys.argv[2:]]
from align.cli import main
main()
"""


def disk_full_injected(work: Path) -> tuple[bool, str]:
    """ENOSPC injected into the toolkit's writes after 20 KB (the articles file of the sample is ~40 KB)."""
    out = work / "x" / "articles.jsonl"
    r = run(["20000", "extract", str(SAMPLE), "-o", str(out)], timeout=120, prefix=[sys.executable, "-c", INJECT])
    msg = error_line(r.text)
    leftovers = [p.name for p in out.parent.glob(".*.tmp")] if out.parent.exists() else []
    ok = (r.code == 1 and "The disk is full" in msg and "articles.jsonl" in msg and "Traceback" not in r.text
          and not out.exists() and not leftovers and "rerun the same command" in r.text)
    return ok, f"exit {r.code}: {msg}; target written: {out.exists()}; temp files left: {len(leftovers)}"


def interrupt_bleu(work: Path) -> tuple[bool, str]:
    ds, _, en = small_dataset(work / "big", n=20000)
    fs = [lines_file(work / f"s{k}.en", [e[: len(e) - k] for e in en]) for k in range(3)]
    r = run(["bleu", "--dataset", str(ds), "--direction", "ko-en", *map(str, fs), "--quiet"], timeout=120, sigint_after=4)
    msg = r.err.strip().splitlines()
    ok = r.code == 130 and any(x.startswith("Interrupted") for x in msg) and "Rerun the same command" in r.err and r.seconds < 30
    return ok, f"exit {r.code} after {r.seconds:.1f} s: {' / '.join(x for x in msg if x)[:170]}"


def empty_no_articles_and_stale_temp(work: Path) -> tuple[bool, str]:
    corpus = work / "front"
    corpus.mkdir()
    shutil.copy(SAMPLE / "hanbit" / "en" / "e_national.html", corpus)  # a section front: no article
    out = work / "front-out"
    stale = out / ".dataset.tmp-killed"
    (out / "manifests").mkdir(parents=True)
    stale.mkdir()
    (stale / "train-00000-of-00001.parquet").write_bytes(b"\0" * 4096)
    r = run(["run", str(corpus), "-o", str(out), "--quiet"], timeout=180)
    msg = error_line(r.text)
    ok = r.code != 0 and "no articles extracted: 1 page(s) read" in msg and not stale.exists() and "Dataset ready" not in r.text
    return ok, f"exit {r.code}, stale temp folder removed: {not stale.exists()}; {msg}"


def empty_none_paired(work: Path) -> tuple[bool, str]:
    corpus = work / "ko-only"
    shutil.copytree(SAMPLE / "hanbit" / "ko", corpus)
    r = run(["run", str(corpus), "-o", str(work / "ko-only-out"), "--quiet"], timeout=300)
    msg = error_line(r.text)
    return r.code != 0 and "none paired" in msg and "Dataset ready" not in r.text, f"exit {r.code}: {msg}"


def digest_of(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*.parquet")):
        h.update(p.relative_to(folder).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


_REFERENCE: dict[str, str] = {}
SHARED = [Path(tempfile.gettempdir())]  # made once for all attempts: the reference run, the dataset to publish


def reference_run(work: Path) -> str:
    """The sample corpus's dataset parquet digest from one uninterrupted run."""
    if "digest" not in _REFERENCE:
        out = SHARED[0] / "ref-run"
        r = run(["run", str(SAMPLE), "-o", str(out), "--quiet"], timeout=600)
        if r.code != 0:
            raise RuntimeError(f"the reference run failed: {error_line(r.text)}")
        _REFERENCE["digest"] = digest_of(out / "dataset")
        _REFERENCE["out"] = str(out)
    return _REFERENCE["digest"]


def empty_all_filtered(work: Path) -> tuple[bool, str]:
    reference_run(work)
    out = work / "filtered"
    shutil.copytree(_REFERENCE["out"], out)  # the stages before the filter are up to date
    r = run(["run", str(SAMPLE), "-o", str(out), "--min-score", "2", "--quiet"], timeout=300)
    msg = error_line(r.text)
    return r.code != 0 and "all filtered" in msg and "Dataset ready" not in r.text, f"exit {r.code}: {msg}"


def interrupt_run(work: Path) -> tuple[bool, str]:
    want = reference_run(work)
    out = work / "int-run"
    r = run(["run", str(SAMPLE), "-o", str(out), "--quiet"], timeout=300,
            sigint_when=lambda: (out / "manifests" / "segment.json").exists())
    again = run(["run", str(SAMPLE), "-o", str(out), "--quiet"], timeout=300)
    same = again.code == 0 and digest_of(out / "dataset") == want
    msg = [x for x in r.err.splitlines() if x.startswith(("Interrupted", "Kept", "Rerun"))]
    ok = r.code == 130 and len(msg) == 3 and "Traceback" not in r.err and same
    return ok, f"exit {r.code}: {' / '.join(msg)[:150]}; rerun byte-identical: {same}"


def sigkill_stage(stage: str, before: str | None) -> Callable[[Path], tuple[bool, str]]:
    def kill_once(out: Path, delay: float) -> tuple[bool, bool]:
        """Start a run, SIGKILL it `delay` s after the stage before `stage` finished: (killed, stage was done)."""
        p = subprocess.Popen([*ALIGN, "run", str(SAMPLE), "-o", str(out), "--quiet"], cwd=ROOT, env=_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t0 = time.perf_counter()
        mark = out / "manifests" / f"{before}.json" if before else out / "run.json"
        while p.poll() is None and not mark.exists() and time.perf_counter() - t0 < 300:
            time.sleep(0.005)
        time.sleep(delay)
        killed = p.poll() is None
        p.kill()
        p.wait()
        return killed, (out / "manifests" / f"{stage}.json").exists()

    def attempt(work: Path) -> tuple[bool, str]:
        want = reference_run(work)
        out = work / f"kill-{stage}"
        tries = 0
        for delay in (0.3, 0.05, 0.0):  # quick stages finish in well under a second: kill sooner
            shutil.rmtree(out, ignore_errors=True)
            killed, done = kill_once(out, delay)
            tries += 1
            if killed and not done:
                break
        again = run(["run", str(SAMPLE), "-o", str(out), "--quiet"], timeout=600)
        same = again.code == 0 and digest_of(out / "dataset") == want
        temps = [str(x.relative_to(out)) for x in out.rglob("*") if ".tmp" in x.name]
        ok = killed and same and not temps
        where = f"killed in {stage}" if killed and not done else ("killed just after it" if killed else "finished before the kill")
        return ok, f"{where} (try {tries}); rerun exit {again.code}, byte-identical: {same}; temp files left: {len(temps)}"

    return attempt


def interrupt_pool(work: Path) -> tuple[bool, str]:
    """Ctrl-C reaches the pool's workers too (one process group): still one plain message."""
    want = reference_run(work)
    out = work / "int-pool"
    r = run(["run", str(SAMPLE), "-o", str(out), "--workers", "2", "--quiet"], timeout=300,
            sigint_when=lambda: (out / "manifests" / "segment.json").exists())
    again = run(["run", str(SAMPLE), "-o", str(out), "--workers", "2", "--quiet"], timeout=300)
    same = again.code == 0 and digest_of(out / "dataset") == want
    ok = r.code == 130 and "Traceback" not in r.err and "Rerun the same command" in r.err and same
    return ok, f"exit {r.code}, traceback printed: {'Traceback' in r.err}; rerun byte-identical: {same}"


def two_runs_one_out(work: Path) -> tuple[bool, str]:
    reference_run(work)
    out = Path(_REFERENCE["out"])
    import fcntl

    with open(out / ".lock", "a+") as lock:  # what a running `align run` holds
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        r = run(["run", str(SAMPLE), "-o", str(out), "--quiet"], timeout=120)
    msg = error_line(r.text)
    return r.code != 0 and "another `align run` is using" in msg and r.seconds < 30, f"exit {r.code} in {r.seconds:.1f} s: {msg}"


def tmpfs_available() -> bool:
    if not shutil.which("unshare"):
        return False
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                            f"mount -t tmpfs -o size=64k tmpfs {d}"], capture_output=True, timeout=20, check=False)
        return r.returncode == 0


def disk_full_tmpfs(work: Path) -> tuple[bool, str]:
    """A real full disk: OUT on small tmpfs mounts (in a user namespace), the run refused in
    plain words at each size; then the mount grown and the same command rerun."""
    if not tmpfs_available():
        return disk_full_injected_run(work)
    want = reference_run(work)
    mnt = work / "small"
    mnt.mkdir()
    script = work / "full.sh"
    sizes = ["120k", "200k", "280k", "360k", "440k", "520k", "600k"]  # each rerun resumes: a disk freed bit by bit
    cmd = shlex.join([*ALIGN, "run", str(SAMPLE), "-o", f"{mnt}/out", "--quiet"])
    body = [f"mount -t tmpfs -o size={sizes[0]} tmpfs {mnt}"]
    for s in sizes:
        body += [f"mount -o remount,size={s} {mnt}", f"echo '=== {s}' >&2", f"{cmd} >/dev/null; echo \"rc=$?\" >&2"]
    body += [f"mount -o remount,size=64m {mnt}", f"{cmd} >/dev/null; echo \"final rc=$?\" >&2",
             f"cp -r {mnt}/out/dataset {work}/from-tmpfs"]
    script.write_text("\n".join(body) + "\n")
    r = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", str(script)], cwd=ROOT, env=_env(),
                       capture_output=True, text=True, timeout=900, check=False)
    blocks = r.stderr.split("=== ")[1:]
    full = [b for b in blocks if "The disk is full" in b]
    tracebacks = sum("Traceback" in b for b in blocks)
    same = (work / "from-tmpfs").exists() and digest_of(work / "from-tmpfs") == want
    named = []  # the file each message names, relative to OUT
    for b in full:
        line = next((x for x in b.splitlines() if x.startswith("Error:")), "")
        named.append(line.split("writing ", 1)[-1].split(" failed", 1)[0].replace(f"{mnt}/out/", ""))
    ok = bool(full) and tracebacks == 0 and all("rc=1" in b for b in full) and "final rc=0" in r.stderr and same
    return ok, (f"{len(full)} of {len(blocks)} sizes ran out of space, each told in plain words naming the file "
                f"({', '.join(named)}); "
                f"tracebacks {tracebacks}; after growing the disk the rerun is byte-identical: {same}")


def disk_full_injected_run(work: Path) -> tuple[bool, str]:
    want = reference_run(work)
    out = work / "inj-run"
    r = run(["150000", "run", str(SAMPLE), "-o", str(out), "--quiet"], timeout=600, prefix=[sys.executable, "-c", INJECT])
    again = run(["run", str(SAMPLE), "-o", str(out), "--quiet"], timeout=600)
    same = again.code == 0 and digest_of(out / "dataset") == want
    msg = error_line(r.text)
    ok = r.code == 1 and "The disk is full" in msg and "Traceback" not in r.text and same
    return ok, f"(injected ENOSPC) exit {r.code}: {msg[:90]}; rerun byte-identical: {same}"


ATTEMPTS = [
    Attempt("bleu-10mb-line", "report in < 60 s, the line cut with a warning naming it", bleu_huge_line, fast=True),
    Attempt("bleu-long-reference", "refused, naming file and line", bleu_huge_reference, fast=True),
    Attempt("bleu-invalid-utf8", "refused with line and byte, no code page guessed", bleu_invalid_utf8, fast=True),
    Attempt("bleu-utf16", "refused: it is UTF-16, iconv -f UTF-16", bleu_utf16, fast=True),
    Attempt("bleu-cp949", "refused: CP949/EUC-KR, iconv -f CP949", bleu_cp949, fast=True),
    Attempt("bleu-utf8-bom", "accepted, the mark dropped (BLEU 100 on the references)", bleu_utf8_bom, fast=True),
    Attempt("sentences-utf16", "refused: UTF-16, not a cp949 hint", sentences_utf16, fast=True),
    Attempt("bleu-hostile-markup", "HTML report escapes markup, bidi controls, javascript:", bleu_hostile_markup, fast=True),
    Attempt("view-hostile-markup", "site escapes markup, controls; no javascript: link", view_hostile_markup, fast=True),
    Attempt("publish-silent-server", "gives up in < 30 s naming the endpoint", publish_silent, fast=True),
    Attempt("publish-refused-port", "fails at once naming the endpoint", publish_refused, fast=True),
    Attempt("publish-401-echoes-token", "401 in plain words, the token never printed", publish_echo_401, fast=True),
    Attempt("disk-full-injected", "plain words naming the file, nothing half-written", disk_full_injected, fast=True),
    Attempt("interrupt-bleu", "exit 130, says to rerun, no traceback", interrupt_bleu, fast=True),
    Attempt("empty-no-articles+stale-temp", "non-zero exit: no articles; OUT/.dataset.tmp-* removed",
            empty_no_articles_and_stale_temp, fast=True),
    Attempt("empty-none-paired", "non-zero exit: none paired, with counts", empty_none_paired),
    Attempt("empty-all-filtered", "non-zero exit: all filtered, with counts", empty_all_filtered),
    Attempt("two-runs-one-out", "the second refused at once", two_runs_one_out),
    Attempt("interrupt-run", "exit 130, what was kept, the command; rerun identical", interrupt_run),
    Attempt("interrupt-run-pool", "exit 130, one message, no worker tracebacks; rerun identical", interrupt_pool),
    Attempt("disk-full-run", "plain words at every size; rerun identical", disk_full_tmpfs),
    *[Attempt(f"sigkill-{s}", "rerun byte-identical, no temp files left", sigkill_stage(s, b))
      for s, b in [("extract", None), ("pair", "extract"), ("segment", "pair"), ("align", "segment"),
                   ("filter", "align"), ("dataset", "filter")]],
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fast", action="store_true", help="only the quick attempts (no full runs of the pipeline)")
    ap.add_argument("--only", action="append", help="run this attempt (repeatable)")
    ap.add_argument("--keep", type=Path, help="keep the work folder here")
    args = ap.parse_args(argv)
    chosen = [a for a in ATTEMPTS if (not args.fast or a.fast) and (not args.only or a.name in args.only)]
    if not chosen:
        print("no attempt chosen", file=sys.stderr)
        return 2
    rows = []
    t_all = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fault-trial-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        SHARED[0] = base / "shared"
        SHARED[0].mkdir(exist_ok=True)
        for a in chosen:
            work = base / a.name
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            t0 = time.perf_counter()
            try:
                ok, observed = a.run(work)
            except Exception as e:  # noqa: BLE001 - an attempt that breaks is a failed attempt, with its reason
                ok, observed = False, f"the attempt itself failed: {type(e).__name__}: {e}"[:200]
            rows.append((a.name, a.expected, observed, "pass" if ok else "FAIL", time.perf_counter() - t0))
            print(f"{'pass' if ok else 'FAIL'}  {a.name}  ({time.perf_counter() - t0:.1f} s)", file=sys.stderr, flush=True)
    width = max(len(r[0]) for r in rows)
    print(f"{'attempt':<{width}} | expected | observed | verdict")
    print(f"{'-' * width}-|----------|----------|--------")
    for name, expected, observed, verdict, secs in rows:
        shown = observed if len(observed) <= 240 else observed[:237] + "..."
        print(f"{name:<{width}} | {expected} | {shown} ({secs:.1f} s) | {verdict}")
    passed = sum(r[3] == "pass" for r in rows)
    print(f"\n{passed} of {len(rows)} attempts passed, {len(rows) - passed} failed "
          f"({'fast subset, ' if args.fast else ''}{time.perf_counter() - t_all:.0f} s)")
    return 0 if passed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())

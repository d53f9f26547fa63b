"""Upload a dataset folder to the Hugging Face Hub in one commit.

The token comes from HF_TOKEN or the user's saved login (`hf auth login`) through
huggingface_hub.get_token; it is handed to the client and never printed or written: every
message this module raises, and everything printed or logged while `redacted_output` is active,
has the token (and anything shaped like a Hub token or an Authorization value) replaced, so a
server that echoes the request's headers back cannot make us print it. The folder is checked
first (complete, written by this toolkit version) and only the files stats.json lists are sent,
in a single commit: the repo gets all of them or none. HF_ENDPOINT points the client at another
server (a mirror, or the test's local one).

No request waits forever: each waits at most `timeout` seconds for an answer (CONNECT_TIMEOUT to
connect), a step that times out or loses its connection is tried again at most `retries` times,
and huggingface_hub's own retries inside the upload (5 at most) wait at most MAX_WAIT seconds
between tries, whatever a Retry-After header asks for.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ..regex_cache import compiled
from .check import check_dataset

CONNECT_TIMEOUT = 10.0  # seconds to open a connection
DEFAULT_TIMEOUT = 60.0  # seconds to wait for an answer (or to send a chunk) once connected
DEFAULT_RETRIES = 2  # further tries of a step that timed out or lost its connection
MAX_WAIT = 30.0  # longest pause between tries, whatever the server asks for

T = TypeVar("T")


class NoTokenError(Exception):
    """No Hugging Face token in the environment or the saved login."""


class PublishError(Exception):
    """The upload failed; the message says where and why in plain words, with the token redacted."""


LOGIN_HELP = (
    "no Hugging Face token found: run `hf auth login` (or `huggingface-cli login`), or set HF_TOKEN "
    "to a token with write access (https://huggingface.co/settings/tokens). Nothing was uploaded."
)

# Hub user tokens (hf_...), and the value of a Bearer/Basic credential or an Authorization field
_TOKEN_SHAPES = compiled(r"""
    (?P<hf>(?-i:\bhf_[A-Za-z0-9]{8,}))
  | (?P<scheme>\bbearer\s+)[^\s"',;}\]]+
  | (?P<field>authorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic)\s+)?[^\s"',;}\]]+
""", re.IGNORECASE | re.VERBOSE)


def redact(text: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """`text` with every secret, and anything shaped like a token or credential, replaced by ***."""
    for s in secrets:
        if s:
            text = text.replace(s, "***")
    return _TOKEN_SHAPES.sub(lambda m: (m.group("scheme") or m.group("field") or "") + "***", text)


class _RedactingStream(io.TextIOBase):
    """A text stream that redacts before writing to the stream it wraps."""

    def __init__(self, inner: Any, secrets: list[str]):
        self._inner, self._secrets = inner, secrets

    def write(self, s: str) -> int:
        self._inner.write(redact(s, self._secrets))
        return len(s)

    def flush(self) -> None:
        self._inner.flush()

    def isatty(self) -> bool:
        return bool(getattr(self._inner, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self._inner.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._inner, "encoding", "utf-8")


class _RedactingFilter(logging.Filter):
    def __init__(self, secrets: list[str]):
        super().__init__()
        self._secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage(), self._secrets), None
        if record.exc_info and record.exc_info[1] is not None:  # a traceback would print the message again
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), self._secrets)
            record.exc_info = None
        return True


@contextlib.contextmanager
def redacted_output(secrets: list[str]) -> Iterator[None]:
    """While active: stdout, stderr and every log handler of the root and huggingface_hub loggers
    redact the secrets (and anything shaped like a token) from whatever they write."""
    loggers = [logging.getLogger(), logging.getLogger("huggingface_hub")]
    handlers = {id(h): h for lg in loggers for h in lg.handlers}.values()
    filt = _RedactingFilter(secrets)
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _RedactingStream(sys.stdout, secrets), _RedactingStream(sys.stderr, secrets)
    for h in handlers:
        h.addFilter(filt)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = old
        for h in handlers:
            h.removeFilter(filt)


class _ClampedTime:
    """The `time` module with `sleep` capped at MAX_WAIT (huggingface_hub's backoff follows a
    server's Retry-After header, however long)."""

    def sleep(self, seconds: float) -> None:
        time.sleep(min(max(seconds, 0.0), MAX_WAIT))

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@contextlib.contextmanager
def bounded_client(timeout: float) -> Iterator[None]:
    """huggingface_hub's shared HTTP client with timeouts (its default waits forever), and its
    pauses between retries capped; both restored afterwards."""
    import httpx2
    from huggingface_hub.utils import _http

    def factory() -> httpx2.Client:
        return httpx2.Client(event_hooks={"request": [_http.hf_request_event_hook]}, follow_redirects=True,
                             timeout=httpx2.Timeout(timeout, connect=min(CONNECT_TIMEOUT, timeout)))

    old_factory, old_time = _http._GLOBAL_CLIENT_FACTORY, _http.time
    _http.set_client_factory(factory)
    _http.time = _ClampedTime()  # type: ignore[assignment]
    try:
        yield
    finally:
        _http.time = old_time
        _http.set_client_factory(old_factory)


def _transient(e: BaseException) -> bool:
    import httpx2

    return isinstance(e, (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError))


def _with_retries(step: Callable[[], T], retries: int, what: str, endpoint: str, timeout: float,
                  log: Callable[[str], None]) -> T:
    for attempt in range(retries + 1):
        try:
            return step()
        except Exception as e:
            if not _transient(e) or attempt == retries:
                raise
            wait = min(2.0 * 2**attempt, MAX_WAIT)
            log(f"{what}: no answer from {endpoint} ({_reason(e, timeout)}); trying again in {wait:.0f} s "
                f"({attempt + 1} of {retries} retries)")
            time.sleep(wait)
    raise AssertionError("unreachable")


def _reason(e: BaseException, timeout: float) -> str:
    import httpx2

    if isinstance(e, httpx2.ConnectTimeout):
        return f"could not connect within {min(CONNECT_TIMEOUT, timeout):g} s"
    if isinstance(e, httpx2.TimeoutException):
        return f"no answer within {timeout:g} s"
    if isinstance(e, httpx2.ConnectError):
        return "connection refused or host not found"
    return f"connection lost ({type(e).__name__})"


def explain_failure(e: BaseException, repo_id: str, endpoint: str, timeout: float, retries: int,
                    secrets: list[str]) -> str:
    """A plain-words message for an exception from the upload, with the secrets redacted."""
    from huggingface_hub.errors import HfHubHTTPError

    if _transient(e):
        return (f"could not upload to {repo_id} at {endpoint}: {_reason(e, timeout)}, {retries + 1} tries. "
                "Nothing was committed. Check the network (and HF_ENDPOINT if set), then rerun the same command.")
    if isinstance(e, HfHubHTTPError) and e.response is not None:
        code = e.response.status_code
        if code == 401:
            return (f"the Hub at {endpoint} refused the token (HTTP 401: invalid or expired). Log in again "
                    "(`hf auth login`) or set HF_TOKEN to a token with write access. Nothing was committed.")
        if code == 403:
            return (f"the Hub at {endpoint} refused to let this token write to {repo_id} (HTTP 403): use a token "
                    "with write access to that user or organisation. Nothing was committed.")
        server = redact(str(e), secrets).splitlines()
        detail = " ".join(x.strip() for x in server if x.strip())[:400]
        return f"upload to {repo_id} at {endpoint} failed (HTTP {code}): {detail}. Nothing was committed."
    return redact(f"upload to {repo_id} at {endpoint} failed: {type(e).__name__}: {e}", secrets)


def resolve_token(token: str | None = None) -> str:
    """The token to use: given, HF_TOKEN, or the saved login; NoTokenError if none."""
    from huggingface_hub import get_token

    token = token or get_token()
    if not token:
        raise NoTokenError(LOGIN_HELP)
    return token


def hub_endpoint(endpoint: str | None = None) -> str:
    from huggingface_hub import constants

    return (endpoint or os.environ.get("HF_ENDPOINT") or constants.ENDPOINT).rstrip("/")


def publish_dataset(
    folder: str | os.PathLike,
    repo_id: str,
    *,
    private: bool = False,
    revision: str | None = None,
    token: str | None = None,
    endpoint: str | None = None,
    commit_message: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    log: Callable[[str], None] | None = None,
) -> str:
    """Create the dataset repo if needed, upload the folder, return the repo's URL. Failures
    raise PublishError in plain words (endpoint named, token redacted)."""
    from huggingface_hub import CommitOperationAdd, HfApi

    folder = Path(folder)
    stats = check_dataset(folder)  # raises DatasetFolderError before anything touches the network
    token = resolve_token(token)
    from .card import amend_card

    stats = amend_card(folder, repo_id=repo_id)  # the card's usage snippet loads it from this repo
    where = hub_endpoint(endpoint)
    say = log or (lambda msg: print(redact(msg, [token]), file=sys.stderr))
    api = HfApi(endpoint=where, token=token)
    operations = [CommitOperationAdd(path_in_repo=rel, path_or_fileobj=str(folder / rel)) for rel in stats["files"]]
    message = commit_message or (
        f"Upload dataset ({stats['rows_kept']} rows) built with ko-en-align {stats['toolkit_version']}"
    )
    try:
        with bounded_client(timeout):
            repo = _with_retries(lambda: api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True),
                                 retries, "creating the repo", where, timeout, say)
            if revision:
                _with_retries(lambda: api.create_branch(repo_id, branch=revision, repo_type="dataset", exist_ok=True),
                              retries, "creating the branch", where, timeout, say)
            api.create_commit(repo_id, operations, commit_message=message, repo_type="dataset", revision=revision)
    except Exception as e:  # noqa: BLE001 - whatever the client raises is told in plain words
        raise PublishError(explain_failure(e, repo_id, where, timeout, retries, [token])) from None
    url = str(repo).rstrip("/")
    return f"{url}/tree/{revision}" if revision else url

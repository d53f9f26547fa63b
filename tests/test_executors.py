"""The executors run the same function to the same results, keep a bounded number of tasks in
flight, survive a worker process that dies, and fail fast and clearly on a dead scheduler."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from align.executors import DaskExecutor, ExecutorError, InProcess, LocalPool, make_executor

# --- toy stage functions: top level so a worker process can import them ---


def shard_sum(task: tuple[int, list[int]]) -> tuple[int, int, str | None]:
    index, values = task
    return index, sum(v * v for v in values), os.environ.get("ALIGN_THREADS")


def fail_on_three(task: int) -> int:
    if task == 3:
        raise ValueError("bad shard 3")
    return task


def die_once(task: tuple[str, int]) -> int:
    """Kills its own worker process the first time it sees shard 3."""
    marker, index = task
    if index == 3 and not os.path.exists(marker):
        Path(marker).touch()
        os._exit(1)
    return index


TASKS = [(i, list(range(i, i + 7))) for i in range(23)]


@pytest.fixture(scope="module")
def pool():
    with LocalPool(2, threads=1) as ex:
        yield ex


@pytest.fixture(scope="module")
def dask_local():
    with DaskExecutor(local_workers=2, threads=1) as ex:
        yield ex


def _results(ex, fn=shard_sum, tasks=TASKS):
    return sorted(ex.map(fn, iter(tasks)))


@pytest.mark.parametrize("name", ["pool", "dask_local"])
def test_same_results_as_in_process(name, request):
    ex = request.getfixturevalue(name)
    expected = [r[:2] for r in _results(InProcess())]
    got = _results(ex)
    assert [r[:2] for r in got] == expected
    assert {r[2] for r in got} == {"1"}  # the worker's threads were pinned before the task ran


@pytest.mark.parametrize("name", ["pool", "dask_local"])
def test_bounded_in_flight(name, request):
    ex = request.getfixturevalue(name)
    pulled = 0

    def tasks():
        nonlocal pulled
        for t in TASKS:
            pulled += 1
            yield t

    limit = 4  # 2 workers x 2
    seen = 0
    for _ in ex.map(shard_sum, tasks()):
        # beyond the results already handed back: this one, and at most `limit` in flight
        assert pulled - seen <= limit + 1, (pulled, seen)
        seen += 1
    assert seen == pulled == len(TASKS)


@pytest.mark.parametrize("name", ["pool", "dask_local"])
def test_task_error_is_raised(name, request):
    ex = request.getfixturevalue(name)
    with pytest.raises(ValueError, match="bad shard 3"):
        list(ex.map(fail_on_three, range(8)))
    assert sorted(ex.map(fail_on_three, [0, 1, 2])) == [0, 1, 2]  # still usable afterwards


@pytest.mark.parametrize("name", ["pool", "dask_local"])
def test_lost_worker_is_retried(name, request, tmp_path):
    ex = request.getfixturevalue(name)
    marker = str(tmp_path / "died")
    got = sorted(ex.map(die_once, [(marker, i) for i in range(10)]))
    assert os.path.exists(marker)  # a worker really died
    assert got == list(range(10))  # and no shard was lost or duplicated


def test_pool_gives_up_after_repeated_deaths(tmp_path):
    with LocalPool(2, threads=1, retries=0) as ex, pytest.raises(ExecutorError, match="worker process died"):
        list(ex.map(die_once, [(str(tmp_path / "died"), i) for i in range(6)]))


def test_existing_scheduler_by_address(dask_local):
    """--scheduler ADDRESS: a second client on a running cluster gives the same results."""
    with DaskExecutor(scheduler=dask_local.cluster.scheduler_address, threads=1, connect_timeout=10) as ex:
        assert [r[:2] for r in _results(ex)] == [r[:2] for r in _results(InProcess())]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dead_scheduler_fails_fast_and_clearly():
    address = f"tcp://127.0.0.1:{_free_port()}"
    start = time.monotonic()
    with pytest.raises(ExecutorError, match="no Dask scheduler answers at tcp://127.0.0.1"):
        DaskExecutor(scheduler=address, connect_timeout=3)
    assert time.monotonic() - start < 10


def test_silent_scheduler_times_out():
    """An address that accepts the connection but never speaks: an error after the timeout, no hang."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        start = time.monotonic()
        with pytest.raises(ExecutorError, match="could not connect to a Dask scheduler"):
            DaskExecutor(scheduler=address, connect_timeout=2)
        assert time.monotonic() - start < 15


def test_malformed_address():
    with pytest.raises(ExecutorError, match="not a scheduler address"):
        DaskExecutor(scheduler="tcp://no-port-here", connect_timeout=1)


def test_make_executor_choice():
    assert isinstance(make_executor(), InProcess)
    assert isinstance(make_executor(workers=1), InProcess)
    ex = make_executor(workers=3, threads=2)
    assert isinstance(ex, LocalPool) and ex.workers == 3 and ex.threads == 2
    ex.close()
    with pytest.raises(ValueError, match="choose one of --workers, --scheduler"):
        make_executor(workers=2, scheduler="tcp://127.0.0.1:1")


def test_cli_dead_scheduler_and_conflicting_options(tmp_path):
    from click.testing import CliRunner

    from align.commands.run import cli

    corpus = Path(__file__).resolve().parents[1] / "corpora" / "sample"
    runner = CliRunner()
    address = f"tcp://127.0.0.1:{_free_port()}"
    res = runner.invoke(cli, [str(corpus), "-o", str(tmp_path / "out"), "--scheduler", address, "--quiet"])
    assert res.exit_code == 1 and f"no Dask scheduler answers at {address}" in res.output
    res = runner.invoke(cli, [str(corpus), "-o", str(tmp_path / "out"), "--workers", "2", "--dask-local", "2"])
    assert res.exit_code == 2 and "choose one of --workers, --dask-local" in res.output
    assert not (tmp_path / "out").exists()  # nothing started, nothing written


def worker_dask_config(_: int) -> tuple[str, str, bool]:
    import dask

    return (
        str(dask.config.get("distributed.admin.tick.interval")),
        str(dask.config.get("distributed.admin.system-monitor.interval")),
        bool(dask.config.get("distributed.worker.profile.enabled")),
    )


def test_local_cluster_workers_run_with_quiet_diagnostics(dask_local):
    # The relaxed tick and monitor, and the profiler off, must reach the worker processes
    # themselves: that is where they cost the align stage its time.
    assert set(dask_local.map(worker_dask_config, range(4))) == {("1s", "5s", False)}


class _BreaksOnSubmit:
    """A stand-in process pool that runs tasks at once, and whose `breaks_at`-th submission
    finds it broken (a worker died between two submissions), as do the ones after it."""

    def __init__(self, breaks_at: int | None) -> None:
        self.calls = 0
        self.breaks_at = breaks_at

    def submit(self, fn, task):
        import concurrent.futures as cf

        self.calls += 1
        if self.breaks_at is not None and self.calls >= self.breaks_at:
            raise cf.process.BrokenProcessPool("a child process terminated abruptly")
        fut = cf.Future()
        fut.set_result(fn(task))
        return fut

    def shutdown(self, wait=True, cancel_futures=False):
        pass


@pytest.mark.parametrize("retries", [0, 1])
def test_a_pool_that_breaks_between_submissions_is_restarted_or_given_up(retries, monkeypatch):
    ex = LocalPool(2, threads=1, retries=retries)
    pools = iter([_BreaksOnSubmit(3), _BreaksOnSubmit(None)])
    monkeypatch.setattr(ex, "_get_pool", lambda: ex.__dict__.setdefault("_fake", next(pools)))

    def restart():
        ex.__dict__["_fake"] = next(pools)
        ex.restarts += 1
        return ex._fake

    monkeypatch.setattr(ex, "_restart", restart)
    tasks = list(range(10))
    if retries == 0:
        with pytest.raises(ExecutorError, match="worker process died"):
            list(ex.map(lambda x: x * 10, tasks))
        return
    got = list(ex.map(lambda x: x * 10, tasks))
    assert sorted(got) == [x * 10 for x in tasks]  # nothing lost, nothing twice
    assert ex.restarts == 1

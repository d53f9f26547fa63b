"""Where per-shard work runs. Stages hand a function and its tasks to an executor and know
nothing else: the in-process executor is the default, a local process pool (`--workers N`) and
Dask (`--scheduler ADDRESS`, `--dask-local N`) implement the same `map`.

Every executor keeps a bounded number of tasks in flight and pulls the next task from the
iterator only when one finishes, so memory is bounded by shard size, not corpus size. Results
come back as they complete, each carrying its own key (the shard index).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import urlsplit

if TYPE_CHECKING:  # imported where a pool is made: `align extract` in one process needs neither
    import concurrent.futures as cf

T = TypeVar("T")

# env variables that size native thread pools; set in each worker before heavy imports where possible
_THREAD_VARS = ("ALIGN_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")


class ExecutorError(RuntimeError):
    """The executor cannot run the work (no scheduler at the address, workers keep dying)."""


class Executor(Protocol):
    name: str

    def map(self, fn: Callable[[T], Any], tasks: Iterable[T]) -> Iterator[Any]:
        """Run fn over tasks; results may come back in any order (each carries its own key)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Any: ...

    def __exit__(self, *exc: object) -> None: ...


class _Closing:
    """`with executor:` closes it (workers, cluster) on the way out, error or not."""

    def close(self) -> None:  # pragma: no cover - overridden
        pass

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InProcess(_Closing):
    """Runs tasks one after another in this process."""

    name = "in-process"

    @property
    def reads_ahead(self) -> bool:
        """Whether a stage's `prepare` may run ahead in a thread: one process leaves the other
        cores idle (a pool's workers use them all, so only this executor says yes)."""
        return cores() > 1

    def map(self, fn: Callable[[T], Any], tasks: Iterable[T]) -> Iterator[Any]:
        for t in tasks:
            yield fn(t)

    def close(self) -> None:
        pass


def cores() -> int:
    """CPU cores this process may use (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def threads_per_worker(workers: int, threads: int | None = None) -> int:
    """BLAS threads for each of `workers` processes: the user's choice, else one (align.embed
    explains why: faster on a busy machine, and bit-identical results on any machine; use more
    workers, not more threads)."""
    return threads if threads else 1


_limits: Any = None  # keeps the worker's threadpool limits alive for the life of the process


def pin_threads(threads: int) -> None:
    """Size this process's native thread pools (run in each worker before any task)."""
    global _limits
    for var in _THREAD_VARS:
        os.environ[var] = str(threads)  # read by align.embed and by libraries not loaded yet
    from threadpoolctl import threadpool_limits

    _limits = threadpool_limits(limits=threads)  # libraries already loaded
    numba = sys.modules.get("numba")
    if numba is not None:
        with contextlib.suppress(AttributeError, ValueError):
            numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))


def _init_pool_worker(threads: int, parent: int) -> None:
    pin_threads(threads)
    # A pool worker holds both ends of its task pipe, so it would wait forever for tasks from a
    # parent that was SIGKILLed; it watches the parent instead and leaves with it.
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    while True:
        time.sleep(every)
        if not _alive(parent):
            os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # the pid was reused by another user's process: ours is gone
        return False
    try:  # a killed parent not yet reaped is a zombie: gone all the same
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


class LocalPool(_Closing):
    """A pool of `workers` processes on this machine (concurrent.futures).

    Processes start with `context`: "forkserver" by default, or "spawn"; both are safe beside
    the threads of tqdm, BLAS and Dask, unlike "fork". Measured with scripts/bench_scale.py
    (`--modes pool,pool-spawn`), a pool of 2 is ready (encoder loaded, aligner compiled) in
    7.7-8.7 s either way on the 2-core dev box, and aligns at the same speed. The pool lives
    across `map` calls, so each worker loads the encoder once for the whole run. A worker that
    dies (killed, out of memory) breaks the pool; the pool is restarted and the lost tasks
    resubmitted, `retries` times at most.
    """

    name = "local-pool"

    def __init__(
        self,
        workers: int,
        *,
        threads: int | None = None,
        max_in_flight: int | None = None,
        context: str = "forkserver",
        retries: int = 2,
    ) -> None:
        import multiprocessing  # here, as asyncio and socket below: `align extract` in one process needs none

        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        if context not in multiprocessing.get_all_start_methods():
            context = "spawn"
        self.workers = workers
        self.threads = threads_per_worker(workers, threads)
        self.max_in_flight = max_in_flight or 2 * workers  # one running, one queued per worker
        self.context = context
        self.retries = retries
        self._pool: cf.ProcessPoolExecutor | None = None
        self.restarts = 0

    def _get_pool(self) -> cf.ProcessPoolExecutor:
        import concurrent.futures as cf
        import multiprocessing

        if self._pool is None:
            self._pool = cf.ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context(self.context),
                initializer=_init_pool_worker,
                initargs=(self.threads, os.getpid()),
            )
        return self._pool

    def _restart(self) -> cf.ProcessPoolExecutor:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self.restarts += 1
        return self._get_pool()

    def map(self, fn: Callable[[T], Any], tasks: Iterable[T]) -> Iterator[Any]:
        import concurrent.futures as cf

        pool = self._get_pool()
        it = iter(tasks)
        pending: dict[cf.Future, T] = {}
        refused: list[T] = []  # tasks a pool that broke under us would not take
        retries_left = self.retries

        def submit(task: T) -> bool:
            # a worker may die between two submissions: the pool then refuses the next one
            # (BrokenProcessPool from submit itself), and the task waits for the restart
            try:
                pending[pool.submit(fn, task)] = task
                return True
            except cf.process.BrokenProcessPool:
                refused.append(task)
                return False

        def fill() -> None:
            while len(pending) < self.max_in_flight and not refused:
                task = next(it, _END)
                if task is _END or not submit(task):
                    return

        try:
            fill()
            while pending or refused:
                done = cf.wait(pending, return_when=cf.FIRST_COMPLETED)[0] if pending else set()
                lost: list[T] = []
                for fut in done:
                    task = pending.pop(fut)
                    if isinstance(fut.exception(), cf.process.BrokenProcessPool):
                        lost.append(task)
                        continue
                    yield fut.result()  # a task's own error is raised here, not retried
                if lost or refused:
                    if retries_left <= 0:
                        raise ExecutorError(
                            f"a worker process died {self.retries + 1} times (killed or out of memory?); "
                            "the shards written so far are kept, rerun to resume"
                        )
                    retries_left -= 1
                    lost.extend(pending.values())  # every other task of a broken pool is lost too
                    lost.extend(refused)
                    pending.clear()
                    refused.clear()
                    pool = self._restart()
                    for k, task in enumerate(lost):
                        if not submit(task):
                            refused.extend(lost[k + 1 :])  # the new pool broke too: restart it again
                            break
                fill()
        finally:
            for fut in pending:
                fut.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


_END: Any = object()


_LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}
# The same for the worker processes, which read their Dask config from the environment.
_LOCAL_CLUSTER_ENV = {
    "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
    "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL": "1s",
    "DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL": "5s",
}


class DaskExecutor(_Closing):
    """Tasks on a Dask cluster: an existing scheduler (`scheduler="tcp://host:8786"`) or a
    LocalCluster of `local_workers` single-threaded worker processes.

    A worker lost mid-task is handled by the scheduler, which reruns its tasks elsewhere (up to
    `distributed.scheduler.allowed-failures` times, 3 by default). A scheduler that does not
    answer within `connect_timeout` seconds raises ExecutorError instead of hanging.
    """

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        local_workers: int | None = None,
        *,
        threads: int | None = None,
        max_in_flight: int | None = None,
        connect_timeout: float = 10.0,
    ) -> None:
        if (scheduler is None) == (local_workers is None):
            raise ValueError("give either a scheduler address or a number of local workers")
        import logging

        import dask
        import distributed

        self.cluster: Any = None
        self.max_in_flight = max_in_flight
        if scheduler is not None:
            self.client = _connect(scheduler, connect_timeout)
            self.name = f"dask {scheduler}"
        else:
            assert local_workers is not None
            if local_workers < 1:
                raise ValueError(f"local workers must be at least 1, not {local_workers}")
            threads = threads_per_worker(local_workers, threads)
            # Dask's statistical profiler samples every task thread's stack every 10 ms, holding
            # the GIL; off, aligning 128 pairs on 2 workers took 6.5 s instead of 6.9 (pool: 5.7 s).
            # The event-loop health tick (20 ms) and the system monitor (0.5 s) wake every process
            # too; relaxed, Dask's overhead over the pool fell from +7.1% to +3.6% on 384 pairs
            # (scripts/bench_scale.py --modes pool,dask). Both only feed diagnostics.
            # Set for this whole process, not in a `with` block: a Nanny restarting a dead worker
            # hands it the config current at that moment, and a test caught restarted workers
            # running with the defaults again.
            dask.config.set(_LOCAL_CLUSTER_CONFIG)
            self.cluster = distributed.LocalCluster(
                n_workers=local_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,  # no web server, no port clash with a second run
                silence_logs=logging.ERROR,
                env={var: str(threads) for var in _THREAD_VARS} | _LOCAL_CLUSTER_ENV,  # before imports
            )
            self.client = distributed.Client(self.cluster, set_as_default=False)
            self.name = f"dask local x{local_workers}"
        self.client.register_plugin(_pin_threads_class()(threads), name="align-pin-threads")

    def map(self, fn: Callable[[T], Any], tasks: Iterable[T]) -> Iterator[Any]:
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        it = iter(tasks)
        limit = self.max_in_flight or max(2, 2 * sum(self.client.nthreads().values()))
        running = as_completed(loop=self.client.loop)
        submitted: set[Any] = set()

        def submit(task: T) -> None:
            fut = self.client.submit(fn, task, pure=False)  # pure=False: equal tasks still both run
            submitted.add(fut)
            running.add(fut)

        try:
            for task in itertools.islice(it, limit):
                submit(task)
            for fut in running:
                try:
                    result = fut.result()
                except KilledWorker as e:
                    raise ExecutorError(
                        f"Dask gave up on a task after it killed workers repeatedly ({e}); "
                        "the shards written so far are kept, rerun to resume"
                    ) from None
                submitted.discard(fut)
                fut.release()  # drop the result on the cluster at once: memory stays bounded
                task = next(it, _END)
                if task is not _END:
                    submit(task)
                yield result
        finally:
            for fut in submitted:  # left over after an error or an interrupted run
                fut.cancel()
            submitted.clear()

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def _pin_threads_class() -> type:
    """PinThreads, a Dask WorkerPlugin subclass, defined on first use: importing distributed takes
    0.4 s, which the in-process executor (`align extract`, a plain run) must not pay."""
    cls = globals().get("PinThreads")
    if cls is not None:
        return cls
    try:
        from distributed.diagnostics.plugin import WorkerPlugin
    except ImportError:  # pragma: no cover - Dask is a dependency
        WorkerPlugin = object  # type: ignore[misc,assignment]

    class PinThreads(WorkerPlugin):
        """Dask worker plugin: pins each worker's native threads (workers that join later too)."""

        def __init__(self, threads: int | None) -> None:
            self.threads = threads

        def setup(self, worker: Any) -> None:
            pin_threads(self.threads or 1)  # one, as everywhere (see threads_per_worker)

        def teardown(self, worker: Any) -> None:
            pass

    PinThreads.__qualname__ = "PinThreads"  # pickled by reference as align.executors.PinThreads
    globals()["PinThreads"] = PinThreads
    return PinThreads


def __getattr__(name: str) -> Any:
    # a worker unpickling the plugin looks up align.executors.PinThreads: made on that first lookup
    if name == "PinThreads":
        return _pin_threads_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _connect(address: str, timeout: float) -> Any:
    """A Client to the scheduler at `address`, or ExecutorError within about `timeout` s."""
    import asyncio
    import socket

    import distributed

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme in ("tcp", "tls"):
        try:
            host, port = parts.hostname, parts.port
        except ValueError:
            host, port = None, None
        if not host or not port:
            raise ExecutorError(f"not a scheduler address: {address!r} (expected like tcp://host:8786)")
        try:  # a plain socket first: a refused or unreachable address fails fast and quietly
            socket.create_connection((host, port), timeout=timeout).close()
        except OSError as e:
            raise ExecutorError(f"no Dask scheduler answers at {address} ({e}); is it running?") from None
    # Client() waits forever on a peer that accepts but never speaks: ask who it is, under a timeout
    try:
        who = asyncio.run(_identity(address, timeout))
    except Exception as e:  # noqa: BLE001 - anything that is not a scheduler, in plain words
        reason = f"no answer within {timeout:g} s" if isinstance(e, asyncio.TimeoutError) else str(e) or type(e).__name__
        raise ExecutorError(f"could not connect to a Dask scheduler at {address}: {reason}") from None
    if not isinstance(who, dict) or who.get("type") != "Scheduler":
        kind = who.get("type") if isinstance(who, dict) else type(who).__name__
        raise ExecutorError(f"{address} is not a Dask scheduler (it says it is a {kind})")
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except Exception as e:  # noqa: BLE001
        raise ExecutorError(f"could not connect to a Dask scheduler at {address}: {e}") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except Exception:  # noqa: BLE001
        client.close()
        raise ExecutorError(f"the Dask scheduler at {address} has no workers (waited {timeout:g} s)") from None
    return client


async def _identity(address: str, timeout: float) -> Any:
    import asyncio

    from distributed.comm import connect

    comm = await asyncio.wait_for(connect(address, timeout=timeout), timeout)
    try:
        await asyncio.wait_for(comm.write({"op": "identity", "reply": True}), timeout)
        return await asyncio.wait_for(comm.read(), timeout)
    finally:
        comm.abort()


def make_executor(
    workers: int | None = None,
    scheduler: str | None = None,
    dask_local: int | None = None,
    *,
    threads: int | None = None,
) -> Executor:
    """The executor the CLI options ask for: at most one of a pool, a scheduler, a local cluster."""
    chosen = [name for name, v in (("--workers", workers), ("--scheduler", scheduler), ("--dask-local", dask_local)) if v]
    if len(chosen) > 1:
        raise ValueError(f"choose one of {', '.join(chosen)}")
    if scheduler:
        return DaskExecutor(scheduler=scheduler, threads=threads)
    if dask_local:
        return DaskExecutor(local_workers=dask_local, threads=threads)
    if workers and workers > 1:
        return LocalPool(workers, threads=threads)
    return InProcess()

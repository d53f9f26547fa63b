"""Where per-shard work runs. Stages hand a function and its tasks to an executor and know
nothing else; the in-process executor is the default, others (a process pool, Dask) implement
the same `map`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Executor(Protocol):
    name: str

    def map(self, fn: Callable[[T], Any], tasks: Iterable[T]) -> Iterator[Any]:
        """Run fn over tasks; results may come back in any order (each carries its own key)."""
        ...

    def close(self) -> None: ...


class InProcess:
    """Runs tasks one after another in this process."""

    name = "in-process"

    def map(self, fn: Callable[[T], Any], tasks: Iterable[T]) -> Iterator[Any]:
        for t in tasks:
            yield fn(t)

    def close(self) -> None:
        pass

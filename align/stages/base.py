"""The stage contract: what every stage declares, and what the runner hands it.

A stage is one object (as datatrove's pipeline steps and sacrebleu's metrics are): its name,
the stage whose files it reads (`after`), the library modules whose code shapes its output
(`code`), the part of the run's settings it uses (`settings`), the files it writes
(`outputs`), and `run(ctx)`, which does the work and returns its counts. The runner
(`align.runner`) alone owns locks, manifests, resuming, the per-item cache, executors and the
summary; a stage knows nothing of where it runs.

A per-item stage (extract, segment, align) also declares how one item is keyed and processed:
`key_settings` (what, besides the item and the code, changes its result) and `process(payload,
settings) -> (json line, cacheable)`, a top-level function any executor can ship (with, at its
choice, `prepare`: see ItemStage). The runner
keys each item by its own content, settings and code, so a grown corpus costs only its new
items (`align.runner.run_items`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from ..executors import Executor
    from ..runner import ItemCache, Settings


class StageContext(Protocol):
    """What the runner gives a stage's `run`."""

    out: Path  # the run folder
    settings: Settings  # the whole run's typed settings
    executor: Executor
    progress: bool

    def log(self, msg: str) -> None: ...

    def bar(self, iterable: Iterable[Any] | None = None, **kw: Any) -> Any: ...

    def manifest(self, stage: str) -> dict[str, Any] | None: ...

    def cache(self, stage: str) -> ItemCache: ...


class Stage:
    """One stage of the pipeline (subclass per stage; one instance in align.stages.STAGES)."""

    name: ClassVar[str]
    after: ClassVar[str | None]  # the stage whose outputs are this one's input (None: the corpus)
    code: ClassVar[tuple[str, ...]]  # modules under `align` whose source is part of its results' key

    def settings(self, s: Settings) -> dict[str, Any]:
        """The part of the run's settings this stage uses, as recorded in its manifest."""
        return {}

    def outputs(self, out: Path, counts: dict[str, Any]) -> list[str]:
        """Its output files, relative to the run folder (their digests go in its manifest)."""
        raise NotImplementedError

    def run(self, ctx: StageContext, settings: dict[str, Any]) -> dict[str, Any]:
        """Do the work, write the outputs (atomically), return the counts for the summary."""
        raise NotImplementedError


class ItemStage(Stage):
    """A stage run item by item (pages, article pairs), each item's result cached by its key."""

    shard_folder: ClassVar[str]  # OUT/<folder>/shard-NNNNN.jsonl: the per-shard outputs
    # a top-level function (payload, settings) -> (JSON line, cacheable), so any executor can ship it
    process: ClassVar[Callable[..., tuple[str, bool]]]
    # optional, a top-level function payload -> what `process(payload, settings, prepared)`
    # takes as `prepared`: work that lets go of the GIL (parsing), which a run in one process
    # does for the next item in a thread while this one is processed (None: no such work)
    prepare: ClassVar[Callable[..., Any] | None] = None

    def key_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        """What, besides the item itself and the code, changes an item's result."""
        return settings

    def items(self, ctx: StageContext) -> Iterator[Any]:
        """The stage's input items, in output order; a None key (see `item_key`) passes through."""
        raise NotImplementedError

    def item_key(self, item: Any) -> Any:
        """The content an item is keyed by (JSON-able); None: not worked on, `passthrough` is its line."""
        return item

    def payload(self, item: Any) -> Any:
        """What travels to a worker for this item."""
        return item

    def passthrough(self, item: Any) -> str:
        raise NotImplementedError

    def count(self, records: list[dict[str, Any]]) -> Counter:
        return Counter()

    def count_lines(self, lines: list[str]) -> Counter:
        """count() of a shard's result lines; a stage may override it to count them without
        decoding them all."""
        return self.count([json.loads(line) for line in lines])

    def shard_size(self, s: Settings) -> int:
        return s.shard_size

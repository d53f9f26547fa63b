"""The per-item cache: key -> one result line, in one SQLite file.

One mechanism for every "do not redo what is done" in the toolkit: the runner keeps the results
of the per-item stages here (OUT/cache/<stage>.sqlite, keyed by each item's content, settings
and code), and `align sentences --src-dir` its finished documents (name -> key). Only one
process (the driver) touches a cache; the work itself may run anywhere.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class ItemCache:
    """key -> one result line, in one SQLite file per stage (only the driver process touches it).

    Every key used by a stage's run is stamped with that run's generation; once the stage has
    finished, entries no run of it used since are pruned, so the cache stays the size of the
    current run. Each commit is atomic (SQLite's write-ahead log): a kill loses at most the batch
    being written, never the file.

    The log is in WAL mode with synchronous=NORMAL: a commit is written to the log without waiting
    for the disk (the log is synced when it is folded into the file, at close and every ~4 MB). A
    commit the process made survives the process being killed at any point (the OS holds it), which
    is what resuming a cut-off run needs; a power cut or an OS crash may lose the last commits,
    never the file's consistency, and a lost entry is only computed again.
    """

    def __init__(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self.db = self._open(path)
        except sqlite3.DatabaseError:  # damaged (a disk, a hand): a cache is only a cache, start it anew
            # the log and its index too: a stale log beside a new file would be read into it
            for p in (path, *(path.with_name(path.name + x) for x in ("-journal", "-wal", "-shm"))):
                p.unlink(missing_ok=True)
            self.db = self._open(path)
        row = self.db.execute("SELECT value FROM meta WHERE name = 'gen'").fetchone()
        self.gen = (row[0] if row else 0) + 1
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('gen', ?)", (self.gen,))
        self.db.commit()

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path)
        # a new file becomes a WAL file unsynced (4 disk waits less): an OS crash in that first moment
        # leaves an empty cache damaged at worst, which opening it sees and starts anew
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA journal_mode=WAL")  # (a file made by an earlier run is in WAL mode already)
        db.execute("PRAGMA synchronous=NORMAL")  # in WAL mode: no sync at each commit (see the class)
        db.execute("CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, line TEXT NOT NULL, gen INTEGER NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
        return db

    def get_many(self, keys: list[str]) -> dict[str, str]:
        """The cached lines of these keys (stamped as used by this run)."""
        found: dict[str, str] = {}
        for k in range(0, len(keys), 500):
            part = keys[k : k + 500]
            marks = ",".join("?" * len(part))
            found.update(self.db.execute(f"SELECT key, line FROM items WHERE key IN ({marks})", part).fetchall())
            self.db.execute(f"UPDATE items SET gen = ? WHERE key IN ({marks})", [self.gen, *part])
        return found

    def put_many(self, items: list[tuple[str, str]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO items VALUES (?, ?, ?)", [(k, v, self.gen) for k, v in items])
        self.db.commit()

    def commit(self) -> None:
        self.db.commit()

    def prune(self) -> int:
        """Drop the entries this run did not use; returns how many."""
        n = self.db.execute("DELETE FROM items WHERE gen < ?", (self.gen,)).rowcount
        self.db.commit()
        return n

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM items").fetchone()[0]

    def close(self) -> None:
        self.db.close()

    def all(self) -> dict[str, str]:
        """Every entry (for small caches: a folder job's names)."""
        return dict(self.db.execute("SELECT key, line FROM items").fetchall())

    @staticmethod
    def read(path: Path) -> dict[str, str]:
        """Every entry of the cache at `path`, read without touching it ({} when there is none)."""
        if not Path(path).exists():
            return {}
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(db.execute("SELECT key, line FROM items").fetchall())
        except sqlite3.DatabaseError:
            return {}
        finally:
            db.close()

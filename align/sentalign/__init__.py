"""Sentence alignment of a document and its translation (M-N beads, linear-time banded search).

`align_sentences(src, tgt)` is what the pipeline's align stage and `align sentences` call;
`align_collection(documents, null_prior=...)` aligns a collection in two passes, the second with
the collection's own deletion rate.
"""

from .aligner import align_collection, align_embedded, align_sentences
from .settings import AlignSettings

__all__ = ["AlignSettings", "align_collection", "align_embedded", "align_sentences"]

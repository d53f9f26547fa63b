"""Sentence alignment of a document and its translation (M-N beads, linear-time banded search).

`align_sentences(src, tgt)` is what the pipeline's align stage and `align sentences` call.
"""

from .aligner import align_embedded, align_sentences
from .settings import AlignSettings

__all__ = ["AlignSettings", "align_embedded", "align_sentences"]

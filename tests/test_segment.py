import pytest

from align.model import Article, ArticlePair
from align.segment import segment_pair, split_english, split_korean


@pytest.mark.parametrize(
    "text",
    [
        "Kim met Putin on Sept. 13, 2023, in Russia.",
        "The U.S. objected to the plan.",
        "N. Korea fired a missile on Jan. 5.",
        "Dr. Kim Jong-su, a professor, said growth hit 2.5 percent.",
        "The No. 2 official of the Workers' Party arrived.",
        "Samsung Electronics Co. Chairman Lee Jae-yong spoke at 10 a.m. on Monday.",
        "Gen. Park and Lt. Col. Choi met Mr. Lee.",
        "He said, “It is over, and we will go home.”",
    ],
)
def test_english_keeps_abbreviations_whole(text):
    assert split_english(text) == [text]


def test_english_splits_real_boundaries():
    text = (
        "Kim arrived on Sept. 13. The U.S. objected. He said, “It is over.” Then he left. "
        "Is it true? Yes! N. Korea said no. Dr. Kim disagreed. Prices rose 3.1 percent in the U.S. "
        "The rise was the largest since 2008."
    )
    assert split_english(text) == [
        "Kim arrived on Sept. 13.",
        "The U.S. objected.",
        "He said, “It is over.”",
        "Then he left.",
        "Is it true?",
        "Yes!",
        "N. Korea said no.",
        "Dr. Kim disagreed.",
        "Prices rose 3.1 percent in the U.S.",
        "The rise was the largest since 2008.",
    ]


def test_english_quote_followed_by_lowercase_is_one_sentence():
    assert split_english("“Why?” he asked. She nodded.") == ["“Why?” he asked.", "She nodded."]


def test_empty_and_whitespace():
    assert split_english("   ") == []
    assert split_korean("\n ") == []


def test_korean_sentences():
    text = '북한과 러시아가 정상회담을 열었다. 김 위원장은 "좋다"고 말했다. 미국(U.S.)은 3.5% 성장했다고 밝혔다.'
    assert split_korean(text) == [
        "북한과 러시아가 정상회담을 열었다.",
        '김 위원장은 "좋다"고 말했다.',
        "미국(U.S.)은 3.5% 성장했다고 밝혔다.",
    ]


def _article(lang, paragraphs):
    return Article(id=f"x:{lang}", lang=lang, url=f"https://x.example/{lang}", title="t", date=None,
                   byline=None, paragraphs=paragraphs)


def test_paragraphs_are_hard_boundaries():
    pair = ArticlePair(
        "p", _article("ko", ["첫 문장이다. 둘째 문장이다.", "셋째 문장이다"]),
        _article("en", ["One sentence without a stop", "Two. Three."]), "link", 1.0,
    )
    seg = segment_pair(pair)
    assert seg.ko == ["첫 문장이다.", "둘째 문장이다.", "셋째 문장이다"]
    assert seg.ko_para == [0, 0, 1]
    assert seg.en == ["One sentence without a stop", "Two.", "Three."]
    assert seg.en_para == [0, 1, 1]

"""Numbers and dates read by value, so a Korean or Chinese figure meets its English spelling."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.numbers import number_tokens
from align.pair.anchors import anchors_of
from align.sentalign.anchors import anchor_sets


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("매출은 1억1천만 달러였다", "Sales were $110 million"),
        ("3억권이 팔렸다", "300 million copies were sold"),
        ("27만5000명이 모였다", "275,000 people gathered"),
        ("3천500만 명", "35 million people"),
        ("30억 달러", "$3 billion"),
        ("1만850명", "10,850 people"),
        ("2.5억", "250 million"),
        ("3万人", "30,000 people"),
    ],
)
def test_east_asian_units_meet_english_scale_words(korean: str, english: str) -> None:
    ko, en = number_tokens(korean), number_tokens(english)
    assert ko == en and len(ko) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9월 11일 테러", {"date:9-11", "11"}),
        ("September 11, 2001", {"date:9-11", "11", "2001"}),
        ("am 7. Juli 1956", {"date:7-7", "7", "1956"}),
        ("le 7 juillet", {"date:7-7", "7"}),
        ("on 24 July", {"date:7-24", "24"}),
        ("2008年3月5日", {"date:3-5", "5", "2008"}),
        # a month alone says little in a dated text, and its number is not a count
        ("9월에", set()),
        ("March 2008", {"2008"}),
        # "may" the verb and "Mars" the planet are not months; "13월" is no month either
        ("It may 5 times", {"5"}),
        ("Mars 3 is red", {"3"}),
        ("13월", {"13"}),
    ],
)
def test_dates(text: str, expected: set[str]) -> None:
    assert number_tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,000 and 1000", {"1000"}),
        ("3.50% or 3.5%", {"3.5"}),
        ("3,5 Prozent", {"3.5"}),  # a German decimal comma
        ("1.000 Franken", {"1000"}),  # a German thousands point
        ("0.125", {"0.125"}),  # not a thousands group: it starts with 0
        ("10일만에", {"10"}),  # 만 after 일 is "only", not ten thousand
        ("a 5-million budget", {"5000000"}),
        ("3千米", {"3"}),  # 千米 is a kilometre: "3 km"
        ("Sherpa-Liste Nr.57, S.298-303", {"57", "298", "303"}),  # after an abbreviation's point
    ],
)
def test_plain_numbers_and_separators(text: str, expected: set[str]) -> None:
    assert number_tokens(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,- 만억천백조万亿月월일日 MarchJuly")), max_size=60))
def test_any_text_reads_without_error(text: str) -> None:
    toks = number_tokens(text)
    assert all(isinstance(t, str) and t for t in toks)


def test_a_run_of_hundreds_of_digits_is_one_token() -> None:
    assert number_tokens("9" * 400 + "조") == {"inf"}


def test_sentence_anchors_match_korean_units_with_english_figures() -> None:
    ko = ["정부는 1억1천만 달러를 배정했다.", "회의는 9월 11일 열린다.", "날씨가 좋았다."]
    en = ["The government set aside $110 million.", "The meeting is on September 11.", "It was fine."]
    sa, ta = anchor_sets(ko, en)
    assert sa[0] == ta[0] == {"110000000"}
    assert sa[1] == ta[1] == {"date:9-11", "11"}
    assert sa[2] == ta[2] == set()


def test_document_anchors_read_numbers_the_same_way() -> None:
    assert "110000000" in anchors_of("예산 1억1천만 달러") & anchors_of("a budget of 110 million dollars")

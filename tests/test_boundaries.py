from __future__ import annotations

from align.sentalign import align_sentences
from align.sentalign.boundaries import bracket_glued
from tests.test_sentalign import HashEncoder, check_cover


def glued_at(lines: list[str]) -> list[int]:
    return [k for k, g in enumerate(bracket_glued(lines)) if g]


def test_a_reference_cut_at_its_colon_is_glued():
    lines = ["Siehe « Dämon Himalaya » ( Basel :", "Benno Schwabe 1935 ) .", "Next sentence ."]
    assert glued_at(lines) == [1]
    # three lines inside one bracket: both inner boundaries
    lines = ["A report ( « Alpine Journal » No .", "293 , Nov .", "1956 , S. 340-343 ) .", "Next ."]
    assert glued_at(lines) == [1, 2]


def test_closed_brackets_stray_brackets_and_full_sentences_do_not_glue():
    # closed on its own line
    assert glued_at(["He left ( at noon ) .", "She stayed ."]) == []
    # a line that starts with the close continues nothing
    assert glued_at(["See Izzard ( London , 1955 .", ") 13. The year 1955 also saw ..."]) == []
    # a question inside a bracket ends a sentence
    assert glued_at(["（是否都是尽头？", "都有责任）；"]) == []
    # a bracket never closed, or closed too far away, is a stray
    assert glued_at(["Open ( here .", "a .", "b .", "c .", "close ) ."]) == []
    assert glued_at(["Open ( here ."] + ["x ."] * 5) == []
    assert glued_at([]) == []


def test_the_aligner_keeps_a_cut_reference_in_one_bead():
    # "#x )" matches nothing, so without the glue it is left out on its own
    src = ["#a", "#b ( ref :", "#x ) .", "#d"]
    tgt = ["#a", "#b", "#d"]
    beads = align_sentences(src, tgt, encoder=HashEncoder())
    check_cover(beads, len(src), len(tgt))
    assert ((1, 2), (1,)) in {(b.src, b.tgt) for b in beads}
    loose = align_sentences(src, tgt, encoder=HashEncoder(), glue_penalty=0.0)
    assert ((2,), ()) in {(b.src, b.tgt) for b in loose}

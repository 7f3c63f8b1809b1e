"""Word-level differences (swgtui.model.textdiff): the pieces give both texts back."""

from hypothesis import given
from hypothesis import strategies as st

from swgtui.model.textdiff import DELETE, EQUAL, INSERT, tokens, word_diff


def test_a_changed_word_reads_as_that_word():
    expected = [(EQUAL, "the "), (DELETE, "cat"), (INSERT, "dog"), (EQUAL, " sat")]
    assert word_diff("the cat sat", "the dog sat") == expected


def test_lao_is_cut_into_syllable_pieces_with_their_marks():
    assert tokens("ກິ່ງ") == ["ກິ່", "ງ"]


def test_identical_texts_are_one_equal_piece():
    assert word_diff("same\ntext", "same\ntext") == [(EQUAL, "same\ntext")]


@given(st.text(max_size=60), st.text(max_size=60))
def test_pieces_give_both_texts_back(before, after):
    pieces = word_diff(before, after)
    assert "".join(t for op, t in pieces if op != INSERT) == before
    assert "".join(t for op, t in pieces if op != DELETE) == after
    assert "".join(tokens(before)) == before

"""Cluster boundaries: where the cursor may stand in a line, so it never splits a Lao syllable."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swgtui import graphemes as g

KING = "ກິ່ງ"  # branch: ກ + vowel sign i + tone mark mai ek, then ງ
HELLO = "ສະບາຍດີ"  # sabaidee: ະ and າ are spacing vowels (clusters of their own), ີ is a mark on ດ
WATER = "ນ້ຳ"  # ນ + mai tho + am: one cluster
FAMILY = "👨\u200d👩\u200d👧"  # three emoji joined by zero-width joiners
CAFE = "cafe\u0301"  # e + combining acute accent


@pytest.mark.parametrize(
    ("line", "edges"),
    [
        (KING, (0, 3, 4)),
        (HELLO, (0, 1, 2, 3, 4, 5, 7)),
        (WATER, (0, 3)),
        (FAMILY, (0, 5)),
        (FAMILY + "x", (0, 5, 6)),
        (CAFE, (0, 1, 2, 3, 5)),
        ("ab " + KING + " c", (0, 1, 2, 3, 6, 7, 8, 9)),
        ("", (0,)),
        ("a\r\nb", (0, 1, 3, 4)),
    ],
)
def test_boundaries_are_where_clusters_start_then_the_end(line, edges):
    assert g.boundaries(line) == edges
    assert [c for c in range(len(line) + 1) if g.cluster_span(line, c)[0] == c] == list(edges)


def test_left_from_the_end_of_king_stops_before_ng_then_at_the_start():
    assert g.preceding(KING, 4) == 3
    assert g.preceding(KING, 3) == 0
    assert g.preceding(KING, 0) == 0


def test_right_goes_over_the_consonant_with_its_marks():
    assert g.following(KING, 0) == 3
    assert g.following(KING, 3) == 4
    assert g.following(KING, 4) == 4


def test_a_column_inside_a_cluster_moves_to_its_edges():
    assert g.cluster_span(KING, 1) == (0, 3)
    assert g.cluster_span(KING, 2) == (0, 3)
    assert g.preceding(KING, 2) == 0 and g.following(KING, 2) == 3
    assert g.cluster_span(FAMILY + "x", 2) == (0, 5)
    assert g.cluster_span(CAFE, 4) == (3, 5)


def test_spacing_vowels_are_characters_of_their_own_and_marks_stay_on_their_consonant():
    assert [g.following(HELLO, c) for c in (0, 1, 2, 3, 4, 5)] == [1, 2, 3, 4, 5, 7]
    assert g.preceding(HELLO, 7) == 5  # ດີ at once


def test_mixed_latin_and_lao_move_one_visible_character_at_a_time():
    line = "Hi " + KING + "!"
    steps = [0]
    while steps[-1] < len(line):
        steps.append(g.following(line, steps[-1]))
    assert steps == [0, 1, 2, 3, 6, 7, 8]
    back = [len(line)]
    while back[-1] > 0:
        back.append(g.preceding(line, back[-1]))
    assert back == steps[::-1]


def test_combining_accents_and_joined_emoji_are_one_character():
    assert g.preceding(CAFE, 5) == 3 and g.following(CAFE, 3) == 5
    assert g.following(FAMILY + "x", 0) == 5 and g.preceding(FAMILY + "x", 5) == 0


def test_ascii_lines_take_every_offset():
    line = "plain text"
    assert [g.following(line, c) for c in range(len(line))] == list(range(1, len(line) + 1))
    assert [g.preceding(line, c) for c in range(1, len(line) + 1)] == list(range(len(line)))
    assert g.cluster_span(line, 4) == (4, 4)


def test_word_moves_take_lao_words_whole_and_land_between_clusters():
    line = "Hi " + KING + "ໄມ້ ok"  # ໄມ້: ໄ, then ມ with mai tho
    assert g.word_left(line, len(line)) == len(line) - 2
    assert g.word_left(line, len(line) - 3) == 3  # a run of Lao is one word: marks are parts of it
    assert g.word_right(line, 3) == 10
    assert g.word_right(line, 0) == 2
    assert g.word_end(line, 2) == 10  # deleting a word right takes the space and the Lao word
    assert g.word_end(line, 10) == len(line)


def test_word_moves_never_stop_inside_a_joined_emoji():
    line = "a " + FAMILY + " b"
    assert g.word_right(line, 2) in g.boundaries(line)
    assert g.word_left(line, 7) in g.boundaries(line)
    assert g.word_end(line, 1) in g.boundaries(line)


LAO_AND_MARKS = st.text(
    alphabet=st.sampled_from(list("ກງດນມສບາຍະິີ່້ຳໄ ae\u0301\u200d👨👩!\t")),
    max_size=30,
)


@given(LAO_AND_MARKS, st.data())
def test_every_move_lands_on_a_boundary_and_steps_cover_the_line(line, data):
    edges = g.boundaries(line)
    assert "".join(line[a:b] for a, b in zip(edges, edges[1:], strict=False)) == line
    column = data.draw(st.integers(0, len(line)))
    for move in (g.preceding, g.following, g.word_left, g.word_right, g.word_end):
        assert move(line, column) in edges, move.__name__
    start, end = g.cluster_span(line, column)
    assert start in edges and end in edges and start <= column <= end
    if column in edges:
        assert g.preceding(line, column) < column or column == 0
        assert g.following(line, column) > column or column == len(line)

"""Where the cursor may stand in a line of text: between grapheme clusters, never inside one.

A cluster is what a reader sees as one character: a Lao consonant with its vowel and tone marks
("ກິ່" in "ກິ່ງ"), a letter with its combining accents, an emoji joined by zero-width joiners.
The `regex` module's \\X finds them (Unicode's extended grapheme clusters). Offsets are code
point indexes into the line, as in Textual's TextArea.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

import regex

_CLUSTER = regex.compile(r"\X")
# As the TextArea moves by words, but with regex's \w, which counts marks as parts of words.
_WORD_EDGE = regex.compile(r"(?<=\W)(?=\w)|(?<=\w)(?=\W)")
_SPACES_AND_WORD = regex.compile(r"\s*\w+")


def _simple(line: str) -> bool:
    """Every offset is a boundary: ASCII without a carriage return (only "\\r\\n" joins two)."""
    return line.isascii() and "\r" not in line


@lru_cache(maxsize=64)
def boundaries(line: str) -> tuple[int, ...]:
    """The offsets at which the clusters of `line` start, then its length."""
    edges = [match.start() for match in _CLUSTER.finditer(line)]
    edges.append(len(line))
    return tuple(edges)


def cluster_span(line: str, column: int) -> tuple[int, int]:
    """The start and end of the cluster `column` falls inside; (column, column) at a boundary
    (a column outside the line is clamped to it)."""
    column = max(0, min(column, len(line)))
    if _simple(line):
        return column, column
    edges = boundaries(line)
    at = bisect_right(edges, column) - 1
    if edges[at] == column:
        return column, column
    return edges[at], edges[at + 1]


def preceding(line: str, column: int) -> int:
    """The boundary before `column` (0 at the start of the line)."""
    if column <= 0:
        return 0
    if _simple(line):
        return min(column, len(line)) - 1
    edges = boundaries(line)
    return edges[bisect_left(edges, column) - 1]


def following(line: str, column: int) -> int:
    """The boundary after `column` (the line's length at its end)."""
    if column >= len(line):
        return len(line)
    if _simple(line):
        return max(column, -1) + 1
    edges = boundaries(line)
    return edges[bisect_right(edges, column)]


def _start_of(line: str, column: int) -> int:
    return cluster_span(line, column)[0]


def _end_of(line: str, column: int) -> int:
    start, end = cluster_span(line, column)
    return end if end > start else column


def word_left(line: str, column: int) -> int:
    """Where the cursor goes one word left of `column`: the start of the word before it
    (spaces before the cursor are skipped), or the start of the line."""
    before = line[:column].rstrip()
    edges = [match.start() for match in _WORD_EDGE.finditer(before)]
    return _start_of(line, edges[-1]) if edges else 0


def word_right(line: str, column: int) -> int:
    """Where the cursor goes one word right of `column`: past the spaces after it, to the next
    edge of a word, or the end of the line."""
    after = line[column:]
    skipped = len(after) - len(after.lstrip())
    edge = _WORD_EDGE.search(after.lstrip())
    if edge is None:
        return len(line)
    return _end_of(line, column + skipped + edge.start())


def word_end(line: str, column: int) -> int:
    """The end of the spaces and the word after `column`, which deleting a word right removes;
    the end of the line if no word follows."""
    word = _SPACES_AND_WORD.search(line, column)
    return _end_of(line, word.end()) if word is not None else len(line)

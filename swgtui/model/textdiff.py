"""Word-level differences between two texts, for suggestions and tracked changes.

Texts are cut into tokens (words, runs of spaces, punctuation, line breaks; Lao, written
without spaces, by syllable-sized pieces: a letter with its vowel and tone marks) and compared
with difflib, so a change reads as the words that changed, not as whole lines.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence
from typing import TypeVar

# Lao letters with the combining vowel and tone marks that follow them; other words; spaces; one
# line break; any other single character.
_TOKEN = re.compile(
    r"[\u0E80-\u0EFF][\u0EB1\u0EB4-\u0EBC\u0EC8-\u0ECD]*"
    r"|[^\W\u0E80-\u0EFF]+"
    r"|[^\S\n]+"
    r"|\n"
    r"|.",
    re.DOTALL,
)
EQUAL, DELETE, INSERT = "=", "-", "+"
Item = TypeVar("Item", bound=Hashable)


def tokens(text: str) -> list[str]:
    """The text cut into tokens; joined, they give the text back."""
    return _TOKEN.findall(text)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The change from `before` to `after` as (op, text) pieces in order, op one of EQUAL,
    DELETE, INSERT; a replacement is its deletion then its insertion. Joining the EQUAL and
    DELETE pieces gives `before`, the EQUAL and INSERT pieces `after`."""
    return [(op, "".join(items)) for op, items in sequence_diff(tokens(before), tokens(after))]


def sequence_diff(old: Sequence[Item], new: Sequence[Item]) -> list[tuple[str, list[Item]]]:
    """`word_diff` of sequences of any tokens (e.g. words with their bold and italic): the
    (op, items) pieces in order, EQUAL items taken from `old`."""
    pieces: list[tuple[str, list[Item]]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(pieces, EQUAL, old[i1:i2])
            continue
        if i2 > i1:
            _add(pieces, DELETE, old[i1:i2])
        if j2 > j1:
            _add(pieces, INSERT, new[j1:j2])
    return pieces


def _add(pieces: list[tuple[str, list[Item]]], op: str, items: Sequence[Item]) -> None:
    if pieces and pieces[-1][0] == op:
        pieces[-1][1].extend(items)
    else:
        pieces.append((op, list(items)))

"""Word-level differences between two texts, for suggestions and tracked changes.

Texts are cut into tokens (words, runs of spaces, punctuation, line breaks; Lao, written
without spaces, by syllable-sized pieces: a letter with its vowel and tone marks) and compared
with difflib, so a change reads as the words that changed, not as whole lines.
"""

from __future__ import annotations

import difflib
import re

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


def tokens(text: str) -> list[str]:
    """The text cut into tokens; joined, they give the text back."""
    return _TOKEN.findall(text)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The change from `before` to `after` as (op, text) pieces in order, op one of EQUAL,
    DELETE, INSERT; a replacement is its deletion then its insertion. Joining the EQUAL and
    DELETE pieces gives `before`, the EQUAL and INSERT pieces `after`."""
    old, new = tokens(before), tokens(after)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(pieces, EQUAL, "".join(old[i1:i2]))
            continue
        if i2 > i1:
            _add(pieces, DELETE, "".join(old[i1:i2]))
        if j2 > j1:
            _add(pieces, INSERT, "".join(new[j1:j2]))
    return pieces


def _add(pieces: list[tuple[str, str]], op: str, text: str) -> None:
    if pieces and pieces[-1][0] == op:
        pieces[-1] = (op, pieces[-1][1] + text)
    else:
        pieces.append((op, text))

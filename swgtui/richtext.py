"""Markdown-lite for narrative fields: one paragraph per line, "- " (or "• ") bullets, "1. "
numbered items, and *italic* / **bold** inside a line. Inline marks are parsed with
markdown-it-py's emphasis rules only, so nothing else a user types ("#", "<tag>", "[x]")
changes meaning.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from swgtui.text import clean_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_BULLET = re.compile(r"^\s*[-•*]\s+")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+")
_MARKS = re.compile(r"[*_\\]")  # what emphasis and escapes start with: a line without them is plain
_STARS = re.compile(r"\*+")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    runs: tuple[Run, ...]
    bullet: bool = False
    number: int = 0  # > 0 for an item of a numbered list

    @property
    def plain(self) -> str:
        return "".join(run.text for run in self.runs)


@cache
def _markdown() -> MarkdownIt:
    """markdown-it with its emphasis and escape rules only: imported when a text has a mark."""
    from markdown_it import MarkdownIt

    return MarkdownIt("zero").enable(["emphasis", "escape"])


def parse_inline(line: str) -> tuple[Run, ...]:
    """The runs of one line, with their bold and italic."""
    found = _without_markdown_it(line)
    return found if found is not None else _runs(_markdown().parseInline(line)[0].children or [])


def _one_span(line: str) -> tuple[Run, ...] | None:
    """The runs of a line with one plain *italic* or **bold** span (the most common case), as
    markdown-it reads it, without markdown-it; None for any other line.

    Only two runs of "*" (of one or two), the first able to open and not to close, the second
    able to close and not to open (CommonMark's flanking rules), around characters whose kind
    (space, punctuation, letter) no version of those rules reads differently."""
    if "_" in line or "\\" in line:
        return None
    stars = _STARS.findall(line)
    if len(stars) != 2 or stars[0] != stars[1] or len(stars[0]) > 2:
        return None
    size = len(stars[0])
    start = line.index(stars[0])
    end = line.index(stars[0], start + size)
    if not (_opens_only(line, start, size) and _closes_only(line, end, size)):
        return None
    before, inside, after = line[:start], line[start + size : end], line[end + size :]
    runs = [Run(before)] if before else []
    runs.append(Run(inside, bold=size == 2, italic=size == 1))
    return (*runs, Run(after)) if after else tuple(runs)


def _without_markdown_it(line: str) -> tuple[Run, ...] | None:
    """The runs of a line without marks, or with one simple span; None for markdown-it to read."""
    if not _MARKS.search(line):
        return (Run(line),) if line else ()
    return _one_span(line)


def _kind(char: str) -> str:
    """ " " (space, or the line's start or end), "." (punctuation), "a" (letter, digit or mark),
    or "?" (anything else: not decided here)."""
    if char in ("", " ", "\t"):
        return " "
    if char.isascii():
        return "a" if char.isalnum() else "." if char in _ASCII_PUNCTUATION else "?"
    category = unicodedata.category(char)
    return "a" if category[0] in "LNM" else "." if category[0] == "P" else "?"


def _flanks(line: str, start: int, size: int) -> tuple[bool, bool] | None:
    """Whether the run of `size` stars at `start` is left- and right-flanking."""
    before, after = _kind(line[start - 1 : start]), _kind(line[start + size : start + size + 1])
    if "?" in (before, after):
        return None
    left = after != " " and (after != "." or before in " .")
    right = before != " " and (before != "." or after in " .")
    return left, right


def _opens_only(line: str, start: int, size: int) -> bool:
    return _flanks(line, start, size) == (True, False)


def _closes_only(line: str, start: int, size: int) -> bool:
    return _flanks(line, start, size) == (False, True)


def _runs(tokens: list[Token]) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = 0
    for token in tokens:
        if token.type == "strong_open":
            bold += 1
        elif token.type == "strong_close":
            bold -= 1
        elif token.type == "em_open":
            italic += 1
        elif token.type == "em_close":
            italic -= 1
        elif token.content:
            runs.append(Run(token.content, bold > 0, italic > 0))
    return tuple(runs)


def _parse_lines(lines: list[str]) -> list[tuple[Run, ...]]:
    """The runs of each line (stripped, not empty), in one markdown-it call for all of them:
    a line is a paragraph of its own, parsed as parse_inline parses it alone."""
    if not lines:
        return []
    tokens = _markdown().parse("\n\n".join(lines))
    return [_runs(token.children or []) for token in tokens if token.type == "inline"]


def parse_blocks(text: str, numbered: bool = True) -> list[Block]:
    """Paragraphs, bullets and (if `numbered`) numbered items of a field; empty lines are dropped.
    A line without a mark of emphasis (*, _ or \\) is one plain run; the others are parsed
    together, in one markdown-it call per text.

    Row titles are parsed with numbered=False: "1. Partnership for…" is a title, not a list.
    """
    lines: list[tuple[str, bool, int]] = []  # (the line's text, bullet, number)
    for line in clean_text(text).split("\n"):
        if not line.strip():
            continue
        bullet = _BULLET.match(line)
        number = _NUMBERED.match(line) if numbered and not bullet else None
        if bullet:
            lines.append((line[bullet.end() :].strip(), True, 0))
        elif number:
            lines.append((line[number.end() :].strip(), False, int(number.group(1))))
        else:
            lines.append((line.strip(), False, 0))
    runs = [_without_markdown_it(content) for content, _, _ in lines]
    parsed = iter(_parse_lines([content for (content, _, _), found in zip(lines, runs, strict=True) if found is None]))
    return [
        Block(found if found is not None else next(parsed), bullet, number)
        for (_, bullet, number), found in zip(lines, runs, strict=True)
    ]

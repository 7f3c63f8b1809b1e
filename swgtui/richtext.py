"""Markdown-lite for narrative fields: one paragraph per line, "- " (or "• ") bullets, "1. "
numbered items, and *italic* / **bold** inside a line. Inline marks are parsed with
markdown-it-py's emphasis rules only, so nothing else a user types ("#", "<tag>", "[x]")
changes meaning.
"""

from __future__ import annotations

import re
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
    if not _MARKS.search(line):
        return (Run(line),) if line else ()
    return _runs(_markdown().parseInline(line)[0].children or [])


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
    parsed = iter(_parse_lines([content for content, _, _ in lines if _MARKS.search(content)]))
    return [
        Block(next(parsed) if _MARKS.search(content) else (Run(content),) if content else (), bullet, number)
        for content, bullet, number in lines
    ]

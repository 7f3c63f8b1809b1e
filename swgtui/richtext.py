"""Markdown-lite for narrative fields: one paragraph per line, "- " (or "• ") bullets, "1. "
numbered items, and *italic* / **bold** inside a line. Inline marks are parsed with
markdown-it-py's emphasis rules only, so nothing else a user types ("#", "<tag>", "[x]")
changes meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from swgtui.text import clean_text

_BULLET = re.compile(r"^\s*[-•*]\s+")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+")
_inline = MarkdownIt("zero").enable(["emphasis", "escape"])


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


def parse_inline(line: str) -> tuple[Run, ...]:
    """The runs of one line, with their bold and italic."""
    runs: list[Run] = []
    bold = italic = 0
    for token in _inline.parseInline(line)[0].children or []:
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


def parse_blocks(text: str, numbered: bool = True) -> list[Block]:
    """Paragraphs, bullets and (if `numbered`) numbered items of a field; empty lines are dropped.

    Row titles are parsed with numbered=False: "1. Partnership for…" is a title, not a list.
    """
    blocks = []
    for line in clean_text(text).split("\n"):
        if not line.strip():
            continue
        bullet = _BULLET.match(line)
        number = _NUMBERED.match(line) if numbered else None
        if bullet:
            blocks.append(Block(parse_inline(line[bullet.end() :].strip()), bullet=True))
        elif number:
            blocks.append(Block(parse_inline(line[number.end() :].strip()), number=int(number.group(1))))
        else:
            blocks.append(Block(parse_inline(line.strip())))
    return blocks

"""Markdown-lite for narrative fields: one paragraph per line, "- " (or "• ") bullets, and
*italic* / **bold** inside a line. Parsed with markdown-it-py's inline rules only, so nothing
else a user types (numbers, "#", "<tag>") changes meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from swgtui.text import clean_text

_BULLET = re.compile(r"^\s*[-•*]\s+")
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


def parse_blocks(text: str) -> list[Block]:
    """Paragraphs and bullets of a field; empty lines are dropped."""
    blocks = []
    for line in clean_text(text).split("\n"):
        if not line.strip():
            continue
        match = _BULLET.match(line)
        if match:
            blocks.append(Block(parse_inline(line[match.end() :].strip()), bullet=True))
        else:
            blocks.append(Block(parse_inline(line.strip())))
    return blocks

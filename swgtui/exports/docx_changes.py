"""A text's changes since a moment (swgtui.model.blame) written as Word tracked changes.

Each piece inserted since then is a run inside `w:ins`, each piece deleted a run inside `w:del`
with its text in `w:delText`, both naming the author and the date (UTC); a paragraph break
inserted or deleted is marked on its paragraph mark (`w:pPr/w:rPr/w:ins|w:del`). The runs and
paragraphs themselves are written by the normal writer (docx_writer), so bullets, numbered
lists, bold and italic are the same as in any export; this module only wraps them. Word and
LibreOffice show them as changes to accept or reject.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement

from swgtui.exports.docx_xml import add_run
from swgtui.model.blame import BULLET, NUMBER, Changes, FieldChanges, Piece, Token
from swgtui.model.textdiff import DELETE, EQUAL, INSERT
from swgtui.richtext import Block, Run

if TYPE_CHECKING:
    from swgtui.exports.docx_writer import CellWriter

_KINDS = {INSERT: "w:ins", DELETE: "w:del"}


@dataclass
class _Line:
    """One paragraph of the shown text: its runs, each with the piece it belongs to, and its end."""

    runs: list[tuple[Run, Piece]] = field(default_factory=list)
    end: Token | None = None
    end_piece: Piece | None = None

    def add(self, token: Token, piece: Piece) -> None:
        if self.runs and self.runs[-1][1] is piece and _same_look(self.runs[-1][0], token):
            run = self.runs[-1][0]
            self.runs[-1] = (Run(run.text + token.text, run.bold, run.italic), piece)
        else:
            self.runs.append((Run(token.text, token.bold, token.italic), piece))

    def block(self) -> Block:
        style = self.end.paragraph if self.end else ""
        number = self.end.number if self.end and style == NUMBER else 0
        return Block(tuple(run for run, _ in self.runs), bullet=style == BULLET, number=number)


def _same_look(run: Run, token: Token) -> bool:
    return (run.bold, run.italic) == (token.bold, token.italic)


def _lines(changes: FieldChanges) -> list[_Line]:
    lines = [_Line()]
    for piece in changes.pieces:
        for token in piece.tokens:
            if token.paragraph:
                lines[-1].end, lines[-1].end_piece = token, piece
                lines.append(_Line())
            else:
                lines[-1].add(token, piece)
    return lines if lines[-1].runs else lines[:-1]


def has_text(changes: FieldChanges | None) -> bool:
    """Whether there is anything to show: text now, or text deleted since."""
    return changes is not None and any(piece.tokens for piece in changes.pieces)


def write_title(writer: CellWriter, changes: Changes, row_id: str) -> list[CT_P]:
    """A row's title with its tag after it in italics, as the writer writes them, with the
    changes of both tracked (a tag added or removed since: its brackets too)."""
    tag = changes.tags.get(row_id)
    tail: list[tuple[Token, Piece]] = []
    if tag is not None and has_text(tag):
        then, now = tag.tokens(DELETE), tag.tokens(INSERT)
        changed = INSERT if not then else DELETE if not now else EQUAL  # the tag added, removed or changed
        brackets = next((p for p in tag.pieces if p.op == changed != EQUAL), Piece(EQUAL, ()))
        tail = [(Token(" ("), brackets)]
        tail += [(Token(t.text, italic=True), piece) for piece in tag.pieces for t in piece.tokens]
        tail.append((Token(")"), brackets))
    return write_field(writer, changes.fields[(row_id, "title")], tail=tail)


def write_field(
    writer: CellWriter,
    changes: FieldChanges,
    label: str = "",
    tail: list[tuple[Token, Piece]] | None = None,
) -> list[CT_P]:
    """The text's paragraphs in a table cell, as the writer writes them (`label` in bold,
    `tail` after the text: a row title's tag), with its changes tracked."""
    lines = _lines(changes) or ([_Line()] if tail is not None else [])  # a title has a paragraph
    for token, piece in tail or []:
        lines[-1].add(token, piece)
    blocks = [line.block() for line in lines]
    paragraphs = writer.blocks(blocks, label)
    label_apart = bool(label) and bool(blocks) and (blocks[0].bullet or bool(blocks[0].number))
    for index, (paragraph, line) in enumerate(zip(paragraphs[1:] if label_apart else paragraphs, lines, strict=False)):
        runs = paragraph.r_lst[1 if label and not label_apart and index == 0 else 0 :]
        _track(paragraph, line, runs)
    return paragraphs


def add_line(paragraph: CT_P, changes: FieldChanges) -> None:
    """A header field's text (one line, no formatting) after its label, with its changes tracked."""
    for line in _lines(changes):
        _track(paragraph, line, [add_run(paragraph, run.text) for run, _ in line.runs])


def _track(paragraph: CT_P, line: _Line, runs: list[BaseOxmlElement]) -> None:
    for element, (_, piece) in zip(runs, line.runs, strict=False):
        if piece.op != EQUAL:
            _wrap(element, piece)
    if line.end_piece is not None and line.end_piece.op != EQUAL:
        properties = paragraph.get_or_add_pPr()
        mark = OxmlElement("w:rPr")
        properties.insert_element_before(mark, "w:sectPr", "w:pPrChange")
        mark.append(_mark(line.end_piece))


def _mark(piece: Piece) -> BaseOxmlElement:
    mark = OxmlElement(_KINDS[piece.op])
    mark.set(qn("w:id"), "0")  # numbered once the whole document is written (number_changes)
    mark.set(qn("w:author"), piece.by)
    mark.set(qn("w:date"), piece.at)
    return mark


def _wrap(run: BaseOxmlElement, piece: Piece) -> None:
    """Put the run in a w:ins or w:del (the one just before it, when it is the same change)."""
    before = run.getprevious()
    kind = qn(_KINDS[piece.op])
    same = before is not None and before.tag == kind
    if same and (before.get(qn("w:author")), before.get(qn("w:date"))) == (piece.by, piece.at):
        before.append(run)
    else:
        mark = _mark(piece)
        run.addprevious(mark)
        mark.append(run)
    if piece.op == DELETE:
        for text in run.iter(qn("w:t")):
            text.tag = qn("w:delText")
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def number_changes(document: DocumentObject) -> int:
    """Give every tracked change an id of its own, after every other id in the document (Word
    wants them unique); returns how many there are."""
    body = document.element.body
    marks = list(body.iter(qn("w:ins"), qn("w:del")))
    tracked = set(marks)
    taken = [int(v) for e in body.iter() if e not in tracked and (v := e.get(qn("w:id"))) and v.isdigit()]
    start = max(taken, default=0) + 1
    for number, mark in enumerate(marks, start):
        mark.set(qn("w:id"), str(number))
    return len(marks)

"""The body of a Word file read straight from its XML, each paragraph once: its text (as
python-docx gives `paragraph.text`: runs and hyperlinks), its own runs with their bold and
italic, its style id and list numbering; tables as rows of distinct cells (as python-docx's
`row.cells` less the repeats of a cell spanning columns, a vertically merged cell being the
cell it continues). python-docx builds these one object and one XPath query at a time, which
is most of the time an import takes.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, R, T, HYPERLINK = f"{W}p", f"{W}r", f"{W}t", f"{W}hyperlink"
TBL, TR, TC = f"{W}tbl", f"{W}tr", f"{W}tc"
_VAL, _TYPE = f"{W}val", f"{W}type"
_FALSE = ("0", "false", "off")
# the text each run child stands for (w:br by its type, below)
_SIGNS = {f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
_BR = f"{W}br"

Element = Any  # an lxml element


class Paragraph:
    """One w:p, read once."""

    __slots__ = ("element", "text", "runs", "style", "numbered", "num_id")

    def __init__(self, element: Element) -> None:
        self.element = element
        self.runs: list[tuple[str, bool, bool]] = []  # the paragraph's own runs: (text, bold, italic)
        self.style: str | None = None
        self.numbered = False  # it has list numbering of its own (w:numPr)
        self.num_id = -1  # its list (w:numId), -1 when it names none
        pieces: list[str] = []
        for child in element:
            tag = child.tag
            if tag == R:
                text, bold, italic = _run(child)
                self.runs.append((text, bold, italic))
                pieces.append(text)
            elif tag == HYPERLINK:
                pieces += [_run(run)[0] for run in child if run.tag == R]
            elif tag == f"{W}pPr":
                self._properties(child)
        self.text = "".join(pieces)

    def _properties(self, properties: Element) -> None:
        style = properties.find(f"{W}pStyle")
        if style is not None:
            self.style = style.get(_VAL)
        numbering = properties.find(f"{W}numPr")
        if numbering is not None:
            self.numbered = True
            num_id = numbering.find(f"{W}numId")
            value = num_id.get(_VAL, "") if num_id is not None else ""
            self.num_id = int(value) if value.isascii() and value.isdigit() else -1


def _run(run: Element) -> tuple[str, bool, bool]:
    """A run's text, bold and italic (its own formatting, as python-docx's run.bold reads it)."""
    pieces: list[str] = []
    bold = italic = False
    for child in run:
        tag = child.tag
        if tag == T:
            pieces.append(child.text or "")
        elif tag in _SIGNS:
            pieces.append(_SIGNS[tag])
        elif tag == _BR:
            if child.get(_TYPE, "textWrapping") == "textWrapping":
                pieces.append("\n")
        elif tag == f"{W}rPr":
            bold = _on(child.find(f"{W}b"))
            italic = _on(child.find(f"{W}i"))
    return "".join(pieces), bold, italic


def _on(toggle: Element | None) -> bool:
    return toggle is not None and toggle.get(_VAL, "1") not in _FALSE


class Cell:
    """One w:tc and its paragraphs (its own, not those of a table nested in it)."""

    __slots__ = ("element", "paragraphs", "_text")

    def __init__(self, element: Element) -> None:
        self.element = element
        self.paragraphs = [Paragraph(child) for child in element if child.tag == P]
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "\n".join(paragraph.text for paragraph in self.paragraphs)
        return self._text


def paragraphs_before_table(body: Element) -> list[Paragraph]:
    """The body's paragraphs before its first table."""
    found = []
    for child in body:
        if child.tag == TBL:
            break
        if child.tag == P:
            found.append(Paragraph(child))
    return found


def tables(body: Element) -> list[Element]:
    return [child for child in body if child.tag == TBL]


def column_count(table: Element) -> int:
    return len(table.findall(f"{W}tblGrid/{W}gridCol"))


def first_row_texts(table: Element) -> list[str]:
    """The texts of the table's first row's cells (without reading the rest of the table)."""
    row = table.find(TR)
    return [] if row is None else [cell.text for cell in _row_cells(row, {})]


def rows(table: Element) -> list[list[Cell]]:
    """Each row's distinct cells, in order."""
    found = []
    above: dict[int, Cell] = {}  # grid column -> the cell there in the row above
    for row in table.iterchildren(TR):
        cells = _row_cells(row, above)
        found.append(cells)
    return found


def _row_cells(row: Element, above: dict[int, Cell]) -> list[Cell]:
    """The row's distinct cells; `above` (grid column -> cell) is updated to this row's."""
    cells: list[Cell] = []
    column = _number(row.find(f"{W}trPr/{W}gridBefore"), 0)
    shown: dict[int, Cell] = {}
    for element in row.iterchildren(TC):
        properties = element.find(f"{W}tcPr")
        span = max(_number(properties.find(f"{W}gridSpan") if properties is not None else None, 1), 1)
        merge = properties.find(f"{W}vMerge") if properties is not None else None
        cell = None
        if merge is not None and merge.get(_VAL, "continue") == "continue":
            cell = above.get(column)  # a vertically merged cell shows the cell it continues
        if cell is None:
            cell = Cell(element)
        shown[column] = cell
        column += span
        if not cells or cells[-1] is not cell:
            cells.append(cell)
    above.clear()
    above.update(shown)
    return cells


def _number(element: Element | None, default: int) -> int:
    value = element.get(_VAL, "") if element is not None else ""
    return int(value) if value.isascii() and value.isdigit() else default


def comment_text(comment: Element) -> str:
    """A w:comment's text as python-docx gives `comment.text`: its paragraphs, a line each."""
    return "\n".join(Paragraph(child).text for child in comment if child.tag == P)


_WORD_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")


def comment_date(comment: Element) -> datetime | None:
    """A w:comment's date as python-docx reads it (`comment.timestamp`), the form Word writes
    ("2026-03-02T09:15:00Z") read directly, any other by python-docx."""
    text = comment.get(f"{W}date")
    if text is None:
        return None
    match = _WORD_DATE.fullmatch(text)
    if match:
        with contextlib.suppress(ValueError):  # (month 13: python-docx's own reading says what it is)
            year, month, day, hour, minute, second = map(int, match.groups())
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    date: datetime | None = comment.date
    return date

"""Word paragraphs, runs and table rows built as XML elements (python-docx's own lxml classes),
written as python-docx writes them, without its per-call costs: a style is given by its id
(looked up once per document, not by name through every style), a run's text and bold or
italic are set at once, not one property (or one character) at a time.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from lxml.etree import SubElement  # type: ignore[import-untyped]  # (python-docx's own XML library)

from swgtui.text import clean_text

VAL = qn("w:val")
P, PPR, PSTYLE, IND, NUMPR, ILVL, NUMID = (
    qn(f"w:{t}") for t in ("p", "pPr", "pStyle", "ind", "numPr", "ilvl", "numId")
)
R, RPR, B, BCS, ITALIC, ICS, SZ = (qn(f"w:{t}") for t in ("r", "rPr", "b", "bCs", "i", "iCs", "sz"))
T, TAB, BR = qn("w:t"), qn("w:tab"), qn("w:br")
TR, TC, TCPR, TCW, GRIDSPAN, SHD = (qn(f"w:{t}") for t in ("tr", "tc", "tcPr", "tcW", "gridSpan", "shd"))
W, TYPE, FILL, COLOR = qn("w:w"), qn("w:type"), qn("w:fill"), qn("w:color")
SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def set_style(paragraph: CT_P, style_id: str) -> None:
    properties = paragraph.find(PPR)
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    SubElement(properties, PSTYLE).set(VAL, style_id)


def add_run(
    paragraph: BaseOxmlElement,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 0,
    cs: bool = True,
) -> BaseOxmlElement:
    """A run of `text` at the end of the paragraph: bold, italic (also for complex scripts, Lao,
    unless `cs` is False), `size` in points."""
    run = SubElement(paragraph, R)
    if bold or italic or size:
        properties = SubElement(run, RPR)
        if bold:
            SubElement(properties, B)
            if cs:
                SubElement(properties, BCS)
        if italic:
            SubElement(properties, ITALIC)
            if cs:
                SubElement(properties, ICS)
        if size:
            SubElement(properties, SZ).set(VAL, str(size * 2))
    add_text(run, clean_text(text))
    return run


def add_text(run: BaseOxmlElement, text: str) -> None:
    """The run's text as Word holds it (as python-docx writes it): a tab is a w:tab, a line
    break a w:br, the rest w:t, its spaces kept."""
    if "\t" in text or "\n" in text or "\r" in text:
        piece: list[str] = []
        for char in text:
            if char in "\t\r\n":
                _add_t(run, "".join(piece))
                piece = []
                SubElement(run, TAB if char == "\t" else BR)
            else:
                piece.append(char)
        text = "".join(piece)
    _add_t(run, text)


def _add_t(run: BaseOxmlElement, text: str) -> None:
    if text:
        element = SubElement(run, T)
        element.text = text
        if len(text.strip()) < len(text):
            element.set(SPACE, "preserve")


def table_row(tbl: BaseOxmlElement, widths: tuple[Length, ...]) -> BaseOxmlElement:
    """A new row at the end of the table: a cell of each width, each with an empty paragraph."""
    tr = SubElement(tbl, TR)
    for width in widths:
        _cell(tr, width)
    return tr


def _cell(tr: BaseOxmlElement, width: Length) -> BaseOxmlElement:
    tc = SubElement(tr, TC)
    tc_width = SubElement(SubElement(tc, TCPR), TCW)
    tc_width.set(TYPE, "dxa")
    tc_width.set(W, str(width.twips))
    SubElement(tc, P)
    return tc


def merged_row(tbl: BaseOxmlElement, width: Length) -> BaseOxmlElement:
    """A row of one cell across the three columns; returns the cell."""
    tc = _cell(SubElement(tbl, TR), width)
    SubElement(tc.find(TCPR), GRIDSPAN).set(VAL, "3")
    return tc

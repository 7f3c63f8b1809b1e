"""Word paragraphs, runs and table rows, written as XML text and parsed once into python-docx's
own element classes: as python-docx writes them, without its per-call costs (a style looked up
by name through every style on each paragraph, a run's text set one character at a time, bold
and italic set one property at a time, a Python object made for every element).

A style is given here by its id (looked up once per document by the writer). Text is cleaned
(swgtui.text.clean_text) and escaped; a tab is a w:tab, a line break a w:br, as python-docx
writes them. A run holding Lao is set in the Lao font (Lao is a complex script to Word and
LibreOffice: w:cs) and marked as Lao (w:lang), its Latin letters keeping the body's font.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import element_class_lookup
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from lxml import etree  # type: ignore[import-untyped]  # (python-docx's own XML library)

from swgtui.exports.words import has_lao
from swgtui.text import clean_text

TC = qn("w:tc")
_W = nsdecls("w")
_BREAKS = re.compile(r"([\t\r\n])")
_BREAK_XML = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}
# python-docx's element classes, without dropping blank text (a run of spaces is text here)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_PARSER.set_element_class_lookup(element_class_lookup)
LAO_FONT = "Phetsarath OT"
_LAO_FONTS = f'<w:rFonts w:cs="{LAO_FONT}"/>'  # Lao among Latin letters: only the complex script's font
_ONLY_LAO_FONTS = f'<w:rFonts w:ascii="{LAO_FONT}" w:hAnsi="{LAO_FONT}" w:cs="{LAO_FONT}"/>'  # every slot
_LATIN = re.compile("[A-Za-z]")


def run_xml(
    text: str, *, bold: bool = False, italic: bool = False, size: int = 0, cs: bool = True, color: str = ""
) -> str:
    """A run of `text`: bold, italic, `size` in points (each also for complex scripts, Lao,
    unless `cs` is False and the text holds no Lao) and `color` (hex RGB)."""
    text = clean_text(text)
    lao = has_lao(text)
    latin = lao and _LATIN.search(text) is not None
    cs = cs or lao
    properties = ""
    if bold or italic or size or color or lao:
        properties = "<w:rPr>" + ((_LAO_FONTS if latin else _ONLY_LAO_FONTS) if lao else "")
        if bold:
            properties += "<w:b/><w:bCs/>" if cs else "<w:b/>"
        if italic:
            properties += "<w:i/><w:iCs/>" if cs else "<w:i/>"
        if color:
            properties += f'<w:color w:val="{color}"/>'
        if size:
            properties += (
                f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>' if cs else f'<w:sz w:val="{size * 2}"/>'
            )
        if lao:  # Lao as the complex script's language; the Latin letters' too when the run has none
            properties += '<w:lang w:bidi="lo-LA"/>' if latin else '<w:lang w:val="lo-LA" w:bidi="lo-LA"/>'
        properties += "</w:rPr>"
    return f"<w:r>{properties}{text_xml(text)}</w:r>"


def text_xml(text: str) -> str:
    """A run's content for `text`: w:t (its spaces kept), w:tab for a tab, w:br for a line break."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return _t(text)
    return "".join(_BREAK_XML.get(piece) or _t(piece) for piece in _BREAKS.split(text))


def escape(text: str) -> str:
    """`text` as XML text or attribute value."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _t(text: str) -> str:
    if not text:
        return ""
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return f"<w:t>{escape(text)}</w:t>"


def paragraph_xml(runs: str = "", style: str = "", number: int = 0, properties: str = "") -> str:
    """A paragraph of `runs` in the style of that id, in the list numbered `number` (numId) if
    given, with more `properties` (w:pPr children after those)."""
    if not style and not number and not properties:
        return f"<w:p>{runs}</w:p>"
    style_xml = f'<w:pStyle w:val="{escape(style)}"/>' if style else ""
    number_xml = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{number}"/></w:numPr>' if number else ""
    return f"<w:p><w:pPr>{style_xml}{number_xml}{properties}</w:pPr>{runs}</w:p>"


def parse(xml: str | Iterable[str]) -> list[BaseOxmlElement]:
    """The elements of `xml` (of the w: namespace, one after another), not yet in a document."""
    text = xml if isinstance(xml, str) else "".join(xml)
    try:
        fragment = etree.fromstring(f"<w:body {_W}>{text}</w:body>", _PARSER)
    except etree.XMLSyntaxError as error:  # text Word cannot hold (U+FFFE, U+FFFF), as lxml says it
        raise ValueError(f"All strings must be XML compatible: {error}") from None
    return list(fragment)


def append_xml(parent: BaseOxmlElement, xml: str | Iterable[str]) -> list[BaseOxmlElement]:
    """The elements of `xml`, appended to `parent`."""
    elements = parse(xml)
    parent.extend(elements)
    return elements


def add_run(
    paragraph: BaseOxmlElement,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 0,
    cs: bool = True,
    color: str = "",
) -> BaseOxmlElement:
    """A run at the end of the paragraph (see run_xml); returns it."""
    return append_xml(paragraph, run_xml(text, bold=bold, italic=italic, size=size, cs=cs, color=color))[0]


def cell_xml(width: Length, content: str = "", properties: str = "") -> str:
    """A table cell of that width holding `content` (paragraphs; an empty one if none), with
    more `properties` (w:tcPr children after its width)."""
    tc_width = f'<w:tcW w:type="dxa" w:w="{width.twips}"/>'
    return f"<w:tc><w:tcPr>{tc_width}{properties}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def row_xml(cells: Iterable[str], header: bool = False) -> str:
    """A table row of `cells` (cell_xml); `header`: repeated at the top of every page."""
    start = '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header else "<w:tr>"
    return start + "".join(cells) + "</w:tr>"

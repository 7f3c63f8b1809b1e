"""The Word body read straight from its XML (swgtui.imports.wordxml) gives what python-docx
gives: paragraph texts, runs with bold and italic, styles, numbering, a table's distinct cells;
comment ranges (docx_reader) hold the text they span, overlapping or not; a document without a
body is refused in one line."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from swgtui.exports.files import export_docx
from swgtui.imports import wordxml
from swgtui.imports.docx_reader import DocxImportError, _comment_ranges, import_docx
from tests.wordlike import W

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def same_paragraph(element, parent) -> None:
    mine, theirs = wordxml.Paragraph(element), DocxParagraph(element, parent)
    assert mine.text == theirs.text
    assert mine.runs == [(run.text, bool(run.bold), bool(run.italic)) for run in theirs.runs]
    assert mine.style == element.style
    number = element.pPr.numPr if element.pPr is not None else None
    assert mine.numbered == (number is not None)
    if number is not None and number.numId is not None:
        assert mine.num_id == number.numId.val


def same_table(element, parent) -> None:
    table = Table(element, parent)
    theirs = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        theirs.append([(cell._tc, cell.text) for cell in cells])
    assert [[(cell.element, cell.text) for cell in row] for row in wordxml.rows(element)] == theirs
    assert wordxml.column_count(element) == len(table.columns)
    assert wordxml.first_row_texts(element) == [text for _, text in theirs[0]] if theirs else []


def test_a_swgtui_export_reads_as_python_docx_reads_it(tmp_path, sample):
    document = Document(str(export_docx(sample, tmp_path / "sample.docx").path))
    body = document.element.body
    paragraphs = list(body.iter(f"{W}p"))
    assert len(paragraphs) > 100
    for element in paragraphs:
        same_paragraph(element, document._body)
    assert [p.element for p in wordxml.paragraphs_before_table(body)] == [
        child for child in body.iterchildren() if child.tag == f"{W}p"
    ][: len(wordxml.paragraphs_before_table(body))]
    tables = wordxml.tables(body)
    assert tables == [table._tbl for table in document.tables]
    for table in tables:
        same_table(table, document._body)


def test_runs_breaks_tabs_hyperlinks_and_toggles_read_as_python_docx_reads_them():
    paragraph = parse_xml(
        f"<w:p {NS}><w:pPr><w:pStyle w:val='ListNumber'/><w:numPr><w:numId w:val='7'/></w:numPr></w:pPr>"
        "<w:r><w:rPr><w:b/><w:i w:val='0'/></w:rPr><w:t xml:space='preserve'>Bold </w:t><w:tab/></w:r>"
        "<w:r><w:rPr><w:b w:val='false'/><w:i w:val='on'/></w:rPr><w:t>it</w:t><w:br/><w:t>a</w:t>"
        "<w:br w:type='page'/><w:cr/><w:noBreakHyphen/><w:ptab/><w:t/></w:r>"
        "<w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink>"
        "<w:ins><w:r><w:t>inside an insertion</w:t></w:r></w:ins>"
        "<w:r><w:rPr><w:b w:val='1'/></w:rPr><w:t>end</w:t></w:r></w:p>"
    )
    same_paragraph(paragraph, None)
    read = wordxml.Paragraph(paragraph)
    assert read.text == "Bold \tit\na\n-\tlinkend"
    assert (read.style, read.numbered, read.num_id) == ("ListNumber", True, 7)


def tc(text: str, properties: str = "", more: str = "") -> str:
    return f"<w:tc>{properties}<w:p><w:r><w:t>{text}</w:t></w:r></w:p>{more}</w:tc>"


def test_spanned_merged_and_late_starting_cells_read_as_python_docx_reads_them():
    nested = f"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr>{tc('nested')}</w:tr></w:tbl>"
    span2, span3 = ("<w:tcPr><w:gridSpan w:val='2'/></w:tcPr>", "<w:tcPr><w:gridSpan w:val='3'/></w:tcPr>")
    restart, below = "<w:tcPr><w:vMerge w:val='restart'/></w:tcPr>", "<w:tcPr><w:vMerge/></w:tcPr>"
    continued = "<w:tcPr><w:vMerge w:val='continue'/></w:tcPr>"
    table = parse_xml(
        f"<w:tbl {NS}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{tc('Outputs')}{tc('Progress')}{tc('Challenges')}</w:tr>"
        f"<w:tr>{tc('A. Section', span3)}</w:tr>"
        f"<w:tr>{tc('Title', restart)}{tc('Both', span2, nested)}</w:tr>"
        f"<w:tr>{tc('', below)}{tc('two')}{tc('three')}</w:tr>"
        f"<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>{tc('late')}"
        f"{tc('', continued)}</w:tr>"
        "</w:tbl>"
    )
    same_table(table, None)
    assert [[cell.text for cell in row] for row in wordxml.rows(table)] == [
        ["Outputs", "Progress", "Challenges"],
        ["A. Section"],
        ["Title", "Both"],
        ["Title", "two", "three"],
        ["late", "three"],
    ]


def test_comment_ranges_hold_the_text_they_span_overlapping_or_not():
    body = parse_xml(
        f"<w:body {NS}><w:p><w:commentRangeStart w:id='1'/><w:r><w:t>one </w:t></w:r>"
        "<w:commentRangeStart w:id='2'/><w:r><w:t>two </w:t></w:r><w:commentRangeEnd w:id='1'/>"
        "<w:r><w:t>three</w:t></w:r></w:p><w:commentRangeStart w:id='3'/>"
        "<w:p><w:r><w:t>four</w:t></w:r><w:commentRangeEnd w:id='2'/><w:commentRangeEnd w:id='4'/></w:p></w:body>"
    )
    first, second = body.findall(f"{W}p")
    assert _comment_ranges(body) == {
        "1": (first, "one two "),
        "2": (first, "two threefour"),
        "3": (second, "four"),  # started between paragraphs, never ended: the next paragraph, to the end
        "4": (None, ""),  # ended, never started
    }


def test_word_comment_dates_read_as_python_docx_reads_them():
    dates = ["2026-03-02T09:15:00Z", "2026-03-02T09:15:00.5Z", "2026-03-02T09:15:00+07:00", "2026-03-02T09:15:00"]
    dates += ["2026-13-02T09:15:00Z", "2026-03-02T24:00:00Z", "yesterday", "２０２６-03-02T09:15:00Z"]
    for date in dates:
        comment = parse_xml(f"<w:comment {NS} w:id='0' w:author='A' w:date='{date}'><w:p/></w:comment>")
        assert wordxml.comment_date(comment) == comment.date, date
    assert wordxml.comment_date(parse_xml(f"<w:comment {NS} w:id='0'/>")) is None
    stamp = parse_xml(f"<w:comment {NS} w:id='0' w:date='2026-03-02T09:15:00Z'/>")
    assert wordxml.comment_date(stamp) == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)


def test_a_document_without_a_body_is_refused_as_one_without_the_table(tmp_path, sample):
    source = export_docx(sample, tmp_path / "sample.docx").path
    empty = tmp_path / "empty.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(empty, "w") as copy:
        for info in original.infolist():
            copy.writestr(info, f"<w:document {NS}/>" if info.filename == "word/document.xml" else original.read(info))
    with pytest.raises(DocxImportError, match=r"^no Annex 2 table \(three columns"):
        import_docx(empty)

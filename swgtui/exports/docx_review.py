"""The review marks of a Word export: open comments as Word comments, the "Review record"
appendix, and DRAFT in the page header until the report has a valid final sign-off.

Comments are built as elements, numbered from one count: python-docx's add_comment looks for
a free id through every comment on each call, which makes a report's comments quadratic.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from lxml.etree import SubElement  # type: ignore[import-untyped]  # (python-docx's own XML library)

from swgtui.exports.docx_xml import add_run, add_text, table_row
from swgtui.exports.view import ReportView, Thread
from swgtui.text import clean_text

if TYPE_CHECKING:
    from swgtui.exports.docx_writer import WordWriter

RECORD_WIDTHS = (Cm(10.0), Cm(3.8), Cm(5.0), Cm(4.4), Cm(2.9))
RECORD_COLUMNS = ("Part", "Status", "Approved by", "Organisation", "Date")
_ID = qn("w:id")
_VAL = qn("w:val")


def mark_draft(document: DocumentObject, view: ReportView) -> None:
    """Say DRAFT in the page header of a report without a valid final sign-off."""
    if view.final:
        return
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(f"DRAFT — {view.draft_reason}")
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def add_word_comments(document: DocumentObject, anchors: dict[str, dict[str, list[CT_P]]], view: ReportView) -> int:
    """Each open comment thread becomes a Word comment on its row's (or field's) text."""
    if not view.threads:
        return 0
    comments = document.comments._comments_elm
    number = max((int(value) for value in comments.xpath("./w:comment/@w:id")), default=-1) + 1
    added = 0
    for thread in view.threads:
        part_anchors = anchors.get(thread.part)
        if not part_anchors:
            continue
        paragraphs = part_anchors.get(thread.field) or part_anchors.get("") or []
        if thread.quote:
            paragraphs = [p for p in paragraphs if thread.quote in p.text] or paragraphs
        # with the runs of text inserted since a moment (an export of the changes since then)
        runs = [run for paragraph in paragraphs for run in paragraph.xpath("./w:r | ./w:ins/w:r")]
        if not runs:
            continue
        comments.append(_comment(number, thread))
        runs[0].addprevious(OxmlElement("w:commentRangeStart", attrs={_ID: str(number)}))
        runs[-1].addnext(_reference(number))
        runs[-1].addnext(OxmlElement("w:commentRangeEnd", attrs={_ID: str(number)}))
        number += 1
        added += 1
    return added


def _comment(number: int, thread: Thread) -> BaseOxmlElement:
    """The w:comment: its text (a paragraph a line), the quote, then the replies."""
    comment = OxmlElement("w:comment", attrs={_ID: str(number), qn("w:author"): thread.author})
    comment.set(qn("w:initials"), thread.initials)
    comment.date = datetime.now(UTC)
    with contextlib.suppress(ValueError):
        comment.date = datetime.fromisoformat(thread.at)
    lines = thread.text.split("\n")
    first = _comment_paragraph(comment)
    reference = SubElement(first, qn("w:r"))
    SubElement(SubElement(reference, qn("w:rPr")), qn("w:rStyle")).set(_VAL, "CommentReference")
    SubElement(reference, qn("w:annotationRef"))
    if thread.text:
        add_text(SubElement(first, qn("w:r")), lines[0])
    for text in [*lines[1:], *([clean_text(f"On: “{thread.quote}”")] if thread.quote else []), *thread.replies]:
        paragraph = _comment_paragraph(comment)
        if text:
            add_text(SubElement(paragraph, qn("w:r")), text)
    return comment


def _comment_paragraph(comment: BaseOxmlElement) -> BaseOxmlElement:
    paragraph = SubElement(comment, qn("w:p"))
    SubElement(SubElement(paragraph, qn("w:pPr")), qn("w:pStyle")).set(_VAL, "CommentText")
    return paragraph


def _reference(number: int) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    SubElement(SubElement(run, qn("w:rPr")), qn("w:rStyle")).set(_VAL, "CommentReference")
    SubElement(run, qn("w:commentReference")).set(_ID, str(number))
    return run


def write_review_record(writer: WordWriter, view: ReportView) -> None:
    """An appendix listing every part's status and approval, and the sign-offs."""
    document = writer.document
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_run(writer.body_paragraph(), "Review record", bold=True, size=12, cs=False)

    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, RECORD_WIDTHS, strict=True):
        column.width = width
    tbl = table._tbl
    tbl.remove(tbl.tr_lst[0])  # python-docx's first row, replaced by ours
    for cell, title in zip(table_row(tbl, RECORD_WIDTHS).iterfind(qn("w:tc")), RECORD_COLUMNS, strict=True):
        add_run(cell.find(qn("w:p")), title, bold=True, cs=False)
    for row in view.record:
        for cell, value in zip(table_row(tbl, RECORD_WIDTHS).iterfind(qn("w:tc")), row.cells, strict=True):
            add_text(SubElement(cell.find(qn("w:p")), qn("w:r")), value)

    paragraph = writer.body_paragraph()
    SubElement(SubElement(paragraph, qn("w:pPr")), qn("w:spacing")).set(qn("w:before"), str(Pt(12).twips))
    add_run(paragraph, "Final sign-off", bold=True, cs=False)
    if not view.signoff_lines:
        add_run(writer.body_paragraph(), "Not signed off yet.")
        return
    for line in view.signoff_lines:
        add_run(writer.body_paragraph(writer.bullet), line)

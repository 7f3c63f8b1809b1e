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
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Pt
from lxml.etree import SubElement  # type: ignore[import-untyped]  # (python-docx's own XML library)

from swgtui.exports import layout
from swgtui.exports.docx_xml import append_xml, cell_xml, paragraph_xml, row_xml, run_xml, text_xml
from swgtui.exports.view import ReportView, Thread
from swgtui.exports.words import DRAFT, DocWords
from swgtui.i18n import N_
from swgtui.text import clean_text

if TYPE_CHECKING:
    from swgtui.exports.docx_writer import WordWriter

RECORD_WIDTHS = (Cm(10.0), Cm(3.8), Cm(5.0), Cm(4.4), Cm(2.9))
RECORD_COLUMNS = (N_("Part"), N_("Status"), N_("Approved by"), N_("Organisation"), N_("Date"))
REVIEW_RECORD = N_("Review record")
FINAL_SIGNOFF = N_("Final sign-off")
NOT_SIGNED_OFF_YET = N_("Not signed off yet.")
QUOTED = N_("On: “{quote}”")  # a comment's quoted passage
_ID, _VAL = qn("w:id"), qn("w:val")
_R, _RPR, _RSTYLE = qn("w:r"), qn("w:rPr"), qn("w:rStyle")
_COMMENT, _RANGE_START, _RANGE_END = qn("w:comment"), qn("w:commentRangeStart"), qn("w:commentRangeEnd")


def mark_draft(section: Section, final: bool, reason: str, words: DocWords | None = None) -> None:
    """Say "DRAFT — `reason`" (DRAFT in the document's language, `words`) in the page header of
    the section unless `final` (a report with a valid final sign-off)."""
    if final:
        return
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    text = f"{(words or DocWords())(DRAFT)} — {reason}"
    append_xml(paragraph._p, run_xml(text, bold=True, size=12, cs=False, color="C00000"))


def add_word_comments(document: DocumentObject, anchors: dict[str, dict[str, list[CT_P]]], view: ReportView) -> int:
    """Each open comment thread becomes a Word comment on its row's (or field's) text: from its
    first run to its last, the reference after the references of comments before it there."""
    if not view.threads:
        return 0
    comments = document.comments._comments_elm
    number = max((int(value) for value in comments.xpath("./w:comment/@w:id")), default=-1) + 1
    runs_of: dict[CT_P, list[BaseOxmlElement]] = {}  # each paragraph's runs, kept as comments are added
    texts: dict[CT_P, str] = {}
    added = 0
    for thread in view.threads:
        part_anchors = anchors.get(thread.part)
        if not part_anchors:
            continue
        paragraphs = part_anchors.get(thread.field) or part_anchors.get("") or []
        if thread.quote:
            quoted = [p for p in paragraphs if thread.quote in _text(p, texts)]
            paragraphs = quoted or paragraphs
        # with the runs of text inserted since a moment (an export of the changes since then)
        runs = [run for paragraph in paragraphs for run in _runs(paragraph, runs_of)]
        if not runs:
            continue
        _comment(comments, number, thread, view.words)
        runs[0].addprevious(runs[0].makeelement(_RANGE_START, {_ID: str(number)}))
        reference = _reference(runs[-1], number)
        runs[-1].addnext(reference)
        runs[-1].addnext(runs[-1].makeelement(_RANGE_END, {_ID: str(number)}))
        runs_of[next(p for p in reversed(paragraphs) if runs_of[p])].append(reference)  # now its last run
        number += 1
        added += 1
    return added


def _runs(paragraph: CT_P, runs_of: dict[CT_P, list[BaseOxmlElement]]) -> list[BaseOxmlElement]:
    if paragraph not in runs_of:
        runs_of[paragraph] = paragraph.xpath("./w:r | ./w:ins/w:r")
    return runs_of[paragraph]


def _text(paragraph: CT_P, texts: dict[CT_P, str]) -> str:
    """The paragraph's text (a comment's reference adds none)."""
    if paragraph not in texts:
        texts[paragraph] = paragraph.text
    return texts[paragraph]


def _comment(comments: BaseOxmlElement, number: int, thread: Thread, words: DocWords) -> None:
    """The w:comment: its text (a paragraph a line), the quote, then the replies."""
    comment = SubElement(comments, _COMMENT)
    comment.set(_ID, str(number))
    comment.set(qn("w:author"), thread.author)
    comment.set(qn("w:initials"), thread.initials)
    comment.date = datetime.now(UTC)
    with contextlib.suppress(ValueError):
        comment.date = datetime.fromisoformat(thread.at)
    lines = thread.text.split("\n")
    reference = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
    first = reference + (f"<w:r>{text_xml(lines[0])}</w:r>" if thread.text else "")
    quoted = [clean_text(words.format(QUOTED, quote=thread.quote))] if thread.quote else []
    rest = [*lines[1:], *quoted, *thread.replies]
    paragraphs = [first, *(f"<w:r>{text_xml(text)}</w:r>" if text else "" for text in rest)]
    append_xml(comment, [paragraph_xml(content, "CommentText") for content in paragraphs])


def _reference(run: BaseOxmlElement, number: int) -> BaseOxmlElement:
    reference = run.makeelement(_R, {})
    SubElement(SubElement(reference, _RPR), _RSTYLE).set(_VAL, "CommentReference")
    SubElement(reference, qn("w:commentReference")).set(_ID, str(number))
    return reference


def write_review_record(writer: WordWriter, view: ReportView) -> None:
    """An appendix listing every part's status and approval, and the sign-offs."""
    document = writer.document
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    words = view.words
    writer.body([paragraph_xml(run_xml(words(REVIEW_RECORD), bold=True, size=12, cs=False))])

    widths: tuple[Cm, ...] = RECORD_WIDTHS  # a landscape page's; on a portrait page, scaled down to fit
    if view.orientation != "landscape":
        widths = tuple(Cm(cm) for cm in layout.column_widths(tuple(w.cm for w in RECORD_WIDTHS), view.orientation))
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    tbl = table._tbl
    tbl.remove(tbl.tr_lst[0])  # python-docx's first row: ours is written below
    titles = [paragraph_xml(run_xml(words(title, "\n"), bold=True, cs=False)) for title in RECORD_COLUMNS]
    rows = [row_xml(cell_xml(width, title) for width, title in zip(widths, titles, strict=True))]
    for row in view.record:  # each value one run, its lines apart (as python-docx sets a cell's text)
        values = (paragraph_xml(run_xml(value)) for value in row.cells)
        rows.append(row_xml(cell_xml(width, value) for width, value in zip(widths, values, strict=True)))
    append_xml(tbl, rows)

    spacing = f'<w:spacing w:before="{Pt(12).twips}"/>'
    paragraphs = [paragraph_xml(run_xml(words(FINAL_SIGNOFF), bold=True, cs=False), properties=spacing)]
    if not view.signoff_lines:
        paragraphs.append(paragraph_xml(run_xml(words(NOT_SIGNED_OFF_YET))))
    paragraphs += [paragraph_xml(run_xml(line), writer.bullet) for line in view.signoff_lines]
    writer.body(paragraphs)

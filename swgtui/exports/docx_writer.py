"""Write a report as a Word document laid out like its template (such as Annex 2).

A4 in the template's orientation (Annex 2: landscape); the title and header block; the overview
heading ("Overview of Sector Performance in {period}"); one table of the template's two to six
columns, at the widths the view works out (swgtui.exports.layout), whose first row (the column
titles) repeats on every page, with full-width section heading rows, each row's title with its
tag in italics, each field in its column (a column no field writes to stays empty), labelled
narratives, real Word bullets and the partner / principle sub-headings (in the second column).
The template's id and fingerprint are kept in the file's properties (docx_properties).
python-docx is imported here only, so the app pays for it when it exports, not when it starts.

python-docx makes the document, its page, styles and parts; the paragraphs, runs and table rows
are written as XML (swgtui.exports.docx_xml) with the style ids looked up once per document:
python-docx looks a style up by name through every style on each call, and sets a run's text
and bold one property at a time. A report is rendered from its view (swgtui.exports.view),
built once; `WordWriter.write_report` writes one report's body into a document, so several
reports can share one (the page set-up, properties and marks are the document's).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Pt

from swgtui.exports import docx_changes, docx_review, layout, names
from swgtui.exports import docx_xml as xml
from swgtui.exports.docx_properties import ExportMarks, template_fingerprint, write_marks, write_template_record
from swgtui.exports.view import ReportView, RowView, build_view
from swgtui.exports.words import NO_UPDATE, PAGE_OF, DocWords
from swgtui.identity import load_identity
from swgtui.model import report as rp
from swgtui.model.blame import Changes
from swgtui.model.template import Template, load_template
from swgtui.model.types import Report
from swgtui.richtext import Block, Run
from swgtui.text import clean_text

LAO_FONT = xml.LAO_FONT
BODY_FONT = "Calibri"
HEADING_FILL = "D9E2F3"
Anchors = dict[str, list[CT_P]]  # field or item id ("" for the title) -> its paragraphs
NO_UPDATE_TEXT = NO_UPDATE
SHADED = f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADING_FILL}"/>'


def default_file_name(report: Report) -> str:
    """e.g. Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021-DRAFT.docx (see names)."""
    return names.file_name(report, "docx")


def docx_bytes(
    report: Report,
    marks: ExportMarks | None = None,
    changes: Changes | None = None,
    view: ReportView | None = None,
    language: str = "en",
) -> bytes:
    """The Word document of `report` (carrying `marks` when given; `changes` since a moment as
    tracked changes), as the bytes of a .docx file; `view` is the report's view when built
    already, else it is built in the document's `language`."""
    buffer = io.BytesIO()
    build_document(report, load_template(report["template"]), marks, changes, view, language).save(buffer)
    return buffer.getvalue()


def build_document(
    report: Report,
    template: Template,
    marks: ExportMarks | None = None,
    changes: Changes | None = None,
    view: ReportView | None = None,
    language: str = "en",
) -> DocumentObject:
    """The Word document of the report (in the document's `language` unless its `view` is
    given); `marks` (what it was made from) go in its custom properties, where no reader sees
    them; `changes` (since a moment) are tracked changes."""
    view = view or build_view(report, template, language)
    writer = WordWriter(view.orientation)
    writer.set_properties(view, view.title)
    write_template_record(writer.document, template.id, template_fingerprint(template.id))
    writer.set_page_marks(f"{view.swg} — {view.period}", view)
    writer.write_report(view, changes)
    writer.finish(marks, tracked=changes is not None)
    return writer.document


class WordWriter:
    """A Word document being written: python-docx's document, set up once (page, fonts), and
    what writing its paragraphs needs, looked up once (style ids, list numbering)."""

    def __init__(self, orientation: str = "landscape") -> None:
        self.document = document = Document()
        set_page(document.sections[0], orientation)
        _set_fonts(document)
        styles = document.styles
        self.bullet = styles["List Bullet"].style_id
        self.number = styles["List Number"].style_id
        self.numbering = document.part.numbering_part.element
        style_num = styles["List Number"].element.pPr.numPr.numId.val
        self.list_abstract = self.numbering.num_having_numId(style_num).abstractNumId.val
        self.num_ids = {int(value) for value in self.numbering.xpath("./w:num/@w:numId")}

    def set_properties(self, view: ReportView, title: str) -> None:
        """The file's own properties for the report of `view` (see set_file_properties)."""
        self.set_file_properties(f"{view.swg} — {view.period}", f"{title}: {view.overview_heading}")

    def set_file_properties(self, title: str, subject: str) -> None:
        """The file's own properties: what it is, written now (UTC) by whom (`swgtui whoami`), and
        none of python-docx's defaults (its 2013 dates and its comment)."""
        person = load_identity()
        who = clean_text(person["name"])[:255] if person else "swgtui"
        now = datetime.now(UTC).replace(microsecond=0)
        properties = self.document.core_properties
        properties.title = clean_text(title)[:255]
        properties.subject = clean_text(subject)[:255]
        properties.author = properties.last_modified_by = who
        properties.created = properties.modified = now
        properties.comments = ""
        properties.revision = 1

    def write_report(
        self, view: ReportView, changes: Changes | None = None, *, comments: bool = True, record: bool = True
    ) -> None:
        """The report's body at the end of the document: title, header block, overview table,
        its open comments as Word comments (unless not `comments`) and the review record (unless
        not `record`)."""
        self.body([xml.paragraph_xml(xml.run_xml(view.title, bold=True, size=14))])
        anchors = {rp.HEADER_ID: self._header_block(view, changes)}
        overview = xml.run_xml(view.overview_heading, bold=True, size=12)
        self.body([xml.paragraph_xml(overview, properties=f'<w:spacing w:before="{Pt(12).twips}"/>')])
        anchors.update(self._table(view, changes))
        if comments:
            docx_review.add_word_comments(self.document, anchors, view)
        if record:
            docx_review.write_review_record(self, view)

    def set_page_marks(self, footer: str, view: ReportView, section: Section | None = None) -> None:
        """`footer` with the page numbers at the foot of each page, and DRAFT in the page header
        unless the report (`view`) is final; on the pages of `section` (else the first section)."""
        section = section or self.document.sections[0]
        write_footer(section, footer, view.words)
        docx_review.mark_draft(section, view.final, view.draft_reason, view.words)

    def new_section(self, orientation: str = "landscape") -> Section:
        """A new Word section at the end of the document, starting on a new page in `orientation`,
        with its own (empty) page header and footer."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        set_page(section, orientation)
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        return section

    def finish(self, marks: ExportMarks | None = None, tracked: bool = False) -> None:
        """The export marks (what the file was made from) and the ids of tracked changes, once
        every report is written."""
        if marks is not None:
            write_marks(self.document, marks)
        if tracked:
            docx_changes.number_changes(self.document)

    def body(self, paragraphs: list[str]) -> list[CT_P]:
        """`paragraphs` (paragraph_xml) added at the end of the document's body."""
        elements = xml.parse(paragraphs)
        end = self.document.element.body.sectPr  # the body's section properties stay last
        for element in elements:
            end.addprevious(element)
        return elements

    def new_list(self, start: int) -> int:
        """A new numbering instance of the "List Number" style, starting at `start`; its id."""
        num_id = next(number for number in range(1, len(self.num_ids) + 2) if number not in self.num_ids)
        self.num_ids.add(num_id)
        override = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        num = f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{self.list_abstract}"/>{override}</w:num>'
        self.numbering._insert_num(xml.parse(num)[0])
        return num_id

    def blocks_xml(self, blocks: list[Block], label: str = "", heading: str = "") -> list[str]:
        """The paragraphs (paragraph_xml) of `blocks`, with `label` in bold: on the first
        paragraph, or alone before a bullet; after `heading` (a partner's name) in bold, a
        paragraph of its own. A numbered list is numbered from its own first number."""
        paragraphs = [xml.paragraph_xml(xml.run_xml(heading, bold=True))] if heading else []
        if label:
            label = label if label.endswith(":") else f"{label}:"
            if blocks and not blocks[0].bullet and not blocks[0].number:
                paragraphs.append(xml.paragraph_xml(xml.run_xml(f"{label} ", bold=True) + _runs(blocks[0].runs)))
                blocks = blocks[1:]
            else:
                paragraphs.append(xml.paragraph_xml(xml.run_xml(label, bold=True)))
        numbering = 0
        for block in blocks:
            if block.number:
                if not numbering:  # a new list: Word numbers it from its own first number
                    numbering = self.new_list(block.number)
                paragraphs.append(xml.paragraph_xml(_runs(block.runs), self.number, numbering))
            else:
                numbering = 0
                paragraphs.append(xml.paragraph_xml(_runs(block.runs), self.bullet if block.bullet else ""))
        return paragraphs

    # --- header block ---------------------------------------------------------------------------

    def _header_block(self, view: ReportView, changes: Changes | None) -> Anchors:
        """The header block's paragraphs; returns them as anchors for comments."""
        anchors: Anchors = {"": []}
        for spec in view.header_fields:
            tracked = changes.of(rp.HEADER_ID, spec.id) if changes is not None else None
            text = "" if tracked is not None else xml.run_xml(" ".join(spec.text.split("\n")))
            (paragraph,) = self.body([xml.paragraph_xml(xml.run_xml(f"{spec.label}: ", bold=True) + text)])
            if tracked is not None:
                docx_changes.add_line(paragraph, tracked)
            anchors[spec.id] = [paragraph]
            anchors[""].append(paragraph)
        paragraphs = []
        last_heading = ""
        for contacts in view.contact_lists:
            if contacts.heading != last_heading:
                paragraphs.append(xml.paragraph_xml(xml.run_xml(contacts.heading, bold=True)))
                last_heading = contacts.heading
            if contacts.labelled:
                paragraphs.append(xml.paragraph_xml(xml.run_xml(f"{contacts.label}:", italic=True), self.bullet))
            indent = f'<w:ind w:left="{Cm(1.6 if contacts.labelled else 0.63).twips}"/>'
            paragraphs += [
                xml.paragraph_xml(xml.run_xml(line), self.bullet, properties=indent) for line in contacts.lines
            ]
        self.body(paragraphs)
        return anchors

    # --- the table ------------------------------------------------------------------------------

    def _table(self, view: ReportView, changes: Changes | None) -> dict[str, Anchors]:
        """The table; returns each row's paragraphs (title and per field) as anchors for comments."""
        anchors: dict[str, Anchors] = {}
        widths = [Cm(width) for width in view.column_widths]
        span = f'<w:gridSpan w:val="{len(widths)}"/>'
        merged = widths[-1]  # a merged cell keeps the width python-docx last gave it
        empty_row = xml.row_xml(xml.cell_xml(width) for width in widths)
        table = self.document.add_table(rows=1, cols=len(widths))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        tbl = table._tbl
        tbl.remove(tbl.tr_lst[0])  # python-docx's first row: ours is written below
        titles = (xml.paragraph_xml(xml.run_xml(title, bold=True)) for title in view.columns)
        cells = (xml.cell_xml(width, title, SHADED) for width, title in zip(widths, titles, strict=True))
        rows = [xml.row_xml(cells, header=True)]
        for section in view.sections:
            title = xml.paragraph_xml(xml.run_xml(section.title, bold=True))
            rows.append(xml.row_xml([xml.cell_xml(merged, title, f"{span}{SHADED}")]))
            if section.no_update:
                note = xml.paragraph_xml(xml.run_xml(view.words(NO_UPDATE_TEXT), italic=True))
                rows.append(xml.row_xml([xml.cell_xml(merged, note, span)]))
            for row in section.rows:
                rows.append(empty_row)
                tbl.extend(xml.parse(rows))
                rows = []
                anchors[row.id] = self._row(tbl[-1], row, changes, view.words)
        tbl.extend(xml.parse(rows))
        return anchors

    def _row(self, tr: BaseOxmlElement, row: RowView, changes: Changes | None, words: DocWords) -> Anchors:
        first, *columns = (CellWriter(tc, self) for tc in tr.iterfind(xml.TC))
        second = columns[0]  # partners and "No update" go here
        title_blocks = list(row.title_blocks) or [Block(())]
        if row.tag:
            last = title_blocks[-1]
            tagged = last.runs + (Run(" ("), Run(row.tag, italic=True), Run(")"))
            title_blocks[-1] = Block(tagged, last.bullet)
        if changes is not None and row.own_title:  # (the template's words are never changed by a user)
            anchors: Anchors = {"": docx_changes.write_title(first, changes, row.id)}
        else:
            anchors = {"": first.blocks(title_blocks)}
        if row.no_update:
            second.paragraphs([xml.paragraph_xml(xml.run_xml(words(NO_UPDATE_TEXT), italic=True))])
            return anchors
        for field in row.fields:
            tracked = changes.of(row.id, field.id) if changes is not None else None
            if not field.text.strip() and not docx_changes.has_text(tracked):  # text deleted since is shown
                continue
            writer = columns[min(field.column, len(columns) + 1) - 2]
            label = field.label if field.in_document else ""
            if tracked is not None:
                anchors[field.id] = docx_changes.write_field(writer, tracked, label)
            else:
                anchors[field.id] = writer.blocks(field.blocks, label)
        for item in row.items:
            tracked = changes.of(row.id, item.id) if changes is not None else None
            if tracked is not None:
                (name,) = second.paragraphs([xml.paragraph_xml(xml.run_xml(item.name, bold=True))])
                anchors[item.id] = [name, *docx_changes.write_field(second, tracked)]
            else:
                anchors[item.id] = second.blocks(item.blocks, heading=item.name)
        return anchors


class CellWriter:
    """Adds paragraphs to a table cell, in place of the empty paragraph every new cell has."""

    def __init__(self, cell: BaseOxmlElement, writer: WordWriter) -> None:
        self.cell = cell
        self.writer = writer  # its style ids, and the numbering of the cell's numbered lists
        self.used = False

    def paragraphs(self, paragraphs: list[str]) -> list[CT_P]:
        """`paragraphs` (paragraph_xml) added to the cell; returns them."""
        if not self.used and paragraphs:
            self.used = True
            self.cell.remove(self.cell[-1])
        return xml.append_xml(self.cell, paragraphs)

    def blocks(self, blocks: list[Block], label: str = "", heading: str = "") -> list[CT_P]:
        """The blocks (see WordWriter.blocks_xml) added to the cell."""
        return self.paragraphs(self.writer.blocks_xml(blocks, label, heading))


def _runs(runs: tuple[Run, ...]) -> str:
    return "".join(xml.run_xml(run.text, bold=run.bold, italic=run.italic) for run in runs)


# --- page, fonts, footer -------------------------------------------------------------------------


def set_page(section: Section, orientation: str) -> None:
    """A4 in `orientation` ("portrait" or "landscape") with the margins of swgtui.exports.layout."""
    section.orientation = WD_ORIENT.LANDSCAPE if orientation == "landscape" else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(size) for size in layout.page_size(orientation))
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(layout.MARGIN))
    section.top_margin = section.bottom_margin = Cm(layout.MARGIN)


def _set_fonts(document: DocumentObject) -> None:
    """Body font for Latin text and the Lao font for complex-script (Lao) text, everywhere."""
    for style_name in ("Normal", "List Bullet", "List Number"):
        style = document.styles[style_name]
        style.font.name = BODY_FONT
        style.font.size = Pt(10)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:cs"), LAO_FONT)
        style.paragraph_format.space_after = Pt(3)


def write_footer(section: Section, text: str, words: DocWords | None = None) -> None:
    """`text` — page N of M (the document's pages; in each of the document's languages, `words`),
    centred at the foot of the section's pages."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number = xml.run_xml("1", size=8)  # the page numbers in the footer's size
    fields = {name: f'<w:fldSimple w:instr="{field}">{number}</w:fldSimple>' for name, field in _PAGE_FIELDS.items()}
    runs = [xml.run_xml(f"{text} — ", size=8)]
    for index, wording in enumerate((words or DocWords()).each(PAGE_OF)):
        if index:
            runs.append(xml.run_xml(" / ", size=8))
        for piece in _PLACEHOLDER.split(wording):
            runs.append(fields[piece] if piece in fields else xml.run_xml(piece, size=8) if piece else "")
    xml.append_xml(paragraph._p, runs)


_PAGE_FIELDS = {"{page}": "PAGE", "{pages}": "NUMPAGES"}
_PLACEHOLDER = re.compile(r"(\{page\}|\{pages\})")

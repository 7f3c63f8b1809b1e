"""Write a report as a Word document laid out like the template (Annex 2).

A4 landscape; the title and header block; "Overview of Sector Performance in {period}"; one
three-column table whose first row (the column titles) repeats on every page, with full-width
section heading rows, each row's title with its tag in italics, labelled narratives, real Word
bullets and the partner / principle sub-headings. python-docx is imported here only, so the
app pays for it when it exports, not when it starts.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun

from swgtui.exports import docx_review, names
from swgtui.exports.docx_properties import ExportMarks, write_marks
from swgtui.identity import load_identity
from swgtui.model import report as rp
from swgtui.model.template import Template, load_template
from swgtui.model.types import Contact, Report, Row
from swgtui.richtext import Block, Run, parse_blocks
from swgtui.text import clean_text

LAO_FONT = "Phetsarath OT"
BODY_FONT = "Calibri"
COLUMN_WIDTHS = (Cm(6.2), Cm(12.6), Cm(7.3))  # narrow activity, wide progress, medium challenges
HEADING_FILL = "D9E2F3"
Anchors = dict[str, list[Paragraph]]  # field or item id ("" for the title) -> its paragraphs
NO_UPDATE_TEXT = "No update this period."


def default_file_name(report: Report) -> str:
    """e.g. Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021-DRAFT.docx (see names)."""
    return names.file_name(report, "docx")


def docx_bytes(report: Report, marks: ExportMarks | None = None) -> bytes:
    """The Word document of `report` (carrying `marks` when given), as the bytes of a .docx file."""
    buffer = io.BytesIO()
    build_document(report, load_template(report["template"]), marks).save(buffer)
    return buffer.getvalue()


def build_document(
    report: Report, template: Template, marks: ExportMarks | None = None, changes: object = None
) -> DocumentObject:
    """The Word document of the report; `marks` (what it was made from) go in its custom
    properties, where no reader sees them."""
    document = Document()
    _set_page(document)
    _set_fonts(document)
    period = report["period"]
    swg = rp.swg_name(report)
    _set_properties(document, template, swg, period)

    title = document.add_paragraph()
    _add_run(title, template.title, bold=True, size=14)
    anchors = {rp.HEADER_ID: _write_header_block(document, template, report)}

    overview = document.add_paragraph()
    overview.paragraph_format.space_before = Pt(12)
    _add_run(overview, template.overview_heading.format(period=period), bold=True, size=12)
    anchors.update(_write_table(document, template, report))
    _write_footer(document, f"{swg} — {period}")
    docx_review.mark_draft(document, report)
    docx_review.add_word_comments(document, anchors, report)
    docx_review.write_review_record(document, template, report)
    if marks is not None:
        write_marks(document, marks)
    return document


def _set_properties(document: DocumentObject, template: Template, swg: str, period: str) -> None:
    """The file's own properties: what it is, written now (UTC) by whom (`swgtui whoami`), and
    none of python-docx's defaults (its 2013 dates and its comment)."""
    person = load_identity()
    who = clean_text(person["name"])[:255] if person else "swgtui"
    now = datetime.now(UTC).replace(microsecond=0)
    properties = document.core_properties
    properties.title = clean_text(f"{swg} — {period}")[:255]
    properties.subject = clean_text(f"{template.title}: {template.overview_heading.format(period=period)}")[:255]
    properties.author = properties.last_modified_by = who
    properties.created = properties.modified = now
    properties.comments = ""
    properties.revision = 1


# --- page, fonts, footer -------------------------------------------------------------------------


def _set_page(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.8)


def _set_fonts(document: DocumentObject) -> None:
    """Body font for Latin text and the Lao font for complex-script (Lao) text, everywhere."""
    for style_name in ("Normal", "List Bullet", "List Number"):
        style = document.styles[style_name]
        style.font.name = BODY_FONT
        style.font.size = Pt(10)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:cs"), LAO_FONT)
        style.paragraph_format.space_after = Pt(3)


def _write_footer(document: DocumentObject, text: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_run(paragraph, f"{text} — page ", size=8)
    _add_field(paragraph, "PAGE")
    _add_run(paragraph, " of ", size=8)
    _add_field(paragraph, "NUMPAGES")


def _add_field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# --- runs and blocks -----------------------------------------------------------------------------


def _add_run(
    paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: int | None = None
) -> DocxRun:
    run = paragraph.add_run(clean_text(text))
    if bold:
        run.bold = True
        run.font.cs_bold = True
    if italic:
        run.italic = True
        run.font.cs_italic = True
    if size:
        run.font.size = Pt(size)
    return run


def _add_runs(paragraph: Paragraph, runs: tuple[Run, ...] | list[Run]) -> None:
    for run in runs:
        _add_run(paragraph, run.text, bold=run.bold, italic=run.italic)


class _CellWriter:
    """Adds paragraphs to a table cell, reusing the empty paragraph every new cell has."""

    def __init__(self, cell: _Cell, document: DocumentObject) -> None:
        self.cell = cell
        self.document = document  # its numbering definitions hold the cell's numbered lists
        self.used = False

    def paragraph(self, style: str | None = None) -> Paragraph:
        if not self.used:
            self.used = True
            paragraph = self.cell.paragraphs[0]
            if style:
                paragraph.style = style
            return paragraph
        return self.cell.add_paragraph(style=style)

    def blocks(self, blocks: list[Block], label: str = "") -> list[Paragraph]:
        """The blocks, with `label` in bold: on the first paragraph, or alone before a bullet."""
        written = []
        if label:
            label = label if label.endswith(":") else f"{label}:"
            paragraph = self.paragraph()
            written.append(paragraph)
            if blocks and not blocks[0].bullet and not blocks[0].number:
                _add_run(paragraph, f"{label} ", bold=True)
                _add_runs(paragraph, blocks[0].runs)
                blocks = blocks[1:]
            else:
                _add_run(paragraph, label, bold=True)
        numbering = 0
        for block in blocks:
            if block.number:
                if not numbering:  # a new list: Word numbers it from its own first number
                    numbering = _new_numbering(self.document, block.number)
                paragraph = self.paragraph("List Number")
                _set_numbering(paragraph, numbering)
            else:
                numbering = 0
                paragraph = self.paragraph("List Bullet" if block.bullet else None)
            _add_runs(paragraph, block.runs)
            written.append(paragraph)
        return written


# --- header block -------------------------------------------------------------------------------


def _contact_line(contact: Contact) -> str:
    line = f"{contact['organisation']}: {contact['name']}" if contact["organisation"] else contact["name"]
    return f"{line} ({contact['email']})" if contact["email"] else line


def _write_header_block(document: DocumentObject, template: Template, report: Report) -> Anchors:
    """The header block's paragraphs; returns them as anchors for comments."""
    header = report["header"]
    anchors: Anchors = {"": []}
    for spec in template.header_fields:
        paragraph = document.add_paragraph()
        _add_run(paragraph, f"{spec.label}: ", bold=True)
        _add_run(paragraph, " ".join(header["fields"].get(spec.id, "").split("\n")))
        anchors[spec.id] = [paragraph]
        anchors[""].append(paragraph)
    last_heading = ""
    for contact_list in template.contact_lists:
        if contact_list.heading != last_heading:
            _add_run(document.add_paragraph(), contact_list.heading, bold=True)
            last_heading = contact_list.heading
        contacts = header["contacts"].get(contact_list.id, [])
        labelled = contact_list.heading.rstrip(":") != contact_list.label
        if labelled:
            paragraph = document.add_paragraph(style="List Bullet")
            _add_run(paragraph, f"{contact_list.label}:", italic=True)
        for contact in contacts:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.paragraph_format.left_indent = Cm(1.6 if labelled else 0.63)
            _add_run(paragraph, _contact_line(contact))
    return anchors


# --- the table ----------------------------------------------------------------------------------


def _write_table(document: DocumentObject, template: Template, report: Report) -> dict[str, Anchors]:
    """The table; returns each row's paragraphs (title and per field) as anchors for comments."""
    anchors: dict[str, Anchors] = {}
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, COLUMN_WIDTHS, strict=False):
        column.width = width
    title_row = table.rows[0]
    _repeat_as_header(title_row)
    for cell, title in zip(title_row.cells, template.columns, strict=False):
        _shade(cell)
        _add_run(cell.paragraphs[0], title, bold=True)

    for section in report["sections"]:
        spec = template.section(section["id"])
        heading = table.add_row()
        merged = heading.cells[0].merge(heading.cells[2])
        _shade(merged)
        _add_run(merged.paragraphs[0], spec.title.format(period=report["period"]) if spec else section["id"], bold=True)
        if section.get("no_update"):
            note = table.add_row()
            _add_run(note.cells[0].merge(note.cells[2]).paragraphs[0], NO_UPDATE_TEXT, italic=True)
        for row in section["rows"]:
            anchors[row["id"]] = _write_row(document, table.add_row(), template, row)
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, COLUMN_WIDTHS, strict=False):
            cell.width = width
    return anchors


def _write_row(document: DocumentObject, table_row: _Row, template: Template, row: Row) -> Anchors:
    kind = rp.row_kind(template, row)
    first, second, third = (_CellWriter(c, document) for c in table_row.cells)
    title_blocks = parse_blocks(row["title"], numbered=False) or [Block(())]
    if row.get("tag"):
        last = title_blocks[-1]
        tagged = last.runs + (Run(" ("), Run(row["tag"], italic=True), Run(")"))
        title_blocks[-1] = Block(tagged, last.bullet)
    anchors: Anchors = {"": first.blocks(title_blocks)}
    if row.get("no_update"):
        _add_run(second.paragraph(), NO_UPDATE_TEXT, italic=True)
        return anchors
    for spec in kind.fields:
        text = row["fields"].get(spec.id, "")
        if not text.strip():
            continue
        writer = second if spec.column == 2 else third
        anchors[spec.id] = writer.blocks(parse_blocks(text), spec.label if spec.label_in_document else "")
    for item in row["items"]:
        name = second.paragraph()
        _add_run(name, item["name"], bold=True)
        anchors[item["id"]] = [name, *second.blocks(parse_blocks(item["text"]))]
    return anchors


def _new_numbering(document: DocumentObject, start: int) -> int:
    """A new numbering instance of the "List Number" style, starting at `start`."""
    numbering = document.part.numbering_part.numbering_definitions._numbering
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(num.numId)


def _set_numbering(paragraph: Paragraph, num_id: int) -> None:
    properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    properties.get_or_add_ilvl().val = 0
    properties.get_or_add_numId().val = num_id


def _repeat_as_header(table_row: _Row) -> None:
    properties = table_row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _shade(cell: _Cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADING_FILL)
    cell._tc.get_or_add_tcPr().append(shading)

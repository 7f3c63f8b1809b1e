"""The compendium as a Word document, written with the single export's WordWriter.

A cover; the contents: a real Word TOC field whose result is already filled with an entry per
heading (each a link to its heading) and no page numbers, set to be brought up to date when the
file is opened (w:updateFields: Word asks, then writes the page numbers; LibreOffice shows the
entries as filled). The summary table: every SWG with its status, and its reports with the page
each starts on (PAGEREF fields, left empty: LibreOffice works them out as it lays the file out,
Word when it updates the fields). Each report in its own Word section (a new page, its own
footer naming the SWG and its own DRAFT header unless signed off), written by
`WordWriter.write_report` without Word comments and without its review record; the cross-SWG
synthesis; one review summary; what is missing. Headings are Word's Heading 1 and 2, so Word's
TOC finds them. The compendium carries no export marks: it is read, not sent back.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt

from swgtui.exports import docx_review
from swgtui.exports import docx_xml as xml
from swgtui.exports.compendium import (
    COMPILED_ON,
    DRAFT_NOTE,
    MEETING,
    NO_REPORT_FROM,
    NOTHING_MISSING,
    REVIEW_COLUMNS,
    REVIEW_SUMMARY,
    SUMMARY,
    SUMMARY_COLUMNS,
    TITLE,
    WHAT_IS_MISSING,
    Compendium,
    Entry,
    Synthesis,
    columns,
    review_rows,
    summary_rows,
)
from swgtui.exports.docx_writer import LAO_FONT, SHADED, WordWriter, write_footer
from swgtui.exports.words import DRAFT, LONG
from swgtui.i18n import N_

TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
BOOKMARK = "_Toc{number:08d}"  # Word's own prefix for the bookmarks of TOC headings (hidden from its list)
SUMMARY_WIDTHS = (Cm(8.0), Cm(4.2), Cm(2.4), Cm(2.6), Cm(3.2), Cm(5.6))
REVIEW_WIDTHS = (Cm(9.0), Cm(3.0), Cm(2.6), Cm(11.4))
CONTENTS = N_("Contents")
PAGE_OF_REPORT = N_("{report}, page ")  # then the page number
DRAFT_COVER = N_("not every report is in and signed off (see what is missing at the end)")
# the settings that come after w:updateFields in WordprocessingML's schema (and m:mathPr)
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def compendium_docx_bytes(compendium: Compendium) -> bytes:
    """The compendium as the bytes of a .docx file."""
    buffer = io.BytesIO()
    CompendiumWriter(compendium).write().save(buffer)
    return buffer.getvalue()


class CompendiumWriter:
    """The compendium's Word document: the single export's WordWriter, with Word's heading and
    TOC styles looked up (or added) once, and the headings written so far (the TOC's entries)."""

    def __init__(self, compendium: Compendium) -> None:
        self.compendium = compendium
        self.writer = writer = WordWriter()
        styles = writer.document.styles
        self.heading = {level: styles[f"Heading {level}"].style_id for level in (1, 2)}
        for level in (1, 2):  # Lao text in a heading in the Lao font too
            styles[f"Heading {level}"].element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), LAO_FONT)
        self.toc = {level: _toc_style(writer, level) for level in (1, 2)}
        self.toc_heading = styles["TOC Heading"].style_id
        self.headings: list[tuple[int, str, str]] = []  # level, text, bookmark: the TOC's entries
        # each report's heading's bookmark, by its place (known before the summary table refers to it)
        self.report_bookmarks = {entry.view.id: f"_TocR{n:06d}" for n, entry in enumerate(compendium.entries)}

    def write(self) -> DocumentObject:
        """The whole document, in the order of the module's docstring; the TOC is filled last."""
        compendium, writer = self.compendium, self.writer
        words = compendium.words
        writer.set_file_properties(compendium.heading, f"{words(MEETING)}: {compendium.counts()}")
        self._page_marks(writer.document.sections[0])
        self._cover()
        self._page_break()
        (contents,) = writer.body([xml.paragraph_xml(xml.run_xml(words(CONTENTS)), self.toc_heading)])
        self._page_break()
        self._summary()
        for entry in compendium.entries:
            self._report(entry)
        self._page_marks(writer.new_section())
        for synthesis in compendium.syntheses:
            self._synthesis(synthesis)
        self._review_summary()
        self._missing()
        for element in reversed(xml.parse(self._toc())):  # now that every heading is known
            contents.addnext(element)
        _update_fields_on_open(writer)
        return writer.document

    # --- pieces -----------------------------------------------------------------------------

    def _page_marks(self, section: Section) -> None:
        """The compendium's own pages: its title in the footer, DRAFT while anything is missing."""
        compendium, words = self.compendium, self.compendium.words
        write_footer(section, f"{compendium.heading} — {words(MEETING)}", words)
        docx_review.mark_draft(section, compendium.final, words(DRAFT_NOTE), words)

    def _heading(self, text: str, level: int = 1, bookmark: str = "") -> None:
        """A Heading 1 or 2 paragraph with a bookmark (named so, else numbered) the TOC links to."""
        number = len(self.headings) + 1
        bookmark = bookmark or BOOKMARK.format(number=number)
        self.headings.append((level, text, bookmark))
        start = f'<w:bookmarkStart w:id="{number}" w:name="{bookmark}"/>'
        end = f'<w:bookmarkEnd w:id="{number}"/>'
        self.writer.body([xml.paragraph_xml(start + xml.run_xml(text) + end, self.heading[level])])

    def _page_break(self) -> None:
        self.writer.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _cover(self) -> None:
        compendium, words = self.compendium, self.compendium.words
        space = f'<w:spacing w:before="{Pt(96).twips}"/><w:jc w:val="center"/>'
        centred = '<w:jc w:val="center"/>'
        lines = [
            xml.paragraph_xml(
                xml.run_xml(words.format(TITLE, LONG, period=compendium.period), bold=True, size=28), properties=space
            ),
            xml.paragraph_xml(xml.run_xml(words(MEETING, LONG), size=18), properties=centred),
            xml.paragraph_xml(
                xml.run_xml(words.format(COMPILED_ON, date=compendium.made), size=12), properties=centred
            ),
            xml.paragraph_xml(xml.run_xml(compendium.counts(), size=12), properties=centred),
        ]
        if not compendium.final:
            note = LONG.join(
                f"{draft}: {why}" for draft, why in zip(words.each(DRAFT), words.each(DRAFT_COVER), strict=True)
            )
            lines.append(xml.paragraph_xml(xml.run_xml(note, bold=True, size=12), properties=centred))
        self.writer.body(lines)

    def _toc(self) -> list[str]:
        """The TOC field, its result filled with one linked entry per heading (no page numbers:
        Word adds them when it updates the field; see the module's note)."""
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{TOC_INSTRUCTION}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        paragraphs = []
        for number, (level, text, bookmark) in enumerate(self.headings):
            link = f'<w:hyperlink w:anchor="{bookmark}" w:history="1">{xml.run_xml(text)}</w:hyperlink>'
            paragraphs.append(xml.paragraph_xml((begin if number == 0 else "") + link, self.toc[level]))
        paragraphs.append(xml.paragraph_xml('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
        return paragraphs

    def _summary(self) -> None:
        """Every SWG's line; its reports with the page each starts on (PAGEREF fields)."""
        words = self.compendium.words
        self._heading(words(SUMMARY))
        rows = []
        for line, row in zip(self.compendium.lines, summary_rows(self.compendium), strict=True):
            cells = [xml.run_xml(cell) for cell in row]
            pages = [
                xml.run_xml(("; " if n else "") + words.format(PAGE_OF_REPORT, report=report_id))
                + _pageref(self.report_bookmarks[report_id])
                for n, report_id in enumerate(line.reports)
                if report_id in self.report_bookmarks  # (not a report that could not be opened)
            ]
            rows.append([*cells[:-1], "".join(pages) or cells[-1]])
        self._table(SUMMARY_WIDTHS, columns(self.compendium, SUMMARY_COLUMNS), rows)

    def _report(self, entry: Entry) -> None:
        """The report in a section of its own: its footer and DRAFT mark, as a single export's."""
        writer = self.writer
        section = writer.new_section(entry.view.orientation)
        writer.set_page_marks(f"{entry.view.swg} — {entry.view.period}", entry.view, section)
        self._heading(entry.heading, bookmark=self.report_bookmarks[entry.view.id])
        writer.write_report(entry.view, comments=False, record=False)

    def _synthesis(self, synthesis: Synthesis) -> None:
        writer, words = self.writer, self.compendium.words
        self._heading(synthesis.heading)
        if synthesis.without_report:
            note = words.format(NO_REPORT_FROM, names=", ".join(synthesis.without_report))
            writer.body([xml.paragraph_xml(xml.run_xml(note, italic=True))])
        for theme in synthesis.themes:
            self._heading(theme.title, 2)
            for text in theme.texts:
                paragraphs = [xml.paragraph_xml(xml.run_xml(text.heading, bold=True, size=11))]
                if text.note:
                    paragraphs.append(xml.paragraph_xml(xml.run_xml(text.note, italic=True)))
                for label, blocks in text.pieces:
                    paragraphs += writer.blocks_xml(blocks, label)
                writer.body(paragraphs)

    def _review_summary(self) -> None:
        if self.compendium.syntheses:  # (else the section's new page is the summary's)
            self._page_break()
        self._heading(self.compendium.words(REVIEW_SUMMARY))
        rows = [[xml.run_xml(cell) for cell in row] for row in review_rows(self.compendium)]
        self._table(REVIEW_WIDTHS, columns(self.compendium, REVIEW_COLUMNS), rows)

    def _missing(self) -> None:
        words = self.compendium.words
        self._heading(words(WHAT_IS_MISSING))
        writer = self.writer
        if self.compendium.final:
            writer.body([xml.paragraph_xml(xml.run_xml(words(NOTHING_MISSING)))])
        spacing = f'<w:spacing w:before="{Pt(6).twips}"/>'
        for who, whats in self.compendium.missing_by:
            paragraphs = [xml.paragraph_xml(xml.run_xml(who, bold=True), properties=spacing)]
            writer.body(paragraphs + [xml.paragraph_xml(xml.run_xml(what), writer.bullet) for what in whats])

    def _table(self, widths: tuple[Cm, ...], columns: tuple[str, ...], rows: Sequence[Sequence[str]]) -> None:
        """A table of `columns` with a cell of `rows` (each run_xml) a column, the widths given."""
        table = self.writer.document.add_table(rows=1, cols=len(widths))
        table.style = "Table Grid"
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        tbl = table._tbl
        tbl.remove(tbl.tr_lst[0])
        titles = (xml.paragraph_xml(xml.run_xml(title, bold=True)) for title in columns)
        lines = [xml.row_xml((xml.cell_xml(w, t, SHADED) for w, t in zip(widths, titles, strict=True)), header=True)]
        for row in rows:
            cells = (xml.paragraph_xml(runs) for runs in row)
            lines.append(xml.row_xml(xml.cell_xml(w, c) for w, c in zip(widths, cells, strict=True)))
        xml.append_xml(tbl, lines)


def _pageref(bookmark: str) -> str:
    """A PAGEREF field to `bookmark`, its result left empty (worked out by the reader's program)."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> PAGEREF {bookmark} \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _toc_style(writer: WordWriter, level: int) -> str:
    """The style id of Word's "toc N" paragraph style (added: python-docx's template lacks it)."""
    style = writer.document.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), f"TOC{level}")
    style.base_style = writer.document.styles["Normal"]
    style.paragraph_format.left_indent = Cm(0.5 * (level - 1))
    style.paragraph_format.space_after = Pt(2)
    return f"TOC{level}"


def _update_fields_on_open(writer: WordWriter) -> None:
    """Ask Word to update the fields (the TOC's page numbers, the PAGEREFs) when it opens the file."""
    settings = writer.document.settings.element
    (update,) = xml.parse('<w:updateFields w:val="true"/>')
    later = {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS}  # Word wants the schema's order
    following = next((child for child in settings if child.tag in later or "math" in child.tag), None)
    if following is None:
        settings.append(update)
    else:
        following.addprevious(update)

"""Read a filled report's Word file (made by Word, LibreOffice or swgtui) into a new report.

The file's template is the one it records, else the one its words match (template_match). The
header block comes from the paragraphs before the table; the table's merged rows name the
sections; rows continued across pages (first cell empty) are joined; each column's paragraphs go
to the fields of that column; bullets, numbering, bold and italic become Markdown-lite; each row
is mapped onto the template (fixed rows by title, the partners row by its title, the rest as
added rows). Word comments become comment threads on the
rows they are anchored to. Tracked changes are read accepted (swgtui.imports.tracked). Nothing
is stored until the whole file has been read.
"""

from __future__ import annotations

import gc
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # (python-docx's own XML library)

from swgtui import i18n
from swgtui.exports.docx_writer import NO_UPDATE_TEXT
from swgtui.i18n import N_, _
from swgtui.imports import tracked, wordxml
from swgtui.imports.template_match import TemplateNotFound, Words, find_template, pattern, words_of
from swgtui.imports.template_match import squash as _squash
from swgtui.imports.wordxml import Cell, Paragraph
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.ids import new_id
from swgtui.model.template import RowKind, Template
from swgtui.model.types import Contact, Person
from swgtui.store.storage import file_kind
from swgtui.swgs import swg_key
from swgtui.text import clean_line, clean_text

MAX_BYTES = 50 * 1024 * 1024
# Reading the file's XML parts takes memory: about 500 bytes per element (lxml and python-docx) and the text
# itself. A small zip can unpack to millions of elements, so the parts are measured before
# python-docx reads them, and anything that would need more than MAX_MEMORY is refused.
MAX_MEMORY = 300 * 1024 * 1024
MAX_XML_BYTES = 64 * 1024 * 1024  # all XML parts together, as the zip declares them
BYTES_PER_ELEMENT = 500  # measured: parsing, and python-docx objects for each paragraph
COPY_BYTES_PER_ELEMENT = 250  # measured: each copy of the document read besides (reviewed files)
BASE_MEMORY = 60 * 1024 * 1024  # the interpreter, python-docx and the rest of swgtui
MAX_COLUMNS = 64  # the widest a table without its grid may span (Word's own limit is 63)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CONTACT = re.compile(
    r"^\s*(?:(?P<org>[^:()]+?)\s*:\s*)?(?P<name>[^()/]*?)\s*(?:[(/]\s*(?P<email>[^()\s]+@[^()\s]+?)\s*\)?)?\s*$"
)
_ENUMERATOR = re.compile(r"\(\d+\)\s*")
COUNTS = {
    2: N_("two columns"),
    3: N_("three columns"),
    4: N_("four columns"),
    5: N_("five columns"),
    6: N_("six columns"),
}


class DocxImportError(rp.ReportError):
    """The file cannot be imported; nothing was stored."""


@dataclass
class ImportResult:
    report: rp.Report
    summary: list[str] = field(default_factory=list)


@dataclass
class _RawRow:
    section: str
    cells: list[list[Paragraph]]  # paragraphs of each of the template's columns
    rows: list[int] = field(default_factory=list)  # the table rows it was read from (continued on a page: two)


@dataclass
class Body:
    """A view of the file's document (its XML, every tracked change accepted or rejected) and
    the python-docx part it belongs to (styles, numbering, comments)."""

    root: Any  # the w:document element
    part: Any

    @property
    def element(self) -> Any:
        """Its w:body (an empty one for a document without: no table is found there)."""
        body = self.root.find(f"{W}body")
        return body if body is not None else etree.Element(f"{W}body")


def _no_update(text: str) -> bool:
    """Whether `text` is "No update this period." in one of the languages a document is written in."""
    return _squash(text) in _no_update_texts()


@lru_cache(maxsize=1)
def _no_update_texts() -> frozenset[str]:
    """The words in each language, and in all of them ("English / ລາວ", a document in both)."""
    each = [i18n.translator(language).gettext(NO_UPDATE_TEXT) for language in i18n.LANGUAGES]
    return frozenset(_squash(text) for text in [*each, " / ".join(each)])


# --- opening ------------------------------------------------------------------------------------


def _open(path: Path, copies: int = 0) -> Any:
    """The file as a python-docx Document, checked first (size, zip, memory for itself and
    `copies` more copies of its document); DocxImportError in one line when it cannot be read."""
    from docx import Document  # python-docx is slow to import

    try:
        status = path.stat()
    except OSError as error:
        raise DocxImportError(_("cannot read {path}: {reason}").format(path=path, reason=error.strerror)) from None
    if not stat.S_ISREG(status.st_mode):
        raise DocxImportError(_("{path} is {kind}, not a file").format(path=path, kind=file_kind(status.st_mode)))
    size = status.st_size
    if size > MAX_BYTES:
        message = _("{file} is {size} MB; files over {limit} MB are not imported")
        raise DocxImportError(
            message.format(file=path.name, size=size // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024))
        )
    if not zipfile.is_zipfile(path):
        raise DocxImportError(_("{file} is not a Word .docx file").format(file=path.name))
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                message = _("{file} is not a Word .docx file (no word/document.xml)")
                raise DocxImportError(message.format(file=path.name))
            if sum(info.file_size for info in archive.infolist()) > 8 * MAX_BYTES:
                message = _("{file} unpacks to more than {limit} MB; not imported")
                raise DocxImportError(message.format(file=path.name, limit=8 * MAX_BYTES // (1024 * 1024)))
            _check_memory(path, archive, BYTES_PER_ELEMENT + copies * COPY_BYTES_PER_ELEMENT)
        document = Document(str(path))
    except DocxImportError:
        raise
    except Exception as error:  # zip, XML and python-docx errors all mean a damaged file
        reason = f"{type(error).__name__}: {error}"
        raise DocxImportError(_damaged(path, reason)) from None
    for part in document.part.package.iter_parts():  # Word never declares entities: refuse, never expand
        if _declares_entities(part):
            reason = _("{part} declares XML entities").format(part=part.partname)
            raise DocxImportError(_damaged(path, reason))
    _check_spans(path, document)
    return document


def _damaged(path: Path, reason: str) -> str:
    return _("{file} is damaged and cannot be read ({reason})").format(file=path.name, reason=reason)


def _declares_entities(part: Any) -> bool:
    """Whether an XML part has a DTD (parts python-docx keeps as bytes are read up to their root
    element only, never expanded: a DTD comes before it)."""
    element = getattr(part, "_element", None)
    if element is not None:
        return element.getroottree().docinfo.internalDTD is not None
    if "xml" not in (part.content_type or ""):
        return False
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True)
    blob = part.blob
    try:
        for at in range(0, len(blob), 16 * 1024):
            parser.feed(blob[at : at + 16 * 1024])
            for _, root in parser.read_events():
                return bool(root.getroottree().docinfo.internalDTD is not None)
    except etree.XMLSyntaxError:
        return False  # unreadable: its reader takes it as absent
    return False


def _check_spans(path: Path, document: Any) -> None:
    """Refuse a cell spanning more columns than its table has: python-docx repeats the cell for
    each column it spans (a span of two billion would take gigabytes)."""
    for span in document.element.iter(f"{W}gridSpan"):
        table = next(span.iterancestors(f"{W}tbl"), None)
        columns = len(table.findall(f"{W}tblGrid/{W}gridCol")) if table is not None else 0
        value = span.get(f"{W}val", "1")
        if not value.isascii() or not value.isdigit() or int(value) > (columns or MAX_COLUMNS):
            spans = _("a table cell spans {span} columns; its table has {columns}")
            raise DocxImportError(_damaged(path, spans.format(span=value[:12], columns=columns)))


def view(document: Any, transform: Callable[[Any], Any]) -> Body:
    """The document as `transform` (tracked.accepted or tracked.original) shows its body."""
    return Body(transform(document.element), document.part)


def _check_memory(path: Path, archive: zipfile.ZipFile, per_element: int = BYTES_PER_ELEMENT) -> None:
    """Refuse a file whose XML would take more than MAX_MEMORY to read: first by the sizes the
    zip declares (no unpacking), then by counting the elements while unpacking in pieces."""
    types = _content_types(archive)
    parts = [info for info in archive.infolist() if _is_xml(info.filename, types)]
    declared = sum(info.file_size for info in parts)
    too_big = _("{file} is too big to import: reading it would need more than {limit} MB of memory").format(
        file=path.name, limit=MAX_MEMORY // 2**20
    )
    if declared > MAX_XML_BYTES:
        unpacked = _("its text unpacks to {size} MB").format(size=declared // 2**20)
        raise DocxImportError(f"{too_big} ({unpacked})")
    elements = 0
    for info in parts:
        with archive.open(info) as part:
            while chunk := part.read(1024 * 1024):
                elements += chunk.count(b"<") - chunk.count(b"</")
                if BASE_MEMORY + declared + elements * per_element > MAX_MEMORY:
                    many = _("{part} holds millions of elements").format(part=info.filename)
                    raise DocxImportError(f"{too_big} ({many})")


def _content_types(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name ("/word/document.xml") or extension ("xml") -> content type, from [Content_Types].xml."""
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return {}
    if info.file_size > 1024 * 1024:
        message = _("{file}: its [Content_Types].xml is too big; not imported")
        raise DocxImportError(message.format(file=archive.filename))
    try:
        root = etree.fromstring(archive.read(info), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return {}
    types = {}
    for element in root:
        if element.get("Extension") is not None:
            types[element.get("Extension", "").lower()] = element.get("ContentType", "")
        elif element.get("PartName") is not None:
            types[element.get("PartName", "").lower()] = element.get("ContentType", "")
    return types


def _is_xml(name: str, types: dict[str, str]) -> bool:
    """Whether python-docx would parse the part as XML: its content type (by name, else by
    extension) is XML, or it has none and is named .xml or .rels."""
    found = types.get(f"/{name}".lower()) or types.get(name.rsplit(".", 1)[-1].lower() if "." in name else "")
    return "xml" in found.lower() if found else name.endswith((".xml", ".rels"))


# --- paragraphs to Markdown-lite -----------------------------------------------------------------


class _Lines:
    """Turns paragraphs into lines of Markdown-lite, numbering lists as Word shows them."""

    def __init__(self, part: Any) -> None:
        self.part = part
        self.starts = self._list_starts(part)
        self.num_id: int | None = None
        self.counter = 0
        self.style_names: dict[str | None, str] = {}  # style id -> name

    @staticmethod
    def _list_starts(part: Any) -> dict[int, int]:
        starts: dict[int, int] = {}
        try:
            numbering = part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return starts
        for num in numbering.findall(f"{W}num"):
            override = num.find(f"{W}lvlOverride/{W}startOverride")
            if override is not None:
                starts[int(num.get(f"{W}numId"))] = int(override.get(f"{W}val"))
        return starts

    def style_name(self, style_id: str | None) -> str:
        """The name of a paragraph style (the default one for an unknown id), looked up once per id."""
        if style_id not in self.style_names:  # looking a style up takes a search of styles.xml
            from docx.enum.style import WD_STYLE_TYPE

            style = self.part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            self.style_names[style_id] = (style.name if style is not None else "") or ""
        return self.style_names[style_id]

    def line(self, paragraph: Paragraph, skip: int = 0) -> str:
        text = _runs_markdown(paragraph, skip)
        style = self.style_name(paragraph.style)
        if "List Number" in style:
            num_id = paragraph.num_id
            if num_id != self.num_id:
                self.num_id, self.counter = num_id, self.starts.get(num_id, 1) - 1
            self.counter += 1
            return f"{self.counter}. {text}"
        self.num_id = None
        if "List Bullet" in style or paragraph.numbered:
            return f"- {text}"
        return text


def _runs_markdown(paragraph: Paragraph, skip: int = 0) -> str:
    """The paragraph's text with *italic* and **bold**, leaving out its first `skip` characters."""
    pieces: list[tuple[str, bool, bool]] = []
    for text, bold, italic in paragraph.runs:
        if skip:
            cut = min(skip, len(text))
            text, skip = text[cut:], skip - cut
        if text:
            if pieces and pieces[-1][1:] == (bold, italic):
                pieces[-1] = (pieces[-1][0] + text, bold, italic)
            else:
                pieces.append((text, bold, italic))
    out = []
    for text, bold, italic in pieces:
        core = text.strip()
        if not core or not (bold or italic):
            out.append(text)
            continue
        mark = "***" if bold and italic else "**" if bold else "*"
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        out.append(f"{lead}{mark}{core}{mark}{trail}")
    return clean_text("".join(out)).strip()


def _all_bold(paragraph: Paragraph) -> bool:
    runs = [bold for text, bold, _ in paragraph.runs if text.strip()]
    return bool(runs) and all(runs)


# --- the reader ----------------------------------------------------------------------------------


class _Reader:
    """Reads the file's body with the template's words in the language the file shows them in
    (`words`; found from its table's column titles unless given)."""

    def __init__(self, document: Body, template: Template, words: Words | None = None) -> None:
        self.document = document
        self.body = document.element
        self.template = template
        self.words = words or words_of(template, next(iter(wordxml.tables(self.body)), None))
        self.lines = _Lines(document.part)
        self.summary: list[str] = []
        self.no_update_sections: set[str] = set()  # marked "No update this period." under the heading
        self.anchors: dict[Any, tuple[str, Any]] = {}  # paragraph element -> (part id, field or item)

    # header ---------------------------------------------------------------------------------

    def read_header(self, report: rp.Report) -> str:
        """Fill the header block; returns the period named in the overview heading, if any."""
        period = ""
        words = self.words.label
        overview = pattern(self.words.text(self.template.overview_heading))
        labels = {f"{words(spec.label).rstrip(':')}:": spec for spec in self.template.header_fields}
        lists = self.template.contact_lists
        current: str | None = None
        contacts_text: dict[str, list[str]] = {spec.id: [] for spec in lists}
        for paragraph in wordxml.paragraphs_before_table(self.body):
            text = clean_text(paragraph.text).strip()
            if not text:
                continue
            found = overview.fullmatch(_squash(text))
            if found is not None:
                period = clean_line(_original(text, found.groupdict().get("period")))
                continue
            label = next((lab for lab in labels if text.startswith(lab)), None)
            if label:
                spec = labels[label]
                report["header"]["fields"][spec.id] = clean_line(text[len(label) :])
                self.anchors[paragraph.element] = (rp.HEADER_ID, spec.id)
                current = None
                continue
            heading = next((s for s in lists if text == words(s.heading)), None)
            if heading is not None:
                current = heading.id if heading.heading.rstrip(":") == heading.label else None  # (as written)
                continue
            # "Government Officials: …" may carry contacts on the same line (older Word files)
            segments = self._split_by_list_labels(text)
            for list_id, rest in segments:
                if list_id:
                    current = list_id
                if current and rest.strip():
                    contacts_text[current].append(rest)
            if not segments and current:
                contacts_text[current].append(text)
        count = 0
        for list_id, chunks in contacts_text.items():
            for chunk in chunks:
                for piece in _ENUMERATOR.split(chunk):
                    contact = _parse_contact(piece)
                    if contact:
                        report["header"]["contacts"][list_id].append(contact)
                        count += 1
        fields = ", ".join(words(s.label) for s in self.template.header_fields if report["header"]["fields"].get(s.id))
        line = _("header block: {fields}; {count} contact(s)")
        self.summary.append(line.format(fields=fields or _("no fields"), count=count))
        return period

    def _split_by_list_labels(self, text: str) -> list[tuple[str | None, str]]:
        words = self.words.label
        either = "|".join(re.escape(f"{words(s.label)}:") for s in self.template.contact_lists)
        if not either or not re.search(either, text):  # (a template without contact lists: none)
            return []
        parts = re.split(f"({either})", text)
        result: list[tuple[str | None, str]] = [(None, parts[0].lstrip("-• "))] if parts[0].strip(" -•") else []
        for label, rest in zip(parts[1::2], parts[2::2], strict=True):
            list_id = next(s.id for s in self.template.contact_lists if f"{words(s.label)}:" == label)
            result.append((list_id, rest.strip().strip("-•").strip()))
        return result

    # table ----------------------------------------------------------------------------------

    def find_table(self) -> Any:
        """The w:tbl element of the template's table: the one with its column titles, else the
        first with as many columns."""
        tables = wordxml.tables(self.body)
        for table in tables:
            if self.words.columns_match(wordxml.first_row_texts(table)):
                return table
        count = len(self.template.columns)
        for table in tables:
            if wordxml.column_count(table) == count:
                return table
        name = re.split(r"\s[–—-]\s|:", self.words.text(self.template.title))[0].strip()
        titles = ", ".join(title if len(title) <= 40 else title[:39] + "…" for title in self.template.columns)
        if self.template.id == "annex2":  # its titles are long: named as the message always named them
            titles = _("outputs, progress, challenges")
        columns = _(COUNTS[count]) if count in COUNTS else str(count)
        message = _("no {template} table ({columns}: {titles}) was found")
        raise DocxImportError(message.format(template=name, columns=columns, titles=titles))

    def raw_rows(self, table: list[list[Cell]], one_to_one: bool = False) -> list[_RawRow]:
        """The table's report rows; a row with an empty first cell continues the row above (on
        a new page), unless `one_to_one` (a file with swgtui marks: each table row is a row,
        its title perhaps empty in the view with every tracked change rejected)."""
        count = len(self.template.columns)
        rows: list[_RawRow] = []
        section = self.template.sections[0].id
        for number, cells in enumerate(table):
            if self.words.columns_match([c.text for c in cells]):
                continue  # the column titles, repeated on each page
            if len(cells) == 1:
                found = self.words.section_of(cells[0].text)
                if found:
                    section = found
                    continue
                if _no_update(cells[0].text):
                    self.no_update_sections.add(section)
                    continue
            paragraphs = _columns(cells, count)
            if one_to_one:
                rows.append(_RawRow(section, paragraphs, [number]))
                continue
            if rows and not cells[0].text.strip():
                for index in range(1, count):
                    rows[-1].cells[index].extend(paragraphs[index])
                rows[-1].rows.append(number)
                continue
            if not any(c.text.strip() for c in cells):
                continue
            rows.append(_RawRow(section, paragraphs, [number]))
        return rows

    # rows -----------------------------------------------------------------------------------

    def place_rows(self, report: rp.Report, raw_rows: list[_RawRow]) -> None:
        fixed: dict[str, rp.Row] = {}
        template_rows = {spec.id: spec for section in self.template.sections for spec in section.rows}
        for section in report["sections"]:
            for row in section["rows"]:
                fixed[_squash(row["title"])] = row
                if row["id"] in template_rows:  # a document shows a template row's title in its language
                    fixed.setdefault(_squash(self.words.text(template_rows[row["id"]].title)), row)
        editable = [s.id for s in self.template.sections if s.rows_editable]
        placed: list[str] = []  # row ids in the order the document has them
        added: list[tuple[int, str]] = []  # (line of the summary, id) of each row added
        for raw in raw_rows:
            title_lines = [self.lines.line(p) for p in raw.cells[0]]
            title_lines = [line for line in title_lines if line.strip()]
            title = "\n".join(title_lines)
            target = fixed.get(_squash(_strip_marks(title)))
            if target is not None:
                self._fill(target, raw)
                placed.append(target["id"])
                self.summary.append(f"{target['id']} ← {title.splitlines()[0][:60]!r}")  # (no words to translate)
                continue
            section_id = raw.section if raw.section in editable else (editable[0] if editable else None)
            if section_id is None:
                note = _("could not place {title}: the template has no section for added rows")
                self.summary.append(note.format(title=repr(title[:60])))
                continue
            spec = self.template.section(section_id)
            kind = self.template.row_kinds[spec.new_row_kind or ""]  # type: ignore[union-attr]
            title, tag = _split_tag(title, kind)
            row = rp.add_row(self.template, report, section_id, title, tag)
            self._fill(row, raw)
            placed.append(row["id"])
            where = (
                ""
                if section_id == raw.section
                else " " + _("(its section {section} has fixed rows)").format(section=raw.section)
            )
            added.append((len(self.summary), row["id"]))  # named by its place, once every row has one
            self.summary.append(f" ← {title.splitlines()[0][:60]!r}{where}")
        missing = [row["id"] for row in fixed.values() if row["id"] not in placed]
        if missing:
            self.summary.append(_("not in the file, left empty: {rows}").format(rows=", ".join(missing)))
        position = {row_id: index for index, row_id in enumerate(placed)}
        for section in report["sections"]:  # document order; rows the file lacks keep their place after
            section["rows"].sort(key=lambda r: position.get(r["id"], len(placed)))
        for line, row_id in added:
            self.summary[line] = rp.position(report, row_id) + self.summary[line]

    def _fill(self, row: rp.Row, raw: _RawRow) -> None:
        kind = self.template.row_kinds[row["kind"]]
        for paragraph in raw.cells[0]:
            self.anchors[paragraph.element] = (row["id"], "")
        column2 = raw.cells[1]
        if len(column2) == 1 and _no_update(column2[0].text):
            row["no_update"] = True
            return
        if kind.has_items:
            self._fill_items(row, column2)
        else:
            self._fill_column(row, kind, column2, 2)
        for column in range(3, len(raw.cells) + 1):
            self._fill_column(row, kind, raw.cells[column - 1], column)

    def _fill_column(self, row: rp.Row, kind: RowKind, paragraphs: list[Paragraph], column: int) -> None:
        specs = [f for f in kind.fields if f.column == column]
        if not specs:
            return
        labelled = {f"{self.words.label(f.label).rstrip(':')}:": f for f in specs if f.label_in_document}
        plain = [f for f in specs if not f.label_in_document]
        current = plain[0] if plain else specs[-1]
        texts: dict[str, list[str]] = {f.id: [] for f in specs}
        for paragraph in paragraphs:
            text = paragraph.text.strip()
            label = next((lab for lab in labelled if text.startswith(lab)), None)
            skip = 0
            if label:
                current = labelled[label]
                skip = len(paragraph.text) - len(paragraph.text.lstrip()) + len(label)
            line = self.lines.line(paragraph, skip)
            self.anchors[paragraph.element] = (row["id"], current.id)
            if line.strip():
                texts[current.id].append(line)
        for field_id, lines in texts.items():
            if lines:
                row["fields"][field_id] = "\n".join(lines)

    def _fill_items(self, row: rp.Row, paragraphs: list[Paragraph]) -> None:
        items: list[dict[str, Any]] = []
        for paragraph in paragraphs:
            text = clean_line(paragraph.text)
            if not text:
                continue
            if _all_bold(paragraph) and len(text) <= 80:
                items.append({"name": text, "lines": [], "paragraphs": [paragraph]})
                continue
            if not items:
                items.append({"name": "Development partners", "lines": [], "paragraphs": []})  # (stored: English)
            items[-1]["lines"].append(self.lines.line(paragraph))
            items[-1]["paragraphs"].append(paragraph)
        if not items:
            return
        row["items"] = [{"id": "", "name": found["name"], "text": "\n".join(found["lines"])} for found in items]
        for found, item in zip(items, row["items"], strict=True):
            for paragraph in found["paragraphs"]:
                self.anchors[paragraph.element] = (row["id"], item)  # the item's id is given later

    # comments -------------------------------------------------------------------------------

    def read_comments(self, report: rp.Report) -> int:
        try:
            comments = list(self.document.part.comments)
        except Exception:  # a file without a comments part
            return 0
        if not comments:
            return 0
        ranges = _comment_ranges(self.body)
        added = 0
        for comment in comments:
            start, passage = ranges.get(str(comment.comment_id), (None, ""))
            part_id, field_id = self.anchors.get(start, ("", "")) if start is not None else ("", "")
            if not part_id:
                author = comment_author(comment) or _("unknown")
                self.summary.append(_("comment by {author} could not be placed (no anchor)").format(author=author))
                continue
            person: Person = {
                "name": clean_line(comment_author(comment)) or "Word reviewer",
                "organisation": "",
                "role": "reviewer",
            }
            text = clean_text(wordxml.comment_text(comment._comment_elm)).strip() or "(empty comment)"
            quote = clean_text(passage).strip()
            try:
                field_text = rp.get_field(self.template, report, part_id, field_id) if field_id else ""
            except rp.ReportError:
                field_id, field_text = "", ""
            if quote not in field_text or not field_id:
                quote = ""
            thread = review.add_comment(self.template, report, part_id, text, person, field_id, quote)
            stamp = wordxml.comment_date(comment._comment_elm)
            if stamp is not None:
                if stamp.tzinfo is None:
                    stamp = stamp.replace(tzinfo=UTC)
                thread["at"] = stamp.isoformat(timespec="seconds")
            added += 1
        self.summary.append(_("{count} Word comment(s) became comment threads").format(count=added))
        return added


def comment_author(comment: Any) -> str:
    """The comment's author, "" when the file leaves it out (python-docx refuses to read it then)."""
    return comment._comment_elm.get(f"{W}author") or ""


def _columns(cells: list[Cell], count: int) -> list[list[Paragraph]]:
    """The paragraphs of a row's first `count` cells (none for a cell it lacks)."""
    return [list(c.paragraphs) for c in cells[:count]] + [[] for _unused in range(count - min(len(cells), count))]


def _original(text: str, squashed: str | None) -> str:
    """The part of `text` that reads as `squashed` (text squashed, see squash), as written."""
    if not squashed:
        return ""
    found = re.search(r"\s+".join(re.escape(word) for word in squashed.split()), text, flags=re.IGNORECASE)
    return found[0] if found else squashed


def _strip_marks(text: str) -> str:
    return text.replace("*", "")


def _split_tag(title: str, kind: RowKind) -> tuple[str, str]:
    """'Enhanced border security (*SWG/RTIM recommendation*)' -> title and tag."""
    lines = title.split("\n")
    last = lines[-1]
    for tag in kind.tags:
        match = re.search(rf"\s*\(\s*\**{re.escape(tag)}\**\s*\)\s*$", last, flags=re.IGNORECASE)
        if match:
            lines[-1] = last[: match.start()]
            return "\n".join(lines).strip(), tag
    return title.strip(), ""


def _parse_contact(text: str) -> Contact | None:
    text = clean_line(text).strip(" -•;,")
    if not text:
        return None
    match = _CONTACT.match(text)
    if not match or not (match.group("name") or match.group("email")):
        return {"id": new_id(), "organisation": "", "name": text, "email": ""}
    return {
        "id": new_id(),
        "organisation": clean_line(match.group("org") or ""),
        "name": clean_line(match.group("name") or ""),
        "email": clean_line(match.group("email") or ""),
    }


def _comment_ranges(body: Any) -> dict[str, tuple[Any, str]]:
    """comment id -> (the paragraph element where it starts, the text it spans). The body's
    texts are taken once, in order: a range is where it starts and ends among them (ranges
    may overlap and nest, each costs only its own text)."""
    texts: list[str] = []
    open_ranges: dict[str, int] = {}  # comment id -> the number of texts before it
    starts: dict[str, Any] = {}
    found: dict[str, tuple[Any, str]] = {}
    start_tag, end_tag, text_tag = f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t"
    for element in body.iter(start_tag, end_tag, text_tag):
        if element.tag == start_tag:
            comment_id = element.get(f"{W}id")
            open_ranges[comment_id] = len(texts)
            paragraph = element.getparent()
            while paragraph is not None and paragraph.tag != f"{W}p":
                paragraph = paragraph.getparent()
            if paragraph is None:  # a range starting between paragraphs: take the next one
                paragraph = element.getnext()
            starts[comment_id] = paragraph
        elif element.tag == end_tag:
            comment_id = element.get(f"{W}id")
            first = open_ranges.pop(comment_id, len(texts))
            found[comment_id] = (starts.get(comment_id), "".join(texts[first:]))
        elif element.text:
            texts.append(element.text)
    for comment_id, first in open_ranges.items():
        found[comment_id] = (starts.get(comment_id), "".join(texts[first:]))
    return found


def import_docx(
    path: Path, swg: str | None = None, period: str | None = None, template_id: str | None = None
) -> ImportResult:
    """Read the file into a new report (not yet stored) and say what went where; its template
    is `template_id` when given, else the one the file records or its words match."""
    try:
        return _import(path, swg, period, template_id)
    finally:  # python-docx's parts refer to each other: the file's trees are freed before the report is stored
        gc.collect()


def _import(path: Path, swg: str | None, period: str | None, template_id: str | None) -> ImportResult:
    opened = _open(path)
    document = view(opened, partial(tracked.accepted, in_place=True))  # tracked changes taken
    try:
        template, notes = find_template(opened, document.element, path.name, template_id)
    except TemplateNotFound as error:
        raise DocxImportError(str(error)) from None
    reader = _Reader(document, template)
    reader.summary += notes
    report = rp.new_report(template, swg or "imported", period or "2000")  # a given period is checked here
    for section in report["sections"]:
        for row in section["rows"]:
            if rp.row_kind(template, row).has_items:
                row["items"] = []  # the file's partners replace the template's defaults
    table = reader.find_table()  # first: a file without the table is refused without reading the rest
    found_period = reader.read_header(report)
    rows = reader.raw_rows(wordxml.rows(table))
    reader.place_rows(report, rows)
    for section_id in reader.no_update_sections:
        rp.set_section_no_update(report, section_id, True)
    for row in rp.rows(report):
        for item in row["items"]:
            if not item["id"]:
                item["id"] = new_id()
    for element, (part_id, anchor) in list(reader.anchors.items()):
        if isinstance(anchor, dict):  # a partner's narrative: anchor on its item id
            reader.anchors[element] = (part_id, anchor["id"])
    swg_name = clean_line(swg or "") or report["header"]["fields"].get("swg_name", "")
    name_field = template.header_field("swg_name")
    if (not swg_name or swg_name == "imported") and name_field is None:
        message = _("{file}: its template has no field for the SWG's name; give it with --swg")
        raise DocxImportError(message.format(file=path.name))
    if not swg_name or swg_name == "imported":
        message = _("{file}: no {label} found; give it with --swg")
        raise DocxImportError(message.format(file=path.name, label=repr(reader.words.label(name_field.label))))  # type: ignore[union-attr]
    if name_field is not None:
        report["header"]["fields"]["swg_name"] = swg_name
    rp.set_swg(report, swg_key(swg_name))  # the SWG the name stands for, whatever the file's wording
    report["period"] = report["period"] if period else _as_period(found_period)
    if not report["period"]:
        raise DocxImportError(_("{file}: no reporting period found; give it with --period").format(file=path.name))
    reader.read_comments(report)
    return ImportResult(report, reader.summary)


def _as_period(found: str) -> str:
    """The period named in the file, in the usual form when it has one (else as written)."""
    try:
        return rp.check_period(found)
    except rp.ReportError:
        return found

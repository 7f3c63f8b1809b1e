"""Export marks: what a Word export was made from, kept in the file where no reader sees it.

Every export carries the report's id, an export id and, for each text, the revision it showed
(its base), and the order of the rows and partners, so that a reviewed copy coming back can be
matched to the report and to the texts it started from. They are custom document properties
(docProps/custom.xml: File > Properties > Custom in Word), all named "swgtui.…": the report,
the export, then the rest as compact JSON cut into "swgtui.marks.001", "swgtui.marks.002", …
of at most 250 characters each (Word keeps at most 255 in a text property). python-docx has no
API for custom properties: the part is added to the package here.

Every Word export also records its template, marks or not: "swgtui.template" (its id) and
"swgtui.template.sha256" (a fingerprint of its data), so that an import knows which template
the file was written from and whether this computer's template of that id is the same.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document as DocumentObject
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree  # type: ignore[import-untyped]  # (python-docx's own XML library)

from swgtui.i18n import _
from swgtui.model.report import ReportError
from swgtui.model.template import TemplateError, template_data

REPORT = "swgtui.report"
EXPORT = "swgtui.export"
CHUNK = "swgtui.marks."
TEMPLATE = "swgtui.template"
TEMPLATE_FINGERPRINT = "swgtui.template.sha256"
CHUNK_SIZE = 250
VERSION = 1
PART_NAME = "/docProps/custom.xml"
NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id of user-defined properties


@dataclass
class ExportMarks:
    report_id: str
    export_id: str  # a new ULID per export
    exported_at: str  # ISO, UTC
    template: str
    bases: dict[tuple[str, str], str] = field(default_factory=dict)  # (part id, text key) -> head revision id
    rows: dict[str, list[str]] = field(default_factory=dict)  # section id -> its row ids, in the file's order
    items: dict[str, list[str]] = field(default_factory=dict)  # row id -> its partner ids, in the file's order
    changes_since: str = ""  # set by `export --changes-since` (the file holds swgtui's own tracked changes)
    language: str = "en"  # the document's language (en, lo, both): the words the file shows, to read it back


# --- writing ---------------------------------------------------------------------------------------


def write_marks(document: DocumentObject, marks: ExportMarks) -> None:
    """Put `marks` in the document's custom properties, replacing any earlier swgtui marks and
    keeping every other custom property."""
    rest = json.dumps(_rest(marks), separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    chunks = [rest[start : start + CHUNK_SIZE] for start in range(0, len(rest), CHUNK_SIZE)]
    ours = [(REPORT, marks.report_id), (EXPORT, marks.export_id)]
    ours += [(f"{CHUNK}{number:03d}", chunk) for number, chunk in enumerate(chunks, 1)]
    _write_properties(document, ours, _is_mark)


def write_template_record(document: DocumentObject, template_id: str, fingerprint: str) -> None:
    """Record the template the document was written from: its id and `fingerprint`."""
    ours = [(TEMPLATE, template_id), (TEMPLATE_FINGERPRINT, fingerprint)]
    _write_properties(document, ours, lambda name: name in (TEMPLATE, TEMPLATE_FINGERPRINT))


def template_fingerprint(template_id: str) -> str:
    """The SHA-256 of the data of the template with this id (as JSON, keys sorted: the same data
    written otherwise gives the same fingerprint); "" when it cannot be read."""
    try:
        data = template_data(template_id)
    except TemplateError:
        return ""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_mark(name: str) -> bool:
    return name in (REPORT, EXPORT) or name.startswith(CHUNK)


def _write_properties(document: DocumentObject, ours: list[tuple[str, str]], replaced: Any) -> None:
    """Put the properties `ours` (name, text) in the document's custom properties, in place of
    those whose name is `replaced` (a test of the name), keeping every other one."""
    part = _custom_part(document)
    root = _root(part.blob) if part is not None else None
    if root is None or root.tag != f"{{{NS}}}Properties":
        root = etree.Element(f"{{{NS}}}Properties", nsmap={None: NS, "vt": VT})
    for element in root.findall(f"{{{NS}}}property"):
        if replaced(element.get("name", "")):
            root.remove(element)
    for name, value in ours:
        element = etree.SubElement(root, f"{{{NS}}}property", fmtid=FMTID, name=name)
        etree.SubElement(element, f"{{{VT}}}lpwstr").text = value
    for pid, element in enumerate(root.iterfind(f"{{{NS}}}property"), 2):  # property ids start at 2
        element.set("pid", str(pid))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    if part is not None:  # replaced: the old part is dropped with its relationship
        for rId, rel in list(package.rels.items()):
            if rel.reltype == RT.CUSTOM_PROPERTIES:
                del package.rels[rId]
    package.relate_to(Part(PackURI(PART_NAME), CT.OFC_CUSTOM_PROPERTIES, blob, package), RT.CUSTOM_PROPERTIES)


def _rest(marks: ExportMarks) -> dict[str, Any]:
    return {
        "version": VERSION,
        "exported_at": marks.exported_at,
        "template": marks.template,
        "bases": [[part, key, revision] for (part, key), revision in marks.bases.items()],
        "rows": marks.rows,
        "items": marks.items,
        "changes_since": marks.changes_since,
    } | ({"language": marks.language} if marks.language != "en" else {})


# --- reading ---------------------------------------------------------------------------------------


def read_marks(document: DocumentObject, name: str = "the file") -> ExportMarks | None:
    """The document's swgtui marks; None when it has none; ReportError (one line, naming the
    file as `name`) when they are there but cannot be read."""
    part = _custom_part(document)
    if part is None:
        return None
    damaged = _("{name}: its swgtui marks are damaged").format(name=name)
    try:
        values = dict(_properties(part.blob))
    except etree.XMLSyntaxError:
        if REPORT.encode() not in part.blob and CHUNK.encode() not in part.blob:
            return None  # someone else's damaged properties: this file simply has no marks
        raise ReportError(damaged + " " + _("(its custom properties are not readable XML)")) from None
    if not any(_is_mark(key) for key in values):
        return None
    chunks = sorted((key for key in values if key.startswith(CHUNK)), key=_chunk_number)
    expected = [f"{CHUNK}{number:03d}" for number in range(1, len(chunks) + 1)]
    if not chunks or chunks != expected or REPORT not in values or EXPORT not in values:
        raise ReportError(damaged + " " + _("(some of them are missing)"))
    try:
        return _marks(values[REPORT], values[EXPORT], json.loads("".join(values[key] for key in chunks)))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        raise ReportError(damaged + " " + _("(they do not read as swgtui wrote them)")) from None


def read_template_record(document: DocumentObject) -> tuple[str, str] | None:
    """The id and fingerprint of the template the document records; None when it records none
    (or its properties cannot be read: the import then finds the template by its words)."""
    part = _custom_part(document)
    if part is None:
        return None
    try:
        values = dict(_properties(part.blob))
    except etree.XMLSyntaxError:
        return None
    template_id = values.get(TEMPLATE, "").strip()
    return (template_id, values.get(TEMPLATE_FINGERPRINT, "").strip()) if template_id else None


def _chunk_number(name: str) -> int:
    number = name.removeprefix(CHUNK)
    return int(number) if number.isascii() and number.isdigit() else 0


def _marks(report_id: str, export_id: str, rest: Any) -> ExportMarks:
    """The marks from the JSON part; TypeError, ValueError or KeyError when it is not as written."""
    if not report_id or not export_id or rest["version"] != VERSION:
        raise ValueError("no report, no export, or another version")
    bases = {}
    for part, key, revision in rest["bases"]:
        bases[_text(part), _text(key)] = _text(revision)
    return ExportMarks(
        report_id=report_id,
        export_id=export_id,
        exported_at=_text(rest["exported_at"]),
        template=_text(rest["template"]),
        bases=bases,
        rows=_lists(rest["rows"]),
        items=_lists(rest["items"]),
        changes_since=_text(rest.get("changes_since", "")),
        language=_text(rest.get("language", "en")),
    )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not a text: {value!r}")
    return value


def _lists(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise TypeError("not a mapping")
    return {_text(key): [_text(item) for item in ids] for key, ids in value.items()}


def _custom_part(document: DocumentObject) -> Part | None:
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            return rel.target_part
    return None


def _root(blob: bytes) -> Any:
    """The custom properties' XML, None when it is not readable."""
    try:
        return etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError:
        return None


def _properties(blob: bytes) -> list[tuple[str, str]]:
    """(name, text) of each custom property whose value is text (XMLSyntaxError when unreadable)."""
    root = etree.fromstring(blob, _PARSER)
    found = []
    for element in root.iterfind(f"{{{NS}}}property"):
        value = element.find(f"{{{VT}}}lpwstr")
        if value is None:
            value = element.find(f"{{{VT}}}bstr")
        found.append((element.get("name", ""), "" if value is None else value.text or ""))
    return found

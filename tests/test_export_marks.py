"""Export marks: what a Word export was made from, in its custom document properties, invisible
to the reader, kept by LibreOffice, and refused in one line when damaged."""

import io
import shutil
import subprocess
import zipfile

import pytest
from docx import Document

from swgtui.exports.docx_properties import CHUNK_SIZE, ExportMarks, read_marks, write_marks
from swgtui.exports.docx_writer import build_document
from swgtui.model import report as rp
from swgtui.model.template import load_template

T = load_template("annex2")


def marks_of(report: dict) -> ExportMarks:
    """Marks as an export makes them, with ids long enough to need many chunks."""
    bases = {}
    for part in rp.part_ids(report):
        for key in ("title", "progress", "challenges", "notes"):
            bases[part, key] = f"01JREVISION{part}{key}".ljust(26, "X")
    return ExportMarks(
        report_id=report["id"],
        export_id="01JEXPORT0000000000000000A",
        exported_at="2026-11-27T20:00:00+00:00",
        template=report["template"],
        bases=bases,
        rows={section["id"]: [row["id"] for row in section["rows"]] for section in report["sections"]},
        items={row["id"]: [item["id"] for item in row["items"]] for row in rp.rows(report) if row["items"]},
    )


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def reopened(data: bytes):
    return Document(io.BytesIO(data))


def document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def test_marks_written_reopened_and_read_back(sample):
    marks = marks_of(sample)
    data = saved(build_document(sample, T, marks=marks))
    assert read_marks(reopened(data)) == marks
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        custom = archive.read("docProps/custom.xml").decode("utf-8")
        assert "custom-properties" in archive.read("_rels/.rels").decode("utf-8")
        assert "application/vnd.openxmlformats-officedocument.custom-properties+xml" in archive.read(
            "[Content_Types].xml"
        ).decode("utf-8")
    values = dict(properties(custom))
    assert values["swgtui.report"] == sample["id"]
    assert values["swgtui.export"] == marks.export_id
    chunks = [name for name in values if name.startswith("swgtui.marks.")]
    assert len(chunks) > 3  # the bases of a whole report do not fit in one property
    assert all(len(values[name]) <= CHUNK_SIZE for name in chunks)


def properties(custom_xml: str) -> list[tuple[str, str]]:
    from lxml import etree

    root = etree.fromstring(custom_xml.encode("utf-8"))
    return [(p.get("name"), "".join(p.itertext())) for p in root]


def test_a_file_without_marks_reads_none(sample):
    assert read_marks(reopened(saved(build_document(sample, T)))) is None
    assert read_marks(Document()) is None


def test_marks_are_invisible_the_document_text_is_the_same(sample):
    without = saved(build_document(sample, T))
    with_marks = saved(build_document(sample, T, marks=marks_of(sample)))
    assert document_xml(with_marks) == document_xml(without)
    assert [p.text for p in reopened(with_marks).paragraphs] == [p.text for p in reopened(without).paragraphs]
    assert "swgtui" not in document_xml(with_marks).decode("utf-8")


def test_writing_again_replaces_the_marks_and_keeps_other_properties(sample):
    document = build_document(sample, T, marks=marks_of(sample))
    custom = next(r.target_part for r in document.part.package.rels.values() if r.reltype.endswith("custom-properties"))
    foreign = custom.blob.replace(
        b"</Properties>",
        b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="99" name="Department">'
        b"<vt:lpwstr>MPI</vt:lpwstr></property></Properties>",
    )
    custom._blob = foreign
    second = ExportMarks(sample["id"], "01JEXPORT0000000000000000B", "2026-11-28T08:00:00+00:00", "annex2")
    write_marks(document, second)
    data = saved(document)
    assert read_marks(reopened(data)) == second
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        values = properties(archive.read("docProps/custom.xml").decode("utf-8"))
    assert ("Department", "MPI") in values
    assert [name for name, _ in values if name.startswith("swgtui.marks.")] == ["swgtui.marks.001"]


def damaged(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            archive.writestr(item, change(content) if item.filename == "docProps/custom.xml" else content)
    return out.getvalue()


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda xml: xml.replace(b'name="swgtui.marks.002"', b'name="swgtui.marks.009"'), "missing"),
        (lambda xml: xml.replace(b'"version":1', b'"version":"one"', 1), "do not read as swgtui wrote them"),
        (lambda xml: xml.replace(b'"bases":[[', b'"bases":[[7,', 1), "do not read as swgtui wrote them"),
        (lambda xml: xml.replace(b"swgtui.marks.001", b"swgtui.marks.001", 1)[:-40], "not readable XML"),
        (lambda xml: xml.replace(b'name="swgtui.report"', b'name="swgtui.reportX"'), "missing"),
    ],
)
def test_damaged_marks_give_one_line(sample, change, reason):
    data = damaged(saved(build_document(sample, T, marks=marks_of(sample))), change)
    with pytest.raises(rp.ReportError) as raised:
        read_marks(reopened(data), "reviewed.docx")
    message = str(raised.value)
    assert message.startswith("reviewed.docx: its swgtui marks are damaged")
    assert reason in message and "\n" not in message


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_keeps_the_marks(sample, tmp_path):
    marks = marks_of(sample)
    source = tmp_path / "in" / "report.docx"
    source.parent.mkdir()
    source.write_bytes(saved(build_document(sample, T, marks=marks)))
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = (out / "report.docx").read_bytes()
    assert converted != source.read_bytes()
    assert read_marks(reopened(converted)) == marks

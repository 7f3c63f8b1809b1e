"""Export marks: what a Word export was made from, in its custom document properties, invisible
to the reader, kept by LibreOffice, and refused in one line when damaged."""

import io
import shutil
import subprocess
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document

from swgtui.cli import main
from swgtui.exports.docx_properties import CHUNK_SIZE, ExportMarks, read_marks, write_marks
from swgtui.exports.docx_writer import build_document
from swgtui.exports.files import export_report
from swgtui.model import report as rp
from swgtui.model.merge_keys import text_values
from swgtui.model.template import load_template
from swgtui.store import ReportStore
from swgtui.workspace import Workspace

T = load_template("annex2")
LORD = {"name": "Mr Lord", "organisation": "Embassy of the United Kingdom", "role": "co-chair"}


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


# --- every export carries the marks, computed from the store ---------------------------------------


def file_marks(path) -> ExportMarks:
    marks = read_marks(Document(str(path)))
    assert marks is not None
    return marks


def check_bases(report: dict, history: list[dict], marks: ExportMarks) -> None:
    """Every base is a revision of its key in the history holding the text the file shows."""
    by_id = {revision["id"]: revision for revision in history}
    texts = text_values(report)
    assert marks.bases
    for (part, key), revision_id in marks.bases.items():
        revision = by_id[revision_id]
        assert (revision["part"], revision["field"]) == (part, key)
        assert revision["text"] == texts[part, key]


def test_workspace_export_marks_every_text_with_the_revision_it_shows(store, sample, tmp_path):
    report_id = store.add(sample)
    report = store.get(report_id)
    report["header"]["fields"]["swg_name"] = "Illicit Drug SWG, as saved without a revision"
    store.save(report, revisions=[])  # a value the history does not hold (as an old store has)
    session = Workspace(store).open(report_id, LORD)
    session.set_field("a2", "progress", "Seizures rose in 2021.")
    session.save()
    exported = Workspace(store).export(report_id, out=tmp_path / "r.docx", by=LORD)
    marks = file_marks(exported.path)
    report, history = store.get(report_id), store.full_history(report_id)
    assert marks.report_id == report_id and marks.template == "annex2"
    assert len(marks.export_id) == 26 and marks.exported_at.endswith("+00:00")
    check_bases(report, history, marks)
    written = {key for key, text in text_values(report).items() if text}
    assert written <= set(marks.bases)  # the history was completed: every text has its base
    assert marks.rows == {s["id"]: [r["id"] for r in s["rows"]] for s in report["sections"]}
    partners = next(row for row in rp.rows(report) if row["items"])
    assert marks.items[partners["id"]] == [item["id"] for item in partners["items"]]
    again = file_marks(Workspace(store).export(report_id, out=tmp_path / "r2.docx").path)
    assert again.export_id != marks.export_id and again.bases == marks.bases


def test_a_field_in_conflict_is_marked_with_the_head_it_shows(store_path, tmp_path):
    from tests.test_conflicts import add_report_in_conflict

    ids = add_report_in_conflict(store_path, tmp_path)
    with ReportStore(store_path, holder="tests") as store:
        marks = file_marks(Workspace(store).export(ids["report"], out=tmp_path / "c.docx").path)
        check_bases(store.get(ids["report"]), store.full_history(ids["report"]), marks)
    assert marks.bases["a2", "progress"] == ids["shown"]["id"]


def test_a_read_only_store_saves_nothing_and_marks_the_texts_with_a_head(store, sample, tmp_path, store_path):
    report_id = store.add(sample)
    report = store.get(report_id)
    report["header"]["fields"]["swg_name"] = "Saved without a revision"
    store.save(report, revisions=[])
    store.close()
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    with ReportStore(store_path, writable=False) as reader:
        marks = file_marks(Workspace(reader).export(report_id, out=tmp_path / "ro.docx").path)
        check_bases(reader.get(report_id), reader.full_history(report_id), marks)
    assert ("header", "swg_name") not in marks.bases and ("a2", "progress") in marks.bases
    after = {path: path.read_bytes() for path in before}
    assert after == before  # the store, its history, its list of reports: untouched


def test_markdown_and_exports_without_a_store_carry_no_marks(sample, tmp_path):
    assert read_marks(Document(str(export_report(sample, "docx", tmp_path / "plain.docx").path))) is None


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_export_carries_the_marks_even_while_the_app_has_the_store(store_path, sample, tmp_path):
    with ReportStore(store_path, holder="tests") as store:
        report_id = store.add(sample)
    result = run_cli("export", report_id, "--out", str(tmp_path / "cli.docx"))
    assert result.exit_code == 0, result.output
    with ReportStore(store_path, writable=False) as reader:
        check_bases(reader.get(report_id), reader.full_history(report_id), file_marks(tmp_path / "cli.docx"))
    with ReportStore(store_path, holder="swgtui app"):  # the app holds the lock: the export reads
        result = run_cli("export", report_id, "--out", str(tmp_path / "locked.docx"))
        assert result.exit_code == 0, result.output
    with ReportStore(store_path, writable=False) as reader:
        check_bases(reader.get(report_id), reader.full_history(report_id), file_marks(tmp_path / "locked.docx"))


async def test_ctrl_e_in_the_list_and_the_editor_writes_the_marks(store_path, tmp_path):
    from tests.test_app import field_area, go_to, running_app

    name = "Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021-DRAFT.docx"
    async with running_app(store_path) as (app, pilot, store, report_id):
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        listed = file_marks(tmp_path / "exports" / name)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = await go_to(pilot, "a5")
        field_area(screen, 3).focus()
        await pilot.press(*"Typed in the app", "ctrl+e")  # exported before the typing is saved by the timer
        await app.workers.wait_for_complete()
        await pilot.pause()
        edited = file_marks(tmp_path / "exports" / name)
        report, history = store.get(report_id), store.full_history(report_id)
    assert listed.report_id == edited.report_id == report_id and listed.export_id != edited.export_id
    check_bases(report, history, edited)
    assert rp.get_field(T, report, "a5", "challenges") == "Typed in the app"
    assert edited.bases["a5", "challenges"] != listed.bases.get(("a5", "challenges"))

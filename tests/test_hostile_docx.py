"""Hostile Word files given to `receive` and `import`: refused in one line (nothing stored) or
read with what cannot be read taken as unknown; never a traceback, a hang or gigabytes of memory."""

from __future__ import annotations

import os
import re
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from benchmarks.docx_bomb import import_in_child
from swgtui.cli import main
from swgtui.imports.docx_reader import DocxImportError, import_docx
from swgtui.model import review, suggestions
from swgtui.model.report import ReportError
from swgtui.workspace import Workspace
from tests.test_receive_docx import NOY, SAMPLE, export, refused, store_files, workspace  # noqa: F401
from tests.wordlike import Reviewed, W

FAR = "9999-12-31T23:59:59-05:00"  # no UTC time: past the year 9999
EARLY = "0001-01-01T00:00:00+05:00"  # no UTC time: before the year 1


def rewrite(path: Path, changes: dict[str, Callable[[bytes], bytes]], out: Path | None = None) -> Path:
    """A copy of the .docx (or the file itself) with some parts changed (added when absent)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, change in changes.items():
        parts[name] = change(parts.get(name, b""))
    target = out or path
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in parts.items():
            archive.writestr(name, payload)
    return target


def with_span(span: str) -> Callable[[bytes], bytes]:
    """The document with the first cell of the table's second row spanning `span` columns."""

    def change(xml: bytes) -> bytes:
        cells = [m.start() for m in re.finditer(rb"<w:tc>", xml)]
        at = cells[3] + len(b"<w:tc>")  # the second row's first cell (a row has three)
        return xml[:at] + f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'.encode() + xml[at:]

    return change


@pytest.mark.parametrize("span", ["4", "2147483647"])
def test_a_cell_spanning_more_columns_than_its_table_is_refused(workspace, tmp_path, store_path, span):  # noqa: F811
    path = export(workspace, tmp_path)
    assert b"<w:tc>" in zipfile.ZipFile(path).read("word/document.xml")
    rewrite(path, {"word/document.xml": with_span(span)})
    message = f"report.docx is damaged and cannot be read (a table cell spans {span} columns; its table has 3)"
    refused(workspace, store_path, path, message)
    with pytest.raises(DocxImportError) as error:
        import_docx(path)
    assert str(error.value) == message


def test_a_main_document_not_named_xml_is_measured_before_it_is_read(workspace, tmp_path):  # noqa: F811
    """The main part named word/main.dat (so named in _rels/.rels and [Content_Types].xml), 4 MB
    of empty paragraphs: counted like any XML part (its content type says XML)."""
    path = export(workspace, tmp_path, "bomb.docx")
    paragraphs = b"<w:p/>" * (4 * 1024 * 1024 // 6)
    body = b'<w:document xmlns:w="' + W[1:-1].encode() + b'"><w:body>' + paragraphs + b"</w:body></w:document>"
    with zipfile.ZipFile(path) as archive:
        rels = archive.read("word/_rels/document.xml.rels")
    rewrite(
        path,
        {
            "word/main.dat": lambda _: body,
            "word/_rels/main.dat.rels": lambda _: rels,
            "_rels/.rels": lambda xml: xml.replace(b"word/document.xml", b"word/main.dat"),
            "[Content_Types].xml": lambda xml: xml.replace(b'"/word/document.xml"', b'"/word/main.dat"'),
        },
    )
    message, seconds, peak_mb = import_in_child(path)
    assert message.startswith("bomb.docx is too big to import: reading it would need more than 300 MB of memory")
    assert message.endswith("(word/main.dat holds millions of elements)")
    assert peak_mb < 300


def dated_review(path: Path, date: str) -> None:
    """A tracked edit, a comment without an author and the core properties, all dated `date`."""
    reviewed = Reviewed(path)
    reviewed.replace("often lax", "lax", author="Anna", date=date)
    reviewed.comment("network of 20 Border Liaison Offices", "Which provinces?", author="Anna", date=date)
    del reviewed.comments[-1].attrib[f"{W}author"]
    reviewed.saved_by("Anna", date)
    reviewed.save()


@pytest.mark.parametrize("date", [FAR, EARLY])
def test_dates_without_a_utc_time_are_unknown_and_a_comment_without_author_is_a_word_reviewers(
    workspace,  # noqa: F811
    tmp_path,
    date,
):
    path = export(workspace, tmp_path)
    dated_review(path, date)
    workspace.receive(path, by=NOY)
    report = workspace.get(SAMPLE)
    found = {(s["part"], s["field"]): s for s in suggestions.suggestions(report)}
    lax = found["a2", "notes"]
    assert (lax["by"]["name"], lax["after"].count("are lax, making")) == ("Anna", 1)
    assert lax["at"] and not lax["at"].startswith(("9999", "0001"))  # unknown: the time of the receive
    thread = next(t for t in review.threads(report) if t["text"] == "Which provinces?")
    assert thread["by"]["name"] == "Word reviewer"
    assert thread["at"] and not thread["at"].startswith(("9999", "0001"))


def test_damaged_marks_are_said_in_one_line(workspace, tmp_path, store_path):  # noqa: F811
    path = export(workspace, tmp_path)
    odd = rewrite(
        path,
        {"docProps/custom.xml": lambda xml: xml.replace(b"swgtui.marks.001", "swgtui.marks.²".encode())},
        tmp_path / "odd.docx",
    )
    refused(workspace, store_path, odd, "odd.docx: its swgtui marks are damaged (some of them are missing)")

    def deep(xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        for element in root:
            if element.get("name", "").startswith("swgtui.marks.") and element.get("name") != "swgtui.marks.001":
                root.remove(element)
            elif element.get("name") == "swgtui.marks.001":
                element[0].text = "[" * 100_000
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    deep_file = rewrite(path, {"docProps/custom.xml": deep}, tmp_path / "deep.docx")
    assert b"[" * 100_000 in zipfile.ZipFile(deep_file).read("docProps/custom.xml")
    unreadable = "deep.docx: its swgtui marks are damaged (they do not read as swgtui wrote them)"
    refused(workspace, store_path, deep_file, unreadable)


DTD = b'<!DOCTYPE x [<!ENTITY e "entity">]>'


def test_a_dtd_in_the_custom_properties_or_the_comments_extension_is_refused(workspace, tmp_path, store_path):  # noqa: F811
    path = export(workspace, tmp_path)
    reviewed = Reviewed(path)
    reviewed.comment("network of 20 Border Liaison Offices", "Which provinces?")
    reviewed.save()
    for name in ("docProps/custom.xml", "word/commentsExtended.xml"):
        with_dtd = tmp_path / "dtd.docx"
        rewrite(path, {name: lambda xml: re.sub(rb"(<\?xml[^>]*\?>)", rb"\1" + DTD, xml, count=1)}, with_dtd)
        assert DTD in zipfile.ZipFile(with_dtd).read(name)
        message = f"dtd.docx is damaged and cannot be read (/{name} declares XML entities)"
        refused(workspace, store_path, with_dtd, message)


def in_thread(call: Callable[[], object]) -> BaseException | None:
    """What `call` raised, or None; fails if it still runs after 20 seconds (it blocks)."""
    raised: list[BaseException | None] = [None]

    def run() -> None:
        try:
            call()
        except BaseException as error:  # noqa: BLE001
            raised[0] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)
    assert not thread.is_alive(), "blocked"
    return raised[0]


def test_a_pipe_or_a_device_is_refused_before_the_store_is_opened(tmp_path, store_path):
    fifo = tmp_path / "review.docx"
    os.mkfifo(fifo)
    error = in_thread(lambda: Workspace_receive(store_path, fifo))
    assert isinstance(error, ReportError)
    assert str(error) == f"{fifo} is a named pipe, not a file"
    assert not store_path.exists()  # the store was never opened
    error = in_thread(lambda: Workspace_receive(store_path, Path("/dev/zero")))
    assert str(error) == "/dev/zero is a device, not a file"
    result = CliRunner().invoke(main, ["receive", str(fifo)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {fifo} is a named pipe, not a file"
    error = in_thread(lambda: import_docx(fifo))
    assert isinstance(error, DocxImportError)
    assert str(error) == f"{fifo} is a named pipe, not a file"


def Workspace_receive(store_path: Path, path: Path) -> object:  # noqa: N802
    from swgtui.store import ReportStore

    with Workspace(ReportStore(store_path, holder="tests")) as reports:
        return reports.receive(path, by=NOY)


def test_changes_since_a_date_without_a_utc_time_gets_one_line(store_path, sample):
    from swgtui.store import ReportStore

    with ReportStore(store_path, holder="tests") as store:
        store.add(sample)
    for date in (FAR, EARLY):
        result = CliRunner().invoke(main, ["export", SAMPLE, "--changes-since", date])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert result.output.startswith(f"Error: changes since '{date}': give 'approval', an ISO date")
        assert len(result.output.strip().splitlines()) == 1

"""Where exports are written and what they are called: only regular files, nothing destroyed,
no two reports on one name, names that fit every file system."""

import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import unicodedata

from click.testing import CliRunner
from docx import Document

from swgtui.cli import main
from swgtui.exports import files, names
from swgtui.exports.docx_writer import default_file_name
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import load_template
from swgtui.sample import sample_report
from swgtui.store import ReportStore
from tests.test_app import notifications, running_app
from tests.test_review import CHAIR, FOCAL, approve_all

T = load_template("annex2")
SAMPLE_NAME = "Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021"
LAO_SWG = "ກຸ່ມເຮັດວຽກຂະແໜງການສາທາລະນະສຸກ ແລະ ການພັດທະນາຊົນນະບົດ ແລະ ການຫຼຸດຜ່ອນຄວາມທຸກຍາກ ແຂວງຫຼວງພະບາງ"


def run(*args):
    return CliRunner().invoke(main, list(args))


def export(*args):
    """(exit code, stdout, stderr) of `swgtui export ARGS`."""
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.stdout.strip(), result.stderr.strip()


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


# --- 2. only regular files ----------------------------------------------------------------------


def test_out_refuses_folders_pipes_sockets_and_devices_with_one_line(tmp_path):
    report_id = run("sample").output.strip()
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    short = tempfile.mkdtemp(prefix="swg")  # a socket's path must be short
    sock_path = os.path.join(short, "s.docx")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(sock_path)
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    cases = [(folder, "a folder"), (fifo, "a named pipe"), (sock_path, "a socket")]
    try:
        device = tmp_path / "null.docx"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # like /dev/full: a character device
        cases.append((device, "a device"))
    except PermissionError:  # only root makes device nodes
        device = None
    try:
        for target, kind in cases:
            code, out, err = export(report_id, "--out", str(target))
            assert code == 1, target
            assert err == f"Error: cannot write {target}: it is {kind}, not a file"
            assert "\n" not in err and out == ""
        assert stat.S_ISFIFO(os.stat(fifo).st_mode) and stat.S_ISSOCK(os.stat(sock_path).st_mode)
        if device is not None:
            assert stat.S_ISCHR(os.stat(device).st_mode)
    finally:
        sock.close()
        os.unlink(sock_path)
        os.rmdir(short)


def test_a_missing_folder_is_refused_except_the_export_folder(tmp_path):
    report_id = run("sample").output.strip()
    out = tmp_path / "nonexistent" / "dir" / "x.docx"
    code, _, err = export(report_id, "--out", str(out))
    assert code == 1
    assert err == f"Error: cannot write {out}: the folder {out.parent} does not exist"
    assert not (tmp_path / "nonexistent").exists()
    # the export folder itself is created, by name or by default
    code, out, _ = export(report_id, "--out", str(tmp_path / "exports" / "mine.docx"))
    assert code == 0 and out == str(tmp_path / "exports" / "mine.docx")
    assert Document(out).tables


def test_an_empty_or_unprintable_out_is_an_error_line(tmp_path, monkeypatch):
    report_id = run("sample").output.strip()
    monkeypatch.chdir(tmp_path)
    assert export(report_id, "--out", "") == (1, "", "Error: the output path is empty: give the file to write")
    control = "Error: the output path holds control characters (a newline, a tab, an escape)"
    for out in ("x\n.docx", "\x00.docx", "\x1b]0;title\x07.docx"):
        assert export(report_id, "--out", out) == (1, "", control)
    code, _, error = export(report_id, "--out", "a\udcff.docx")
    assert code == 2 and "Invalid value for '--out': is not valid UTF-8 text" in error
    assert listing(tmp_path) == ["store.json", "store.reports"]


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    report_id = run("sample").output.strip()
    real = tmp_path / "shared" / "report.docx"
    real.parent.mkdir()
    real.write_bytes(b"someone's notes")
    link = tmp_path / "link.docx"
    link.symlink_to(real)
    code, out, err = export(report_id, "--out", str(link))
    assert code == 0 and out == str(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert Document(str(real)).tables  # the target holds the export
    assert (tmp_path / "shared" / "report (1).docx").read_bytes() == b"someone's notes"
    assert f"{link} is a link: replaced the file it points to, {real}" in err
    assert "kept the earlier report.docx as report (1).docx (swgtui did not write it)" in err
    dangling = tmp_path / "dangling.docx"
    dangling.symlink_to(tmp_path / "shared" / "new.docx")
    assert export(report_id, "--out", str(dangling))[0] == 0
    assert dangling.is_symlink() and Document(str(tmp_path / "shared" / "new.docx")).tables


def test_out_must_end_in_the_format_s_extension_so_a_store_is_never_replaced(tmp_path, store_path):
    report_id = run("sample").output.strip()
    before = store_path.read_bytes()
    link = tmp_path / "report.docx"
    link.symlink_to(store_path)
    cases = ((store_path, "docx", "a Word export goes to a file ending in .docx"), (link, "docx", "a Word export"))
    cases += (("x.docx", "md", "a Markdown export goes to a file ending in .md or .markdown or .txt"),)
    for out, file_format, wanted in cases:
        code, _, err = export(report_id, "--out", str(out), "--format", file_format)
        assert code == 1
        assert err.startswith(f"Error: cannot write {out}: {wanted}")
    assert store_path.read_bytes() == before and link.is_symlink()
    assert listing(tmp_path) == ["report.docx", "store.json", "store.reports"]
    assert export(report_id, "--out", str(tmp_path / "notes.TXT"), "--format", "md")[0] == 0


def test_windows_device_names_are_refused_there(tmp_path, monkeypatch):
    report_id = run("sample").output.strip()
    monkeypatch.setattr(files, "_on_windows", lambda: True)
    for name in ("CON.docx", "nul.docx", "com1.DOCX", "LPT9.docx"):
        code, _, err = export(report_id, "--out", str(tmp_path / name))
        assert code == 1 and err.endswith(f"{name} names a device on Windows; choose another name"), name
    assert not (tmp_path / "CON.docx").exists()


def test_a_file_open_in_word_on_windows_is_named_as_the_likely_cause(tmp_path, monkeypatch):
    report_id = run("sample").output.strip()
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / f"{SAMPLE_NAME}-DRAFT.docx").write_bytes(b"open in Word")

    def locked(source, destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "_on_windows", lambda: True)
    monkeypatch.setattr(files.os, "rename", locked)
    code, _, err = export(report_id)
    assert code == 1
    assert err.endswith("-DRAFT.docx: Permission denied; is it open in another program?")
    assert (tmp_path / "exports" / f"{SAMPLE_NAME}-DRAFT.docx").read_bytes() == b"open in Word"


def test_a_write_that_fails_puts_the_file_kept_aside_back_in_its_place(tmp_path, monkeypatch):
    report_id = run("sample").output.strip()
    mine = tmp_path / "mine.docx"
    mine.write_bytes(b"the user's own file")

    def full(path, data):
        raise files.StorageError(f"cannot save to {path}: No space left on device")

    monkeypatch.setattr(files, "write_bytes_atomic", full)
    code, _, err = export(report_id, "--out", str(mine))
    assert code == 1 and err.endswith("No space left on device")
    assert mine.read_bytes() == b"the user's own file" and sorted(p.name for p in tmp_path.glob("mine*")) == [
        "mine.docx"
    ]


def test_a_data_folder_that_cannot_be_made_is_one_line(tmp_path, monkeypatch):
    report_id = run("sample").output.strip()
    (tmp_path / "blocked").write_text("a file, not a folder")
    monkeypatch.setenv("SWGTUI_EXPORT_RECORD", str(tmp_path / "blocked" / "exports.json"))
    code, _, err = export(report_id)
    assert code == 1 and err.startswith(f"Error: cannot keep the record of exports in {tmp_path / 'blocked'}: ")


def test_concurrent_exports_to_one_path_all_succeed_and_the_last_wins(tmp_path):
    report = sample_report()
    out = tmp_path / "shared.docx"
    errors = []

    def export_some():
        try:
            for _ in range(3):
                files.export_report(report, "docx", out)
        except Exception as error:  # noqa: BLE001 - every failure is the finding
            errors.append(error)

    threads = [threading.Thread(target=export_some) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert listing(tmp_path) == ["data", "shared.docx"]  # no temp left, nothing kept aside
    assert Document(str(out)).tables


def test_concurrent_export_processes_to_one_path(tmp_path, store_path):
    report_id = run("sample").output.strip()
    out = tmp_path / "out" / "x.docx"
    out.parent.mkdir()
    command = [sys.executable, "-m", "swgtui", "--db", str(store_path), "export", report_id, "--out", str(out)]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    results = [(p.wait(timeout=60), p.stderr.read().decode()) for p in procs]
    assert results == [(0, "")] * 4
    assert listing(out.parent) == ["x.docx"]


# --- 3. nothing destroyed, no two reports on one name -----------------------------------------------


def test_two_reports_of_one_swg_and_period_get_two_files(tmp_path):
    first = run("new", "--swg", "Health Sector Working Group", "--period", "2025/2026").stdout.strip()
    second = run("new", "--swg", "Health Sector Working Group", "--period", "2025/2026").stdout.strip()
    paths = [export(first)[1], export(second)[1]]
    assert paths[0] != paths[1]
    assert listing(tmp_path / "exports") == sorted(
        f"Health-Sector-Working-Group-2025-2026-annex2-{i}-DRAFT.docx" for i in (first, second)
    )


def test_a_file_edited_in_word_is_kept_aside_and_said_so(tmp_path):
    report_id = run("sample").output.strip()
    code, path, err = export(report_id)
    assert code == 0 and err == ""
    assert export(report_id) == (0, path, "")  # swgtui's own unchanged file is simply replaced
    edited = Document(path)
    edited.add_paragraph("Added by hand in Word")
    edited.save(path)
    code, again, err = export(report_id)
    assert code == 0 and again == path
    name = f"{SAMPLE_NAME}-DRAFT"
    assert err == f"kept the earlier {name}.docx as {name} (1).docx (it changed since swgtui wrote it)"
    kept = tmp_path / "exports" / f"{name} (1).docx"
    assert Document(str(kept)).paragraphs[-1].text == "Added by hand in Word"
    assert "Added by hand in Word" not in [p.text for p in Document(path).paragraphs]
    assert export(report_id) == (0, path, "")  # the new file is swgtui's again
    assert listing(tmp_path / "exports") == [f"{name} (1).docx", f"{name}.docx"]


def test_a_file_swgtui_did_not_write_is_kept_aside(tmp_path):
    report_id = run("sample").output.strip()
    exports = tmp_path / "exports"
    exports.mkdir()
    for name in (f"{SAMPLE_NAME}-DRAFT.md", f"{SAMPLE_NAME}-DRAFT (1).md"):
        (exports / name).write_text(f"mine: {name}")
    code, path, err = export(report_id, "--format", "md")
    assert code == 0 and path.endswith("-DRAFT.md")
    assert err == f"kept the earlier {SAMPLE_NAME}-DRAFT.md as {SAMPLE_NAME}-DRAFT (2).md (swgtui did not write it)"
    assert (exports / f"{SAMPLE_NAME}-DRAFT (2).md").read_text() == f"mine: {SAMPLE_NAME}-DRAFT.md"
    assert (exports / f"{SAMPLE_NAME}-DRAFT (1).md").read_text() == f"mine: {SAMPLE_NAME}-DRAFT (1).md"


def test_a_report_that_is_a_draft_again_renames_its_final_file(tmp_path, store_path):
    with ReportStore(store_path) as store:
        report = sample_report()
        approve_all(report)
        review.sign_off(report, CHAIR, "SWG meeting")
        report_id = store.add(report)
    code, final_path, err = export(report_id)
    assert code == 0 and err == "" and final_path.endswith(f"{SAMPLE_NAME}.docx")
    assert run("set", report_id, "c4", "challenges", "late change").exit_code == 0
    code, draft_path, err = export(report_id)
    assert code == 0 and draft_path.endswith(f"{SAMPLE_NAME}-DRAFT.docx")
    assert err == (
        f"the report is a draft again: renamed its earlier final {SAMPLE_NAME}.docx to {SAMPLE_NAME}-superseded.docx"
    )
    assert listing(tmp_path / "exports") == [f"{SAMPLE_NAME}-DRAFT.docx", f"{SAMPLE_NAME}-superseded.docx"]
    superseded = Document(str(tmp_path / "exports" / f"{SAMPLE_NAME}-superseded.docx"))
    assert superseded.sections[0].header.paragraphs[0].text == ""  # the old final, intact
    header = Document(draft_path).sections[0].header.paragraphs[0].text
    assert header == "DRAFT — changed since it was signed off"
    assert export(report_id) == (0, draft_path, "")  # said once
    # a final written to a path of one's own is kept too when a draft goes to the same path
    with ReportStore(store_path) as store:
        report = store.get(report_id)
        review.set_status(report, "c4", "ready", FOCAL)
        review.set_status(report, "c4", "approve", CHAIR)
        review.sign_off(report, CHAIR, "again")
        store.save(report)
    mine = tmp_path / "mine.docx"
    assert export(report_id, "--out", str(mine))[0] == 0
    assert run("set", report_id, "c4", "challenges", "later change").exit_code == 0
    code, _, err = export(report_id, "--out", str(mine))
    assert (
        code == 0 and err == "the report is a draft again: renamed its earlier final mine.docx to mine-superseded.docx"
    )
    assert Document(str(tmp_path / "mine-superseded.docx")).sections[0].header.paragraphs[0].text == ""
    assert Document(str(mine)).sections[0].header.paragraphs[0].text.startswith("DRAFT")


def test_two_exports_at_once_keep_both_fingerprints(tmp_path):
    reports = [sample_report() for _ in range(4)]
    for number, report in enumerate(reports):
        report["id"] = f"r{number}"
    threads = [threading.Thread(target=files.export_report, args=(report, "md")) for report in reports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    record = json.loads((tmp_path / "data" / "exports.json").read_text())
    assert sorted(entry["report"] for entry in record["files"].values()) == ["r0", "r1", "r2", "r3"]
    for report in reports:
        assert files.export_report(report, "md").notes == []  # each is known as swgtui's own


async def test_the_app_says_where_the_earlier_file_went(tmp_path, store_path, monkeypatch):
    async with running_app(store_path) as (app, pilot, _, _):
        shown = notifications(app, monkeypatch)
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        path = tmp_path / "exports" / f"{SAMPLE_NAME}-DRAFT.docx"
        assert shown[-1] == ("Exported to", str(path))
        path.write_bytes(path.read_bytes() + b"\0")
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
    name = f"{SAMPLE_NAME}-DRAFT"
    note = f"kept the earlier {name}.docx as {name} (1).docx (it changed since swgtui wrote it)"
    assert shown[-1] == ("Exported to", f"{path}\n{note}")


# --- 22. names that fit every file system ---------------------------------------------------------


def test_a_long_lao_swg_name_gives_a_name_that_fits(tmp_path):
    assert len(LAO_SWG) >= 85 and len(LAO_SWG.encode()) > 255
    report_id = run("new", "--swg", LAO_SWG, "--period", "2025/2026").output.strip()
    code, path, err = export(report_id)
    assert code == 0, err
    name = os.path.basename(path)
    assert name.endswith(f"-2025-2026-annex2-{report_id}-DRAFT.docx")
    assert len(name.encode()) <= names.STEM_BUDGET + len("-DRAFT.docx")
    swg_part = name.removesuffix(f"-2025-2026-annex2-{report_id}-DRAFT.docx")
    assert LAO_SWG.replace(" ", "-").startswith(swg_part) and len(swg_part) > 40
    assert not unicodedata.category(LAO_SWG.replace(" ", "-")[len(swg_part)]).startswith("M")  # whole letters
    assert Document(path).tables
    # the same report exported again, edited, then kept aside with the longest name: still fits
    with open(path, "ab") as file:
        file.write(b"\0")
    assert export(report_id)[0] == 0


def test_names_drop_what_windows_forbids_and_cut_whole_letters():
    assert names.name_part('a<b>c:d"e/f\\g|h?i*j\x01k\x7fl. . ', 100) == "a-b-c-d-e-f-g-h-i-jkl"
    assert names.name_part("Health SWG...", 100) == "Health-SWG"  # no trailing dots or spaces
    assert names.cut("ກຸ່ມ", 12) == "ກຸ່ມ"
    assert names.cut("ກຸ່ມ", 11) == "ກຸ່"  # ກ with both marks: 9 bytes
    assert names.cut("ກຸ່ມ", 8) == ""  # never ກ without its vowel and tone marks
    assert names.cut("e\u0301te", 2) == ""  # é as e + combining accent stays whole
    assert names.cut("abc", 2) == "ab"
    assert all(names.is_reserved(n) for n in ("CON", "con.docx", "Nul.md", "COM1.txt", "lpt9"))
    assert not any(names.is_reserved(n) for n in ("CONSULT.docx", "NULL", "COM10"))


def test_every_name_is_unique_and_valid_for_awkward_reports():
    report = rp.new_report(T, 'CON: "Roads" <and> bridges?*|', "2025/2026")
    name = default_file_name(report)
    assert name == f"CON-Roads-and-bridges-2025-2026-annex2-{report['id']}-DRAFT.docx"
    empty = rp.new_report(T, "X", "2025")
    empty["header"]["fields"]["swg_name"], empty["period"] = " :: ", "..."
    assert default_file_name(empty) == f"report-annex2-{empty['id']}-DRAFT.docx"


def test_a_new_file_gets_the_usual_permissions_and_a_replaced_one_keeps_its_own(tmp_path):
    report_id = run("sample").output.strip()
    path = export(report_id)[1]
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~umask  # not the 0600 of a temporary file
    os.chmod(path, 0o640)
    assert export(report_id) == (0, path, "")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640

"""Files an attacker (or an accident) puts in the store's place: each is refused in one line,
left as it was, and never costs a saved text."""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.model import report as rp
from swgtui.model.template import load_template
from swgtui.store import ReportStore, StoreError
from swgtui.store.storage import AtomicJSONStorage, StorageError, write_json_atomic

from .test_store_faults import one_line_error, revisions, run, saved  # noqa: F401  (a fixture)

T = load_template("annex2")
CHANGED = "was changed by another program since it was read; it was not overwritten"


def swgtui(*args: str) -> subprocess.CompletedProcess:
    """The command line in a process of its own (as a second program on the same store)."""
    return subprocess.run([sys.executable, "-m", "swgtui", *args], capture_output=True, text=True, timeout=60)


# --- 1. a removed lock file never costs a save ---------------------------------------------------


def test_the_storage_never_writes_over_a_file_another_program_changed(tmp_path):
    path = tmp_path / "x.json"
    storage = AtomicJSONStorage(path)
    assert storage.read() is None
    storage.write({"t": {"1": {"text": "mine"}}})
    write_json_atomic(path, {"t": {"1": {"text": "theirs"}}})  # another program, atomically
    for _ in range(2):  # and stays refused: only reading the file again allows writing it
        with pytest.raises(StorageError, match=CHANGED):
            storage.write({"t": {"1": {"text": "mine, later"}}})
    assert json.loads(path.read_text()) == {"t": {"1": {"text": "theirs"}}}
    storage.close()
    assert storage.read() == {"t": {"1": {"text": "theirs"}}}
    with open(path, "a", encoding="utf-8") as handle:  # changed in place: same file, new size
        handle.write(" ")
    with pytest.raises(StorageError, match=CHANGED):
        storage.write({"t": {"1": {"text": "mine, later"}}})
    path.unlink()  # removed: not written anew behind the other program's back either
    with pytest.raises(StorageError, match=CHANGED):
        storage.write({"t": {"1": {"text": "mine, later"}}})


def test_a_removed_lock_file_never_lets_the_app_write_over_a_command_line_save(saved, store_path):  # noqa: F811
    report_id, _, _ = saved
    lock_file = store_path.with_name("store.json.lock")
    with ReportStore(store_path, holder="swgtui app") as app:
        report = app.get(report_id)
        lock_file.unlink()
        cli = swgtui("--db", str(store_path), "set", report_id, "c2", "challenges", "from the command line")
        assert cli.returncode == 0, cli.stderr
        rp.set_field(T, report, "c2", "challenges", "typed in the app")
        with pytest.raises(StoreError, match="removed or replaced by another program; swgtui has taken it again"):
            app.save(report)
        assert lock_file.exists() and app._lock._is_on_disk()
        for _ in range(2):  # every retry is refused: the app's copy is older than the file
            with pytest.raises(StoreError, match=CHANGED):
                app.save(report)
        assert revisions(report_id)[-1] == (2, "from the command line")
        again = app.get(report_id)  # the report opened again: what the file holds now
        assert rp.get_field(T, again, "c2", "challenges") == "from the command line"
        rp.set_field(T, again, "c2", "challenges", "typed in the app")
        app.save(again)
    assert revisions(report_id) == [(1, "first"), (2, "from the command line"), (3, "typed in the app")]


def test_a_save_is_refused_naming_whoever_took_the_store_after_its_lock_file_was_removed(saved, store_path):  # noqa: F811
    report_id, _, _ = saved
    with ReportStore(store_path, holder="swgtui app") as app:
        report = app.get(report_id)
        store_path.with_name("store.json.lock").unlink()
        other = ReportStore(store_path, holder="swgtui set").open()
        rp.set_field(T, report, "c2", "challenges", "typed in the app")
        with pytest.raises(StoreError, match=r"now in use by swgtui set \(process "):
            app.save(report)
        other.close()
        with pytest.raises(StoreError, match="swgtui has taken it again"):
            app.save(report)
        app.save(report)  # nobody wrote meanwhile: it goes ahead
    assert revisions(report_id) == [(1, "first"), (2, "typed in the app")]


def test_a_history_line_with_a_huge_rev_is_skipped_and_revisions_go_on(saved):  # noqa: F811
    report_id, _, history_file = saved
    with open(history_file, "a", encoding="utf-8") as handle:
        handle.write('{"part": "c2", "field": "challenges", "rev": 99999999999999999999999999999, "text": "x"}\n')
    assert run("set", report_id, "c2", "challenges", "second").exit_code == 0
    assert revisions(report_id) == [(1, "first"), (2, "second")]
    result = CliRunner().invoke(main, ["history", report_id, "c2", "challenges"])
    assert "1 line(s) of the history could not be read" in result.output


def test_delete_on_the_command_line_removes_a_report_whose_file_cannot_be_opened(saved, store_path):  # noqa: F811
    report_id, report_file, history_file = saved
    report_file.write_text('{"report": {"1": {"not": "a report"}}}')
    assert "cannot be opened" in one_line_error(CliRunner().invoke(main, ["show", report_id]))
    result = run("delete", report_id, "--yes")
    assert result.exit_code == 0, result.output
    assert f"deleted the report 'Illicit Drug Sector Working Group 2020/2021' ({report_id})" in result.output
    assert not report_file.exists() and not history_file.exists()
    assert json.loads(run("list", "--json").stdout) == []


def test_a_damaged_export_record_is_kept_beside_it_and_the_message_says_so(tmp_path):
    report_id = run("sample").output.strip()
    record = tmp_path / "data" / "exports.json"
    record.parent.mkdir(parents=True)
    record.write_text("[[[")
    result = CliRunner().invoke(main, ["export", report_id])
    assert result.exit_code == 0, result.output
    kept = [p for p in record.parent.iterdir() if p.name.startswith("exports.json.damaged-")]
    assert len(kept) == 1 and kept[0].read_text() == "[[[", list(record.parent.iterdir())
    assert f"it was kept as {kept[0].name} and a new one is started" in result.stderr
    assert "left untouched" not in result.stderr
    assert json.loads(record.read_text())["files"]  # the new record lists the export


async def test_the_app_says_not_saved_keeps_the_text_and_asks_before_quitting(store_path):
    """The attack: the lock file removed while the app has the store, a command-line save, then
    the app's next save used to write its whole report over it."""
    from swgtui.screens.dialogs import ConfirmDialog

    from .test_app import field_area, go_to, running_app, settle

    async with running_app(store_path, report="SWG", open_it=True) as (app, pilot, store, report_id):
        screen = await go_to(pilot, "c2")
        store_path.with_name("store.json.lock").unlink()
        cli = swgtui("--db", str(store_path), "set", report_id, "c2", "challenges", "from the command line")
        assert cli.returncode == 0, cli.stderr
        field_area(screen, 0).focus()
        await pilot.press(*"typed in the app")
        for _ in range(2):  # the lock is taken again, then the changed file refuses the app's copy
            await pilot.pause(2.5)
            await settle(pilot)
        state = str(screen.query_one("#save-state").render())
        assert "Not saved; your text is kept here" in state and CHANGED in state
        told = [n.message for n in app._notifications if n.title == "Not saved"]  # each whole reason, once
        assert "lock file" in told[0] and CHANGED in told[-1] and len(told) == len(set(told)) == 2
        assert field_area(screen, 0).text == "typed in the app"
        on_disk = json.loads(next(store.reports_dir.glob("*.json")).read_text())["report"]["1"]
        assert rp.get_field(T, on_disk, "c2", "challenges") == "from the command line"
        assert rp.get_field(T, on_disk, "c2", "narrative") == ""
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "could not be saved" in app.screen.question
        await pilot.press("escape")
    assert revisions(report_id) == [(1, "from the command line")]


# --- 2. an empty or null store or report file is damaged, not new -------------------------------


@pytest.mark.parametrize("content", [b"", b"  \n\t ", b"null", b" null\n"])
def test_an_empty_or_null_store_file_is_damaged_and_left_byte_identical(saved, store_path, content):  # noqa: F811
    report_id, _, _ = saved
    with ReportStore(store_path) as store:
        store.backup_now()
    later = run("sample").output.strip()  # saved after the backup: listed again from its file
    store_path.write_bytes(content)
    message = one_line_error(CliRunner().invoke(main, ["list"]))
    assert f"{store_path} is damaged or not a swgtui file" in message
    assert "swgtui recover" in message
    assert store_path.read_bytes() == content
    assert run("recover").exit_code == 0
    assert [s["id"] for s in json.loads(run("list", "--json").stdout)] == [report_id, later]
    assert [p.read_bytes() for p in store_path.parent.glob("store.json.damaged-*")] == [content]


@pytest.mark.parametrize("content", [b"", b" \n", b"null"])
def test_an_empty_or_null_report_file_is_damaged_not_missing(saved, content):  # noqa: F811
    report_id, report_file, _ = saved
    report_file.write_bytes(content)
    message = one_line_error(CliRunner().invoke(main, ["show", report_id]))
    assert f"{report_file} is damaged or not a swgtui file" in message and "missing" not in message
    assert one_line_error(CliRunner().invoke(main, ["set", report_id, "c2", "challenges", "x"])) == message
    assert report_file.read_bytes() == content


def test_a_missing_store_file_is_a_new_store(store_path):
    assert run("list", "--json").stdout.strip() == "[]"


# --- 4. devices, pipes and huge files are refused in one line -----------------------------------


def test_a_history_that_is_a_device_is_refused_in_one_line(saved):  # noqa: F811
    report_id, _, history_file = saved
    history_file.unlink()
    history_file.symlink_to("/dev/zero")
    message = one_line_error(CliRunner().invoke(main, ["set", report_id, "c2", "challenges", "second"]))
    assert f"{history_file} is a device, not a file" in message


def test_a_store_that_is_a_device_or_a_named_pipe_is_refused_at_once(tmp_path):
    fifo = tmp_path / "db.fifo"
    os.mkfifo(fifo)
    for path, kind in (("/dev/zero", "a device"), (str(fifo), "a named pipe")):
        result = swgtui("--db", path, "list")  # a process of its own: a hang would time out
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.strip().splitlines() == [f"Error: {path} is {kind}, not a file; it was left untouched"]


def test_a_lock_file_that_is_a_named_pipe_is_refused(saved, store_path):  # noqa: F811
    report_id, _, _ = saved
    lock_file = store_path.with_name("store.json.lock")
    os.mkfifo(lock_file)
    message = one_line_error(CliRunner().invoke(main, ["set", report_id, "c2", "challenges", "second"]))
    assert f"{lock_file} is not a regular file" in message


def test_a_store_file_over_the_limit_is_refused_unread(store_path, monkeypatch):
    from swgtui.store import storage

    monkeypatch.setattr(storage, "MAX_FILE_BYTES", 1000)
    store_path.write_text('{"store": {}, "padding": "' + "x" * 2000 + '"}')
    message = one_line_error(CliRunner().invoke(main, ["list"]))
    assert f"{store_path} is larger than 0 MB, too large for a swgtui file" in message

"""Faults while saving and damaged files: a save is all or nothing and says which; a damaged
file is reported in one line and left byte-identical; the Windows branches (monkeypatched)."""

import errno
import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.model import report as rp
from swgtui.model.template import load_template
from swgtui.session import ReportSession
from swgtui.store import ReportStore, StoreError, storage
from swgtui.store import history as history_module

T = load_template("annex2")
BAD_LINES = [
    '{"part": "c2", "field": "challenges", "rev": "abc", "text": "x"}',
    '{"part": "c2", "field": "challenges", "rev": null, "text": "x"}',
    '{"part": "c2", "field": "challenges", "rev": 1.5, "text": "x"}',
    '{"part": "c2", "field": "challenges", "rev": NaN, "text": "x"}',
    '{"part": ["c2"], "field": "challenges", "rev": 9, "text": "x"}',
    '{"part": "c2", "field": "challenges", "rev": ' + "9" * 5000 + ', "text": "x"}',
    '{"part": "c2", "field": "challenges", "rev": 9, "text": ' + "[" * 50000 + "]" * 50000 + "}",
]


@pytest.fixture
def patch():
    """A monkeypatch of its own: undoing it keeps the test's folders (the autouse fixture's)."""
    with pytest.MonkeyPatch.context() as fresh:
        yield fresh


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def saved(store_path):
    """A store with the sample, its c2 challenges saved once as "first"; (report id, files)."""
    report_id = run("sample").output.strip()
    assert run("set", report_id, "c2", "challenges", "first").exit_code == 0
    reports = store_path.with_name("store.reports")
    return report_id, reports / f"{report_id}.json", reports / f"{report_id}.history.jsonl"


def revisions(report_id: str) -> list[tuple[int, str]]:
    listing = json.loads(run("history", report_id, "c2", "challenges", "--json").stdout)
    return [(r["rev"], r["text"]) for r in listing]


# --- item 4: history lines of the wrong type are skipped and counted, never fatal ---------------


def test_bad_history_lines_are_skipped_and_counted_and_saving_goes_on(saved):
    report_id, _, history_file = saved
    with open(history_file, "a", encoding="utf-8") as handle:
        handle.write("\n".join(BAD_LINES) + "\n")
    assert run("set", report_id, "c2", "challenges", "second").exit_code == 0
    assert revisions(report_id) == [(1, "first"), (2, "second")]
    result = CliRunner().invoke(main, ["history", report_id, "c2", "challenges"])
    assert result.exit_code == 0
    assert "warning: 7 line(s) of the history could not be read and were skipped" in result.output
    assert "second  (current)" in result.output


# --- item 4: report and history are one unit ------------------------------------------------------


def test_a_full_disk_during_the_history_append_saves_nothing_and_says_so(saved, patch):
    report_id, report_file, history_file = saved
    report_before, history_before = report_file.read_bytes(), history_file.read_bytes()

    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    patch.setattr(os, "fsync", full_disk)
    line = one_line_error(CliRunner().invoke(main, ["set", report_id, "c2", "challenges", "second"]))
    assert "cannot save the history" in line and "No space left on device; nothing was saved" in line
    assert report_file.read_bytes() == report_before
    assert history_file.read_bytes() == history_before  # the half-written line was taken out again
    patch.undo()
    assert run("set", report_id, "c2", "challenges", "second").exit_code == 0
    assert revisions(report_id) == [(1, "first"), (2, "second")]


def test_a_failed_report_write_takes_the_new_history_lines_out_again(saved, patch):
    report_id, report_file, history_file = saved
    report_before, history_before = report_file.read_bytes(), history_file.read_bytes()

    def full_disk(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    patch.setattr(storage, "_replace", full_disk)
    line = one_line_error(CliRunner().invoke(main, ["set", report_id, "c2", "challenges", "second"]))
    assert line.endswith("No space left on device; nothing was saved")
    assert report_file.read_bytes() == report_before
    assert history_file.read_bytes() == history_before
    patch.undo()
    assert run("set", report_id, "c2", "challenges", "second").exit_code == 0
    assert revisions(report_id) == [(1, "first"), (2, "second")]  # no gap, no ghost revision


def test_when_the_history_cannot_be_cut_back_the_message_says_what_was_kept(store, patch):
    report_id = store.create("annex2", "SWG", "2025/2026")["id"]
    report = store.get(report_id)
    rp.set_field(T, report, "c2", "challenges", "typed")
    patch.setattr(storage, "_replace", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space")))
    patch.setattr(os, "truncate", lambda *a: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    with pytest.raises(StoreError) as error:
        store.save(report)
    assert "nothing was saved; its unsaved revisions could not be taken out of the history (I/O error)" in str(
        error.value
    )
    patch.undo()
    store.save(report)
    assert rp.get_field(T, store.get(report_id), "c2", "challenges") == "typed"


def test_an_unreadable_history_saves_nothing(saved, patch):
    report_id, report_file, history_file = saved
    report_before = report_file.read_bytes()
    real_open = os.open

    def unreadable(path, *args, **kwargs):
        if str(path).endswith(".history.jsonl"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)

    patch.setattr(storage.os, "open", unreadable)
    line = one_line_error(CliRunner().invoke(main, ["set", report_id, "c2", "challenges", "second"]))
    assert line == f"Error: cannot read {history_file}: Permission denied; nothing was saved"
    assert report_file.read_bytes() == report_before


def test_the_app_saver_is_not_saved_until_the_history_is(store, patch):
    """The app saves copies through its ReportSession: a failed history append is a failed save, and the
    retry writes the revision (it used to find the text already saved and write none)."""
    report = store.create("annex2", "SWG", "2025/2026")
    saver = ReportSession(store, report)
    rp.set_field(T, report, "c2", "challenges", "kept in memory")

    def no_room(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    patch.setattr(history_module, "open", no_room, raising=False)
    with pytest.raises(StoreError, match="nothing was saved"):
        saver.save_snapshot(report, 1)
    assert saver.saved_version == 0
    assert rp.get_field(T, store.get(report["id"]), "c2", "challenges") == ""
    patch.undo()
    assert saver.save_snapshot(report, 2)
    assert [r["text"] for r in store.history(report["id"], "c2", "challenges")] == ["kept in memory"]


# --- item 7: damaged files are reported in one line and left byte-identical ---------------------


@pytest.mark.parametrize(
    "content",
    [
        b'{"store": {"1": {"mark": "swgtui-store", "schema": ' + b"1" * 5000 + b"}}}",
        b"[" * 50000 + b"]" * 50000,
        b'{"store": {"1": {"mark": "swgtui-store", "schema": 1}}, "reports": {"1": {"id": ' + b"[" * 50000 + b"}}",
        b'{"store": {"1": {"mark": "swgtui-store", "schema": 1}}, "reports": []}',
    ],
    ids=["long-number", "deep-nesting", "deep-inside", "wrong-list"],
)
def test_a_damaged_store_file_is_one_line_and_left_untouched(store_path, content):
    store_path.write_bytes(content)
    for command in (["list"], ["sample"]):
        line = one_line_error(CliRunner().invoke(main, command))
        assert str(store_path) in line and "damaged" in line
    assert store_path.read_bytes() == content


@pytest.mark.parametrize(
    "content",
    [
        b"[]",
        b'{"report": {"1": {"sections": "zzz"}}}',
        b'{"report": {"1": {"id": "x", "template": "annex2", "period": "' + b"1" * 5000 + b'"}}}',
        b'{"report": {"1": {"id": 1' + b"0" * 5000 + b"}}}",
        b'{"report": ' + b"[" * 50000 + b"]" * 50000 + b"}",
    ],
    ids=["list", "wrong-sections", "no-header", "long-number", "deep-nesting"],
)
def test_a_damaged_report_file_is_reported_by_every_command_and_left_untouched(saved, content):
    report_id, report_file, _ = saved
    report_file.write_bytes(content)
    for command in (["show", report_id], ["set", report_id, "c2", "challenges", "x"], ["export", report_id]):
        line = one_line_error(CliRunner().invoke(main, command))
        assert str(report_file) in line and "damaged" in line, line
        assert report_file.read_bytes() == content


def test_recover_treats_a_report_of_the_wrong_shape_as_damaged(saved, store_path):
    report_id, report_file, _ = saved
    with ReportStore(store_path) as store:
        store.backup_now()
    report_file.write_bytes(b'{"report": {"1": {"sections": "zzz"}}}')
    result = run("recover")
    assert result.exit_code == 0
    assert f"restored report {report_id}" in result.output
    kept = [p for p in report_file.parent.iterdir() if ".damaged-" in p.name]
    assert [p.read_bytes() for p in kept] == [b'{"report": {"1": {"sections": "zzz"}}}']
    assert run("show", report_id).exit_code == 0
    assert run("set", report_id, "c2", "challenges", "second").exit_code == 0
    assert revisions(report_id) == [(1, "first"), (2, "second")]


def test_a_backup_leaves_out_a_report_of_the_wrong_shape(saved, store_path):
    _, report_file, _ = saved
    report_file.write_bytes(b'{"report": {"1": {"sections": "zzz"}}}')
    with ReportStore(store_path) as store:
        backup = store.backup_now()
    assert not (backup / "reports" / report_file.name).exists()


# --- item 22: the Windows branches, by patching ---------------------------------------------


def test_on_windows_a_rename_blocked_by_a_reader_is_retried(store, patch):
    report = store.create("annex2", "SWG", "2025/2026")
    real_replace = os.replace
    calls = []

    def busy_twice(source, target):
        calls.append(target)
        if len(calls) <= 2:
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        real_replace(source, target)

    patch.setattr(sys, "platform", "win32")
    patch.setattr(os, "replace", busy_twice)
    rp.set_field(T, report, "c2", "challenges", "written anyway")
    store.save(report)
    patch.undo()
    assert len(calls) >= 3
    assert rp.get_field(T, store.get(report["id"]), "c2", "challenges") == "written anyway"


def test_a_rename_blocked_for_good_fails_clearly_and_elsewhere_at_once(store, patch):
    report = store.create("annex2", "SWG", "2025/2026")
    calls = []

    def always_busy(source, target):
        calls.append(target)
        raise PermissionError(errno.EACCES, "Access is denied")

    patch.setattr(storage, "REPLACE_PAUSE", 0.001)
    patch.setattr(os, "replace", always_busy)
    rp.set_field(T, report, "c2", "challenges", "typed")
    with pytest.raises(StoreError, match="Access is denied; nothing was saved"):
        store.save(report)
    assert len(calls) == 1  # POSIX: a PermissionError is real, not a passing reader
    patch.setattr(sys, "platform", "win32")
    with pytest.raises(StoreError, match="Access is denied; nothing was saved"):
        store.save(report)
    assert len(calls) == 1 + storage.REPLACE_TRIES
    patch.undo()
    assert store.history(report["id"], "c2", "challenges") == []


def test_a_folder_is_not_fsynced_on_windows(tmp_path, patch):
    real_open = os.open
    opened = []

    def spy(path, flags, *args, **kwargs):
        opened.append(Path(path))
        return real_open(path, flags, *args, **kwargs)

    patch.setattr(os, "open", spy)
    storage.write_bytes_atomic(tmp_path / "a.json", b"{}")
    assert tmp_path in opened  # POSIX: the folder is fsynced after the rename
    opened.clear()
    patch.setattr(sys, "platform", "win32")
    storage.write_bytes_atomic(tmp_path / "b.json", b"{}")
    patch.undo()
    assert tmp_path not in opened and (tmp_path / "b.json").read_bytes() == b"{}"


async def test_the_app_says_not_saved_until_the_history_is_written_too(store_path, patch):
    """It used to write the report, fail on the history, then find the text saved on the retry
    and show "saved" with no revision ever written."""
    from .test_app import go_to, running_app, settle, type_and_wait_for_the_save

    def no_room(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    async with running_app(store_path, report="SWG", open_it=True) as (_, pilot, store, report_id):
        screen = await go_to(pilot, "c2")
        patch.setattr(history_module, "open", no_room, raising=False)
        state = await type_and_wait_for_the_save(pilot, screen, "kept in memory")
        assert "Not saved" in state and "No space left on device; nothing was saved" in state
        assert rp.get_field(T, store.get(report_id), "c2", "narrative") == ""
        patch.undo()  # room again: the retry writes the text and its revision
        await pilot.pause(2.5)
        await settle(pilot)
        assert "Saved at" in str(screen.query_one("#save-state").render())
        assert [r["text"] for r in store.history(report_id, "c2", "narrative")] == ["kept in memory"]
        await pilot.press("ctrl+q")

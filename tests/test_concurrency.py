"""One writer at a time, decided by the operating system's lock; the lock file only names the holder."""

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from benchmarks.concurrency_drill import run_drill
from swgtui.cli import base, main
from swgtui.store import ReportStore, StoreLockedError

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from swgtui.store import ReportStore
    store = ReportStore(Path(sys.argv[1]), holder="swgtui app").open()
    print("ready", flush=True)
    time.sleep(float(sys.argv[2]))
    store.close()
    """
)


@pytest.fixture
def hold(store_path):
    """Start a process that holds the store for `seconds`; it is killed at the end of the test."""
    started = []

    def start(seconds: float = 30) -> subprocess.Popen:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(store_path), str(seconds)], stdout=subprocess.PIPE, text=True
        )
        started.append(holder)
        assert holder.stdout.readline().strip() == "ready"
        return holder

    yield start
    for holder in started:
        holder.kill()
        holder.wait()


def lock_file(store_path):
    return store_path.with_name(store_path.name + ".lock")


@pytest.mark.parametrize("content", [b"", b"garbage", b' {"holder": "x", "pid": PID, "host": "HOST"}'])
def test_a_lock_file_nobody_holds_means_nothing_whatever_it_says(store_path, content):
    # even one naming a live process on this machine (the old stale check trusted it)
    content = content.replace(b"PID", str(os.getppid()).encode()).replace(b"HOST", os.uname().nodename.encode())
    lock_file(store_path).write_bytes(content)
    with ReportStore(store_path, holder="tests") as store:
        assert store.list_reports() == []


def test_a_held_lock_stays_held_whatever_its_file_says(store_path, hold):
    holder = hold()
    lock_file(store_path).write_bytes(b"")  # what a second writer used to find between two steps
    with pytest.raises(StoreLockedError, match="in use by another swgtui"):
        ReportStore(store_path, holder="second").open()
    lock_file(store_path).write_bytes(b"rubbish")
    with pytest.raises(StoreLockedError):
        ReportStore(store_path, holder="third").open()
    holder.kill()
    holder.wait()
    with ReportStore(store_path, holder="after") as store:  # a crash never leaves the store locked
        assert store.list_reports() == []


def test_the_holder_named_by_the_lock_file_is_cleaned_before_it_is_shown(store_path, hold, monkeypatch):
    hold()
    info = {"holder": "\x1b]0;pwned\x07\x1b[2Jevil", "pid": "1\x1b[31m", "host": "h\nx", "since": "now"}
    with open(lock_file(store_path), "r+b") as handle:
        handle.seek(1)
        handle.write(json.dumps(info).encode())
        handle.truncate()
    monkeypatch.setattr(base, "LOCK_WAIT", 0.2)
    result = CliRunner().invoke(main, ["sample"])
    assert result.exit_code == 1
    assert (
        result.output
        == "Error: the store is in use by evil (process 1 on h x, since now) (waited 0.2 s); close it there first\n"
    )


def test_a_command_waits_for_the_app_to_finish_and_the_app_refuses_at_once(store_path, hold):
    holder = hold(1.5)
    started = time.perf_counter()
    with pytest.raises(StoreLockedError, match=r"in use by swgtui app \(process"):
        ReportStore(store_path, holder="swgtui app").open()  # the app does not wait
    assert time.perf_counter() - started < 1
    result = CliRunner().invoke(main, ["sample"])  # a command waits (up to 10 s)
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started > 1
    assert holder.wait(timeout=10) == 0


def test_temporary_files_of_other_files_beside_the_store_are_left_alone(store_path):
    with ReportStore(store_path) as store:
        store.create("annex2", "SWG", "2025/2026")
    others = store_path.parent / ".notes.md.k2j4.swgtui-tmp"
    others.write_text("an export being written")
    own = store_path.parent / ".store.json.k2j4.swgtui-tmp"
    own.write_text("left by a crash")
    with ReportStore(store_path, writable=False):
        pass
    assert own.exists()  # a reader never removes anything
    with ReportStore(store_path):
        pass
    assert others.exists() and not own.exists()


def test_concurrent_commands_lose_no_acknowledged_save(tmp_path):
    result = run_drill(procs=4, sets=5, folder=tmp_path)
    assert result["lost"] == 0, result
    assert result["acknowledged"] >= 0.95 * 4 * 5, result

"""A second app on a store that another swgtui holds: told clearly, and it may look read-only."""

import subprocess
import sys
import textwrap

from click.testing import CliRunner
from textual.widgets import TextArea

from swgtui.app import make_app
from swgtui.cli import main
from swgtui.model import report as rp
from swgtui.sample import sample_report
from swgtui.store import ReportStore
from swgtui.widgets.contact_list import ContactList

from .test_app import SIZE, click_link, go_to, settle

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from swgtui.store import ReportStore
    ReportStore(Path(sys.argv[1]), holder="swgtui app").open()
    print("ready", flush=True)
    time.sleep(30)
    """
)


def test_a_second_app_is_told_who_holds_the_store_and_how_to_look_read_only(store_path, monkeypatch):
    monkeypatch.setattr("swgtui.cli.base.has_terminal", lambda: True)
    with ReportStore(store_path) as store:
        store.add(sample_report())
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(store_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = CliRunner().invoke(main, [])
        assert result.exit_code == 1
        assert f"the store is in use by swgtui app (process {holder.pid}" in result.output
        assert "To look without changing anything: swgtui --read-only" in result.output
    finally:
        holder.kill()
        holder.wait()


async def test_the_read_only_app_shows_everything_and_changes_nothing(store_path):
    with ReportStore(store_path) as store:
        report_id = store.add(sample_report())
    before = (store_path.parent / "store.reports" / f"{report_id}.json").read_bytes()
    store = ReportStore(store_path, writable=False).open()
    app = make_app(store, title_note="read-only")
    async with app.run_test(size=SIZE) as pilot:
        assert "New report" not in [b.binding.description for b in app.screen.active_bindings.values() if b.enabled]
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()  # the report is read in a worker
        await pilot.pause()
        screen = await go_to(pilot, "a1")
        areas = list(screen.form.query("TextArea").results(TextArea))
        assert areas and all(area.read_only for area in areas)
        areas[1].focus()
        await pilot.press(*"typed", "f3", "f8")
        await settle(pilot)
        state = str(screen.query_one("#save-state").render())
        assert state == "Read-only; nothing here is saved."  # nobody holds the store: no "another swgtui"
        assert screen.report["sections"][0]["rows"][0]["no_update"] is False
        tag = screen.report["sections"][0]["rows"][0]["tag"]
        await click_link(pilot, screen.form.query_one(".part-title"), "[change tag]")
        await settle(pilot)
        assert screen.report["sections"][0]["rows"][0]["tag"] == tag
        screen = await go_to(pilot, rp.HEADER_ID)
        screen.form.query_one(ContactList).focus()
        await pilot.press("enter", "delete")  # edit and remove a contact: refused
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("ctrl+q")
    store.close()
    assert (store_path.parent / "store.reports" / f"{report_id}.json").read_bytes() == before


async def test_the_read_only_notice_names_the_holder_when_there_is_one(store_path):
    with ReportStore(store_path) as store:
        store.add(sample_report())
    store = ReportStore(store_path, writable=False).open()
    app = make_app(store, title_note="read-only: in use by swgtui app (process 7 on here)")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = await go_to(pilot, "a1")
        state = str(screen.query_one("#save-state").render())
        assert state == "Read-only: in use by swgtui app (process 7 on here); nothing here is saved."
    store.close()

"""Pilot tests of reviewing in the app: comments, status steps, stale approvals, sign-off."""

import pytest
from textual.widgets import Button

from swgtui.app import make_app
from swgtui.identity import load_identity, save_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import load_template
from swgtui.sample import sample_report
from swgtui.screens.dialogs import ChoiceDialog
from swgtui.screens.review_dialogs import IdentityDialog, NoteDialog
from swgtui.screens.signoff import SignOffScreen
from swgtui.store import ReportStore
from swgtui.widgets.outline_tree import OutlineTree
from swgtui.widgets.review_panel import ReviewPanel

from .conftest import complete_sample
from .test_app import (
    SIZE,
    click_link,
    field_area,
    go_to,
    notifications,
    open_store,
    running_app,
    sample_editor,
    settle,
)
from .test_snapshots import pressing


async def press_link(pilot, label: str) -> None:
    await click_link(pilot, pilot.app.screen.form.query_one(ReviewPanel), f"[{label}]")


async def write_note(pilot, text: str) -> None:
    assert isinstance(pilot.app.screen, NoteDialog)
    await pilot.press(*text, "ctrl+s")
    await settle(pilot)


async def test_the_first_comment_asks_who_you_are_and_remembers_it(store_path):
    async with sample_editor(store_path) as (app, pilot, report_id):
        await go_to(pilot, "a1")
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press(*"Source of the figures?", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, IdentityDialog)
        await pilot.press(*"Ms Vanh", "tab", *"Ministry of Health", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert load_identity() == {"name": "Ms Vanh", "organisation": "Ministry of Health", "role": "focal point"}
    with ReportStore(store_path) as reopened:
        (thread,) = review.threads(reopened.get(report_id))
    assert (thread["text"], thread["by"]["name"], thread["part"]) == ("Source of the figures?", "Ms Vanh", "a1")


async def test_comment_on_a_field_quote_reply_and_resolve(store_path):
    save_identity("Matthew Lord", "Embassy of Australia", "co-chair")
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "a2")
        area = field_area(screen, 1)  # notes
        area.focus()
        await pilot.pause()
        area.select_all()
        await pilot.press("ctrl+t")
        await pilot.pause()
        await write_note(pilot, "Which zones?")
        tree = screen.query_one(OutlineTree)
        assert "✉1" in tree.part_nodes["a2"].label.plain
        await press_link(pilot, "Reply")
        await write_note(pilot, "Golden Triangle SEZ")
        await press_link(pilot, "Resolve")
        await settle(pilot)
        assert "✉" not in tree.part_nodes["a2"].label.plain
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as reopened:
        report = reopened.get(report_id)
    (thread,) = review.threads(report)
    assert thread["field"] == "notes" and thread["quote"] == rp.get_field(
        load_template("annex2"), report, "a2", "notes"
    )
    assert [r["text"] for r in thread["replies"]] == ["Golden Triangle SEZ"]
    assert thread["resolved"]["by"]["name"] == "Matthew Lord"


async def test_approve_then_edit_voids_the_approval(store_path):
    save_identity("Ms Vanh", "Ministry of Health", "focal point")
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "c2")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # Ready for review
        await settle(pilot)
        assert review.part_status(screen.report, "c2") == review.READY
        save_identity("Matthew Lord", "Embassy of Australia", "co-chair")
        screen.form.query_one(ReviewPanel).refresh_status()  # as "Who am I" does: a co-chair's links
        await press_link(pilot, "Approve")
        await settle(pilot)
        tree = screen.query_one(OutlineTree)
        assert tree.part_nodes["c2"].label.plain.startswith("✓ 100% A ")
        field_area(screen, 0).focus()
        await pilot.press(*" More.")
        await settle(pilot)
        assert "! " in tree.part_nodes["c2"].label.plain
        status = str(screen.form.query_one(ReviewPanel).render())
        assert "changed since approval" in status and "was approved by Matthew Lord" in status
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as reopened:
        report = reopened.get(report_id)
    assert review.part_status(report, "c2") == review.STALE
    assert review.approval(report, "c2")["by"]["name"] == "Matthew Lord"


async def test_request_changes_needs_a_note_and_sign_off_is_refused_with_reasons(store_path):
    save_identity("Matthew Lord", "Embassy of Australia", "co-chair")
    async with sample_editor(store_path) as (app, pilot, _):
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, SignOffScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SignOffScreen)  # refused: nothing approved yet
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("ctrl+s")  # empty: refused by the dialog
        assert isinstance(app.screen, NoteDialog)
        await write_note(pilot, "Header: add the chairs' e-mails")
        signoff = app.screen
        assert isinstance(signoff, SignOffScreen)
        assert "changes requested" in str(signoff.query_one("DataTable").get_row_at(0)[1])


@pytest.fixture
def reviewed_app(tmp_path, monkeypatch):
    import time

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(rp, "now_iso", lambda: "2026-01-15T09:30:00+00:00")
    report = sample_report()
    focal = {"name": "Phoutsavath Sounthala", "organisation": "MPS", "role": "focal point"}
    chair = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
    for part in ("header", "a1", "a2"):
        review.set_status(report, part, "ready", focal)
    review.set_status(report, "header", "approve", chair)
    review.set_status(report, "a1", "approve", chair)
    review.set_status(report, "a2", "request-changes", chair, "Add figures")
    review.add_comment(load_template("annex2"), report, "a3", "Update for 2021?", chair)
    store = ReportStore(__import__("pathlib").Path("store.json"), holder="swgtui app").open()
    store.add(report)
    yield make_app(store)
    store.close()
    monkeypatch.delenv("TZ")
    time.tzset()


def test_sign_off_screen(snap_compare, reviewed_app):
    assert snap_compare(reviewed_app, terminal_size=SIZE, run_before=pressing("enter", "ctrl+g"))


def approved_by_a_co_chair(store_path, report):
    """The report with every part ready (by the focal point) and approved (by a co-chair, who is
    then the user), stored; the store, the report's id and the app on it."""
    focal = {"name": "Ms Vanh", "organisation": "MPS", "role": "focal point"}
    chair = {"name": "Mr Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
    for part in rp.part_ids(report):
        review.set_status(report, part, "ready", focal)
        review.set_status(report, part, "approve", chair)
    save_identity(chair["name"], chair["organisation"], chair["role"])
    store = open_store(store_path)
    return store, store.add(report), make_app(store)


async def test_the_chair_signs_off_from_the_sign_off_screen(store_path, tmp_path):
    report = complete_sample(sample_report())
    store, report_id, app = approved_by_a_co_chair(store_path, report)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()  # the report is read in a worker
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert str(app.screen.query_one("#ok", Button).label) == "Sign off"
        await write_note(pilot, "Endorsed at the SWG meeting")
        state = str(app.screen.query_one("#signoff-state").render())
        assert state.startswith("✓ Signed off by Mr Lord (co-chair, Embassy of Australia)")
        await pilot.press("escape", "ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+q")
    store.close()
    with ReportStore(store_path) as reopened:
        assert review.signoff_state(reopened.get(report_id))[0] == "valid"
    assert (tmp_path / "exports" / "Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021.docx").exists()


async def test_an_empty_part_is_refused_with_the_reasons_then_filled_and_approved(store_path, monkeypatch):
    save_identity("Ms Vanh", "Ministry of Health", "focal point")
    async with running_app(store_path, "Health SWG", open_it=True) as (app, pilot, _, report_id):
        shown = notifications(app, monkeypatch)
        screen = await go_to(pilot, "c2")
        await press_link(pilot, "Ready for review")
        await settle(pilot)
        assert shown[-1] == (
            "Not done",
            "cannot mark '2. Innovation and technology' ready for review: "
            "Update on the Progress/note on situation is empty",
        )
        assert review.part_status(screen.report, "c2") == review.DRAFT
        field_area(screen, 0).focus()
        await pilot.press(*"A new forensics lab.")
        await press_link(pilot, "Ready for review")
        await settle(pilot)
        save_identity("Matthew Lord", "Embassy of Australia", "co-chair")
        screen.form.query_one(ReviewPanel).refresh_status()  # as "Who am I" does: a co-chair's links
        await press_link(pilot, "Approve")
        await settle(pilot)
        assert screen.query_one(OutlineTree).part_nodes["c2"].label.plain.startswith("✓ 100% A ")
        await go_to(pilot, "header")  # the header block has no chairs and no contacts yet
        screen.query_one(OutlineTree).focus()
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("a")  # approve the selected part (the header block): it is not even ready
        await settle(pilot)
        assert "'Header block' is at 'draft': it must be ready for review first" in shown[-1][1]
        await pilot.press("s")
        await pilot.pause()
        title, message = shown[-1]
        assert title == "Cannot sign off" and "'Header block' is not approved (status: draft)" in message
        detail = str(app.screen.query_one("#part-detail").render())
        assert "Not complete: SWG Chair and Co-Chair(s) is empty; SWG Secretariat Focal Point –" in detail
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as reopened:
        report = reopened.get(report_id)
    assert review.part_status(report, "c2") == review.APPROVED
    assert [p for p in rp.part_ids(report) if review.part_status(report, p) != review.DRAFT] == ["c2"]


async def test_f8_on_a_section_heading_marks_it_and_the_report_can_be_signed_off(store_path, monkeypatch):
    report = complete_sample(sample_report())
    rp.remove_row(load_template("annex2"), report, "b1")
    store, report_id, app = approved_by_a_co_chair(store_path, report)
    async with app.run_test(size=SIZE) as pilot:
        shown = notifications(app, monkeypatch)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+g", "s")
        await pilot.pause()
        assert "'B. Communication and outreach' has no rows" in shown[-1][1]
        await pilot.press("escape")
        await pilot.pause()
        tree = app.screen.query_one(OutlineTree)
        tree.focus()
        tree.move_cursor(tree.section_nodes["B"])
        await pilot.pause()
        await pilot.press("f8")
        await settle(pilot)
        assert tree.section_nodes["B"].label.plain.startswith("–     B. Communication")
        assert shown[-1][1] == "B. Communication and outreach: marked 'no update this period'"
        assert tree.cursor_node is tree.section_nodes["B"]
        await pilot.press("ctrl+g", "s")
        await pilot.pause()
        await write_note(pilot, "Endorsed")
        assert str(app.screen.query_one("#signoff-state").render()).startswith("✓ Signed off by Mr Lord")
        await pilot.press("ctrl+q")
    store.close()
    with ReportStore(store_path) as reopened:
        saved = reopened.get(report_id)
    assert rp.find_section(saved, "B")["no_update"] is True
    assert review.signoff_state(saved)[0] == "valid"


async def test_the_note_of_request_changes_shows_on_the_panel_and_the_sign_off_screen(reviewed_app):
    async with reviewed_app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        screen = await go_to(pilot, "a2")
        panel = str(screen.form.query_one(ReviewPanel).render())
        assert "Changes requested by Matthew Lord (co-chair, Embassy of Australia), 2026-01-15 09:30:" in panel
        assert "Add figures" in panel
        await pilot.press("ctrl+g")
        await pilot.pause()
        table = pilot.app.screen.query_one("DataTable")
        table.move_cursor(row=2)
        await pilot.pause()
        detail = str(pilot.app.screen.query_one("#part-detail").render())
        assert detail.startswith("Proper regulations of Special Economic Zones — complete\nChanges requested by")
        assert detail.endswith("Add figures")
        await pilot.press("escape")
        screen = await go_to(pilot, "a3")
        panel = str(screen.form.query_one(ReviewPanel).render())
        assert "✉ Comment 1 · open" in panel and "k1" not in panel


async def test_a_long_review_record_lists_its_newest_entries_at_once():
    """Thousands of steps took the record half a minute to draw; it lists the newest 500."""
    from textual.app import App
    from textual.widgets import DataTable, Static

    from swgtui.screens.review_dialogs import ReviewLogDialog

    person = {"name": "Ms Keo", "organisation": "UNODC", "role": "reviewer"}
    entries = [
        {
            "at": f"2026-01-01T00:00:{n % 60:02d}+00:00",
            "by": person,
            "action": "comment",
            "part": "a1",
            "detail": f"n{n}",
        }
        for n in range(2_000)
    ]
    app = App()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReviewLogDialog(entries, {"a1": "Enhanced border security"}))
        await pilot.pause()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == ReviewLogDialog.SHOWN
        assert str(table.get_row_at(0)[4]) == "n1999"  # the newest first
        title = str(app.screen.query(Static).first().render())
        assert title == "Review record (the newest 500 of 2,000 entries)"

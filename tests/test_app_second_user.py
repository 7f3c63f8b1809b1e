"""What a second new user ran into, in the app: each driven by Pilot and read back from the
store or the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from swgtui.exchange import Received
from swgtui.identity import save_identity
from swgtui.model import review
from swgtui.model.template import load_template
from swgtui.sample import sample_report
from swgtui.screens.report_list import ReportListScreen
from swgtui.screens.review_dialogs import CommentsDialog
from swgtui.screens.signoff import SignOffScreen
from swgtui.store import ReportStore
from swgtui.workspace import Workspace

from .test_app import notifications, running_app, settle

SAMPLE = "idswg-2020-2021"
NAMED = f"{SAMPLE} (Illicit Drug Sector Working Group 2020/2021)"
NOY = {"name": "Noy Focal", "organisation": "Ministry of Public Security", "role": "focal point"}
LORD = {"name": "Mr Lord", "organisation": "Embassy of the United Kingdom", "role": "co-chair"}


def package_from_another_laptop(tmp_path: Path, name: str) -> Path:
    other = ReportStore(tmp_path / "other" / "store.json", holder="tests")
    with Workspace(other) as reports:
        return reports.send(reports.add(sample_report()), out=tmp_path / name).path


# --- 3: a pasted path; a long summary -----------------------------------------------------------


@pytest.mark.parametrize("pasted", ["'{}'", '"{}"', "file://{}", "  '{}'  "])
async def test_g_takes_a_path_pasted_with_quotes_or_file_url(store_path, tmp_path, monkeypatch, pasted):
    package = package_from_another_laptop(tmp_path, "for review.swgpkg")  # a space: file:// writes %20
    typed = pasted.format(str(package).replace(" ", "%20") if "file://" in pasted else package)
    async with running_app(store_path, report=None) as (app, pilot, store, _):
        told = notifications(app, monkeypatch)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*typed, "enter")
        await settle(pilot)
        assert told and told[-1][0] == "Received", told
        assert [s["id"] for s in store.list_reports()] == [SAMPLE]


async def test_a_long_receive_summary_is_shown_whole_at_80x24(store_path, tmp_path, monkeypatch):
    from swgtui.screens.dialogs import MessageDialog

    notes = [f"row 'added row number {n}' of section A matches no row of the report: not taken" for n in range(12)]
    summary = f"received long.docx into {NAMED}: 3 suggestions (see them: f12 in the report); " + "; ".join(notes)
    monkeypatch.setattr(Workspace, "receive", lambda *_, **__: Received(SAMPLE, False, True, summary))
    async with running_app(store_path, size=(80, 24)) as (app, pilot, _, _):
        told = notifications(app, monkeypatch)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*str(tmp_path / "long.docx"), "enter")
        await settle(pilot)
        assert not told  # too long for a notification at 80x24
        dialog = app.screen
        assert isinstance(dialog, MessageDialog)
        shown = str(dialog.query_one("#message Static", Static).render())
        assert shown.startswith(f"received long.docx into {NAMED}: 3 suggestions")
        assert all(note in shown for note in notes)
        await pilot.press("enter")
        assert isinstance(app.screen, ReportListScreen)


async def test_a_short_receive_summary_is_a_notification_a_note_a_line(store_path, tmp_path, monkeypatch):
    summary = f"received short.docx into {NAMED}: 1 suggestion (see them: f12 in the report); 1 row not taken"
    monkeypatch.setattr(Workspace, "receive", lambda *_, **__: Received(SAMPLE, False, True, summary))
    async with running_app(store_path, size=(80, 24)) as (app, pilot, _, _):
        told = notifications(app, monkeypatch)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*str(tmp_path / "short.docx"), "enter")
        await settle(pilot)
        assert told == [("Received", summary.replace("; ", ";\n"))]


# --- 6: singular and plural ---------------------------------------------------------------------


async def test_one_reply_and_one_open_comment_are_said_in_the_singular(store_path):
    report = sample_report()
    template = load_template("annex2")
    review.add_comment(template, report, "a3", "Update for 2021?", LORD)
    (thread,) = review.threads(report)
    review.add_comment(template, report, "a3", "Yes, by March.", NOY, reply_to=thread["id"])
    with ReportStore(store_path, holder="tests") as store:
        store.add(report)
    save_identity(**NOY)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, CommentsDialog)
        listed = app.screen.query_one(OptionList)
        assert "(1 reply)" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("escape", "ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, SignOffScreen)
        state = str(app.screen.query_one("#signoff-state", Static).render())
        assert ", 1 open comment, " in state and "(s)" not in state
        assert " things missing." in state  # the sample lacks several notes


# --- 4 and 5: the suggestions view stays open; an approval voided by accepting is said --------------


def report_with_two_suggestions(store_path: Path, tmp_path: Path, approved: str = "a2") -> dict:
    """The sample, complete, with Mr Lord's (a reviewer's) suggestions on the progress of rows
    a2 and a3, a long one on a3; `approved` is approved by a co-chair at its current text."""
    from swgtui.model import report as rp
    from swgtui.model import suggestions as sg
    from swgtui.store.history import HistoryLog

    from .conftest import complete_sample

    report = complete_sample(sample_report())
    history = HistoryLog(tmp_path / "start.history.jsonl").new_lines(None, report, NOY)
    reviewer = {**LORD, "role": "reviewer", "name": "Ms Reviewer"}
    made = {}
    long = "\n".join(f"Line {n} of a long text." for n in range(40))
    for part, after in (("a2", "Seizures rose sharply."), ("a3", long)):
        base = next(r for r in history if (r["part"], r["field"]) == (part, "progress"))
        after = after if part == "a2" else f"{base['text']}\n{after}"
        made[part] = sg.add(report, part, "progress", base["id"], base["text"], after, reviewer, AT, "r.docx", True)
    review.set_status(report, approved, "ready", NOY)
    review.set_status(report, approved, "approve", LORD)
    with ReportStore(store_path, holder="tests") as store:
        store.add(report, history)
    return {"a2": made["a2"]["id"], "a3": made["a3"]["id"], "after": made["a3"]["after"], "rp": rp}


AT = "2026-11-25T08:30:00+00:00"


async def test_the_suggestions_view_stays_open_on_the_next_and_says_the_approval_it_voids(
    store_path, tmp_path, monkeypatch
):
    from swgtui.model import suggestions as sg
    from swgtui.screens.review_dialogs import NoteDialog
    from swgtui.screens.suggestions import SuggestionsScreen

    made = report_with_two_suggestions(store_path, tmp_path)
    save_identity(**NOY)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        editor = app.screen
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, SuggestionsScreen)
        assert app.screen.query_one(OptionList).highlighted == 0  # a2's, first in the report's order
        told = notifications(app, monkeypatch)
        await pilot.press("a")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, SuggestionsScreen), told  # open again, on the next one
        assert [e.suggestion["id"] for e in view.entries] == [made["a3"]]
        assert "Line 1 of a long text." in view.query_one("#diff", Static).render().plain
        title, said = told[-1]
        assert title == "Accepted" and "took the suggestion of Ms Reviewer" in said
        assert "This change voids the approval of 'Proper regulations of Special Economic Zones' by Mr Lord" in said
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor  # none left: closed, and said
        title, said = told[-1]
        assert title == "Rejected" and said.endswith("That was the last open suggestion.")
        assert "voids" not in said
        await wait_for_the_save(pilot)
    with ReportStore(store_path, writable=False) as reader:
        report = reader.get(SAMPLE)
    assert made["rp"].get_field(load_template("annex2"), report, "a2", "progress") == "Seizures rose sharply."
    assert (sg.state_of(report, made["a2"]), sg.state_of(report, made["a3"])) == ("accepted", "rejected")
    assert review.part_status(report, "a2") == review.STALE


async def test_at_80x24_the_change_shows_first_and_pgdn_scrolls_it(store_path, tmp_path):
    from textual.containers import VerticalScroll

    from swgtui.screens.suggestions import SuggestionsScreen

    report_with_two_suggestions(store_path, tmp_path)
    save_identity(**NOY)
    async with running_app(store_path, report=None, open_it=True, size=(80, 24)) as (app, pilot, _, _):
        await pilot.press("f12")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, SuggestionsScreen)
        await pilot.press("down")  # a3's: 40 lines
        await pilot.pause()
        pane = view.query_one("#diff-pane", VerticalScroll)
        assert pane.region.height >= 15  # most of the screen's 24 lines
        lines = view.query_one("#diff", Static).render().plain.split("\n")
        assert lines[1].startswith("The change") and "Line 0 of a long text." in "\n".join(lines[2:4])
        assert pane.max_scroll_y > 0 and pane.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert pane.scroll_y > 0
        assert view.query_one(OptionList).highlighted == 1  # the list kept its place


# --- 1 and 2: the status dialog and the review panel --------------------------------------------


def key_bar_text(app) -> str:
    from swgtui.widgets.key_bar import KeyBar

    return " ".join(str(bar.render()) for bar in app.screen.query(KeyBar))


async def test_enter_in_the_organisation_takes_the_step_the_key_bar_names(store_path):
    """A part not yet ready: the focal point's own step first; a name typed offers Approve and
    Request changes, and enter in the organisation requests changes (the highlighted one)."""
    from textual.widgets import Input

    from swgtui.screens.review_dialogs import NoteDialog, StatusDialog

    from .test_app import go_to

    save_identity(**NOY)
    async with running_app(store_path, open_it=True) as (app, pilot, _, report_id):
        await go_to(pilot, "c2")
        await pilot.press("ctrl+r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert "(as focal point)" in str(dialog.query_one("#title", Static).render())
        assert "⏎ Ready for review" in key_bar_text(app)
        dialog.query_one("#behalf-name", Input).focus()
        await pilot.press(*"Mr Lord", "tab", *LORD["organisation"])
        await pilot.pause()
        listed = dialog.query_one("#steps", OptionList)
        # a draft part: an approval waits for "ready", a request for changes may be recorded
        assert [listed.get_option_at_index(i).id for i in range(listed.option_count)] == ["request-changes"]
        title = str(dialog.query_one("#title", Static).render())
        assert title.startswith("Status of ") and title.endswith(" on behalf of Mr Lord")
        assert "⏎ Request changes on their behalf" in key_bar_text(app)
        assert str(dialog.query_one("#hint", Static).render()) == "Enter: request changes on behalf of Mr Lord"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Name the partners.", "ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+q")
    with ReportStore(store_path, writable=False) as reader:
        event = reader.get(report_id)["review"]["events"][-1]
    assert (event["action"], event["part"], event["by"]["name"], event["recorded_by"]["name"]) == (
        "request-changes",
        "c2",
        "Mr Lord",
        "Noy Focal",
    )
    assert event["note"] == "Name the partners."


async def test_a_focal_point_sees_only_their_steps_and_records_a_co_chairs_approval_from_the_panel(store_path):
    from swgtui.screens.review_dialogs import StatusDialog
    from swgtui.widgets.review_panel import RECORD, ReviewPanel

    from .test_app import click_link, go_to

    save_identity(**NOY)
    async with running_app(store_path, open_it=True) as (app, pilot, _, report_id):
        screen = await go_to(pilot, "c2")
        panel = screen.form.query_one(ReviewPanel)
        shown = str(panel.render())
        assert "[Ready for review]" in shown and f"[{RECORD}]" in shown
        assert "[Approve]" not in shown and "[Request changes]" not in shown
        await click_link(pilot, panel, "[Ready for review]")
        await settle(pilot)
        panel = screen.form.query_one(ReviewPanel)
        assert "[Ready for review]" not in str(panel.render())  # ready now: not offered again
        await click_link(pilot, panel, f"[{RECORD}]")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert app.focused is dialog.query_one("#behalf-name")
        await pilot.press(*"Mr Lord", "tab", *LORD["organisation"], "enter")
        await settle(pilot)
        assert "approved by Mr Lord (co-chair, Embassy of the United Kingdom), recorded by Noy Focal" in str(
            screen.form.query_one(ReviewPanel).render()
        )
        await wait_for_the_save(pilot)
    with ReportStore(store_path, writable=False) as reader:
        report = reader.get(report_id)
    assert review.part_status(report, "c2") == review.APPROVED
    event = report["review"]["events"][-1]
    assert (event["action"], event["by"], event["recorded_by"]) == ("approve", LORD, NOY)


async def test_a_co_chair_sees_approve_and_request_changes_but_no_ready(store_path):
    from swgtui.widgets.review_panel import RECORD, ReviewPanel

    from .test_app import go_to

    save_identity(**LORD)
    async with running_app(store_path, open_it=True) as (app, pilot, _, _):
        screen = await go_to(pilot, "c2")
        shown = str(screen.form.query_one(ReviewPanel).render())
        assert "[Request changes]" in shown and "[Comment]" in shown
        assert "[Ready for review]" not in shown and RECORD not in shown
        assert "[Approve]" not in shown  # a draft: not ready for review yet


async def wait_for_the_save(pilot) -> None:
    """A review step is saved after the editor's save delay: wait past it before the store is read."""
    await pilot.pause(0.6)
    await settle(pilot)

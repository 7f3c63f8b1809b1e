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
from swgtui.screens.dialogs import MessageDialog
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

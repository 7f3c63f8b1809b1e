"""The editor, its review dialogs and the sign-off screen in Lao: their own words show in Lao, and
writing, reviewing and signing off work as in English (read back from the store).

The expected words are the catalogue's (`i18n._` once the language is Lao), checked to be Lao
script, so a reviewer's better translation changes no test."""

import re

import pytest
from textual import events
from textual.widgets import Button, DataTable, OptionList, Static

from swgtui import i18n
from swgtui.identity import load_identity, save_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.sample import sample_report
from swgtui.screens.dialogs import ConfirmDialog, TextDialog
from swgtui.screens.review_dialogs import ACTION_NAMES, IdentityDialog, NoteDialog, StatusDialog
from swgtui.screens.signoff import SignOffScreen
from swgtui.store import ReportStore
from swgtui.widgets.review_panel import ReviewPanel
from swgtui.widgets.tick_box import TickBox

from .conftest import complete_sample
from .test_app import T, field_area, go_to, notifications, running_app, settle
from .test_app_review import approved_by_a_co_chair

ROLE_NAMES = review.ROLE_LABELS  # the roles as people read them (one table for the model and the screens)
LAO_SCRIPT = re.compile("[\u0e80-\u0eff]")
NOTE = "ກະລຸນາກວດຄືນຕົວເລກ"  # please check the figures again
WRITTEN = "ການປະຊຸມປະຈຳປີໄດ້ຈັດຂຶ້ນ"  # the annual meeting was held


@pytest.fixture(autouse=True)
def in_lao():
    """The interface in Lao before the app starts (tests/conftest.py sets English back after)."""
    i18n.set_language("lo")


def lao(message: str, **values: object) -> str:
    """`message` as the app shows it in Lao, with its placeholders filled."""
    shown = i18n._(message)
    assert shown != message and LAO_SCRIPT.search(shown), f"no Lao for {message!r}"
    return shown.format(**values) if values else shown


def before(message: str, placeholder: str) -> str:
    """The Lao words of `message` before `placeholder` (to find a line that goes on with a time)."""
    return lao(message).split("{" + placeholder + "}")[0]


def shown(widget) -> str:
    return str(widget.render())


async def paste(pilot, text: str) -> None:
    """Put Lao in the focused field as a terminal delivers it from an input method."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def test_the_editor_speaks_lao_and_lao_written_in_it_is_saved(store_path):
    save_identity("Ms Vanh", "Ministry of Health", "focal point")
    async with running_app(store_path, open_it=True) as (app, pilot, _, report_id):
        screen = await go_to(pilot, "a1")
        assert lao("{percent} complete", percent="").strip() in shown(screen.query_one("#progress"))
        assert str(screen.form.query_one(TickBox).label) == lao("No update this period")
        title = field_area(screen, 0)
        assert lao("Title") in str(title.border_title)
        assert lao("column {number}", number=1) in str(title.border_title)
        assert shown(screen.query_one("#save-state")).startswith(lao("✓ Saved"))
        notes = field_area(screen, 1)
        notes.focus()
        await pilot.pause()
        await paste(pilot, " " + WRITTEN)
        await pilot.pause(0.6)  # past the save delay
        await settle(pilot)
        assert shown(screen.query_one("#save-state")).startswith(before("✓ Saved at {time}", "time"))
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        assert rp.get_field(T, store.get(report_id), "a1", "notes").endswith(" " + WRITTEN)


async def test_the_row_dialogs_ask_in_lao_and_a_row_added_there_is_saved(store_path):
    save_identity("Ms Vanh", "Ministry of Health", "focal point")
    async with running_app(store_path, "Health Sector Working Group", open_it=True) as (app, pilot, _, report_id):
        screen = await go_to(pilot, "partners")
        section = screen._section_name(screen._current_section_id())
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert (app.screen.title_text, app.screen.label) == (
            lao("Add a row to {section}", section=section),
            lao("Title (column 1)"),
        )
        await paste(pilot, "ການຄຸ້ມຄອງສຸຂະພາບ")
        await pilot.press("enter")
        await settle(pilot)
        new_id = screen.part_id
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == lao("Remove the row {title!r} and all its text?", title="ການຄຸ້ມຄອງສຸຂະພາບ")
        assert app.screen.yes_label == lao("Remove")
        await pilot.press("n")  # kept
        await pilot.pause(0.6)
        await settle(pilot)
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        rows = store.get(report_id)["sections"][0]["rows"]
    assert (new_id, "ການຄຸ້ມຄອງສຸຂະພາບ") in [(row["id"], row["title"]) for row in rows]


async def test_a_comment_and_a_status_step_are_asked_for_in_lao_and_recorded(store_path, monkeypatch):
    async with running_app(store_path, open_it=True) as (app, pilot, _, report_id):
        shown_notes = notifications(app, monkeypatch)
        screen = await go_to(pilot, "a1")
        part = screen.part_title("a1")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.title_text == lao("Comment on {part}", part=part)
        assert str(app.screen.query_one("#ok", Button).label) == lao("Save")
        await paste(pilot, NOTE)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, IdentityDialog)  # the first step asks who you are
        texts = [shown(widget) for widget in app.screen.query(Static)]
        assert lao("Who are you?") in texts
        await pilot.press(*"Ms Vanh", "tab", *"MoH", "enter")
        await settle(pilot)
        assert ("", lao("You are {name} ({role}).", name="Ms Vanh", role=lao("focal point"))) in shown_notes
        panel = screen.form.query_one(ReviewPanel)
        assert lao("Comment {number}", number=1) in shown(panel) and NOTE in shown(panel)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, StatusDialog)
        title = lao("Status of {part} (as {role})", part=part, role=lao("focal point"))
        assert shown(app.screen.query_one("#title")) == title
        steps = app.screen.query_one("#steps", OptionList)
        assert str(steps.get_option_at_index(0).prompt) == lao("Ready for review")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        report = store.get(report_id)
    (thread,) = review.threads(report)
    assert (thread["text"], thread["by"]["name"], thread["part"]) == (NOTE, "Ms Vanh", "a1")
    assert review.part_status(report, "a1") == review.READY
    assert load_identity() == {"name": "Ms Vanh", "organisation": "MoH", "role": "focal point"}


async def test_the_sign_off_screen_and_its_dialog_speak_lao_and_the_sign_off_is_recorded(store_path):
    store, report_id, app = approved_by_a_co_chair(store_path, complete_sample(sample_report()))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, SignOffScreen)
        table = app.screen.query_one(DataTable)
        heads = [column.label.plain for column in table.columns.values()]
        assert heads == [lao(word) for word in ("Part", "Status", "Approved by", "When", "Comments")]
        state = shown(app.screen.query_one("#signoff-state"))
        assert lao("Ready for the final sign-off (s).") in state
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.title_text == lao("Sign the report off")
        assert str(app.screen.query_one("#ok", Button).label) == lao("Sign off")
        await paste(pilot, "ຮັບຮອງໃນກອງປະຊຸມ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown(app.screen.query_one("#signoff-state")).startswith(before("✓ Signed off by {who}, {when}", "who"))
        await pilot.press("ctrl+q")
    store.close()
    with ReportStore(store_path) as reopened:
        state, last = review.signoff_state(reopened.get(report_id))
    assert state == "valid" and last is not None and last["note"] == "ຮັບຮອງໃນກອງປະຊຸມ"


async def test_a_sign_off_refused_says_why_in_lao(store_path, monkeypatch):
    save_identity("Mr Lord", "Embassy of Australia", "co-chair")
    async with running_app(store_path, open_it=True) as (app, pilot, _, report_id):
        shown_notes = notifications(app, monkeypatch)
        await pilot.press("ctrl+g")
        await pilot.pause()
        state = shown(app.screen.query_one("#signoff-state"))
        parts = len(rp.part_ids(app.screen.session.report))
        said = i18n.ngettext(
            "Not signed off: {approved} of {count} part approved",
            "Not signed off: {approved} of {count} parts approved",
            parts,
        )
        assert state.startswith(said.format(approved=0, count=parts)) and LAO_SCRIPT.search(said)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SignOffScreen)  # refused: no dialog
        (refusal,) = [message for title, message in shown_notes if title == lao("Cannot sign off")]
        assert refusal.startswith(lao("Not yet:") + "\n")
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        assert review.signoff_state(store.get(report_id))[0] != "valid"


def test_every_role_and_every_action_of_the_review_record_has_its_words():
    """A role or review action the model adds is named in the interface's language too."""
    assert set(ROLE_NAMES) == set(review.ROLES)
    assert set(review.EVENT_ACTIONS) - {"void"} | {"comment", "reply", "approval voided", "sign-off voided"} == set(
        ACTION_NAMES
    )
    assert all(LAO_SCRIPT.search(i18n._(word)) for word in [*ROLE_NAMES.values(), *ACTION_NAMES.values()])

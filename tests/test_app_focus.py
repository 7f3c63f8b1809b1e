"""Pilot tests: the focus stays where the user is typing (after adding a partner, after a
dialog), and the status line tells when the part on screen was saved."""

import pytest

from swgtui.app import make_app
from swgtui.identity import load_identity, save_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.sample import sample_report
from swgtui.screens.dialogs import ChoiceDialog
from swgtui.screens.history import HistoryDialog
from swgtui.store import ReportStore
from swgtui.widgets.outline_tree import OutlineTree
from swgtui.widgets.review_panel import ReviewPanel

from .test_app import SIZE, T, field_area, go_to, running_app, sample_editor, settle, type_and_wait_for_the_save


def partners(store_path, report_id) -> list[tuple[str, str]]:
    with ReportStore(store_path) as reopened:
        row = rp.find_row(reopened.get(report_id), "partners")[1]
    return [(item["name"], item["text"]) for item in row["items"]]


async def test_a_new_partners_narrative_is_typed_right_after_adding_the_partner(store_path):
    async with running_app(store_path, "SWG", open_it=True) as (_, pilot, _, report_id):
        await go_to(pilot, "partners")
        for name in ("Japan", "Canada"):
            await pilot.press("ctrl+n")
            await pilot.pause()
            await pilot.press(*name, "enter")
            await settle(pilot)
            await pilot.press(*f"{name} funds rural roads, drug use treatment and water.")
        await pilot.press("ctrl+q")
    assert partners(store_path, report_id) == [
        ("Japan", "Japan funds rural roads, drug use treatment and water."),
        ("Canada", "Canada funds rural roads, drug use treatment and water."),
    ]


async def test_typing_on_a_partners_line_goes_into_its_narrative_and_its_keys_are_not_letters(store_path):
    async with running_app(store_path, "SWG", open_it=True) as (app, pilot, _, report_id):
        screen = await go_to(pilot, "partners")
        for name in ("Japan", "Canada", "Germany"):
            await pilot.press("ctrl+n")
            await pilot.pause()
            await pilot.press(*name, "enter")
            await settle(pilot)
            await pilot.press(*f"{name} helps.")
        lines = list(screen.form.query(".item"))
        lines[1].focus()  # Canada's line
        await pilot.pause()
        await pilot.press(*" Rural roads, drugs, water: updated.")
        await settle(pilot)
        assert screen.form.focused_field()[0] == lines[1].entry_id  # now in Canada's narrative
        lines = list(screen.form.query(".item"))
        lines[2].focus()  # Germany's line: its keys are shift+↑/↓, f2 and delete
        await pilot.press("shift+up")
        await settle(pilot)
        assert str(app.focused.render()).startswith("Germany")  # the focus follows it
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one("#value").value = ""
        await pilot.press(*"Federal Republic of Germany", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert partners(store_path, report_id) == [
        ("Japan", "Japan helps."),
        ("Federal Republic of Germany", "Germany helps."),
        ("Canada", "Canada helps. Rural roads, drugs, water: updated."),
    ]


async def ready(pilot) -> None:
    await pilot.press("ctrl+r")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChoiceDialog)
    await pilot.press("enter")  # Ready for review


async def request_changes(pilot) -> None:
    await pilot.press("ctrl+r")
    await pilot.pause()
    await pilot.press("down", "enter")  # a co-chair is offered Approve and Request changes
    await pilot.pause()
    await pilot.press(*"Where do the figures come from?", "ctrl+s")


async def comment(pilot) -> None:
    await pilot.press("ctrl+t")
    await pilot.pause()
    await pilot.press(*"Source?", "ctrl+s")


async def retag(pilot) -> None:
    await pilot.press("f9")


STEPS = {  # what is done from the field, by whom, and what it leaves in the report
    "ready": ("focal point", ready, lambda report: review.part_status(report, "a1") == review.READY),
    "request-changes": ("co-chair", request_changes, lambda report: review.changes_request(report, "a1")),
    "comment": ("focal point", comment, lambda report: review.threads(report, "a1")),
    "tag": ("focal point", retag, lambda report: rp.find_row(report, "a1")[1]["tag"] != "SWG/RTIM recommendation"),
}


@pytest.mark.parametrize("name", STEPS)
async def test_after_a_dialog_the_focus_is_back_in_the_field_with_its_cursor_where_it_was(store_path, name):
    role, step, done = STEPS[name]
    save_identity("Ms Vanh", "Ministry of Health", role)
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "a1")
        area = field_area(screen, 1)  # Notes on the situation
        area.focus()
        await pilot.pause()
        area.move_cursor((0, 5))
        before = area.text
        await step(pilot)
        await settle(pilot)
        assert screen.part_id == "a1" and not isinstance(app.focused, OutlineTree)
        await pilot.press("A", "B", "backspace", "C", "up")
        await settle(pilot)
        assert screen.part_id == "a1"
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as reopened:
        report = reopened.get(report_id)
    assert rp.get_field(T, report, "a1", "notes") == before[:5] + "AC" + before[5:]
    assert done(report)


async def test_the_status_line_tells_when_the_part_on_screen_was_saved_not_the_last_save(store_path):
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "c2")
        state = await type_and_wait_for_the_save(pilot, screen, " More.")
        assert state.startswith("✓ Saved at ") and "Innovation and technology" in state
        await pilot.press("alt+up")  # a part not edited: no save time is claimed for it
        await settle(pilot)
        assert str(screen.query_one("#save-state").render()).startswith("✓ Saved — ")
        await pilot.press("alt+down")
        await settle(pilot)
        assert str(screen.query_one("#save-state").render()) == state
        with ReportStore(store_path, writable=False) as reader:
            assert rp.get_field(T, reader.get(report_id), "c2", "narrative").endswith(" More.")


async def test_after_restoring_a_fields_history_the_focus_is_back_in_that_field(store_path):
    save_identity("Ms Vanh", "Ministry of Health", "focal point")
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "a1")
        area = field_area(screen, 2)  # Update on progress: not the part's first field
        area.focus()
        await pilot.pause()
        first = area.text
        await pilot.press(*" A draft sentence.")
        await pilot.pause(0.6)
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, HistoryDialog)
        await pilot.press("down", "r")  # the revision before the draft sentence
        await settle(pilot)
        await pilot.press(*" Checked.")
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as reopened:
        report = reopened.get(report_id)
    assert rp.get_field(T, report, "a1", "progress") == first + " Checked."


async def test_after_resolving_a_comment_in_the_review_panel_r_and_x_act_on_the_same_comment(store_path):
    save_identity("Matthew Lord", "Embassy of Australia", "co-chair")
    report = sample_report()
    for text in ("Which zones?", "Which year?"):
        review.add_comment(T, report, "a2", text, load_identity())
    store = ReportStore(store_path, holder="swgtui app").open()
    report_id = store.add(report)
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        screen = await go_to(pilot, "a2")
        screen.form.query_one(ReviewPanel).focus()
        await pilot.press("down", "x")  # resolve the second comment
        await settle(pilot)
        assert isinstance(pilot.app.focused, ReviewPanel)
        await pilot.press("x")  # reopen it, not resolve the first one
        await settle(pilot)
        await pilot.press("ctrl+q")
    store.close()
    with ReportStore(store_path) as reopened:
        threads = review.threads(reopened.get(report_id), "a2")
    assert [(t["text"], bool(t["resolved"])) for t in threads] == [("Which zones?", False), ("Which year?", False)]

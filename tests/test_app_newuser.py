"""What a new user ran into: each driven by Pilot and read back from the store or the screen."""

import json
from pathlib import Path

from rich.cells import cell_len
from textual import events
from textual.geometry import Region
from textual.widgets import DataTable, Input, OptionList

from swgtui.app import make_app
from swgtui.identity import load_identity, save_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.sample import sample_report
from swgtui.screens.dialogs import ChoiceDialog
from swgtui.screens.editor import EditorScreen
from swgtui.screens.new_report import NewReportDialog
from swgtui.screens.review_dialogs import IdentityDialog, NoteDialog, ReviewLogDialog
from swgtui.screens.signoff import SignOffScreen
from swgtui.store import ReportStore
from swgtui.store.repository import SCHEMA_VERSION
from swgtui.swgs import known_swgs
from swgtui.widgets.contact_list import ContactList
from swgtui.widgets.outline_tree import OutlineTree
from swgtui.widgets.review_panel import ReviewPanel
from tests.conftest import complete_sample, release_0_1_0_store
from tests.test_app import SIZE, T, field_area, go_to, notifications, open_store, running_app, settle, who_is_asked_app
from tests.test_app_review import approved_by_a_co_chair, write_note


async def create_typing(pilot, *keys: str) -> None:
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NewReportDialog)
    await pilot.press(*keys)
    await pilot.pause()


def created(store_path) -> list[str]:
    with ReportStore(store_path, writable=False) as reader:
        return [summary["swg"] for summary in reader.list_reports()]


async def test_enter_on_a_half_typed_swg_takes_the_suggested_swg(store_path):
    async with running_app(store_path, None) as (app, pilot, _, _):
        await create_typing(pilot, *"Heal")
        listed = app.screen.query_one("#swg-list", OptionList)
        shown = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert shown[0] == "Health Sector Working Group" and listed.highlighted == 0
        assert all("heal" in name.casefold() for name in shown)  # the list narrowed as typed
        await pilot.press("enter")
        assert app.screen.query_one("#swg", Input).value == "Health Sector Working Group"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    assert created(store_path) == ["Health Sector Working Group"]


async def test_a_name_that_is_no_swg_is_taken_only_when_confirmed(store_path):
    async with running_app(store_path, None) as (app, pilot, _, _):
        await create_typing(pilot, *"Other Working Group", "enter")
        problem = str(app.screen.query_one("#problem").render())
        assert problem == "Not one of the SWGs — Enter again to use it as typed."
        assert app.screen.focused is app.screen.query_one("#swg", Input)
        await pilot.press("enter", "enter")  # again: taken; then Enter in the period creates it
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    assert created(store_path) == ["Other Working Group"]


async def test_create_on_a_half_typed_name_asks_first_and_down_picks_from_the_list(store_path):
    async with running_app(store_path, None) as (app, pilot, _, _):
        await create_typing(pilot, *"sector")
        app.screen.query_one("#create").press()
        await pilot.pause()
        assert isinstance(app.screen, NewReportDialog)
        assert "press Create again" in str(app.screen.query_one("#problem").render())
        await pilot.press("down", "enter")  # the second SWG that contains "sector"
        second = [name for name in known_swgs() if "sector" in name.casefold()][1]
        assert app.screen.query_one("#swg", Input).value == second
        await pilot.press("enter")
        await settle(pilot)
    assert created(store_path) == [second]


LAO_NAME = "ຄະນະກຳມະການ ສຶກສາ"


async def paste_into(pilot, selector: str, text: str) -> None:
    """Replaces the field's text with `text` as pasted (Lao is pasted or typed with an IME)."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    field.post_message(events.Paste(text))
    await pilot.pause()


async def test_a_lao_name_taken_as_typed_leaves_no_stale_note_nor_empty_list(store_path):
    async with running_app(store_path, None) as (app, pilot, _, _):
        await create_typing(pilot)
        await paste_into(pilot, "#swg", LAO_NAME)
        listed = app.screen.query_one("#swg-list", OptionList)
        assert listed.option_count == 0 and not listed.display  # no SWG matches: no empty box
        await pilot.press("enter")
        assert "Not one of the SWGs" in str(app.screen.query_one("#problem").render())
        await pilot.press("enter")  # taken as typed: on to the period, the note gone
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#period", Input)
        assert str(app.screen.query_one("#problem").render()) == ""
        assert not listed.display
        await paste_into(pilot, "#period", "x")  # a bad period is noted, then editing clears it
        await pilot.press("enter")
        assert str(app.screen.query_one("#problem").render()) != ""
        await pilot.press("backspace", *"2025/2026")
        await pilot.pause()
        assert str(app.screen.query_one("#problem").render()) == ""
        await paste_into(pilot, "#swg", "Heal")  # a name that matches: the list is back
        assert listed.display and listed.option_count >= 1
        await paste_into(pilot, "#swg", LAO_NAME)
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    assert created(store_path) == [LAO_NAME]


def approved_by_three(store_path) -> str:
    """The sample with c2 approved by Mr Lord, then changed, then approved by Ms Keo and by a
    reviewer with a long name: Mr Lord's approval no longer holds; the id stored."""
    report = sample_report()
    focal = {"name": "Ms Vanh", "organisation": "MPS", "role": "focal point"}
    lord = {"name": "Mr Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
    keo = {"name": "Ms Keo", "organisation": "Ministry of Health", "role": "chair"}
    long = {"name": "Dr Phetsamone Vongsavanh", "organisation": "UNDP", "role": "reviewer"}
    review.set_status(report, "c2", "ready", focal)
    review.set_status(report, "c2", "approve", lord)
    rp.set_field(T, report, "c2", "narrative", "Changed after the approval.")
    review.set_status(report, "c2", "approve", keo)
    review.set_status(report, "c2", "approve", long)
    with ReportStore(store_path) as store:
        return store.add(report)


async def test_every_approval_shows_in_the_sign_off_screen_and_the_panel(store_path):
    approved_by_three(store_path)
    async with running_app(store_path, None, open_it=True) as (app, pilot, _, _):
        screen = await go_to(pilot, "c2")
        panel = str(screen.form.query_one(ReviewPanel).render())
        assert "approved by Ms Keo (chair, Ministry of Health), " in panel
        assert "approved by Dr Phetsamone Vongsavanh (reviewer, UNDP), " in panel
        assert "was approved by Mr Lord (co-chair, Embassy of Australia), " in panel
        assert "— the part changed since" in panel.split("Mr Lord")[1].splitlines()[0]
        await pilot.press("ctrl+g")
        await pilot.pause()
        signoff = app.screen
        assert isinstance(signoff, SignOffScreen)
        table = signoff.query_one(DataTable)
        lines = [strip.text for strip in table.render_lines(Region(0, 0, table.size.width, table.size.height))]
        (line,) = [line for line in lines if "Mr Lord" in line]
        assert "! Mr Lord, Ms Keo +1 " in line  # whole names, and how many more
        await pilot.resize_terminal(200, 40)
        await pilot.pause()
        by = str(table.get_cell("c2", "by"))
        assert by == "! Mr Lord, Ms Keo, Dr Phetsamone Vongsavanh"


async def test_f8_on_a_heading_reached_with_alt_down_marks_the_section(store_path):
    async with running_app(store_path, "Health Sector Working Group", open_it=True) as (app, pilot, _, report_id):
        screen = await go_to(pilot, "partners")
        screen.form.focus_first_field()  # typing in the form, then on to the next part
        await pilot.pause()
        await pilot.press("alt+down")  # B has no rows: the walk stops on its heading
        await settle(pilot)
        assert not screen.query_one(OutlineTree).has_focus
        hint = str(screen.query_one("#section-hint").render())
        assert "f3 adds one" in hint and "f8 marks the section 'no update this period'" in hint
        keys = [b.binding.key for b in screen.active_bindings.values() if b.enabled and b.binding.show]
        assert "f8" in keys
        await pilot.press("f8")
        await pilot.pause(0.6)  # past the save delay
        await settle(pilot)
        with ReportStore(store_path, writable=False) as reader:
            assert rp.find_section(reader.get(report_id), "B")["no_update"] is True
        assert "f8" in [b.binding.key for b in screen.active_bindings.values() if b.enabled and b.binding.show]
        hint = str(screen.query_one("#section-hint").render())  # the form says so, and how to undo it
        assert "The section is marked 'no update this period': f8 again unmarks it." in hint
        assert "f8 marks the section" not in hint
        await pilot.press("f8")  # again: unmarked
        await settle(pilot)
        hint = str(screen.query_one("#section-hint").render())
        assert "f8 marks the section 'no update this period'" in hint and "is marked" not in hint
        await pilot.press("ctrl+q")
    with ReportStore(store_path, writable=False) as reader:
        assert not rp.find_section(reader.get(report_id), "B").get("no_update")


async def test_ctrl_q_quits_from_the_review_log(store_path):
    async with running_app(store_path, open_it=True) as (app, pilot, _, _):
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, ReviewLogDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_the_review_log_gives_the_part_its_room_at_120_columns(store_path):
    report = sample_report()
    reviewer = {"name": "Dr Phetsamone Vongsavanh", "organisation": "United Nations Development Programme"}
    review.set_status(report, "a1", "ready", {**reviewer, "role": "focal point"})
    with ReportStore(store_path) as store:
        store.add(report)
    async with running_app(store_path, None, open_it=True) as (app, pilot, _, _):
        await pilot.press("ctrl+l")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        lines = [strip.text for strip in table.render_lines(Region(0, 0, table.size.width, table.size.height))]
        assert any("Enhanced border security" in line for line in lines)
        assert "United Nations" in "\n".join(lines)  # who, wrapped rather than pushing the rest off


async def test_after_signing_off_the_status_line_names_the_sign_off(store_path):
    report = complete_sample(sample_report())
    store, _, app = approved_by_a_co_chair(store_path, report)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+g", "s")
        await pilot.pause()
        await write_note(pilot, "Endorsed")
        await pilot.press("escape")
        await pilot.pause(0.6)  # past the save delay
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditorScreen) and screen.part_id == "header"
        state = str(screen.query_one("#save-state").render())
        assert state.startswith("✓ Saved at ") and state.endswith(" — the sign-off")
        await go_to(pilot, "c2")
        field_area(screen, 0).focus()
        await pilot.press(*" More.")
        await pilot.pause(0.6)
        await settle(pilot)
        assert str(screen.query_one("#save-state").render()).endswith(" — 2. Innovation and technology")
        await pilot.press("ctrl+q")
    store.close()


async def test_read_only_shows_no_change_period_link(store_path):
    with ReportStore(store_path) as store:
        store.add(sample_report())
    store = ReportStore(store_path, writable=False).open()
    async with make_app(store, title_note="read-only").run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        screen = await go_to(pilot, "header")
        title = str(screen.form.query_one(".part-title").render())
        assert "Period: " in title and "[change period]" not in title and "(F6)" not in title
    store.close()


async def test_a_burst_of_keys_with_tab_fills_name_then_organisation(store_path):
    """Keys that arrive at once, as from a fast typist or a terminal sending a burst: the tab
    moves to the organisation before the keys after it are given to a field."""

    async def burst(pilot) -> None:
        assert isinstance(pilot.app.screen, IdentityDialog)
        for key in [*"Noy Focal", "tab", *"Ministry of Health"]:
            character = key if len(key) == 1 else ("\t" if key == "tab" else None)
            pilot.app.post_message(events.Key(key if key != " " else "space", character))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    await who_is_asked_app(store_path, burst)
    identity = load_identity()
    assert identity is not None
    assert (identity["name"], identity["organisation"]) == ("Noy Focal", "Ministry of Health")


def offered(dialog: ChoiceDialog) -> list[str]:
    listed = dialog.query_one(OptionList)
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


def shown_keys(screen) -> list[str]:
    return [b.binding.key for b in screen.active_bindings.values() if b.enabled and b.binding.show]


async def test_the_status_steps_offered_are_those_the_role_may_take(store_path):
    save_identity("Ms Vanh", "Ministry of Health", "focal point")
    async with running_app(store_path, "Health Sector Working Group", open_it=True) as (app, pilot, _, report_id):
        await pilot.press("ctrl+r")  # on the header, as the focal point
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and offered(app.screen) == ["Ready for review"]
        await pilot.press("escape", "ctrl+g")
        await pilot.pause()
        signoff = app.screen
        assert isinstance(signoff, SignOffScreen)
        assert "r" in shown_keys(signoff) and "a" not in shown_keys(signoff) and "x" not in shown_keys(signoff)
        await pilot.press("a", "x")  # not the focal point's steps: nothing happens
        await pilot.pause()
        assert app.screen is signoff
        save_identity("Mr Lord", "Embassy of Australia", "co-chair")
        signoff.refresh_bindings()
        await pilot.pause()
        assert "r" not in shown_keys(signoff) and {"a", "x"} <= set(shown_keys(signoff))
        await pilot.press("r")  # not a co-chair's step
        await pilot.pause()
        assert app.screen is signoff
        await pilot.press("escape", "ctrl+r")
        await pilot.pause()
        # a draft header: approving waits for "ready for review"; only a request for changes is possible now
        assert isinstance(app.screen, ChoiceDialog) and offered(app.screen) == ["Request changes"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await write_note(pilot, "Add the chairs' e-mails")
        await pilot.press("ctrl+q")
    with ReportStore(store_path, writable=False) as reader:
        log = review.review_log(reader.get(report_id))
    assert [(e["action"], e["by"]["role"]) for e in log] == [("request-changes", "co-chair")]


async def test_the_app_says_once_that_a_store_of_release_0_1_0_was_upgraded(tmp_path, monkeypatch):
    old = release_0_1_0_store(tmp_path / "old")
    original = old.read_text(encoding="utf-8")
    said: list[list[tuple[str, str]]] = []
    for _ in range(2):  # the first opening upgrades and says so; the second says nothing
        store = open_store(old)
        app = make_app(store)
        shown = notifications(app, monkeypatch)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await pilot.press("ctrl+q")
        finally:
            store.close()
        said.append([note for note in shown if note[0] == "Store upgraded"])
    assert json.loads(old.read_text(encoding="utf-8"))["store"]["1"]["schema"] == SCHEMA_VERSION
    ((_, message),) = said[0]
    assert message.startswith("store.json was written by an older swgtui (store schema 1)")
    assert f"upgraded to schema {SCHEMA_VERSION}" in message
    backup = Path(message.rsplit("The store as it was is kept in ", 1)[1])  # the store as 0.1.0 left it
    assert backup.parent == old.with_name("store.backups")
    assert (backup / "store.json").read_text(encoding="utf-8") == original
    assert said[1] == []


def columns_at(widget, marker: str) -> list[int]:
    """The cell where `marker` starts on each rendered line of `widget` that shows it."""
    lines = [strip.text for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))]
    return [cell_len(line[: line.index(marker)]) for line in lines if marker in line]


async def test_lao_names_leave_the_next_column_in_place(store_path):
    with ReportStore(store_path) as store:
        lao = store.create("annex2", LAO_NAME, "2025/2026")
        rp.add_contact(T, lao, "focal_government", organisation="ກະຊວງ ສຶກສາທິການ", name="ທ່ານ ສົມພອນ", email="a@b.la")
        rp.add_contact(T, lao, "focal_government", organisation="Ministry", name="Mr Somphone", email="c@d.la")
        store.save(lao)
        store.create("annex2", "Health Sector Working Group", "2025/2026")
    async with running_app(store_path, None) as (app, pilot, _, _):
        await settle(pilot)
        reports = app.screen.query_one("#reports", OptionList)
        assert len(set(columns_at(reports, "2025/2026"))) == 1 and len(columns_at(reports, "2025/2026")) == 2
        app.screen.query_one("#reports", OptionList).highlighted = next(
            i for i in range(reports.option_count) if LAO_NAME in str(reports.get_option_at_index(i).prompt)
        )
        await pilot.press("enter")
        await settle(pilot)
        contacts = app.screen.form.query(ContactList).first()  # as drawn, line by line
        lines = [str(contacts.get_option_at_index(i).prompt) for i in range(contacts.option_count)]
        emails = [cell_len(line[: line.index("✓")]) for line in lines]
        names = [cell_len(line[: line.index(name)]) for line, name in zip(lines, ("ທ່ານ", "Mr Somphone"), strict=True)]
        assert len(lines) == 2 and emails[0] == emails[1] and names[0] == names[1]

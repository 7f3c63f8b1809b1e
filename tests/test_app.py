"""The real app driven by Pilot, read back from the store and from the exported .docx."""

import contextlib
import os
import signal
from pathlib import Path

import pytest
from docx import Document
from rich.cells import cell_len
from textual import events
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from swgtui.app import make_app
from swgtui.identity import load_identity
from swgtui.model import report as rp
from swgtui.model.template import load_template
from swgtui.sample import sample_report
from swgtui.screens.dialogs import ConfirmDialog, ContactDialog, TextDialog
from swgtui.screens.editor import NAVIGATION_WIDTH, EditorScreen
from swgtui.screens.new_report import NewReportDialog
from swgtui.screens.report_list import ReportListScreen
from swgtui.screens.review_dialogs import IdentityDialog
from swgtui.store import ReportStore, StoreError
from swgtui.widgets.contact_list import ContactList
from swgtui.widgets.field_area import FieldArea, wrapped_lines
from swgtui.widgets.key_bar import KeyBar
from swgtui.widgets.outline_tree import OutlineTree

T = load_template("annex2")
SIZE = (120, 40)
SAMPLE = "the sample"


def open_store(path: Path) -> ReportStore:
    return ReportStore(path, holder="swgtui app").open()


@contextlib.asynccontextmanager
async def running_app(store_path: Path, report: str | None = SAMPLE, open_it: bool = False, size=SIZE):
    """The app on a store holding the sample (SAMPLE), a new empty report for the SWG named
    `report` (period 2025/2026), or nothing (None); with open_it, that report open in the editor.

    Yields the app, its pilot, the store and the report's id; the store is closed after the app."""
    store = open_store(store_path)
    report_id = None
    if report == SAMPLE:
        report_id = store.add(sample_report())
    elif report is not None:
        report_id = store.create("annex2", report, "2025/2026")["id"]
    app = make_app(store)
    try:
        async with app.run_test(size=size) as pilot:
            if open_it:
                await pilot.press("enter")
                await settle(pilot)  # the report is read in a worker, then the editor shown
            yield app, pilot, store, report_id
    finally:
        store.close()


@contextlib.asynccontextmanager
async def sample_editor(store_path: Path):
    """The app on a store holding the sample, with the sample open in the editor."""
    async with running_app(store_path, open_it=True) as (app, pilot, _, report_id):
        yield app, pilot, report_id


async def go_to(pilot, part_id: str) -> EditorScreen:
    screen = pilot.app.screen
    assert isinstance(screen, EditorScreen)
    parts = rp.part_ids(screen.report)
    while screen.part_id != part_id:
        step = "alt+down" if parts.index(part_id) > parts.index(screen.part_id) else "alt+up"
        await pilot.press(step)
    await settle(pilot)
    return screen


async def settle(pilot) -> None:
    """Let the editor finish rendering the selected part's form."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def field_area(screen: EditorScreen, index: int) -> TextArea:
    return list(screen.form.query("TextArea.field").results(TextArea))[index]


async def type_and_wait_for_the_save(pilot, screen: EditorScreen, text: str) -> str:
    """Type `text` into the part's first field and wait past the save delay; the status line."""
    field_area(screen, 0).focus()
    await pilot.press(*text)
    await pilot.pause(0.6)
    await settle(pilot)
    return str(screen.query_one("#save-state").render())


async def click_link(pilot, widget: Widget, label: str) -> None:
    """Click the link `label` where the widget draws it (links are text in a line, not buttons)."""
    widget.scroll_visible(animate=False)
    await pilot.pause()
    region = widget.region
    for y, strip in enumerate(widget.render_lines(Region(0, 0, region.width, region.height))):
        text = strip.text
        if label in text:
            x = cell_len(text[: text.index(label)])
            await pilot.click(offset=(region.x + x + 1, region.y + y))
            await pilot.pause()
            return
    raise AssertionError(f"no link {label!r} in {widget!r}")


async def test_create_a_report_type_into_a_row_quit_and_find_the_text_again(store_path):
    async with running_app(store_path, None) as (app, pilot, store, _):
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewReportDialog)
        await pilot.press(*"Health Sector Working Group", "enter")
        app.screen.query_one("#period", Input).value = ""
        await pilot.press(*"2025/2026", "enter")
        await pilot.pause()
        screen = await go_to(pilot, "c2")
        field_area(screen, 0).focus()
        await pilot.press(*"Digital forensics lab opened [bold]x[/] a [/] b")
        await pilot.pause(0.8)  # saved within a second, while the app is still open
        report_id = screen.report["id"]
        with ReportStore(store_path, writable=False) as reader:
            on_disk = rp.get_field(T, reader.get(report_id), "c2", "narrative")
        assert on_disk == "Digital forensics lab opened [bold]x[/] a [/] b"
        assert "Saved" in str(screen.query_one("#save-state").render())
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        (summary,) = store.list_reports()
        assert (summary["swg"], summary["period"]) == ("Health Sector Working Group", "2025/2026")
        report = store.get(summary["id"])
    assert rp.get_field(T, report, "c2", "narrative") == "Digital forensics lab opened [bold]x[/] a [/] b"


async def test_typing_then_quitting_at_once_loses_nothing(store_path):
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "a2")
        area = field_area(screen, 3)  # title, notes, progress, challenges
        area.focus()
        await pilot.pause()
        app.post_message(events.Paste("ສິ່ງທ້າທາຍ"))  # as a terminal delivers Lao typed with an IME
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        assert rp.get_field(T, store.get(report_id), "a2", "challenges") == "ສິ່ງທ້າທາຍ"


async def test_moving_on_while_writing_goes_on_writing_in_the_next_row(store_path):
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "a1")
        field_area(screen, 1).focus()  # notes
        await pilot.press("alt+down")
        await settle(pilot)
        assert screen.part_id == "a2" and app.focused is field_area(screen, 1)
        await pilot.press(*" Typed here.")
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        report = store.get(report_id)
    assert rp.get_field(T, report, "a2", "notes").endswith(" Typed here.")
    assert not rp.get_field(T, report, "a1", "notes").endswith(" Typed here.")


async def test_ctrl_e_writes_a_docx_holding_the_typed_text(store_path, tmp_path):
    async with sample_editor(store_path) as (app, pilot, _):
        screen = await go_to(pilot, "a5")
        field_area(screen, 3).focus()
        await pilot.press(*"Typed in the app", "ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
    path = tmp_path / "exports" / "Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021-DRAFT.docx"
    table = Document(str(path)).tables[0]
    row = next(r for r in table.rows if r.cells[0].text.startswith("Strengthen systems for data gathering"))
    assert row.cells[2].text == "Typed in the app"


async def test_rows_are_added_retagged_moved_marked_and_removed(store_path):
    async with running_app(store_path, "Health Sector Working Group", open_it=True) as (app, pilot, _, report_id):
        screen = await go_to(pilot, "partners")
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Universal health coverage [/]", "enter")
        await pilot.pause()
        new_id = screen.part_id
        assert new_id != "partners"
        tree = screen.query_one(OutlineTree)
        assert "Universal health coverage [/]" in tree.part_nodes[new_id].label.plain
        await pilot.press("f9")  # SWG/RTIM recommendation -> Call For Action
        await pilot.press("ctrl+up")  # above the partners row
        await pilot.press("f8")  # no update this period
        await pilot.pause(0.5)
        with ReportStore(store_path, writable=False) as reader:
            rows = reader.get(report_id)["sections"][0]["rows"]
        assert [r["id"] for r in rows] == [new_id, "partners"]
        assert rows[0]["tag"] == "Call For Action" and rows[0]["no_update"] is True
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        assert [r["id"] for r in store.get(report_id)["sections"][0]["rows"]] == ["partners"]


async def test_fixed_rows_cannot_be_removed(store_path):
    async with running_app(store_path, "SWG", open_it=True) as (app, pilot, _, _):
        await go_to(pilot, "c2")
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)  # no dialog: the action is disabled


async def test_contacts_are_added_edited_and_removed_with_their_email_checked(store_path):
    async with running_app(store_path, "SWG", open_it=True) as (app, pilot, _, report_id):
        await settle(pilot)
        screen = app.screen
        await click_link(pilot, screen.form.query(".field-label").first(), "[+ add]")
        assert isinstance(app.screen, ContactDialog)
        await pilot.press("tab", *"Ms Vanh", "tab", *"vanh@moh")
        await pilot.pause()
        assert "invalid" in str(app.screen.query_one("#email-check").render())
        await pilot.press(*".gov.la")
        await pilot.pause()
        assert "✓ valid" in str(app.screen.query_one("#email-check").render())
        await pilot.press("enter")
        await settle(pilot)
        contacts = screen.form.query_one(ContactList)
        assert contacts.has_focus and contacts.option_count == 1
        assert "✓ vanh@moh.gov.la" in str(contacts.get_option_at_index(0).prompt)
        await pilot.press("ctrl+n")  # a second contact in the list that has the focus
        await pilot.pause()
        await pilot.press(*"MoH", "tab", *"Mr Somphone", "tab", *"not-an-address", "enter")
        await settle(pilot)
        contacts = screen.form.query_one(ContactList)
        assert contacts.option_count == 2 and "✗ not-an-address" in str(contacts.get_option_at_index(1).prompt)
        await pilot.press("enter")  # edits the contact under the cursor: the one just added
        await pilot.pause()
        assert isinstance(app.screen, ContactDialog)
        app.screen.query_one("#email", Input).value = "somphone@moh.gov.la"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("up", "delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "Ms Vanh" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        contacts = store.get(report_id)["header"]["contacts"]["focal_government"]
    assert len(contacts) == 1 and len(contacts[0].pop("id")) == 26  # a ULID, kept through the edit
    assert contacts == [{"organisation": "MoH", "name": "Mr Somphone", "email": "somphone@moh.gov.la"}]


async def test_a_report_is_deleted_only_after_confirmation(store_path):
    async with running_app(store_path) as (app, pilot, store, _):
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert len(store.list_reports()) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert store.list_reports() == []


def notifications(app, monkeypatch) -> list[tuple[str, str]]:
    """Every (title, message) the app notifies from now on."""
    shown: list[tuple[str, str]] = []
    notify = app.notify

    def record(message, *, title="", **options):
        shown.append((title, message))
        return notify(message, title=title, **options)

    monkeypatch.setattr(app, "notify", record)
    return shown


async def test_a_damaged_report_is_reported_when_opened_and_the_list_stays(store_path, monkeypatch):
    with ReportStore(store_path) as store:
        report_id = store.add(sample_report())
        damaged = store.reports_dir / f"{report_id}.json"
    damaged.write_bytes(b'{"_default": {"1": {"id": ')
    async with running_app(store_path, None) as (app, pilot, _, _):
        shown = notifications(app, monkeypatch)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportListScreen)
        (title, message), *_ = shown
        assert title == "Cannot open" and "is damaged or not a swgtui file" in message
    assert damaged.read_bytes() == b'{"_default": {"1": {"id": '  # left untouched


async def test_a_failed_delete_is_shown_and_keeps_the_report(store_path, monkeypatch):
    store = open_store(store_path)
    store.add(sample_report())
    app = make_app(store)
    shown = notifications(app, monkeypatch)

    def disk_full(report_id):
        raise StoreError("the disk is full")

    monkeypatch.setattr(store, "delete", disk_full)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert ("Not deleted", "the disk is full") in shown
        assert len(app.screen.query_one("#reports").options) == 1
    store.close()


@pytest.mark.parametrize("command", ["Export to Word (.docx)", "New report"])
async def test_screen_actions_are_in_the_command_palette(store_path, command):
    async with running_app(store_path) as (app, pilot, _, _):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert command in titles
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()  # the report is read in a worker
        await pilot.pause()
        editor_titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {
            "Next part (row)",
            "Add row to this section",
            "Export to Word (.docx)",
            "Export to Markdown (.md)",
            "Back to the report list (saves first)",
            "Add contact (header block) or partner",
        } <= set(editor_titles)


async def test_fast_navigation_shows_the_selected_part_and_changes_nothing(store_path):
    async with running_app(store_path) as (app, pilot, store, report_id):
        before = (store.reports_dir / f"{report_id}.json").read_bytes()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()  # the report is read in a worker
        await pilot.pause()
        await pilot.press(*["alt+down"] * 9)
        await settle(pilot)
        screen = app.screen
        assert screen.part_id == "partners"
        assert "Support from other development partners" in str(screen.form.query_one(".part-title").render())
        await pilot.press("down", "down")  # the outline has the focus: arrows walk the rows
        await settle(pilot)
        assert screen.part_id == "a10"
        assert "To have more expanded participation" in str(screen.form.query_one(".part-title").render())
        await pilot.press("ctrl+q")
    assert (store.reports_dir / f"{report_id}.json").read_bytes() == before


async def test_a_failed_save_is_shown_keeps_the_text_and_is_retried(store_path, monkeypatch):
    store = open_store(store_path)
    report_id = store.create("annex2", "SWG", "2025/2026")["id"]
    real_save = store.save
    failures = []

    def full_disk(report, **_):
        failures.append(1)
        raise StoreError("cannot save to store.reports: No space left on device")

    monkeypatch.setattr(store, "save", full_disk)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()  # the report is read in a worker
        await pilot.pause()
        screen = await go_to(pilot, "c2")
        state = await type_and_wait_for_the_save(pilot, screen, "kept in memory")
        assert "Not saved" in state and "No space left on device" in state
        assert failures
        monkeypatch.setattr(store, "save", real_save)  # room again: the retry goes through
        await pilot.pause(2.5)
        await settle(pilot)
        assert "Saved at" in str(screen.query_one("#save-state").render())
    store.close()
    with ReportStore(store_path) as reopened:
        assert rp.get_field(T, reopened.get(report_id), "c2", "narrative") == "kept in memory"


async def test_partners_are_added_with_a_key_and_tags_chosen_in_the_form(store_path):
    async with running_app(store_path, "SWG", open_it=True) as (app, pilot, _, report_id):
        await click_link(pilot, app.screen.query_one(KeyBar), "f1 Keys")  # the key bar presses keys too
        assert app.screen.query("KeysPanel")
        await pilot.press("f1")
        screen = await go_to(pilot, "partners")
        assert not screen.form.query(".item")  # a new report names no partners
        await pilot.press("ctrl+n")  # the name is asked first; an empty one is refused
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")
        assert isinstance(app.screen, TextDialog)
        assert "Please type" in str(app.screen.query_one("#problem").render())
        await pilot.press(*"Japan", "enter")
        await settle(pilot)
        for name in ("Canada", "Switzerland"):
            await click_link(pilot, screen.form.query_one("LinkLine.field-label"), "[+ Add development partner]")
            await pilot.press(*name, "enter")
            await settle(pilot)
        assert [str(item.render()).split()[0] for item in screen.form.query(".item")] == [
            "Japan",
            "Canada",
            "Switzerland",
        ]
        await click_link(pilot, screen.form.query(".item").last(), "[↑]")
        await settle(pilot)
        assert str(screen.form.query(".item").last().render()).startswith("Canada")
        line = next(item for item in screen.form.query(".item") if str(item.render()).startswith("Switzerland"))
        line.focus()  # the same by keys, with the partner's line focused
        await pilot.press("shift+up")
        await settle(pilot)
        assert str(screen.form.query(".item")[-3].render()).startswith("Switzerland")
        assert str(app.focused.render()).startswith("Switzerland")  # the focus follows it
        await pilot.press("shift+down", "f2")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one("#value", Input).value = ""
        await pilot.press(*"Confederation of Switzerland", "enter")
        await settle(pilot)
        assert str(app.focused.render()).startswith("Confederation of Switzerland")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press(*"Row with a tag", "enter")
        await settle(pilot)
        await click_link(pilot, screen.form.query_one(".part-title"), "[change tag]")
        await settle(pilot)
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as reopened:
        report = reopened.get(report_id)
    partners = rp.find_row(report, "partners")[1]
    assert [item["name"] for item in partners["items"][-2:]] == ["Confederation of Switzerland", "Canada"]
    added = report["sections"][0]["rows"][-2]  # new rows go before the partners row that ends A
    assert (added["title"], added["tag"]) == ("Row with a tag", "Call For Action")


async def test_a_word_file_is_imported_from_the_report_list(store_path, tmp_path):
    from swgtui.exports.files import export_docx

    path = export_docx(sample_report(), tmp_path / "annex.docx").path
    async with running_app(store_path, None) as (app, pilot, store, _):
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one("#value", Input).value = str(path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (summary,) = store.list_reports()
        assert (summary["swg"], summary["period"]) == ("Illicit Drug Sector Working Group", "2020/2021")
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#value", Input).value = str(tmp_path / "missing.docx")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(store.list_reports()) == 1


async def test_fields_are_as_tall_as_their_text_from_the_first_frame(store_path):
    """The height estimated before layout (so a form is laid out once) is the height measured."""
    async with sample_editor(store_path) as (app, pilot, report_id):
        checked = 0
        for part_id in ("a1", "a2", "a8", "partners", "c1"):
            screen = await go_to(pilot, part_id)
            for area in screen.form.query(FieldArea).results(FieldArea):
                if area.wrapped_document.height < FieldArea.MAX_LINES:
                    assert wrapped_lines(area.text, area.wrap_width) == area.wrapped_document.height
                    estimate = wrapped_lines(area.text, app.size.width - NAVIGATION_WIDTH - FieldArea.AROUND)
                    assert estimate == area.wrapped_document.height, area.text[:40]
                    checked += 1
        assert checked >= 20


async def test_an_empty_section_is_reached_given_rows_from_its_heading_and_rows_move_into_it(store_path, monkeypatch):
    async with running_app(store_path, "Health Sector Working Group", open_it=True) as (app, pilot, _, report_id):
        shown = notifications(app, monkeypatch)
        screen = await go_to(pilot, "partners")
        await pilot.press("alt+down")  # B has no rows: the walk stops on its heading
        await settle(pilot)
        tree = screen.query_one(OutlineTree)
        assert tree.cursor_node is tree.section_nodes["B"]
        assert "No rows yet" in str(screen.query_one("#section-hint").render())
        await pilot.press("h")  # no part to type into: refused, visibly
        assert shown[-1][1] == "This section has no rows yet: press f3 to add one, then type."
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Radio spots", "enter")
        await settle(pilot)
        radio = screen.part_id
        await go_to(pilot, "partners")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press(*"Workshop on data", "enter")
        await settle(pilot)
        workshop = screen.part_id  # added before the partners row, A's last
        await pilot.press("ctrl+down")  # below the partners row
        await settle(pilot)
        await pilot.press("ctrl+down")  # the last row of A goes to the top of B
        await settle(pilot)
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        sections = {s["id"]: s["rows"] for s in store.get(report_id)["sections"]}
    assert [r["id"] for r in sections["A"]] == ["partners"]
    assert [(r["id"], r["kind"]) for r in sections["B"]] == [(workshop, "activity"), (radio, "activity")]
    assert [r["title"] for r in sections["B"]] == ["Workshop on data", "Radio spots"]


async def test_moving_a_row_into_a_section_without_tags_says_its_tag_was_dropped(store_path, monkeypatch):
    async with sample_editor(store_path) as (app, pilot, report_id):
        shown = notifications(app, monkeypatch)
        await go_to(pilot, "a11")
        await pilot.press("ctrl+down")  # the last row of A goes to the top of B, which has no tags
        await settle(pilot)
        assert ("", "Moved: its tag 'Call For Action' was dropped: section B has no tags.") in shown
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        moved = rp.find_row(store.get(report_id), "a11")
    assert (moved[0]["id"], moved[1]["tag"]) == ("B", "")


async def test_f3_on_a_section_heading_adds_the_row_to_that_section(store_path):
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "a2")
        tree = screen.query_one(OutlineTree)
        tree.focus()
        tree.move_cursor(tree.section_nodes["B"])  # as the arrow keys or a click do
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press(*"Press conference", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        sections = {s["id"]: s["rows"] for s in store.get(report_id)["sections"]}
    assert sections["B"][-1]["title"] == "Press conference"
    assert "Press conference" not in [r["title"] for r in sections["A"]]


async def test_typing_in_the_outline_goes_into_the_parts_first_field(store_path):
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = app.screen
        before = rp.get_field(T, screen.report, "a1", "notes")
        assert isinstance(app.focused, OutlineTree)
        await pilot.press("alt+down")  # from the outline: the focus stays there
        await settle(pilot)
        assert screen.part_id == "a1" and isinstance(app.focused, OutlineTree)
        await pilot.press(*"abc d")
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        assert rp.get_field(T, store.get(report_id), "a1", "notes") == before + "abc d"


async def test_typing_on_the_no_update_box_goes_into_the_parts_first_field(store_path):
    """Tab from the outline lands on the "No update this period" box: a letter typed there
    used to vanish."""
    from swgtui.widgets.tick_box import TickBox

    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = app.screen
        before = rp.get_field(T, screen.report, "a1", "notes")
        await pilot.press("alt+down")
        await settle(pilot)
        screen.form.query_one(TickBox).focus()
        await pilot.press(*"Also")
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        saved = store.get(report_id)
    assert rp.get_field(T, saved, "a1", "notes") == before + "Also"
    assert rp.find_row(saved, "a1")[1]["no_update"] is False


async def test_the_period_is_checked_a_second_report_is_asked_for_and_the_period_is_changed(store_path):
    async with running_app(store_path, "Health Sector Working Group") as (app, pilot, store, first_id):
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Health Sector Working Group", "enter")
        app.screen.query_one("#period", Input).value = ""
        await pilot.press(*"next year", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewReportDialog)
        assert "'next year' is not a year" in str(app.screen.query_one("#problem").render())
        app.screen.query_one("#period", Input).value = ""
        await pilot.press(*"2025-26", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewReportDialog)  # the same SWG and period: asked first
        assert "exists already" in str(app.screen.query_one("#problem").render())
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditorScreen) and screen.report["id"] != first_id
        await pilot.press("f6")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        dialog.query_one("#value", Input).value = "X"
        await pilot.press("enter")
        await pilot.pause()
        assert "'X' is not a year" in str(dialog.query_one("#problem").render())
        dialog.query_one("#value", Input).value = "2026/27"
        await pilot.press("enter")
        await settle(pilot)
        assert "2026/2027" in str(screen.query_one("#report-title").render())
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as reopened:
        periods = sorted(s["period"] for s in reopened.list_reports())
    assert periods == ["2025/2026", "2026/2027"]


async def who_is_asked_app(store_path: Path, pilot_steps) -> str:
    """Run the app as the command line does (asking who the user is), on the sample."""
    store = open_store(store_path)
    report_id = store.add(sample_report())
    try:
        async with make_app(store, ask_who=True).run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot_steps(pilot)
            await pilot.press("ctrl+q")
    finally:
        store.close()
    return report_id


def notes_authors(store_path: Path, report_id: str) -> list[str | None]:
    with ReportStore(store_path) as store:
        history = store.full_history(report_id)
    return [(e["by"] or {}).get("name") for e in history if (e["part"], e["field"]) == ("a1", "notes")]


async def test_who_the_user_is_is_asked_at_first_start_and_the_history_records_them(store_path):
    async def steps(pilot):
        assert isinstance(pilot.app.screen, IdentityDialog)
        await pilot.press(*"Ms Vanh", "tab", *"Ministry of Health", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReportListScreen)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("alt+down", *"More.")
        await pilot.pause(0.8)
        assert not isinstance(pilot.app.screen, IdentityDialog)  # asked once

    report_id = await who_is_asked_app(store_path, steps)
    assert notes_authors(store_path, report_id)[-1] == "Ms Vanh"


async def test_skipped_at_start_who_is_asked_again_at_the_first_edit_which_waits_for_the_answer(store_path):
    async def steps(pilot):
        assert isinstance(pilot.app.screen, IdentityDialog)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("alt+down", "x")
        await pilot.pause(0.8)
        assert isinstance(pilot.app.screen, IdentityDialog)
        await pilot.press(*"Mr Somsak", "enter")
        await pilot.pause(0.8)
        await pilot.press("y")
        await pilot.pause(0.8)
        assert not isinstance(pilot.app.screen, IdentityDialog)  # not a third time

    report_id = await who_is_asked_app(store_path, steps)
    assert notes_authors(store_path, report_id)[-2:] == ["Mr Somsak", "Mr Somsak"]
    assert load_identity()["name"] == "Mr Somsak"


def test_the_command_line_app_asks_who_the_user_is(store_path, monkeypatch):
    from click.testing import CliRunner

    from swgtui.app import SwgApp
    from swgtui.cli import main

    started = []
    monkeypatch.setattr("swgtui.cli.base.has_terminal", lambda: True)
    monkeypatch.setattr(SwgApp, "run", lambda app: started.append(app.ask_who))
    assert CliRunner().invoke(main, ["--db", str(store_path)]).exit_code == 0
    assert started == [True]


async def test_text_typed_just_before_the_app_dies_of_an_error_is_saved(store_path, monkeypatch):
    monkeypatch.setattr("swgtui.screens.editor.SAVE_DELAY", 60)  # no save of its own before the crash

    def crash():
        raise RuntimeError("an unexpected error")

    with pytest.raises(RuntimeError, match="an unexpected error"):
        async with sample_editor(store_path) as (app, pilot, report_id):
            screen = await go_to(pilot, "c2")
            area = field_area(screen, 0)
            area.focus()
            area.move_cursor(area.document.end)
            await pilot.press(*" rescued")
            await pilot.pause()
            app.call_later(crash)
            await pilot.pause()
    assert app.return_code == 1
    with ReportStore(store_path) as store:
        assert rp.get_field(T, store.get(report_id), "c2", "narrative").endswith(" rescued")


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
async def test_text_typed_just_before_the_app_is_stopped_by_a_signal_is_saved(store_path, monkeypatch, name):
    """Closing the terminal (SIGHUP) or `kill` (SIGTERM) within the save delay: saved, then the
    app ends with the signal's status (128 + its number) and stops handling it."""
    number = getattr(signal, name)
    monkeypatch.setattr("swgtui.screens.editor.SAVE_DELAY", 60)  # no save of its own before the signal
    ended: list[int] = []  # the terminal gone (SIGHUP): the process ends at once, the store closed first
    monkeypatch.setattr(os, "_exit", lambda status: ended.append(status))
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "c2")
        area = field_area(screen, 0)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*" kept")
        os.kill(os.getpid(), number)
        await pilot.pause()
        await pilot.pause()
        if name == "SIGHUP":
            assert ended == [128 + number]
    assert app.return_code == 128 + number
    with ReportStore(store_path) as store:
        assert rp.get_field(T, store.get(report_id), "c2", "narrative").endswith(" kept")
    assert signal.getsignal(number) in (signal.SIG_DFL, signal.default_int_handler)  # handed back


@pytest.mark.parametrize("size", [(15, 5), (1, 1)])
async def test_the_app_works_at_any_size_however_small(store_path, size):
    async with running_app(store_path, size=size) as (app, pilot, _, report_id):
        await pilot.press("down", "up", "n", "escape", "f1", "f1", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("alt+down", "alt+down", "alt+up")  # the header, with its contact lists, and back
        await settle(pilot)
        part = app.screen.part_id
        field = rp.field_ids(T, app.screen.report, part)[0]  # the first field after the title
        field_area(app.screen, 1).focus()
        await pilot.press("ctrl+end", *" small", "ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    with ReportStore(store_path) as store:
        assert rp.get_field(T, store.get(report_id), part, field).endswith(" small")


async def _typed_on_opening(store_path: Path, burst: bool) -> rp.Report:
    """The sample opened with enter, two rows down, a word typed: in one burst (as a terminal
    delivers keys typed fast, before the report is read) or one key at a time."""
    keys = ["enter", "alt+down", "alt+down", *"early"]
    async with running_app(store_path) as (app, pilot, _, report_id):
        if burst:
            for key in keys:
                app.post_message(events.Key(key, key if len(key) == 1 else None))
        else:
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        return store.get(report_id)


async def test_keys_typed_while_a_report_opens_act_in_its_editor_in_the_order_typed(tmp_path):
    slowly = await _typed_on_opening(tmp_path / "slow" / "store.json", burst=False)
    at_once = await _typed_on_opening(tmp_path / "fast" / "store.json", burst=True)
    changed = [
        (part, field)
        for part in rp.part_ids(slowly)
        for field in rp.field_ids(T, slowly, part)
        if rp.get_field(T, slowly, part, field) != rp.get_field(T, sample_report(), part, field)
    ]
    assert len(changed) == 1  # the word went into one field, two parts down
    part, field = changed[0]
    assert "early" in rp.get_field(T, slowly, part, field)
    assert rp.get_field(T, at_once, part, field) == rp.get_field(T, slowly, part, field)
    assert rp.get_field(T, at_once, rp.HEADER_ID, "swg_name") == rp.get_field(
        T, sample_report(), rp.HEADER_ID, "swg_name"
    )


async def test_text_over_the_limit_is_never_left_behind_without_a_word(store_path):
    """A field made longer than its limit on screen is not saved: the save state says so, leaving
    the report is refused with the reason, and quitting asks before losing it."""
    long_text = "ມ" * (rp.TEXT_MAX - 1)
    with ReportStore(store_path) as store:
        report = sample_report()
        rp.set_field(T, report, "c2", "challenges", long_text)
        report_id = store.add(report)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        screen = await go_to(pilot, "c2")
        area = next(a for a in screen.form.query(FieldArea) if a.text == long_text)
        area.focus()
        await pilot.press("ctrl+end", *"ZZ")
        await settle(pilot)
        state = str(screen.query_one("#save-state", Static).render())
        assert state.startswith("✗ Not saved") and "longer than" in state
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen  # not left: the text is still on screen to be shortened
        assert area.text.endswith("ZZ")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "could not be saved" in str(app.screen.question)
        await pilot.press("escape")  # stay, and shorten it
        await settle(pilot)
        await pilot.press("backspace", "backspace", "backspace")
        await settle(pilot)
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as store:
        assert rp.get_field(T, store.get(report_id), "c2", "challenges") == long_text[:-1]


async def test_app_keys_typed_while_a_report_opens_act_too(store_path):
    """f1 and ctrl+q (the app's own keys) typed at once after enter act once the editor is shown."""
    from swgtui.widgets.keys_panel import KeysPanel

    async with running_app(store_path) as (app, pilot, _, _):
        for key in ("enter", "f1"):
            app.post_message(events.Key(key, None))
        await settle(pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, EditorScreen) and app.screen.query(KeysPanel)
        for key in ("escape", "enter", "ctrl+q"):
            app.post_message(events.Key(key, None))
        await settle(pilot)
        await pilot.pause(0.3)
        assert app.return_code == 0 and not app.is_running

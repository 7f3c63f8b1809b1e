"""What people see: titles and labels instead of ids, the command palette in their words, the
keys of the app first, an unambiguous no-update box, and a usable screen at 80×24."""

from pathlib import Path

from click.testing import CliRunner
from rich.cells import cell_len
from textual.command import CommandPalette
from textual.geometry import Region
from textual.widgets import DataTable, OptionList

from swgtui.cli import main
from swgtui.model import report as rp
from swgtui.sample import sample_report
from swgtui.screens.history import HistoryDialog
from swgtui.screens.signoff import SignOffScreen
from swgtui.store import ReportStore
from swgtui.widgets.contact_list import ContactList
from swgtui.widgets.key_bar import KeyBar
from swgtui.widgets.keys_panel import KeysPanel, key_groups
from swgtui.widgets.tick_box import TickBox
from tests.test_app import T, field_area, go_to, running_app, sample_editor, settle

SMALL = (80, 24)


def shown(widget) -> str:
    return str(widget.render())


# --- no ids where people read (item 13) --------------------------------------------------------


async def test_the_status_line_and_the_form_name_the_row_by_its_title(store_path):
    async with sample_editor(store_path) as (app, pilot, _):
        screen = await go_to(pilot, "partners")
        field_area(screen, 0).focus()
        await pilot.press(*" More.")
        await pilot.pause(0.6)
        await settle(pilot)
        state = shown(screen.query_one("#save-state"))
        assert state.startswith("✓ Saved at") and "Support from other development partners" in state
        assert "partners" not in state.replace("development partners", "")
        heading = shown(screen.form.query_one(".part-title"))
        assert "id partners" not in heading and "· id" not in heading


async def test_the_history_dialog_names_the_field_by_its_label_and_fits_80_columns(store_path):
    async with running_app(store_path, size=SMALL, open_it=True) as (app, pilot, _, _):
        screen = await go_to(pilot, "a1")
        field_area(screen, 1).focus()  # Notes on the situation (after the title)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, HistoryDialog)
        assert app.screen.title_text == "History of Enhanced border security — Notes on the situation"
        assert app.screen.query_one(".dialog").region.right <= 80


async def test_the_comment_dialog_names_the_field_by_its_label(store_path):
    async with sample_editor(store_path) as (app, pilot, _):
        screen = await go_to(pilot, "a1")
        field_area(screen, 1).focus()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen.title_text == "Comment on Enhanced border security"
        assert app.screen.context == "Notes on the situation"


def test_show_and_history_on_the_command_line_use_titles_and_labels(tmp_path: Path):
    runner = CliRunner()
    report_id = runner.invoke(main, ["sample"]).output.strip()
    text = runner.invoke(main, ["show", report_id]).output
    assert "  Enhanced border security (SWG/RTIM recommendation) — 100%  [A.1, id a1]\n" in text
    assert "      Notes on the situation: 57 words\n" in text  # its bullet's "-" is no word
    assert "  Development Partners: UNODC Erlend Audunson Falch" in text
    named = [line.split("  [")[0] for line in text.splitlines()]  # ids only in the [position, id] at the end
    assert not any("a1" in line or "notes:" in line or "focal_partners" in line for line in named)
    assert "      Japan: " in text  # a partner by its name, not its item id
    runner.invoke(main, ["set", report_id, "a1", "notes", "Shorter."])
    history = runner.invoke(main, ["history", report_id, "a1", "notes"]).output
    assert history.splitlines()[0] == "History of Enhanced border security — Notes on the situation"
    assert history.splitlines()[-1].endswith("Shorter.  (current)")
    empty = runner.invoke(main, ["history", report_id, "header", "chairs"]).output
    assert empty.startswith("History of Header block — SWG Chair and Co-Chair(s)")


# --- the palette and the keys (item 18) -------------------------------------------------------


async def palette_hits(pilot, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    await pilot.press(*query)
    hits: list[str] = []
    for _ in range(40):  # the hits arrive from the providers a moment later
        await pilot.pause(0.05)
        options = palette.query_one("CommandList", OptionList)
        hits = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        if hits:
            break
    await pilot.press("escape")
    await pilot.pause()
    return hits


async def test_typing_export_in_the_palette_finds_the_exports(store_path):
    async with sample_editor(store_path) as (app, pilot, _):
        hits = " | ".join(await palette_hits(pilot, "export"))
        assert "Export to Word (.docx)" in hits and "Export to Markdown (.md)" in hits


async def test_the_palette_lists_the_users_commands_and_none_of_textuals(store_path):
    async with sample_editor(store_path) as (app, pilot, _):
        screen = await go_to(pilot, "a1")
        field_area(screen, 1).focus()  # a text field's own keys (undo, select all…) are not commands
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Add row to this section", "Remove row (asks first)", "Sign-off screen: review every part"} <= titles
        assert {"Who am I", "Theme (colours)", "Quit (saves first)"} <= titles
        textuals = {"Maximize", "Minimize", "Screenshot", "Keys", "Quit", "Focus Next", "Undo", "Select all"}
        assert not textuals & titles and "Open the command palette" not in titles
        hits = await palette_hits(pilot, "screenshot")
        assert len(hits) == 1 and "No matches found" in hits[0]


async def test_export_to_markdown_from_the_palette_writes_the_file(store_path, tmp_path):
    async with sample_editor(store_path) as (app, pilot, _):
        (command,) = [c for c in app.get_system_commands(app.screen) if c.title == "Export to Markdown (.md)"]
        command.callback()
        await settle(pilot)
    (written,) = (tmp_path / "exports").glob("*.md")
    assert "Enhanced border security" in written.read_text(encoding="utf-8")


async def test_f1_in_a_field_lists_the_apps_keys_before_the_text_editors(store_path):
    async with sample_editor(store_path) as (app, pilot, _):
        screen = await go_to(pilot, "a1")
        field_area(screen, 1).focus()
        await pilot.press("f1")
        await pilot.pause()
        (first, second) = key_groups(app.screen)
        assert first[0] == "Keys of this screen" and second[0] == "In the text field"
        assert {"Export to Word (.docx)", "Add row to this section"} <= {what for _, what, _ in first[1]}
        assert "Undo" in {what for _, what, _ in second[1]}
        table = app.screen.query_one(KeysPanel).query_one("#keys-table")
        size = table.region.size
        panel = "\n".join(strip.text for strip in table.render_lines(Region(0, 0, size.width, size.height)))
        assert panel.index("Export to Word") < panel.index("Undo")
        await pilot.press("f1")
        await pilot.pause()
        assert not app.screen.query(KeysPanel)


# --- the no-update box and the title bar (item 20) ---------------------------------------------


async def test_the_no_update_box_reads_x_or_blank_and_the_title_bar_names_the_report(store_path):
    async with sample_editor(store_path) as (app, pilot, report_id):
        assert app.screen.sub_title == "Illicit Drug Sector Working Group · 2020/2021"
        screen = await go_to(pilot, "a1")
        box = screen.form.query_one(TickBox)
        assert "[ ] No update this period" in shown(box)
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert "[x] No update this period" in shown(box)
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, SignOffScreen)
        assert app.screen.sub_title == "Illicit Drug Sector Working Group · 2020/2021"
    with ReportStore(store_path, writable=False) as reader:
        assert rp.find_row(reader.get(report_id), "a1")[1]["no_update"] is True


# --- 80×24 (item 17) --------------------------------------------------------------------------


def key_bar_lines(app) -> list[str]:
    return shown(app.screen.query_one(KeyBar)).split("\n")


async def test_at_80_columns_the_form_is_wide_and_the_outline_can_be_hidden(store_path):
    async with running_app(store_path, size=SMALL, open_it=True) as (app, pilot, _, _):
        screen = await go_to(pilot, "a1")
        assert screen.query_one("#navigation").size.width <= 30
        assert screen.form.outer_size.width == 80 - 30
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert not screen.query_one("#navigation").display
        assert screen.form.outer_size.width == 80
        await pilot.press(*"typed")  # the focus is in the form: nothing typed is lost
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert screen.query_one("#navigation").display and screen.form.outer_size.width == 80 - 30
        assert "typed" in rp.get_field(T, screen.report, "a1", "notes")


async def test_at_80_columns_no_key_of_the_key_bar_is_cut(store_path):
    async with running_app(store_path, size=SMALL, open_it=True) as (app, pilot, _, _):
        await go_to(pilot, "a1")
        lines = key_bar_lines(app)
        bar = app.screen.query_one(KeyBar)
        assert len(lines) >= 2 and bar.size.height == len(lines)
        assert all(cell_len(line) <= bar.size.width for line in lines)
        text = " ".join(lines)
        for description in ("Back", "Word", "Add", "Remove", "Tag", "Comment", "Review", "No update", "Keys"):
            assert f" {description}" in text


async def test_the_report_list_fits_80_columns(store_path):
    async with running_app(store_path, size=SMALL) as (app, pilot, store, _):
        await pilot.pause()
        reports = app.screen.query_one("#reports", OptionList)
        line = str(reports.get_option_at_index(0).prompt).rstrip()
        assert cell_len(line) <= reports.scrollable_content_region.width
        assert line.endswith(store.list_reports()[0]["updated"].replace("T", " ")[:16])  # not cut
        assert line.startswith("Illicit Drug Sector")  # the SWG is shortened instead


async def test_reports_for_the_same_swg_and_period_are_numbered_on_the_list(store_path):
    async with running_app(store_path, size=SMALL) as (app, pilot, store, _):
        for _ in range(4):
            store.add(sample_report())
        store.create("annex2", "Other SWG", "2020/2021")
        app.screen.refresh_reports()
        await pilot.pause()
        reports = app.screen.query_one("#reports", OptionList)
        lines = [str(option.prompt).rstrip() for option in reports.options]
        assert [line.split("  2020/2021")[1][:4] for line in lines[:5]] == [" (1)", " (2)", " (3)", " (4)", " (5)"]
        assert "2020/2021 (" not in lines[5]  # alone for its SWG and period: no number
        assert all(cell_len(line) <= reports.scrollable_content_region.width for line in lines)
        assert all(line.startswith("Illicit Drug Sec") for line in lines[:5])  # still readable


async def test_the_sign_off_columns_fit_at_120_and_80_columns(store_path):
    for size in ((120, 40), SMALL):
        async with running_app(store_path, size=size, open_it=True) as (app, pilot, _, _):
            await pilot.press("ctrl+g")
            await pilot.pause()
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            used = sum(column.get_render_width(table) for column in table.columns.values())
            assert used <= table.size.width - table.scrollbar_size_vertical, size
            widths = {str(key.value): column.width for key, column in table.columns.items()}
            assert widths["status"] >= len("changed since approval") and widths["when"] >= len("2026-01-15 09:30")


async def test_at_80_columns_each_contact_takes_one_line(store_path):
    async with running_app(store_path, size=SMALL, open_it=True) as (app, pilot, _, _):
        await settle(pilot)
        lists = list(app.screen.form.query(ContactList).results(ContactList))
        assert lists
        for contacts in lists:
            for index in range(contacts.option_count):
                line = str(contacts.get_option_at_index(index).prompt).rstrip()
                assert cell_len(line) <= contacts.scrollable_content_region.width, line

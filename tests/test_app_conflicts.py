"""Pilot tests of conflicts in the app: the outline marks the part, the conflict view lists
every version, taking one or writing the text settles it, read back from the store."""

from textual.widgets import OptionList, Static

from swgtui.identity import save_identity
from swgtui.model import report as rp
from swgtui.screens.conflict import ConflictScreen
from swgtui.screens.dialogs import ConfirmDialog
from swgtui.store import ReportStore
from swgtui.widgets.keys_panel import key_groups
from swgtui.widgets.outline_tree import OutlineTree

from .test_app import field_area, go_to, notifications, running_app, settle
from .test_app_display import key_bar_lines
from .test_conflicts import BASE, LORD_TEXT, VANH, VANH_TEXT, T, add_report_in_conflict


async def test_the_view_lists_every_version_and_taking_one_settles_the_conflict(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**VANH)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        assert isinstance(app.screen, ConfirmDialog)  # offered when the report opens
        question = str(app.screen.question)
        assert "1 field is in conflict: two copies of the report changed it differently" in question
        assert "Settle it now?" in question and "them" not in question
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        editor = app.screen_stack[-2]
        assert editor.part_id == "a2"
        assert "≠" in editor.query_one(OutlineTree).part_nodes["a2"].label.plain
        assert "≠" not in editor.query_one(OutlineTree).part_nodes["a1"].label.plain
        versions = app.screen.query_one(OptionList)
        labels = [str(versions.get_option_at_index(i).prompt) for i in range(versions.option_count)]
        assert labels[0] == "Update on progress"
        vanh, lord = (1, 2) if made["shown"]["id"] == made["vanh"] else (2, 1)  # heads in id order
        assert "Ms Vanh (focal point, Ministry of Health)" in labels[vanh] and "(yours)" in labels[vanh]
        assert "Matthew Lord (co-chair, Embassy of Australia)" in labels[lord] and "(yours)" not in labels[lord]
        assert "shown now" in labels[1] and "shown now" not in labels[2]  # the lowest id is shown
        shown = str(app.screen.query_one("#diff", Static).render())  # the first version
        first_line = "+Training went on in four provinces." if vanh == 1 else "+Training was cut to one province."
        assert BASE.splitlines()[1] in shown and first_line in shown
        await pilot.press(*(["down"] if lord == 2 else []))  # Mr Lord's version
        await pilot.pause()
        shown = str(app.screen.query_one("#diff", Static).render())
        assert "+Training was cut to one province." in shown and "by Matthew Lord" in shown
        await pilot.press("t")
        await settle(pilot)
        assert app.screen is editor
        assert "≠" not in editor.query_one(OutlineTree).part_nodes["a2"].label.plain
        await pilot.press("ctrl+s")
        await settle(pilot)
        with ReportStore(store_path, writable=False) as reopened:  # while the app has it
            report = reopened.get(made["report"])
            assert rp.get_field(T, report, "a2", "progress") == LORD_TEXT
            assert "conflicts" not in report
            last = reopened.history(made["report"], "a2", "progress")[-1]
            assert (last["text"], last["by"]) == (LORD_TEXT, VANH)
            assert last["parents"] == sorted([made["vanh"], made["lord"]])  # the conflict is settled


async def test_f7_on_the_part_and_writing_the_text_settle_it(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**VANH)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        await pilot.press("n")  # not now
        await settle(pilot)
        screen = await go_to(pilot, "a1")
        keys = [what for _, group in key_groups(screen) for _, what, _ in group]
        assert any("Fields in conflict" in what for what in keys)  # in the keys panel (f1)
        field_area(screen, 0).focus()  # f7 works from inside a field (whose own f7 selects all)
        await pilot.pause()
        await pilot.press("f7")  # goes to the part in conflict
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen) and screen.part_id == "a2"
        await pilot.press("e")
        await settle(pilot)
        area = screen.focused
        assert area is not None and area.text == made["shown"]["text"]
        await pilot.press("end", *" And more.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "≠" not in screen.query_one(OutlineTree).part_nodes["a2"].label.plain
        await pilot.press("f7")
        await settle(pilot)
        assert not isinstance(app.screen, ConflictScreen)
    with ReportStore(store_path) as reopened:
        report = reopened.get(made["report"])
        assert "conflicts" not in report
        assert rp.get_field(T, report, "a2", "progress").startswith(VANH_TEXT.splitlines()[0])
        assert rp.get_field(T, report, "a2", "progress").endswith("And more.")


def test_the_differences_show_user_text_as_it_is_never_as_markup():
    from swgtui.screens.conflict import differences_text

    shown = differences_text("[b]same[/b]\nold", "[b]same[/b]\n[red]new[/red] [link=x]")
    assert " [b]same[/b]" in shown.plain and "+[red]new[/red] [link=x]" in shown.plain
    styles = {str(span.style) for span in shown.spans}
    assert styles <= {"green", "red", "cyan", ""}  # only the diff's own colours


async def test_enter_on_the_settle_button_opens_the_conflict_view(store_path, tmp_path):
    add_report_in_conflict(store_path, tmp_path)
    save_identity(**VANH)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # on the Settle button, shown as the one enter presses
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)


async def test_f7_leaves_the_key_bar_with_the_last_conflict_and_then_says_there_is_none(
    store_path, tmp_path, monkeypatch
):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**VANH)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        await pilot.press("y")
        await settle(pilot)
        editor = app.screen_stack[-2]
        await pilot.press("t")  # the only conflict
        await settle(pilot)
        assert app.screen is editor
        assert not any("Conflicts" in line for line in key_bar_lines(app))
        keys = [what for _, group in key_groups(editor) for _, what, _ in group]
        assert not any("conflict" in what.casefold() for what in keys)  # nor in the keys panel (f1)
        told = notifications(app, monkeypatch)
        editor.query_one(OutlineTree).focus()
        await pilot.press("f7")
        await settle(pilot)
        assert ("", "No field is in conflict.") in told and app.screen is editor
        await pilot.pause(0.6)  # the editor's save delay
        await settle(pilot)
    with ReportStore(store_path) as reopened:
        assert "conflicts" not in reopened.get(made["report"])


async def test_a_stray_key_undone_leaves_the_conflict_and_a_text_of_ones_own_settles_it(
    store_path, tmp_path, monkeypatch
):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**VANH)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("e")  # to the field
        await settle(pilot)
        screen = app.screen
        area = screen.focused
        assert area is not None and area.text == made["shown"]["text"]
        await pilot.press("x")  # a stray key, saved while typing
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("ctrl+z")  # back to the text shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert area.text == made["shown"]["text"]
        with ReportStore(store_path, writable=False) as reopened:
            assert reopened.get(made["report"])["conflicts"][0]["part"] == "a2"  # still in conflict
        assert "≠" in screen.query_one(OutlineTree).part_nodes["a2"].label.plain
        assert any("f7 Conflicts" in line for line in key_bar_lines(app))
        await pilot.press("end", *" And more.")  # a text of one's own
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "≠" not in screen.query_one(OutlineTree).part_nodes["a2"].label.plain
        assert not any("Conflicts" in line for line in key_bar_lines(app))  # f7 went with the last one
        told = notifications(app, monkeypatch)
        await pilot.press("f7")  # from inside the field: no conflict is left to show
        await settle(pilot)
        assert not isinstance(app.screen, ConflictScreen)
        screen.query_one(OutlineTree).focus()
        await pilot.press("f7")
        await settle(pilot)
        assert ("", "No field is in conflict.") in told
    with ReportStore(store_path) as reopened:
        report = reopened.get(made["report"])
        assert "conflicts" not in report
        assert rp.get_field(T, report, "a2", "progress") == made["shown"]["text"] + " And more."
        history = reopened.history(made["report"], "a2", "progress")
        assert (history[-1]["text"], history[-1]["by"]) == (made["shown"]["text"] + " And more.", VANH)
        joined = [r for r in history if r.get("parents") == sorted([made["vanh"], made["lord"]])]
        assert joined  # both versions are kept in the history, the other one too


def test_set_in_the_app_keeps_a_conflict_whose_text_is_a_version_and_the_command_line_settles_it(store_path, tmp_path):
    from swgtui.session import ReportSession

    made = add_report_in_conflict(store_path, tmp_path)
    with ReportStore(store_path, holder="tests") as store:
        session = ReportSession(store, store.get(made["report"]), VANH)
        session.settle_when_saved = True
        session.set_field("a2", "progress", LORD_TEXT)  # the other version, as typed
        assert not session.settle_typed() and session.report["conflicts"]
        session.set_field("a2", "progress", "Mine.")
        assert session.settle_typed() and "conflicts" not in session.report
        command_line = ReportSession(store, store.get(made["report"]), VANH)
        command_line.set_field("a2", "progress", made["shown"]["text"])
        assert "conflicts" not in command_line.report

"""What a new user ran into: each driven by Pilot and read back from the store or the screen."""

from textual.widgets import Input, OptionList

from swgtui.screens.editor import EditorScreen
from swgtui.screens.new_report import NewReportDialog
from swgtui.store import ReportStore
from swgtui.swgs import known_swgs
from tests.test_app import running_app, settle


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
        assert "“Other Working Group” is not one of the SWGs — Enter again to use it as typed." in problem
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

"""A store with more reports than the screen holds: the report list shows the reports on screen
first, laid out as the whole list is, and the whole list a moment later."""

from __future__ import annotations

import json

from textual.widgets import OptionList

from swgtui.app import make_app
from swgtui.screens.report_list import CHECK_DELAY, ReportListScreen
from swgtui.store import ReportStore

SIZE = (120, 30)  # the list shows fewer than 30 lines
LONG_SWG = "Governance and Public Administration Reform SWG"  # the widest SWG, below the screen


def long_store(store_path, reports: int = 40) -> list[str]:
    """`reports` reports, oldest first: the first for Health 2020/2021, then one a year, then a
    second Health 2020/2021 (a twin of the first, far below it) and the longest SWG name last."""
    with ReportStore(store_path, holder="tests") as store:
        ids = [store.create("annex2", "Health", "2020/2021")["id"]]
        for year in range(2000, 2000 + reports - 3):
            ids.append(store.create("annex2", "Education", f"{year}/{year + 1}")["id"])
        ids.append(store.create("annex2", "Health", "2020/2021")["id"])
        ids.append(store.create("annex2", LONG_SWG, "2021/2022")["id"])
    return ids


def shown_lines(screen: ReportListScreen) -> list[str]:
    return [str(option.prompt) for option in screen.query_one("#reports", OptionList).options]


async def test_the_reports_on_screen_come_first_laid_out_as_the_whole_list(store_path):
    ids = long_store(store_path)
    with ReportStore(store_path, holder="swgtui app") as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReportListScreen)
            whole = shown_lines(screen)
            assert len(whole) == len(ids)
            assert [option.id for option in screen.query_one("#reports", OptionList).options] == ids
            assert "2020/2021 (1)" in whole[0] and "2020/2021 (2)" in whole[-2]  # numbered across the list
            assert LONG_SWG in whole[-1]

            screen._show_first_reports()  # as at start: the lines on screen, the rest to follow
            first = shown_lines(screen)
            assert len(first) == SIZE[1] < len(ids)
            assert first == whole[: len(first)]  # the same widths and numbers as the whole list
            await pilot.pause()
            assert shown_lines(screen) == whole

            await pilot.press("end")  # every report can be reached
            assert screen.selected_id() == ids[-1]


async def test_a_damaged_line_below_the_screen_is_marked_a_moment_later(store_path):
    ids = long_store(store_path)
    data = json.loads(store_path.read_text("utf-8"))
    list(data["reports"].values())[-3]["updated"] = [1]  # far below the screen
    store_path.write_text(json.dumps(data), encoding="utf-8")
    with ReportStore(store_path, holder="swgtui app") as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            lines = shown_lines(app.screen)
            assert len(lines) == len(ids)
            assert "cannot open" in lines[-3] and "no text for updated" in lines[-3]
            assert lines[0].rstrip().endswith(store.list_reports()[0]["updated"].replace("T", " ")[:16])


async def _lines_once_checked(store_path) -> list[str]:
    with ReportStore(store_path, holder="swgtui app") as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(CHECK_DELAY + 0.3)
            await app.workers.wait_for_complete()
            await pilot.pause()
            return shown_lines(app.screen)


async def test_report_files_damaged_between_two_starts_are_marked(store_path):
    ids = long_store(store_path)
    assert not any("cannot open" in line for line in await _lines_once_checked(store_path))
    assert store_path.with_name("store.json.checked").is_file()  # the files found good are recorded
    reports = store_path.parent / "store.reports"
    truncated, same_size = reports / f"{ids[-3]}.json", reports / f"{ids[-4]}.json"
    truncated.write_bytes(truncated.read_bytes()[:50])
    same_size.write_bytes(b"{" * same_size.stat().st_size)  # the same size, a new modification time
    lines = await _lines_once_checked(store_path)
    assert [n for n, line in enumerate(lines) if "cannot open" in line] == [len(ids) - 4, len(ids) - 3]

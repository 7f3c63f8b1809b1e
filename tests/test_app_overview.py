"""The overview screen driven by Pilot: where each SWG's report stands, read back from the store."""

import contextlib
from pathlib import Path

import pytest
from docx import Document
from textual.widgets import DataTable, Input, OptionList, Static

from swgtui.app import make_app
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import load_template
from swgtui.sample import sample_report
from swgtui.screens.dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from swgtui.screens.editor import EditorScreen
from swgtui.screens.overview import OverviewScreen
from swgtui.screens.report_list import ReportListScreen
from swgtui.store import ReportStore
from swgtui.swgs import suggested_period, swg_list
from swgtui.widgets.key_bar import KeyBar
from swgtui.widgets.keys_panel import KeysPanel, key_groups
from tests.conftest import complete_sample

T = load_template("annex2")
PERIOD = "2025/2026"
SIZE = (120, 40)
CHAIR = {"name": "Ms Chair", "organisation": "Ministry of Health", "role": "chair"}
FOCAL = {"name": "Noy Focal", "organisation": "Ministry of Health", "role": "focal point"}


def fill_store(store: ReportStore) -> dict[str, list[str]]:
    """Reports for PERIOD in a few states (SWG key -> ids): illicit_drug signed off (the sample),
    health in review, governance drafting (saved by FOCAL), mine_action with changes requested,
    agriculture twice (a duplicate); the others have none. An older period has one (trade)."""
    signed = complete_sample(sample_report())  # the Illicit Drug SWG's
    signed["period"] = PERIOD
    for part_id in rp.part_ids(signed):
        review.set_status(signed, part_id, "ready", FOCAL)
        review.set_status(signed, part_id, "approve", CHAIR)
    review.sign_off(signed, CHAIR)
    ids = {"illicit_drug": [store.add(signed)]}

    def made(name: str, change=None, period: str = PERIOD, author=None) -> str:
        report = store.create("annex2", name, period)
        if change is not None:
            change(report)
            store.save(report, author=author)
        return report["id"]

    def drafting(report) -> None:
        rp.set_field(T, report, rp.HEADER_ID, "chairs", "Minister of Home Affairs")

    comment = lambda r: review.add_comment(T, r, rp.HEADER_ID, "Who chairs?", FOCAL)  # noqa: E731
    ids["health"] = [made("Health Sector Working Group", comment)]
    ids["governance"] = [made("Governance Sector Working Group", drafting, author=FOCAL)]
    changes = lambda r: review.set_status(r, rp.HEADER_ID, "request-changes", CHAIR, "Name the chairs")  # noqa: E731
    ids["mine_action"] = [made("Mine Action/UXO Sector Working Group", changes)]
    first = made("Agriculture & Rural Development Sector Working Group", drafting)
    ids["agriculture"] = [first, made("Agriculture & Rural Development Sector Working Group")]
    ids["trade"] = [made("Trade & Private Sector Development Sector Working Group", drafting, period="2024/2025")]
    return ids


@contextlib.asynccontextmanager
async def overview(store_path: Path, size=SIZE, fill=True, highlight: str | None = None):
    """The app on a store filled by `fill_store`, its overview opened with o (the report list's
    highlight on the report `highlight` first). Yields the app, its pilot, the store and the ids."""
    store = ReportStore(store_path, holder="swgtui app").open()
    ids = fill_store(store) if fill else {}
    app = make_app(store)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            if highlight is not None:
                reports = app.screen.query_one("#reports", OptionList)
                reports.highlighted = [option.id for option in reports.options].index(highlight)
            await pilot.press("o")
            await settle(pilot)
            assert isinstance(app.screen, OverviewScreen)
            yield app, pilot, store, ids
    finally:
        store.close()


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def table(app) -> DataTable:
    return app.screen.query_one("#swgs", DataTable)


def shown(app) -> list[str]:
    """The SWG keys of the table's lines, in its order."""
    return [str(row.key.value) for row in table(app).ordered_rows]


def cell(app, swg: str, column: str) -> str:
    return str(table(app).get_cell(swg, column))


def text_of(app, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


async def highlight(pilot, swg: str) -> None:
    table(pilot.app).move_cursor(row=shown(pilot.app).index(swg), animate=False)
    await pilot.pause()


ALL = [swg.key for swg in swg_list()]
STATUS_OF = {
    "health": "in review",
    "education": "not started",
    "governance": "drafting",
    "infrastructure": "not started",
    "mine_action": "changes requested",
    "agriculture": "drafting",
    "illicit_drug": "signed off",
    "macroeconomics": "not started",
    "trade": "not started",  # its report is of another period
    "natural_resources": "not started",
}


async def test_o_shows_every_swg_with_where_its_report_stands(store_path):
    async with overview(store_path) as (app, pilot, store, ids):
        assert shown(app) == ALL
        assert {swg: cell(app, swg, "status") for swg in ALL} == STATUS_OF
        assert text_of(app, "#overview-title") == (
            "2025/2026 — 5 of 10 SWGs reporting, 1 signed off, 1 with two or more reports (2×: to settle)"
        )
        assert cell(app, "illicit_drug", "complete") == "100%"
        assert cell(app, "health", "comments") == "1"
        assert cell(app, "governance", "by") == "Noy Focal"
        assert cell(app, "agriculture", "mark") == "2×" and cell(app, "health", "mark") == ""
        assert cell(app, "education", "complete") == cell(app, "education", "updated") == ""
        await highlight(pilot, "agriculture")
        assert ", ".join(ids["agriculture"]) in text_of(app, "#overview-detail")
        bar = str(app.screen.query_one(KeyBar).render())
        assert all(entry in bar for entry in ("⏎ Open", "s Sort", "f Filter", "p Period", "esc Back"))
        await pilot.press("f1")
        assert app.screen.query(KeysPanel)
        keys = {what: key for _, group in key_groups(app.screen) for key, what, _ in group}
        assert keys["Show only the SWGs of one status"] == "f" and keys["Overview of another period"] == "p"
        assert keys["Open"] == "⏎"  # the table's own key: open the highlighted SWG's report
        await pilot.press("f1", "escape")
        assert isinstance(app.screen, ReportListScreen)


async def test_the_period_is_the_highlighted_reports_else_the_one_reported_on(store_path, tmp_path):
    store = ReportStore(store_path, holder="tests").open()
    trade = fill_store(store)["trade"][0]
    store.close()
    async with overview(store_path, fill=False, highlight=trade) as (app, _, _, _):
        assert text_of(app, "#overview-title").startswith("2024/2025 — 1 of 10 SWGs reporting, 0 signed off")
        assert cell(app, "trade", "status") == "drafting"
        assert table(app).cursor_row == shown(app).index("trade")  # the selected report's SWG
    async with overview(tmp_path / "empty.json", fill=False) as (app, _, _, _):
        assert text_of(app, "#overview-title").startswith(f"{suggested_period()} — 0 of 10 SWGs reporting")
        assert set(STATUS_OF.values()) != {cell(app, swg, "status") for swg in ALL} == {"not started"}


async def test_s_sorts_and_f_filters_by_status(store_path):
    async with overview(store_path) as (app, pilot, _, _):
        await pilot.press("s")
        assert shown(app)[:5] == ["education", "infrastructure", "macroeconomics", "trade", "natural_resources"]
        assert shown(app)[5:] == ["governance", "agriculture", "health", "mine_action", "illicit_drug"]
        assert "Sorted by status" in text_of(app, "#overview-view")
        await pilot.press("s")
        assert shown(app)[-1] == "illicit_drug" and "completeness" in text_of(app, "#overview-view")
        await pilot.press("s")  # last updated, newest first; never updated last
        assert shown(app)[0] != "illicit_drug" and shown(app)[4] == "illicit_drug"
        assert shown(app)[5:] == ["education", "infrastructure", "macroeconomics", "trade", "natural_resources"]
        await pilot.press("s")
        assert shown(app) == ALL and "SWG order" in text_of(app, "#overview-view")
        await pilot.press("f")  # the statuses present, in order
        assert shown(app) == ["education", "infrastructure", "macroeconomics", "trade", "natural_resources"]
        assert "showing not started (5)" in text_of(app, "#overview-view")
        await pilot.press("f")
        assert shown(app) == ["governance", "agriculture"]
        for expected in (["health"], ["mine_action"], ["illicit_drug"], ALL):
            await pilot.press("f")
            assert shown(app) == expected


async def test_enter_opens_the_lines_report_and_escape_comes_back_to_the_overview(store_path):
    async with overview(store_path) as (app, pilot, _, ids):
        await highlight(pilot, "health")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.screen.session.report_id == ids["health"][0]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen) and shown(app)[table(app).cursor_row] == "health"


async def test_a_line_with_two_reports_asks_which(store_path):
    async with overview(store_path) as (app, pilot, _, ids):
        await highlight(pilot, "agriculture")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        assert [key for key, _ in app.screen.choices] == ids["agriculture"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.screen.session.report_id == ids["agriculture"][1]


async def test_a_line_without_a_report_offers_to_create_it(store_path):
    async with overview(store_path) as (app, pilot, store, ids):
        await highlight(pilot, "infrastructure")
        assert "no report for 2025/2026; enter creates it" in text_of(app, "#overview-detail")
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # cancelled: nothing made
        assert len(store.list_reports()) == 7
        await pilot.press("enter", "y")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        made = store.get(app.screen.session.report_id)
        assert (made["swg"], made["period"]) == ("infrastructure", PERIOD)
        assert rp.swg_name(made) == "Infrastructure Sector Working Group"
        await pilot.press("escape")
        await settle(pilot)
        assert cell(app, "infrastructure", "status") == "not started"  # made, nothing written yet
        assert text_of(app, "#overview-title").startswith("2025/2026 — 6 of 10 SWGs reporting")


async def test_a_missing_report_of_an_swg_that_reported_before_starts_from_its_earlier_one(store_path):
    async with overview(store_path) as (app, pilot, store, ids):
        await highlight(pilot, "trade")  # its only report is of 2024/2025
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.choices[0] == (
            f"from:{ids['trade'][0]}",
            "from its 2024/2025 report (rows, partners, contacts)",
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        made, earlier = store.get(app.screen.session.report_id), store.get(ids["trade"][0])
        assert (made["swg"], made["period"], made["header"]) == ("trade", PERIOD, earlier["header"])
        assert made["reference"]["period"] == "2024/2025"  # last period's texts shown beside the new ones


async def test_p_changes_the_period_and_a_bad_one_is_refused(store_path):
    async with overview(store_path) as (app, pilot, _, _):
        await pilot.press("p")
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        dialog.query_one("#value", Input).value = "20x"
        await pilot.press("enter")
        assert app.screen is dialog
        refusal = text_of(app, "#problem")
        with pytest.raises(rp.ReportError) as error:
            rp.check_period("20x")
        assert refusal == str(error.value)[:1].upper() + str(error.value)[1:]
        await pilot.press("escape")
        assert text_of(app, "#overview-title").startswith("2025/2026 —")
        await pilot.press("p")
        app.screen.query_one("#value", Input).value = "໒໐໒໔-໒໕"  # Lao digits, the short second year
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(app, "#overview-title").startswith("2024/2025 — 1 of 10 SWGs reporting")
        assert cell(app, "trade", "status") == "drafting" and cell(app, "health", "status") == "not started"


async def test_a_narrow_screen_leaves_out_who_updated_and_says_it_below(store_path):
    async with overview(store_path, size=(80, 24)) as (app, pilot, _, _):
        columns = [str(key.value) for key in table(app).columns]
        assert "by" not in columns and {"swg", "status", "complete", "updated"} <= set(columns)
        assert table(app).virtual_size.width <= 80 - 2
        await highlight(pilot, "governance")
        assert "by Noy Focal" in text_of(app, "#overview-detail")


async def test_c_writes_the_compendium_of_the_period_and_says_where(store_path, monkeypatch):
    notices = []
    async with overview(store_path) as (app, pilot, _, ids):
        monkeypatch.setattr(app, "notify", lambda message, **kw: notices.append((message, kw.get("title"))))
        await pilot.press("c")
        await settle(pilot)
        written = Path(notices[-1][0].split("\n")[0])
        assert notices[-1][1] == "Compendium written to" and written.name.endswith("2025-2026-DRAFT.docx")
        body = "\n".join(p.text for p in Document(str(written)).paragraphs)
        assert "Illicit Drug Sector Working Group" in body and ids["agriculture"][1] in body  # both twins named
        await pilot.press("p")
        app.screen.query_one("#value", Input).value = "2010/2011"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert notices[-1] == ("no reports for the period 2010/2011: nothing to compile", "Compendium not written")


if __name__ == "__main__":  # a store to look at the screen with: python -m tests.test_app_overview STORE
    import sys

    with ReportStore(Path(sys.argv[1]), holder="tests") as target:
        print(fill_store(target))

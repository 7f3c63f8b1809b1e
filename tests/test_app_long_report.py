"""The editor on long reports: the outline adds the rows below the screen once drawn, and a form
mounts what is below its first screen once drawn; nothing is missing or different once shown."""

import contextlib
from pathlib import Path

from textual.widgets import TextArea

from benchmarks.reports import report_with_long_fields, report_with_rows
from swgtui.app import make_app
from swgtui.model import report as rp
from swgtui.model.types import Report
from swgtui.screens.editor import EditorScreen
from swgtui.store import ReportStore
from swgtui.widgets.outline_tree import OutlineTree
from swgtui.widgets.part_form import FocusPlace
from swgtui.widgets.review_panel import ReviewPanel

SIZE = (120, 40)


@contextlib.asynccontextmanager
async def editor_on(store_path: Path, report: Report):
    store = ReportStore(store_path, holder="swgtui app").open()
    store.add(report)
    app = make_app(store)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, EditorScreen)
            yield app, pilot, app.screen
    finally:
        store.close()


def outline_rows(tree: OutlineTree) -> list[tuple[str, str]]:
    """(part id, label) of every line of the outline, in order (sections' lines as section:ID)."""
    lines = []
    for section in tree.root.children:
        lines.append((section.data or "", str(section.label)))
        lines += [(node.data or "", str(node.label)) for node in section.children]
    return lines


async def test_a_400_row_outline_holds_every_row_in_order_once_drawn(store_path):
    report = report_with_rows(400)
    async with editor_on(store_path, report) as (app, pilot, screen):
        tree = screen.query_one(OutlineTree)
        lines = outline_rows(tree)
        rows = [line for line in lines if not line[0].startswith("section:")]
        assert [part for part, _ in rows] == rp.part_ids(screen.report)
        for (_, label), row in zip(rows[1:], rp.rows(screen.report), strict=True):
            assert row["title"].split("\n")[0].strip() in label
        assert tree.last_line == len(lines) - 1
        last = rp.part_ids(screen.report)[-1]
        await pilot.press("end")  # the outline has the focus: its last line is the last row
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.part_id == last and tree.cursor_node is tree.part_nodes[last]


async def test_the_outline_is_whole_when_a_key_comes_before_it_is_drawn(store_path):
    report = report_with_rows(400)
    async with editor_on(store_path, report) as (app, pilot, screen):
        tree = screen.query_one(OutlineTree)
        tree.rebuild(screen.template, screen.report)  # rows below the screen wait for the next frame
        assert len(tree.part_nodes) < len(rp.part_ids(screen.report))
        await pilot.press("end")  # a key in the outline adds them first
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.part_id == rp.part_ids(screen.report)[-1]
        assert len(tree.part_nodes) == len(rp.part_ids(screen.report))


async def test_a_form_of_long_fields_shows_every_text_and_its_review_panel(store_path):
    report = report_with_long_fields(20, 50_000)
    async with editor_on(store_path, report) as (app, pilot, screen):
        await pilot.press("alt+down")
        await app.workers.wait_for_complete()
        await pilot.pause()
        form = screen.form
        _, row = rp.find_row(screen.report, screen.part_id)
        texts = [area.text for area in form.query(TextArea).results(TextArea)]
        assert texts == [row["title"], *row["fields"].values()]
        assert len(row["fields"]["progress"]) > 40_000 and row["fields"]["progress"] in texts  # whole
        assert len(form.query(ReviewPanel)) == 1 and form.children[-1] is form.query_one(ReviewPanel)


async def test_the_focus_goes_back_to_the_review_panel_below_long_fields(store_path):
    """The panel is below the form's first screen: a rebuilt form puts the focus back on it."""
    report = report_with_long_fields(20, 50_000)
    async with editor_on(store_path, report) as (app, pilot, screen):
        await pilot.press("alt+down")
        await app.workers.wait_for_complete()
        await pilot.pause()
        form = screen._new_form(screen.part_id)  # a fresh form, as built for a visit
        await screen.query_one("#panes").mount(form)
        assert form.restore_focus(FocusPlace(form.part_id, "ReviewPanel", highlighted=0))
        await pilot.pause()
        assert isinstance(screen.focused, ReviewPanel) and screen.focused.parent is form
        await form.remove()

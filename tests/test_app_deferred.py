"""Opening a report draws its form first; the outline, progress line, key bar and review panel
follow right after that first frame. Keys pressed before they arrive still work, and they do
arrive.

To press keys "before", the tests hold the deferred parts back (the outline is built only when
a key needs it, the key bar never fills) and check that they are indeed missing."""

import pytest
from docx import Document
from textual.geometry import Region

from swgtui.model import report as rp
from swgtui.store import ReportStore
from swgtui.widgets.key_bar import KeyBar
from swgtui.widgets.keys_panel import KeysPanel
from swgtui.widgets.outline_tree import OutlineTree
from swgtui.widgets.review_panel import ReviewPanel

from .test_app import T, field_area, sample_editor, settle


@pytest.fixture
def held_back(monkeypatch):
    """The outline is built only when something needs it, and the key bar never shows its keys."""

    def rebuild_later(tree, template, report, select=rp.HEADER_ID):
        tree._later = (template, report, select)

    monkeypatch.setattr(OutlineTree, "rebuild_later", rebuild_later)
    monkeypatch.setattr(KeyBar, "show_keys", lambda bar: None)


def outline(app) -> OutlineTree:
    return app.screen.query_one(OutlineTree)


async def test_the_deferred_parts_arrive_after_the_form(store_path):
    async with sample_editor(store_path) as (app, pilot, _):
        screen = app.screen
        tree = outline(app)
        assert tree.is_built and tree.has_focus
        assert tree.cursor_node is not None and tree.cursor_node.data == rp.HEADER_ID
        assert len(tree.part_nodes) == len(rp.part_ids(screen.report))
        assert "% complete" in str(screen.query_one("#progress").render())
        assert "Next" in str(screen.query_one(KeyBar).render())
        assert screen.query_one(KeyBar).styles.height.is_auto  # its kept room is given back
        assert len(screen.form.query(ReviewPanel)) == 1
        assert "Saved" in str(screen.query_one("#save-state").render())


async def test_typing_before_the_outline_arrives_goes_into_the_first_field(store_path, held_back):
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = app.screen
        assert not outline(app).is_built and outline(app).has_focus
        assert str(screen.query_one(KeyBar).render()) == ""
        before = field_area(screen, 0).text
        await pilot.press(*"Hi")
        await pilot.pause(0.5)
        await settle(pilot)
        assert field_area(screen, 0).text == before + "Hi"
        assert outline(app).is_built  # the key needed the outline: it was built first
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as reopened:
        first = T.header_fields[0].id
        assert reopened.get(report_id)["header"]["fields"][first] == before + "Hi"


async def test_alt_down_before_the_outline_arrives_shows_the_next_part(store_path, held_back):
    async with sample_editor(store_path) as (app, pilot, _):
        screen = app.screen
        second = rp.part_ids(screen.report)[1]
        await pilot.press("alt+down")
        await settle(pilot)
        assert screen.part_id == second and screen.form.part_id == second
        assert screen.form in screen.query_one("#panes").children and screen.form.display
        tree = outline(app)
        assert not tree.is_built
        tree.finish()  # once it arrives, its cursor is on the part shown
        assert tree.cursor_node is not None and tree.cursor_node.data == second
        await pilot.press("alt+up")
        await settle(pilot)
        assert screen.part_id == rp.HEADER_ID and tree.cursor_node.data == rp.HEADER_ID


async def test_f1_before_the_deferred_parts_arrive_shows_the_keys(store_path, held_back):
    async with sample_editor(store_path) as (app, pilot, _):
        await pilot.press("f1")
        await settle(pilot)
        panels = app.screen.query(KeysPanel)
        assert len(panels) == 1
        table = panels.first().query_one("#keys-table")
        lines = table.render_lines(Region(0, 0, table.region.width, table.region.height))
        assert any("Next part" in strip.text for strip in lines)


async def test_ctrl_e_before_the_deferred_parts_arrive_exports(store_path, held_back, tmp_path):
    async with sample_editor(store_path) as (app, pilot, _):
        first = field_area(app.screen, 0).text.split("\n")[0]
        await pilot.press("ctrl+e")
        await settle(pilot)
    (path,) = (tmp_path / "exports").glob("*.docx")
    document = Document(str(path))
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert first and any(first in text for text in texts)

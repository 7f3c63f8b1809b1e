"""The editor on a report of a six-column template: each field is shown with its column (up to
"column 6"), and a Lao field in column 5 is as tall as its wrapped text."""

from rich.text import Text

from swgtui.model import report as rp
from swgtui.model.template import load_template
from swgtui.screens.editor import NAVIGATION_WIDTH
from swgtui.store import ReportStore
from swgtui.widgets.field_area import FieldArea, wrapped_lines
from tests.test_app import go_to, running_app
from tests.test_template_shapes import SIX, install

LAO = " ".join(["ກິ່ງໄມ້", "ສະບາຍດີ", "ນ້ຳ", "ປະເທດລາວ"] * 15)


async def test_fields_of_every_column_are_shown_and_lao_in_column_5_is_as_tall_as_it_wraps(store_path):
    install(SIX)
    template = load_template("six")
    with ReportStore(store_path) as store:
        report = store.create("six", "Health Sector Working Group", "2025/2026")
        rp.set_field(template, report, "health", "risks", LAO)
        rp.set_field(template, report, "health", "next", "Open the third one.")
        store.save(report)
    async with running_app(store_path, None, open_it=True) as (app, pilot, _, _):
        screen = await go_to(pilot, "health")
        areas = list(screen.form.query(FieldArea).results(FieldArea))
        shown = " | ".join(Text.from_markup(str(area.border_title)).plain for area in areas)
        for label, column in [("Plan", 2), ("Done", 3), ("Budget", 4), ("Risks", 5), ("Owner", 5), ("Next", 6)]:
            assert f"{label}  column {column}" in shown
        (area,) = [area for area in areas if area.text == LAO]
        height = area.wrapped_document.height
        assert 1 < height < FieldArea.MAX_LINES
        assert wrapped_lines(LAO, app.size.width - NAVIGATION_WIDTH - FieldArea.AROUND) == height
        assert area.outer_size.height == height + FieldArea.GUTTER

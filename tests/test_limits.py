"""Generous limits on the length of names, titles and fields: refused with the limit named, in the
core, the command line, a loaded dump and the app (where the text stays on screen, not saved)."""

import json

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.model import report as rp
from swgtui.model.dumpfile import dump_report
from swgtui.sample import sample_report
from swgtui.store import ReportStore

from .test_app import T, field_area, go_to, notifications, running_app, settle

LONG_NAME = "x" * (rp.NAME_MAX + 1)
LONG_TEXT = "y" * (rp.TEXT_MAX + 1)


def run(*args, **options):
    return CliRunner().invoke(main, list(args), **options)


def error_line(result) -> str:
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    (line,) = result.output.strip().splitlines()
    return line


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: rp.set_field(T, r, rp.HEADER_ID, "swg_name", LONG_NAME), "the SWG name is longer than 500"),
        (lambda r: rp.set_field(T, r, "a1", "notes", LONG_TEXT), "a field is longer than 200,000 characters"),
        (lambda r: rp.rename_row(T, r, "a1", LONG_NAME), r"a row's title is longer than 500 characters \(501\)"),
        (lambda r: rp.add_row(T, r, "A", LONG_NAME), "a row's title is longer than 500"),
        (
            lambda r: rp.rename_item(T, r, "partners", r["sections"][0]["rows"][8]["items"][0]["id"], LONG_NAME),
            "a name",
        ),
        (lambda r: rp.add_contact(T, r, "focal_partners", name=LONG_NAME), "a contact's name is longer than 500"),
    ],
)
def test_the_core_refuses_a_name_or_field_over_its_limit_and_changes_nothing(change, message):
    report = sample_report()
    before = json.dumps(report)
    with pytest.raises(rp.TooLongError, match=message):
        change(report)
    assert json.dumps(report) == before
    assert rp.set_field(T, report, "a1", "notes", "y" * rp.TEXT_MAX)  # the limit itself is fine


def test_the_cli_refuses_a_long_swg_name_and_a_long_field_in_one_line():
    line = error_line(run("new", "--swg", "S" * 100_000, "--period", "2025"))
    assert line == "Error: the SWG name is longer than 500 characters (100,000)"
    assert json.loads(run("list", "--json").output) == []
    report_id = run("sample").output.strip()
    line = error_line(run("set", report_id, "a1", "notes", "-", input=LONG_TEXT))
    assert line == "Error: a field is longer than 200,000 characters (200,001)"


@pytest.mark.parametrize(
    ("path", "value", "place"),
    [
        (("sections", 0, "rows", 0, "fields", "notes"), LONG_TEXT, "sections[0].rows[0].fields.notes"),
        (("header", "fields", "swg_name"), LONG_NAME, "header.fields.swg_name"),
        (("sections", 0, "rows", 0, "title"), LONG_NAME, "sections[0].rows[0].title"),
    ],
)
def test_a_dump_with_a_text_over_its_limit_is_refused_naming_the_place(tmp_path, path, value, place):
    data = json.loads(dump_report(sample_report()))
    target = data["report"]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    dump = tmp_path / "report.json"
    dump.write_text(json.dumps(data), encoding="utf-8")
    limit = f"{len(value) - 1:,}"
    assert error_line(run("load", str(dump))) == (
        f"Error: {dump}: {place}: the text is longer than {limit} characters ({len(value):,})"
    )
    assert json.loads(run("list", "--json").output) == []


async def test_the_app_does_not_save_a_field_over_its_limit_and_says_so_once(store_path, monkeypatch):
    async with running_app(store_path, open_it=True) as (app, pilot, _, report_id):
        shown = notifications(app, monkeypatch)
        screen = await go_to(pilot, "c2")
        area = field_area(screen, 0)
        area.focus()
        await pilot.press(*"kept")
        await settle(pilot)
        saved = area.text
        area.insert(LONG_TEXT)  # a paste gone wrong
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        refused = [message for _, message in shown if message.startswith("Not saved")]
        assert refused == [
            f"Not saved: a field is longer than 200,000 characters ({len(saved + LONG_TEXT):,}). Shorten it to save it."
        ]
        assert area.text == saved + LONG_TEXT + "z"  # still on screen, to be shortened
        await pilot.press("ctrl+q")
        await settle(pilot)
    with ReportStore(store_path) as store:
        assert rp.get_field(T, store.get(report_id), "c2", "narrative") == saved

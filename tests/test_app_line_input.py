"""Lao in the dialogs' one-line fields: the cursor, deletion and selection go over whole grapheme
clusters (as in the editor's fields), the name typed read back from the store."""

import re
from pathlib import Path

import pytest
from textual.widgets import Input

import swgtui
from swgtui.screens.new_report import NewReportDialog
from swgtui.store import ReportStore
from swgtui.widgets.line_input import LineInput
from tests.test_app import running_app, settle
from tests.test_app_graphemes import type_like_a_terminal

OFFICER = "ເຈົ້າໜ້າທີ່"  # ເ ຈົ້ າ ໜ້ າ ທີ່: officer


async def typed_in_the_new_report_dialog(pilot, text: str, keys: list[str]) -> LineInput:
    """The SWG field of the New-report dialog after `text` typed key by key, then `keys`."""
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NewReportDialog)
    field = pilot.app.screen.query_one("#swg", LineInput)
    await type_like_a_terminal(pilot, text)
    await pilot.press(*keys)
    await pilot.pause()
    return field


@pytest.mark.parametrize(
    ("text", "keys", "after"),
    [
        # by code point: "ເຈົ້າໜາທີ່", the tone mark of ໜ້ deleted alone
        (OFFICER, ["left"] * 4 + ["backspace"], "ເາໜ້າທີ່"),
        (OFFICER, ["backspace"], "ເຈົ້າໜ້າ"),  # ທີ່ at once
        (OFFICER, ["home", "right", "delete"], "ເາໜ້າທີ່"),
        (OFFICER, ["home", "right", "right", "X"], "ເຈົ້Xາໜ້າທີ່"),
        ("ok " + OFFICER, ["ctrl+left", "X"], "ok X" + OFFICER),
        ("ok " + OFFICER, ["home", "ctrl+right", "ctrl+right", "X"], "ok " + OFFICER + "X"),
        ("ok " + OFFICER, ["ctrl+w"], "ok "),
        ("ok " + OFFICER, ["home", "right", "right", "right", "right", "ctrl+backspace"], "ok ເ"),
    ],
)
async def test_a_dialog_field_moves_and_deletes_by_whole_syllables(store_path, text, keys, after):
    async with running_app(store_path, None) as (app, pilot, _store, _id):
        field = await typed_in_the_new_report_dialog(pilot, text, keys)
        assert field.value == after


async def test_shift_left_selects_a_whole_syllable_in_a_dialog_field(store_path):
    async with running_app(store_path, None) as (app, pilot, _store, _id):
        field = await typed_in_the_new_report_dialog(pilot, OFFICER, ["shift+left"])
        assert field.selected_text == "ທີ່"
        await pilot.press("shift+left", "shift+left")
        assert field.selected_text == "ໜ້າທີ່"
        await pilot.press("X")  # typing replaces the selection
        assert field.value == "ເຈົ້າX"


async def test_the_name_edited_by_syllables_is_the_one_stored(store_path: Path):
    async with running_app(store_path, None) as (app, pilot, _store, _id):
        await typed_in_the_new_report_dialog(pilot, OFFICER, ["left"] * 4 + ["backspace"])
        await pilot.press("enter", "enter")  # no SWG of the list: taken as typed when asked twice
        await pilot.press("enter")  # the period suggested: created
        await settle(pilot)
        assert not isinstance(app.screen, NewReportDialog)
    with ReportStore(store_path, writable=False) as reader:
        assert [summary["swg"] for summary in reader.list_reports()] == ["ເາໜ້າທີ່"]


def test_every_one_line_field_of_the_app_is_a_line_input():
    """Textual's Input goes by code point: the app makes none but through LineInput."""
    made = [
        f"{path}:{number}"
        for path in Path(swgtui.__file__).parent.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"(?<![\w.])Input\(", line)
    ]
    assert made == []
    assert issubclass(LineInput, Input)

"""Editing keys typed fast (as a terminal delivers them, several in one read) act in order.

The keys are posted to the app the way the terminal driver posts them, all at once without
waiting between them (pilot.press waits for the app to be idle after each key, which hides
the race between a field's bound keys and the letters typed after them)."""

import pytest
from textual import events

from swgtui.model import report as rp
from swgtui.store import ReportStore

from .test_app import T, field_area, go_to, sample_editor, settle

CASES = {  # keys typed at the end of the field, and what they leave after the old text
    "backspace": (["p", "a", "p", "a", "backspace", "X", "Y"], "papXY"),
    "backspaces": ([*"one two three", *["backspace"] * 5, *" four data)"], "one two  four data)"),
    "ctrl+w": ([*" alpha beta", "ctrl+w", *"gamma"], " alpha gamma"),
    "delete": ([*" zz", "left", "left", "delete", *"QR"], " QRz"),
    "enter": ([*" one", "enter", *"two"], " one\ntwo"),
}


def post_keys(app, keys: list[str]) -> None:
    for key in keys:
        character = key if len(key) == 1 else {"space": " "}.get(key)
        app.post_message(events.Key(key, character))


@pytest.mark.parametrize("name", CASES)
async def test_editing_keys_typed_fast_act_in_order_in_the_field_and_the_store(store_path, name):
    keys, typed = CASES[name]
    keys = ["space" if key == " " else key for key in keys]
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "a1")
        area = field_area(screen, 1)  # Notes on the situation
        area.focus()
        await pilot.pause()
        area.move_cursor(area.document.end)
        before = area.text
        post_keys(app, keys)
        await pilot.pause(0.3)
        await settle(pilot)
        assert area.text == before + typed
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as reopened:
        assert rp.get_field(T, reopened.get(report_id), "a1", "notes") == before + typed

"""Lao in the editor's fields: the cursor, deletion and selection go over whole grapheme clusters
(a consonant with its vowel and tone marks), read back from the store after the app is closed."""

from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key

from swgtui.model import report as rp
from swgtui.screens.editor import NAVIGATION_WIDTH
from swgtui.store import ReportStore
from swgtui.widgets.field_area import FieldArea, wrapped_lines
from tests.test_app import T, field_area, go_to, running_app, settle

SWG = "Health Sector Working Group"
KING = "ກິ່ງ"  # branch: ກ with vowel sign i and tone mark mai ek, then ງ
TWIG = "ກິ່ງໄມ້"  # ກິ່ ງ ໄ ມ້
HELLO = "ສະບາຍດີ"  # ສ ະ ບ າ ຍ ດີ


async def type_like_a_terminal(pilot, text: str) -> None:
    """Type `text` a key at a time, each key as the terminal's input parser makes it (Pilot's
    press drops the character of a combining mark: it cannot look its key name up)."""
    for character in text:
        name = character if character.isalnum() else _character_to_key(character)
        pilot.app._driver.send_message(events.Key(name, character))
        await pilot.pause()


async def narrative_after(store_path: Path, keys: list[str], paste: str = "", typed: str = "") -> str:
    """Open a new report, put `paste` (as a terminal delivers Lao from an input method) or
    `typed` (key by key) in c2's narrative, press `keys`, quit; the narrative in the store."""
    async with running_app(store_path, SWG, open_it=True) as (app, pilot, _, report_id):
        screen = await go_to(pilot, "c2")
        field_area(screen, 0).focus()
        await pilot.pause()
        if paste:
            app.post_message(events.Paste(paste))
            await pilot.pause()
        await type_like_a_terminal(pilot, typed)
        await pilot.press(*keys)
        await pilot.press("ctrl+q")
        await settle(pilot)
    with ReportStore(store_path) as store:
        return rp.get_field(T, store.get(report_id), "c2", "narrative")


@pytest.mark.parametrize(
    ("text", "after"),
    [
        (KING, "Xກິ່ງ"),  # by code point it was "ກິX່ງ": the tone mark torn from its syllable
        (TWIG, "ກິ່ງXໄມ້"),
        (HELLO, "ສະບາXຍດີ"),
        ("ok " + KING, "ok Xກິ່ງ"),
    ],
)
async def test_two_lefts_then_a_letter_goes_between_syllables(store_path, text, after):
    assert await narrative_after(store_path, ["left", "left", "X"], paste=text) == after


async def test_lao_typed_key_by_key_then_moved_over(store_path):
    assert await narrative_after(store_path, ["left", "left", "X"], typed=TWIG) == "ກິ່ງXໄມ້"


async def test_right_goes_over_a_syllable_with_its_marks(store_path):
    assert await narrative_after(store_path, ["home", "right", "X"], paste=KING) == "ກິ່Xງ"


@pytest.mark.parametrize(
    ("text", "keys", "after"),
    [
        (HELLO, ["backspace"], "ສະບາຍ"),  # ດີ at once
        (KING, ["left", "backspace"], "ງ"),
        (KING, ["home", "delete"], "ງ"),
    ],
)
async def test_backspace_and_delete_remove_a_whole_syllable(store_path, text, keys, after):
    assert await narrative_after(store_path, keys, paste=text) == after


async def test_shift_left_selects_a_whole_syllable(store_path):
    async with running_app(store_path, SWG, open_it=True) as (app, pilot, _, report_id):
        screen = await go_to(pilot, "c2")
        area = field_area(screen, 0)
        area.focus()
        await pilot.pause()
        app.post_message(events.Paste(TWIG))
        await pilot.press("shift+left")
        assert area.selected_text == "ມ້"
        await pilot.press("shift+left")
        assert area.selected_text == "ໄມ້"
        await pilot.press("shift+right", "X")  # typing replaces the selection
        await pilot.press("ctrl+q")
        await settle(pilot)
    with ReportStore(store_path) as store:
        assert rp.get_field(T, store.get(report_id), "c2", "narrative") == "ກິ່ງໄX"


@pytest.mark.parametrize(
    ("keys", "after"),
    [
        (["ctrl+left", "X"], "ok X" + TWIG),  # by code point: before the tone mark of ມ້
        (["home", "ctrl+right", "ctrl+right", "X"], "ok " + TWIG + "X"),
        (["ctrl+w"], "ok "),
        (["home", "right", "right", "alt+delete"], "ok"),  # by code point: "okິ່ງໄມ້"
    ],
)
async def test_word_moves_and_deletes_take_a_lao_word_whole(store_path, keys, after):
    assert await narrative_after(store_path, keys, paste="ok " + TWIG) == after


@pytest.mark.parametrize(
    ("line", "cell", "after"),
    [
        (KING + "!", 1, "ກິ່Xງ!"),  # the cell of ງ: before it, not among the marks of ກິ່
        ("👨\u200d👩\u200d👧!", 2, "👨\u200d👩\u200d👧X!"),  # the cell of !: after the joined emoji
    ],
)
async def test_a_click_puts_the_cursor_between_clusters(store_path, line, cell, after):
    async with running_app(store_path, SWG, open_it=True) as (app, pilot, _, report_id):
        screen = await go_to(pilot, "c2")
        area = field_area(screen, 0)
        area.focus()
        await pilot.pause()
        app.post_message(events.Paste(line))
        await pilot.pause()
        x, y = area.content_region.offset - area.region.offset
        await pilot.click(area, offset=(x + cell, y))
        await pilot.press("X", "ctrl+q")
        await settle(pilot)
    with ReportStore(store_path) as store:
        assert rp.get_field(T, store.get(report_id), "c2", "narrative") == after


async def test_a_move_up_lands_between_clusters(store_path):
    """From a column of cells that falls inside a joined emoji on the line above."""
    line = "👨\u200d👩\u200d👧!"
    assert await narrative_after(store_path, ["up", "X"], paste=line + "\nab") == line[:5] + "X!\nab"


async def test_lao_fields_are_as_tall_as_their_wrapped_text_from_the_first_frame(store_path):
    """The height estimated before layout counts cells (marks take none) as the wrapping does,
    and wrapping never cuts a syllable from its marks, with spaces or without."""
    words = " ".join([KING, TWIG, HELLO, "ນ້ຳ", "ປະເທດລາວ"] * 12)
    texts = {"narrative": words, "challenges": words.replace(" ", "")}
    with ReportStore(store_path) as store:
        report = store.create("annex2", SWG, "2025/2026")
        for field, text in texts.items():
            rp.set_field(T, report, "c2", field, text)
        store.save(report)
    async with running_app(store_path, None, open_it=True) as (app, pilot, _, _):
        screen = await go_to(pilot, "c2")
        checked = 0
        for area in screen.form.query(FieldArea).results(FieldArea):
            if area.text not in texts.values():
                continue
            height = area.wrapped_document.height
            assert 1 < height < FieldArea.MAX_LINES and len(area.text) > 2 * area.wrap_width
            assert wrapped_lines(area.text, app.size.width - NAVIGATION_WIDTH - FieldArea.AROUND) == height
            assert area.outer_size.height == height + FieldArea.GUTTER
            for offset in area.wrapped_document._wrap_offsets[0]:
                assert area.text[offset] not in "ິ່້ີ", offset  # no line starts with a mark
            checked += 1
        assert checked == 2

"""The app in Lao: the report list's words, the language chosen from the palette (saved, and
used at the next start), the language chosen at start (--lang, $SWGTUI_LANG), and the palette
finding Lao command names however their marks were typed."""

import pytest
from textual.binding import Binding
from textual.command import Command, CommandInput, CommandList, CommandPalette
from textual.widgets import OptionList, Static

from swgtui import i18n, launch
from swgtui.app import SwgApp
from swgtui.screens.dialogs import ChoiceDialog
from swgtui.screens.editor import EditorScreen
from swgtui.screens.report_list import ReportListScreen
from swgtui.settings import load_settings, save_setting
from swgtui.widgets.key_bar import KeyBar
from swgtui.widgets.keys_panel import key_groups
from swgtui.widgets.palette import cluster_match
from tests.test_app import running_app, settle
from tests.test_app_graphemes import type_like_a_terminal

KEYS_OF_THIS_SCREEN = "ປຸ່ມຂອງໜ້ານີ້ (ຊ່ວຍເຫຼືອ)"  # the F1 key's command: ປຸ່ມ = ປ, u below, tone mark, ມ


def plain(widget: Static) -> str:
    return str(widget.render())


def report_list_words(app: SwgApp) -> tuple[str, str, str]:
    screen = app.screen
    assert isinstance(screen, ReportListScreen)
    return (
        plain(screen.query_one("#columns", Static)),
        plain(screen.query_one(KeyBar)),
        plain(screen.query_one("#store-path", Static)),
    )


async def palette_hits(pilot, query: str = "", lao: str = "") -> list[str]:
    """Open the palette, type `query` (Latin, pressed) and `lao` (as a terminal sends it, key by
    key), and the commands it lists once its search is done."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    if query:
        await pilot.press(*query)
    await type_like_a_terminal(pilot, lao)
    listed = pilot.app.screen.query_one(CommandList)
    for _turn in range(40):  # the search runs in a worker; "No matches found" comes after 0.5 s
        await pilot.pause(0.05)
        if listed.option_count:
            break
    await pilot.pause(0.6)  # and the Lao words for it after that
    return [
        str(option.hit.text) if isinstance(option, Command) else option.prompt.renderable.plain  # "No matches found"
        for option in listed.options
    ]


async def choose(pilot, label: str) -> None:
    """Pick `label` in the ChoiceDialog shown."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ChoiceDialog)
    options = dialog.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    options.highlighted = labels.index(label)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.pause()


async def test_the_report_list_in_lao(store_path):
    i18n.set_language("lo")
    async with running_app(store_path) as (app, pilot, _, _id):
        columns, keys, store = report_list_words(app)
        assert "ກຸ່ມວຽກງານຂະແໜງການ" in columns and "ໄລຍະ" in columns and "ຄົບຖ້ວນ" in columns
        assert "Period" not in columns
        assert "ເປີດ" in keys and "ບົດລາຍງານໃໝ່" in keys and "ຄຳສັ່ງ" in keys
        assert "New report" not in keys
        assert store.startswith("ບ່ອນເກັບຂໍ້ມູນ: ")
        assert app.sub_title == "ບົດລາຍງານຂອງກຸ່ມວຽກງານຂະແໜງການ"
        (heading, keys_listed), (in_list, list_keys) = key_groups(app.screen)  # the keys panel (F1)
        assert heading == "ປຸ່ມຂອງໜ້ານີ້" and ("n", "ບົດລາຍງານໃໝ່", True) in keys_listed
        assert in_list == "ໃນລາຍການທີ່ເລືອກ" and ("↓", "ລົງ", True) in list_keys  # Textual's own words too


async def test_an_empty_store_says_so_in_lao(store_path):
    i18n.set_language("lo")
    async with running_app(store_path, None) as (app, pilot, _, _id):
        assert plain(app.screen.query_one("#empty", Static)) == "ຍັງບໍ່ມີບົດລາຍງານ. ກົດ n ເພື່ອສ້າງບົດລາຍງານ."


async def test_the_palette_speaks_lao(store_path):
    i18n.set_language("lo")
    async with running_app(store_path) as (app, pilot, _, _id):
        assert "ອອກ (ບັນທຶກກ່ອນ)" in await palette_hits(pilot, lao="ອອກ")
        assert app.screen.query_one(CommandInput).placeholder == "ຄົ້ນຫາຄຳສັ່ງ…"
        await pilot.press("escape")
        assert await palette_hits(pilot, query="zzqx") == ["ບໍ່ພົບຜົນທີ່ກົງກັນ"]


async def test_language_chosen_in_the_palette_is_shown_at_once_saved_and_used_at_the_next_start(
    store_path, monkeypatch
):
    async with running_app(store_path) as (app, pilot, _, report_id):
        await pilot.press("down")  # the sample's report is the only one; it stays highlighted
        hits = await palette_hits(pilot, query="language")
        assert hits[0] == "Language (ພາສາ)"  # the document language's commands follow it
        await pilot.press("enter")
        await pilot.pause()
        await choose(pilot, "ພາສາລາວ")
        assert i18n.language() == "lo"
        columns, keys, _store = report_list_words(app)
        assert "ກຸ່ມວຽກງານຂະແໜງການ" in columns and "ເປີດ" in keys
        assert app.screen.selected_id() == report_id
        assert [type(screen) for screen in app.screen_stack[1:]] == [ReportListScreen]
        assert "ພາສາ (Language)" in await palette_hits(pilot, lao="ພາສາ")  # found by its Lao name
        await pilot.press("escape")
    assert load_settings()["language"] == "lo"
    for variable in ("SWGTUI_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    i18n.set_language("en")
    launch.start_language([])  # the next start
    assert i18n.language() == "lo"


async def test_choosing_english_from_the_editor_saves_the_text_and_rebuilds_the_list(store_path):
    i18n.set_language("lo")
    async with running_app(store_path, "Health Sector Working Group", open_it=True) as (app, pilot, _, _id):
        assert isinstance(app.screen, EditorScreen)
        assert "ພາສາ (Language)" in await palette_hits(pilot, query="language")
        await pilot.press("enter")
        await pilot.pause()
        await choose(pilot, "English")
        assert i18n.language() == "en"
        assert [type(screen) for screen in app.screen_stack[1:]] == [ReportListScreen]
        columns, keys, _store = report_list_words(app)
        assert "Sector Working Group" in columns and "New report" in keys
        assert app.sub_title == "Sector Working Group reports"
    assert load_settings()["language"] == "en"


@pytest.mark.parametrize(
    ("argv", "variable", "setting", "chosen"),
    [
        (["--lang", "lo"], None, None, "lo"),
        (["--lang=lo", "list"], "en", "en", "lo"),
        ([], "lo", None, "lo"),
        ([], "lo", "en", "lo"),  # the variable before the setting
        (["--lang", "en"], "lo", "lo", "en"),  # the option before both
        ([], None, "lo", "lo"),
    ],
)
def test_the_language_at_start(monkeypatch, argv, variable, setting, chosen):
    for name in ("SWGTUI_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    if variable:
        monkeypatch.setenv("SWGTUI_LANG", variable)
    if setting:
        save_setting("language", setting)
    launch.start_language(argv)
    assert i18n.language() == chosen
    assert i18n._("Open") == ("ເປີດ" if chosen == "lo" else "Open")


# --- the palette's search over grapheme clusters ----------------------------------------------

TONE_BEFORE_VOWEL = "ປ\u0ec8\u0eb8ມ"  # ປຸ່ມ typed with its tone mark before its vowel mark
HO_NO = "ຫນ\u0ec9າ"  # ໜ້າ typed as ຫ + ນ (as many keyboards and old texts write ໜ)
AM_IN_TWO = "ຄ\u0ecd\u0eb2"  # ຄຳ typed as ໍ + າ


@pytest.mark.parametrize("typed", [TONE_BEFORE_VOWEL, HO_NO])
async def test_the_palette_finds_lao_typed_with_its_marks_in_any_order(store_path, typed):
    i18n.set_language("lo")
    async with running_app(store_path) as (app, pilot, _, _id):
        assert KEYS_OF_THIS_SCREEN in await palette_hits(pilot, lao=typed)


@pytest.mark.parametrize(
    ("query", "name", "found"),
    [
        (TONE_BEFORE_VOWEL, KEYS_OF_THIS_SCREEN, True),
        (HO_NO, KEYS_OF_THIS_SCREEN, True),
        (AM_IN_TWO, "ຄຳເຫັນ", True),
        ("ກິ", "ກິ່ງ", True),  # a syllable being typed: its tone mark not yet
        ("ກ່", "ກາ ມ່", False),  # a tone mark is not taken from another syllable
        ("ພສ", "ພາສາ (Language)", True),
        ("language", "ພາສາ (Language)", True),
        ("nr", "New report", True),
        ("xq", "New report", False),
    ],
)
def test_cluster_match(query, name, found):
    assert (cluster_match(query, name)[0] > 0) is found


def test_a_hit_is_highlighted_by_whole_clusters():
    from swgtui.widgets.palette import ClusterMatcher

    shown = ClusterMatcher("ກ").highlight("ກິ່ງ")
    spans = [(span.start, span.end) for span in shown.spans]
    assert spans == [(0, 3)]  # the consonant with both its marks


def test_every_key_of_the_widgets_swgtui_shows_has_its_lao_words():
    """Textual's own words for its widgets' keys (listed in the keys panel) are in the catalogue:
    a Textual upgrade that adds a key shows here first."""
    from textual.containers import VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Button, Checkbox, DataTable, Input, OptionList, Select, TextArea, Tree
    from textual.widgets._select import SelectOverlay

    lao = i18n.translator("lo")
    untranslated = {
        binding.description
        for widget in (OptionList, DataTable, TextArea, Input, Select, SelectOverlay, Tree, Button, Checkbox)
        for widget_class in (*widget.__mro__, VerticalScroll, Screen)
        for binding in widget_class.__dict__.get("BINDINGS", [])
        if isinstance(binding, Binding)
        and binding.description
        and lao.gettext(binding.description) == binding.description
    }
    assert not untranslated


async def test_the_key_bar_keeps_to_three_lines_on_a_narrow_screen_in_lao(store_path):
    """Lao's longer words on a narrow screen: the keys come closer, then the last give way to
    "…" (the palette and F1 list them all); F1 stays."""
    i18n.set_language("lo")
    async with running_app(store_path, size=(36, 24)) as (app, pilot, _, _id):
        bar = app.screen.query_one(KeyBar)
        lines = plain(bar).split("\n")
        assert len(lines) == 3 and bar.size.height == 3
        assert lines[0].startswith("^p ຄຳສັ່ງ ⏎ ເປີດ")  # one space apart
        assert lines[-1].endswith("… f1 ປຸ່ມ")
        assert "ສົ່ງອອກ .docx" in plain(bar)


async def test_the_key_bar_in_lao_at_80_columns_shows_every_key(store_path):
    i18n.set_language("lo")
    async with running_app(store_path, size=(80, 24)) as (app, pilot, _, _id):
        shown = plain(app.screen.query_one(KeyBar))
        assert "…" not in shown and shown.count("\n") == 1
        assert all(words in shown for words in ("ບົດລາຍງານໃໝ່", "ໄລຍະຕໍ່ໄປ", "ອອກ", "f1 ປຸ່ມ"))


async def test_the_overview_in_lao_names_the_swgs_in_lao(store_path):
    i18n.set_language("lo")
    async with running_app(store_path) as (app, pilot, _, _id):
        await pilot.press("o")
        await settle(pilot)
        await pilot.pause()
        title = plain(app.screen.query_one("#overview-title", Static))
        assert title == "2020/2021 — 1 ຈາກ 10 SWG ລາຍງານ, 0 ລົງນາມແລ້ວ"
        detail = plain(app.screen.query_one("#overview-detail", Static))
        assert detail.startswith("ກຸ່ມວຽກຂະແໜງຢາເສບຕິດ · ປັບປຸງ ")  # the sample's line, highlighted
        assert "ພາກ ຮັບຮອງແລ້ວ" in detail
        table = app.screen.query_one("#swgs")
        names = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
        assert names[0] == "ສາທາລະນະສຸກ" and "ຢາເສບຕິດ" in names

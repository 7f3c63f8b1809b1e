"""The New-report dialog for a Lao user: the SWGs found by their Lao names and aliases (stored by
their English names), the templates' titles in the interface's language, every field reachable at
80x24; and the language dialog marking the language in use."""

import pytest
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets._select import SelectOverlay

from swgtui import i18n
from swgtui.screens.dialogs import ChoiceDialog
from swgtui.screens.new_report import NewReportDialog
from swgtui.store import ReportStore
from swgtui.swgs import swg_list
from tests.test_app import running_app, settle
from tests.test_app_newuser import paste_into
from tests.test_template_shapes import TWO, install, w

ALL = [swg.key for swg in swg_list()]


async def new_report_dialog(pilot) -> NewReportDialog:
    await pilot.press("n")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, NewReportDialog)
    return dialog


def listed(dialog: NewReportDialog) -> list[str]:
    """The keys of the SWGs the list shows, in its order (none while it is hidden)."""
    options = dialog.query_one("#swg-list", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)] if options.display else []


def created(store_path) -> list[str]:
    with ReportStore(store_path, writable=False) as reader:
        return [summary["swg"] for summary in reader.list_reports()]


@pytest.mark.parametrize(
    ("typed", "keys"),
    [
        ("ສາທາ", ["health"]),  # within the Lao name
        ("ກຸ່ມ", ALL),  # how every Lao name starts
        ("ກຸ່ມວຽກຂະແໜງຢາເສບຕິດ", ["illicit_drug"]),
        ("ກຸ່ມວຽກຂະແຫນງຢາເສບຕິດ", ["illicit_drug"]),  # ຫນ typed for ໜ
        ("ກະສິກຳ ແລະ", ["agriculture"]),
        ("IDSWG", ["illicit_drug"]),  # an alias
        ("uxo swg", ["mine_action"]),
    ],
)
async def test_lao_names_and_aliases_narrow_the_list(store_path, typed, keys):
    async with running_app(store_path, None) as (app, pilot, _store, _id):
        dialog = await new_report_dialog(pilot)
        await paste_into(pilot, "#swg", typed)
        assert listed(dialog) == keys


async def test_in_lao_the_list_shows_the_lao_names_and_a_pick_stores_the_english_name(store_path):
    i18n.set_language("lo")
    async with running_app(store_path, None) as (app, pilot, _store, _id):
        dialog = await new_report_dialog(pilot)
        options = dialog.query_one("#swg-list", OptionList)
        assert str(options.get_option_at_index(0).prompt) == "ກຸ່ມວຽກຂະແໜງສາທາລະນະສຸກ  Health Sector Working Group"
        await paste_into(pilot, "#swg", "ສາທາ")
        await pilot.press("enter")  # the SWG highlighted: its English name, the Word document's
        assert dialog.query_one("#swg", Input).value == "Health Sector Working Group"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, NewReportDialog)
    assert created(store_path) == ["Health Sector Working Group"]


async def test_a_whole_lao_name_is_an_swg_of_the_list_when_create_is_pressed(store_path):
    i18n.set_language("lo")
    async with running_app(store_path, None) as (app, pilot, _store, _id):
        dialog = await new_report_dialog(pilot)
        await paste_into(pilot, "#swg", "ກຸ່ມວຽກຂະແໜງຢາເສບຕິດ")
        dialog.query_one("#create", Button).press()
        await settle(pilot)
        assert not isinstance(app.screen, NewReportDialog), str(dialog.query_one("#problem", Static).render())
    assert created(store_path) == ["Illicit Drug Sector Working Group"]


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("en", ["Annex 2 – Template for SWG reporting", "Quarterly note of …"]),
        ("lo", ["ເອກະສານຊ້ອນທ້າຍ 2 – ແບບຟອມການລາຍງານຂອງ SWG", "ບົດບັນທຶກປະຈຳໄຕມາດຂອງ …"]),
    ],
)
async def test_the_templates_are_offered_by_their_titles_in_the_interfaces_language(store_path, language, titles):
    install({**TWO, "title": w("Quarterly note of {swg}", "ບົດບັນທຶກປະຈຳໄຕມາດຂອງ {swg}")})
    i18n.set_language(language)
    async with running_app(store_path, None) as (app, pilot, _store, _id):
        dialog = await new_report_dialog(pilot)
        overlay = dialog.query_one(SelectOverlay)
        assert [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)] == titles


def shown(dialog: NewReportDialog, widget) -> bool:
    """Whether `widget` is on the screen, not hidden by the dialog's edge nor scrolled away."""
    region = widget.region
    assert region.area
    try:
        found, _region = dialog.get_widget_at(region.x + region.width // 2, region.y + region.height // 2)
    except Exception:  # outside the screen
        return False
    return found is widget or widget in found.ancestors


async def test_at_80x24_every_field_and_button_is_shown_when_it_has_the_focus(store_path):
    i18n.set_language("lo")  # the longer words
    async with running_app(store_path, None, size=(80, 24)) as (app, pilot, _store, _id):
        dialog = await new_report_dialog(pilot)
        reached = []
        for _step in range(6):  # the SWG, its list, the period, Create, Cancel, the template
            reached.append(dialog.focused.id)
            assert shown(dialog, dialog.focused), dialog.focused
            await pilot.press("tab")
            await pilot.pause()
        assert reached == ["swg", "swg-list", "period", "create", "cancel", "template"]
        await paste_into(pilot, "#swg", "ສາທາ")
        await pilot.press("enter")
        await paste_into(pilot, "#period", "x")
        await pilot.press("enter")  # the note about the period, the field and the buttons: all shown
        problem = dialog.query_one("#problem", Static)
        assert str(problem.render()) != "" and dialog.focused is dialog.query_one("#period", Input)
        for widget in (problem, dialog.query_one("#period", Input), dialog.query_one("#create", Button)):
            assert shown(dialog, widget), widget


@pytest.mark.parametrize(("language", "labels"), [("en", ["English ✓", "ພາສາລາວ"]), ("lo", ["English", "ພາສາລາວ ✓"])])
async def test_the_language_dialog_marks_the_language_in_use(store_path, language, labels):
    i18n.set_language(language)
    async with running_app(store_path, None) as (app, pilot, _store, _id):
        app.action_choose_language()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == labels
        assert options.highlighted == labels.index(next(label for label in labels if "✓" in label))

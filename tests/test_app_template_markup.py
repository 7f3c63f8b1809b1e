"""A template's words are shown as written: markup-like text ("[b]", "[link=…]", a lone "[/x]")
in any of them is never read as markup, in the app's lists, forms, placeholders and outline."""

from __future__ import annotations

import copy
import json
from typing import Any

from swgtui import paths
from swgtui.model.template import load_template, template_data

from .test_app import open_store, running_app, settle

HOSTILE = " [link=http://x]L[/link] [b]B[/b] [/x] [red"
NAMES = {"id", "kind", "tags", "new_row_kind", "schema", "orientation", "items"}  # not words


def _hostile(value: Any) -> Any:
    """Every string of a template's words (not its ids, kinds or tags) with markup-like text added."""
    if isinstance(value, dict):
        return {k: v if k in NAMES else _hostile(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile(item) for item in value]
    return value + HOSTILE if isinstance(value, str) else value


def install_hostile() -> str:
    data = _hostile(copy.deepcopy(template_data("annex2")))
    data["id"] = "hostile"
    folder = paths.templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load_template("hostile").id


async def test_markup_in_a_templates_words_is_shown_as_written(store_path) -> None:
    install_hostile()
    store = open_store(store_path)
    store.create("hostile", "Health Sector Working Group", "2025/2026")
    store.close()
    async with running_app(store_path, report=None) as (app, pilot, _store, _id):
        await pilot.press("n")  # the new report dialog lists the templates by their titles
        await settle(pilot)
        await pilot.press("shift+tab", "space")
        await settle(pilot)
        assert "[b]B[/b]" in app.export_screenshot()
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for _step in range(25):  # every part of the report, each form with its placeholders
            await pilot.press("alt+down")
            await settle(pilot)
            assert app.is_running
        assert "[b]B[/b]" in app.export_screenshot()
        await pilot.press("ctrl+g")  # the sign-off screen names every part
        await settle(pilot)
        assert "[b]B[/b]" in app.export_screenshot()

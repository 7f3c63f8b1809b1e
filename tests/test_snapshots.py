"""Snapshots of the report list and the editor on the sample (fixed data, size and clock)."""

from pathlib import Path

import pytest

from swgtui import i18n
from swgtui.app import make_app
from swgtui.model import report as rp
from swgtui.sample import sample_report
from swgtui.store import ReportStore

SIZE = (120, 40)


@pytest.fixture
def sample_app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the list shows the store's path: keep it short and stable
    monkeypatch.setattr(rp, "now_iso", lambda: "2026-01-15T09:30:00+00:00")
    store = ReportStore(Path("store.json"), holder="swgtui app").open()
    store.add(sample_report())
    yield make_app(store)
    store.close()


def test_report_list(snap_compare, sample_app):
    assert snap_compare(sample_app, terminal_size=SIZE)


@pytest.fixture
def lao():
    i18n.set_language("lo")


@pytest.fixture
def sample_app_in_lao(lao, sample_app):
    """The app made with the interface in Lao (as --lang lo starts it)."""
    return sample_app


def test_report_list_in_lao(snap_compare, sample_app_in_lao):
    assert snap_compare(sample_app_in_lao, terminal_size=SIZE)


def test_report_list_in_lao_at_80_by_24(snap_compare, sample_app_in_lao):
    assert snap_compare(sample_app_in_lao, terminal_size=(80, 24))


def pressing(*keys):
    """Press keys, then wait until the editor has rendered the selected part."""

    async def run_before(pilot) -> None:
        for key in keys:  # one at a time: opening a report reads it in a worker first
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


def test_editor_on_a_recommendation_row(snap_compare, sample_app):
    assert snap_compare(sample_app, terminal_size=SIZE, run_before=pressing("enter", "alt+down", "alt+down"))


def test_editor_on_the_header_block(snap_compare, sample_app):
    assert snap_compare(sample_app, terminal_size=SIZE, run_before=pressing("enter"))


SMALL = (80, 24)  # a laptop's terminal at its default size


def test_report_list_at_80_by_24(snap_compare, sample_app):
    assert snap_compare(sample_app, terminal_size=SMALL)


def test_editor_on_a_row_at_80_by_24(snap_compare, sample_app):
    assert snap_compare(sample_app, terminal_size=SMALL, run_before=pressing("enter", "alt+down", "alt+down"))


def test_editor_with_the_outline_hidden_at_80_by_24(snap_compare, sample_app):
    keys = pressing("enter", "alt+down", "alt+down", "ctrl+b")
    assert snap_compare(sample_app, terminal_size=SMALL, run_before=keys)

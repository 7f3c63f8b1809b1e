"""Snapshots of the report list and the editor on the sample (fixed data, size and clock), and of the
editor and the sign-off screen in Lao."""

import time
from pathlib import Path

import pytest

from swgtui import i18n
from swgtui.app import make_app
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import load_template
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


# --- in Lao ---------------------------------------------------------------------------------


@pytest.fixture
def lao():
    """The interface in Lao from the start (tests/conftest.py sets English back after the test)."""
    i18n.set_language("lo")


@pytest.fixture
def lao_sample_app(lao, sample_app):
    """The app on the sample, in Lao (the language is set before the app is made)."""
    return sample_app


def test_editor_on_a_row_in_lao(snap_compare, lao_sample_app):
    keys = pressing("enter", "alt+down", "alt+down")
    assert snap_compare(lao_sample_app, terminal_size=SIZE, run_before=keys)


def test_editor_on_the_header_block_in_lao_at_80_by_24(snap_compare, lao_sample_app):
    assert snap_compare(lao_sample_app, terminal_size=SMALL, run_before=pressing("enter"))


@pytest.fixture
def lao_reviewed_app(lao, tmp_path, monkeypatch):
    """The app, in Lao, on the sample with parts ready, approved, changes requested and commented."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "UTC")  # times are shown in local time
    time.tzset()
    monkeypatch.setattr(rp, "now_iso", lambda: "2026-01-15T09:30:00+00:00")
    report = sample_report()
    focal = {"name": "Phoutsavath Sounthala", "organisation": "MPS", "role": "focal point"}
    chair = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
    for part in ("header", "a1", "a2", "a3"):
        review.set_status(report, part, "ready", focal)
    review.set_status(report, "header", "approve", chair)
    review.set_status(report, "a1", "approve", chair)
    review.set_status(report, "a2", "request-changes", chair, "ກະລຸນາເພີ່ມຕົວເລກ")
    review.add_comment(load_template("annex2"), report, "a3", "ຂໍ້ມູນປີ 2021?", chair)
    store = ReportStore(Path("store.json"), holder="swgtui app").open()
    store.add(report)
    yield make_app(store)
    store.close()
    monkeypatch.delenv("TZ")
    time.tzset()


def test_sign_off_screen_in_lao(snap_compare, lao_reviewed_app):
    keys = pressing("enter", "ctrl+g", "down", "down")  # on the part whose changes were requested
    assert snap_compare(lao_reviewed_app, terminal_size=SIZE, run_before=keys)


def test_sign_off_screen_in_lao_at_80_by_24(snap_compare, lao_reviewed_app):
    keys = pressing("enter", "ctrl+g", "down", "down")
    assert snap_compare(lao_reviewed_app, terminal_size=SMALL, run_before=keys)

"""Garbage is collected in the user's pauses: never while busy, unless far too much piled up."""

import gc

import pytest

from swgtui import idle_gc
from swgtui.idle_gc import IdleCollector


@pytest.fixture
def collector():
    was_enabled = gc.isenabled()
    gc.disable()
    gc.collect()
    try:
        yield IdleCollector()
    finally:
        if was_enabled:
            gc.enable()


def allocate(count: int) -> list[list[int]]:
    return [[number] for number in range(count)]  # lists are tracked by the collector


def test_nothing_is_collected_while_the_user_is_typing(collector):
    kept = allocate(idle_gc.ENOUGH * 2)
    collector.touch()
    assert not collector.tick()
    assert gc.get_count()[0] >= idle_gc.ENOUGH and len(kept)


def test_a_pause_collects_once_enough_was_allocated(collector, monkeypatch):
    collector.last_input -= idle_gc.IDLE_SECONDS + 1
    assert not collector.tick()  # a pause, but nothing worth collecting yet
    kept = allocate(idle_gc.ENOUGH * 2)
    assert collector.tick() and collector.collections == 1
    assert gc.get_count()[0] < idle_gc.ENOUGH and len(kept)


def test_far_too_much_is_collected_even_while_busy(collector, monkeypatch):
    monkeypatch.setattr(idle_gc, "TOO_MUCH", idle_gc.ENOUGH)
    kept = allocate(idle_gc.ENOUGH * 2)
    collector.touch()
    assert collector.tick() and len(kept)


async def test_the_app_collects_in_pauses_and_leaves_collection_as_it_was(store_path):
    from swgtui.app import WARM_UP_DELAY, make_app
    from swgtui.store import ReportStore

    store = ReportStore(store_path, holder="swgtui app").open()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(WARM_UP_DELAY + 0.2)
        assert not gc.isenabled() and gc.get_freeze_count() > 0
    store.close()
    assert gc.isenabled()

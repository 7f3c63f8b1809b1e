"""The editor: opening a report and switching rows, timed to the first frame that shows the
part's form (read from Textual's display hook), with keys delivered as a terminal delivers them."""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, figure, make_store


class FrameClock:
    """Times, from a key press, the first frame the app draws that shows the part selected.

    Wraps the app's display hook, which the screen calls with each frame it has composed."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.shown_at = 0.0
        self.waiting = False
        display = app._display

        def watch(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and self.waiting and self.form_on_screen():
                self.shown_at = time.perf_counter()
                self.waiting = False

        app._display = watch

    def form_on_screen(self) -> bool:
        from swgtui.screens.editor import EditorScreen

        screen = self.app.screen
        if not isinstance(screen, EditorScreen) or not screen.is_mounted:
            return False
        form = screen.form
        if form.part_id != screen.part_id or not form.children:
            return False
        return form.children[0] in screen._compositor.visible_widgets

    async def time_key(self, key: str) -> float:
        """Seconds from the key reaching the app to the first frame showing the selected part."""
        self.shown_at = 0.0
        self.waiting = True
        started = time.perf_counter()
        send_key(self.app, key)
        while self.waiting:
            await asyncio.sleep(0.001)
        return self.shown_at - started


def send_key(app: Any, key: str) -> None:
    """A key press as the terminal delivers it, without waiting for the app to go idle
    (Pilot's press waits for all work, including forms prepared in the background)."""
    from textual import events

    event = events.Key(key, None)
    event.set_sender(app)
    app._driver.send_message(event)


async def editor_timings(path: Path, repeat: int) -> tuple[float, float, float]:
    """Median ms: open the sample into a ready editor; switch to the next row once the user has
    read the current one (its neighbours prepared); and switch at once, row after row."""
    from swgtui.app import make_app
    from swgtui.screens.editor import EditorScreen
    from swgtui.store import ReportStore

    store = ReportStore(path, holder="benchmark").open()
    app = make_app(store)
    opens, switches, hurried = [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        clock = FrameClock(app)
        await asyncio.sleep(1.0)  # the user reads the list first (and the app warms up meanwhile)
        await app.workers.wait_for_complete()
        for _ in range(repeat):
            opens.append(await clock.time_key("enter"))
            assert isinstance(app.screen, EditorScreen)
            for _ in range(8):
                await asyncio.sleep(0.4)  # the user reads: neighbours get ready meanwhile
                await app.workers.wait_for_complete()
                await pilot.pause()
                switches.append(await clock.time_key("alt+down"))
            await app.workers.wait_for_complete()
            await pilot.press("escape")
            await pilot.pause()
        await clock.time_key("enter")
        for _ in range(8):
            await asyncio.sleep(0.05)  # holding alt+↓: no time to prepare the next row
            hurried.append(await clock.time_key("alt+down"))
        await app.workers.wait_for_complete()
    store.close()
    open_ms, switch_ms, hurried_ms = (statistics.median(times) * 1000 for times in (opens, switches, hurried))
    return open_ms, switch_ms, hurried_ms


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    store1, _ = make_store(folder, 1)
    open_ms, switch_ms, hurried_ms = asyncio.run(editor_timings(store1, max(3, repeat)))
    return {
        "open_sample_to_editor_ready": figure(open_ms, "ms", target=100, digits=1),
        "switch_rows": figure(switch_ms, "ms", target=30, digits=1),
        "switch_rows_without_pause": figure(hurried_ms, "ms", digits=1),
    }

"""The editor: opening a report, switching rows and typing, each against a bare Textual app.

Opening and switching are timed from the key press (as a terminal delivers it) to the first
frame that shows the part's form (read from Textual's display hook). The baseline is a bare
app that shows the same part's texts in plain TextAreas in a VerticalScroll: opened from a
plain list (enter; the report read off the event loop, as swgtui reads it) and switched with
alt+↓, which builds the next part's TextAreas. Typing is timed from a key press in a long
field to the first frame showing it, against a bare TextArea holding the same text. Each
app runs in turns with its baseline (one session of each per turn), medians of all turns.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, figure
from swgtui.model.types import Report

SIZE = (120, 40)
PAUSE = 0.4  # seconds the user reads a row before the next (neighbours get ready meanwhile)
HURRY = 0.05  # seconds between alt+↓ while holding it
SWITCHES = 6  # per session, after a pause and in a hurry
KEYS = 8  # typed per session
TYPE_PAUSE = 0.12  # seconds between keys
now = time.perf_counter  # the clock (time.thread_time to count the event loop's own work alone)


class FrameClock:
    """Times, from a key press, the first frame the app draws for which `shown()` is true.

    Wraps the app's display hook, which the screen calls with each frame it has composed."""

    def __init__(self, app: Any, shown: Callable[[], bool]) -> None:
        self.app = app
        self.shown = shown
        self.shown_at = 0.0
        self.waiting = False
        display = app._display

        def watch(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and self.waiting and self.shown():
                self.shown_at = now()
                self.waiting = False

        app._display = watch

    async def time_key(self, key: str, character: str | None = None) -> float:
        """Seconds from the key reaching the app to the first frame for which `shown()` is true."""
        self.shown_at = 0.0
        self.waiting = True
        started = now()
        send_key(self.app, key, character)
        while self.waiting:
            await asyncio.sleep(0.001)
        return self.shown_at - started


def send_key(app: Any, key: str, character: str | None = None) -> None:
    """A key press as the terminal delivers it, without waiting for the app to go idle
    (Pilot's press waits for all work, including forms prepared in the background)."""
    from textual import events

    event = events.Key(key, character)
    event.set_sender(app)
    app._driver.send_message(event)


def store_with(folder: Path, name: str, report: Report) -> tuple[Path, str]:
    """A store holding `report` alone, and its id."""
    from swgtui.store import ReportStore

    path = folder / f"store-{name}.json"
    with ReportStore(path, holder="benchmark setup") as store:
        report_id = store.add(report)
    return path, report_id


def part_texts(report: Report, part_id: str) -> list[str]:
    """The texts swgtui's form of a part edits: the header's fields, or a row's title, fields
    and partner narratives."""
    from swgtui.model import report as rp

    if part_id == rp.HEADER_ID:
        return list(report["header"]["fields"].values())
    _, row = rp.find_row(report, part_id)
    return [row["title"], *row["fields"].values(), *(item["text"] for item in row["items"])]


# --- swgtui --------------------------------------------------------------------------------


def form_on_screen(app: Any) -> bool:
    from swgtui.screens.editor import EditorScreen

    screen = app.screen
    if not isinstance(screen, EditorScreen) or not screen.is_mounted:
        return False
    form = screen.form
    if form.part_id != screen.part_id or not form.children:
        return False
    return form.children[0] in screen._compositor.visible_widgets


async def swgtui_session(path: Path, taken: dict[str, list[float]]) -> None:
    """One run of swgtui: open, switch after pauses; back, open again, switch in a hurry."""
    from swgtui.app import make_app
    from swgtui.store import ReportStore

    store = ReportStore(path, holder="benchmark").open()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        clock = FrameClock(app, lambda: form_on_screen(app))
        await asyncio.sleep(1.0)  # the user reads the list first (and the app warms up meanwhile)
        await app.workers.wait_for_complete()
        for pause, name in ((PAUSE, "switch"), (HURRY, "hurried")):
            taken["open"].append(await clock.time_key("enter"))
            for _ in range(SWITCHES):
                await asyncio.sleep(pause)
                if pause == PAUSE:
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                taken[name].append(await clock.time_key("alt+down"))
            await app.workers.wait_for_complete()
            await pilot.press("escape")
            await pilot.pause()
            await asyncio.sleep(0.3)
            await app.workers.wait_for_complete()
    store.close()


async def swgtui_typing(path: Path, field: str, taken: list[float]) -> None:
    """Type into `field` of the first row (at its end, where writing goes on)."""
    from swgtui.app import make_app
    from swgtui.screens.editor import EditorScreen
    from swgtui.store import ReportStore

    store = ReportStore(path, holder="benchmark").open()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("alt+down")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        area = screen.form._area_of(field)
        assert area is not None and len(area.text) > 10_000
        area.focus()
        await pilot.pause(0.3)
        await type_keys(app, area, taken)
        await app.workers.wait_for_complete()
    store.close()


async def type_keys(app: Any, area: Any, taken: list[float]) -> None:
    before = [area.cursor_location]
    clock = FrameClock(app, lambda: area.cursor_location != before[0])
    for _ in range(KEYS):
        await asyncio.sleep(TYPE_PAUSE)
        before[0] = area.cursor_location
        taken.append(await clock.time_key("x", "x"))


# --- the bare baseline ---------------------------------------------------------------------


def bare_app(path: Path) -> Any:
    """A bare Textual app: a plain list of the store's reports; enter reads the report (off
    the event loop) and shows its first part's texts in TextAreas; alt+↓ shows the next part's."""
    from textual import work
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import VerticalScroll
    from textual.screen import Screen
    from textual.widgets import OptionList, TextArea

    from swgtui.model import report as rp
    from swgtui.store import ReportStore

    class Part(VerticalScroll):
        def __init__(self, part_id: str, texts: list[str]) -> None:
            super().__init__()
            self.part_id = part_id
            self.texts = texts

        def compose(self) -> ComposeResult:
            for text in self.texts:
                yield TextArea(text, soft_wrap=True)

    class PartScreen(Screen[None]):
        BINDINGS = [Binding("alt+down", "next", priority=True), Binding("escape", "app.pop_screen")]

        def __init__(self, report: Report) -> None:
            super().__init__()
            self.report = report
            self.parts = rp.part_ids(report)
            self.part_id = self.parts[0]

        def compose(self) -> ComposeResult:
            yield Part(self.part_id, part_texts(self.report, self.part_id))

        def action_next(self) -> None:
            self.part_id = self.parts[self.parts.index(self.part_id) + 1]
            self.query_one(Part).remove()
            self.mount(Part(self.part_id, part_texts(self.report, self.part_id)))

    class ListScreen(Screen[None]):
        def __init__(self, store: ReportStore) -> None:
            super().__init__()
            self.store = store

        def compose(self) -> ComposeResult:
            yield OptionList(*(summary["id"] for summary in self.store.list_reports()))

        def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
            self.load(str(event.option.prompt))

        @work(thread=True)
        def load(self, report_id: str) -> None:
            report = self.store.get(report_id)
            self.app.call_from_thread(self.app.push_screen, PartScreen(report))

    class BareApp(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.store = ReportStore(path, holder="benchmark").open()

        def on_mount(self) -> None:
            self.push_screen(ListScreen(self.store))

    return BareApp()


def bare_part_on_screen(app: Any) -> bool:
    screen = app.screen
    if not hasattr(screen, "parts") or not screen.is_mounted:
        return False
    parts = [child for child in screen.children if getattr(child, "part_id", None) == screen.part_id]
    return bool(parts and parts[0].children and parts[0].children[0] in screen._compositor.visible_widgets)


async def bare_session(path: Path, taken: dict[str, list[float]]) -> None:
    app = bare_app(path)
    async with app.run_test(size=SIZE) as pilot:
        clock = FrameClock(app, lambda: bare_part_on_screen(app))
        await asyncio.sleep(1.0)
        for pause in (PAUSE, HURRY):
            taken["open"].append(await clock.time_key("enter"))
            for _ in range(SWITCHES):
                await asyncio.sleep(pause)
                if pause == PAUSE:
                    await pilot.pause()
                taken["switch"].append(await clock.time_key("alt+down"))
            await pilot.press("escape")
            await pilot.pause()
            await asyncio.sleep(0.3)
    app.store.close()


async def bare_typing(text: str, taken: list[float]) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    class BareField(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea(text, soft_wrap=True)

    app = BareField()
    async with app.run_test(size=SIZE) as pilot:
        area = app.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.pause(0.3)
        await type_keys(app, area, taken)


# --- figures -------------------------------------------------------------------------------


def open_and_switch(path: Path, turns: int) -> dict[str, float]:
    """Median ms of swgtui's and the bare app's openings and switches, one session each per turn."""
    ours: dict[str, list[float]] = {"open": [], "switch": [], "hurried": []}
    bare: dict[str, list[float]] = {"open": [], "switch": []}
    for _ in range(turns):
        asyncio.run(swgtui_session(path, ours))
        asyncio.run(bare_session(path, bare))
    medians = {name: statistics.median(times) * 1000 for name, times in ours.items()}
    medians.update({f"bare_{name}": statistics.median(times) * 1000 for name, times in bare.items()})
    return medians


def typing(path: Path, text: str, turns: int) -> tuple[float, float]:
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(turns):
        asyncio.run(swgtui_typing(path, "progress", ours))
        asyncio.run(bare_typing(text, bare))
    return statistics.median(ours) * 1000, statistics.median(bare) * 1000


def reports() -> dict[str, Report]:
    from benchmarks.reports import report_with_long_fields, report_with_rows
    from swgtui.sample import sample_report

    return {
        "sample": sample_report(),
        "400_rows": report_with_rows(400),
        "20x50KB": report_with_long_fields(20, 50_000),
    }


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    from benchmarks.reports import report_with_long_fields

    turns = max(7, repeat)
    results: dict[str, Figure] = {}
    for name, report in reports().items():
        path, _ = store_with(folder, name, report)
        timed = open_and_switch(path, turns)
        results[f"editor_open_{name}"] = figure(
            timed["open"], "ms", baseline=timed["bare_open"], max_ratio=1.15, digits=1
        )
        results[f"editor_switch_{name}"] = figure(
            timed["switch"], "ms", baseline=timed["bare_switch"], max_ratio=1.15, digits=1
        )
        results[f"editor_switch_held_{name}"] = figure(
            timed["hurried"], "ms", baseline=timed["bare_switch"], max_ratio=1.15, digits=1
        )
    for size, label in ((12_800, "12.8KB"), (50_000, "50KB")):
        report = report_with_long_fields(1, size)
        path, _ = store_with(folder, f"typing-{label}", report)
        text = report["sections"][0]["rows"][0]["fields"]["progress"]
        ours, bare = typing(path, text, turns)
        results[f"editor_type_in_{label}_field"] = figure(ours, "ms", baseline=bare, max_ratio=1.15, digits=1)
    return results

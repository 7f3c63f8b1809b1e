"""Measure swgtui against its speed targets and print a table (and JSON with --json PATH).

Each figure is {"value", "unit", "target", "baseline"}. Start-up is compared with a minimal
Textual app (Header, Footer, Tree, TextArea) started and timed the same way, in the same run;
receiving a review package with loading the same report from its dump, in the same run.

    python benchmarks/run.py [--json PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from the checkout
from benchmarks.docx_bomb import import_in_child, write_bomb  # noqa: E402

# A child process that starts an app headless, says when its first screen is ready, and exits.
STARTER = """
import sys, time
kind, store_path = sys.argv[1], sys.argv[2]
from textual.app import App

def ready_when(shows):
    \"\"\"Report the first frame the app draws in which `shows(app)` holds, then exit.\"\"\"
    display = App._display

    def watch(app, screen, renderable):
        display(app, screen, renderable)
        if renderable is not None and not getattr(app, "_reported", False) and shows(app):
            app._reported = True
            with open("/proc/self/status") as status:
                peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
            print(f"ready {time.perf_counter()} {peak}", flush=True)
            app.call_later(app.exit)

    App._display = watch

if kind == "baseline":
    from textual.widgets import Footer, Header, TextArea, Tree

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Tree("report")
            yield TextArea("text")
            yield Footer()

    ready_when(lambda app: bool(app.screen.query(TextArea)))
    Minimal().run(headless=True, size=(120, 40))
else:
    from pathlib import Path
    from swgtui.app import make_app
    from swgtui.store import ReportStore

    def list_shown(app):
        from textual.widgets import OptionList
        reports = app.screen.query("#reports")
        return bool(reports) and reports.first(OptionList).option_count > 0

    store = ReportStore(Path(store_path), holder="benchmark").open()  # the app backs it up in a worker
    ready_when(list_shown)
    make_app(store).run(headless=True, size=(120, 40))
    store.close()
"""


def start_to_ready(kind: str, store_path: Path) -> tuple[float, float]:
    """Seconds from process start to the first screen, and the peak memory (MB)."""
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", STARTER, kind, str(store_path)], capture_output=True, text=True, check=True
    )
    line = next(line for line in child.stdout.splitlines() if line.startswith("ready"))
    _, when, peak_kb = line.split()
    return float(when) - started, int(peak_kb) / 1024


def make_store(folder: Path, reports: int, revisions: int = 0) -> tuple[Path, list[str]]:
    from swgtui.model import report as rp
    from swgtui.model.template import load_template
    from swgtui.sample import sample_report
    from swgtui.store import ReportStore

    template = load_template("annex2")
    path = folder / f"store-{reports}-{revisions}.json"
    ids = []
    with ReportStore(path, holder="benchmark setup") as store:
        for _ in range(reports):
            ids.append(store.add(sample_report()))
        for report_id in ids if revisions else []:
            report = store.get(report_id)
            for number in range(revisions):
                rp.set_field(template, report, "c2", "challenges", f"revision {number} " + "text " * 100)
                store.save(report)
    return path, ids


def receive_and_load_s(folder: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of receiving a review package of the sample into a store that holds it,
    both copies with 200 revisions of every text (each then changed 20 texts of its own 10
    times), and of loading the same report from its dump (`Workspace.load`) into an empty store;
    taken in turns, so a busy moment of the machine hits both alike."""
    import shutil

    from swgtui.model import report as rp
    from swgtui.model.merge_keys import is_text_key, report_values
    from swgtui.model.template import load_template
    from swgtui.sample import sample_report
    from swgtui.store import ReportStore
    from swgtui.workspace import Workspace

    template = load_template("annex2")

    def write(store: ReportStore, report_id: str, keys: list[tuple[str, str]], times: int, who: str) -> None:
        report = store.get(report_id)
        for number in range(times):
            for part, field in keys:
                rp.set_field(template, report, part, field, f"{who} {number}: {part} {field}\nA line both keep.\n")
            store.save(report)

    with Workspace(ReportStore(folder / "focal" / "store.json", holder="benchmark setup")) as focal:
        report_id = focal.add(sample_report())
        keys = [
            key
            for key in report_values(focal.get(report_id))
            if is_text_key(key[1]) and key[1] not in ("title", "swg_name", "period")
        ]
        write(focal.store, report_id, keys, 200, "both")
        first = focal.send(report_id, folder / "first.swgpkg").path
        with Workspace(ReportStore(folder / "cochair" / "store.json", holder="benchmark setup")) as cochair:
            cochair.receive(first)
            write(cochair.store, report_id, keys[20:40], 10, "co-chair")
        write(focal.store, report_id, keys[:20], 10, "focal point")
        answer = focal.send(report_id, folder / "answer.swgpkg").path
        dump = focal.dump(report_id)
    receives, loads = [], []
    for number in range(repeat):
        copy = folder / f"receiving-{number}"
        shutil.copytree(folder / "cochair", copy)
        with ReportStore(copy / "store.json", holder="benchmark") as store:
            started = time.perf_counter()
            Workspace(store).receive(answer)
            receives.append(time.perf_counter() - started)
        with ReportStore(folder / f"loading-{number}" / "store.json", holder="benchmark") as store:
            started = time.perf_counter()
            Workspace(store).load(dump)
            loads.append(time.perf_counter() - started)
    return statistics.median(receives), statistics.median(loads)


def save_median_ms(path: Path, report_id: str, repeat: int) -> float:
    from swgtui.model import report as rp
    from swgtui.model.template import load_template
    from swgtui.store import ReportStore

    template = load_template("annex2")
    times = []
    with ReportStore(path, holder="benchmark") as store:
        report = store.get(report_id)
        for number in range(repeat):
            rp.set_field(template, report, "a1", "challenges", f"benchmark {number}")
            started = time.perf_counter()
            store.save(report)  # written, fsynced and renamed before it returns
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


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


def export_ms(repeat: int, folder: Path) -> float:
    from swgtui.exports.files import export_docx
    from swgtui.sample import sample_report

    report = sample_report()
    export_docx(copy.deepcopy(report), folder / "warm-up.docx")  # python-docx imported once
    times = []
    for number in range(repeat):
        started = time.perf_counter()
        export_docx(report, folder / f"export-{number}.docx")
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def export_process_s(path: Path, report_id: str, folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "swgtui", "--db", str(path), "export", report_id, "--out", str(folder / "cli.docx")],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def docx_bomb_refusal(folder: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of refusing a 200 KB .docx that unpacks to 100 MB of <w:p/>."""
    message, seconds, peak_mb = import_in_child(write_bomb(folder / "bomb.docx", 100))
    assert message != "imported", "the docx bomb was imported"
    return seconds, peak_mb


def byte_compile_swgtui() -> None:
    """Compile swgtui's modules as `pip install` does, so start-up is timed as installed
    (a checkout run with PYTHONDONTWRITEBYTECODE would compile them on every start)."""
    import swgtui

    compileall.compile_dir(Path(swgtui.__file__).parent, quiet=1)


def measure(repeat: int) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    byte_compile_swgtui()
    with tempfile.TemporaryDirectory(prefix="swgtui-bench-") as name:
        folder = Path(name)
        os.environ["SWGTUI_EXPORT_DIR"] = str(folder)
        os.environ["SWGTUI_EXPORT_RECORD"] = str(folder / "exports.json")
        store50, ids50 = make_store(folder, 50)
        store1, ids1 = make_store(folder, 1)
        store_long, ids_long = make_store(folder, 50, revisions=200)

        baselines, starts, peaks = [], [], []
        for _ in range(repeat):  # taken in turns, so a busy moment of the machine hits both alike
            baselines.append(start_to_ready("baseline", store50)[0])
            seconds, peak = start_to_ready("swgtui", store50)
            starts.append(seconds)
            peaks.append(peak)
        baseline, start = statistics.median(baselines), statistics.median(starts)
        results["start_to_report_list_50_reports"] = {
            "value": round(start, 3),
            "unit": "s",
            "target": round(1.3 * baseline, 3),
            "baseline": round(baseline, 3),
        }
        open_ms, switch_ms, hurried_ms = asyncio.run(editor_timings(store1, max(3, repeat)))
        results["open_sample_to_editor_ready"] = {
            "value": round(open_ms, 1),
            "unit": "ms",
            "target": 100,
            "baseline": None,
        }
        results["switch_rows"] = {"value": round(switch_ms, 1), "unit": "ms", "target": 30, "baseline": None}
        results["switch_rows_without_pause"] = {
            "value": round(hurried_ms, 1),
            "unit": "ms",
            "target": None,
            "baseline": None,
        }
        for label, path, report_id in (
            ("save_field_1_report", store1, ids1[0]),
            ("save_field_50_reports", store50, ids50[10]),
            ("save_field_50_reports_200_revisions", store_long, ids_long[10]),
        ):
            value = save_median_ms(path, report_id, 30 * repeat)
            target = 5 if label.endswith("revisions") else None
            results[label] = {"value": round(value, 2), "unit": "ms", "target": target, "baseline": None}
        results["export_sample_docx_in_process"] = {
            "value": round(export_ms(5 * repeat, folder), 1),
            "unit": "ms",
            "target": 150,
            "baseline": None,
        }
        results["swgtui_export_process"] = {
            "value": round(statistics.median(export_process_s(store50, ids50[0], folder) for _ in range(repeat)), 3),
            "unit": "s",
            "target": None,
            "baseline": None,
        }
        receive_s, load_s = receive_and_load_s(folder, repeat)
        results["receive_package_200_revisions_a_field"] = {
            "value": round(receive_s, 3),
            "unit": "s",
            "target": round(2 * load_s, 3),
            "baseline": round(load_s, 3),
        }
        bomb_seconds, bomb_mb = docx_bomb_refusal(folder)
        results["refuse_docx_bomb_100mb"] = {
            "value": round(bomb_seconds, 3),
            "unit": "s",
            "target": 2,
            "baseline": None,
        }
        results["peak_rss_refusing_docx_bomb"] = {
            "value": round(bomb_mb, 1),
            "unit": "MB",
            "target": 300,
            "baseline": None,
        }
        results["peak_rss_50_reports_in_list"] = {
            "value": round(max(peaks), 1),
            "unit": "MB",
            "target": 120,
            "baseline": None,
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure swgtui against its speed targets.")
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    parser.add_argument("--repeat", type=int, default=5, help="Repetitions per figure (medians are reported).")
    arguments = parser.parse_args()
    results = measure(arguments.repeat)
    print(f"{'measure':40} {'value':>10} {'unit':5} {'target':>8} {'baseline':>9}  ok")
    for name, figure in results.items():
        target = figure["target"]
        ok = "" if target is None else ("yes" if figure["value"] <= target else "NO")
        baseline = "" if figure["baseline"] is None else figure["baseline"]
        shown_target = "" if target is None else target
        print(f"{name:40} {figure['value']:>10} {figure['unit']:5} {shown_target:>8} {baseline:>9}  {ok}")
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

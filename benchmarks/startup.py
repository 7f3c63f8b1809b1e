"""Start-up: process start to the report list shown, against a minimal Textual app (Header,
Footer, Tree, TextArea) started and timed the same way, in turns, in the same run; with 50
reports in the store and with 5,000 (start-up must not grow with the store). And opening a report
(enter on the list, to the editor shown) a second after the list is shown, while the app backs
the store up and checks its report files in the background, with 3,000 reports against the same
with 50: that background work must not grow with the store, nor hold up the user."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import Figure, figure, in_turns, make_store

# A child process that starts an app headless, says when its first screen is ready, and exits.
STARTER = """
import sys, time
kind, store_path = sys.argv[1], sys.argv[2]
from textual.app import App

def ready_when(shows, then=lambda app: app.call_later(app.exit)):
    \"\"\"Report the first frame the app draws in which `shows(app)` holds, then exit (or `then`).\"\"\"
    display = App._display

    def watch(app, screen, renderable):
        display(app, screen, renderable)
        if renderable is not None and not getattr(app, "_reported", False) and shows(app):
            app._reported = True
            with open("/proc/self/status") as status:
                peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
            print(f"ready {time.perf_counter()} {peak}", flush=True)
            then(app)

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

    whole = int(sys.argv[3]) if kind == "swgtui-whole" else 1  # wait for the whole list, or for its first lines

    def list_shown(app):
        from textual.widgets import OptionList
        reports = app.screen.query("#reports")
        return bool(reports) and reports.first(OptionList).option_count >= whole

    opened = {}

    def editor_shown(app):  # while the app backs up and checks the store, open a report as enter does
        if not opened and list_shown(app):
            from swgtui.app import BACKUP_DELAY

            opened["asked"] = True

            def press_enter():
                opened["at"] = time.perf_counter()
                app.screen.action_open_report()

            app.set_timer(BACKUP_DELAY + 0.1, press_enter)
        if "at" not in opened or type(app.screen).__name__ != "EditorScreen":
            return False
        print(f"opened {time.perf_counter() - opened['at']}", flush=True)
        return True

    def when_done(app):  # the backup and the check finish, as they would for the user
        app.set_interval(0.05, lambda: any(worker.is_running for worker in app.workers) or app.exit())

    store = ReportStore(Path(store_path), holder="benchmark").open()  # the app backs it up in a worker
    if kind == "swgtui-open":
        ready_when(editor_shown, when_done)
    else:
        ready_when(list_shown)
    make_app(store).run(headless=True, size=(120, 40))
    store.close()
"""


def start_to_ready(kind: str, store_path: Path, reports: int = 0) -> tuple[float, float]:
    """Seconds from process start to the first screen, and the peak memory (MB). Kind
    "swgtui-whole": to the first frame that lists all `reports` (not only those on screen)."""
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", STARTER, kind, str(store_path), str(reports)], capture_output=True, text=True, check=True
    )
    line = next(line for line in child.stdout.splitlines() if line.startswith("ready"))
    _, when, peak_kb = line.split()
    return float(when) - started, int(peak_kb) / 1024


def open_a_report(store_path: Path) -> float:
    """Seconds from enter on the report list, pressed just after the app starts its backup (and
    while it checks the report files), to the editor shown."""
    child = subprocess.run(
        [sys.executable, "-c", STARTER, "swgtui-open", str(store_path)], capture_output=True, text=True, check=True
    )
    return float(next(line for line in child.stdout.splitlines() if line.startswith("opened")).split()[1])


def copied_store(folder: Path, reports: int) -> Path:
    """A store of `reports` copies of the sample, made in seconds: the sample added through the
    store, then its report file and history copied under new ids and the list of reports written
    once (adding 5,000 reports one by one rewrites the list 5,000 times: many minutes)."""
    from swgtui.model.report import new_report_id
    from swgtui.sample import sample_report
    from swgtui.store import ReportStore

    path = folder / f"store-copied-{reports}.json"
    with ReportStore(path, holder="benchmark setup") as store:
        first = store.add(sample_report())
        summary = store.list_reports()[0]
        report_file = store.reports_dir / f"{first}.json"
        stored = json.loads(report_file.read_text(encoding="utf-8"))
        summaries = []
        for _ in range(reports - 1):
            report_id = new_report_id()
            stored["report"]["1"]["id"] = report_id
            (store.reports_dir / f"{report_id}.json").write_text(json.dumps(stored), encoding="utf-8")
            shutil.copyfile(
                store.reports_dir / f"{first}.history.jsonl", store.reports_dir / f"{report_id}.history.jsonl"
            )
            summaries.append({**summary, "id": report_id})
        store.index.table("reports").insert_multiple(summaries)
    with ReportStore(path, holder="benchmark setup", writable=False) as store:  # reads as any store
        assert len(store.list_reports()) == reports and store.get(summaries[-1]["id"])["id"] == summaries[-1]["id"]
    return path


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    store50, _ = make_store(folder, 50)
    store5000 = copied_store(folder, 5000)
    store3000 = copied_store(folder, 3000)
    for warm_up in (store50, store3000):  # the first start backs up and checks every file, later ones what changed
        open_a_report(warm_up)
    opens = in_turns({"50": lambda: open_a_report(store50), "3000": lambda: open_a_report(store3000)}, repeat)
    baselines, starts, peaks, starts5000, wholes5000 = [], [], [], [], []
    for _ in range(repeat):  # taken in turns, so a busy moment of the machine hits all alike
        baselines.append(start_to_ready("baseline", store50)[0])
        seconds, peak = start_to_ready("swgtui", store50)
        starts.append(seconds)
        peaks.append(peak)
        starts5000.append(start_to_ready("swgtui", store5000)[0])
        wholes5000.append(start_to_ready("swgtui-whole", store5000, 5000)[0])
    baseline = statistics.median(baselines)
    return {
        "start_to_report_list_50_reports": figure(statistics.median(starts), "s", baseline=baseline, max_ratio=1.3),
        "start_to_report_list_5000_reports": figure(
            statistics.median(starts5000), "s", baseline=baseline, max_ratio=1.3
        ),
        # for information: the lines below the screen follow a moment later
        "start_to_whole_list_5000_reports": figure(statistics.median(wholes5000), "s"),
        "open_report_1s_after_start_3000_reports": figure(opens["3000"], "s", baseline=opens["50"], max_ratio=1.3),
        "peak_rss_50_reports_in_list": figure(max(peaks), "MB", target=120, digits=1),
    }

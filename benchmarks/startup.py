"""Start-up: process start to the report list shown, against a minimal Textual app (Header,
Footer, Tree, TextArea) started and timed the same way, in turns, in the same run."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import Figure, figure, make_store

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


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    store50, _ = make_store(folder, 50)
    baselines, starts, peaks = [], [], []
    for _ in range(repeat):  # taken in turns, so a busy moment of the machine hits both alike
        baselines.append(start_to_ready("baseline", store50)[0])
        seconds, peak = start_to_ready("swgtui", store50)
        starts.append(seconds)
        peaks.append(peak)
    return {
        "start_to_report_list_50_reports": figure(
            statistics.median(starts), "s", baseline=statistics.median(baselines), max_ratio=1.3
        ),
        "peak_rss_50_reports_in_list": figure(max(peaks), "MB", target=120, digits=1),
    }

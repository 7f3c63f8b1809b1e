"""The coordinator's year: the overview of a period and the Round Table compendium.

- The overview of one period in a store of 10 SWGs × 20 periods (200 sample-sized reports),
  against the report list of the same store, each from a freshly opened store, in process and
  in the app (from the key on the report list to the screen showing its lines, against a new
  report list screen showing all its lines): ≤ 1.3×.
- The compendium of ten sample-sized reports (one per SWG), written to a file in process,
  against exporting the same ten reports one by one to files (each read from the store): ≤ 1.2×.
  And the compendium of twenty reports (ten SWGs of the list, ten others) against twice the
  compendium of ten: linear when near 1 (≤ 1.2×).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import Figure, figure, in_turns

PERIODS = 20
PERIOD = "2020/2021"  # the sample's own period, one of the twenty


def coordinator_store(folder: Path, periods: int = PERIODS, others: int = 0) -> Path:
    """A store holding the sample once per SWG of the list and per period (10 × `periods`), and
    `others` reports of SWGs outside the list for PERIOD."""
    from swgtui import swgs
    from swgtui.model import report as rp
    from swgtui.sample import sample_report
    from swgtui.store import ReportStore

    path = folder / f"coordinator-{periods}-{others}.json"
    first_year = 2021 - periods
    with ReportStore(path, holder="benchmark setup") as store:
        for year in range(first_year, first_year + periods):
            for swg in swgs.swg_list():
                report = sample_report()
                report["header"]["fields"]["swg_name"] = swg.name
                rp.set_swg(report, swg.key)
                report["period"] = f"{year}/{year + 1}"
                store.add(report)
        for number in range(others):
            report = sample_report()
            report["header"]["fields"]["swg_name"] = f"Thematic Working Group {number + 1}"
            rp.set_swg(report, "")
            report["period"] = PERIOD
            store.add(report)
    return path


def _overview_in_process(path: Path) -> float:
    from swgtui.overview import period_overview
    from swgtui.store import ReportStore

    started = time.perf_counter()
    with ReportStore(path, writable=False) as store:
        lines = period_overview(store, PERIOD)
    assert sum(1 for line in lines if line.reports) >= 10
    return time.perf_counter() - started


def _list_in_process(path: Path) -> float:
    from swgtui.store import ReportStore

    started = time.perf_counter()
    with ReportStore(path, writable=False) as store:
        summaries = store.list_reports()
    assert len(summaries) >= 200
    return time.perf_counter() - started


# A child process: the app on the store, its report list shown in full; then, `turns` times, the
# overview opened as `o` opens it, and a new report list screen pushed, each timed to the first
# frame showing all its lines, then closed (the two in alternating order).
SCREENS = """
import sys, time
from pathlib import Path
from textual.app import App
from swgtui.app import make_app
from swgtui.screens.overview import OverviewScreen
from swgtui.screens.report_list import ReportListScreen
from swgtui.store import ReportStore

store_path, reports, turns = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
plan = [kind for turn in range(turns) for kind in (("overview", "list") if turn % 2 == 0 else ("list", "overview"))]
state = {"step": "start", "at": 0.0, "times": {"overview": [], "list": []}}

def shown(app, kind):
    screen = app.screen
    if kind == "overview":
        return isinstance(screen, OverviewScreen) and screen.query_one("#swgs").row_count >= 10
    if not isinstance(screen, ReportListScreen) or len(app.screen_stack) < 3:
        return False
    return screen.query_one("#reports").option_count >= reports

def start(app):
    if not plan:
        app.call_later(app.exit)
        return
    kind = plan.pop(0)
    state["step"], state["at"] = kind, time.perf_counter()
    if kind == "overview":
        app.screen.action_overview()
    else:
        app.push_screen(ReportListScreen(app.screen.store))

display = App._display

def watch(app, screen, renderable):
    display(app, screen, renderable)
    if renderable is None:
        return
    step = state["step"]
    if step == "start":
        listed = app.screen.query("#reports")
        if listed and listed.first().option_count >= reports:
            state["step"] = "idle"
            app.set_timer(0.5, lambda: start(app))
    elif step in ("overview", "list") and shown(app, step):
        state["times"][step].append(time.perf_counter() - state["at"])
        state["step"] = "idle"
        app.pop_screen()
        app.set_timer(0.2, lambda: start(app))

App._display = watch
store = ReportStore(store_path, holder="benchmark").open()
make_app(store).run(headless=True, size=(120, 40))
store.close()
for kind, times in state["times"].items():
    print(kind, *times)
"""


def _screens(store: Path, reports: int, turns: int) -> dict[str, float]:
    """Median seconds to show the overview (`o`) and a new report list, in one app, in turns."""
    argv = [sys.executable, "-c", SCREENS, str(store), str(reports), str(turns)]
    child = subprocess.run(argv, capture_output=True, text=True, check=True)
    times = {line.split()[0]: [float(value) for value in line.split()[1:]] for line in child.stdout.splitlines()}
    assert len(times["overview"]) == len(times["list"]) == turns, child.stdout + child.stderr
    return {kind: statistics.median(values) for kind, values in times.items()}


def _compendium(store: Path, out: Path) -> float:
    from swgtui.exports.compendium import write_compendium
    from swgtui.store import ReportStore

    started = time.perf_counter()
    with ReportStore(store, writable=False) as opened:
        write_compendium(opened, PERIOD, out=out)
    return time.perf_counter() - started


def _single_exports(store: Path, folder: Path) -> float:
    """Seconds to export each report of PERIOD to a Word file of its own, one by one."""
    from swgtui.exports.files import export_report
    from swgtui.store import ReportStore

    started = time.perf_counter()
    with ReportStore(store, writable=False) as opened:
        for summary in opened.list_reports():
            if summary["period"] == PERIOD:
                export_report(opened.get(summary["id"]), "docx", folder / f"{summary['id']}.docx")
    return time.perf_counter() - started


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    store = coordinator_store(folder)
    twenty = coordinator_store(folder, periods=1, others=10)  # ten SWGs of the list and ten others
    out = folder / "compendium.docx"
    _compendium(store, out)  # python-docx and the template loaded before timing
    words = in_turns(
        {
            "compendium_10": lambda: _compendium(store, out),
            "single_10": lambda: _single_exports(store, folder),
            "compendium_20": lambda: _compendium(twenty, out),
        },
        repeat,
    )
    taken = in_turns({"overview": lambda: _overview_in_process(store), "list": lambda: _list_in_process(store)}, repeat)
    screens = _screens(store, 10 * PERIODS, max(repeat, 5))
    return {
        "overview_10_swgs_x_20_periods_in_process": figure(
            taken["overview"], "s", baseline=taken["list"], max_ratio=1.3, digits=4
        ),
        "overview_screen_10_swgs_x_20_periods": figure(
            screens["overview"], "s", baseline=screens["list"], max_ratio=1.3, digits=4
        ),
        "compendium_10_reports_vs_10_single_exports": figure(
            words["compendium_10"], "s", baseline=words["single_10"], max_ratio=1.2
        ),
        # linear: twenty reports take about twice ten
        "compendium_20_reports_vs_twice_10": figure(
            words["compendium_20"], "s", baseline=2 * words["compendium_10"], max_ratio=1.2
        ),
    }


if __name__ == "__main__":  # a quick look: python -m benchmarks.coordinator
    import tempfile

    with tempfile.TemporaryDirectory() as name:
        for key, value in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 3, Path(name)).items():
            print(key, value)

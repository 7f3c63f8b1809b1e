"""The coordinator's year: the overview of a period and the Round Table compendium.

- The overview of one period in a store of 10 SWGs × 20 periods (200 sample-sized reports),
  against the report list of the same store, each from a freshly opened store, in process and
  in the app (from the key on the report list to the screen showing its lines, against a new
  report list screen showing all its lines): ≤ 1.3×.
- The compendium of ten sample-sized reports (one per SWG), written to a file in process,
  against exporting the same ten reports one by one to files: ≤ 1.2×. And the compendium of
  twenty reports against twice the compendium of ten: linear when near 1.
"""

from __future__ import annotations

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


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    store = coordinator_store(folder)
    taken = in_turns({"overview": lambda: _overview_in_process(store), "list": lambda: _list_in_process(store)}, repeat)
    return {
        "overview_10_swgs_x_20_periods_in_process": figure(
            taken["overview"], "s", baseline=taken["list"], max_ratio=1.3, digits=4
        ),
    }


if __name__ == "__main__":  # a quick look: python -m benchmarks.coordinator
    import tempfile

    with tempfile.TemporaryDirectory() as name:
        for key, value in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 3, Path(name)).items():
            print(key, value)
    _ = subprocess  # the app figures run the app in a child process (added with the screen)

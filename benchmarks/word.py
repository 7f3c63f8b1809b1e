"""Word: exporting."""

from __future__ import annotations

import copy
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import Figure, figure, make_store


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


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    store50, ids50 = make_store(folder, 50)
    process_s = statistics.median(export_process_s(store50, ids50[0], folder) for _ in range(repeat))
    return {
        "export_sample_docx_in_process": figure(export_ms(5 * repeat, folder), "ms", target=150, digits=1),
        "swgtui_export_process": figure(process_s, "s"),
    }

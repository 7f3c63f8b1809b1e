"""Word: exporting and importing, and refusing a .docx bomb."""

from __future__ import annotations

import copy
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import Figure, figure, make_store
from benchmarks.docx_bomb import import_in_child, write_bomb


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


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    store50, ids50 = make_store(folder, 50)
    bomb_seconds, bomb_mb = docx_bomb_refusal(folder)
    process_s = statistics.median(export_process_s(store50, ids50[0], folder) for _ in range(repeat))
    return {
        "export_sample_docx_in_process": figure(export_ms(5 * repeat, folder), "ms", target=150, digits=1),
        "swgtui_export_process": figure(process_s, "s"),
        "refuse_docx_bomb_100mb": figure(bomb_seconds, "s", target=2),
        "peak_rss_refusing_docx_bomb": figure(bomb_mb, "MB", target=300, digits=1),
    }

"""Word in: importing a Word file against pandoc reading it, receiving one with many comments,
and refusing a .docx bomb.

- `swgtui import F.docx` into a fresh store, as a whole process, against `pandoc F.docx -t
  markdown` (pandoc from pypandoc-binary), in turns, for the sample grown to 100 and 400 rows
  and the sample with twenty 50 KB fields, F.docx being swgtui's own export of each; its peak
  memory against 4 × the report's JSON + 60 MB.
- `swgtui receive` of a reviewed file with 10,000 comments against the same with 1,000: at most
  12× (linear, with the process's fixed cost in both).
"""

from __future__ import annotations

import json
import shutil
import sys
from functools import partial
from pathlib import Path

from benchmarks.common import Figure, figure, in_turns, run_process, swgtui_command
from benchmarks.docx_bomb import import_in_child, write_bomb
from benchmarks.reports import report_with_long_fields, report_with_rows
from benchmarks.word_comments import with_comments

REPORTS = {"100_rows": lambda: report_with_rows(100), "400_rows": lambda: report_with_rows(400)}
REPORTS["20x50kb"] = lambda: report_with_long_fields(20, 50_000)
COMMENTS = (1_000, 10_000)
RECEIVER = {"name": "Noy Focal", "organisation": "Ministry of Public Security", "role": "focal point"}


def docx_bomb_refusal(folder: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of refusing a 200 KB .docx that unpacks to 100 MB of <w:p/>."""
    message, seconds, peak_mb = import_in_child(write_bomb(folder / "bomb.docx", 100))
    assert message != "imported", "the docx bomb was imported"
    return seconds, peak_mb


def _pandoc_s(path: Path) -> float:
    """Seconds of `pandoc F.docx -t markdown` as a whole process."""
    import pypandoc  # type: ignore[import-untyped]

    return run_process([str(pypandoc.get_pandoc_path()), str(path), "-t", "markdown"])[0]


# `swgtui ARGUMENTS` run in a process that writes its own peak memory (MB) to the file named
# first: a child's ru_maxrss counts the memory of the process that started it (this one, which
# holds the reports) from before its exec.
_PEAK_CHILD = """
import atexit, runpy, sys
out = sys.argv.pop(1)
def peak():
    try:
        status = open("/proc/self/status").read()
        megabytes = int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError):
        import resource  # not on Windows
        megabytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    open(out, "w").write(str(megabytes))
atexit.register(peak)
sys.argv[0] = "swgtui"
runpy.run_module("swgtui", run_name="__main__", alter_sys=True)
"""


class _Import:
    """`swgtui import` of one file, each time into a store of its own."""

    def __init__(self, path: Path, folder: Path) -> None:
        self.path, self.folder, self.runs = path, folder, 0

    def _arguments(self) -> list[str]:
        self.runs += 1
        store = self.folder / f"store-{self.path.stem}-{self.runs}" / "store.json"
        return ["--db", str(store), "import", str(self.path)]

    def __call__(self) -> float:
        arguments = self._arguments()
        seconds, _ = run_process(swgtui_command(*arguments))
        shutil.rmtree(Path(arguments[1]).parent)
        return seconds

    def peak_mb(self) -> float:
        """Its peak memory, in MB, as the process itself saw it."""
        arguments, out = self._arguments(), self.folder / "peak.txt"
        run_process([sys.executable, "-c", _PEAK_CHILD, str(out), *arguments])
        shutil.rmtree(Path(arguments[1]).parent)
        return float(out.read_text())


def import_figures(repeat: int, folder: Path) -> dict[str, Figure]:
    from swgtui.exports.files import export_report

    figures: dict[str, Figure] = {}
    for name, make in REPORTS.items():
        report = make()
        path = export_report(report, "docx", folder / f"{name}.docx").path
        swgtui = _Import(path, folder)
        taken = in_turns({"swgtui": swgtui, "pandoc": partial(_pandoc_s, path)}, repeat)
        json_mb = len(json.dumps(report, ensure_ascii=False).encode("utf-8")) / 2**20
        figures[f"import_{name}_docx_process"] = figure(taken["swgtui"], "s", baseline=taken["pandoc"], max_ratio=1.0)
        peak_mb = max(swgtui.peak_mb() for _ in range(3))
        figures[f"peak_rss_import_{name}"] = figure(peak_mb, "MB", baseline=4 * json_mb + 60, max_ratio=1.0)
    return figures


class _Receive:
    """`swgtui receive` of a reviewed file, each time into a copy of the store it was exported from."""

    def __init__(self, store: Path, path: Path, folder: Path) -> None:
        self.store, self.path, self.folder, self.runs = store, path, folder, 0

    def __call__(self) -> float:
        self.runs += 1
        copy = self.folder / f"receive-{self.path.stem}-{self.runs}"
        shutil.copytree(self.store.parent, copy)
        seconds, _ = run_process(swgtui_command("--db", str(copy / self.store.name), "receive", str(self.path)))
        shutil.rmtree(copy)
        return seconds


def receive_figure(repeat: int, folder: Path) -> Figure:
    from swgtui.sample import sample_report
    from swgtui.store import ReportStore
    from swgtui.workspace import Workspace

    store = folder / "sent" / "store.json"
    with ReportStore(store, holder="benchmark setup") as opened:
        report_id = opened.add(sample_report())
        sent = Workspace(opened).export(report_id, out=folder / "sent.docx", by=RECEIVER).path
    receives = {
        count: _Receive(store, with_comments(sent, folder / f"comments-{count}.docx", count), folder)
        for count in COMMENTS
    }
    taken = in_turns({str(count): receive for count, receive in receives.items()}, max(3, repeat // 2))
    small, large = (taken[str(count)] for count in COMMENTS)
    return figure(large, "s", baseline=small, max_ratio=12)  # ten times the comments: linear, give or take


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    bomb_seconds, bomb_mb = docx_bomb_refusal(folder)
    return {
        **import_figures(repeat, folder),
        "receive_docx_10000_comments_vs_1000": receive_figure(repeat, folder),
        "refuse_docx_bomb_100mb": figure(bomb_seconds, "s", target=2),
        "peak_rss_refusing_docx_bomb": figure(bomb_mb, "MB", target=300, digits=1),
    }

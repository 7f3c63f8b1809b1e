"""Word: exporting, against pandoc and against a plain python-docx script.

- `swgtui export REPORT --out F.docx`, the whole process from start to exit, against
  `pandoc report.md -o report.docx` (pandoc of pypandoc-binary), report.md being swgtui's own
  Markdown export of the same report: the 100-row, the 400-row and the 20 × 50 KB reports, each
  in a store of its own. Its peak memory against 4 × the report's JSON + 60 MB.
- In process, at the sample's size: swgtui's export (view, document, bytes) against a plain
  python-docx script writing the same texts into the same table (PLAIN_SCRIPT).
- Word comments: a report with 1,000 open threads against one with 250 (time above the same
  report without comments): linear when the ratio stays near 4.
"""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, figure, in_turns, run_process, swgtui_command
from benchmarks.reports import report_with_long_fields, report_with_rows

MEMORY_BASE_MB = 60
REPORTS: dict[str, Callable[[], dict[str, Any]]] = {
    "100_rows": lambda: report_with_rows(100),
    "400_rows": lambda: report_with_rows(400),
    "20x50kb": lambda: report_with_long_fields(20, 50_000),
}

# What a competent python-docx user writes to put a report's texts in a three-column table:
# style names, add_paragraph / add_run, bold and italic, "- " bullets and "1. " numbered items.
_BULLET = re.compile(r"^\s*[-•*]\s+")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")
_EMPHASIS = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")


def plain_script(report: dict[str, Any], template: Any) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    title = document.add_paragraph().add_run(template.title)
    title.bold, title.font.size = True, Pt(14)
    for spec in template.header_fields:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{spec.label}: ").bold = True
        paragraph.add_run(report["header"]["fields"].get(spec.id, ""))
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, template.columns, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    for section in report["sections"]:
        cells = table.add_row().cells
        heading = template.section(section["id"]).title.format(period=report["period"])
        cells[0].merge(cells[2]).paragraphs[0].add_run(heading).bold = True
        for row in section["rows"]:
            cells = table.add_row().cells
            _write_text(cells[0], row["title"], first=True)
            for spec in template.row_kinds[row["kind"]].fields:
                text = row["fields"].get(spec.id, "")
                if text.strip():
                    cell = cells[spec.column - 1]
                    cell.add_paragraph().add_run(f"{spec.label}:").bold = True
                    _write_text(cell, text)
            for item in row["items"]:
                cells[1].add_paragraph().add_run(item["name"]).bold = True
                _write_text(cells[1], item["text"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _write_text(cell: Any, text: str, first: bool = False) -> None:
    for line in text.split("\n"):
        if not line.strip():
            continue
        style = "List Bullet" if _BULLET.match(line) else "List Number" if _NUMBER.match(line) else None
        line = _BULLET.sub("", _NUMBER.sub("", line)).strip()
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph(style=style)
        first = False
        for piece in _EMPHASIS.split(line):
            if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
                paragraph.add_run(piece[2:-2]).bold = True
            elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
                paragraph.add_run(piece[1:-1]).italic = True
            elif piece:
                paragraph.add_run(piece)


def _timed(work: Callable[[], object]) -> Callable[[], float]:
    def measure() -> float:
        started = time.perf_counter()
        work()
        return (time.perf_counter() - started) * 1000

    return measure


def in_process(repeat: int) -> dict[str, Figure]:
    """swgtui's export of the sample against the plain script, in this process (both warm)."""
    from swgtui.exports.docx_writer import docx_bytes
    from swgtui.model.template import load_template
    from swgtui.sample import sample_report

    report = sample_report()
    template = load_template(report["template"])
    measures = {
        "swgtui": _timed(lambda: docx_bytes(copy.deepcopy(report))),
        "plain": _timed(lambda: plain_script(copy.deepcopy(report), template)),
    }
    for measure in measures.values():
        measure()  # python-docx imported, its default template read once
    taken = in_turns(measures, 5 * repeat)
    return {
        "export_sample_docx_in_process": figure(taken["swgtui"], "ms", baseline=taken["plain"], max_ratio=1.0, digits=1)
    }


def with_threads(count: int) -> dict[str, Any]:
    """The sample with `count` open comment threads spread over its rows, one reply each tenth."""
    from swgtui.model import report as rp
    from swgtui.model import review
    from swgtui.model.template import load_template
    from swgtui.sample import sample_report

    report = sample_report()
    template = load_template(report["template"])
    parts = rp.part_ids(report)[1:]
    person = {"name": "Ms Kay", "organisation": "UNODC", "role": "reviewer"}
    first = review.add_comment(template, report, parts[0], "Which border posts?", person)
    comments = report["review"]["comments"]
    for number in range(1, count):
        comment = {**first, "id": f"{first['id']}{number:05d}", "part": parts[number % len(parts)]}
        comment["text"] = f"Comment {number}: which figures, and since when?"
        if number % 10 == 0:
            comment["reply_to"] = comments[-1]["id"]
        comments.append(comment)
    return report


def comments(repeat: int) -> dict[str, Figure]:
    """1,000 open threads against 250, each above the same report without comments."""
    from swgtui.exports.docx_writer import docx_bytes

    reports = {count: with_threads(count) if count else with_threads(1) for count in (0, 250, 1000)}
    reports[0]["review"]["comments"] = []
    measures = {str(count): _timed(lambda r=report: docx_bytes(copy.deepcopy(r))) for count, report in reports.items()}
    taken = in_turns(measures, repeat)
    above_1000, above_250 = taken["1000"] - taken["0"], taken["250"] - taken["0"]
    return {
        "export_1000_comment_threads": figure(above_1000, "ms", baseline=4 * above_250, max_ratio=1.25, digits=1),
        "export_1000_comment_threads_total": figure(taken["1000"], "ms", digits=1),
    }


def whole_process(repeat: int, folder: Path) -> dict[str, Figure]:
    """`swgtui export` against pandoc, and its peak memory, for each report of REPORTS."""
    import pypandoc  # type: ignore[import-untyped]

    from swgtui.exports.files import export_report
    from swgtui.store import ReportStore

    pandoc = pypandoc.get_pandoc_path()
    results: dict[str, Figure] = {}
    for name, make in REPORTS.items():
        store_path = folder / f"store-{name}.json"
        with ReportStore(store_path, holder="benchmark setup") as store:
            report_id = store.add(make())
            report = store.get(report_id)
        json_mb = len(json.dumps(report, ensure_ascii=False).encode("utf-8")) / 1_000_000
        markdown = export_report(report, "md", folder / f"{name}.md").path
        export = swgtui_command("--db", str(store_path), "export", report_id, "--out", str(folder / f"{name}.docx"))
        convert = [pandoc, str(markdown), "-o", str(folder / f"{name}-pandoc.docx")]
        run_process(export)  # the first export completes the report's history; later ones find it done
        taken = in_turns(
            {"swgtui": lambda e=export: run_process(e)[0], "pandoc": lambda c=convert: run_process(c)[0]}, repeat
        )
        results[f"export_{name}_process"] = figure(taken["swgtui"], "s", baseline=taken["pandoc"], max_ratio=1.0)
        peak = max(peak_mb(export) for _ in range(3))
        results[f"export_{name}_peak_memory"] = figure(
            peak, "MB", baseline=4 * json_mb + MEMORY_BASE_MB, max_ratio=1.0, digits=1
        )
    return results


# Runs a command and prints its peak memory (KB). The command is started from this small process:
# a process started from the benchmark itself is counted (by Linux, across exec) with the
# benchmark's own memory as its peak.
LAUNCHER = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_mb(argv: list[str]) -> float:
    """The peak memory (MB) of the process `argv`, from start to exit."""
    launched = subprocess.run([sys.executable, "-c", LAUNCHER, *argv], check=True, capture_output=True, text=True)
    return int(launched.stdout.split()[-1]) / 1024


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    return {**in_process(repeat), **comments(repeat), **whole_process(repeat, folder)}

"""Languages: what speaking Lao costs. The sample exported to Word in Lao, and in English and
Lao ("both"), against the same export in English, in process, in turns; and a whole command
(`swgtui --lang lo list`, which reads the Lao catalogue) against the same command in English."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from benchmarks.common import Figure, figure, in_turns, run_process
from swgtui.exports.docx_writer import docx_bytes
from swgtui.sample import sample_report


def _export(language: str):
    report = sample_report()

    def once() -> float:
        started = time.perf_counter()
        docx_bytes(report, language=language)
        return time.perf_counter() - started

    return once


def _command(store: Path, language: str):
    argv = [sys.executable, "-m", "swgtui", "--lang", language, "--db", str(store), "list"]
    return lambda: run_process(argv)[0]


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    exports = in_turns({code: _export(code) for code in ("en", "lo", "both")}, max(repeat, 7))
    store = folder / "store.json"
    run_process([sys.executable, "-m", "swgtui", "--db", str(store), "sample"])
    commands = in_turns({code: _command(store, code) for code in ("en", "lo")}, repeat)
    english = exports["en"] * 1000
    return {
        "sample to Word in Lao vs in English": figure(exports["lo"] * 1000, "ms", baseline=english, max_ratio=1.3),
        "sample to Word in both vs in English": figure(exports["both"] * 1000, "ms", baseline=english, max_ratio=1.5),
        "swgtui --lang lo list vs --lang en": figure(commands["lo"], "s", baseline=commands["en"], max_ratio=1.1),
    }

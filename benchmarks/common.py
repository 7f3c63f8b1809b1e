"""What every benchmark group shares: the figure it reports, timing in turns, whole processes.

A figure is {"value", "unit", "baseline", "max_ratio"}: met when value <= max_ratio × baseline,
the baseline timed the same way in the same run (these machines are shared and noisy, so an
absolute time is for information only). A figure kept with an absolute `target` has
"target" instead (met when value <= target); a figure with neither is for information.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Figure = dict[str, Any]


def figure(
    value: float,
    unit: str,
    *,
    baseline: float | None = None,
    max_ratio: float | None = None,
    target: float | None = None,
    digits: int = 3,
) -> Figure:
    """One measured figure; `baseline` in the same unit, taken in the same run."""
    result: Figure = {"value": round(value, digits), "unit": unit}
    if baseline is not None:
        result["baseline"] = round(baseline, digits)
        result["max_ratio"] = max_ratio
    if target is not None:
        result["target"] = target
    return result


def is_met(result: Figure) -> bool | None:
    """True or False against its target or ratio; None for a figure kept for information."""
    if result.get("baseline") is not None and result.get("max_ratio") is not None:
        return result["value"] <= result["max_ratio"] * result["baseline"]
    if result.get("target") is not None:
        return result["value"] <= result["target"]
    return None


def in_turns(measures: dict[str, Callable[[], float]], repeat: int) -> dict[str, float]:
    """The median of each measure, taken in turns (one of each, `repeat` times), so a busy
    moment of the machine hits them all alike."""
    taken: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(repeat):
        for name, measure in measures.items():
            taken[name].append(measure())
    return {name: statistics.median(values) for name, values in taken.items()}


def run_process(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float]:
    """Seconds a whole process takes, from start to exit, and its peak memory (MB). Fails
    (CalledProcessError) when it exits with an error."""
    started = time.perf_counter()
    child = subprocess.Popen(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, argv, stderr=errors)
    return seconds, usage.ru_maxrss / 1024


def swgtui_command(*arguments: str) -> list[str]:
    """The argv of `swgtui ARGUMENTS` run by this Python."""
    return [sys.executable, "-m", "swgtui", *arguments]


def byte_compile_swgtui() -> None:
    """Compile swgtui's modules as `pip install` does, so start-up is timed as installed
    (a checkout run with PYTHONDONTWRITEBYTECODE would compile them on every start)."""
    import swgtui

    compileall.compile_dir(Path(swgtui.__file__).parent, quiet=1)


def make_store(folder: Path, reports: int, revisions: int = 0) -> tuple[Path, list[str]]:
    """A store of `reports` copies of the sample; with `revisions`, each report's C.2
    challenges saved that many times."""
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

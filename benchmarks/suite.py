"""The test suite's wall time: the README's test line (in parallel) against the same suite run
serially, both whole processes taken in turns. Not among run.py's default groups (each turn runs
the suite twice): `python benchmarks/run.py --only suite --repeat 3`.

Both runs must pass and count the same tests passed and skipped: a parallel run that drops a
test is no faster, it is wrong (the benchmark fails).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Figure, figure, in_turns, run_process

ROOT = Path(__file__).resolve().parents[1]
SERIAL = ["-n", "0"]  # pytest-xdist off: one process, as before


def readme_arguments() -> list[str]:
    """pytest's arguments in the README's test line (what CI runs as written)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(block for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S) if "pytest" in block)
    return shlex.split(line.split("-m pytest", 1)[1])


def outcomes(junit: Path) -> Counter[str]:
    """How many tests passed, were skipped and failed, read from pytest's JUnit XML."""
    counted: Counter[str] = Counter()
    for case in ET.parse(junit).getroot().iter("testcase"):
        kinds = {child.tag for child in case} & {"skipped", "failure", "error"}
        counted[next(iter(kinds)) if kinds else "passed"] += 1
    return counted


def failing(junit: Path) -> list[ET.Element]:
    """The test cases that failed or errored, from pytest's JUnit XML (none if it was not written)."""
    if not junit.exists():
        return []
    return [
        case
        for case in ET.parse(junit).getroot().iter("testcase")
        if case.find("failure") is not None or case.find("error") is not None
    ]


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    tallies: dict[str, set[tuple[tuple[str, int], ...]]] = {"serial": set(), "parallel": set()}

    def run_suite(name: str, arguments: list[str]) -> Callable[[], float]:
        def timed() -> float:
            """Seconds the suite takes as a whole process (fails if a test fails); its outcomes noted."""
            junit = folder / f"{name}.xml"
            junit.unlink(missing_ok=True)  # a run that fails early leaves none: no outcomes of a turn before
            argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", *arguments]
            try:
                seconds, _ = run_process(argv, cwd=ROOT)
            except subprocess.CalledProcessError:
                failed = [f"{case.get('classname')}::{case.get('name')}" for case in failing(junit)]
                raise AssertionError(f"the {name} run failed: {failed}") from None
            tallies[name].add(tuple(sorted(outcomes(junit).items())))
            return seconds

        return timed

    medians = in_turns(
        {"serial": run_suite("serial", SERIAL), "parallel": run_suite("parallel", readme_arguments())}, repeat
    )
    if len(tallies["serial"] | tallies["parallel"]) != 1:
        raise AssertionError(f"the runs counted different outcomes: {tallies}")
    (tally,) = tallies["serial"]
    counted = dict(tally)
    return {
        "suite_wall_parallel": figure(medians["parallel"], "s", baseline=medians["serial"], max_ratio=0.5, digits=1),
        "suite_wall_serial": figure(medians["serial"], "s", digits=1),
        "suite_tests_passed": figure(counted.get("passed", 0), "tests", digits=0),
        "suite_tests_skipped": figure(counted.get("skipped", 0), "tests", digits=0),
    }

"""Measure swgtui against its speed targets; print a table (and JSON with --json PATH).

Each figure is {"value", "unit", "baseline", "max_ratio"}: the target is met when
value <= max_ratio × baseline, the baseline timed the same way in the same run, in turns
(see benchmarks/common.py). Figures kept with an absolute "target" keep it. Each group of
figures is a module of this folder with `measure(repeat, folder)`.

    python benchmarks/run.py [--json PATH] [--repeat N] [--only GROUP ...]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from the checkout
from benchmarks.common import Figure, byte_compile_swgtui, is_met  # noqa: E402

GROUPS = ("startup", "editor", "store_figures", "word", "word_import", "history", "coordinator", "languages")
ON_REQUEST = ("suite",)  # measured only when named with --only (each turn runs the test suite twice)


def measure(repeat: int, groups: tuple[str, ...] = GROUPS) -> dict[str, Figure]:
    results: dict[str, Figure] = {}
    byte_compile_swgtui()
    for group in groups:
        with tempfile.TemporaryDirectory(prefix=f"swgtui-bench-{group}-") as name:
            folder = Path(name)
            os.environ["SWGTUI_EXPORT_DIR"] = str(folder / "exports")
            os.environ["SWGTUI_EXPORT_RECORD"] = str(folder / "exports.json")
            module = importlib.import_module(f"benchmarks.{group}")
            results.update(module.measure(repeat, folder))
    return results


def print_table(results: dict[str, Figure]) -> None:
    print(f"{'measure':46} {'value':>10} {'unit':5} {'baseline':>9} {'ratio':>6} {'target':>8}  met")
    for name, result in results.items():
        baseline = result.get("baseline")
        ratio = f"{result['value'] / baseline:.2f}" if baseline else ""
        if result.get("max_ratio") is not None:
            target = f"≤{result['max_ratio']}×"
        else:
            target = "" if result.get("target") is None else str(result["target"])
        met = {True: "yes", False: "NO", None: ""}[is_met(result)]
        shown_baseline = "" if baseline is None else baseline
        print(f"{name:46} {result['value']:>10} {result['unit']:5} {shown_baseline:>9} {ratio:>6} {target:>8}  {met}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure swgtui against its speed targets.")
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    parser.add_argument("--repeat", type=int, default=7, help="Repetitions per figure (medians are reported).")
    parser.add_argument("--only", nargs="+", choices=GROUPS + ON_REQUEST, help="Measure these groups only.")
    arguments = parser.parse_args()
    results = measure(arguments.repeat, tuple(arguments.only or GROUPS))
    print_table(results)
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

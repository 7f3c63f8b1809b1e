"""Crash drill: a child process saves in a loop and is killed with SIGKILL at a random moment.

After every kill the store must open, and the last save the child acknowledged (printed after
store.save returned) must be there. `python benchmarks/crash_drill.py --trials 500` runs the
long drill; the test suite runs 50 trials.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import sys
from pathlib import Path
from swgtui.model import report as rp
from swgtui.store import ReportStore
from swgtui.model.template import load_template

store = ReportStore(Path(sys.argv[1]), holder="crash drill").open()
report_id = sys.argv[2]
template = load_template("annex2")
report = store.get(report_id)
number = int(sys.argv[3])
print("ready", flush=True)
while True:
    number += 1
    rp.set_field(template, report, "c2", "challenges", f"save {number} " + "ສາທາລະນະສຸກ " * (number % 50))
    store.save(report)
    print(f"ack {number}", flush=True)
"""


def _saved_number(store_path: Path, report_id: str) -> int:
    from swgtui.model import report as rp
    from swgtui.model.template import load_template
    from swgtui.store import ReportStore

    with ReportStore(store_path, holder="crash drill check") as store:  # takes over the dead child's lock
        text = rp.get_field(load_template("annex2"), store.get(report_id), "c2", "challenges")
        store.history(report_id, "c2", "challenges")  # the history must still read
    return int(text.split()[1]) if text.startswith("save ") else 0


def run_drill(trials: int, folder: Path, seed: int = 0) -> dict[str, float]:
    """Run the drill; raises AssertionError on the first lost save or unreadable store."""
    from swgtui.sample import sample_report
    from swgtui.store import ReportStore

    rng = random.Random(seed)
    store_path = folder / "drill.json"
    with ReportStore(store_path, holder="crash drill setup") as store:
        report_id = store.add(sample_report())
    acknowledged = 0
    started = time.perf_counter()
    for trial in range(trials):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(store_path), report_id, str(acknowledged)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", "the child could not open the store"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        output = child.communicate()[0]
        acks = [int(line.split()[1]) for line in output.splitlines() if line.startswith("ack ")]
        last_ack = acks[-1] if acks else acknowledged
        saved = _saved_number(store_path, report_id)
        assert saved in (last_ack, last_ack + 1), f"trial {trial}: acknowledged save {last_ack}, store holds {saved}"
        acknowledged = saved
    return {"trials": trials, "saves": acknowledged, "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="swgtui-drill-") as folder:
        result = run_drill(arguments.trials, Path(folder), arguments.seed)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

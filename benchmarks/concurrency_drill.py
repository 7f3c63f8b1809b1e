"""Concurrency drill: many `swgtui set` commands on one store at once, no acknowledged save lost.

`--procs` workers each run `--sets` `swgtui set` commands one after another, every worker on
its own field of one report in one store. A save is acknowledged when its command exits 0.
Afterwards the store and the history are read: every field must hold its worker's last
acknowledged text and the history must hold every acknowledged text. Prints the counts as
JSON and exits non-zero if any acknowledged save was lost.
`python benchmarks/concurrency_drill.py --procs 20 --sets 50` runs the full drill.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def _fields(report: dict, count: int) -> list[tuple[str, str]]:
    """`count` different (row, field) pairs of the report, one per worker."""
    from swgtui.model import report as rp

    pairs = [(row["id"], field) for row in rp.rows(report) for field in row["fields"]]
    if count > len(pairs):
        raise SystemExit(f"at most {len(pairs)} workers: the report has {len(pairs)} row fields")
    return pairs[:count]


def _worker(store_path: Path, report_id: str, worker: int, field: tuple[str, str], sets: int) -> dict:
    """Run the worker's `set` commands one after another; the numbers of the acknowledged ones."""
    acknowledged, refusals = [], []
    for number in range(1, sets + 1):
        command = [sys.executable, "-m", "swgtui", "--db", str(store_path), "set", report_id, *field]
        done = subprocess.run([*command, f"worker {worker} set {number}"], capture_output=True, text=True)
        if done.returncode == 0:
            acknowledged.append(number)
        else:
            refusals.append(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}")
    return {"worker": worker, "field": field, "acknowledged": acknowledged, "refusals": refusals}


def run_drill(procs: int, sets: int, folder: Path) -> dict:
    """Run the drill and count what was acknowledged and what of that was lost."""
    from swgtui.model import report as rp
    from swgtui.model.template import load_template
    from swgtui.sample import sample_report
    from swgtui.store import ReportStore

    store_path = folder / "drill.json"
    with ReportStore(store_path, holder="concurrency drill setup") as store:
        report_id = store.add(sample_report())
        fields = _fields(store.get(report_id), procs)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=procs) as pool:
        results = list(pool.map(lambda w: _worker(store_path, report_id, w, fields[w], sets), range(procs)))
    seconds = time.perf_counter() - started
    lost = []
    with ReportStore(store_path, writable=False) as store:
        report = store.get(report_id)
        template = load_template(report["template"])
        for result in results:
            row_id, field_id = result["field"]
            history = {r["text"] for r in store.history(report_id, row_id, field_id)}
            texts = [f"worker {result['worker']} set {n}" for n in result["acknowledged"]]
            lost += [text for text in texts if text not in history]
            current = rp.get_field(template, report, row_id, field_id)
            later = [f"worker {result['worker']} set {n}" for n in range(result["acknowledged"][-1] + 1, sets + 1)]
            if texts and current != texts[-1] and current not in later:  # a refused save may still have landed
                lost.append(f"{texts[-1]} (the field holds {current[:40]!r})")
    refusals = [line for result in results for line in result["refusals"]]
    acknowledged = sum(len(result["acknowledged"]) for result in results)
    return {
        "procs": procs,
        "sets": sets,
        "acknowledged": acknowledged,
        "refused": len(refusals),
        "lost": len(lost),
        "lost_saves": lost[:10],
        "refusals": sorted(set(refusals))[:5],
        "seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procs", type=int, default=20)
    parser.add_argument("--sets", type=int, default=50)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="swgtui-concurrency-") as folder:
        result = run_drill(arguments.procs, arguments.sets, Path(folder))
    print(json.dumps(result, ensure_ascii=False))
    sys.exit(1 if result["lost"] else 0)


if __name__ == "__main__":
    main()

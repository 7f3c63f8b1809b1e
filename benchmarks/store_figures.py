"""The store: saving one field, and receiving a review package against loading the same report."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks.common import Figure, figure, make_store


def receive_and_load_s(folder: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of receiving a review package of the sample into a store that holds it,
    both copies with 200 revisions of every text (each then changed 20 texts of its own 10
    times), and of loading the same report from its dump (`Workspace.load`) into an empty store;
    taken in turns, so a busy moment of the machine hits both alike."""
    import shutil

    from swgtui.model import report as rp
    from swgtui.model.merge_keys import is_text_key, report_values
    from swgtui.model.template import load_template
    from swgtui.sample import sample_report
    from swgtui.store import ReportStore
    from swgtui.workspace import Workspace

    template = load_template("annex2")

    def write(store: ReportStore, report_id: str, keys: list[tuple[str, str]], times: int, who: str) -> None:
        report = store.get(report_id)
        for number in range(times):
            for part, field in keys:
                rp.set_field(template, report, part, field, f"{who} {number}: {part} {field}\nA line both keep.\n")
            store.save(report)

    with Workspace(ReportStore(folder / "focal" / "store.json", holder="benchmark setup")) as focal:
        report_id = focal.add(sample_report())
        keys = [
            key
            for key in report_values(focal.get(report_id))
            if is_text_key(key[1]) and key[1] not in ("title", "swg_name", "period")
        ]
        write(focal.store, report_id, keys, 200, "both")
        first = focal.send(report_id, folder / "first.swgpkg").path
        with Workspace(ReportStore(folder / "cochair" / "store.json", holder="benchmark setup")) as cochair:
            cochair.receive(first)
            write(cochair.store, report_id, keys[20:40], 10, "co-chair")
        write(focal.store, report_id, keys[:20], 10, "focal point")
        answer = focal.send(report_id, folder / "answer.swgpkg").path
        dump = focal.dump(report_id)
    receives, loads = [], []
    for number in range(repeat):
        copy = folder / f"receiving-{number}"
        shutil.copytree(folder / "cochair", copy)
        with ReportStore(copy / "store.json", holder="benchmark") as store:
            started = time.perf_counter()
            Workspace(store).receive(answer)
            receives.append(time.perf_counter() - started)
        with ReportStore(folder / f"loading-{number}" / "store.json", holder="benchmark") as store:
            started = time.perf_counter()
            Workspace(store).load(dump)
            loads.append(time.perf_counter() - started)
    return statistics.median(receives), statistics.median(loads)


def save_median_ms(path: Path, report_id: str, repeat: int) -> float:
    from swgtui.model import report as rp
    from swgtui.model.template import load_template
    from swgtui.store import ReportStore

    template = load_template("annex2")
    times = []
    with ReportStore(path, holder="benchmark") as store:
        report = store.get(report_id)
        for number in range(repeat):
            rp.set_field(template, report, "a1", "challenges", f"benchmark {number}")
            started = time.perf_counter()
            store.save(report)  # written, fsynced and renamed before it returns
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    results: dict[str, Figure] = {}
    store50, ids50 = make_store(folder, 50)
    store1, ids1 = make_store(folder, 1)
    store_long, ids_long = make_store(folder, 50, revisions=200)
    for label, path, report_id in (
        ("save_field_1_report", store1, ids1[0]),
        ("save_field_50_reports", store50, ids50[10]),
        ("save_field_50_reports_200_revisions", store_long, ids_long[10]),
    ):
        value = save_median_ms(path, report_id, 30 * repeat)
        results[label] = figure(value, "ms", target=5 if label.endswith("revisions") else None, digits=2)
    receive_s, load_s = receive_and_load_s(folder, repeat)
    results["receive_package_200_revisions_a_field"] = figure(receive_s, "s", baseline=load_s, max_ratio=2)
    return results

"""The field history: `swgtui set` and `swgtui history` of one field, at 20,000 revisions
against 10 (whole processes, timed in turns)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import Figure, figure, in_turns, run_process, swgtui_command

SET_KEY = ("c2", "challenges")  # the field `swgtui set` changes: half of the history is its own
SHOWN_KEY = ("a1", "challenges")  # the field whose history is listed: 10 revisions in either store
SHOWN_REVISIONS = 10


def history_store(folder: Path, revisions: int) -> tuple[Path, str]:
    """A store of the sample whose history holds `revisions` revisions: 10 of SHOWN_KEY, half
    of the rest of SET_KEY, the others spread over the sample's other texts; the report holds
    each text's last revision."""
    from swgtui.model import report as rp
    from swgtui.model.ids import new_id
    from swgtui.model.merge_keys import is_text_key, report_values
    from swgtui.model.template import load_template
    from swgtui.model.types import Revision
    from swgtui.sample import sample_report
    from swgtui.store import ReportStore

    template = load_template("annex2")
    path = folder / f"history-{revisions}" / "store.json"
    with ReportStore(path, holder="benchmark setup") as store:
        report_id = store.add(sample_report())
        report = store.get(report_id)
        others = [
            key
            for key in report_values(report)
            if is_text_key(key[1]) and key not in (SET_KEY, SHOWN_KEY) and key[1] not in ("title", "swg_name", "period")
        ]
        rest = max(revisions - SHOWN_REVISIONS, 0)
        keys = [SHOWN_KEY] * SHOWN_REVISIONS
        keys += [SET_KEY if number % 2 else others[number // 2 % len(others)] for number in range(rest)]
        first = report_values(report)
        heads = {head["part"] + "/" + head["field"]: head for head in store.full_history(report_id)}
        entries: list[Revision] = []
        at = rp.now_iso()
        for number, (part, field) in enumerate(keys):
            last = heads.get(f"{part}/{field}")
            text = f"{first[(part, field)]}\n(revision {number})"
            entry: Revision = {
                "id": new_id(),
                "parent": last["id"] if last else None,
                "part": part,
                "field": field,
                "rev": last["rev"] + 1 if last else 1,
                "text": text,
                "by": {"name": "Benchmark"},
                "at": at,
            }
            heads[f"{part}/{field}"] = entry
            entries.append(entry)
            rp.set_field(template, report, part, field, text)
        store.save(report, touch=False, revisions=entries)
    return path, report_id


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    """`swgtui set` and `swgtui history --json` of one field as whole processes, at 20,000
    revisions against 10, in turns; and, for information, the first `set` after the index
    is gone (the history is read whole once and the index written anew)."""
    stores = {count: history_store(folder, count) for count in (10, 20_000)}

    def set_field(count: int, number: list[int] = [0]) -> float:  # noqa: B006 (a counter of the runs)
        number[0] += 1
        path, report_id = stores[count]
        text = f"Set from the command line, run {number[0]}."
        return run_process(swgtui_command("--db", str(path), "set", report_id, *SET_KEY, text))[0]

    def field_history(count: int) -> float:
        path, report_id = stores[count]
        return run_process(swgtui_command("--db", str(path), "history", report_id, *SHOWN_KEY, "--json"))[0]

    def first_set(count: int) -> float:
        path, report_id = stores[count]
        (path.parent / f"{path.stem}.reports" / f"{report_id}.history.index").unlink(missing_ok=True)
        return set_field(count)

    for count in stores:  # warm the disk cache
        set_field(count)
        field_history(count)
    timed = in_turns(
        {
            "set_10": lambda: set_field(10),
            "set_20000": lambda: set_field(20_000),
            "history_10": lambda: field_history(10),
            "history_20000": lambda: field_history(20_000),
        },
        repeat,
    )
    first = in_turns({"first_10": lambda: first_set(10), "first_20000": lambda: first_set(20_000)}, max(repeat // 2, 3))
    return {
        "history_set_20000_revisions": figure(timed["set_20000"], "s", baseline=timed["set_10"], max_ratio=1.2),
        "history_of_a_field_in_20000_revisions": figure(
            timed["history_20000"], "s", baseline=timed["history_10"], max_ratio=1.2
        ),
        "history_set_20000_revisions_index_rebuilt": figure(first["first_20000"], "s", baseline=first["first_10"]),
    }

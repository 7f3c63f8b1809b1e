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

"""The store's list of reports: checked once per version of the list, always the current one."""

from __future__ import annotations

import json

from swgtui.store import ReportStore

NAMES = ("id", "swg", "period", "template")


def test_the_list_follows_every_change_and_gives_the_caller_its_own_copy(store, sample):
    first = store.create("annex2", "Health", "2020/2021")["id"]
    assert [s["id"] for s in store.list_reports()] == [first]
    second = store.add(sample)
    assert [s["id"] for s in store.list_reports()] == [first, second]
    report = store.get(first)
    report["period"] = "2021/2022"
    store.save(report)
    assert store.list_reports()[0]["period"] == "2021/2022"
    store.list_reports()[0]["swg"] = "changed by the caller"
    assert store.list_reports()[0]["swg"] == "Health"
    store.delete(first)
    assert [s["id"] for s in store.list_reports()] == [second]


def test_the_list_shows_what_another_program_wrote(store_path):
    with ReportStore(store_path, holder="tests") as store:
        report_id = store.create("annex2", "Health", "2020/2021")["id"]
        assert store.list_reports()[0]["swg"] == "Health"
        data = json.loads(store_path.read_text("utf-8"))
        next(iter(data["reports"].values()))["swg"] = "Education"
        store_path.write_text(json.dumps(data), encoding="utf-8")
        assert [(s["id"], s["swg"]) for s in store.list_reports()] == [(report_id, "Education")]
        assert store.listed_names()[0]["swg"] == "Education"


def test_the_first_reports_and_the_names_are_those_of_the_whole_list(store_path):
    with ReportStore(store_path, holder="tests") as store:
        for year in range(2000, 2006):
            store.create("annex2", f"SWG {year % 3}", f"{year}/{year + 1}")
    data = json.loads(store_path.read_text("utf-8"))
    lines = list(data["reports"].values())
    lines[2]["swg"] = "Tab\there"  # shown cleaned
    lines[4]["period"] = 2004  # damaged: "cannot open", its period "?"
    store_path.write_text(json.dumps(data), encoding="utf-8")
    with ReportStore(store_path, holder="tests", writable=False) as store:
        assert store.list_reports(first=3) == store.list_reports()[:3]  # before and after the whole is checked
        assert store.list_reports(first=3) == store.list_reports()[:3]
        whole = store.list_reports()
        assert whole[2]["swg"] == "Tab here" and whole[4]["period"] == "?" and "period" in whole[4]["problem"]
        assert store.listed_names() == [{key: summary[key] for key in NAMES} for summary in whole]

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


def _checking(store_path, monkeypatch) -> tuple[dict[str, str], list[str]]:
    """What a check of every report file finds, and which files it read."""
    read: list[str] = []
    get_file = ReportStore.get_file

    def counted(self, report_file):
        read.append(report_file.stem)
        return get_file(self, report_file)

    monkeypatch.setattr(ReportStore, "get_file", counted)
    with ReportStore(store_path, holder="tests") as store:
        found = store.unreadable_reports()
    monkeypatch.setattr(ReportStore, "get_file", get_file)
    return found, read


def test_the_check_of_every_report_file_reads_only_those_changed_since(store_path, monkeypatch):
    with ReportStore(store_path, holder="tests") as store:
        ids = [store.create("annex2", f"SWG {n}", "2025")["id"] for n in range(4)]
    assert _checking(store_path, monkeypatch) == ({}, ids)  # no record yet: every file is read
    assert _checking(store_path, monkeypatch) == ({}, [])
    with ReportStore(store_path, holder="tests") as store:  # a save after a check is recorded
        store.unreadable_reports()
        report = store.get(ids[0])
        report["header"]["fields"]["swg_name"] = "Renamed"
        store.save(report)
    assert _checking(store_path, monkeypatch) == ({}, [])
    reports = store_path.parent / "store.reports"
    truncated = reports / f"{ids[1]}.json"
    truncated.write_bytes(truncated.read_bytes()[:30])
    same_size = reports / f"{ids[2]}.json"
    same_size.write_bytes(b" " * same_size.stat().st_size)  # damaged, of the same size (a new time)
    found, read = _checking(store_path, monkeypatch)
    assert sorted(found) == sorted(ids[1:3]) and read == ids[1:3]
    assert "is damaged" in found[ids[1]] and "is damaged" in found[ids[2]]
    assert _checking(store_path, monkeypatch)[0].keys() == found.keys()  # still damaged: read again
    checked = store_path.with_name("store.json.checked")
    for made_up in ('{"files": {"x.json": "y"}}', "not json", '{"files": []}', "[1]"):
        checked.write_text(made_up)  # a stale, damaged or made-up record only makes it read again
        found, read = _checking(store_path, monkeypatch)
        assert sorted(found) == sorted(ids[1:3]) and read == ids
    with ReportStore(store_path, writable=False, holder="tests") as store:  # read-only: records nothing
        checked.unlink()
        assert sorted(store.unreadable_reports()) == sorted(ids[1:3])
    assert not checked.exists()

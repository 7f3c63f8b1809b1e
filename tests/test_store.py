import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from swgtui.exports.files import export_report
from swgtui.model import report as rp
from swgtui.model.dumpfile import parse_dump
from swgtui.model.ids import derived_id
from swgtui.model.template import load_template
from swgtui.store import ReportStore, StoreError, StoreLockedError
from swgtui.store.repository import SCHEMA_VERSION

from .conftest import release_0_1_0_store

T = load_template("annex2")


def test_reports_survive_closing_and_reopening(store_path, sample):
    with ReportStore(store_path) as store:
        report_id = store.add(sample)
        report = store.get(report_id)
        rp.set_field(T, report, "a1", "challenges", "ທາງອອກ: new text")
        store.save(report)
    with ReportStore(store_path, writable=False) as store:
        assert rp.get_field(T, store.get(report_id), "a1", "challenges") == "ທາງອອກ: new text"
        assert store.list_reports()[0]["swg"] == "Illicit Drug Sector Working Group"


def test_text_is_stored_as_utf8_and_the_schema_version_is_recorded(store, store_path):
    report = store.create("annex2", "ກຸ່ມວຽກງານຂະແໜງສາທາລະນະສຸກ", "2025/2026")
    raw = (store.reports_dir / f"{report['id']}.json").read_bytes()
    assert "ກຸ່ມວຽກງານຂະແໜງສາທາລະນະສຸກ".encode() in raw
    assert b"\\u0e" not in raw
    index = json.loads(store_path.read_text(encoding="utf-8"))
    assert list(index["store"].values()) == [{"mark": "swgtui-store", "schema": SCHEMA_VERSION}]


def test_saving_one_report_rewrites_only_that_report(store):
    reports = [store.create("annex2", f"SWG {n}", "2025/2026") for n in range(3)]
    files = {r["id"]: store.reports_dir / f"{r['id']}.json" for r in reports}
    before = {rid: os.stat(path).st_ino for rid, path in files.items()}
    target = reports[1]
    rp.set_field(T, target, "c4", "challenges", "only this one")
    store.save(target)
    after = {rid: os.stat(path).st_ino for rid, path in files.items()}
    assert after[target["id"]] != before[target["id"]]  # replaced atomically: a new inode
    assert all(after[r] == before[r] for r in before if r != target["id"])


def test_last_saved_on_the_report_list_follows_every_save(store, monkeypatch):
    report = store.create("annex2", "Health Sector Working Group", "2025/2026")
    monkeypatch.setattr(rp, "now_iso", lambda: "2031-05-06T07:08:09+00:00")
    rp.set_field(T, report, "c4", "challenges", "an optional field: completeness stays as it was")
    store.save(report)
    (summary,) = store.list_reports()
    assert summary["updated"] == "2031-05-06T07:08:09+00:00"


def test_writes_leave_no_temporary_files_and_leftovers_are_cleaned_on_open(store_path):
    with ReportStore(store_path) as store:
        report = store.create("annex2", "SWG", "2025/2026")
    leftover = store_path.parent / f".store.json.abc{'.swgtui-tmp'}"
    leftover.write_text("half written")
    report_leftover = store.reports_dir / f".{report['id']}.json.x.swgtui-tmp"
    report_leftover.write_text("half")
    with ReportStore(store_path):
        pass
    assert not leftover.exists() and not report_leftover.exists()
    assert sorted(p.name for p in store_path.parent.iterdir()) == ["store.json", "store.reports"]


def test_a_foreign_or_damaged_file_gets_a_clear_error_and_is_left_untouched(store_path):
    store_path.write_text('{"_default": {"1": {"name": "someone else"}}}', encoding="utf-8")
    with pytest.raises(StoreError, match="is not a swgtui store; it was left untouched"):
        ReportStore(store_path).open()
    assert store_path.read_text(encoding="utf-8") == '{"_default": {"1": {"name": "someone else"}}}'
    store_path.write_text('{"store": {"1": {"mark": "swgtui-st', encoding="utf-8")
    with pytest.raises(StoreError, match="is damaged or not a swgtui file"):
        ReportStore(store_path).open()
    assert store_path.read_text(encoding="utf-8") == '{"store": {"1": {"mark": "swgtui-st'
    assert not store_path.with_name("store.json.lock").exists()


def test_a_newer_schema_is_refused(store_path):
    store_path.write_text(json.dumps({"store": {"1": {"mark": "swgtui-store", "schema": 99}}}))
    with pytest.raises(StoreError, match="has store schema 99; this swgtui reads 1"):
        ReportStore(store_path, writable=False).open()


@pytest.mark.parametrize(
    ("schema", "said"),
    [(1.0, "has store schema 1.0;"), (2.0, "has store schema 2.0;"), (True, "has store schema True;"), (None, "")],
)
def test_only_the_whole_numbers_1_and_2_are_store_schema_marks(store_path, schema, said):
    mark = {"mark": "swgtui-store"} if schema is None else {"mark": "swgtui-store", "schema": schema}
    store_path.write_text(json.dumps({"store": {"1": mark}}))
    before = store_path.read_bytes()
    with pytest.raises(StoreError, match=said or "has no store schema mark; this swgtui reads 1 and 2"):
        ReportStore(store_path).open()
    assert store_path.read_bytes() == before  # refused, not rewritten


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from swgtui.store import ReportStore
    store = ReportStore(Path(sys.argv[1]), holder="swgtui app").open()
    print("ready", flush=True)
    time.sleep(30)
    """
)


def test_a_second_writer_is_refused_with_the_holder_named(store_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(store_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError) as error:
            ReportStore(store_path, holder="swgtui set").open()
        assert f"in use by swgtui app (process {holder.pid}" in str(error.value)
        with ReportStore(store_path, writable=False) as reader:  # reading is still allowed
            assert reader.list_reports() == []
    finally:
        holder.kill()
        holder.wait()
    # the killed holder's lock is recognised as stale and taken over
    with ReportStore(store_path, holder="after") as store:
        assert store.list_reports() == []


def test_deleting_a_report_removes_its_file(store):
    report = store.create("annex2", "SWG", "2025/2026")
    store.delete(report["id"])
    assert store.list_reports() == []
    assert not (store.reports_dir / f"{report['id']}.json").exists()
    with pytest.raises(StoreError, match="no report"):
        store.get(report["id"])


def test_a_loaded_report_with_a_taken_id_gets_a_new_one(store, sample):
    first = store.add(sample)
    second = store.add(sample)
    assert first == "idswg-2020-2021" and second != first
    assert store.get(second)["sections"] == store.get(first)["sections"]


def test_a_save_that_fails_raises_a_clear_error_and_the_old_file_stays(store, monkeypatch):
    report = store.create("annex2", "SWG", "2025/2026")
    path = store.reports_dir / f"{report['id']}.json"
    before = path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    rp.set_field(T, report, "c2", "narrative", "typed text")
    with pytest.raises(StoreError, match="No space left on device"):
        store.save(report)
    assert path.read_bytes() == before
    assert not list(store.reports_dir.glob(".*swgtui-tmp"))
    monkeypatch.undo()
    store.save(report)  # once there is room again the same save goes through
    assert rp.get_field(T, store.get(report["id"]), "c2", "narrative") == "typed text"


def test_a_read_only_folder_gives_a_clear_message(store_path, monkeypatch):
    real_open = os.open

    def read_only_folder(path, flags, *args):
        if flags & os.O_CREAT:
            raise OSError(30, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only_folder)
    with pytest.raises(StoreError, match="cannot open .* for writing: Read-only file system; nothing was changed"):
        ReportStore(store_path).open()


RELEASE = Path(__file__).parent / "fixtures" / "release-0.1.0"


def test_contacts_written_before_contacts_had_ids_get_the_same_id_on_every_load(tmp_path):
    """Two copies of release 0.1.0's store (two laptops) give each old contact the same id,
    made from where it stands; saved, it keeps it; the export does not show it."""
    copies = []
    for name in ("one", "two"):
        copies.append(release_0_1_0_store(tmp_path / name))
    seen = []
    for path in copies + copies:  # each copy twice
        with ReportStore(path, writable=False) as store:
            report = store.get("7b0aabad")
        seen.append({key: [c["id"] for c in people] for key, people in report["header"]["contacts"].items()})
    assert all(ids == seen[0] for ids in seen)
    people = report["header"]["contacts"]["focal_government"]
    assert [p["name"] for p in people] == ["Phoutsavath Sounthala", "Mr Somphone"]
    assert people[1]["id"] == derived_id(report["created"], "7b0aabad", "focal_government", 1, "Mr Somphone")
    every_id = [i for ids in seen[0].values() for i in ids]
    assert len(set(every_id)) == len(every_id) == 8 and all(len(i) == 26 for i in every_id)
    with ReportStore(copies[0]) as store:  # a saved report keeps them, and a new contact gets a ULID
        report = store.get("7b0aabad")
        added = rp.add_contact(T, report, "focal_government", name="Ms Noi", email="noi@mps.gov.la")
        store.save(report)
    with ReportStore(copies[0], writable=False) as store:
        saved = store.get("7b0aabad")
    assert [c["id"] for c in saved["header"]["contacts"]["focal_government"]] == [
        *seen[0]["focal_government"],
        added["id"],
    ]
    text = Path(export_report(saved, "md", str(tmp_path / "r.md")).path).read_text(encoding="utf-8")
    assert "Ms Noi" in text and not any(i in text for i in [*every_id, added["id"]])
    with zipfile.ZipFile(export_report(saved, "docx", str(tmp_path / "r.docx")).path) as word:
        xml = word.read("word/document.xml").decode("utf-8")
    assert "Ms Noi" in xml and not any(i in xml for i in [*every_id, added["id"]])


def test_a_dump_of_release_0_1_0_loads_with_the_same_contact_ids_each_time():
    text = (RELEASE / "in-review.dump.json").read_text(encoding="utf-8")
    first, _ = parse_dump(text)
    again, _ = parse_dump(text)
    assert first["header"]["contacts"] == again["header"]["contacts"]
    assert all(len(c["id"]) == 26 for people in first["header"]["contacts"].values() for c in people)


def test_opening_a_0_1_0_store_keeps_a_backup_of_it_as_it_was_and_says_so_once(tmp_path):
    from click.testing import CliRunner

    from swgtui.cli import main

    old = release_0_1_0_store(tmp_path / "old")
    original = old.read_text(encoding="utf-8")
    assert json.loads(original)["store"]["1"]["schema"] == 1
    first = CliRunner().invoke(main, ["--db", str(old), "set", "idswg-2020-2021", "A.1", "notes", "new notes"])
    assert first.exit_code == 0, first.output
    assert json.loads(old.read_text(encoding="utf-8"))["store"]["1"]["schema"] == SCHEMA_VERSION
    backups = sorted(old.with_name("store.backups").iterdir())
    assert len(backups) == 1 and (backups[0] / "store.json").read_text(encoding="utf-8") == original
    for kept in (RELEASE / "store.reports").glob("*.json"):  # the reports as 0.1.0 wrote them
        assert (backups[0] / "reports" / kept.name).read_bytes() == kept.read_bytes()
    assert first.stderr.count("upgraded to schema 2") == 1 and str(backups[0]) in first.stderr
    assert first.stderr.startswith("note: store.json was written by an older swgtui (store schema 1)")
    again = CliRunner().invoke(main, ["--db", str(old), "set", "idswg-2020-2021", "A.1", "notes", "again"])
    assert again.exit_code == 0 and again.stderr == ""  # said once
    with ReportStore(old, holder="tests") as store:
        assert store.upgraded_from is None and store.upgrade_note == ""
    assert len(list(old.with_name("store.backups").iterdir())) == 1

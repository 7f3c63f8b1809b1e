import json

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.store import ReportStore, StoreError
from swgtui.store.backup import KEEP, backups_dir


def test_backups_roll_and_only_the_newest_are_kept(store_path, sample):
    with ReportStore(store_path) as store:
        store.add(sample)
    for _ in range(KEEP + 3):
        with ReportStore(store_path) as store:
            store.backup_now()
    backups = sorted(backups_dir(store_path).iterdir())
    assert len(backups) == KEEP
    assert (backups[-1] / "store.json").read_bytes() == store_path.read_bytes()
    assert (backups[-1] / "reports" / "idswg-2020-2021.json").is_file()


def test_a_damaged_store_says_how_to_recover_and_recover_keeps_the_damaged_file(store_path, sample):
    with ReportStore(store_path) as store:
        store.add(sample)
    with ReportStore(store_path) as store:
        store.backup_now()
    with ReportStore(store_path) as store:  # a report added after the backup
        later = store.create("annex2", "Later SWG", "2026")["id"]
    store_path.write_bytes(store_path.read_bytes()[:40])  # truncated, as by a failing disk
    damaged = store_path.read_bytes()
    with pytest.raises(StoreError) as raised:
        ReportStore(store_path).open()
    message = str(raised.value)
    assert "is damaged" in message and "The newest good backup is from" in message
    assert f"'swgtui recover --db {store_path}'" in message
    assert store_path.read_bytes() == damaged  # left untouched
    result = CliRunner().invoke(main, ["recover"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("kept the damaged store.json as store.json.damaged-")
    kept = next(store_path.parent.glob("store.json.damaged-*"))
    assert kept.read_bytes() == damaged
    with ReportStore(store_path, writable=False) as store:
        assert {s["id"] for s in store.list_reports()} == {"idswg-2020-2021", later}


def test_a_damaged_report_file_is_restored_and_kept(store_path, sample):
    with ReportStore(store_path) as store:
        report_id = store.add(sample)
    with ReportStore(store_path) as store:
        store.backup_now()
    report_file = store_path.parent / "store.reports" / f"{report_id}.json"
    report_file.write_text("{broken", encoding="utf-8")
    with ReportStore(store_path) as store, pytest.raises(StoreError, match="swgtui recover"):
        store.get(report_id)
    lines = CliRunner().invoke(main, ["recover"]).output.splitlines()
    assert any(line.startswith(f"kept the damaged {report_id}.json as ") for line in lines)
    with ReportStore(store_path, writable=False) as store:
        assert store.get(report_id)["header"]["fields"]["swg_name"] == "Illicit Drug Sector Working Group"


def test_recover_without_a_backup_says_so(store_path):
    result = CliRunner().invoke(main, ["recover"])
    assert result.exit_code == 1 and "there is no good backup" in result.output


def test_recover_without_a_backup_keeps_a_damaged_store_aside_and_lists_the_reports_again(store_path):
    report_id = CliRunner().invoke(main, ["sample"]).output.strip()
    store_path.write_text("garbage")
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 1 and "There is no backup; 'swgtui recover --db" in result.output
    result = CliRunner().invoke(main, ["recover"])
    assert result.exit_code == 0, result.output
    assert "there is no backup, so the list of reports starts anew" in result.output
    assert f"listed report {report_id} again" in result.output
    assert [p.read_text() for p in store_path.parent.glob("store.json.damaged-*")] == ["garbage"]
    listed = CliRunner().invoke(main, ["list", "--json"]).output
    assert [s["id"] for s in json.loads(listed)] == [report_id]


async def test_the_app_backs_the_store_up_when_it_opens(store_path, sample):
    from swgtui.app import make_app

    with ReportStore(store_path) as store:
        store.add(sample)
    store = ReportStore(store_path, holder="swgtui app").open()
    app = make_app(store)
    async with app.run_test() as pilot:
        await pilot.pause(1.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
    store.close()
    (backup,) = backups_dir(store_path).iterdir()
    assert (backup / "reports" / "idswg-2020-2021.json").is_file()

import contextlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.store import ReportStore, StoreError
from swgtui.store.backup import KEEP, backups_dir

from .conftest import release_0_1_0_store


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


RELEASE = Path(__file__).parent / "fixtures" / "release-0.1.0"


def _release_store(tmp_path: Path) -> Path:
    """Release 0.1.0's store, once opened by this release: upgraded, and its backup of the store
    as 0.1.0 left it (tested in test_store) taken away, so that each test counts its own."""
    release_0_1_0_store(tmp_path)
    with ReportStore(tmp_path / "store.json") as store:
        assert store.upgraded_from == 1
    shutil.rmtree(backups_dir(tmp_path / "store.json"))
    return tmp_path / "store.json"


def _back_up(store_path: Path, times: int = 1) -> list[str]:
    for _ in range(times):
        with ReportStore(store_path) as store:
            store.backup_now()
    return [p.name for p in sorted(backups_dir(store_path).iterdir())]


def _truncate(report_file: Path) -> bytes:
    report_file.write_bytes(report_file.read_bytes()[: report_file.stat().st_size // 2])
    return report_file.read_bytes()


def _swg_name(store_path: Path, report_id: str) -> str:
    with ReportStore(store_path, writable=False) as store:
        return store.get(report_id)["header"]["fields"]["swg_name"]


def _recover(store_path: Path) -> list[str]:
    result = CliRunner().invoke(main, ["--db", str(store_path), "recover"])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_the_last_good_copy_of_a_damaged_report_outlives_rotation_and_is_restored(tmp_path):
    store_path = _release_store(tmp_path)
    (good_one,) = _back_up(store_path)
    report_file = store_path.parent / "store.reports" / "7b0aabad.json"
    damaged = _truncate(report_file)
    backups = _back_up(store_path, KEEP + 3)  # the app opened eight more times
    assert backups[0] == good_one and len(backups) == KEEP + 1  # kept beyond KEEP, for its good copy
    with ReportStore(store_path) as store, pytest.raises(StoreError) as raised:
        store.get("7b0aabad")
    assert f"The newest good copy of it is in the backup from {good_one};" in str(raised.value)
    assert "swgtui recover --db" in str(raised.value)
    lines = _recover(store_path)
    assert f"restored report 7b0aabad from the backup of {good_one}" in lines
    assert "nothing was damaged" not in lines
    assert [p.read_bytes() for p in report_file.parent.glob("7b0aabad.json.damaged-*")] == [damaged]
    assert _swg_name(store_path, "7b0aabad") == "Illicit Drug Sector Working Group"
    assert CliRunner().invoke(main, ["--db", str(store_path), "show", "7b0aabad"]).exit_code == 0
    assert good_one not in _back_up(store_path)  # no longer needed: it rotates away
    assert len(list(backups_dir(store_path).iterdir())) == KEEP


def test_each_report_comes_back_from_the_newest_backup_holding_a_good_copy_of_it(tmp_path):
    store_path = _release_store(tmp_path)
    set_name = ["--db", str(store_path), "set", "7b0aabad", "header", "swg_name"]
    _back_up(store_path)
    assert CliRunner().invoke(main, [*set_name, "Renamed SWG"]).exit_code == 0
    (_, renamed) = _back_up(store_path)  # the newest good copy of 7b0aabad
    _truncate(store_path.parent / "store.reports" / "7b0aabad.json")
    (*_, newest) = _back_up(store_path, 2)
    (store_path.parent / "store.reports" / "4c01123f.json").unlink()  # listed, but its file is gone
    lines = _recover(store_path)
    assert f"restored report 7b0aabad from the backup of {renamed}" in lines
    assert f"restored report 4c01123f from the backup of {newest}" in lines
    assert _swg_name(store_path, "7b0aabad") == "Renamed SWG"
    assert _swg_name(store_path, "4c01123f") == "Illicit Drug Sector Working Group"
    assert _recover(store_path) == ["nothing was damaged"]


def test_a_missing_report_keeps_its_last_backup_through_rotation(tmp_path):
    store_path = _release_store(tmp_path)
    (good_one,) = _back_up(store_path)
    (store_path.parent / "store.reports" / "4c01123f.json").unlink()
    assert _back_up(store_path, KEEP + 1)[0] == good_one
    result = CliRunner().invoke(main, ["--db", str(store_path), "show", "4c01123f"])
    assert result.exit_code == 1
    hint = f"is missing from {store_path.parent / 'store.reports'}. The newest good copy of it is in the backup from"
    assert f"{hint} {good_one};" in result.output
    assert f"restored report 4c01123f from the backup of {good_one}" in _recover(store_path)
    assert _swg_name(store_path, "4c01123f") == "Illicit Drug Sector Working Group"


def test_recover_says_so_when_no_backup_holds_a_good_copy_of_a_damaged_report(tmp_path):
    store_path = _release_store(tmp_path)
    report_file = store_path.parent / "store.reports" / "7b0aabad.json"
    damaged = _truncate(report_file)  # damaged before any backup was made
    _back_up(store_path, 2)
    with ReportStore(store_path) as store, pytest.raises(StoreError) as raised:
        store.get("7b0aabad")
    assert str(raised.value).endswith("No backup holds a good copy of it to recover from.")
    lines = _recover(store_path)
    assert lines == ["report 7b0aabad is damaged and no backup holds a good copy of it; it was left as it is"]
    assert report_file.read_bytes() == damaged
    assert _swg_name(store_path, "4c01123f") == "Illicit Drug Sector Working Group"


def test_a_file_unchanged_since_the_last_backup_is_linked_and_a_changed_one_copied(tmp_path):
    store_path = _release_store(tmp_path)
    reports = store_path.parent / "store.reports"
    set_name = ["--db", str(store_path), "set", "7b0aabad", "header", "swg_name"]
    (first,) = _back_up(store_path)
    assert CliRunner().invoke(main, [*set_name, "Renamed SWG"]).exit_code == 0
    (_, second) = _back_up(store_path)
    old, new = backups_dir(store_path) / first / "reports", backups_dir(store_path) / second / "reports"
    assert (new / "4c01123f.json").stat().st_ino == (old / "4c01123f.json").stat().st_ino  # unchanged: linked
    assert (new / "7b0aabad.json").stat().st_ino != (old / "7b0aabad.json").stat().st_ino  # changed: copied
    assert (new / "7b0aabad.json").read_bytes() == (reports / "7b0aabad.json").read_bytes()
    assert b"Renamed SWG" not in (old / "7b0aabad.json").read_bytes()  # the earlier copy is as it was
    for name in ("4c01123f.json", "7b0aabad.json"):  # never a link to the store's own file
        assert (new / name).stat().st_ino != (reports / name).stat().st_ino


def test_a_file_that_cannot_be_linked_is_copied(tmp_path, monkeypatch):
    store_path = _release_store(tmp_path)
    (first,) = _back_up(store_path)

    def no_links(*_: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr("swgtui.store.backup.os.link", no_links)
    (_, second) = _back_up(store_path)
    old, new = backups_dir(store_path) / first / "reports", backups_dir(store_path) / second / "reports"
    assert (new / "4c01123f.json").read_bytes() == (old / "4c01123f.json").read_bytes()
    assert (new / "4c01123f.json").stat().st_ino != (old / "4c01123f.json").stat().st_ino


def test_recover_restores_from_a_linked_backup_after_the_older_ones_rotate_away(tmp_path):
    store_path = _release_store(tmp_path)
    report_file = store_path.parent / "store.reports" / "4c01123f.json"
    good = report_file.read_bytes()
    (first,) = _back_up(store_path)
    backups = _back_up(store_path, KEEP + 2)  # each links the unchanged files of the one before
    assert first not in backups and len(backups) == KEEP  # the backup that copied them is gone
    newest = backups_dir(store_path) / backups[-1] / "reports" / "4c01123f.json"
    assert newest.stat().st_nlink == KEEP
    report_file.write_text("{broken", encoding="utf-8")
    assert f"restored report 4c01123f from the backup of {backups[-1]}" in _recover(store_path)
    assert report_file.read_bytes() == good and newest.read_bytes() == good
    assert report_file.stat().st_ino != newest.stat().st_ino  # copied out, not moved or linked
    assert (
        CliRunner().invoke(main, ["--db", str(store_path), "set", "4c01123f", "header", "swg_name", "X"]).exit_code == 0
    )
    assert newest.read_bytes() == good  # a save after recovery leaves the backups alone
    assert _swg_name(store_path, "4c01123f") == "X"


def test_a_backup_stopped_half_way_is_removed_and_the_previous_one_stays(tmp_path):
    from swgtui.store.backup import make_backup

    store_path = _release_store(tmp_path)
    (first,) = _back_up(store_path)
    steps: list[int] = []

    @contextlib.contextmanager
    def closing_half_way():  # as the app's store closed while its backup runs
        steps.append(1)
        if len(steps) > 2:
            raise StoreError("closed")
        yield

    with pytest.raises(StoreError):
        make_backup(store_path, store_path.parent / "store.reports", guard=closing_half_way)
    assert [p.name for p in backups_dir(store_path).iterdir()] == [first]
    assert (backups_dir(store_path) / first / "reports" / "4c01123f.json").is_file()

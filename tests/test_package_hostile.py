"""Hostile review packages: each is refused with one line naming what is wrong, and the store's
files stay byte for byte as they were; nothing is written that the store could not read back."""

from __future__ import annotations

import errno
import gzip
import json
import re
from pathlib import Path

import pytest

from swgtui.exchange import read_package, receive_package
from swgtui.model import package as pkg
from swgtui.model.ids import new_id
from swgtui.model.merge import new_revision
from swgtui.model.report import ReportError
from swgtui.model.schema import report_from_json, report_to_json
from swgtui.sample import sample_report
from swgtui.store import backup, history
from swgtui.store.repository import ReportStore
from tests.test_cli_exchange import SAMPLE, Laptop


def content_of(path: Path) -> dict:
    return json.loads(gzip.decompress(path.read_bytes()))


def written(laptop: Laptop, whole: dict, name: str = "hostile") -> Path:
    whole["sha256"] = pkg.sha256(whole["content"])
    path = laptop.folder / f"{name}.swgpkg"
    path.write_bytes(gzip.compress(json.dumps(whole).encode()))
    return path


def refused(laptop: Laptop, path: Path) -> str:
    """The one line a receive of `path` is refused with; the store is unchanged."""
    before = laptop.store_files()
    result = laptop.run("receive", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1, result.stderr
    assert laptop.store_files() == before
    return result.stderr.strip()


def a_text_head(whole: dict) -> dict:
    return next(r for r in whole["content"]["history"] if r["field"] == "swg_name")


def test_more_than_64_versions_of_one_field_are_refused_before_anything_is_written(focal):
    whole = content_of(focal.send())
    head = a_text_head(whole)
    for n in range(65):
        whole["content"]["history"].append({**head, "id": new_id(), "parent": head["id"], "text": f"Version {n}."})
    said = refused(focal, written(focal, whole))
    assert f"has 65 versions of {head['part']}/swg_name; at most 64" in said


def test_a_merge_never_makes_a_revision_with_more_parents_than_the_reader_takes():
    parents = [
        {"id": new_id(), "parent": None, "part": "c2", "field": "x", "rev": 1, "text": "", "by": None, "at": "2026"}
        for _ in range(65)
    ]
    with pytest.raises(ReportError, match="c2/x has 65 versions; at most 64"):
        new_revision(("c2", "x"), "text", parents, "2026", new_id())
    with pytest.raises(ReportError, match="c2/x has 65 versions; at most 64"):
        history._revision(("c2", "x"), "text", parents, None, "2026")  # nor does a save


def test_a_lone_surrogate_is_refused_in_one_line(focal):
    whole = content_of(focal.send())
    path = focal.folder / "surrogate.swgpkg"
    text = json.dumps(whole).replace('"sent_at"', '"x": "\\ud800", "sent_at"', 1)
    path.write_bytes(gzip.compress(text.encode()))
    assert "holds text that is not valid Unicode (a lone surrogate)" in refused(focal, path)


def test_a_package_of_far_too_many_items_is_refused_before_it_is_parsed(focal):
    whole = content_of(focal.send())
    path = focal.folder / "items.swgpkg"
    text = json.dumps(whole)[:-1] + ', "padding": [' + ",".join(["[]"] * 2_100_000) + "]}"
    path.write_bytes(gzip.compress(text.encode()))
    assert "holds far more items than a review package could" in refused(focal, path)


def test_another_report_with_the_same_id_is_refused(focal):
    whole = content_of(focal.send())
    renamed = {r["id"]: new_id() for r in whole["content"]["history"]}
    for revision in whole["content"]["history"]:
        revision["id"] = renamed[revision["id"]]
        revision["parent"] = renamed.get(revision["parent"])
        if "parents" in revision:
            revision["parents"] = sorted(renamed[p] for p in revision["parents"])
    said = refused(focal, written(focal, whole))
    assert f"shares no history with report {SAMPLE} here: it is another report with the same id" in said
    assert "nothing was changed" in said


@pytest.mark.parametrize("cycle", ["two", "self"])
def test_parent_links_that_form_a_cycle_are_refused(focal, cycle):
    whole = content_of(focal.send())
    head = a_text_head(whole)
    x, y = new_id(), new_id()
    if cycle == "two":
        added = [{**head, "id": x, "parent": y, "text": "X"}, {**head, "id": y, "parent": x, "text": "Y"}]
    else:
        added = [{**head, "id": x, "parent": x, "text": "X"}]
    whole["content"]["history"] += added
    said = refused(focal, written(focal, whole))
    assert re.search(rf"revision ({x}|{y}) follows itself \(its parents form a cycle\)", said), said


def test_a_parent_missing_from_the_history_is_fine(focal, cochair):
    whole = content_of(focal.send())
    head = a_text_head(whole)
    whole["content"]["history"].append({**head, "id": new_id(), "parent": new_id(), "rev": 2, "text": "Later."})
    cochair.receive(written(focal, whole))


def test_a_known_revision_with_other_content_is_refused(focal):
    whole = content_of(focal.send())
    head = a_text_head(whole)
    head["text"] = "Something else entirely."
    assert f"revision {head['id']} differs from the one here" in refused(focal, written(focal, whole))


def test_a_failed_backup_leaves_no_half_made_folder(tmp_path, monkeypatch):
    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with ReportStore(tmp_path / "store.json") as store:
        store.add(sample_report(), [])
        monkeypatch.setattr(backup, "write_json_atomic", disk_full)
        with pytest.raises(Exception, match="cannot back up report .*No space left on device"):
            store.back_up_report(SAMPLE, {"action": "receive"})
        assert backup.report_backups(store.path) == []


def test_a_float_version_is_refused(focal):
    whole = content_of(focal.send())
    whole["version"] = 1.0
    assert "has package version 1.0; this swgtui reads 1" in refused(focal, written(focal, whole))


def test_a_bad_period_is_named_once():
    data = report_to_json(sample_report())
    data["period"] = 5
    with pytest.raises(ReportError) as raised:
        report_from_json(data)
    assert str(raised.value) == "period: expected text"


def test_each_persons_package_gets_its_own_telling_name(focal, cochair):
    mine = focal.send()
    cochair.receive(mine)
    theirs = cochair.send()
    assert re.search(r"-review-\d{4}-\d\d-\d\d-\d{6}-Noy-Focal\.swgpkg$", mine.name), mine.name
    assert re.search(r"-review-\d{4}-\d\d-\d\d-\d{6}-Mr-Lord\.swgpkg$", theirs.name), theirs.name


def test_the_app_says_f7_shows_the_conflicts_and_the_command_says_settle(focal, cochair):
    cochair.receive(focal.send())
    cochair.ok("set", SAMPLE, "c2", "challenges", "The co-chair's words.")
    focal.ok("set", SAMPLE, "c2", "challenges", "The focal point's words.")
    answer = cochair.send()
    _, by_command = focal.receive(answer)
    assert by_command.endswith(f"1 conflict (settle it: swgtui conflicts {SAMPLE})"), by_command
    focal.ok("receive", "--undo")
    monkey = pytest.MonkeyPatch()
    for key, value in focal.env.items():
        monkey.setenv(key, value)
    try:
        with ReportStore(Path(focal.env["SWGTUI_DB"])) as store:
            package = read_package(answer)
            in_app = receive_package(store, package, pkg.checked_report(package), in_app=True).summary
    finally:
        monkey.undo()
    assert in_app.endswith("1 conflict (f7 in the report shows it)"), in_app

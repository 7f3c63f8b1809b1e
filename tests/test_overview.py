"""The coordinator's overview of a period (swgtui.overview) and what the store keeps on each
report's line for it: where the report stands, who saved it, when it was received."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from swgtui import overview
from swgtui.model import report as rp
from swgtui.model import review, suggestions
from swgtui.model.schema import report_from_json, report_to_json
from swgtui.model.standing import STATUS_LABELS, STATUSES, not_final_because, report_standing
from swgtui.model.template import load_template
from swgtui.store import ReportStore
from swgtui.workspace import Workspace
from tests.test_cli_overview import JSON_KEYS
from tests.test_receive_docx import LORD, MONDAY, Reviewed
from tests.test_swgs import KEYS as TEN  # the ten SWGs' keys, in the list's order

from .conftest import complete_sample

T = load_template("annex2")
PERIOD = "2025/2026"
FOCAL = {"name": "Noy Focal", "organisation": "Ministry of Public Security", "role": "focal point"}
CHAIR = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}


def copy_of(sample: dict, key: str, period: str = PERIOD) -> dict:
    """The sample report, as another SWG's report for another period (a new id)."""
    report = report_from_json(report_to_json(sample))
    report["id"] = rp.new_report_id()
    rp.set_swg(report, key)
    rp.set_period(report, period)
    return report


def approve_all(report: dict, but: str = "") -> None:
    """Every part marked ready and approved (`but` this one: changes are asked for it)."""
    complete_sample(report)
    for part in rp.part_ids(report):
        review.set_status(report, part, "ready", FOCAL)
        if part == but:
            review.set_status(report, part, "request-changes", CHAIR, "Add the 2025 figures")
        else:
            review.set_status(report, part, "approve", CHAIR)


def lines_by_key(store: ReportStore, period: str = PERIOD) -> dict[str, overview.SwgLine]:
    return {line.swg: line for line in overview.period_overview(store, period)}


def stored_lines(store_path: Path) -> dict[str, dict]:
    """The list of reports as store.json holds it, by report id."""
    data = json.loads(store_path.read_text(encoding="utf-8"))
    return {line["id"]: line for line in data["reports"].values()}


def edit_stored_lines(store_path: Path, change) -> None:
    """Change the lines of store.json the way another (older or faulty) program would have."""
    data = json.loads(store_path.read_text(encoding="utf-8"))
    for line in data["reports"].values():
        change(line)
    store_path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def every_status(store, sample) -> dict[str, str]:
    """One report for each status (SWG key -> report id), saved to the store; macroeconomics
    and natural_resources have none for the period (not started)."""
    made = {}
    fresh = rp.new_report(T, "Health Sector Working Group", PERIOD)  # made, nothing else written
    drafting = copy_of(sample, "education")
    commented = copy_of(sample, "governance")
    review.add_comment(T, commented, "a1", "Which provinces?", CHAIR)
    asked = copy_of(sample, "infrastructure")
    approve_all(asked, but="a1")
    approved = copy_of(sample, "mine_action")
    approve_all(approved)
    signed = copy_of(sample, "agriculture")
    approve_all(signed)
    review.sign_off(signed, CHAIR)
    stale = copy_of(sample, "illicit_drug")
    approve_all(stale)
    review.sign_off(stale, CHAIR)
    rp.set_field(T, stale, "a1", "notes", "Changed after the sign-off.")
    ready = copy_of(sample, "trade")
    review.set_status(ready, "a1", "ready", FOCAL)
    for report in (fresh, drafting, commented, asked, approved, signed, stale, ready):
        store.save(report, author=FOCAL)
        made[rp.report_swg(report)] = report["id"]
    return made


def test_every_status_from_the_lines_alone(store, every_status, monkeypatch):
    def never(report_id):
        raise AssertionError(f"the overview opened report {report_id}")

    monkeypatch.setattr(store, "get", never)  # the lines say it all: no report is opened
    lines = overview.period_overview(store, "2025/26")
    assert [line.swg for line in lines] == TEN
    assert {line.swg: line.status for line in lines} == {
        "health": "not_started",  # made, nothing written in it yet
        "education": "drafting",
        "governance": "in_review",
        "infrastructure": "changes_requested",
        "mine_action": "approved",
        "agriculture": "signed_off",
        "illicit_drug": "signoff_stale",
        "macroeconomics": "not_started",
        "trade": "in_review",
        "natural_resources": "not_started",
    }
    assert set(STATUS_LABELS) == set(STATUSES) <= {line.status for line in lines} | {"drafting"}
    by_key = {line.swg: line for line in lines}
    assert by_key["macroeconomics"].reports == [] and by_key["macroeconomics"].updated == ""
    assert by_key["health"].reports == [every_status["health"]] and by_key["health"].complete < 0.1
    assert by_key["governance"].open_comments == 1 and by_key["education"].open_comments == 0
    assert by_key["infrastructure"].approved == by_key["infrastructure"].parts - 1
    assert by_key["mine_action"].approved == by_key["mine_action"].parts > 10
    assert by_key["mine_action"].complete == 1.0 and by_key["mine_action"].signed_off == ""
    signed = by_key["agriculture"]
    assert signed.signed_off and signed.signed_off[:4] == rp.now_iso()[:4]
    assert by_key["illicit_drug"].signed_off == ""  # the sign-off no longer holds
    assert all(line.updated_by == "Noy Focal" for line in lines if line.reports)
    assert all(line.name == line.name.strip() and line.name.endswith("Working Group") for line in lines)


def test_a_report_is_not_started_until_something_is_written_in_it():
    report = rp.new_report(T, "Health Sector Working Group", PERIOD)
    assert report_standing(report, T).status == "not_started"
    for write in (
        lambda r: rp.set_field(T, r, rp.HEADER_ID, "chairs", "Ministry of Health"),
        lambda r: rp.set_field(T, r, "c2", "narrative", "A new clinic opened."),
        lambda r: rp.set_section_no_update(r, "B", True),
        lambda r: rp.add_row(T, r, "A", "A new recommendation"),
    ):
        written = rp.new_report(T, "Health Sector Working Group", PERIOD)
        write(written)
        assert report_standing(written, T).status == "drafting"


def test_the_standing_of_a_report_counts_what_is_open(sample):
    report = report_from_json(report_to_json(sample))
    assert report_standing(report, T).status == "drafting"
    review.add_comment(T, report, "a1", "Which provinces?", CHAIR)
    done = review.add_comment(T, report, "a2", "Name the ministries.", CHAIR)
    review.resolve_comment(report, done["id"], FOCAL)
    at = MONDAY.replace("Z", "+00:00")
    kept = suggestions.add(report, "a1", "notes", None, "old", "new", CHAIR, at, "report.docx", True)
    rejected = suggestions.add(report, "a2", "notes", None, "old", "other", CHAIR, at, "report.docx", True)
    suggestions.reject(report, rejected["id"], FOCAL)
    report["conflicts"] = [{"part": "c2", "field": "challenges", "heads": ["r1", "r2"]}]
    standing = report_standing(report, T)
    assert (standing.status, standing.open_comments, standing.open_suggestions, standing.conflicts) == (
        "in_review",
        1,
        1,
        1,
    )
    assert kept is not None and "the report is not signed off" in not_final_because(report)
    assert "missing" not in standing.as_summary() and standing.as_summary()["open_suggestions"] == 1


def test_the_standing_says_why_a_report_is_not_final(sample):
    report = report_from_json(report_to_json(sample))
    approve_all(report)
    review.sign_off(report, CHAIR)
    assert not_final_because(report) == []
    rp.set_field(T, report, "a1", "notes", "Changed after the sign-off.")
    standing = report_standing(report, T)
    assert standing.status == "signoff_stale"
    assert not_final_because(report) == [
        "1 of 19 parts not approved (changed since approval: 'Enhanced border security')",
        "its sign-off is no longer valid (changed since it was signed off)",
    ]
    assert (standing.parts - standing.approved, standing.signed_off) == (1, "")


def test_duplicates_are_one_line_naming_both_and_showing_the_furthest(store, sample):
    first = rp.new_report(T, "Health SWG", "2025/26")
    second = copy_of(sample, "health", "໒໐໒໕-໒໐໒໖")
    approve_all(second)
    third = copy_of(sample, "health", "2024/2025")  # another period: not counted
    for report in (first, second, third):
        store.save(report)
    line = lines_by_key(store)["health"]
    assert line.reports == [first["id"], second["id"]] and line.duplicate
    assert (line.status, line.complete) == ("approved", 1.0)
    assert not lines_by_key(store, "2024/2025")["health"].duplicate


def test_other_swgs_follow_the_ten_by_name(store, sample):
    zulu = rp.new_report(T, "Zulu Coordination Group", PERIOD)
    alpha = copy_of(sample, "")
    rp.set_field(T, alpha, rp.HEADER_ID, "swg_name", "Alpha Group")
    alpha_too = rp.new_report(T, "alpha group", PERIOD)  # the same name, another case
    for report in (zulu, alpha, alpha_too):
        store.save(report)
    lines = overview.period_overview(store, PERIOD)
    assert [line.swg for line in lines[10:]] == ["other:alpha group", "other:zulu coordination group"]
    assert [line.name for line in lines[10:]] == ["Alpha Group", "Zulu Coordination Group"]
    assert lines[10].reports == [alpha["id"], alpha_too["id"]] and lines[10].duplicate
    assert lines[10].status == "drafting"
    assert lines[11].reports == [zulu["id"]]


def test_an_swg_without_a_report_shows_the_focal_points_of_its_latest(store, sample):
    older = copy_of(sample, "macroeconomics", "2023/2024")
    latest = copy_of(sample, "macroeconomics", "2024/2025")
    person = latest["header"]["contacts"]["focal_government"][0]
    person.update(name="Khamla Latest", email="khamla@mof.gov.la")
    for report in (latest, older):  # saved newest first: the latest is the period's, not the list's
        store.save(report)
    line = lines_by_key(store)["macroeconomics"]
    assert line.reports == [] and line.status == "not_started"
    assert line.contacts[0] == {
        "list": "focal_government",
        "organisation": person["organisation"],
        "name": "Khamla Latest",
        "email": "khamla@mof.gov.la",
    }
    assert {contact["list"] for contact in line.contacts} >= {"focal_government", "focal_partners"}
    assert lines_by_key(store)["health"].contacts == []  # no report of any period
    shown = lines_by_key(store, "2024/2025")["macroeconomics"]  # its own report's contacts
    assert shown.reports == [latest["id"]] and shown.contacts[0]["name"] == "Khamla Latest"


def test_the_json_of_a_line_has_the_keys_the_issue_names(store, every_status):
    line = lines_by_key(store)["governance"].as_json()
    assert list(line) == JSON_KEYS
    assert json.loads(json.dumps(line)) == line


def test_a_line_written_before_standing_is_worked_out_from_its_report_once(store_path, sample):
    with ReportStore(store_path) as store:
        signed = copy_of(sample, "agriculture")
        approve_all(signed)
        review.sign_off(signed, CHAIR)
        store.save(signed, author=FOCAL)
        older = copy_of(sample, "agriculture", "2020/2021")  # not needed for 2025/2026's overview
        rp.set_field(T, older, rp.HEADER_ID, "swg_name", "Agriculture SWG")
        store.save(older)
    new_keys = ("swg_key", "status", "open_comments", "open_suggestions", "conflicts", "signed_off", "parts")
    new_keys += ("approved", "contacts", "updated_by")
    edit_stored_lines(store_path, lambda line: [line.pop(key, None) for key in new_keys])  # as 0.2.0 wrote it
    before = store_path.read_bytes()
    with ReportStore(store_path, writable=False) as store:  # read-only: worked out, not written
        line = lines_by_key(store)["agriculture"]
        assert (line.status, line.signed_off[:2], line.updated_by) == ("signed_off", "20", "")
        assert lines_by_key(store, "2020/2021")["agriculture"].status == "drafting"
    assert store_path.read_bytes() == before
    with ReportStore(store_path) as store:  # writable: written back, the other period's line left
        assert lines_by_key(store)["agriculture"].status == "signed_off"
    written = stored_lines(store_path)
    assert written[signed["id"]]["status"] == "signed_off" and written[signed["id"]]["swg_key"] == "agriculture"
    assert [line.get("status") for line in written.values()] == ["signed_off", None]
    with ReportStore(store_path) as store:  # worked out once: no report opened again

        def never(report_id):
            raise AssertionError(f"the overview opened report {report_id}")

        store.get = never
        assert lines_by_key(store)["agriculture"].status == "signed_off"
        assert store.list_reports()[0]["contacts"]


@pytest.mark.parametrize(
    "bad",
    [
        {"status": "done"},
        {"status": 3},
        {"open_comments": "2"},
        {"open_comments": -1},
        {"conflicts": True},
        {"parts": 1.5},
        {"signed_off": "yesterday"},
        {"contacts": "Noy"},
        {"contacts": [{"name": 5}]},
        {"swg_key": "Health SWG"},
        {"swg_key": None},
        {"received": 20260101},
        {"updated_by": ["Noy"]},
    ],
)
def test_an_ill_typed_key_on_a_line_is_worked_out_again_and_the_line_still_listed(store_path, sample, bad):
    with ReportStore(store_path) as store:
        report = copy_of(sample, "governance")
        review.add_comment(T, report, "a1", "Which provinces?", CHAIR)
        store.save(report, author=FOCAL)
    edit_stored_lines(store_path, lambda line: line.update(bad))
    with ReportStore(store_path, writable=False) as store:
        (listed,) = store.list_reports()
        assert "problem" not in listed and listed["id"] == report["id"]
        assert [key for key in bad if key in listed] == []
        line = lines_by_key(store)["governance"]
        assert (line.reports, line.status, line.open_comments) == ([report["id"]], "in_review", 1)
        assert line.contacts and all(isinstance(contact["name"], str) for contact in line.contacts)
    with ReportStore(store_path) as store:
        lines_by_key(store)
    stored = stored_lines(store_path)[report["id"]]
    worked_out = set(bad) - {"received", "updated_by"}  # not from the report: left as the line says
    assert all(stored[key] != value for key, value in bad.items() if key in worked_out)


def test_a_damaged_report_is_left_out_and_a_line_whose_report_is_gone_does_not_crash(store_path, sample):
    with ReportStore(store_path) as store:
        kept = copy_of(sample, "education")
        store.save(kept)
        damaged = copy_of(sample, "health")
        store.save(damaged)
    (store_path.parent / "store.reports" / f"{damaged['id']}.json").write_text("{not json", encoding="utf-8")
    with ReportStore(store_path, writable=False) as store:
        lines = lines_by_key(store)
        assert lines["education"].status == "drafting"
        assert lines["health"].reports == [damaged["id"]]  # the line is whole: the report list says it is damaged
    edit_stored_lines(store_path, lambda line: line.pop("status"))
    with ReportStore(store_path, writable=False) as store:
        lines = lines_by_key(store)
        assert (lines["health"].reports, lines["health"].status) == ([damaged["id"]], "not_started")
        assert lines["education"].status == "drafting"


def test_updated_by_names_who_saved_else_who_wrote_the_newest_revision(store_path, sample):
    with ReportStore(store_path) as store:
        report = copy_of(sample, "education")
        store.save(report, author=FOCAL)
        assert store.list_reports()[0]["updated_by"] == "Noy Focal"
        rp.set_field(T, report, "a1", "notes", "By the chair.")
        store.save(report, author=CHAIR)
        assert lines_by_key(store)["education"].updated_by == "Matthew Lord"
        store.save(report)  # no author, no new revision: whom it named stays
        assert lines_by_key(store)["education"].updated_by == "Matthew Lord"


def two_laptops(tmp_path: Path, sample: dict) -> tuple[Workspace, Workspace]:
    focal = Workspace(ReportStore(tmp_path / "focal" / "store.json", holder="tests").open())
    chair = Workspace(ReportStore(tmp_path / "chair" / "store.json", holder="tests").open())
    focal.add(copy_of(sample, "illicit_drug"))
    return focal, chair


def test_receiving_a_package_notes_when_and_undo_restores_the_line(tmp_path, sample, monkeypatch):
    focal, chair = two_laptops(tmp_path, sample)
    report_id = focal.list_reports()[0]["id"]
    try:
        first = focal.send(report_id, tmp_path / "first.swgpkg", FOCAL).path
        monkeypatch.setattr(rp, "now_iso", lambda: "2026-03-01T10:00:00+00:00")
        assert chair.receive(first).added
        assert lines_by_key(chair.store)["illicit_drug"].received == "2026-03-01T10:00:00+00:00"
        monkeypatch.setattr(rp, "now_iso", lambda: "2026-03-02T10:00:00+00:00")
        assert not chair.receive(first).changed  # already received: still a receipt
        assert lines_by_key(chair.store)["illicit_drug"].received == "2026-03-02T10:00:00+00:00"
        monkeypatch.undo()
        session = chair.open(report_id, CHAIR)
        session.set_field("a1", "notes", "Saved by the chair after receiving.")
        session.save()
        line = chair.store.list_reports()[0]
        assert (line["received"], line["updated_by"]) == ("2026-03-02T10:00:00+00:00", "Matthew Lord")

        session = focal.open(report_id, FOCAL)
        session.set_field("a2", "notes", "Written by the focal point.")
        session.save()
        second = focal.send(report_id, tmp_path / "second.swgpkg", FOCAL).path
        monkeypatch.setattr(rp, "now_iso", lambda: "2026-03-05T10:00:00+00:00")
        assert chair.receive(second).changed
        monkeypatch.undo()
        line = lines_by_key(chair.store)["illicit_drug"]
        assert (line.received, line.updated_by) == ("2026-03-05T10:00:00+00:00", "Noy Focal")
        chair.undo_receive()
        line = lines_by_key(chair.store)["illicit_drug"]
        assert (line.received, line.updated_by) == ("2026-03-02T10:00:00+00:00", "Matthew Lord")
        assert stored_lines(chair.store.path)[report_id]["received"] == "2026-03-02T10:00:00+00:00"
    finally:
        focal.store.close()
        chair.store.close()


def test_after_a_receive_the_last_to_act_is_who_acted_last_in_the_package_review_steps_too(tmp_path, sample):
    focal, chair = two_laptops(tmp_path, sample)
    report_id = focal.list_reports()[0]["id"]
    try:
        session = focal.open(report_id, FOCAL)
        session.set_field("a2", "notes", "Written by the focal point.")
        session.save()
        assert chair.receive(focal.send(report_id, tmp_path / "to-chair.swgpkg", FOCAL).path).added
        assert lines_by_key(chair.store)["illicit_drug"].updated_by == "Noy Focal"  # who wrote what came
        report = chair.store.get(report_id)
        review.add_comment(T, report, "a1", "Approved in the meeting.", CHAIR)  # a review act, no text
        chair.store.save(report, author=CHAIR)
        back = chair.send(report_id, tmp_path / "to-focal.swgpkg", CHAIR).path
        assert focal.receive(back).changed
        assert lines_by_key(focal.store)["illicit_drug"].updated_by == "Matthew Lord"
    finally:
        focal.store.close()
        chair.store.close()


def test_receiving_a_reviewed_word_file_notes_when(store, sample, tmp_path, monkeypatch):
    store.add(sample)
    reports = Workspace(store)
    path = reports.export(sample["id"], out=tmp_path / "report.docx", by=FOCAL).path
    reviewed = Reviewed(path)
    reviewed.replace("often lax", "lax", author=LORD, date=MONDAY)
    reviewed.save()
    monkeypatch.setattr(rp, "now_iso", lambda: "2026-03-06T10:00:00+00:00")
    assert reports.receive(path, by=FOCAL).changed
    monkeypatch.undo()
    line = lines_by_key(store, "2020/2021")["illicit_drug"]
    assert (line.received, line.open_suggestions, line.status) == ("2026-03-06T10:00:00+00:00", 1, "in_review")
    reports.undo_receive()
    assert "received" not in store.list_reports()[0]
    assert lines_by_key(store, "2020/2021")["illicit_drug"].received == ""


def test_the_line_keeps_the_key_not_the_name(store, sample):
    report = copy_of(sample, "education")  # its name still says Illicit Drug
    store.save(report)
    assert lines_by_key(store)["education"].reports == [report["id"]]
    assert lines_by_key(store)["illicit_drug"].reports == []


def test_the_quick_standing_of_a_report_without_review_steps_agrees_with_the_whole_fold(sample):
    report = report_from_json(report_to_json(sample))
    first = review.add_comment(T, report, "a1", "Which provinces?", CHAIR)
    review.add_comment(T, report, "a1", "Luang Namtha and Bokeo.", FOCAL, reply_to=first["id"])
    review.add_comment(T, report, rp.HEADER_ID, "Who chairs?", CHAIR)
    assert not report["review"]["events"]
    quick = report_standing(report, T)
    summary, _ = review.export_review(report)
    assert quick.open_comments == sum(not thread["resolved"] for thread in summary["threads"]) == 2
    assert (quick.parts, quick.approved) == (len(summary["parts"]), 0)
    assert {part["status"] for part in summary["parts"]} == {review.DRAFT} and quick.status == "in_review"


def test_a_report_made_but_naming_no_one_yet_keeps_the_focal_points_of_an_earlier_one(store, sample):
    earlier = copy_of(sample, "health", "2024/2025")
    store.save(earlier)
    store.create("annex2", "Health Sector Working Group", "2025/2026")  # made, nothing written
    names = {contact["name"] for contact in earlier["header"]["contacts"]["focal_government"]}
    for period in ("2025/2026", "2031/2032"):  # its own period, and one after the empty report's
        line = lines_by_key(store, period)["health"]
        assert names <= {contact["name"] for contact in line.contacts}


@pytest.mark.parametrize("bad", [{"complete": "lots"}, {"complete": None}, {"updated": "not-a-date"}, {"swg": 42}])
def test_a_line_that_cannot_be_read_is_rebuilt_from_its_report_never_shown_as_no_report(store_path, sample, bad):
    with ReportStore(store_path) as store:
        store.save(copy_of(sample, "health"), author=FOCAL)
    edit_stored_lines(store_path, lambda line: line.update(bad))
    with ReportStore(store_path, writable=False) as store:
        assert "problem" in store.list_reports()[0]  # the report list says it cannot use the line
        health = lines_by_key(store)["health"]
        assert (health.status, health.complete) == ("drafting", pytest.approx(0.93, abs=0.01))
    with ReportStore(store_path) as store:  # writable: the line is written back whole
        lines_by_key(store)
        assert "problem" not in store.list_reports()[0]


def test_recover_rewrites_the_line_of_every_report_it_restores(store_path, sample):
    with ReportStore(store_path) as store:
        report = copy_of(sample, "trade")
        store.save(report, author=FOCAL)
        store.backup_now()
        approve_all(report)
        review.sign_off(report, CHAIR)
        store.save(report, author=CHAIR)
        assert lines_by_key(store)["trade"].status == "signed_off"
        report_file = store.reports_dir / f"{report['id']}.json"
    report_file.write_text("garbage", encoding="utf-8")
    ReportStore(store_path).recover()
    with ReportStore(store_path) as store:
        assert lines_by_key(store)["trade"].status == "drafting"  # as the restored file says


def test_a_change_made_here_after_the_package_keeps_its_author_as_the_last_to_act(tmp_path, sample, monkeypatch):
    times = iter(f"2026-03-01T10:{minute:02d}:00+00:00" for minute in range(60))
    monkeypatch.setattr(rp, "now_iso", lambda: next(times))  # each step a minute after the last
    focal, chair = two_laptops(tmp_path, sample)
    report_id = focal.list_reports()[0]["id"]
    try:
        assert chair.receive(focal.send(report_id, tmp_path / "to-chair.swgpkg", FOCAL).path).added
        report = chair.store.get(report_id)
        review.add_comment(T, report, "a1", "Which provinces?", CHAIR)
        chair.store.save(report, author=CHAIR)
        back = chair.send(report_id, tmp_path / "to-focal.swgpkg", CHAIR).path
        session = focal.open(report_id, FOCAL)  # the focal point writes on, after the chair's comment
        session.set_field("a2", "notes", "Written after the chair's comment.")
        session.save()
        assert focal.receive(back).changed
        assert lines_by_key(focal.store)["illicit_drug"].updated_by == "Noy Focal"
    finally:
        focal.store.close()
        chair.store.close()


def test_a_key_this_release_does_not_list_is_placed_by_the_name_and_hand_edited_words_are_cleaned(store_path, sample):
    with ReportStore(store_path) as store:
        report = copy_of(sample, "health")
        rp.set_field(T, report, rp.HEADER_ID, "swg_name", "Health Sector Working Group")
        store.save(report, author=FOCAL)
    nasty = "\x1b]0;pwned\x07Mr \u202eX"
    edit_stored_lines(store_path, lambda line: line.update({"swg_key": "space_program", "updated_by": nasty}))
    with ReportStore(store_path, writable=False) as store:
        lines = overview.period_overview(store, PERIOD)
    health = next(line for line in lines if line.swg == "health")
    assert health.reports and health.updated_by == "Mr X" and len(lines) == 10  # no line of its own

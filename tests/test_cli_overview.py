"""The coordinator on the command line: `swgtui overview`, `swgtui set-swg`, `swgtui new
--swg-key` and the SWG key in `swgtui list --json`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from swgtui.cli import main
from swgtui.model import review
from swgtui.store import ReportStore
from tests.test_swgs import KEYS as TEN  # the ten SWGs' keys, in the list's order

SAMPLE = "idswg-2020-2021"
JSON_KEYS = [
    "swg",
    "name",
    "reports",
    "duplicate",
    "status",
    "complete",
    "open_comments",
    "open_suggestions",
    "conflicts",
    "signed_off",
    "parts",
    "approved",
    "updated",
    "updated_by",
    "received",
    "contacts",
]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def overview_json(period: str = "2025/2026") -> dict[str, dict]:
    listed = json.loads(ok("overview", "--period", period, "--json"))
    assert [line["swg"] for line in listed[:10]] == TEN
    assert all(list(line) == JSON_KEYS for line in listed)
    return {line["swg"]: line for line in listed}


def test_a_period_without_reports_is_one_line_and_its_json_the_ten_not_started(store_path):
    ok("sample")  # 2020/2021
    result = run("overview", "--period", "2025/26")
    assert (result.exit_code, result.stdout) == (0, "no reports for 2025/2026 (none of the 10 SWGs has one yet)\n")
    lines = overview_json("໒໐໒໕/໒໐໒໖")
    assert len(lines) == 10
    assert {line["status"] for line in lines.values()} == {"not_started"}
    assert all(line["reports"] == [] and not line["duplicate"] for line in lines.values())
    assert lines["illicit_drug"]["contacts"][0]["name"] == "Phoutsavath Sounthala"  # whom to chase


def test_a_period_that_is_not_one_is_refused_in_one_line(store_path):
    for bad in ("next year", "2025/2027", ""):
        result = run("overview", "--period", bad)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith("Error: the period ") and result.stderr.count("\n") == 1
    assert run("overview").exit_code == 2  # --period is required


def test_the_text_says_each_swgs_status_completeness_and_whom_to_chase(store_path):
    ok("whoami", "--name", "Noy Focal", "--org", "Ministry of Public Security", "--role", "focal point")
    ok("sample")
    rolled = ok("new", "--from", SAMPLE, "--period", "2025/2026").strip()
    ok("set", rolled, "a1", "progress", "Written this year.")
    ok("comment", rolled, "a1", "Which provinces?")
    health = ok("new", "--swg-key", "health", "--period", "2025-2026").strip()
    other = ok("new", "--swg", "Ministry Coordination Group", "--period", "2025/26").strip()
    result = run("overview", "--period", "2025/2026")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "2025/2026: 2 of 10 SWGs have a report, and 1 other SWG; 0 signed off"
    assert len(lines) == 1 + 10 + 1
    shown = {line.split("\t")[0]: line.split("\t")[1:] for line in lines[1:]}
    drug = shown["Illicit Drug Sector Working Group"]
    assert drug[:3] == ["in review", drug[1], "1 open comment"] and drug[1].endswith("%")
    assert drug[3].startswith("updated 20") and drug[3].endswith(" by Noy Focal")
    assert drug[4] == rolled
    assert shown["Health Sector Working Group"][:3] == ["not started", "3%", "0 open comments"]
    assert shown["Health Sector Working Group"][-1] == health
    assert shown["Ministry Coordination Group"][-1] == other
    assert shown["Education Sector Working Group"] == [
        "not started",
        "no report (no report of this SWG names a focal point)",
    ]


def test_an_swg_without_a_report_for_the_period_names_its_focal_points(store_path):
    ok("sample")
    ok("new", "--swg-key", "trade", "--period", "2025/2026")
    lines = ok("overview", "--period", "2025/2026").splitlines()
    drug = next(line for line in lines if line.startswith("Illicit Drug Sector Working Group\t"))
    assert drug.split("\t")[1] == "not started"
    chase = drug.split("\t")[2]
    assert chase.startswith("no report: chase Phoutsavath Sounthala <phoutsavath@hotmail.com>, ")
    assert "Leuanevilay" not in chase  # technical staff are not the focal points


def test_duplicates_are_named_to_settle(store_path):
    first = ok("new", "--swg", "Health SWG", "--period", "2025/2026").strip()
    second = run("new", "--swg", "ກຸ່ມວຽກຂະແໜງສາທາລະນະສຸກ", "--period", "໒໐໒໕/໒໐໒໖")
    assert second.exit_code == 0
    second_id = second.stdout.strip()
    line = next(line for line in ok("overview", "--period", "2025/2026").splitlines() if line.startswith("Health"))
    assert line.endswith(f"\t{first}, {second_id} (2 reports: settle)")
    health = overview_json()["health"]
    assert (health["reports"], health["duplicate"], health["status"]) == ([first, second_id], True, "not_started")


def test_the_json_carries_the_figures_of_each_swg(store_path):
    ok("sample")
    with ReportStore(store_path) as store:  # signed off, and received
        from tests.test_overview import CHAIR, approve_all

        report = store.get(SAMPLE)
        approve_all(report)
        review.sign_off(report, CHAIR)
        store.save(report, author=CHAIR)
        store.note_received(SAMPLE, "2026-03-01T10:00:00+00:00")
    line = overview_json("2020/2021")["illicit_drug"]
    assert line["reports"] == [SAMPLE] and line["name"] == "Illicit Drug Sector Working Group"
    assert (line["status"], line["complete"], line["signed_off"][:2]) == ("signed_off", 1.0, "20")
    assert (line["updated_by"], line["received"]) == ("Matthew Lord", "2026-03-01T10:00:00+00:00")
    assert line["parts"] == line["approved"] > 10 and line["open_comments"] == 0
    assert {"list", "organisation", "name", "email"} == set(line["contacts"][0])
    text = next(line for line in ok("overview", "--period", "2020/2021").splitlines() if "Illicit" in line)
    words = text.split("\t")
    assert words[1:3] == ["signed off", "100%"] and words[4].startswith("signed off 20")
    assert words[5].endswith(" by Matthew Lord") and words[6].startswith("received 2026-03-0")


def test_set_swg_takes_a_key_a_name_or_none_and_says_what_it_became(store_path):
    ok("whoami", "--name", "Noy Focal", "--org", "Ministry of Public Security", "--role", "focal point")
    report_id = ok("new", "--swg", "Ministry Coordination Group", "--period", "2025/2026").strip()
    named = f"report {report_id} (Ministry Coordination Group 2025/2026)"
    assert json.loads(ok("list", "--json"))[0]["swg_key"] == ""
    assert ok("set-swg", report_id, "governance") == f"{named} is now of Governance Sector Working Group (governance)\n"
    assert json.loads(ok("list", "--json"))[0]["swg_key"] == "governance"
    lines = overview_json()
    assert lines["governance"]["reports"] == [report_id] and len(lines) == 10
    assert lines["governance"]["updated_by"] == "Noy Focal"
    assert ok("set-swg", report_id[:6], "Governance SWG") == (
        f"{named} is of Governance Sector Working Group (governance) already; nothing changed\n"
    )
    assert ok("set-swg", report_id, "ກຸ່ມວຽກຂະແໜງສຶກສາ").endswith("is now of Education Sector Working Group (education)\n")
    assert ok("set-swg", report_id, "none") == f"{named} is now of an SWG outside the list\n"
    twin = ok("new", "--swg-key", "education", "--period", "2025/26").strip()
    result = run("set-swg", report_id, "education")
    assert result.stderr == f"warning: 2 reports now exist for it and 2025/2026 (also {twin})\n"
    assert overview_json()["education"]["reports"] == [report_id, twin]
    assert ok("set-swg", report_id, "none").endswith("is now of an SWG outside the list\n")
    assert json.loads(ok("list", "--json"))[0]["swg_key"] == ""
    assert overview_json()["other:ministry coordination group"]["reports"] == [report_id]
    shown = json.loads(ok("show", report_id, "--json"))
    assert shown["header"]["fields"]["swg_name"] == "Ministry Coordination Group"  # the name is its own


def test_set_swg_refuses_what_names_no_swg_and_changes_nothing(store_path):
    report_id = ok("new", "--swg", "Health SWG", "--period", "2025/2026").strip()
    before = store_path.read_bytes()
    result = run("set-swg", report_id, "Tourism")
    assert result.exit_code == 1 and result.stderr.startswith("Error: 'Tourism' names no SWG of the list (keys: ")
    assert result.stderr.endswith("'none' for an SWG outside it)\n")
    assert run("set-swg", "nosuchid", "health").exit_code == 1
    assert store_path.read_bytes() == before


def test_new_with_an_swg_key(store_path):
    made = ok("new", "--swg-key", "mine_action", "--period", "2025/2026").strip()
    named = ok("new", "--swg", "UXO Programme", "--swg-key", "Mine Action SWG", "--period", "2026").strip()
    outside = ok("new", "--swg", "Health SWG", "--swg-key", "none", "--period", "2026").strip()
    listed = {line["id"]: line for line in json.loads(ok("list", "--json"))}
    assert (listed[made]["swg"], listed[made]["swg_key"]) == ("Mine Action/UXO Sector Working Group", "mine_action")
    assert (listed[named]["swg"], listed[named]["swg_key"]) == ("UXO Programme", "mine_action")
    assert (listed[outside]["swg"], listed[outside]["swg_key"]) == ("Health SWG", "")
    rolled = ok("new", "--from", named, "--period", "2027").strip()
    assert json.loads(ok("list", "--json"))[-1] == {**listed[named], "id": rolled, "period": "2027"}
    moved = ok("new", "--from", named, "--period", "2028", "--swg-key", "trade").strip()
    assert json.loads(ok("list", "--json"))[-1]["id"] == moved
    assert json.loads(ok("list", "--json"))[-1]["swg_key"] == "trade"
    result = run("new", "--swg-key", "tourism", "--period", "2026")
    assert result.exit_code == 1 and "'tourism' names no SWG of the list" in result.stderr
    result = run("new", "--swg-key", "none", "--period", "2026")
    assert result.exit_code == 1 and "give --swg" in result.stderr


def test_list_json_gives_the_key_of_a_line_written_before_keys(store_path):
    ok("sample")
    data = json.loads(store_path.read_text(encoding="utf-8"))
    for line in data["reports"].values():
        del line["swg_key"]
    store_path.write_text(json.dumps(data), encoding="utf-8")
    assert json.loads(ok("list", "--json"))[0]["swg_key"] == "illicit_drug"


def test_the_overview_reads_a_store_in_use_and_writes_back_the_lines_it_worked_out(store_path):
    ok("sample")
    data = json.loads(store_path.read_text(encoding="utf-8"))
    for line in data["reports"].values():
        del line["status"]
    store_path.write_text(json.dumps(data), encoding="utf-8")
    with ReportStore(store_path, holder="swgtui app"):  # the app has it: read, nothing written
        assert overview_json("2020/2021")["illicit_drug"]["status"] == "drafting"
        assert "status" not in json.loads(store_path.read_text(encoding="utf-8"))["reports"]["1"]
    assert overview_json("2020/2021")["illicit_drug"]["status"] == "drafting"
    assert json.loads(store_path.read_text(encoding="utf-8"))["reports"]["1"]["status"] == "drafting"

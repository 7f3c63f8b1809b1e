"""What the command line tells a user: things named by title and position, never by raw ids;
approvals and sign-offs a change breaks; the review record in full."""

import json
import re

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.model import review

from .conftest import SAMPLE_ROWS_WITHOUT_NOTES


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def ok(*args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def refused(*args):
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output.strip()


@pytest.fixture
def report_id():
    report_id = ok("new", "--swg", "Governance", "--period", "2026")
    ok("whoami", "--name", "Mr Lord", "--org", "MoFA", "--role", "co-chair")
    ok("add-row", report_id, "A", "Enhanced border security")
    ok("add-partner", report_id, "UNDP")
    return report_id


def test_refusals_name_rows_by_title_and_position_and_fields_without_partner_ids(report_id):
    partner_id = json.loads(ok("show", report_id, "--json"))["sections"][0]["rows"][1]["items"][0]["id"]
    cases = [
        (("set", report_id, "partners", "partners.9", "x"), "has no partner 9 (it has 1)"),
        (
            ("set", report_id, "partners", "bogus", "x"),
            "'Support from other development partners' (A.2) has no field 'bogus' (fields: challenges;"
            " or a partner, partners.1 to partners.1)",
        ),
        (
            ("set", report_id, "A.1", "nofield", "x"),
            "'Enhanced border security' (A.1) has no field 'nofield' (fields: notes, progress, challenges)",
        ),
        (("comment", report_id, "A.1", "x", "--field", "bogus"), "'Enhanced border security' (A.1) has no field"),
        (("set", report_id, "C.1", "partners.1", "x"), "the partner 'UNDP' is in row 'Support from other"),
    ]
    for args, message in cases:
        output = refused(*args)
        assert message in output
        assert partner_id not in output and "01" not in output.split("Error: ")[1][:3]


def test_a_comment_on_a_moved_row_names_its_field_by_label(report_id):
    ok("comment", report_id, "A.1", "say more", "--field", "notes")
    ok("move-row", report_id, "A.1", "--to", "B")
    output = ok("review", report_id)
    assert "Enhanced border security — Notes on the situation" in output
    assert "— notes" not in output


def be(name, role, org="Org"):
    ok("whoami", "--name", name, "--org", org, "--role", role)


@pytest.fixture
def signed_off():
    """The sample, completed, every part approved by Mr Lord (and a1 also by Ms Keo), signed off."""
    report_id = ok("sample")
    for row in SAMPLE_ROWS_WITHOUT_NOTES:
        ok("set", report_id, row, "notes", "As under progress.")
    parts = [p["id"] for p in json.loads(ok("review", report_id, "--json"))["parts"]]
    for part in parts:
        be("Ms Vanh", "focal point")
        ok("status", report_id, part, "ready")
        be("Mr Lord", "co-chair")
        ok("status", report_id, part, "approve")
    be("Ms Keo", "reviewer", "MoH")
    ok("status", report_id, "a1", "approve")
    be("Mr Lord", "co-chair")
    ok("signoff", report_id)
    return report_id


def test_a_change_that_breaks_an_approval_or_the_signoff_says_so_on_standard_error(signed_off):
    day = json.loads(ok("review", signed_off, "--json"))["signoffs"][-1]["at"][:10]
    moved = run("move-row", signed_off, "A.2", "up")
    assert moved.exit_code == 0, moved.output
    assert moved.stdout.startswith("moved row 'Proper regulations of Special Economic Zones'")
    assert moved.stderr == f"note: the sign-off by Mr Lord on {day} no longer holds\n"
    changed = run("set", signed_off, "a1", "notes", "changed")
    assert changed.exit_code == 0 and changed.stdout == ""
    assert changed.stderr.splitlines() == [  # the sign-off was broken already: not said again
        "note: this change voids the approval of 'Enhanced border security' by Mr Lord (co-chair, Org)",
        "note: this change voids the approval of 'Enhanced border security' by Ms Keo (reviewer, MoH)",
    ]
    again = run("set", signed_off, "a1", "notes", "changed again")
    assert again.exit_code == 0 and again.stderr == ""  # nothing more to break
    text = ok("review", signed_off)
    assert f"(no longer valid: the report changed since it was signed off on {day})." in text


def test_review_shows_every_standing_approval_and_numbers_the_threads(signed_off):
    be("Ms Vanh", "focal point")
    ok("comment", signed_off, "a2", "Which zones?")
    ok("comment", signed_off, "header", "Chairs complete?")
    lines = ok("review", signed_off).splitlines()
    a1 = next(line for line in lines if line.startswith("Enhanced border security: approved"))
    assert " — approved by Mr Lord (co-chair, Org) at " in a1 and " — approved by Ms Keo (reviewer, MoH) at " in a1
    assert "Comment on Header block (open)  [comments.2]" in lines
    second = run("comment", signed_off, "header", "Yes", "--reply-to", "comments.2")
    thread = json.loads(ok("review", signed_off, "--json"))["threads"][1]
    assert thread["text"] == "Chairs complete?" and thread["replies"][0]["id"] == second.stdout.strip()


def test_status_names_the_part():
    report_id = ok("sample")
    be("Ms Vanh", "focal point")
    assert ok("status", report_id, "A.1", "ready") == "'Enhanced border security' (A.1): ready for review"


def test_an_empty_swg_name_is_refused_and_a_single_year_period_kept(report_id):
    assert refused("set", report_id, "header", "swg_name", "  ").startswith("Error: the SWG name is empty")
    assert json.loads(ok("show", report_id, "--json"))["swg"] == "Governance"
    ok("set", report_id, "header", "period", "2027")
    assert json.loads(ok("show", report_id, "--json"))["period"] == "2027"  # as README says


def test_a_contact_without_an_e_mail_is_not_shown_as_invalid(report_id):
    ok("add-contact", report_id, "focal_government", "--name", "Ms Vanh", "--org", "MoH")
    ok("add-contact", report_id, "focal_government", "--name", "Mr Keo", "--email", "keo@moh.gov.la")
    lines = ok("show", report_id).splitlines()
    assert "  Government Officials: MoH Ms Vanh  (no e-mail)  [focal_government.1, id " in "\n".join(lines)
    assert not any("<>" in line or "not valid" in line for line in lines)


def test_import_warns_of_another_report_of_the_same_swg_and_period(tmp_path):
    report_id = ok("sample")
    path = ok("export", report_id, "--out", str(tmp_path / "sample.docx"))
    result = run("import", path)
    assert result.exit_code == 0, result.output
    warning = f"warning: 2 reports now exist for Illicit Drug Sector Working Group 2020/2021 (also {report_id})"
    assert warning in result.stderr.splitlines()


def test_a_report_is_named_by_the_start_of_its_id(monkeypatch):
    made = iter(["abcd1111", "abcd2222"])
    monkeypatch.setattr("swgtui.model.report.new_report_id", lambda: next(made))
    ok("new", "--swg", "Health", "--period", "2026")
    ok("new", "--swg", "Education", "--period", "2026")
    assert ok("show", "abcd2").startswith("Education — 2026")
    assert json.loads(ok("review", "ABCD1", "--json"))["id"] == "abcd1111"
    ok("set", "abcd22", "header", "chairs", "MoES")
    assert json.loads(ok("show", "abcd2222", "--json"))["header"]["fields"]["chairs"] == "MoES"
    assert refused("show", "abcd") == "Error: 'abcd' could be 2 reports (abcd1111, abcd2222); type more of the id"
    assert refused("show", "abc") == "Error: 'abc' is too short to name a report: give at least 4 characters of its id"
    assert refused("show", "xyz").startswith("Error: no report 'xyz'")
    assert ok("delete", "abcd1", "--yes") == "deleted the report 'Health 2026' (abcd1111) and its history"


def test_restoring_a_revision_that_is_not_there_names_the_row_and_field(report_id):
    ok("set", report_id, "A.1", "notes", "first")
    message = refused("history", report_id, "A.1", "notes", "--restore", "9")
    assert (
        message
        == "Error: 'Enhanced border security' (A.1) — Notes on the situation has no revision 9 (revisions 1 to 1)"
    )


def test_a_signoff_voided_by_reopening_a_comment_gives_that_reason(signed_off):
    be("Ms Vanh", "focal point")
    first = ok("comment", signed_off, "a2", "Which zones?")
    ok("resolve", signed_off, first)
    be("Mr Lord", "co-chair")
    ok("signoff", signed_off)
    day = review_local_day(signed_off)
    ok("resolve", signed_off, first, "--reopen")
    text = ok("review", signed_off)
    assert f"(no longer valid: a comment is open since it was signed off on {day})." in text
    assert "changed since" not in text


def test_review_shows_local_times_and_approvals_that_no_longer_hold(signed_off):
    summary = json.loads(ok("review", signed_off, "--json"))
    a1 = next(p for p in summary["parts"] if p["id"] == "a1")
    when = review.local_time(a1["approvals"][0]["at"])
    ok("set", signed_off, "a1", "notes", "changed")
    lines = ok("review", signed_off).splitlines()
    line = next(line for line in lines if line.startswith("Enhanced border security: changed since approval"))
    assert f" — approved by Mr Lord (co-chair, Org) at {when} — no longer holds: the part changed since" in line
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", when)
    assert "+00:00" not in "\n".join(lines)
    last = summary["signoffs"][-1]
    signed = f"Signed off by Mr Lord (co-chair, Org) at {review.local_time(last['at'])} (no longer valid"
    assert any(line.startswith(signed) for line in lines)


def review_local_day(report_id):
    return review.local_time(json.loads(ok("review", report_id, "--json"))["signoffs"][-1]["at"])[:10]


@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_output_to_a_full_disk_is_one_line_not_a_traceback(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "SWGTUI_DB": str(tmp_path / "store.json")}
    subprocess.run([sys.executable, "-m", "swgtui", "sample"], env=env, check=True, capture_output=True)
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "swgtui", "list"], env=env, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 1
    assert done.stderr.decode() == "Error: cannot write the output: No space left on device\n"

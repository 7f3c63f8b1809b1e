"""The editor's actions on the command line: each changes what `show --json` returns, prints one
line naming things by their titles (or JSON), and refuses what the app refuses, changing nothing."""

import json
import re

import pytest
from click.testing import CliRunner

from swgtui.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def ok(*args, input=None):
    result = run(*args, input=input)
    assert result.exit_code == 0, result.output
    return result.output.strip()


def show(report_id):
    return json.loads(ok("show", report_id, "--json"))


def section(view, section_id):
    return next(s for s in view["sections"] if s["id"] == section_id)


def row_ids(view, section_id):
    return [row["id"] for row in section(view, section_id)["rows"]]


def row(view, row_id):
    return next(r for s in view["sections"] for r in s["rows"] if r["id"] == row_id)


@pytest.fixture
def report_id():
    return ok("sample")


def printed_id(message):
    """The id a command printed at the end of its message: "... (id 01JQ...)"."""
    match = re.search(r"\bid (\w+)\)$", message)
    assert match, message
    return match[1]


def test_add_row_to_a_section_by_letter_with_a_tag_in_any_case_and_a_place(report_id):
    message = ok("add-row", report_id, "b", "Community outreach")
    assert message.startswith("added row 'Community outreach' to section B (id ")
    outreach = printed_id(message)
    assert len(outreach) == 26  # a ULID: no other laptop makes the same
    added = json.loads(
        ok("add-row", report_id, "A", "Border posts", "--tag", "call for ACTION", "--after", "A.1", "--json")
    )
    assert (added["section"], added["position"], added["tag"]) == ("A", 2, "Call For Action")
    assert added["id"] not in ("a12", outreach) and len(added["id"]) == 26
    view = show(report_id)
    assert row_ids(view, "B") == ["b1", outreach]
    assert row_ids(view, "A")[:3] == ["a1", added["id"], "a2"]
    assert row(view, added["id"])["title"] == "Border posts" and row(view, added["id"])["tag"] == "Call For Action"
    assert row(view, outreach)["fields"] == {"progress": "", "challenges": ""}


def test_remove_rename_tag_and_no_update_a_row(report_id):
    ok("whoami", "--name", "Noi", "--org", "MPS", "--role", "focal point")
    assert ok("rename-row", report_id, "a2", "Special Economic Zones") == (
        "renamed row 'Proper regulations of Special Economic Zones' to 'Special Economic Zones'"
    )
    assert ok("tag", report_id, "a2", "call for action") == "tagged row 'Special Economic Zones' 'Call For Action'"
    assert ok("no-update", report_id, "A.2") == "row 'Special Economic Zones' is marked 'no update this period'"
    view = show(report_id)
    assert (row(view, "a2")["title"], row(view, "a2")["tag"], row(view, "a2")["no_update"]) == (
        "Special Economic Zones",
        "Call For Action",
        True,
    )
    revisions = json.loads(ok("history", report_id, "a2", "title", "--json"))
    assert revisions[-1]["text"] == "Special Economic Zones" and revisions[-1]["by"]["name"] == "Noi"

    cleared = json.loads(ok("tag", report_id, "a2", "", "--json"))
    assert cleared["tag"] == "" and cleared["message"] == "cleared the tag of row 'Special Economic Zones'"
    assert json.loads(ok("no-update", report_id, "a2", "--off", "--json"))["no_update"] is False
    assert ok("no-update", report_id, "c4") == (
        "row '4. Other emerging issues such as impact of COVID-19 and…' is marked 'no update this period'"
    )
    assert ok("remove-row", report_id, "a2") == "removed row 'Special Economic Zones' from section A"
    view = show(report_id)
    assert "a2" not in row_ids(view, "A") and row(view, "a1")["no_update"] is False and row(view, "c4")["no_update"]


def test_move_a_row_up_down_and_into_another_section(report_id):
    assert ok("move-row", report_id, "a1", "down") == "moved row 'Enhanced border security' to position 2 of section A"
    assert row_ids(show(report_id), "A")[:2] == ["a2", "a1"]
    assert json.loads(ok("move-row", report_id, "a1", "up", "--json"))["position"] == 1

    # a9 has no notes, so it fits a row of section B: it lands first there, next to where it was
    before = show(report_id)
    moved = json.loads(ok("move-row", report_id, "a9", "--to", "b", "--json"))
    assert (moved["section"], moved["position"], moved["kind"], moved["tag"]) == ("B", 1, "activity", "")
    view = show(report_id)
    assert row_ids(view, "B") == ["a9", "b1"] and "a9" not in row_ids(view, "A")
    assert row(view, "a9")["fields"]["progress"] == row(before, "a9")["fields"]["progress"] != ""
    # and back up: last of section A, with a place for notes again
    ok("move-row", report_id, "b1", "--to", "A")
    view = show(report_id)
    assert row_ids(view, "A")[-1] == "b1" and row_ids(view, "B") == ["a9"]
    # a row of A whose notes have no field in B keeps them, under their label, in B's first field
    notes = row(view, "a1")["fields"]["notes"]
    ok("move-row", report_id, "a1", "--to", "B")
    assert notes and notes in row(show(report_id), "a1")["fields"]["progress"]
    assert row(view, "b1")["kind"] == "action" and row(view, "b1")["fields"]["notes"] == ""
    assert row(view, "b1")["fields"]["progress"] == row(before, "b1")["fields"]["progress"] != ""


def test_moving_a_row_to_a_section_without_tags_says_its_tag_was_dropped(report_id):
    assert ok("move-row", report_id, "a11", "--to", "B") == (
        "moved row 'In collaboration with SDG focal point ministries, to map…' to position 1 of section B; "
        "its tag 'Call For Action' was dropped: section B has no tags"
    )
    assert ok("move-row", report_id, "a11", "--to", "A").endswith("of section A")  # nothing more to drop
    assert row(show(report_id), "a11")["tag"] == ""


def test_contacts_are_added_with_a_checked_email_and_removed_by_position(report_id):
    added = json.loads(
        ok(
            "add-contact",
            report_id,
            "Technical_Staff",
            "--org",
            "Ministry of Health",
            "--name",
            "Somchai",
            "--email",
            "somchai@moh.gov.la",
            "--json",
        )
    )
    assert (added["list"], added["number"]) == ("technical_staff", 3)
    somchai = added["contact"]["id"]
    assert added["message"] == (
        f"added Somchai (Ministry of Health) to Technical Supporting Staff (number 3, id {somchai})"
    )
    people = show(report_id)["header"]["contacts"]["technical_staff"]
    assert people[-1] == {
        "id": somchai,
        "organisation": "Ministry of Health",
        "name": "Somchai",
        "email": "somchai@moh.gov.la",
        "email_valid": True,
    }
    assert ok("remove-contact", report_id, "technical_staff", "1") == (
        "removed Oudone Sisongkham (UNODC) from Technical Supporting Staff"
    )
    assert [p["name"] for p in show(report_id)["header"]["contacts"]["technical_staff"]] == [
        "Leuanevilay, Mixay",
        "Somchai",
    ]
    assert "Technical Supporting Staff: (none)" not in ok("show", report_id)
    new_id = ok("new", "--swg", "Health Sector Working Group", "--period", "2025/2026")
    assert "  Technical Supporting Staff: (none)" in ok("show", new_id).splitlines()


def test_partners_are_added_renamed_and_removed_by_id_or_position(report_id):
    message = ok("add-partner", report_id, "Korea")
    assert message.startswith("added partner 'Korea' to 'Support from other development partners' (id ")
    korea = printed_id(message)
    renamed = json.loads(ok("rename-partner", report_id, "partners.9", "Republic of Korea (KOICA)", "--json"))
    assert renamed["partner"] == {"id": korea, "name": "Republic of Korea (KOICA)", "text": ""}
    assert ok("remove-partner", report_id, "p2") == "removed partner 'Japan' and its narrative"
    assert ok("rename-partner", report_id, korea[:-4].lower(), "Korea") == (  # the start of its id, any case
        "renamed partner 'Republic of Korea (KOICA)' to 'Korea'"
    )
    items = row(show(report_id), "partners")["items"]
    assert [i["id"] for i in items] == ["p1", "p3", "p4", "p5", "p6", "p7", "p8", korea]
    assert items[-1]["name"] == "Korea"


def test_delete_asks_first_unless_yes(report_id):
    other = ok("new", "--swg", "Health Sector Working Group", "--period", "2025/2026")
    refused = run("delete", other)  # no answer on standard input
    assert refused.exit_code == 1 and "Error: not deleted (give --yes" in refused.output
    assert run("delete", other, input="n\n").exit_code == 1
    not_text = run("delete", other, input=b"\x80\n")  # an answer that is not UTF-8 is no answer
    assert not_text.exit_code == 1 and "Error: not deleted (give --yes" in not_text.output
    assert len(json.loads(ok("list", "--json"))) == 2
    assert "deleted the report 'Health Sector Working Group 2025/2026'" in ok("delete", other, input="y\n")
    done = json.loads(ok("delete", report_id, "--yes", "--json"))
    assert done["report"] == report_id and done["deleted"] is True
    assert json.loads(ok("list", "--json")) == []


REFUSALS = [
    (("add-row", "{r}", "C", "x"), "the rows of section C are fixed by the template"),
    (
        ("add-row", "{r}", "A", "x", "--tag", "nope"),
        "unknown tag 'nope' (tags: SWG/RTIM recommendation, Call For Action)",
    ),
    (("add-row", "{r}", "A", "x", "--after", "b1"), "row 'A balanced approach to the drug problem requires"),
    (("add-row", "{r}", "Z", "x"), "the report has no section 'Z' (sections: A, B, C)"),
    (("add-row", "{r}", "A", "  "), "the title is empty"),
    (("add-row", "{r}", "B", "\x1b[2J\x07"), "the title is empty"),  # nothing left once cleaned
    (("remove-row", "{r}", "partners"), "'Support from other development partners' (A.9) is part of the template"),
    (("remove-row", "{r}", "c2"), "'2. Innovation and technology' (C.3) is part of the template and cannot be removed"),
    (("remove-row", "{r}", "zz"), "the report has no row 'zz'"),
    (("remove-row", "{r}", "A.99"), "section A has no row 99 (it has 12)"),
    (("move-row", "{r}", "a1", "up"), "row 'Enhanced border security' is already the first row of section A"),
    (("move-row", "{r}", "B.1", "down"), "is already the last row of section B"),
    (("move-row", "{r}", "c1", "down"), "the rows of section C are fixed by the template"),
    (("move-row", "{r}", "a1"), "say where: up, down or --to SECTION"),
    (("move-row", "{r}", "a2", "--to", "C"), "the rows of section C are fixed by the template"),
    (("move-row", "{r}", "a1", "--to", "A"), "row 'Enhanced border security' is already in section A"),
    (("move-row", "{r}", "partners", "--to", "B"), "cannot be moved to another section"),
    (("rename-row", "{r}", "c1", "x"), "is part of the template and cannot be renamed"),
    (("rename-row", "{r}", "a1", ""), "the title is empty"),
    (("tag", "{r}", "a1", "bad"), "unknown tag 'bad'"),
    (("tag", "{r}", "c2", "Call For Action"), "'2. Innovation and technology' (C.3) is part of the template"),
    (("no-update", "{r}", "header"), "the report has no row 'header'"),
    (("add-contact", "{r}", "focal_partners", "--name", "Noi", "--email", "noi@gmail"), "'noi@gmail' is not a valid"),
    (("add-contact", "{r}", "bogus", "--name", "Noi"), "the template has no contact list 'bogus'"),
    (("add-contact", "{r}", "focal_partners", "--name", " "), "the name is empty"),
    (
        ("remove-contact", "{r}", "technical_staff", "9"),
        "Technical Supporting Staff has no contact number 9 (it has 2)",
    ),
    (("add-partner", "{r}", "  "), "the name is empty"),
    (("rename-partner", "{r}", "p77", "X"), "the report has no partner 'p77'"),
    (("rename-partner", "{r}", "p1", ""), "the name is empty"),
    (("remove-partner", "{r}", "partners.30"), "has no partner 30 (it has 8)"),
    (("remove-row", "nope", "a1"), "no report 'nope'"),
    (("delete", "nope", "--yes"), "no report 'nope'"),
]


@pytest.mark.parametrize(("args", "reason"), REFUSALS, ids=[" ".join(a[:1] + a[2:]) for a, _ in REFUSALS])
def test_refusals_name_the_reason_in_one_line_and_change_nothing(report_id, args, reason):
    before = ok("dump", report_id)
    result = run(*[arg.format(r=report_id) for arg in args], "--json")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and reason in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert ok("dump", report_id) == before


def test_no_update_marks_a_whole_section_by_its_letter(report_id):
    ok("remove-row", report_id, "b1")
    message = ok("no-update", report_id, "b")
    assert message == "section 'B. Communication and outreach' is marked 'no update this period'"
    assert section(show(report_id), "B")["no_update"] is True
    assert json.loads(ok("no-update", report_id, "B", "--off", "--json"))["no_update"] is False
    assert section(show(report_id), "B")["no_update"] is False


def test_an_argument_that_is_not_utf8_is_a_usage_error_and_changes_nothing(report_id):
    before = ok("dump", report_id)
    result = run("add-row", report_id, "B", "bad \udcff")  # bytes that are not UTF-8, as Python gets them
    assert result.exit_code == 2 and "Invalid value for 'TITLE': is not valid UTF-8 text" in result.output
    assert ok("dump", report_id) == before

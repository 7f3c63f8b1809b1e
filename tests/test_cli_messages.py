"""What the command line tells a user: things named by title and position, never by raw ids;
approvals and sign-offs a change breaks; the review record in full."""

import json

import pytest
from click.testing import CliRunner

from swgtui.cli import main


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
    partner_id = json.loads(ok("show", report_id, "--json"))["sections"][0]["rows"][0]["items"][0]["id"]
    cases = [
        (("set", report_id, "partners", "partners.9", "x"), "has no partner 9 (it has 1)"),
        (
            ("set", report_id, "partners", "bogus", "x"),
            "'Support from other development partners' (A.1) has no field 'bogus' (fields: challenges;"
            " or a partner, partners.1 to partners.1)",
        ),
        (
            ("set", report_id, "A.2", "nofield", "x"),
            "'Enhanced border security' (A.2) has no field 'nofield' (fields: notes, progress, challenges)",
        ),
        (("comment", report_id, "A.2", "x", "--field", "bogus"), "'Enhanced border security' (A.2) has no field"),
        (("set", report_id, "C.1", "partners.1", "x"), "the partner 'UNDP' is in row 'Support from other"),
    ]
    for args, message in cases:
        output = refused(*args)
        assert message in output
        assert partner_id not in output and "01" not in output.split("Error: ")[1][:3]


def test_a_comment_on_a_moved_row_names_its_field_by_label(report_id):
    ok("comment", report_id, "A.2", "say more", "--field", "notes")
    ok("move-row", report_id, "A.2", "--to", "B")
    output = ok("review", report_id)
    assert "Enhanced border security — Notes on the situation" in output
    assert "— notes" not in output

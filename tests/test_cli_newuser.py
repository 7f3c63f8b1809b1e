"""What a new user ran into on the command line: text that starts with "-", a reply given the
wrong part, an unknown field in history, ambiguous comment ids, short report ids, word counts,
and a new row added after the partners row."""

import json

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.store import ReportStore


def run(*args):
    return CliRunner().invoke(main, list(args))


def ok(*args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def refused(*args, code=1):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output.strip()


def stored(store_path, report_id):
    with ReportStore(store_path, writable=False) as store:
        return store.get(report_id)


@pytest.fixture
def report_id():
    report_id = ok("sample")
    ok("whoami", "--name", "Ms Vanh", "--org", "MoH", "--role", "focal point")
    return report_id


def test_text_that_starts_with_a_dash_is_text(report_id, store_path):
    ok("set", report_id, "A.2", "progress", "- New curriculum rolled out")
    row = stored(store_path, report_id)["sections"][0]["rows"][1]
    assert row["fields"]["progress"] == "- New curriculum rolled out"
    ok("comment", report_id, "A.2", "- is this new?", "--field", "progress")
    assert stored(store_path, report_id)["review"]["comments"][-1]["text"] == "- is this new?"
    added = json.loads(ok("add-row", report_id, "B", "-5% of cases", "--json"))
    ok("rename-row", report_id, added["id"], "- fewer cases")
    ok("set", report_id, "A.2", "--", "notes", "-x")  # anything after -- is text
    report = stored(store_path, report_id)
    assert report["sections"][1]["rows"][added["position"] - 1]["title"] == "- fewer cases"
    assert report["sections"][0]["rows"][1]["fields"]["notes"] == "-x"


def test_unknown_options_are_still_refused_and_real_ones_work(report_id, store_path):
    output = refused("set", report_id, "A.2", "progress", "--nope", code=2)
    assert "No such option '--nope'" in output
    assert "Usage: " in refused("comment", report_id, "A.2", "text", "--fieldd", "notes", code=2)
    ok("set", report_id, "A.2", "notes", "-x- and more")
    ok("comment", report_id, "A.2", "- which zones?", "--field", "notes", "--quote", "-x-")
    comment = stored(store_path, report_id)["review"]["comments"][-1]
    assert (comment["field"], comment["quote"], comment["text"]) == ("notes", "-x-", "- which zones?")
    assert "requires an argument" in refused("comment", report_id, "A.2", "text", "--field", code=2)
    assert "REPORT ROW_ID FIELD TEXT" in ok("set", "--help")
    ok("set", report_id, "A.2", "progress", "-")  # "-" alone still reads standard input (empty here)


def test_a_reply_given_another_part_is_refused(report_id, store_path):
    ok("comment", report_id, "A.2", "first")
    ok("comment", report_id, "A.3", "second")
    output = refused("comment", report_id, "A.2", "reply", "--reply-to", "comments.2")
    assert output.count("\n") == 0
    assert output.startswith("Error: the comment 'comments.2' is on 'Enhanced Evidence Based Treatment")
    assert "not on 'Proper regulations of Special Economic Zones' (A.2)" in output
    assert len(stored(store_path, report_id)["review"]["comments"]) == 2
    ok("comment", report_id, "A.3", "reply", "--reply-to", "comments.2")
    assert stored(store_path, report_id)["review"]["comments"][-1]["reply_to"] is not None


def test_history_of_an_unknown_field_is_refused(report_id):
    output = refused("history", report_id, "A.2", "nofield")
    assert output == (
        "Error: 'Proper regulations of Special Economic Zones' (A.2) has no field 'nofield' "
        "(fields: notes, progress, challenges)"
    )
    assert ok("history", report_id, "A.2", "notes").startswith("History of Proper regulations")


def test_an_ambiguous_comment_is_named_by_position_author_and_first_words(report_id):
    first = ok("comment", report_id, "A.2", "Which zones are meant here exactly please?")
    second = ok("comment", report_id, "A.3", "Say who funded it.")
    common = next(n for n in range(len(first)) if first[n] != second[n])
    assert common >= 4  # minted in the same millisecond's neighbourhood: same time part
    output = refused("resolve", report_id, first[:common].lower())
    assert "could be 2 comments (comments.1 by Ms Vanh: 'Which zones are meant here…'; " in output
    assert "comments.2 by Ms Vanh: 'Say who funded it.')" in output
    assert first not in output and second not in output


def test_a_short_report_id_says_how_many_characters_are_needed(report_id):
    output = refused("show", report_id[:3])
    assert output == f"Error: {report_id[:3]!r} is too short to name a report: give at least 4 characters of its id"
    assert ok("show", report_id[:4]).startswith("Illicit Drug")


def test_show_counts_words_not_bullets(report_id):
    ok("set", report_id, "A.2", "progress", "- New")
    ok("set", report_id, "A.2", "notes", "- New curriculum\n- rolled out")
    lines = ok("show", report_id).splitlines()
    assert "      Update on progress: 1 word" in lines
    assert "      Notes on the situation: 4 words" in lines


def test_a_new_row_goes_before_the_partners_row_at_the_end_of_a_section():
    report_id = ok("new", "--swg", "Governance", "--period", "2026")
    ok("whoami", "--name", "Mr Lord", "--org", "MoFA", "--role", "co-chair")
    first = json.loads(ok("add-row", report_id, "A", "Enhanced border security", "--json"))
    assert first["position"] == 1
    second = json.loads(ok("add-row", report_id, "A", "Safer roads", "--after", "A.2", "--json"))
    assert second["position"] == 2
    titles = [row["title"] for row in stored_rows(report_id)]
    assert titles == ["Enhanced border security", "Safer roads", "Support from other development partners"]


def stored_rows(report_id):
    data = json.loads(ok("show", report_id, "--json"))
    return data["sections"][0]["rows"]

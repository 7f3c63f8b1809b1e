"""What a person types for a row, a partner, a contact or a comment: its id, the start of its
id, or its position; anything else is refused with one line that says why."""

import json

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.model import refs, review
from swgtui.model import report as rp
from swgtui.model.template import load_template

T = load_template("annex2")
CHAIR = {"name": "Mr Lord", "organisation": "Embassy of Australia", "role": "co-chair"}


def with_rows(sample, *ids):
    """The sample with rows added to section B under the given ids (as two laptops may make)."""
    for row_id in ids:
        row = rp.add_row(T, sample, "B", f"Row {row_id}")
        row["id"] = row_id
    return sample


def test_a_row_by_its_id_the_start_of_it_in_any_case_or_its_position(sample):
    with_rows(sample, "01JQ8X0000AAAAAAAAAAAAAAAA", "01JQ9Y0000BBBBBBBBBBBBBBBB")
    assert refs.find_row(sample, "a1")[1]["title"] == "Enhanced border security"
    assert refs.find_row(sample, "01JQ8X0000AAAAAAAAAAAAAAAA")[1]["title"] == "Row 01JQ8X0000AAAAAAAAAAAAAAAA"
    assert refs.find_row(sample, "01jq8")[1]["id"] == "01JQ8X0000AAAAAAAAAAAAAAAA"
    assert refs.find_row(sample, "A.2")[1]["id"] == "a2" and refs.find_row(sample, "b.3")[1]["id"].startswith("01JQ9")
    section, row = refs.find_row(sample, "C.2")
    assert (section["id"], row["id"]) == ("C", "c1-vdcap")
    assert refs.find_part(sample, "header") == "header" and refs.find_part(sample, "A.1") == "a1"
    assert rp.position(sample, "01JQ9Y0000BBBBBBBBBBBBBBBB") == "B.3"


def test_a_short_id_means_only_itself(sample):
    # "a1" is the start of a10 and a11 too: a name shorter than PREFIX_MIN is never a prefix
    assert refs.find_row(sample, "a1")[1]["id"] == "a1"
    with pytest.raises(refs.RefError, match=r"^the report has no row 'a1x' \(give its id, the start of it"):
        refs.find_row(sample, "a1x")
    assert refs.find_row(sample, "c1-v")[1]["id"] == "c1-vdcap"  # 4 characters: a prefix


def test_an_ambiguous_start_of_an_id_is_refused_naming_the_candidates(sample):
    with_rows(sample, "01JQ8X0000AAAAAAAAAAAAAAAA", "01JQ8X0000BBBBBBBBBBBBBBBB")
    with pytest.raises(refs.RefError) as refused:
        refs.find_row(sample, "01jq8x")
    assert str(refused.value) == (
        "'01jq8x' could be 2 rows (01JQ8X0000AAAAAAAAAAAAAAAA, 01JQ8X0000BBBBBBBBBBBBBBBB); type more of the id"
    )
    assert refs.find_row(sample, "01jq8x0000b")[1]["id"] == "01JQ8X0000BBBBBBBBBBBBBBBB"


@pytest.mark.parametrize(
    ("kind", "wanted", "message"),
    [
        ("row", "A.99", "section A has no row 99 (it has 12)"),
        ("row", "A.0", "section A has no row 0 (it has 12)"),
        ("row", "A.1000000", "section A has no row 1000000 (it has 12)"),
        ("row", "A.00" + "9" * 40, "section A has no row 99999999999999999999… (it has 12)"),
        ("row", "A.\uff12", "the report has no row 'A.\uff12' (give its id"),  # fullwidth 2
        ("row", "A.\u0662", "the report has no row 'A.\u0662' (give its id"),  # Arabic-Indic 2
        ("comment", "comments.\u0ed9", "the report has no comment thread 9 (it has 1)"),  # Lao 9
        ("row", "Z.1", "the report has no row 'Z.1' (give its id, the start of it, or its position like A.2"),
        ("partner", "partners.30", "row 'Support from other development partners' has no partner 30 (it has 8)"),
        ("partner", "a1.1", "the report has no partner 'a1.1'"),
        ("partner", "zzzz", "the report has no partner 'zzzz' (give its id, the start of it, or its position like"),
        ("contact", "technical_staff.3", "Technical Supporting Staff has no contact number 3 (it has 2)"),
        ("contact", "nobody.1", "the report has no contact 'nobody.1' (give its id, the start of it, or its posi"),
        ("comment", "comments.3", "the report has no comment thread 3 (it has 1)"),
        ("comment", "k9", "the report has no comment 'k9' (give its id, the start of it, or its thread's posi"),
    ],
)
def test_what_names_nothing_is_refused_saying_why(sample, kind, wanted, message):
    review.add_comment(T, sample, "a1", "Cite the decree.", CHAIR)
    find = {
        "row": lambda: refs.find_row(sample, wanted),
        "partner": lambda: refs.find_partner(T, sample, wanted),
        "contact": lambda: refs.find_contact(T, sample, wanted),
        "comment": lambda: refs.find_comment(sample, wanted),
    }[kind]
    with pytest.raises(refs.NotFoundError) as refused:
        find()
    assert str(refused.value).startswith(message)


def test_partners_contacts_and_comments_by_id_prefix_or_position(sample):
    assert refs.find_partner(T, sample, "partners.2")[1]["name"] == "Japan"
    assert refs.find_partner(T, sample, "A.9.2")[1]["id"] == "p2"  # the row by its position
    assert refs.find_partner(T, sample, "p2")[1]["name"] == "Japan"
    added = rp.add_item(T, sample, "partners", "Korea")
    assert refs.find_partner(T, sample, added["id"][:-3].lower())[1]["name"] == "Korea"

    list_id, contact = refs.find_contact(T, sample, "focal_partners.2")
    assert (list_id, contact["name"]) == ("focal_partners", "Matthew Lord")
    assert refs.find_contact(T, sample, "Development Partners.2")[1] is contact  # the list by its label
    assert refs.find_contact(T, sample, contact["id"][:-2])[1] is contact

    first = review.add_comment(T, sample, "a1", "Cite the decree.", CHAIR)
    reply = review.add_comment(T, sample, "a1", "Decree 123.", CHAIR, reply_to=first["id"])
    second = review.add_comment(T, sample, "header", "Chairs?", CHAIR)
    assert refs.find_comment(sample, "comments.2")["id"] == second["id"]
    assert refs.find_comment(sample, "COMMENTS.1")["id"] == first["id"]
    assert refs.find_comment(sample, reply["id"])["text"] == "Decree 123."


# --- on the command line ---------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, list(args))


def ok(*args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_show_prints_each_position_and_id_and_commands_take_them():
    report_id = ok("sample")
    shown = ok("show", report_id).splitlines()
    assert "  Enhanced border security (SWG/RTIM recommendation) — 100%  [A.1, id a1]" in shown
    assert any(line.endswith("  [partners.2, id p2]") and "Japan" in line for line in shown)
    contact = json.loads(ok("show", report_id, "--json"))["header"]["contacts"]["focal_partners"][1]
    assert any(line.endswith(f"  [focal_partners.2, id {contact['id']}]") for line in shown)

    added = json.loads(ok("add-row", report_id, "B", "Outreach", "--json"))
    start = added["id"][:-4].lower()
    assert ok("rename-row", report_id, start, "Community outreach") == "renamed row 'Outreach' to 'Community outreach'"
    assert ok("move-row", report_id, "B.2", "up") == "moved row 'Community outreach' to position 1 of section B"
    ok("set", report_id, start, "progress", "Two meetings.")
    ok("set", report_id, "partners", "partners.2", "Japan's narrative.")  # a partner's narrative, by position
    view = json.loads(ok("show", report_id, "--json"))
    rows = {r["id"]: r for s in view["sections"] for r in s["rows"]}
    assert rows[added["id"]]["fields"]["progress"] == "Two meetings."
    assert rows["partners"]["items"][1] == {"id": "p2", "name": "Japan", "text": "Japan's narrative."}
    assert json.loads(ok("history", report_id, "B.1", "progress", "--json"))[-1]["text"] == "Two meetings."

    assert ok("remove-contact", report_id, contact["id"][:-3]) == (
        "removed Matthew Lord (Embassy of Australia) from Development Partners"
    )
    assert ok("remove-contact", report_id, "focal_government.1").startswith("removed Phoutsavath Sounthala")
    people = json.loads(ok("show", report_id, "--json"))["header"]["contacts"]
    assert [p["name"] for p in people["focal_partners"]] == ["Erlend Audunson Falch", "Mori Kosuke"]
    assert people["focal_government"] == []


def test_comments_are_replied_to_and_resolved_by_position_or_the_start_of_their_id():
    report_id = ok("sample")
    ok("whoami", "--name", "Mr Lord", "--org", "Embassy of Australia", "--role", "co-chair")
    first = ok("comment", report_id, "A.1", "Cite the decree.")
    ok("comment", report_id, "header", "Who chairs?")
    reply = ok("comment", report_id, "a1", "Decree 123.", "--reply-to", "comments.1")
    assert ok("resolve", report_id, "comments.2") == ""
    threads = json.loads(ok("review", report_id, "--json"))["threads"]
    assert [(t["id"], t["part"], t["state"]) for t in threads] == [
        (first, "a1", "open"),
        (threads[1]["id"], "header", "resolved"),
    ]
    assert [r["id"] for r in threads[0]["replies"]] == [reply]
    ok("whoami", "--name", "Ms Vanh", "--org", "MPS", "--role", "focal point")
    assert ok("status", report_id, "A.1", "ready") == "'Enhanced border security' (A.1): ready for review"
    refused = run("resolve", report_id, "comments.5")
    assert refused.exit_code == 1
    assert refused.output == "Error: the report has no comment thread 5 (it has 2)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rename-row", "{r}", "A.40", "x"), "Error: section A has no row 40 (it has 12)\n"),
        (
            ("remove-partner", "{r}", "partners.0"),
            "Error: row 'Support from other development partners' has no partner 0",
        ),
        (
            ("remove-contact", "{r}", "focal_partners.9"),
            "Error: Development Partners has no contact number 9 (it has 3)\n",
        ),
        (("set", "{r}", "A.1", "nothing", "x"), "Error: 'Enhanced border security' (A.1) has no field 'nothing'"),
        (("comment", "{r}", "Q.1", "x"), "Error: the report has no row 'Q.1' (give its id"),
        (("status", "{r}", "zz", "ready"), "Error: the report has no row 'zz' (give its id"),
    ],
)
def test_a_reference_that_fits_nothing_is_one_line_and_changes_nothing(args, message):
    report_id = ok("sample")
    ok("whoami", "--name", "Mr Lord", "--org", "Embassy of Australia", "--role", "co-chair")
    before = ok("dump", report_id)
    result = run(*[arg.format(r=report_id) for arg in args])
    assert result.exit_code == 1 and result.output.startswith(message) and result.output.count("\n") == 1
    assert ok("dump", report_id) == before


# --- ids never look like positions -------------------------------------------------------------


def load_changed(tmp_path, change):
    """Dump the sample, change the dump, load it: the list of reports before, and the result."""
    data = json.loads(ok("dump", ok("sample")))
    change(data["report"])
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return ok("list", "--json"), run("load", str(path))


def _set_contact_id(report, value):
    report["header"]["contacts"]["focal_partners"][1]["id"] = value


def _set_row_id(report, value):
    report["sections"][2]["rows"][0]["id"] = value


def _set_partner_id(report, value):
    rows = {row["id"]: row for section in report["sections"] for row in section["rows"]}
    rows["partners"]["items"][2]["id"] = value


@pytest.mark.parametrize(
    ("change", "value", "where"),
    [
        (_set_contact_id, "focal_government.1", "header.contacts.focal_partners[1].id"),
        (_set_row_id, "A.2", "sections[2].rows[0].id"),
        (_set_partner_id, "partners.1", "sections[0].rows[8].items[2].id"),
        (_set_row_id, "x" * 10_000, "sections[2].rows[0].id"),
        (_set_row_id, "[bold]a1[/bold]", "sections[2].rows[0].id"),
        (_set_contact_id, "k1\x1b[31m", "header.contacts.focal_partners[1].id"),
        (_set_partner_id, "p 2", "sections[0].rows[8].items[2].id"),
        (_set_row_id, "", "sections[2].rows[0].id"),
    ],
    ids=["contact-as-position", "row-as-position", "partner-as-position", "long", "markup", "escape", "space", "empty"],
)
def test_an_id_that_is_not_plain_is_refused_on_load_naming_the_place(tmp_path, change, value, where):
    before, result = load_changed(tmp_path, lambda report: change(report, value))
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert f"{where}: " in result.output
    assert "is not an id (an id is 1 to 64 letters A-Z, digits, - and _)" in result.output
    assert len(result.output) < 300 and "\x1b" not in result.output
    assert ok("list", "--json") == before  # nothing was added


def test_plain_ids_of_every_kind_still_load(tmp_path):
    def change(report):
        _set_contact_id(report, "01JQ8X0000AAAAAAAAAAAAAAAA")
        _set_row_id(report, "c1-vdcap_2")
        _set_partner_id(report, "p" + "9" * 63)

    result = load_changed(tmp_path, change)[1]
    assert result.exit_code == 0, result.output
    loaded = json.loads(ok("show", result.output.strip().splitlines()[-1], "--json"))
    assert loaded["sections"][2]["rows"][0]["id"] == "c1-vdcap_2"


def test_positions_take_ascii_or_lao_digits_and_leading_zeros(sample):
    assert refs.find_row(sample, "A.02")[1]["id"] == "a2"
    assert refs.find_row(sample, "A." + "0" * 30 + "2")[1]["id"] == "a2"
    assert refs.find_row(sample, "A.\u0ed2")[1]["id"] == "a2"  # Lao 2
    assert refs.find_row(sample, "A.\u0ed1\u0ed0")[1] is refs.find_row(sample, "A.10")[1]  # Lao 10
    assert refs.find_partner(T, sample, "partners.\u0ed2")[1]["name"] == "Japan"
    assert refs.find_contact(T, sample, "focal_partners.\u0ed2")[1]["name"] == "Matthew Lord"

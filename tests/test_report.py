import pytest

from swgtui.model import report as rp
from swgtui.model.template import load_template
from swgtui.text import clean_text

T = load_template("annex2")


def new():
    return rp.new_report(T, "Health Sector Working Group", "2025/2026")


def test_a_new_report_has_the_template_rows_and_no_partners():
    report = new()
    assert rp.swg_name(report) == "Health Sector Working Group"
    assert rp.part_ids(report) == ["header", "partners", "c1", "c1-vdcap", "c2", "c3", "c4"]
    partners = rp.find_row(report, "partners")[1]
    assert partners["items"] == []  # each SWG names its own partners
    with pytest.raises(rp.ReportError, match="the name is empty"):
        rp.add_item(T, report, "partners", "  ")
    # only the SWG name is filled: a small, non-zero share
    assert 0 < rp.report_completeness(T, report) < 0.1


def test_what_is_missing_is_said_in_the_templates_words():
    report = new()
    rp.add_contact(T, report, "focal_government", organisation="MoH", name="Ms A", email="x@")
    assert rp.part_problems(T, report, "header") == [
        "SWG Chair and Co-Chair(s) is empty",
        "SWG Secretariat Focal Point – Government Officials: e-mail 'x@' is not valid",
        "SWG Secretariat Focal Point – Development Partners: nobody is listed",
    ]
    rp.add_contact(T, report, "technical_staff", name="", email="")  # an optional list, but filled in badly
    assert rp.part_problems(T, report, "header")[-2:] == [
        "Technical Supporting Staff: a contact has no name",
        "Technical Supporting Staff: a contact has no e-mail",
    ]
    assert rp.part_problems(T, report, "partners") == [
        "no development partner is listed (add one, or mark the row 'no update this period')"
    ]
    item = rp.add_item(T, report, "partners", "Japan")
    assert rp.part_problems(T, report, "partners") == ["development partner 'Japan' has no narrative"]
    rp.set_field(T, report, "partners", item["id"], "JICA supports the border offices.")
    assert rp.part_problems(T, report, "partners") == []
    row = rp.add_row(T, report, "A", "")
    assert rp.part_problems(T, report, row["id"]) == [
        "the title is empty",
        "Notes on the situation is empty",
        "Update on progress is empty",
    ]
    problems = rp.completeness_problems(T, report)
    assert "'(untitled row)': the title is empty" in problems
    assert "'VDCAP principles': Ownership is empty" in problems
    assert problems[-1] == (
        "'B. Communication and outreach' has no rows (add one, or mark the section 'no update this period')"
    )


def test_a_section_marked_no_update_is_complete():
    report = new()
    section = rp.find_section(report, "B")
    assert rp.section_completeness(T, section) == 0.0
    before = rp.report_completeness(T, report)
    assert rp.set_section_no_update(report, "B", True) and not rp.set_section_no_update(report, "B", True)
    assert rp.section_completeness(T, section) == 1.0
    assert rp.report_completeness(T, report) > before  # an empty section counted as an empty part
    assert not rp.section_problems(T, report)
    rp.set_section_no_update(report, "C", True)  # its rows count as complete, fields empty or not
    assert rp.part_problems(T, report, "c1-vdcap") == []
    with pytest.raises(rp.ReportError, match="has no section 'Z'"):
        rp.set_section_no_update(report, "Z", True)


def test_completeness_counts_required_fields_and_no_update_rows():
    report = new()
    row = rp.add_row(T, report, "A", "Enhanced border security", "SWG/RTIM recommendation")
    section = rp.find_row(report, row["id"])[0]
    assert rp.row_completeness(T, section, row) == pytest.approx(1 / 3)  # the title only
    rp.set_field(T, report, row["id"], "notes", "Borders are long.")
    assert rp.row_completeness(T, section, row) == pytest.approx(2 / 3)
    rp.set_field(T, report, row["id"], "challenges", "optional text")
    assert rp.row_completeness(T, section, row) == pytest.approx(2 / 3)
    rp.set_field(T, report, row["id"], "progress", "- a bullet")
    assert rp.row_completeness(T, section, row) == 1.0
    rp.set_field(T, report, row["id"], "progress", "   \n ")
    rp.set_no_update(report, row["id"], True)
    assert rp.row_completeness(T, section, row) == 1.0


def test_header_needs_valid_emails_for_its_contacts():
    report = new()
    rp.set_field(T, report, "header", "chairs", "Ministry of Health, WHO")
    for list_id in ("focal_government", "focal_partners"):
        contact = rp.add_contact(T, report, list_id, organisation="MoH", name="Ms A", email="a@moh.gov.la")
    assert rp.header_completeness(T, report) == 1.0
    rp.update_contact(T, report, "focal_partners", contact["id"], "email", "not-an-email")
    assert rp.header_completeness(T, report) == 0.75
    assert not rp.email_is_valid("a@b") and rp.email_is_valid("kosuke.mori@mofa.go.jp")


def test_rows_are_added_renamed_retagged_moved_and_removed_where_the_template_allows():
    report = new()
    first = rp.add_row(T, report, "A", "First", "Call For Action")
    second = rp.add_row(T, report, "A", "Second")
    ids = [r["id"] for r in report["sections"][0]["rows"]]
    assert ids == [first["id"], second["id"], "partners"]  # new rows go before the partners row that ends A
    rp.rename_row(T, report, first["id"], "First, renamed")
    rp.retag_row(T, report, first["id"], "SWG/RTIM recommendation")
    assert rp.move_row(T, report, second["id"], -1)
    assert [r["id"] for r in report["sections"][0]["rows"]] == [second["id"], first["id"], "partners"]
    assert not rp.move_row(T, report, second["id"], -1)  # already first
    assert rp.find_row(report, first["id"])[1]["title"] == "First, renamed"
    rp.remove_row(T, report, second["id"])
    assert second["id"] not in rp.part_ids(report)
    with pytest.raises(rp.ReportError, match="cannot be removed"):
        rp.remove_row(T, report, "partners")
    with pytest.raises(rp.ReportError, match="the rows of section C are fixed"):
        rp.add_row(T, report, "C", "Extra")
    with pytest.raises(rp.ReportError, match="cannot be renamed"):
        rp.rename_row(T, report, "c2", "Other")
    with pytest.raises(rp.ReportError, match="unknown tag 'Other'"):
        rp.retag_row(T, report, first["id"], "Other")
    # a new row never reuses an id, even of a removed row
    assert rp.add_row(T, report, "A", "Third")["id"] not in {first["id"], second["id"]}


def test_partner_narratives_are_added_renamed_moved_and_removed():
    report = new()
    rp.add_item(T, report, "partners", "Japan")
    item = rp.add_item(T, report, "partners", "Switzerland")
    rp.set_field(T, report, "partners", item["id"], "Swiss support to AML.")
    assert rp.get_field(T, report, "partners", item["id"]) == "Swiss support to AML."
    rp.rename_item(T, report, "partners", item["id"], "Switzerland (SDC)")
    assert rp.move_item(T, report, "partners", item["id"], -1)
    names = [i["name"] for i in rp.find_row(report, "partners")[1]["items"]]
    assert names[-2] == "Switzerland (SDC)"
    rp.remove_item(T, report, "partners", item["id"])
    assert "Switzerland (SDC)" not in [i["name"] for i in rp.find_row(report, "partners")[1]["items"]]
    with pytest.raises(rp.ReportError, match="holds no named narratives"):
        rp.add_item(T, report, "c2", "x")


def test_unknown_rows_and_fields_are_named_in_the_error():
    report = new()
    with pytest.raises(rp.ReportError, match=r"has no row 'zz' \(rows: header, partners"):
        rp.set_field(T, report, "zz", "notes", "x")
    with pytest.raises(rp.ReportError, match=r"' \(C.3\) has no field 'notes' \(fields: narrative, challenges\)"):
        rp.set_field(T, report, "c2", "notes", "x")


def test_control_characters_and_escape_sequences_are_removed_but_lao_and_markup_kept():
    text = "ສະບາຍດີ\x00 [bold]x[/] a [/] b\x1b[31mred\x1b[0m\r\nline\x0b\ttab"
    assert clean_text(text) == "ສະບາຍດີ [bold]x[/] a [/] bred\nline\ttab"
    report = new()
    rp.set_field(T, report, "c2", "narrative", text)
    assert rp.get_field(T, report, "c2", "narrative") == clean_text(text)


def test_rows_move_across_sections_that_take_added_rows_and_nothing_typed_is_lost():
    report = new()
    row = rp.add_row(T, report, "A", "Radio spots on HIV", "Call For Action")
    rp.set_field(T, report, row["id"], "notes", "Aired in 5 provinces.")
    rp.set_field(T, report, row["id"], "progress", "12 spots.")
    rp.set_field(T, report, row["id"], "challenges", "Airtime costs.")
    assert rp.move_row(T, report, row["id"], 1)  # below the partners row, A's last row
    assert rp.move_row(T, report, row["id"], 1)  # the last row of A goes down: to the top of B
    section, moved = rp.find_row(report, row["id"])
    assert section["id"] == "B" and moved["kind"] == "activity" and moved["tag"] == ""
    assert moved["fields"] == {
        "progress": "Notes on the situation:\nAired in 5 provinces.\n\n12 spots.",
        "challenges": "Airtime costs.",
    }
    assert not rp.move_row(T, report, row["id"], 1)  # C below holds the template's rows only
    assert rp.move_row(T, report, row["id"], -1)  # first of B goes up: to the end of A
    assert [r["id"] for r in report["sections"][0]["rows"]] == ["partners", row["id"]]
    assert rp.find_row(report, row["id"])[1]["kind"] == "action"
    rp.move_row_to_section(T, report, row["id"], "B")
    assert [r["id"] for r in report["sections"][1]["rows"]] == [row["id"]]
    with pytest.raises(rp.ReportError, match="the rows of section C are fixed"):
        rp.move_row_to_section(T, report, row["id"], "C")
    with pytest.raises(rp.ReportError, match="cannot be moved to another section"):
        rp.move_row_to_section(T, report, "partners", "B")
    assert not rp.move_row(T, report, "partners", 1)  # a row of the template stays in its section


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2025/2026", "2025/2026"),
        (" 2025-2026 ", "2025/2026"),
        ("2025 – 2026", "2025/2026"),
        ("2025/26", "2025/2026"),
        ("2099/00", None),
        ("2025", "2025"),
        ("X", None),
        ("next year", None),
        ("2025/2027", None),
        ("", None),
    ],
)
def test_the_period_is_a_year_or_two_following_years(typed, stored):
    if stored is None:
        with pytest.raises(rp.ReportError, match=r"e\.g\. 2025/2026"):
            rp.new_report(T, "Health Sector Working Group", typed)
    else:
        assert rp.new_report(T, "Health Sector Working Group", typed)["period"] == stored


def test_the_period_can_be_changed_and_reports_of_the_same_swg_and_period_are_found():
    report = new()
    assert rp.set_period(report, "2026-27") and report["period"] == "2026/2027"
    assert not rp.set_period(report, "2026/2027")
    with pytest.raises(rp.ReportError, match="'next year' is not a year"):
        rp.set_period(report, "next year")
    assert report["period"] == "2026/2027"
    summaries = [
        {"id": "r1", "swg": "Health Sector Working Group", "period": "2026/2027"},
        {"id": "r2", "swg": "health sector working group", "period": "2026/2027"},
        {"id": "r3", "swg": "Health Sector Working Group", "period": "2025/2026"},
    ]
    assert rp.same_reports(summaries, "Health Sector Working Group", "2026/2027", but="r1") == ["r2"]
    # the same SWG by its key whatever its name says, the same period however written
    summaries += [
        {"id": "r4", "swg": "ກຸ່ມວຽກຂະແໜງສາທາລະນະສຸກ", "swg_key": "health", "period": "໒໐໒໖/໒໗"},
        {"id": "r5", "swg": "Health Sector Working Group", "swg_key": "", "period": "2026/2027"},
        {"id": "r6", "swg": "Tourism Working Group", "swg_key": "", "period": "2026-2027"},
    ]
    assert rp.same_reports(summaries, "HSWG", "2026-27", but="r1") == ["r2", "r4"]
    assert rp.same_reports(summaries, "tourism working group", "2026/2027", key="") == ["r6"]
    assert rp.twin_numbers(summaries) == {"r1": 1, "r2": 2, "r4": 3}


def test_a_new_row_never_goes_after_the_partners_row_that_ends_a_section(sample):
    report = new()  # the partners row is section A's only row
    alone = rp.add_row(T, report, "A", "Alone", after="partners")
    assert [r["id"] for r in report["sections"][0]["rows"]] == [alone["id"], "partners"]
    after_partners = rp.add_row(T, report, "A", "After partners", after="partners")
    at_the_end = rp.add_row(T, report, "A", "At the end")
    ids = [r["id"] for r in report["sections"][0]["rows"]]
    assert ids == [alone["id"], after_partners["id"], at_the_end["id"], "partners"]
    rows = sample["sections"][0]["rows"]  # the sample's own rows follow its partners row (A.9)
    after_a11 = rp.add_row(T, sample, "A", "After a11")
    assert [r["id"] for r in rows[-2:]] == ["a11", after_a11["id"]]

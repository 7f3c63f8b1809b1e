"""Every value a person can change is a key of the history (swgtui.model.merge_keys), and the
report's new shapes (a revision's parents and tombstone, conflicts, a kept row) are checked on
reading."""

import copy

import pytest

from swgtui.model import merge_keys as mk
from swgtui.model import report as rp
from swgtui.model.report import HEADER_ID, ReportError
from swgtui.model.schema import InvalidReportError, check_history, report_from_json, report_to_json
from swgtui.model.template import load_template

T = load_template("annex2")


def _new_row(report):
    return rp.add_row(T, report, "A", "A new action")


def _contact(report, n=0):
    return report["header"]["contacts"]["focal_partners"][n]


# (what the user does, the keys it must change); together they cover the table of merge_keys
CHANGES = {
    "header text": (lambda r: rp.set_field(T, r, HEADER_ID, "chairs", "Someone else"), {(HEADER_ID, "chairs")}),
    "row title": (lambda r: rp.rename_row(T, r, "a1", "Renamed"), {("a1", "title")}),
    "row field": (lambda r: rp.set_field(T, r, "a1", "notes", "New notes"), {("a1", "notes")}),
    "partner narrative": (
        lambda r: rp.set_field(T, r, "partners", r["sections"][0]["rows"][8]["items"][0]["id"], "Said"),
        "partner text",
    ),
    "partner name": (
        lambda r: rp.rename_item(T, r, "partners", r["sections"][0]["rows"][8]["items"][0]["id"], "Japan (JICA)"),
        "partner name",
    ),
    "row tag": (lambda r: rp.retag_row(T, r, "a1", "Call For Action"), {("a1", mk.TAG)}),
    "row no update": (lambda r: rp.set_no_update(r, "a1", True), {("a1", mk.NO_UPDATE)}),
    "partner added": (lambda r: rp.add_item(T, r, "partners", "Korea"), "partner added"),
    "partner moved": (
        lambda r: rp.move_item(T, r, "partners", r["sections"][0]["rows"][8]["items"][0]["id"], 1),
        {("partners", mk.ITEMS)},
    ),
    "row moved": (lambda r: rp.move_row(T, r, "a2", -1), {("A", mk.ROWS)}),
    "row added": (_new_row, "row added"),
    "section no update": (lambda r: rp.set_section_no_update(r, "B", True), {("B", mk.NO_UPDATE)}),
    "period": (lambda r: rp.set_period(r, "2021-2022"), {(HEADER_ID, mk.PERIOD)}),
    "contact added": (lambda r: rp.add_contact(T, r, "focal_partners", name="Ms Noy"), "contact added"),
    "contact organisation": (
        lambda r: rp.update_contact(T, r, "focal_partners", _contact(r)["id"], "organisation", "UNDP"),
        "contact organisation",
    ),
    "contact name": (
        lambda r: rp.update_contact(T, r, "focal_partners", _contact(r)["id"], "name", "Mr Keo"),
        "contact name",
    ),
    "contact email": (
        lambda r: rp.update_contact(T, r, "focal_partners", _contact(r)["id"], "email", "keo@example.org"),
        "contact email",
    ),
}


def _expected(report, after, expected):
    """The keys a change must touch, where they depend on ids made by the change."""
    if isinstance(expected, set):
        return expected
    partners = report["sections"][0]["rows"][8]["items"]
    contact = _contact(report)["id"]
    if expected == "partner text":
        return {("partners", partners[0]["id"])}
    if expected == "partner name":
        return {("partners", partners[0]["id"] + mk.NAME)}
    if expected == "partner added":
        new = after["sections"][0]["rows"][8]["items"][-1]["id"]
        return {("partners", mk.ITEMS), ("partners", new), ("partners", new + mk.NAME)}
    if expected == "row added":
        new = next(r for r in after["sections"][0]["rows"] if r["title"] == "A new action")["id"]
        fields = ("title", "notes", "progress", "challenges", mk.TAG, mk.NO_UPDATE, mk.KIND, mk.ITEMS)
        return {("A", mk.ROWS)} | {(new, field) for field in fields}
    if expected == "contact added":
        new = _contact(after, -1)["id"]
        return {(HEADER_ID, "@contacts:focal_partners")} | {
            (HEADER_ID, new + suffix) for suffix in (mk.ORGANISATION, mk.NAME, mk.EMAIL)
        }
    suffix = {"contact organisation": mk.ORGANISATION, "contact name": mk.NAME, "contact email": mk.EMAIL}[expected]
    return {(HEADER_ID, contact + suffix)}


def _changed(before: dict, after: dict) -> set:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_a_user_makes_changes_its_key_and_only_it(sample, change):
    act, expected = CHANGES[change]
    after = copy.deepcopy(sample)
    act(after)
    assert _changed(mk.report_values(sample), mk.report_values(after)) == _expected(sample, after, expected)


def test_the_values_are_the_reports_own(sample):
    values = mk.report_values(sample)
    partners = sample["sections"][0]["rows"][8]
    contact = _contact(sample)
    assert values[(HEADER_ID, "swg_name")] == rp.swg_name(sample)
    assert values[(HEADER_ID, mk.PERIOD)] == sample["period"] == "2020/2021"
    assert mk.list_ids(values[("A", mk.ROWS)]) == [row["id"] for row in sample["sections"][0]["rows"]]
    assert mk.list_ids(values[("partners", mk.ITEMS)]) == [item["id"] for item in partners["items"]]
    assert values[("partners", partners["items"][1]["id"] + ".name")] == "Japan"
    assert values[("a1", mk.KIND)] == "action" and values[("partners", mk.KIND)] == "partners"
    assert values[("a1", mk.NO_UPDATE)] == "" and values[("B", mk.NO_UPDATE)] == ""
    assert values[(HEADER_ID, contact["id"] + ".email")] == contact["email"]
    assert mk.list_ids(values[(HEADER_ID, "@contacts:technical_staff")]) == [
        c["id"] for c in sample["header"]["contacts"]["technical_staff"]
    ]
    # the texts are what the history always held
    texts = {key for key in values if mk.is_text_key(key[1])}
    assert (HEADER_ID, "chairs") in texts and ("a1", "notes") in texts and ("a1", "title") in texts
    assert ("partners", partners["items"][0]["id"]) in texts
    assert not any(field.startswith("@") or "." in field for _, field in texts)
    assert mk.text_values(sample) == {key: values[key] for key in texts}


def test_a_removed_row_partner_or_contact_takes_all_its_keys_away(sample):
    after = copy.deepcopy(sample)
    rp.remove_row(T, after, "a2")
    partner = rp.find_row(after, "partners")[1]["items"][2]["id"]
    rp.remove_item(T, after, "partners", partner)
    contact = _contact(after)["id"]
    rp.remove_contact(T, after, "focal_partners", contact)
    gone = mk.report_values(sample).keys() - mk.report_values(after).keys()
    assert {key for key in gone if key[0] == "a2"} == {
        ("a2", f) for f in ("title", "notes", "progress", "challenges", mk.TAG, mk.NO_UPDATE, mk.KIND, mk.ITEMS)
    }
    assert {key for key in gone if key[0] == "partners"} == {("partners", partner), ("partners", partner + ".name")}
    assert {key for key in gone if key[0] == HEADER_ID} == {
        (HEADER_ID, contact + suffix) for suffix in (".organisation", ".name", ".email")
    }


def test_lists_are_one_id_per_line_and_read_back():
    assert mk.list_value(["a1", "a2", "01J"]) == "a1\na2\n01J"
    assert mk.list_ids("a1\na2\n01J") == ["a1", "a2", "01J"]
    assert mk.list_ids(mk.list_value([])) == []
    assert mk.is_text_key("notes") and mk.is_text_key("title") and mk.is_text_key("01JABC")
    assert not mk.is_text_key("@rows") and not mk.is_text_key("01JABC.name")


# --- the shapes a merge writes: checked on reading --------------------------------------------

REVISION = {"id": "r3", "parent": "r1", "part": "a1", "field": "notes", "rev": 3, "text": "x", "by": None, "at": ""}


def test_a_revision_with_parents_or_removed_reads_back_sorted():
    merged, tombstone, one = check_history(
        [
            {**REVISION, "parents": ["r2", "r1"]},
            {**REVISION, "id": "r4", "text": "", "removed": True},
            {**REVISION, "id": "r5", "parent": None, "parents": ["r1"], "removed": False},
        ]
    )
    assert merged["parents"] == ["r1", "r2"] and merged["parent"] == "r1"
    assert tombstone["removed"] is True and "parents" not in tombstone
    assert one["parent"] == "r1" and "parents" not in one and "removed" not in one  # one parent: no list


@pytest.mark.parametrize(
    "change, message",
    [
        ({"parents": "r1"}, "history revision 1: parents: expected a list"),
        ({"parents": ["r1", "not an id"]}, "history revision 1: parents[1]: 'not an id' is not an id"),
        ({"parents": [f"r{n}" for n in range(65)]}, "history revision 1: parents: 65 ids; at most 64"),
        ({"parents": ["r7", "r8"]}, "history revision 1: parent r1 is not one of its parents"),
        ({"removed": "yes"}, "history revision 1: removed must be true or false"),
        ({"removed": True}, "history revision 1: a removed value has no text"),
    ],
)
def test_a_revision_with_bad_parents_or_removed_is_refused_naming_it(change, message):
    with pytest.raises(ReportError) as error:
        check_history([{**REVISION, **change}])
    assert str(error.value).startswith(message)


def test_conflicts_and_a_kept_row_read_back_sorted_and_are_written(sample):
    data = report_to_json(sample)
    data["conflicts"] = [
        {"part": "a1", "field": "notes", "heads": ["r9", "r2"]},
        {"part": "header", "field": "@period", "heads": ["r4", "r3", "r4"]},
    ]
    data["sections"][0]["rows"][1]["kept"] = "removed by Ms Vanh on 2025-06-01; kept because Mr Keo changed it"
    report = report_from_json(data)
    assert report["conflicts"] == [
        {"part": "a1", "field": "notes", "heads": ["r2", "r9"]},
        {"part": "header", "field": "@period", "heads": ["r3", "r4"]},
    ]
    assert report["sections"][0]["rows"][1]["kept"].startswith("removed by Ms Vanh")
    assert report_to_json(report)["conflicts"] == report["conflicts"]
    # none: left out, on reading and on writing
    assert "conflicts" not in report_from_json({**data, "conflicts": []})
    report["conflicts"] = []
    assert "conflicts" not in report_to_json(report)
    assert "kept" not in report_from_json(report_to_json(sample))["sections"][0]["rows"][1]


@pytest.mark.parametrize(
    "conflicts, message",
    [
        ({"part": "a1"}, "conflicts: expected a list"),
        ([{"part": "a1", "field": "notes", "heads": "r1"}], "conflicts[0].heads: expected a list"),
        ([{"part": "a1", "field": "notes", "heads": ["r1"]}], "conflicts[0].heads: a conflict is between two"),
        ([{"part": "a1", "field": "notes", "heads": ["r1", "r 2"]}], "conflicts[0].heads[1]: 'r 2' is not an id"),
        ([{"part": "a 1", "field": "notes", "heads": ["r1", "r2"]}], "conflicts[0].part: 'a 1' is not an id"),
        ([{"part": "a1", "field": "", "heads": ["r1", "r2"]}], "conflicts[0].field: empty"),
        (
            [{"part": "a1", "field": "notes", "heads": ["r1", "r2"]}] * 2,
            "conflicts[1]: a1 notes is listed twice",
        ),
    ],
)
def test_bad_conflicts_are_refused_naming_the_place(sample, conflicts, message):
    with pytest.raises(InvalidReportError) as error:
        report_from_json({**report_to_json(sample), "conflicts": conflicts})
    assert str(error.value).startswith(message)


def test_a_kept_note_that_is_not_text_is_refused_naming_the_row(sample):
    data = report_to_json(sample)
    data["sections"][0]["rows"][1]["kept"] = ["no"]
    with pytest.raises(InvalidReportError, match=r"^sections\[0\]\.rows\[1\]\.kept: expected text"):
        report_from_json(data)

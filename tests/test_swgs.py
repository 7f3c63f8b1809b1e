"""The SWG list and its keys, a report's SWG key, and periods in one normal form."""

import copy

import pytest

from swgtui import swgs
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.dumpfile import dump_report, parse_report
from swgtui.model.merge import merge_report
from swgtui.model.rollover import roll_over
from swgtui.model.schema import InvalidReportError, report_from_json, report_to_json
from swgtui.model.template import load_template

from .conftest import complete_sample

T = load_template("annex2")
KEYS = [
    "health",
    "education",
    "governance",
    "infrastructure",
    "mine_action",
    "agriculture",
    "illicit_drug",
    "macroeconomics",
    "trade",
    "natural_resources",
]


def test_the_list_holds_the_ten_swgs_each_with_a_key_a_lao_name_and_aliases():
    listed = swgs.swg_list()
    assert [swg.key for swg in listed] == KEYS
    assert swgs.known_swgs()[0] == "Health Sector Working Group" and len(swgs.known_swgs()) == 10
    assert all(swg.lao.startswith("ກຸ່ມວຽກຂະແໜງ") and swg.aliases for swg in listed)
    assert swgs.swg_named("trade").name == "Trade & Private Sector Development Sector Working Group"
    assert swgs.swg_named("nope") is None and swgs.swg_named("") is None
    assert swgs.is_key("mine_action") and not swgs.is_key("Mine Action") and not swgs.is_key("")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Health Sector Working Group", "health"),
        ("  health   sector working GROUP ", "health"),
        ("Health SWG", "health"),
        ("HSWG", "health"),
        ("Health Sector Working Group (2025)", "health"),
        ("ກຸ່ມວຽກຂະແໜງສາທາລະນະສຸກ", "health"),
        ("ກຸ່ມວຽກຂະແຫນງສາທາລະນະສຸກ", "health"),  # ຫນ typed as two letters, as keyboards often do
        ("ກຸ່ມວຽກ ຂະແໜງ ສາທາລະນະສຸກ", "health"),  # spaces between Lao words
        ("ສາທາລະນະສຸກ", "health"),
        ("Illicit Drug SWG", "illicit_drug"),
        ("IDSWG", "illicit_drug"),
        ("Illicit Drugs Sector Working Group", "illicit_drug"),
        ("ກຸ່ມວຽກຂະແໜງຢາເສບຕິດ", "illicit_drug"),
        ("Agriculture and Rural Development Sector Working Group", "agriculture"),
        ("Agriculture & Rural Development SWG", "agriculture"),
        ("ກຸ່ມວຽກຂະແໜງກະສິກຳ ແລະ ພັດທະນາຊົນນະບົດ", "agriculture"),
        ("Trade and Private Sector Development Sector Working Group", "trade"),
        ("Mine Action/UXO Sector Working Group", "mine_action"),
        ("UXO SWG", "mine_action"),
        ("mine_action", "mine_action"),
        ("natural resources", "natural_resources"),
        ("Macroeconomic Sector Working Group", "macroeconomics"),
        ("Ministry Coordination Group", ""),
        ("SWG", ""),
        ("", ""),
        ("Health and Education SWG", ""),
    ],
)
def test_a_name_an_alias_a_lao_name_or_a_key_finds_its_swg(name, key):
    assert swgs.swg_key(name) == key


@pytest.mark.parametrize(
    "written", ["2025/2026", "2025/26", "2025-2026", "2025 - 26", "໒໐໒໕/໒໐໒໖", "໒໐໒໕-໒໖", "２０２５/２０２６"]
)
def test_a_period_however_written_is_one_period(written):
    assert rp.check_period(written) == "2025/2026"
    assert rp.period_key(written) == "2025/2026"


def test_period_keys_compare_periods_and_never_refuse():
    assert rp.check_period("໒໐໒໕") == rp.period_key("2025") == "2025"
    assert rp.period_key("2025/2026") != rp.period_key("2024/2025")
    assert rp.period_key("  Year Two ") == "year two"  # not a period: compared as written, cleaned
    assert rp.period_key("") == ""
    with pytest.raises(rp.ReportError, match="not a year or two years"):
        rp.check_period("year two")
    with pytest.raises(rp.ReportError, match="2025/2027"):
        rp.check_period("໒໐໒໕/໒໐໒໗")  # two years that do not follow


def test_a_new_report_belongs_to_the_swg_its_name_stands_for_or_the_key_given():
    assert rp.report_swg(rp.new_report(T, "Health SWG", "2025/26")) == "health"
    report = rp.new_report(T, "ກຸ່ມວຽກຂະແໜງສຶກສາ", "໒໐໒໕/໒໐໒໖")
    assert (rp.report_swg(report), report["period"]) == ("education", "2025/2026")
    assert rp.report_swg(rp.new_report(T, "Ministry Coordination Group", "2025")) == ""
    given = rp.new_report(T, "Ministry Coordination Group", "2025", swg_key="governance")
    assert rp.report_swg(given) == "governance"
    assert rp.report_swg(rp.new_report(T, "Health SWG", "2025", swg_key="")) == ""
    with pytest.raises(rp.ReportError, match="'nope' is not an SWG of the list"):
        rp.new_report(T, "Health SWG", "2025", swg_key="nope")


def test_set_swg_changes_the_key_only_to_one_of_the_list_and_says_whether_it_changed():
    report = rp.new_report(T, "Health SWG", "2025/2026")
    assert rp.set_swg(report, "health") is False
    assert rp.set_swg(report, "education") is True and rp.report_swg(report) == "education"
    assert rp.swg_name(report) == "Health SWG"  # the name the report gives is its own
    assert rp.set_swg(report, "") is True and rp.report_swg(report) == ""
    with pytest.raises(rp.ReportError, match="health, education"):
        rp.set_swg(report, "Health")
    assert rp.report_swg(report) == ""


def test_a_report_written_before_keys_gets_the_key_of_its_name_when_loaded(sample):
    stored = report_to_json(sample)
    del stored["swg"]
    assert rp.report_swg(report_from_json(stored)) == "illicit_drug"
    stored["header"]["fields"]["swg_name"] = "Someone Else's Group"
    assert rp.report_swg(report_from_json(stored)) == ""


def test_a_stored_key_is_kept_as_written_and_a_malformed_one_refused(sample):
    stored = report_to_json(sample)
    stored["swg"] = "health"  # set by hand: the name says otherwise
    assert rp.report_swg(report_from_json(stored)) == "health"
    stored["swg"] = "tourism"  # a later list's key
    assert rp.report_swg(report_from_json(stored)) == "tourism"
    assert rp.report_swg(parse_report(dump_report(report_from_json(stored)))) == "tourism"
    for bad in ("Health SWG", 7, "x" * 41):
        stored["swg"] = bad
        with pytest.raises(InvalidReportError, match="swg"):
            report_from_json(stored)


def test_the_key_is_no_part_of_what_is_approved_or_signed_off(sample):
    complete_sample(sample)
    focal = {"name": "Noy", "organisation": "MPS", "role": "focal point"}
    chair = {"name": "Lord", "organisation": "Australia", "role": "co-chair"}
    for part in rp.part_ids(sample):
        review.set_status(sample, part, "ready", focal)
        review.set_status(sample, part, "approve", chair)
    review.sign_off(sample, chair)
    rp.set_swg(sample, "health")
    assert review.signoff_state(sample)[0] == "valid"
    assert all(review.part_status(sample, part) == review.APPROVED for part in rp.part_ids(sample))


def test_rolling_over_keeps_the_key_whatever_the_name_says(sample):
    rp.set_swg(sample, "governance")
    assert rp.report_swg(roll_over(T, sample, "2021/2022")) == "governance"
    rp.set_swg(sample, "")
    assert rp.report_swg(roll_over(T, sample, "2021/2022")) == ""
    sample["swg"] = "tourism"  # a later list's key, kept as loaded
    assert rp.report_swg(roll_over(T, sample, "2021/2022")) == "tourism"


def test_a_merge_keeps_the_key(sample):
    local = report_from_json(report_to_json(sample))
    incoming = copy.deepcopy(local)
    rp.set_swg(local, "health")
    assert rp.report_swg(merge_report(local, [], incoming, [], T).report) == "health"
    assert rp.report_swg(merge_report(incoming, [], local, [], T).report) == "illicit_drug"

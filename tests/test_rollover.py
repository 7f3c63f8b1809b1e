import json

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.dumpfile import dump_report, parse_report
from swgtui.model.rollover import next_period, reference_text, roll_over
from swgtui.model.template import load_template

from .test_app import go_to, running_app, settle

T = load_template("annex2")


def test_next_period():
    assert next_period("2020/2021") == "2021/2022"
    assert next_period("2025") == "2026"
    assert next_period("FY 2024-2025") == "FY 2025-2026"


def test_roll_over_keeps_rows_tags_partners_contacts_and_empties_narratives(sample):
    review.add_comment(T, sample, "a1", "old comment", {"name": "X", "organisation": "", "role": "chair"})
    rp.set_no_update(sample, "a8", True)
    new = roll_over(T, sample, "2021/2022")
    assert new["id"] != sample["id"] and new["period"] == "2021/2022"
    assert [(r["id"], r["title"], r["tag"]) for r in rp.rows(new)] == [
        (r["id"], r["title"], r["tag"]) for r in rp.rows(sample)
    ]
    assert new["header"] == sample["header"]
    partners = rp.find_row(new, "partners")[1]["items"]
    assert [i["name"] for i in partners][:2] == ["The United States", "Japan"] and all(not i["text"] for i in partners)
    assert all(not text for r in rp.rows(new) for text in r["fields"].values())
    assert not any(r["no_update"] for r in rp.rows(new)) and "review" not in new
    assert reference_text(new, "a1", "challenges")[0] == "2020/2021"
    assert reference_text(new, "a1", "challenges")[1].startswith("Lao PDR is becoming an important transit")
    luxembourg = next(i for i in partners if i["name"] == "Luxembourg")
    assert reference_text(new, "partners", luxembourg["id"])[1].startswith("Luxembourg is supporting")
    assert parse_report(dump_report(new))["reference"] == new["reference"]
    with pytest.raises(rp.ReportError, match="needs another period than 2020/2021"):
        roll_over(T, sample, "2020/2021")


def test_a_rolled_over_report_has_every_section_s_no_update_flag_cleared(sample):
    """Each section of the new report says it is updated (it did not say so at all before)."""
    last = sample["sections"][-1]["id"]
    assert rp.set_section_no_update(sample, last, True)
    new = roll_over(T, sample, "2021/2022")
    assert [section["no_update"] for section in new["sections"]] == [False] * len(sample["sections"])
    assert [section["no_update"] for section in parse_report(dump_report(new))["sections"]] == [False] * len(
        sample["sections"]
    )


def test_new_from_on_the_command_line():
    runner = CliRunner()
    old = runner.invoke(main, ["sample"]).output.strip()
    new = runner.invoke(main, ["new", "--from", old, "--period", "2021/2022"]).output.strip()
    shown = json.loads(runner.invoke(main, ["show", new, "--json"]).output)
    assert (shown["swg"], shown["period"]) == ("Illicit Drug Sector Working Group", "2021/2022")
    assert shown["sections"][0]["rows"][0]["fields"] == {"notes": "", "progress": "", "challenges": ""}
    refused = runner.invoke(main, ["new", "--period", "2021"])
    assert refused.exit_code == 1 and "give --swg" in refused.output


async def test_roll_over_in_the_app_shows_last_period_beside_each_field(store_path):
    async with running_app(store_path) as (app, pilot, _, _):
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")  # the suggested period: 2021/2022
        await settle(pilot)
        screen = await go_to(pilot, "a1")
        assert screen.report["period"] == "2021/2022"
        references = [str(widget.render()) for widget in screen.form.query(".reference")]
        assert len(references) == 3
        assert references[0].startswith("Last period (2020/2021): Lao PDR is located in the centre of the Mekong")
        await pilot.press("ctrl+q")


def test_a_rolled_over_report_keeps_the_swg_its_report_belongs_to_even_when_renamed(sample):
    rp.set_field(T, sample, "header", "swg_name", "ກຸ່ມວຽກ ຢາເສບຕິດ (draft name)")
    rp.set_swg(sample, "illicit_drug")
    new = roll_over(T, sample, "2021/2022")
    assert new["swg"] == "illicit_drug" and rp.swg_name(new) == "ກຸ່ມວຽກ ຢາເສບຕິດ (draft name)"

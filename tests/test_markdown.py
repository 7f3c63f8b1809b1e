from swgtui.exports.markdown_writer import render_markdown
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import load_template

from .conftest import complete_sample

T = load_template("annex2")


def test_markdown_has_every_part_in_order_with_lists_and_escapes(sample):
    rp.set_field(T, sample, "c2", "challenges", "Cost 5*3 [bold]x[/]\n1. one\n2. two")
    rp.set_no_update(sample, "c4", True)
    text = render_markdown(sample, T)
    assert text.startswith("# Annex 2 – Template for SWG reporting\n\n> **DRAFT** — not signed off")
    assert "**Name of Sector Working Group:** Illicit Drug Sector Working Group" in text
    assert "## Overview of Sector Performance in 2020/2021" in text
    assert "#### Enhanced border security (*SWG/RTIM recommendation*)" in text
    positions = [
        text.index(f"#### {r['title'].splitlines()[0][:30]}") for r in rp.rows(sample) if r["kind"] != "activity"
    ]
    assert positions == sorted(positions)
    assert "Cost 5\\*3 \\[bold\\]x\\[/\\]\n\n1. one\n2. two" in text
    assert "**Luxembourg**" in text and "*Support to Legal Teaching" in text
    assert "#### 4. Other emerging issues such as impact of COVID-19 and response\n\n*No update this period.*" in text


def test_a_section_marked_no_update_says_so_under_its_heading(sample):
    rp.remove_row(T, sample, "b1")
    rp.set_section_no_update(sample, "B", True)
    text = render_markdown(sample, T)
    assert "### B. Communication and outreach activities" in text
    heading = text.index("### B. Communication")
    assert text[heading:].split("\n\n")[1] == "*No update this period.*"
    assert text.count("*No update this period.*") == 1


def test_a_draft_mark_says_why_the_sign_off_no_longer_holds(sample):
    focal = {"name": "Ms Vanh", "organisation": "MPS", "role": "focal point"}
    chair = {"name": "Mr Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
    report = complete_sample(sample)
    template = load_template(report["template"])
    for part in rp.part_ids(report):
        review.set_status(report, part, "ready", focal)
        review.set_status(report, part, "approve", chair)
    review.sign_off(report, chair)
    assert "DRAFT" not in render_markdown(report, template)
    review.add_comment(template, report, "a1", "One more question.", chair)
    assert "> **DRAFT** — a comment is open since it was signed off\n" in render_markdown(report, template)
    rp.set_field(template, report, "a2", "notes", "Changed after the sign-off.")
    assert "> **DRAFT** — changed since it was signed off\n" in render_markdown(report, template)

"""A co-chair who approved by e-mail: the focal point records the approval on their behalf. The
step is the co-chair's (`by`), and says who recorded it (`recorded_by`): in the store, in
`review --json`, the review record of the Word export, the app's panel and review log."""

import json

import pytest
from click.testing import CliRunner
from docx import Document
from textual.widgets import Input, OptionList, Static

from swgtui.cli import main
from swgtui.exports.files import export_report
from swgtui.identity import save_identity
from swgtui.model import review
from swgtui.model.schema import InvalidReportError, report_from_json
from swgtui.screens.review_dialogs import NoteDialog, ReviewLogDialog, StatusDialog
from swgtui.store import ReportStore
from swgtui.widgets.review_panel import ReviewPanel

from .conftest import complete_sample

NOY = {"name": "Noy Focal", "organisation": "Ministry of Public Security", "role": "focal point"}
LORD = {"name": "Mr Lord", "organisation": "Embassy of the United Kingdom", "role": "co-chair"}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def be(person: dict) -> None:
    save_identity(person["name"], person["organisation"], person["role"])


def events_of(store_path, report_id: str) -> list[dict]:
    with ReportStore(store_path, writable=False) as reader:
        return reader.get(report_id)["review"]["events"]


def ready_sample() -> str:
    report_id = run("sample").output.strip()
    be(NOY)
    assert run("status", report_id, "a1", "ready").exit_code == 0
    return report_id


def test_cli_approve_on_behalf_stores_who_approved_and_who_recorded_it(store_path):
    report_id = ready_sample()
    result = run("status", report_id, "a1", "approve", "--on-behalf-of", "Mr Lord", "--org", LORD["organisation"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "'Enhanced border security' (A.1): approved (on behalf of Mr Lord (co-chair, Embassy of the United Kingdom),"
        " recorded by Noy Focal)"
    )
    approval = events_of(store_path, report_id)[-1]
    assert (approval["action"], approval["by"], approval["recorded_by"]) == ("approve", LORD, NOY)
    a1 = next(p for p in json.loads(run("review", report_id, "--json").output)["parts"] if p["id"] == "a1")
    assert (a1["status"], a1["approved_by"]) == ("approved", LORD)
    ((shown),) = a1["approvals"]
    assert (shown["by"], shown["recorded_by"], shown["holds"]) == (LORD, NOY, True)
    text = run("review", report_id).output
    assert "approved by Mr Lord (co-chair, Embassy of the United Kingdom) at " in text
    assert ", recorded by Noy Focal" in text


def test_cli_request_changes_on_behalf_with_a_role(store_path):
    report_id = ready_sample()
    result = run(
        "status",
        *(report_id, "a1", "request-changes", "--note", "Add the 2021 figures"),
        *("--on-behalf-of", "Ms Dara", "--org", "UNODC", "--role", "reviewer"),
    )
    assert result.exit_code == 0, result.output
    request = events_of(store_path, report_id)[-1]
    assert request["by"] == {"name": "Ms Dara", "organisation": "UNODC", "role": "reviewer"}
    assert request["recorded_by"] == NOY
    a1 = next(p for p in json.loads(run("review", report_id, "--json").output)["parts"] if p["id"] == "a1")
    assert a1["changes_requested"]["recorded_by"] == NOY and a1["changes_requested"]["by"]["name"] == "Ms Dara"
    assert "changes requested by Ms Dara (reviewer, UNODC) at " in run("review", report_id).output


@pytest.mark.parametrize(
    "args, message",
    [
        (("a1", "approve", "--on-behalf-of", "Mr Lord"), "--on-behalf-of needs --org ORG"),
        (("a1", "approve", "--org", "UNODC"), "give --on-behalf-of NAME too"),
        (("a1", "ready", "--on-behalf-of", "Mr Lord", "--org", "X"), "only approve and request-changes are recorded"),
        (("a1", "approve", "--on-behalf-of", "Noy Focal", "--org", NOY["organisation"], "--role", "chair"), "is you"),
        (("a1", "approve", "--on-behalf-of", "  ", "--org", "X"), "who is acting is not known"),
    ],
)
def test_cli_on_behalf_refusals_are_one_line_and_store_nothing(store_path, args, message):
    report_id = ready_sample()
    before = events_of(store_path, report_id)
    result = run("status", report_id, *args)
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1
    assert events_of(store_path, report_id) == before


def test_signoff_is_not_recorded_on_someones_behalf(store_path):
    report_id = ready_sample()
    result = run("signoff", report_id, "--on-behalf-of", "Mr Lord")
    assert result.exit_code == 1
    assert "a sign-off is not recorded on someone's behalf" in result.output


def test_the_model_refuses_a_focal_point_as_the_approver_and_ready_on_behalf(sample):
    complete_sample(sample)
    review.set_status(sample, "a1", "ready", NOY)
    with pytest.raises(review.ReviewError, match="on behalf of a chair, co-chair or reviewer, not a focal point"):
        review.set_status(sample, "a1", "approve", {**LORD, "role": "focal point"}, recorded_by=NOY)
    with pytest.raises(review.ReviewError, match="only an approval or a request for changes"):
        review.set_status(sample, "a2", "ready", LORD, recorded_by=NOY)


def test_a_damaged_recorded_by_is_refused_on_load(sample):
    complete_sample(sample)
    review.set_status(sample, "a1", "ready", NOY)
    review.set_status(sample, "a1", "approve", LORD, recorded_by=NOY)
    assert report_from_json(json.loads(json.dumps(sample)))["review"]["events"][-1]["recorded_by"] == NOY
    sample["review"]["events"][-1]["recorded_by"] = {"name": "Noy", "organisation": "", "role": "boss"}
    with pytest.raises(InvalidReportError, match=r"recorded_by\.role"):
        report_from_json(json.loads(json.dumps(sample)))


def test_the_word_review_record_says_who_recorded_the_approval(sample, tmp_path):
    complete_sample(sample)
    review.set_status(sample, "a1", "ready", NOY)
    review.set_status(sample, "a1", "approve", LORD, recorded_by=NOY)
    document = Document(str(export_report(sample, "docx", tmp_path / "r.docx").path))
    record = document.tables[-1]
    row = next(r for r in record.rows if r.cells[0].text == "Enhanced border security")
    assert row.cells[2].text == "Mr Lord (co-chair), recorded by Noy Focal"
    assert row.cells[3].text == "Embassy of the United Kingdom"


async def test_the_app_approves_on_behalf_from_the_status_dialog(store_path):
    from tests.test_app import go_to, running_app, settle

    be(NOY)
    async with running_app(store_path, open_it=True) as (app, pilot, _, report_id):
        screen = await go_to(pilot, "c2")
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("enter")  # Ready for review, the focal point's own step
        await settle(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        listed = dialog.query_one("#steps", OptionList)
        assert listed.option_count == 0  # ready already: nothing for the focal point, the cursor in the name
        assert "Nothing to take as focal point now: the part is ready for review." in str(
            dialog.query_one("#nothing", Static).render()
        )
        assert app.focused is dialog.query_one("#behalf-name", Input)
        await pilot.press(*"Mr Lord")
        await pilot.pause()
        assert [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)] == [
            "Approve",
            "Request changes",
        ]
        assert "on behalf of Mr Lord" in str(dialog.query_one("#title", Static).render())
        assert str(dialog.query_one("#hint", Static).render()) == "Enter: approve on behalf of Mr Lord"
        await pilot.press("enter")  # in the name: takes Approve; no organisation yet: asked for
        await pilot.pause()
        assert app.screen is dialog and app.focused is dialog.query_one("#behalf-org", Input)
        await pilot.press(*LORD["organisation"], "enter")  # Approve, from the organisation
        await settle(pilot)
        assert not isinstance(app.screen, (StatusDialog, NoteDialog))
        panel = str(screen.form.query_one(ReviewPanel).render())
        assert "approved by Mr Lord (co-chair, Embassy of the United Kingdom), recorded by Noy Focal" in panel
        await pilot.press("ctrl+l")
        await pilot.pause()
        log = app.screen
        assert isinstance(log, ReviewLogDialog)
        await settle(pilot)
        assert any(entry.get("recorded_by") == NOY for entry in log.entries)
        await pilot.press("escape", "ctrl+q")
    approval = events_of(store_path, report_id)[-1]
    assert (approval["action"], approval["part"], approval["by"], approval["recorded_by"]) == (
        "approve",
        "c2",
        LORD,
        NOY,
    )

import json

from click.testing import CliRunner

from swgtui.cli import main

from .conftest import SAMPLE_ROWS_WITHOUT_NOTES


def run(*args):
    return CliRunner().invoke(main, list(args))


def be(name, role, org="Org"):
    assert run("whoami", "--name", name, "--org", org, "--role", role).exit_code == 0


def test_whoami_is_needed_first_and_then_remembered():
    report_id = run("sample").output.strip()
    result = run("comment", report_id, "a1", "hello")
    assert result.exit_code == 1
    assert result.output.startswith("Error: who are you? Run: swgtui whoami")
    be("Ms Vanh", "focal point", "Ministry of Health")
    assert run("whoami").output.strip() == "Ms Vanh (focal point, Ministry of Health)"
    assert json.loads(run("whoami", "--json").output)["role"] == "focal point"
    assert run("whoami", "--role", "boss").exit_code == 2  # click refuses an unknown role


def test_comment_reply_resolve_status_and_review_json():
    report_id = run("sample").output.strip()
    be("Ms Vanh", "focal point")
    first = run("comment", report_id, "a1", "Is this current?", "--field", "notes").output.strip()
    assert len(first) == 26 and first.isalnum()  # a ULID
    assert run("status", report_id, "a1", "ready").output.strip().endswith("(A.1): ready for review")
    be("Mr Lord", "co-chair", "Embassy of Australia")
    reply = run("comment", report_id, "a1", "Yes, 2021", "--reply-to", first).output.strip()
    assert run("resolve", report_id, reply).exit_code == 0
    refused = run("status", report_id, "a1", "request-changes")
    assert refused.exit_code == 1 and "a note is required" in refused.output
    assert run("status", report_id, "a1", "approve").output.strip() == "'Enhanced border security' (A.1): approved"
    summary = json.loads(run("review", report_id, "--json").output)
    a1 = next(p for p in summary["parts"] if p["id"] == "a1")
    assert (a1["status"], a1["approved_by"]["name"], a1["stale"]) == ("approved", "Mr Lord", False)
    (thread,) = summary["threads"]
    assert (thread["id"], thread["state"], thread["by"]["name"]) == (first, "resolved", "Ms Vanh")
    assert [r["text"] for r in thread["replies"]] == ["Yes, 2021"]
    # an edit on the command line voids the approval
    assert run("set", report_id, "a1", "notes", "changed").exit_code == 0
    summary = json.loads(run("review", report_id, "--json").output)
    a1 = next(p for p in summary["parts"] if p["id"] == "a1")
    assert (a1["status"], a1["stale"]) == ("changed_since_approval", True)
    assert "Enhanced border security: changed since approval" in run("review", report_id).output


def test_signoff_and_final_export_are_refused_with_reasons_until_everything_is_approved(tmp_path):
    report_id = run("sample").output.strip()
    be("Mr Lord", "co-chair")
    refused = run("signoff", report_id)
    assert refused.exit_code == 1
    assert "Error: the report cannot be signed off yet:" in refused.output
    assert "- 'Header block' is not approved (status: draft)" in refused.output
    assert "- 'Continue improvement of drug-related judicial instruments ,…': Notes on the situation is empty" in (
        refused.output
    )
    final = run("export", report_id, "--final")
    assert final.exit_code == 1 and "- the report is not signed off" in final.output
    be("Ms Vanh", "focal point")
    not_ready = run("status", report_id, "a8", "ready")
    assert not_ready.exit_code == 1
    assert not_ready.output == (
        "Error: cannot mark 'Continue improvement of drug-related judicial instruments ,…' ready for review: "
        "Notes on the situation is empty\n"
    )
    for row in SAMPLE_ROWS_WITHOUT_NOTES:  # the sample left them empty
        assert run("set", report_id, row, "notes", "As under progress.").exit_code == 0
    parts = [p["id"] for p in json.loads(run("review", report_id, "--json").output)["parts"]]
    for part in parts:
        be("Ms Vanh", "focal point")
        assert run("status", report_id, part, "ready").exit_code == 0
        be("Mr Lord", "co-chair")
        assert run("status", report_id, part, "approve").exit_code == 0
    assert run("signoff", report_id, "--note", "SWG meeting 12 Nov").output.startswith("signed off by Mr Lord")
    out = run("export", report_id, "--final").output.strip()
    assert out.endswith("Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021.docx")
    run("set", report_id, "c4", "challenges", "late change")
    stale = run("export", report_id, "--final")
    assert stale.exit_code == 1 and "the report changed since it was signed off" in stale.output


def test_review_shows_the_note_of_request_changes_and_titles_not_ids():
    report_id = run("sample").output.strip()
    be("Ms Vanh", "focal point")
    comment_id = run("comment", report_id, "a2", "Which zones?", "--field", "notes").output.strip()
    assert run("status", report_id, "a1", "ready").exit_code == 0
    be("Mr Lord", "co-chair", "Embassy of Australia")
    assert run("status", report_id, "a1", "request-changes", "--note", "Add the 2021 seizures").exit_code == 0
    text = run("review", report_id).output
    assert "Enhanced border security: changes requested\n" in text
    assert "  changes requested by Mr Lord (co-chair, Embassy of Australia) at " in text
    assert text.split("\n")[2].endswith(": Add the 2021 seizures")
    assert "Comment on Proper regulations of Special Economic Zones — Notes on the situation (open)" in text
    assert "- the comment by Ms Vanh “Which zones?” on 'Proper regulations of Special Economic Zones' is open" in text
    for internal in ("a1", "a2", comment_id, "header", "notes"):
        assert internal not in text.split(), internal
    summary = json.loads(run("review", report_id, "--json").output)
    a1 = next(p for p in summary["parts"] if p["id"] == "a1")
    assert a1["changes_requested"]["note"] == "Add the 2021 seizures"
    assert a1["changes_requested"]["by"]["name"] == "Mr Lord"
    assert summary["threads"][0]["id"] == comment_id and summary["threads"][0]["field"] == "notes"  # ids stay in --json


def test_a_section_with_no_update_shows_in_show_and_review(store_path):
    from swgtui.model import report as rp
    from swgtui.store import ReportStore

    report_id = run("sample").output.strip()
    with ReportStore(store_path, holder="tests") as store:  # what the 'no-update' command will do
        report = store.get(report_id)
        rp.set_section_no_update(report, "B", True)
        store.save(report)
    shown = json.loads(run("show", report_id, "--json").output)
    assert [s["no_update"] for s in shown["sections"]] == [False, True, False]
    heading = "B. Communication and outreach activities with the sector and across Sector Working Groups"
    assert f"{heading} — 100% [no update this period]" in run("show", report_id).output
    assert "B. Communication and outreach: no update this period" in run("review", report_id).output
    summary = json.loads(run("review", report_id, "--json").output)
    assert summary["sections"][1] == {"id": "B", "title": "B. Communication and outreach", "no_update": True}

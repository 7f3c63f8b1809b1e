"""The review rules: who may do what, approvals that go stale, the sign-off gate, Word marks."""

import json

import pytest
from docx import Document

from swgtui.exports.docx_writer import default_file_name
from swgtui.exports.files import export_docx
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.dumpfile import dump_report, parse_report
from swgtui.model.template import load_template

from .conftest import complete_sample

T = load_template("annex2")
FOCAL = {"name": "Phoutsavath Sounthala", "organisation": "Ministry of Public Security", "role": "focal point"}
CHAIR = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
REVIEWER = {"name": "Oudone Sisongkham", "organisation": "UNODC", "role": "reviewer"}


def approve_all(report):
    complete_sample(report)
    for part in rp.part_ids(report):
        review.set_status(report, part, "ready", FOCAL)
        review.set_status(report, part, "approve", CHAIR)


def test_who_may_do_what(sample):
    with pytest.raises(review.ReviewError, match="only the focal point marks parts ready"):
        review.set_status(sample, "a1", "ready", CHAIR)
    with pytest.raises(review.ReviewError, match="it must be ready for review first"):
        review.set_status(sample, "a1", "approve", CHAIR)
    assert review.set_status(sample, "a1", "ready", FOCAL) == review.READY
    with pytest.raises(review.ReviewError, match="only a chair, co-chair or reviewer may approve"):
        review.set_status(sample, "a1", "approve", FOCAL)
    with pytest.raises(review.ReviewError, match="a note is required when requesting changes"):
        review.set_status(sample, "a1", "request-changes", REVIEWER)
    assert review.set_status(sample, "a1", "request-changes", REVIEWER, "Add 2021 figures") == review.CHANGES
    assert review.set_status(sample, "a1", "ready", FOCAL) == review.READY
    assert review.set_status(sample, "a1", "approve", REVIEWER) == review.APPROVED
    with pytest.raises(review.ReviewError, match="unknown role 'boss'"):
        review.set_status(sample, "a2", "ready", {**FOCAL, "role": "boss"})
    log = [(e["action"], e["part"], e["by"]["name"]) for e in review.review_log(sample)]
    assert log == [
        ("ready", "a1", "Phoutsavath Sounthala"),
        ("request-changes", "a1", "Oudone Sisongkham"),
        ("ready", "a1", "Phoutsavath Sounthala"),
        ("approve", "a1", "Oudone Sisongkham"),
    ]


def test_an_edit_voids_the_approval_which_stays_on_record(sample):
    review.set_status(sample, "a1", "ready", FOCAL)
    review.set_status(sample, "a1", "approve", CHAIR)
    approved_at = review.approval(sample, "a1")["at"]
    rp.set_field(T, sample, "a2", "notes", "another row changed")
    assert review.part_status(sample, "a1") == review.APPROVED  # other rows do not matter
    rp.set_field(T, sample, "a1", "challenges", "changed after approval")
    assert review.part_status(sample, "a1") == review.STALE
    assert review.STATUS_LABELS[review.STALE] == "changed since approval"
    summary = {p["id"]: p for p in review.review_summary(sample)["parts"]}
    assert summary["a1"]["stale"] and summary["a1"]["approved_by"]["name"] == "Matthew Lord"
    # the same holds after dump and load
    reloaded = parse_report(dump_report(sample))
    assert review.part_status(reloaded, "a1") == review.STALE
    # undoing the edit would make it hold again; re-submitting retires the old approval
    review.set_status(sample, "a1", "ready", FOCAL)
    assert review.approval(sample, "a1") is None
    (past,) = {p["id"]: p for p in review.review_summary(sample)["parts"]}["a1"]["past_approvals"]
    assert past["at"] == approved_at and past["voided_because"] == "content changed since approval"
    assert [e["action"] for e in review.review_log(sample)][-2:] == ["approval voided", "ready"]


def test_comment_threads_reply_resolve_reopen(sample):
    first = review.add_comment(T, sample, "a1", "Add the 2021 seizures", CHAIR, "progress", "20 Border Liaison Offices")
    reply = review.add_comment(T, sample, "", "Added in the second bullet", FOCAL, reply_to=first["id"])
    assert (reply["part"], reply["field"]) == ("a1", "progress")
    assert len(first["id"]) == 26 and first["id"] != reply["id"]  # ULIDs, made on any laptop
    (thread,) = review.threads(sample, "a1")
    assert [c["text"] for c in thread["replies"]] == ["Added in the second bullet"]
    assert review.open_thread_count(sample) == 1
    review.resolve_comment(sample, reply["id"], CHAIR)  # resolving from a reply resolves the thread
    assert review.open_thread_count(sample) == 0
    with pytest.raises(review.ReviewError, match="is resolved already"):
        review.resolve_comment(sample, first["id"], CHAIR)
    review.resolve_comment(sample, first["id"], FOCAL, reopen=True)
    assert review.open_thread_count(sample, "a1") == 1
    events = review.review_data(sample)["events"]
    assert [(e["action"], e["comment"], e["by"]["name"]) for e in events] == [
        ("resolve", first["id"], "Matthew Lord"),
        ("reopen", first["id"], "Phoutsavath Sounthala"),
    ]
    assert [e["seen"] for e in events] == [None, events[0]["id"]]
    assert [e["action"] for e in review.review_log(sample)] == ["comment", "reply", "resolve", "reopen"]
    with pytest.raises(review.ReviewError, match="quoted passage is not in 'Update on progress' of 'Enhanced border"):
        review.add_comment(T, sample, "a1", "x", CHAIR, "progress", "not in the text")
    with pytest.raises(rp.ReportError, match="has no field 'zz'"):
        review.add_comment(T, sample, "a1", "x", CHAIR, "zz")
    with pytest.raises(review.ReviewError, match="no comment 'k99'"):
        review.add_comment(T, sample, "", "x", CHAIR, reply_to="k99")


def test_the_sign_off_gate_and_a_stale_sign_off(sample):
    with pytest.raises(review.ReviewError) as refused:
        review.sign_off(sample, CHAIR)
    assert "'Header block' is not approved (status: draft)" in str(refused.value)
    approve_all(sample)
    comment = review.add_comment(T, sample, "c2", "Mention the forensics lab budget", REVIEWER)
    with pytest.raises(review.ReviewError) as refused:
        review.sign_off(sample, CHAIR)
    assert str(refused.value).endswith(
        "- the comment by Oudone Sisongkham “Mention the forensics lab budget” "
        "on '2. Innovation and technology' is open"
    )
    review.resolve_comment(sample, comment["id"], FOCAL)
    with pytest.raises(review.ReviewError, match="only the chair or a co-chair signs"):
        review.sign_off(sample, REVIEWER)
    review.sign_off(sample, CHAIR, "For the RTIM")
    assert review.signoff_state(sample)[0] == "valid"
    assert review.final_export_blockers(sample) == []
    rp.set_field(T, sample, "c4", "challenges", "late change")
    assert review.signoff_state(sample)[0] == "stale"
    assert review.final_export_blockers(sample) == [
        f"{rp.part_title(T, sample, 'c4')!r} is not approved (status: changed since approval)",
        "the report changed since it was signed off",
    ]


def test_a_sign_off_goes_stale_when_rows_are_reordered(sample):
    approve_all(sample)
    review.sign_off(sample, CHAIR)
    rp.move_row(T, sample, "a2", 1)
    assert review.signoff_state(sample)[0] == "stale"


def test_word_comments_review_record_and_draft_mark(sample, tmp_path):
    first = review.add_comment(T, sample, "a1", "Add the 2021 seizures", CHAIR, "progress", "20 Border Liaison Offices")
    review.add_comment(T, sample, "", "Done", FOCAL, reply_to=first["id"])
    resolved = review.add_comment(T, sample, "c2", "resolved one", CHAIR)
    review.resolve_comment(sample, resolved["id"], CHAIR)
    review.add_comment(T, sample, "header", "Check the e-mails", REVIEWER, "chairs")
    review.set_status(sample, "a2", "ready", FOCAL)
    review.set_status(sample, "a2", "approve", CHAIR)
    assert default_file_name(sample).endswith("-DRAFT.docx")
    document = Document(str(export_docx(sample, tmp_path / default_file_name(sample)).path))
    comments = list(document.comments)
    assert [(c.author, c.initials, c.text.split("\n")[0]) for c in comments] == [
        ("Matthew Lord", "ML", "Add the 2021 seizures"),
        ("Oudone Sisongkham", "OS", "Check the e-mails"),
    ]
    assert "Phoutsavath Sounthala" in comments[0].text and "Done" in comments[0].text
    assert comments[0].timestamp is not None
    body = document.element.body.xml
    assert body.count("w:commentRangeStart") == 2
    header_text = document.sections[0].header.paragraphs[0].text
    assert header_text == "DRAFT — not signed off"
    record = document.tables[1]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in record.rows}
    assert rows["Proper regulations of Special Economic Zones"][1:4] == [
        "approved",
        "Matthew Lord (co-chair)",
        "Embassy of Australia",
    ]
    assert "Not signed off yet." in [p.text for p in document.paragraphs]


def test_a_signed_off_report_has_no_draft_mark(sample, tmp_path):
    approve_all(sample)
    review.sign_off(sample, CHAIR, "Approved at the SWG meeting")
    name = default_file_name(sample)
    assert name == "Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021.docx"
    document = Document(str(export_docx(sample, tmp_path / name).path))
    assert document.sections[0].header.paragraphs[0].text == ""
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("Matthew Lord (co-chair, Embassy of Australia)") for t in texts)
    (event,) = [e for e in json.loads(dump_report(sample))["report"]["review"]["events"] if e["action"] == "sign-off"]
    assert event["note"] == "Approved at the SWG meeting"


def test_ready_and_approve_are_refused_for_an_incomplete_part_with_the_reasons():
    report = rp.new_report(T, "Health Sector Working Group", "2025/2026")
    ms_a = rp.add_contact(T, report, "focal_government", organisation="MoH", name="Ms A", email="x@")
    with pytest.raises(review.ReviewError) as refused:
        review.set_status(report, "header", "ready", FOCAL)
    assert str(refused.value) == (
        "cannot mark 'Header block' ready for review: SWG Chair and Co-Chair(s) is empty; "
        "SWG Secretariat Focal Point – Government Officials: e-mail 'x@' is not valid; "
        "SWG Secretariat Focal Point – Development Partners: nobody is listed"
    )
    assert review.part_status(report, "header") == review.DRAFT and not review.review_log(report)
    rp.set_field(T, report, "header", "chairs", "Ministry of Health, WHO")
    rp.update_contact(T, report, "focal_government", ms_a["id"], "email", "a@moh.gov.la")
    dr_b = rp.add_contact(T, report, "focal_partners", organisation="WHO", name="Dr B", email="b@who.int")
    assert review.set_status(report, "header", "ready", FOCAL) == review.READY
    rp.update_contact(T, report, "focal_partners", dr_b["id"], "email", "b@")  # spoilt after it was marked ready
    with pytest.raises(review.ReviewError, match="cannot approve 'Header block': .*e-mail 'b@' is not valid"):
        review.set_status(report, "header", "approve", CHAIR)
    assert review.part_status(report, "header") == review.READY
    # request changes needs no complete part: it says what is missing
    review.set_status(report, "header", "request-changes", CHAIR, "Fix the WHO e-mail")
    rp.update_contact(T, report, "focal_partners", dr_b["id"], "email", "b@who.int")
    review.set_status(report, "header", "ready", FOCAL)
    assert review.set_status(report, "header", "approve", CHAIR) == review.APPROVED
    # a row with no partner, then one without a narrative; "no update this period" is complete
    with pytest.raises(review.ReviewError, match="no development partner is listed"):
        review.set_status(report, "partners", "ready", FOCAL)
    rp.add_item(T, report, "partners", "Japan")
    with pytest.raises(review.ReviewError, match="development partner 'Japan' has no narrative"):
        review.set_status(report, "partners", "ready", FOCAL)
    rp.set_no_update(report, "partners", True)
    assert review.set_status(report, "partners", "ready", FOCAL) == review.READY


def test_sign_off_needs_every_section_and_part_complete(sample):
    rp.remove_row(T, sample, "b1")  # section B left empty
    approve_all(sample)
    with pytest.raises(review.ReviewError, match="'B. Communication and outreach' has no rows"):
        review.sign_off(sample, CHAIR)
    assert rp.set_section_no_update(sample, "B", True)
    review.sign_off(sample, CHAIR)
    assert review.signoff_state(sample)[0] == "valid"
    rp.set_section_no_update(sample, "B", False)  # unmarking it voids the sign-off
    assert review.signoff_state(sample)[0] == "stale"
    assert not default_file_name(sample).endswith("annex2.docx")


def test_an_incomplete_report_approved_before_the_rule_never_exports_as_final(sample, tmp_path):
    """Approvals and a sign-off recorded without the check (an older store, a hand-edited dump)."""
    old = {"parts": {}, "comments": [], "signoffs": [], "log": []}  # as release 0.1.0 stored a review
    for part in rp.part_ids(sample):
        fingerprint = review.part_fingerprint(sample, part)
        approval = {"by": CHAIR, "at": "2026-01-01T00:00:00+00:00", "fingerprint": fingerprint}
        old["parts"][part] = {"status": review.APPROVED, "approval": approval, "past_approvals": []}
    forged = {"by": CHAIR, "at": "2026-01-02T00:00:00+00:00", "fingerprint": review.report_fingerprint(sample)}
    old["signoffs"].append({**forged, "note": ""})
    sample = parse_report(dump_report({**sample, "review": old}))
    assert all(review.part_status(sample, p) == review.APPROVED for p in rp.part_ids(sample))
    with pytest.raises(review.ReviewError, match="Notes on the situation is empty"):
        review.sign_off(sample, CHAIR)
    assert review.signoff_state(sample)[0] == "stale"
    assert any("Notes on the situation is empty" in b for b in review.final_export_blockers(sample))
    name = default_file_name(sample)
    assert name.endswith("-DRAFT.docx")
    document = Document(str(export_docx(sample, tmp_path / name).path))
    assert document.sections[0].header.paragraphs[0].text.startswith("DRAFT")


def test_the_note_of_request_changes_is_kept_until_approval(sample):
    review.set_status(sample, "a1", "ready", FOCAL)
    review.set_status(sample, "a1", "request-changes", REVIEWER, "Add the 2021 figures")
    request = review.changes_request(sample, "a1")
    assert (request["by"]["name"], request["detail"]) == ("Oudone Sisongkham", "Add the 2021 figures")
    review.set_status(sample, "a1", "ready", FOCAL)  # the reviewer still sees what was asked
    assert review.changes_request(sample, "a1")["detail"] == "Add the 2021 figures"
    summary = {p["id"]: p for p in review.review_summary(sample)["parts"]}
    assert summary["a1"]["changes_requested"]["note"] == "Add the 2021 figures"
    assert summary["a1"]["title"] == "Enhanced border security"
    review.set_status(sample, "a1", "approve", CHAIR)
    assert review.changes_request(sample, "a1") is None
    assert review.review_summary(sample)["parts"][1]["changes_requested"] is None


def test_review_messages_name_parts_and_comments_not_ids(sample):
    comment = review.add_comment(T, sample, "a2", "Which zones?", CHAIR)
    review.resolve_comment(sample, comment["id"], CHAIR)
    with pytest.raises(review.ReviewError) as refused:
        review.resolve_comment(sample, comment["id"], CHAIR)
    assert str(refused.value) == "the comment by Matthew Lord “Which zones?” is resolved already"
    review.set_status(sample, "a2", "ready", FOCAL)
    with pytest.raises(review.ReviewError) as refused:
        review.set_status(sample, "a2", "ready", FOCAL)
    assert "a2" not in str(refused.value) and "is already ready for review" in str(refused.value)
    assert not any(part in " ".join(review.signoff_blockers(sample)).split() for part in rp.part_ids(sample))
    assert "'3. Promoting gender equality and women's empowerment and ac…' is not approved (status: draft)" in (
        review.signoff_blockers(sample)
    )


def test_approvals_are_kept_per_reviewer(sample):
    review.set_status(sample, "a1", "ready", FOCAL)
    review.set_status(sample, "a1", "approve", CHAIR)
    with pytest.raises(review.ReviewError, match="is at 'approved': it must be ready for review first"):
        review.set_status(sample, "a1", "approve", CHAIR)  # once is enough for one reviewer
    assert review.set_status(sample, "a1", "approve", REVIEWER, "Figures checked") == review.APPROVED

    def part():
        return {p["id"]: p for p in review.review_summary(sample)["parts"]}["a1"]

    shown = part()
    assert [(a["by"]["name"], a["note"], a["holds"]) for a in shown["approvals"]] == [
        ("Matthew Lord", "", True),
        ("Oudone Sisongkham", "Figures checked", True),
    ]
    assert shown["approved_by"]["name"] == "Oudone Sisongkham" and not shown["stale"]
    # an edit: both approvals stay, neither holds; one reviewer approves again, the other's stays stale
    rp.set_field(T, sample, "a1", "challenges", "changed after approval")
    assert [a["holds"] for a in part()["approvals"]] == [False, False] and part()["status"] == review.STALE
    review.set_status(sample, "a1", "approve", CHAIR)
    shown = part()
    assert shown["status"] == review.APPROVED and shown["approved_by"]["name"] == "Matthew Lord"
    assert [(a["by"]["name"], a["holds"]) for a in shown["approvals"]] == [
        ("Oudone Sisongkham", False),
        ("Matthew Lord", True),
    ]
    assert [(p["by"]["name"], p["voided_because"]) for p in shown["past_approvals"]] == [
        ("Matthew Lord", "content changed since approval")
    ]
    # request changes voids every reviewer's approval, and says so in the log
    review.set_status(sample, "a1", "request-changes", REVIEWER, "Name the donors")
    shown = part()
    assert shown["status"] == review.CHANGES and shown["approvals"] == [] and shown["approved_by"] is None
    assert [(p["by"]["name"], p["voided_because"]) for p in shown["past_approvals"]] == [
        ("Matthew Lord", "content changed since approval"),
        ("Oudone Sisongkham", "changes requested"),
        ("Matthew Lord", "changes requested"),
    ]
    assert [e["action"] for e in review.review_log(sample)][-3:] == [
        "approval voided",
        "approval voided",
        "request-changes",
    ]
    assert shown["changes_requested"]["note"] == "Name the donors"


def event(action, part="a1", by=CHAIR, **details):
    base = {"id": f"e{event.count}", "action": action, "at": f"2026-01-01T00:00:{event.count:02d}+00:00", "by": by}
    event.count += 1
    defaults = {"part": part, "comment": "", "fingerprint": "", "note": "", "voids": "", "seen": None}
    return {**base, **defaults, **details}


event.count = 0


def test_the_states_are_folded_from_the_events_in_order():
    ready = event("ready", by=FOCAL)
    lord = event("approve", fingerprint="f1")
    oudone = event("approve", by=REVIEWER, fingerprint="f1")
    events = [ready, lord, oudone]
    state = review.fold(events)
    assert state.parts["a1"].status == review.APPROVED and state.parts["a1"].approval() is oudone
    assert review.fold([*events, event("void", voids=oudone["id"], note="withdrawn")]).part("a1").approval() is lord
    withdrawn = review.fold([*events, event("void", voids=oudone["id"]), event("void", voids=lord["id"])]).part("a1")
    assert withdrawn.status == review.READY and [p["by"] for p in withdrawn.past] == [REVIEWER, CHAIR]
    request = event("request-changes", by=REVIEWER, note="More")
    assert review.fold([ready, request]).part("a1").request is request
    assert review.fold([ready, request, event("ready", by=FOCAL)]).part("a1").request is request
    assert review.fold([ready, request, event("approve", seen=request["id"])]).part("a1").request is None
    assert review.fold([]).part("a9").status == review.DRAFT
    resolve, reopen = event("resolve", comment="k1"), event("reopen", comment="k1")
    assert review.fold([resolve]).resolved == {"k1": resolve} and review.fold([resolve, reopen]).resolved == {}
    signed = event("sign-off", part="", fingerprint="r1")
    assert review.fold([signed]).signoffs == [signed]
    assert review.fold([signed, event("void", part="", voids=signed["id"])]).signoffs == []


def test_the_word_review_record_names_every_reviewer_who_approved(sample, tmp_path):
    review.set_status(sample, "a2", "ready", FOCAL)
    review.set_status(sample, "a2", "approve", CHAIR)
    review.set_status(sample, "a2", "approve", REVIEWER)
    document = Document(str(export_docx(sample, tmp_path / "record.docx").path))
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in document.tables[1].rows}
    assert rows["Proper regulations of Special Economic Zones"][1:4] == [
        "approved",
        "Matthew Lord (co-chair)\nOudone Sisongkham (reviewer)",
        "Embassy of Australia\nUNODC",
    ]


# --- dates at the calendar's ends, limits, steps no role may take --------------------------------

LAST_HOUR = "9999-12-31T23:00:00+00:00"  # east of UTC this is in the year 10000, which Python cannot show


@pytest.fixture
def east_of_utc(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Vientiane")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_date_that_cannot_be_shown_locally_is_shown_as_stored(east_of_utc):
    assert review.local_time("2025-06-30T09:15:00+00:00") == "2025-06-30 16:15"
    assert review.local_time(LAST_HOUR) == LAST_HOUR
    assert review.local_time("0001-01-01T00:00:00+05:00", utc=True) == "0001-01-01T00:00:00+05:00"
    assert review.local_time("not a date") == "not a date"


def test_the_word_review_record_shows_a_date_at_the_end_of_the_calendar(sample, tmp_path, east_of_utc):
    approve_all(sample)
    review.sign_off(sample, CHAIR)
    review.review_data(sample)["events"][-1]["at"] = "9999-12-31T23:00:00-05:00"  # UTC is in the year 10000
    texts = [p.text for p in Document(str(export_docx(sample, tmp_path / "out.docx").path)).paragraphs]
    assert any(t.startswith("Matthew Lord (co-chair, Embassy of Australia), 9999-12-31T23:00:00-05:00") for t in texts)


def _events_dump(sample, events, comments=()):
    data = json.loads(dump_report(sample))
    data["report"]["review"] = {"comments": list(comments), "events": events}
    return json.dumps(data)


def _event(n, action, by, part="a1", **more):
    return {"id": f"e{n}", "action": action, "at": "2025-06-30T09:15:00+00:00", "by": by, "part": part, **more}


def test_too_many_events_or_comments_are_refused_on_load_with_one_line(sample):
    events = [_event(n, "ready", FOCAL) for n in range(20_001)]
    with pytest.raises(rp.ReportError) as error:
        parse_report(_events_dump(sample, events), "big.json")
    assert str(error.value) == "big.json: review.events: 20,001 events; a report's review holds at most 20,000"
    comment = {"part": "a1", "text": "x", "by": REVIEWER, "at": "2025-06-30T09:15:00+00:00", "reply_to": None}
    comments = [{**comment, "id": f"k{n}"} for n in range(20_001)]
    with pytest.raises(rp.ReportError, match=r"^big.json: review.comments: 20,001 comments; .* at most 20,000$"):
        parse_report(_events_dump(sample, [], comments), "big.json")
    assert parse_report(_events_dump(sample, events[:20_000]), "big.json")["review"]["events"][-1]["id"] == "e19999"


def test_a_review_at_its_limits_refuses_the_next_step_or_comment_before_writing_anything(sample):
    """What a report may hold on load, it may also reach by use, and no further: the step that
    would pass the limit is refused, so the report always opens again."""
    report = complete_sample(sample)
    template = load_template(report["template"])
    events = [_event(n, "ready", FOCAL, part="header") for n in range(review.MAX_EVENTS)]
    report["review"] = {"comments": [], "events": events}
    with pytest.raises(
        review.ReviewError, match=r"^the review already holds 20,000 steps, the most a report may hold$"
    ):
        review.set_status(report, "a1", "ready", FOCAL)
    assert len(report["review"]["events"]) == review.MAX_EVENTS
    thread = review.add_comment(template, report, "a1", "One comment still fits.", REVIEWER)
    with pytest.raises(review.ReviewError, match="already holds 20,000 steps"):
        review.resolve_comment(report, thread["id"], REVIEWER)
    comments = [{**thread, "id": f"k{n}"} for n in range(review.MAX_COMMENTS)]
    report["review"] = {"comments": comments, "events": []}
    with pytest.raises(review.ReviewError, match=r"^the review already holds 20,000 comments, the most"):
        review.add_comment(template, report, "a1", "One too many.", REVIEWER)
    assert len(report["review"]["comments"]) == review.MAX_COMMENTS


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (_event(3, "approve", FOCAL), "review.events[3].by.role: a focal point cannot approve"),
        (
            _event(3, "request-changes", FOCAL, note="x"),
            "review.events[3].by.role: a focal point cannot request changes",
        ),
        (_event(3, "ready", CHAIR), "review.events[3].by.role: a co-chair cannot mark a part ready for review"),
        (_event(3, "sign-off", REVIEWER, part=""), "review.events[3].by.role: a reviewer cannot sign the report off"),
        (_event(3, "sign-off", CHAIR), "review.events[3].part: a sign-off is of the whole report, not of a part"),
        (
            _event(3, "ready", FOCAL, part="A.2"),
            "review.events[3].part: 'A.2' is not an id (an id is 1 to 64 letters A-Z, digits, - and _)",
        ),
        (
            _event(3, "resolve", REVIEWER, part="a2", comment="k1"),
            "review.events[3].part: 'a2' is not the part of its comment thread",
        ),
    ],
)
def test_steps_the_app_never_writes_are_refused_naming_the_place(sample, event, message):
    comment = {
        "id": "k1",
        "part": "a1",
        "text": "x",
        "by": REVIEWER,
        "at": "2025-06-30T09:15:00+00:00",
        "reply_to": None,
    }
    earlier = [_event(0, "ready", FOCAL), _event(1, "approve", CHAIR), _event(2, "resolve", CHAIR, comment="k1")]
    with pytest.raises(rp.ReportError) as error:
        parse_report(_events_dump(sample, [*earlier, event], [comment]), "odd.json")
    assert str(error.value) == f"odd.json: {message}"


def test_steps_on_a_removed_row_still_load(sample):
    events = [_event(0, "ready", FOCAL, part="a99"), _event(1, "approve", CHAIR, part="a99")]
    assert len(parse_report(_events_dump(sample, events))["review"]["events"]) == 2


def test_the_events_are_folded_once_for_all_parts(sample, monkeypatch):
    for part in rp.part_ids(sample)[:3]:
        review.set_status(sample, part, "ready", FOCAL)
    folds = []
    real = review.fold
    monkeypatch.setattr(review, "fold", lambda events: folds.append(1) or real(events))
    statuses = [review.part_status(sample, part) for part in rp.part_ids(sample)]
    assert statuses[:3] == [review.READY] * 3 and len(folds) == 1
    review.set_status(sample, "a5", "ready", FOCAL)  # a new event: folded again
    assert review.part_status(sample, "a5") == review.READY


async def test_the_app_opens_a_part_reviewed_at_the_end_of_the_calendar(store_path, east_of_utc, monkeypatch):
    from swgtui.app import make_app
    from swgtui.sample import sample_report
    from swgtui.store import ReportStore
    from swgtui.widgets.review_panel import ReviewPanel

    from .test_app import SIZE, go_to, settle

    monkeypatch.setattr(rp, "now_iso", lambda: LAST_HOUR)
    report = complete_sample(sample_report())
    review.set_status(report, "a1", "ready", FOCAL)
    review.set_status(report, "a1", "approve", CHAIR)
    review.add_comment(T, report, "a1", "Is this the 2021 figure?", REVIEWER)
    store = ReportStore(store_path, holder="swgtui app").open()
    store.add(report)
    app = make_app(store)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await settle(pilot)
            screen = await go_to(pilot, "a1")
            panel = str(screen.form.query_one(ReviewPanel).render())
            assert f"approved by Matthew Lord (co-chair, Embassy of Australia), {LAST_HOUR}" in panel
            assert f"Oudone Sisongkham (reviewer, UNODC), {LAST_HOUR}: Is this the 2021 figure?" in panel
            await pilot.press("ctrl+g")  # the sign-off screen
            await pilot.pause()
            assert type(pilot.app.screen).__name__ == "SignOffScreen"
            table = pilot.app.screen.query_one("DataTable")
            assert any(LAST_HOUR in str(table.get_row_at(n)) for n in range(table.row_count))
            await pilot.press("escape", "ctrl+l")  # the review log
            await pilot.pause()
            assert LAST_HOUR in str(pilot.app.screen.query_one("DataTable").get_row_at(0))
    finally:
        store.close()

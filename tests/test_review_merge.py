"""Merging review records made on several laptops: one order on every laptop, requests beat
concurrent approvals, reopens beat concurrent resolves, and parts in conflict refuse steps."""

import copy
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.dumpfile import dump_report, parse_report
from swgtui.model.review_merge import canonical_order, knew_directly, merge_review
from swgtui.model.schema import report_from_json, report_to_json
from swgtui.model.template import load_template
from swgtui.sample import sample_report

from .conftest import RELEASE_0_1_0, complete_sample

T = load_template("annex2")
FOCAL = {"name": "Phoutsavath Sounthala", "organisation": "Ministry of Public Security", "role": "focal point"}
CHAIR = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
REVIEWER = {"name": "Oudone Sisongkham", "organisation": "UNODC", "role": "reviewer"}
MINISTRY = {"name": "Khamla Vongsa", "organisation": "Ministry of Foreign Affairs", "role": "chair"}


def received(report, other):
    """`report` after receiving `other`'s review: (the merged copy, comments added, events added)."""
    merged, comments, events = merge_review(review.review_data(report), review.review_data(other))
    report = copy.deepcopy(report)
    report["review"] = copy.deepcopy(merged)
    return report, comments, events


def summary(report):
    """What `swgtui review --json` prints, as text (so two copies compare exactly)."""
    return json.dumps(review.review_summary(report), sort_keys=True)


def reloaded(report):
    """The report as the store would read it back: the merged record passes every load check."""
    return report_from_json(report_to_json(report))


def later():
    """Ids are ULIDs: waiting a little makes the next id sort after every id made so far."""
    time.sleep(0.003)


@pytest.fixture
def ready():
    """The sample, complete, with row a2 marked ready for review, as sent to the co-chairs."""
    report = complete_sample(sample_report())
    review.set_status(report, "a2", "ready", FOCAL)
    return report


def test_a_request_for_changes_beats_an_approval_made_without_knowing_it(ready):
    asks, approves = copy.deepcopy(ready), copy.deepcopy(ready)
    review.set_status(asks, "a2", "request-changes", REVIEWER, "Name the donors")
    later()  # the approval is the later act and comes later in the merged order
    review.set_status(approves, "a2", "approve", CHAIR)
    one, comments, events = received(asks, approves)
    other, *added = received(approves, asks)
    assert (comments, events) == (0, 1) and added == [0, 1]
    assert [e["action"] for e in review.review_data(one)["events"]] == ["ready", "request-changes", "approve"]
    assert review.review_data(one)["events"] == review.review_data(other)["events"]
    assert summary(one) == summary(other) == summary(reloaded(one))
    (part,) = [p for p in review.review_summary(one)["parts"] if p["id"] == "a2"]
    assert part["status"] == review.CHANGES
    assert part["changes_requested"]["note"] == "Name the donors"
    assert [(a["by"], a["holds"]) for a in part["approvals"]] == [(CHAIR, True)]  # listed all the same
    blocker = "'Proper regulations of Special Economic Zones' is not approved (status: changes requested)"
    assert blocker in review.signoff_blockers(one)


def test_an_approval_made_after_receiving_the_request_clears_it(ready):
    asks, approves = copy.deepcopy(ready), copy.deepcopy(ready)
    review.set_status(asks, "a2", "request-changes", REVIEWER, "Name the donors")
    review.set_status(approves, "a2", "approve", CHAIR)
    merged, *_ = received(approves, asks)
    heads = sorted(e["id"] for e in review.review_data(merged)["events"][1:])
    assert review.set_status(merged, "a2", "ready", FOCAL, "Donors named") == review.READY
    void, marked = review.review_data(merged)["events"][-2:]  # "ready" voids the approval first
    assert (void["after"], marked["after"]) == (heads, [void["id"]])  # the first names both acts it knew
    assert review.set_status(merged, "a2", "approve", REVIEWER) == review.APPROVED
    back, _, events = received(asks, merged)  # the reviewer receives the answer
    assert events == 4  # the chair's approval, its void by "ready" (marked again), the ready, the approval
    assert review.part_status(back, "a2") == review.APPROVED
    assert summary(back) == summary(merged)


def test_approvals_are_checked_against_the_content_after_the_merge(ready):
    chair, focal = copy.deepcopy(ready), copy.deepcopy(ready)
    rp.set_field(T, focal, "a2", "challenges", "Two zones still lack rules.")  # the text both now hold
    review.set_status(focal, "a2", "approve", REVIEWER)
    later()
    review.set_status(chair, "a2", "approve", CHAIR)  # of the text before the edit, and the latest
    merged, *_ = received(focal, chair)
    (part,) = [p for p in review.review_summary(merged)["parts"] if p["id"] == "a2"]
    assert part["status"] == review.APPROVED and part["approved_by"] == REVIEWER and not part["stale"]
    assert [(a["by"], a["holds"]) for a in part["approvals"]] == [(REVIEWER, True), (CHAIR, False)]
    assert review.approval(merged, "a2")["by"] == REVIEWER and review.approval_holds(merged, "a2")
    chair_only, *_ = received(copy.deepcopy(ready) | {"sections": focal["sections"]}, chair)
    assert review.part_status(chair_only, "a2") == review.STALE  # "changed since approval"


def test_a_reopen_beats_a_resolve_made_without_knowing_it(ready):
    thread = review.add_comment(T, ready, "a2", "Which donors?", CHAIR)
    reopens, resolves = copy.deepcopy(ready), copy.deepcopy(ready)
    review.resolve_comment(reopens, thread["id"], FOCAL)
    review.resolve_comment(reopens, thread["id"], CHAIR, reopen=True)  # "not answered yet"
    later()
    review.resolve_comment(resolves, thread["id"], FOCAL)  # made last, placed last: still open
    for merged in (received(reopens, resolves)[0], received(resolves, reopens)[0]):
        assert [e["action"] for e in review.review_data(merged)["events"]][1:] == ["resolve", "reopen", "resolve"]
        assert review.open_thread_count(merged, "a2") == 1
        assert [t["state"] for t in review.review_summary(merged)["threads"]] == ["open"]
    review.resolve_comment(merged, thread["id"], FOCAL)  # who has seen the reopen may resolve
    assert review.open_thread_count(merged) == 0


def test_merging_is_idempotent_and_the_same_from_either_side(ready):
    a, b = copy.deepcopy(ready), copy.deepcopy(ready)
    review.add_comment(T, a, "a2", "Looks good", CHAIR)
    review.set_status(b, "a1", "ready", FOCAL)
    merged, comments, events = received(a, b)
    assert (comments, events) == (0, 1)
    again, comments, events = received(merged, b)
    assert (comments, events) == (0, 0) and again["review"] == merged["review"]
    assert received(merged, merged)[0]["review"] == merged["review"]
    assert received(b, a)[0]["review"] == merged["review"]


def test_a_reply_written_on_a_laptop_whose_clock_is_behind_stays_after_its_comment(ready):
    a = copy.deepcopy(ready)
    first = review.add_comment(T, a, "a2", "Which donors?", CHAIR)
    reply = review.add_comment(T, a, "a2", "Japan and the EU", FOCAL, reply_to=first["id"])
    reply["at"] = "2020-01-01T00:00:00+00:00"
    merged, *_ = received(ready, a)
    assert [c["id"] for c in review.review_data(merged)["comments"]] == [first["id"], reply["id"]]
    assert reloaded(merged)["review"] == merged["review"]


def test_the_package_an_event_came_in_is_the_smaller_given_and_otherwise_the_local_version_stays(ready):
    a, b = copy.deepcopy(ready), copy.deepcopy(ready)
    (event_a,), (event_b,) = review.review_data(a)["events"], review.review_data(b)["events"]
    event_a["package"], event_b["package"], event_b["note"] = "P2", "P1", "edited by hand"
    for one, other in ((a, b), (b, a)):
        (event,) = received(one, other)[0]["review"]["events"]
        assert event["package"] == "P1" and event["note"] == review.review_data(one)["events"][0]["note"]
    del event_b["package"]
    assert received(b, a)[0]["review"]["events"][0]["package"] == "P2"
    assert "package" not in review.review_data(b)["events"][0]  # the copies merged are left as they were


def test_a_release_0_1_0_record_keeps_its_order_and_meaning_when_merged():
    dump = (RELEASE_0_1_0 / "in-review.dump.json").read_text(encoding="utf-8")
    old = parse_report(dump, "in-review.dump.json")
    events = review.review_data(old)["events"]
    assert events and not any("after" in e for e in events)
    assert canonical_order(reversed(events)) == events  # "seen" chains them
    chair = copy.deepcopy(old)
    ready_part = next(p["id"] for p in review.review_summary(old)["parts"] if p["status"] == review.READY)
    review.set_status(chair, ready_part, "approve", CHAIR)
    merged, _, added = received(old, chair)
    assert added == 1 and review.review_data(merged)["events"] == review.review_data(chair)["events"]
    assert summary(merged) == summary(chair) and review.part_status(merged, ready_part) == review.APPROVED
    before = json.loads(summary(old))
    after = json.loads(summary(merged))
    assert [p for p in after["parts"] if p["id"] != ready_part] == [p for p in before["parts"] if p["id"] != ready_part]


# --- the property: any laptops, any acts, any order of exchange -----------------------------------

REVIEWERS = (CHAIR, REVIEWER, MINISTRY)
PARTS = ("a1", "a2")

act = st.one_of(
    st.tuples(st.just("step"), st.sampled_from(PARTS), st.sampled_from(review.ACTIONS), st.sampled_from(REVIEWERS)),
    st.tuples(st.just("comment"), st.sampled_from(PARTS), st.sampled_from((FOCAL, *REVIEWERS))),
    st.tuples(st.just("resolve"), st.integers(0, 9), st.sampled_from((FOCAL, *REVIEWERS))),
)


def _do(report, what):
    """One review act as a person would take it: the focal point marks ready, a reviewer
    approves or asks for changes; a thread is resolved when open, reopened when resolved."""
    try:
        if what[0] == "step":
            _, part, action, person = what
            review.set_status(report, part, action, FOCAL if action == "ready" else person, "see the comment")
        elif what[0] == "comment":
            review.add_comment(T, report, what[1], "a remark", what[2])
        elif review.review_data(report)["comments"]:
            threads = review.threads(report)
            thread = threads[what[1] % len(threads)]
            review.resolve_comment(report, thread["id"], what[2], reopen=bool(thread["resolved"]))
    except review.ReviewError:
        pass  # not allowed at this point: the app would not have offered it


@pytest.fixture(scope="module")
def base():
    report = complete_sample(sample_report())
    review.set_status(report, "a1", "ready", FOCAL)
    return report


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), laptops=st.integers(2, 3))
def test_laptops_holding_the_same_acts_show_the_same_review_whatever_the_order(base, data, laptops):
    copies = [copy.deepcopy(base) for _ in range(laptops)]
    acting = st.tuples(st.just("act"), st.integers(0, laptops - 1), act)
    sending = st.tuples(st.just("send"), st.integers(0, laptops - 1), st.integers(0, laptops - 1))
    plan = st.one_of(acting, acting, sending)
    for what, laptop, detail in data.draw(st.lists(plan, min_size=6, max_size=30)):
        if what == "act":
            _do(copies[laptop], detail)
        else:
            copies[detail] = received(copies[detail], copies[laptop])[0]
    assert received(copies[0], copies[1])[0]["review"] == received(copies[1], copies[0])[0]["review"]
    for n in range(laptops):  # each receives every other's copy, in an order of its own
        for other in data.draw(st.permutations([m for m in range(laptops) if m != n])):
            copies[n] = received(copies[n], copies[other])[0]
    for other in copies[1:]:
        assert review.review_data(other)["events"] == review.review_data(copies[0])["events"]
        assert review.review_data(other)["comments"] == review.review_data(copies[0])["comments"]
        assert summary(other) == summary(copies[0])
        assert received(other, copies[0])[1:] == (0, 0)
    events = review.review_data(copies[0])["events"]
    placed = {e["id"]: n for n, e in enumerate(events)}
    assert all(placed[seen] < placed[e["id"]] for e in events for seen in knew_directly(e))
    assert summary(reloaded(copies[0])) == summary(copies[0])


# --- parts in conflict ---------------------------------------------------------------------------


def in_conflict(report, part="a2"):
    report["conflicts"] = [{"part": part, "field": "progress", "heads": ["01A", "01B"]}]
    return f"'{rp.part_title(T, report, part)}' is in conflict: settle it first (swgtui conflicts {report['id']})"


def test_a_part_in_conflict_cannot_be_marked_ready_or_approved(ready):
    refusal = in_conflict(ready)
    with pytest.raises(review.ReviewError) as error:
        review.set_status(ready, "a2", "approve", CHAIR)
    assert str(error.value) == refusal
    review.set_status(ready, "a2", "request-changes", CHAIR, "Settle the two versions")  # asking is fine
    with pytest.raises(review.ReviewError) as error:
        review.set_status(ready, "a2", "ready", FOCAL)
    assert str(error.value) == refusal
    assert review.set_status(ready, "a1", "ready", FOCAL) == review.READY  # other parts go on
    assert review.parts_in_conflict(ready) == {"a2"}
    ready["conflicts"] = []
    assert review.set_status(ready, "a2", "ready", FOCAL) == review.READY and not review.parts_in_conflict(ready)


def test_a_report_with_a_part_in_conflict_cannot_be_signed_off_or_exported_final(ready):
    for part in rp.part_ids(ready):
        if review.part_status(ready, part) != review.READY:
            review.set_status(ready, part, "ready", FOCAL)
        review.set_status(ready, part, "approve", CHAIR)
    review.sign_off(ready, CHAIR)
    assert review.final_export_blockers(ready) == []
    refusal = in_conflict(ready, "header")
    assert review.final_export_blockers(ready) == [refusal]
    with pytest.raises(review.ReviewError) as error:
        review.sign_off(ready, MINISTRY)
    assert str(error.value) == f"the report cannot be signed off yet:\n- {refusal}"
    assert review.signoff_state(ready)[0] == "stale"
    assert review.stale_reason(ready) == "'Header block' is in conflict since it was signed off"


def test_the_load_checks_refuse_a_bad_after_or_package(ready):
    review.set_status(ready, "a2", "approve", CHAIR)
    text = dump_report(ready)
    data = json.loads(text)
    data["report"]["review"]["events"][1]["after"] = ["nowhere"]
    with pytest.raises(rp.ReportError, match=r"^x.json: review.events\[1\].after: no event 'nowhere'$"):
        parse_report(json.dumps(data), "x.json")
    data["report"]["review"]["events"][1]["after"] = ["a"] * 65
    with pytest.raises(rp.ReportError, match=r"^x.json: review.events\[1\].after: names 65 events; .* at most 64$"):
        parse_report(json.dumps(data), "x.json")
    data["report"]["review"]["events"][1]["after"] = []
    data["report"]["review"]["events"][1]["package"] = "a b"
    with pytest.raises(rp.ReportError, match=r"^x.json: review.events\[1\].package: 'a b' is not an id"):
        parse_report(json.dumps(data), "x.json")
    data["report"]["review"]["events"][1]["package"] = "01PACKAGE"
    assert review.review_data(parse_report(json.dumps(data), "x.json"))["events"][1]["package"] == "01PACKAGE"

"""Stores and dumps written by release 0.1.0 (tests/fixtures/release-0.1.0, see made_by.py there)
open unchanged in meaning: the review they stored as states is converted into events that give
the same statuses, approvals, threads, sign-offs and log, and the commands print what 0.1.0 did."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.model import review
from swgtui.model.dumpfile import dump_report, parse_dump
from swgtui.model.report import ReportError
from swgtui.model.schema import SCHEMA_VERSION, InvalidReportError, check_report
from swgtui.store import ReportStore
from swgtui.store.repository import StoreError

from .conftest import release_0_1_0_store

RELEASE = Path(__file__).parent / "fixtures" / "release-0.1.0"
REPORTS = ("idswg-2020-2021", "7b0aabad", "4c01123f")  # signed off, in review, rolled over
DUMPS = {"signed": "idswg-2020-2021", "in-review": "7b0aabad", "rolled-over": "4c01123f"}


def run(*args):
    return CliRunner().invoke(main, list(args))


def kept(name: str):
    return json.loads((RELEASE / name).read_text(encoding="utf-8"))


def same_meaning(old, new, where="") -> None:
    """Every key 0.1.0 printed is printed with the same value (keys may be added)."""
    if isinstance(old, dict):
        assert isinstance(new, dict), where
        for key, value in old.items():
            assert key in new, f"{where}.{key} is missing"
            same_meaning(value, new[key], f"{where}.{key}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), where
        for n, (a, b) in enumerate(zip(old, new, strict=True)):
            same_meaning(a, b, f"{where}[{n}]")
    else:
        assert old == new, f"{where}: {old!r} became {new!r}"


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    """A copy of the store 0.1.0 wrote (the copy is opened, never the kept files)."""
    return release_0_1_0_store(tmp_path)


@pytest.mark.parametrize("report_id", REPORTS)
def test_review_show_and_export_of_an_old_store_print_what_0_1_0_printed(old_store, tmp_path, report_id):
    result = run("--db", str(old_store), "review", report_id, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    old = kept(f"review-{report_id}.json")
    same_meaning(old, summary)
    for part in summary["parts"]:  # each approval shown per reviewer: 0.1.0 had one at most
        shown = [{"by": a["by"], "at": a["at"], "holds": a["holds"]} for a in part["approvals"]]
        one = {"by": part["approved_by"], "at": part["approved_at"], "holds": not part["stale"]}
        assert shown == ([one] if part["approved_by"] else [])
    result = run("--db", str(old_store), "show", report_id, "--json")
    assert result.exit_code == 0, result.output
    same_meaning(kept(f"show-{report_id}.json"), json.loads(result.output))
    result = run("--db", str(old_store), "export", report_id, "--format", "md")
    assert result.exit_code == 0, result.output
    exported = Path(result.output.strip().splitlines()[-1])
    assert exported.read_text(encoding="utf-8") == (RELEASE / f"export-{report_id}.md").read_text(encoding="utf-8")


def test_the_states_0_1_0_showed_are_all_there(old_store):
    """What the kept files hold, so that the comparison above compares something."""
    summary = json.loads(run("--db", str(old_store), "review", "7b0aabad", "--json").output)
    parts = {p["id"]: p for p in summary["parts"]}
    assert [parts[p]["status"] for p in ("header", "a1", "a2", "a3", "a4")] == [
        "ready",
        "changed_since_approval",
        "changed_since_approval",
        "changes_requested",
        "draft",
    ]
    assert parts["a1"]["approved_by"]["name"] == "Mr Lord" and parts["a1"]["stale"]
    assert parts["a3"]["changes_requested"]["note"] == "Say who funded it."
    assert [t["state"] for t in summary["threads"]] == ["open", "open"]
    signed = json.loads(run("--db", str(old_store), "review", "idswg-2020-2021", "--json").output)
    assert signed["signoff"]["state"] == "valid" and signed["blockers"] == []
    assert signed["threads"][0]["resolved"]["by"]["name"] == "Ms Vanh Phommachanh"


def test_the_list_of_an_old_store_is_what_0_1_0_listed_and_its_mark_is_upgraded(old_store):
    result = run("--db", str(old_store), "list", "--json")
    assert result.exit_code == 0, result.output
    same_meaning(kept("list.json"), json.loads(result.output))
    assert json.loads(old_store.read_text(encoding="utf-8"))["store"]["1"]["schema"] == 1  # listing writes nothing
    ReportStore(old_store, holder="tests").open().close()
    mark = json.loads(old_store.read_text(encoding="utf-8"))["store"]
    assert list(mark.values()) == [{"mark": "swgtui-store", "schema": SCHEMA_VERSION}] and SCHEMA_VERSION == 2


def test_an_old_store_opened_read_only_keeps_its_mark(old_store):
    with ReportStore(old_store, writable=False, holder="tests") as store:
        assert review.signoff_state(store.get("idswg-2020-2021"))[0] == "valid"
    assert json.loads(old_store.read_text(encoding="utf-8"))["store"]["1"]["schema"] == 1


@pytest.mark.parametrize("name", DUMPS)
def test_an_old_dump_gives_the_same_events_every_time_and_the_states_0_1_0_showed(name):
    text = (RELEASE / f"{name}.dump.json").read_text(encoding="utf-8")
    first, history = parse_dump(text)
    second, _ = parse_dump(text)
    assert first.get("review") == second.get("review")  # the same event ids on every laptop
    same_meaning(kept(f"review-{DUMPS[name]}.json"), json.loads(json.dumps(review.review_summary(first))))
    old = json.loads(text)["report"].get("review")
    if old is None:  # the rolled-over report was never reviewed
        assert review.review_log(first) == [] and history
        return
    events = first["review"]["events"]
    assert len({e["id"] for e in events}) == len(events) and all(len(e["id"]) == 26 for e in events)
    assert [e["seen"] for e in events] == [None] + [e["id"] for e in events[:-1]]
    assert review.review_log(first) == old["log"]  # the log 0.1.0 kept, entry by entry
    assert {c["id"] for c in first["review"]["comments"]} == {c["id"] for c in old["comments"]}  # k1 stays k1


def test_an_old_dump_whose_log_does_not_fit_its_states_gives_the_same_states():
    """A hand-edited record: the log is gone; the events are made from the states."""
    data = json.loads((RELEASE / "in-review.dump.json").read_text(encoding="utf-8"))
    expected = kept("review-7b0aabad.json")
    data["report"]["review"]["log"] = []
    report, _ = parse_dump(json.dumps(data))
    summary = json.loads(json.dumps(review.review_summary(report)))
    for part, old in zip(summary["parts"], expected["parts"], strict=True):
        keys = ("status", "approved_by", "approved_at", "stale", "past_approvals", "open_comments")
        assert {k: part[k] for k in keys} == {k: old[k] for k in keys}
    assert [t["state"] for t in summary["threads"]] == [t["state"] for t in expected["threads"]]
    assert summary["signoff"] == expected["signoff"] and summary["blockers"] == expected["blockers"]


def test_saving_and_reopening_keeps_the_meaning(old_store):
    with ReportStore(old_store, holder="tests") as store:
        before = {rid: review.review_summary(store.get(rid)) for rid in REPORTS}
        for rid in REPORTS:
            store.save(store.get(rid))
    for rid in ("idswg-2020-2021", "7b0aabad"):
        stored = json.loads((old_store.parent / "store.reports" / f"{rid}.json").read_text(encoding="utf-8"))
        assert set(next(iter(stored["report"].values()))["review"]) == {"comments", "events"}
    with ReportStore(old_store, holder="tests") as store:
        after = {rid: review.review_summary(store.get(rid)) for rid in REPORTS}
        dumped = parse_dump(dump_report(store.get("7b0aabad")))[0]
    assert after == before
    assert review.review_summary(dumped) == before["7b0aabad"]
    assert json.loads(dump_report(dumped))["version"] == 2


def test_newer_dumps_and_stores_are_refused(tmp_path, old_store):
    data = json.loads((RELEASE / "in-review.dump.json").read_text(encoding="utf-8"))
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**data, "version": 3}), encoding="utf-8")
    result = run("load", str(newer))
    assert result.exit_code == 1 and "has report format version 3; this swgtui reads 1 and 2" in result.output
    old_store.write_text(json.dumps({"store": {"1": {"mark": "swgtui-store", "schema": 3}}}), encoding="utf-8")
    with pytest.raises(StoreError, match="has store schema 3; this swgtui reads 1 and 2"):
        ReportStore(old_store, holder="tests").open()


def test_contact_ids_do_not_change_what_was_approved_and_signed():
    report, _ = parse_dump((RELEASE / "signed.dump.json").read_text(encoding="utf-8"))
    for n, contact in enumerate(report["header"]["contacts"]["focal_government"]):
        contact["id"] = f"01J0000000000000000000000{n}"
    assert review.part_status(report, "header") == review.APPROVED
    assert review.signoff_state(report)[0] == "valid"
    report["header"]["contacts"]["focal_government"][0]["email"] = "changed@example.org"
    assert review.part_status(report, "header") == review.STALE


def test_a_report_with_events_is_checked_strictly():
    report, _ = parse_dump((RELEASE / "signed.dump.json").read_text(encoding="utf-8"))
    dumped = json.loads(dump_report(report))["report"]
    events = dumped["review"]["events"]
    resolve = next(n for n, e in enumerate(events) if e["action"] == "resolve")
    sign_off = next(n for n, e in enumerate(events) if e["action"] == "sign-off")
    for change, message in [
        (lambda r: r["review"]["events"][0].update(action="veto"), "review.events[0].action: unknown action 'veto'"),
        (lambda r: r["review"]["events"][resolve].update(comment=""), f"review.events[{resolve}].comment: missing"),
        (
            lambda r: r["review"]["events"][resolve].update(comment="k2"),
            f"review.events[{resolve}].comment: no comment thread 'k2'",
        ),
        (lambda r: r["review"]["events"][1]["by"].update(role="boss"), "review.events[1].by.role: unknown role"),
        (lambda r: r["review"]["events"][2].update(at="yesterday"), "review.events[2].at: 'yesterday' is not a date"),
        (lambda r: r["review"]["events"][3].update(seen="nothing"), "review.events[3].seen: no event 'nothing'"),
        (lambda r: r["review"]["events"][4].update(id=events[0]["id"]), "review.events[4].id: id '"),
        (
            lambda r: r["review"]["events"].append({**events[sign_off], "id": "x", "action": "void", "voids": "y"}),
            f"review.events[{len(events)}].voids: no earlier sign-off 'y'",
        ),
        (lambda r: r["review"]["comments"][0].update(seen=3), "review.comments[0].seen: expected text"),
    ]:
        broken = json.loads(json.dumps(dumped))
        change(broken)
        with pytest.raises(InvalidReportError) as refused:
            check_report(broken)
        assert str(refused.value).startswith(message), str(refused.value)


def test_an_old_review_with_a_voided_approval_keeps_it_and_its_log():
    """As 0.1.0 stored a part approved, edited, re-submitted and approved again."""
    report, _ = parse_dump((RELEASE / "in-review.dump.json").read_text(encoding="utf-8"))
    data = json.loads((RELEASE / "in-review.dump.json").read_text(encoding="utf-8"))
    focal = {"name": "Ms Vanh", "organisation": "MPS", "role": "focal point"}
    chair = {"name": "Mr Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
    fingerprint = review.part_fingerprint(report, "a4")
    first = {"by": chair, "at": "2026-01-01T10:00:01+00:00", "fingerprint": "0123456789abcdef", "note": "ok"}
    past = {**first, "voided_at": "2026-01-02T10:00:00+00:00", "voided_because": "content changed since approval"}
    second = {"by": chair, "at": "2026-01-03T10:00:00+00:00", "fingerprint": fingerprint, "note": ""}
    log = [
        {"at": "2026-01-01T10:00:00+00:00", "by": focal, "action": "ready", "part": "a4", "detail": ""},
        {"at": "2026-01-01T10:00:02+00:00", "by": chair, "action": "approve", "part": "a4", "detail": "ok"},
        {**log_entry(focal, "approval voided", "2026-01-02T10:00:00+00:00"), "detail": past["voided_because"]},
        log_entry(focal, "ready", "2026-01-02T10:00:01+00:00"),
        log_entry(chair, "approve", "2026-01-03T10:00:00+00:00"),
    ]
    data["report"]["review"] = {
        "parts": {"a4": {"status": "approved", "approval": second, "past_approvals": [past]}},
        "comments": [],
        "signoffs": [],
        "log": log,
        "counter": 0,
    }
    converted, _ = parse_dump(json.dumps(data))
    (part,) = [p for p in review.review_summary(converted)["parts"] if p["id"] == "a4"]
    assert (part["status"], part["approved_at"], part["stale"]) == ("approved", second["at"], False)
    assert part["past_approvals"] == [past]
    assert [e["action"] for e in converted["review"]["events"]] == ["ready", "approve", "void", "ready", "approve"]
    expected = [
        {**entry, "at": first["at"]} if entry["action"] == "approve" and n == 1 else entry
        for n, entry in enumerate(log)
    ]
    assert review.review_log(converted) == expected  # the approval's own time, as stored
    # re-submitting now would void the approval that holds no longer, as 0.1.0 did
    converted["sections"][0]["rows"][3]["fields"]["progress"] += " More."
    review.set_status(converted, "a4", "ready", focal)
    assert [p["voided_because"] for p in review.review_summary(converted)["parts"][4]["past_approvals"]] == [
        "content changed since approval",
        "content changed since approval",
    ]


def log_entry(by, action, at):
    return {"at": at, "by": by, "action": action, "part": "a4", "detail": ""}


def _in_review_dump():
    return kept("in-review.dump.json")


def _round_trip(data) -> dict:
    """Load a dump, write it and load what was written: what is read can be written and read again."""
    report, history = parse_dump(json.dumps(data), "old.json")
    again, _ = parse_dump(dump_report(report, history), "new.json")
    assert again["review"] == report["review"]
    return report


def test_a_resolved_reply_resolves_its_thread_and_the_converted_review_reads_back():
    data = _in_review_dump()
    resolved = {
        "by": {"name": "Ms Keo", "organisation": "UNODC", "role": "reviewer"},
        "at": "2026-11-28T08:00:00+00:00",
    }
    data["report"]["review"]["comments"][1]["resolved"] = resolved  # k2, a reply to k1: 0.1.0 accepted it
    report = _round_trip(data)
    assert [c["id"] for c in report["review"]["comments"]] == ["k1", "k2", "k3"]  # no comment lost
    (thread,) = [t for t in review.threads(report) if t["id"] == "k1"]
    assert thread["resolved"] == resolved
    resolves = [e for e in report["review"]["events"] if e["action"] == "resolve"]
    assert [(e["comment"], e["part"]) for e in resolves] == [("k1", "a1")]


def test_a_part_without_an_id_is_left_out_and_its_comments_kept():
    data = _in_review_dump()
    old = data["report"]["review"]
    old["parts"][""] = {"status": "ready", "approval": None, "past_approvals": []}
    by = old["log"][0]["by"]
    old["log"].append({"at": "2026-11-28T08:00:00+00:00", "by": by, "action": "ready", "part": "", "detail": ""})
    old["comments"].append({**old["comments"][2], "id": "k9", "part": "", "text": "On no part"})
    report = _round_trip(data)
    assert all(e["part"] or e["action"] in ("sign-off", "void", "resolve") for e in report["review"]["events"])
    assert "k9" in [c["id"] for c in report["review"]["comments"]]
    unchanged, _ = parse_dump(json.dumps(_in_review_dump()), "old.json")
    assert review.review_summary(report)["parts"] == review.review_summary(unchanged)["parts"]  # the rest is kept


def test_a_0_1_0_dump_that_cannot_be_converted_names_the_file_and_the_old_place():
    data = _in_review_dump()
    data["report"]["review"]["log"][0]["by"]["role"] = "chair"  # the chair marks the header ready
    with pytest.raises(ReportError) as error:
        parse_dump(json.dumps(data), "in-review.json")
    assert str(error.value) == (  # a place of the 0.1.0 file, not of the converted form
        "in-review.json: review.log[0]: cannot be converted (by.role: a chair cannot mark a part ready for review)"
    )
    data = _in_review_dump()
    data["report"]["review"]["signoffs"] = [{**data["report"]["review"]["parts"]["a1"]["approval"]}]
    data["report"]["review"]["signoffs"][0]["by"]["role"] = "reviewer"
    with pytest.raises(ReportError) as error:
        parse_dump(json.dumps(data), "in-review.json")
    assert str(error.value) == (
        "in-review.json: review.signoffs[0]: cannot be converted (by.role: a reviewer cannot sign the report off)"
    )


def test_a_review_with_events_and_old_states_is_refused_naming_the_place():
    report, _ = parse_dump(json.dumps(_in_review_dump()), "old.json")
    data = json.loads(dump_report(report, []))
    data["report"]["review"]["parts"] = _in_review_dump()["report"]["review"]["parts"]
    with pytest.raises(ReportError) as error:
        parse_dump(json.dumps(data), "mixed.json")
    assert str(error.value) == (
        "mixed.json: review.parts: "
        "a review with events cannot also hold release 0.1.0's parts, signoffs, log or counter"
    )

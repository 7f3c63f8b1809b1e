"""Suggestions on the command line: listing them (text and JSON), accepting and rejecting one
by its id, the start of it or its position, and every refusal in one line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from swgtui import paths
from swgtui.cli import main
from swgtui.cli.suggestions import marked_diff
from swgtui.model import suggestions as sg
from swgtui.model.merge_graph import heads
from swgtui.store import ReportStore
from tests.test_concurrency import HOLDER

SAMPLE = "idswg-2020-2021"
REVIEWER = {"name": "Mr Lord", "organisation": "Embassy of the United Kingdom", "role": "reviewer"}
WHEN = "2026-03-02T10:16:00+00:00"
EXPORTED = "Line one.\nLine two.\nLine three.\nLine four."
KEYS = [
    "id",
    "position",
    "part",
    "part_title",
    "field",
    "field_label",
    "author",
    "by",
    "at",
    "before",
    "after",
    "state",
    "outlook",
    "source",
    "tracked",
]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def refused(*args: str) -> str:
    """The one line a refused command says (exit status 1, no traceback)."""
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr.removeprefix("Error: ").strip()


@pytest.fixture
def suggested(store_path: Path) -> list[dict]:
    """The sample, a2's progress reading EXPORTED, with two suggestions from a reviewed file:
    one on a2's progress (made from its head), one on a3's notes."""
    ok("sample")
    ok("whoami", "--name", "Noy Focal", "--org", "Ministry of Public Security", "--role", "focal point")
    ok("set", SAMPLE, "a2", "progress", EXPORTED)
    with ReportStore(store_path, holder="tests") as store:
        report = store.get(SAMPLE)
        (base,) = heads(store.history(SAMPLE, "a2", "progress"))
        first = sg.add(
            report,
            "a2",
            "progress",
            base["id"],
            EXPORTED,
            "Line one.\nLine 2, better.\nLine three.\nLine four.",
            REVIEWER,
            "2026-03-02T10:15:00+00:00",
            "Annex2.docx (export 01EXPORT)",
            True,
        )
        time.sleep(0.005)  # ids are ULIDs: the second's starts differently
        second = sg.add(report, "a3", "notes", None, "", "Notes from Mr Lord.", REVIEWER, WHEN, "", False)
        store.save(report)
    assert first is not None and second is not None
    return [first, second]


def listed(*args: str) -> list[dict]:
    return json.loads(ok("suggestions", SAMPLE, "--json", *args).stdout)


def test_the_listing_shows_who_when_where_the_outlook_and_the_change_word_by_word(suggested):
    out = ok("suggestions", SAMPLE[:6]).stdout
    first, *_ = out.split("\n\n")
    assert first.splitlines() == [
        "suggestions.1  Mr Lord (reviewer, Embassy of the United Kingdom), "
        + sg.review.local_time("2026-03-02T10:15:00+00:00")
        + " — Proper regulations of Special Economic Zones (A.2): Update on progress — accepting it: applies",
        "    Line one.",
        "    Line [-two-]{+2, better+}.",
        "    Line three.",
        "    Line four.",
        f"  id {suggested[0]['id']}, a tracked change from Annex2.docx (export 01EXPORT)",
    ]
    assert "suggestions.2  Mr Lord" in out and "{+Notes from Mr Lord.+}" in out
    assert out.endswith(f"To accept one: swgtui accept {SAMPLE} ID; to reject one: swgtui reject {SAMPLE} ID\n")
    assert marked_diff("a b c", "a x c d") == "a [-b-]{+x+} c{+ d+}"


def test_the_json_lists_every_key_of_the_design(suggested):
    entries = listed()
    assert [list(entry) for entry in entries] == [KEYS, KEYS]
    first = entries[0]
    assert first["id"] == suggested[0]["id"] and first["position"] == "suggestions.1"
    assert (first["part"], first["part_title"], first["field"], first["field_label"]) == (
        "a2",
        "Proper regulations of Special Economic Zones",
        "progress",
        "Update on progress",
    )
    assert (first["author"], first["by"], first["state"], first["outlook"]) == ("Mr Lord", REVIEWER, "open", "applies")
    assert (first["before"], first["tracked"], entries[1]["tracked"]) == (EXPORTED, True, False)
    assert entries[1]["field_label"] == "Notes on the situation"


def test_accept_by_position_writes_the_reviewers_text_and_lists_it_as_accepted(suggested):
    said = ok("accept", SAMPLE, "suggestions.1").stdout
    assert said == (
        "accepted Mr Lord's suggestion for 'Update on progress' in 'Proper regulations of Special Economic Zones' "
        "(A.2): the field now reads the reviewer's text\n"
    )
    shown = json.loads(ok("show", SAMPLE, "--json").stdout)
    row = next(r for s in shown["sections"] for r in s["rows"] if r["id"] == "a2")
    assert row["fields"]["progress"] == suggested[0]["after"]
    history = json.loads(ok("history", SAMPLE, "a2", "progress", "--json").stdout)
    assert (history[-1]["by"], history[-1]["accepted_by"]["name"]) == (REVIEWER, "Noy Focal")
    assert "Mr Lord, accepted by Noy Focal" in ok("history", SAMPLE, "a2", "progress").stdout
    assert [e["id"] for e in listed()] == [suggested[1]["id"]]  # a3's is now suggestions.1
    every = listed("--all")
    assert [(e["state"], e["position"], e["outlook"]) for e in every] == [
        ("accepted", None, None),
        ("open", "suggestions.1", "conflicts"),
    ]
    assert "accepted  Mr Lord" in ok("suggestions", SAMPLE, "--all").stdout


def test_reject_by_the_start_of_its_id_keeps_the_text_and_the_note(suggested):
    target = suggested[1]["id"]
    start = next(target[:n] for n in range(4, len(target)) if not suggested[0]["id"].startswith(target[:n]))
    said = ok("reject", SAMPLE, start.lower(), "--note", "We keep the notes as they are").stdout
    assert said.startswith("rejected Mr Lord's suggestion for 'Notes on the situation' in 'Enhanced Evidence")
    report = json.loads(ok("dump", SAMPLE).stdout)["report"]
    event = report["review"]["events"][-1]
    assert (event["action"], event["suggestion"], event["note"]) == ("reject", target, "We keep the notes as they are")
    assert next(r for s in report["sections"] for r in s["rows"] if r["id"] == "a3")["fields"]["notes"].startswith(
        "Laos is increasingly"
    )
    (entry,) = [e for e in listed("--all") if e["id"] == target]
    assert entry["state"] == "rejected"
    assert ok("suggestions", SAMPLE).stdout.count("suggestions.") == 1


def test_a_merge_and_a_conflict_are_said_with_what_to_do(suggested):
    ok("set", SAMPLE, "a2", "progress", "Line one.\nLine two.\nLine three.\nLine four, mine.")
    assert listed()[0]["outlook"] == "merges"
    assert ok("accept", SAMPLE, suggested[0]["id"]).stdout.endswith(
        ": merged with the changes made to the field since it was exported\n"
    )
    said = ok("accept", SAMPLE, suggested[1]["id"]).stdout
    assert said.endswith(f"the field is in conflict (settle it: swgtui conflicts {SAMPLE})\n")
    assert "Notes on the situation — 2 versions in conflict" in ok("conflicts", SAMPLE).stdout


def test_every_refusal_is_one_line(suggested, store_path):
    first, second = (s["id"] for s in suggested)
    common = next(n for n in range(len(first)) if first[n] != second[n])
    ambiguous = refused("accept", SAMPLE, first[: max(common, 4)])
    assert ambiguous.startswith(f"{first[: max(common, 4)]!r} could be 2 suggestions: {first} (Mr Lord's suggestion")
    assert ambiguous.endswith("; type more of the id")
    assert refused("accept", SAMPLE, "nothing") == (
        "the report has no suggestion 'nothing' (give its id, the start of it, or its position like "
        f"suggestions.1: see swgtui suggestions {SAMPLE})"
    )
    assert refused("reject", SAMPLE, "suggestions.3") == "the report has no open suggestion 3 (it has 2)"
    ok("accept", SAMPLE, first)
    event = json.loads(ok("dump", SAMPLE).stdout)["report"]["review"]["events"][-1]
    assert refused("reject", SAMPLE, first) == (
        "Mr Lord's suggestion for 'Update on progress' in 'Proper regulations of Special Economic Zones' (A.2) "
        f"was accepted by Noy Focal on {sg.review.local_time(event['at'])[:10]}"
    )
    assert refused("accept", "nope", first).startswith("no report 'nope' in ")
    shutil.rmtree(paths.config_dir())  # who is acting is not known
    assert refused("accept", SAMPLE, second).startswith("who are you? Run: swgtui whoami")


def test_a_store_in_use_refuses_in_one_line_and_changes_nothing(suggested, store_path, monkeypatch):
    from swgtui.cli import base

    monkeypatch.setattr(base, "LOCK_WAIT", 0.2)
    report_file = store_path.with_name("store.reports") / f"{SAMPLE}.json"
    before = report_file.read_bytes()
    app = subprocess.Popen([sys.executable, "-c", HOLDER, str(store_path), "30"], stdout=subprocess.PIPE, text=True)
    assert app.stdout.readline().strip() == "ready"
    try:
        assert refused("accept", SAMPLE, "suggestions.1").startswith("the store is in use by swgtui app (process ")
        assert refused("reject", SAMPLE, "suggestions.1").startswith("the store is in use by swgtui app (process ")
    finally:
        app.kill()
        app.wait()
    assert report_file.read_bytes() == before


def test_suggestions_and_their_decisions_travel_in_review_packages(focal, cochair):
    """The focal point holds a suggestion; the co-chair receives the report, accepts it and
    sends it back: the focal point's copy then reads the reviewer's text, by the reviewer,
    accepted by the co-chair."""
    focal.ok("set", SAMPLE, "a2", "progress", EXPORTED)
    cochair.receive(focal.send())
    with ReportStore(Path(focal.env["SWGTUI_DB"]), holder="tests") as store:
        report = store.get(SAMPLE)
        (base,) = heads(store.history(SAMPLE, "a2", "progress"))
        made = sg.add(report, "a2", "progress", base["id"], EXPORTED, "Line one.", REVIEWER, WHEN, "A.docx", True)
        assert made is not None
        store.save(report)
    _, summary = cochair.receive(focal.send())
    assert summary.endswith(": 1 suggestion added")
    (entry,) = json.loads(cochair.ok("suggestions", SAMPLE, "--json").stdout)
    assert (entry["id"], entry["outlook"]) == (made["id"], "applies")
    cochair.ok("accept", SAMPLE, "suggestions.1")
    _, summary = focal.receive(cochair.send())
    assert "1 field taken" in summary and "1 review step added" in summary
    (entry,) = json.loads(focal.ok("suggestions", SAMPLE, "--all", "--json").stdout)
    assert entry["state"] == "accepted"
    history = json.loads(focal.ok("history", SAMPLE, "a2", "progress", "--json").stdout)
    assert (history[-1]["text"], history[-1]["by"]) == ("Line one.", REVIEWER)
    assert history[-1]["accepted_by"] == {**REVIEWER, "role": "co-chair"}  # the co-chair's laptop
    assert focal.show() == cochair.show()

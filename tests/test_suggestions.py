"""A reviewer's suggestions (swgtui.model.suggestions): added once, listed, found, accepted as
a revision by the reviewer (taken, merged three-way, or left in conflict), rejected, merged
between copies, and every fault of their stored form refused on load by its place."""

from __future__ import annotations

import copy
import json

import pytest

from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model import suggestions as sg
from swgtui.model.dumpfile import dump_report, parse_report
from swgtui.model.merge import merge_report
from swgtui.model.merge_graph import heads
from swgtui.model.package import make_package, parse_package
from swgtui.model.schema import report_from_json, report_to_json
from swgtui.model.template import load_template, template_data
from swgtui.sample import sample_report
from swgtui.session import ReadOnlyError
from swgtui.store import ReportStore
from swgtui.workspace import Workspace

T = load_template("annex2")
SAMPLE = "idswg-2020-2021"
REVIEWER = {"name": "Mr Lord", "organisation": "Embassy of the United Kingdom", "role": "reviewer"}
OTHER = {"name": "Ms Khan", "organisation": "UNODC", "role": "reviewer"}
FOCAL = {"name": "Noy Focal", "organisation": "Ministry of Public Security", "role": "focal point"}
CHAIR = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
WHEN = "2026-03-02T10:15:00+00:00"
LINES = ["Line one.", "Line two.", "Line three.", "Line four.", "Line five."]
EXPORTED = "\n".join(LINES)
A2 = r"'Update on progress' in 'Proper regulations of Special Economic Zones' \(A.2\)"


def lines(**changed: str) -> str:
    """EXPORTED with some lines changed: lines(two="Line 2.")."""
    names = ["one", "two", "three", "four", "five"]
    return "\n".join(changed.get(name, line) for name, line in zip(names, LINES, strict=True))


@pytest.fixture
def workspace(store_path):
    """The sample in a store, its history complete, a2's progress reading EXPORTED (as exported)."""
    with Workspace(ReportStore(store_path, holder="tests")) as reports:
        reports.add(sample_report())
        session = reports.open(SAMPLE, FOCAL)
        session.set_field("a2", "progress", EXPORTED)
        session.save()
        yield reports


def head(reports: Workspace, part: str = "a2", field: str = "progress") -> dict:
    (only,) = heads(reports.store.history(SAMPLE, part, field))
    return only


def suggest(reports: Workspace, after: str, base: str | None = "head", before: str = EXPORTED, by=REVIEWER) -> dict:
    """A suggestion on a2's progress made from `base` (its head now, unless given), saved."""
    report = reports.get(SAMPLE)
    base_id = head(reports)["id"] if base == "head" else base
    made = sg.add(report, "a2", "progress", base_id, before, after, by, WHEN, "Annex2.docx (export 01X)", True)
    assert made is not None
    reports.store.save(report)
    return made


def edit(reports: Workspace, text: str, part: str = "a2", field: str = "progress") -> None:
    session = reports.open(SAMPLE, FOCAL)
    session.set_field(part, field, text)
    session.save()


def accept(reports: Workspace, suggestion: dict, person=FOCAL) -> str:
    return reports.open(SAMPLE, person).accept_suggestion(suggestion["id"])


def progress(reports: Workspace) -> str:
    return rp.get_field(T, reports.get(SAMPLE), "a2", "progress")


# --- adding, listing, finding ----------------------------------------------------------------


def test_a_suggestion_is_stored_once_and_read_back_open(workspace):
    made = suggest(workspace, lines(two="Line two, changed."))
    report = workspace.get(SAMPLE)
    assert report["review"]["suggestions"] == [made]
    again = sg.add(report, "a2", "progress", made["base"], EXPORTED, made["after"], REVIEWER, WHEN, "x.docx", False)
    assert again is None  # receiving the same file twice adds nothing
    assert sg.suggestions(report) == [made] and sg.state_of(report, made["id"]) == "open"
    assert sg.outlook(report, workspace.store.full_history(SAMPLE), made) == "applies"


def test_add_refuses_what_would_not_load_back(workspace):
    report = workspace.get(SAMPLE)
    with pytest.raises(rp.ReportError, match=r"^a suggestion's field must be an id, not 'a b'$"):
        sg.add(report, "a2", "a b", None, "", "x", REVIEWER, WHEN, "x.docx", False)
    with pytest.raises(rp.ReportError, match=r"^a suggestion's time must be a date and time, not 'yesterday'$"):
        sg.add(report, "a2", "progress", None, "", "x", REVIEWER, "yesterday", "x.docx", False)
    with pytest.raises(review.ReviewError, match=r"^unknown role 'boss'"):
        sg.add(report, "a2", "progress", None, "", "x", {**REVIEWER, "role": "boss"}, WHEN, "x.docx", False)
    with pytest.raises(rp.ReportError, match=r"^a suggestion's text is longer than 200,000 characters"):
        sg.add(report, "a2", "progress", None, "", "x" * 200_001, REVIEWER, WHEN, "x.docx", False)
    assert "suggestions" not in report.get("review", {})


def test_find_by_id_start_and_position(workspace):
    first = suggest(workspace, lines(two="Line two!"))
    second = suggest(workspace, lines(one="Line one!"))
    report = workspace.get(SAMPLE)
    assert sg.find(report, first["id"].lower()) == first
    assert sg.find(report, "suggestions.2") == sg.suggestions(report)[1]
    common = next(n for n in range(len(first["id"])) if first["id"][n] != second["id"][n])
    assert sg.find(report, second["id"][: max(common + 1, 4)]) == second
    with pytest.raises(rp.ReportError, match=f"could be 2 suggestions: .*Mr Lord's suggestion for {A2}.*type more"):
        sg.find(report, first["id"][: max(common, 4)])
    with pytest.raises(rp.ReportError, match=r"^the report has no open suggestion 3 \(it has 2\)$"):
        sg.find(report, "suggestions.3")
    with pytest.raises(rp.ReportError, match=r"^the report has no open suggestion 9{20} \(it has 2\)$"):
        sg.find(report, "suggestions." + "9" * 5000)
    with pytest.raises(rp.ReportError, match=r"^the report has no suggestion 'nothing' \(give its id"):
        sg.find(report, "nothing")
    with pytest.raises(rp.ReportError, match=r"^'01' is too short to name a suggestion: give at least 4"):
        sg.find(report, "01")


# --- accepting ---------------------------------------------------------------------------------


def test_accepting_on_an_unchanged_field_takes_the_text_as_a_revision_by_the_reviewer(workspace):
    after = lines(two="Line two, as the reviewer wrote it.")
    base = head(workspace)
    made = suggest(workspace, after)
    assert accept(workspace, made) == "taken"
    assert progress(workspace) == after  # read back from the store
    revision = head(workspace)
    assert revision["text"] == after and revision["parent"] == base["id"]
    assert revision["by"] == REVIEWER and revision["accepted_by"] == FOCAL
    report = workspace.get(SAMPLE)
    event = report["review"]["events"][-1]
    assert (event["action"], event["suggestion"], event["part"], event["by"]) == ("accept", made["id"], "a2", FOCAL)
    assert sg.state_of(report, made["id"]) == "accepted" and sg.suggestions(report) == []
    assert sg.suggestions(report, None) == [made]


def test_accepting_on_a_field_changed_since_merges_three_way(workspace):
    made = suggest(workspace, lines(two="Line two, by the reviewer."))
    edit(workspace, lines(four="Line four, by the focal point."))
    mine = head(workspace)
    assert sg.outlook(workspace.get(SAMPLE), workspace.store.full_history(SAMPLE), made) == "merges"
    assert accept(workspace, made) == "merged"
    assert progress(workspace) == lines(two="Line two, by the reviewer.", four="Line four, by the focal point.")
    history = workspace.store.full_history(SAMPLE)
    reviewers = next(r for r in history if r.get("accepted_by"))
    assert (reviewers["by"], reviewers["accepted_by"], reviewers["parent"]) == (REVIEWER, FOCAL, made["base"])
    merge = head(workspace)
    assert sorted(merge["parents"]) == sorted([mine["id"], reviewers["id"]])
    assert "conflicts" not in workspace.get(SAMPLE)


def test_overlapping_changes_leave_the_field_in_conflict_to_settle(workspace):
    made = suggest(workspace, lines(two="Line two, by the reviewer."))
    edit(workspace, lines(two="Line two, by the focal point."))
    mine = head(workspace)
    assert sg.outlook(workspace.get(SAMPLE), workspace.store.full_history(SAMPLE), made) == "conflicts"
    assert accept(workspace, made) == "conflict"
    report = workspace.get(SAMPLE)
    reviewers = next(r for r in workspace.store.full_history(SAMPLE) if r.get("accepted_by"))
    assert report["conflicts"] == [{"part": "a2", "field": "progress", "heads": sorted([mine["id"], reviewers["id"]])}]
    assert sg.state_of(report, made["id"]) == "accepted"
    session = workspace.open(SAMPLE, FOCAL)
    (listed,) = session.conflicts()
    assert listed["base"] == EXPORTED
    assert {h["text"] for h in listed["heads"]} == {made["after"], lines(two="Line two, by the focal point.")}
    session.take_head("a2", "progress", reviewers["id"])
    session.save()
    assert progress(workspace) == made["after"] and "conflicts" not in workspace.get(SAMPLE)


def test_a_suggestion_without_a_known_base_is_compared_with_the_current_text(workspace):
    applies = suggest(workspace, lines(two="Line 2."), base=None)
    assert accept(workspace, applies) == "taken"  # the field read `before`
    assert head(workspace)["accepted_by"] == FOCAL
    # from another laptop: its base is unknown here, but a revision here reads its `before`
    merges = suggest(workspace, lines(four="Line 4."), base="01UNKNOWNEXPORT")
    assert accept(workspace, merges) == "merged"
    assert progress(workspace) == lines(two="Line 2.", four="Line 4.")
    # a `before` no revision here ever read: merged three-way against it as text
    before = lines(one="Line 1.", two="Line 2.", four="Line 4.")
    by_text = suggest(workspace, lines(one="Line 1.", two="Line 2.", four="Line 4.", five="Line 5."), None, before)
    mine = head(workspace)
    assert sg.outlook(workspace.get(SAMPLE), workspace.store.full_history(SAMPLE), by_text) == "merges"
    assert accept(workspace, by_text) == "merged"
    assert progress(workspace) == lines(two="Line 2.", four="Line 4.", five="Line 5.")
    merge = head(workspace)
    reviewers = next(
        r for r in workspace.store.full_history(SAMPLE) if r.get("accepted_by") and r["id"] in merge["parents"]
    )
    assert sorted(merge["parents"]) == sorted([mine["id"], reviewers["id"]])
    assert (reviewers["by"], reviewers["accepted_by"], reviewers["text"]) == (REVIEWER, FOCAL, by_text["after"])
    mine = head(workspace)
    clashes = suggest(workspace, lines(one="Line uno."), None, lines(one="Line 1."))
    assert sg.outlook(workspace.get(SAMPLE), workspace.store.full_history(SAMPLE), clashes) == "conflicts"
    assert accept(workspace, clashes) == "conflict"
    (conflict,) = workspace.get(SAMPLE)["conflicts"]
    versions = {r["id"]: r for r in workspace.store.full_history(SAMPLE)}
    assert mine["id"] in conflict["heads"] and progress(workspace) == mine["text"]
    (theirs,) = [versions[h] for h in conflict["heads"] if h != mine["id"]]
    assert (theirs["text"], theirs["accepted_by"], theirs["parent"]) == (clashes["after"], FOCAL, None)


def test_a_title_the_reviewer_changed_is_taken_or_in_conflict(workspace):
    report = workspace.get(SAMPLE)
    row = rp.add_row(T, report, "A", "Border posts")
    workspace.store.save(report, author=dict(FOCAL))
    title = heads(workspace.store.history(SAMPLE, row["id"], "title"))[0]
    report = workspace.get(SAMPLE)
    made = sg.add(
        report, row["id"], "title", title["id"], "Border posts", "Border checkpoints", REVIEWER, WHEN, "x", True
    )
    assert made is not None
    workspace.store.save(report)
    assert accept(workspace, made) == "taken"
    assert rp.find_row(workspace.get(SAMPLE), row["id"])[1]["title"] == "Border checkpoints"


def test_accepting_refuses_what_the_fields_own_setter_refuses(workspace):
    """An emptied title (as `rename-row a2 ""`), a title over 500 characters, an emptied SWG
    name: refused with the setter's message, nothing changed."""
    report = workspace.get(SAMPLE)
    title = heads(workspace.store.history(SAMPLE, "a2", "title"))
    name = heads(workspace.store.history(SAMPLE, rp.HEADER_ID, "swg_name"))
    cases = [
        ("a2", "title", title, rp.find_row(report, "a2")[1]["title"], "", "^the title is empty$"),
        ("a2", "title", title, rp.find_row(report, "a2")[1]["title"], "x" * 501, "^a row's title is longer than 500"),
        (rp.HEADER_ID, "swg_name", name, rp.swg_name(report), " ", "^the SWG name is empty; a report needs one"),
    ]
    made = []
    for part, field, base, before, after, _ in cases:
        base_id = base[0]["id"] if base else None
        made.append(sg.add(report, part, field, base_id, before, after, REVIEWER, WHEN, "x", True))
    workspace.store.save(report)
    saved = workspace.get(SAMPLE)
    for suggestion, (*_, message) in zip(made, cases, strict=True):
        with pytest.raises(rp.ReportError, match=message):
            accept(workspace, suggestion)
    assert workspace.get(SAMPLE) == saved


def test_accept_and_reject_refuse_a_suggestion_no_longer_open(workspace):
    made = suggest(workspace, lines(two="Line two?"))
    session = workspace.open(SAMPLE, CHAIR)
    session.reject_suggestion(made["id"], "  keep the original  ")
    session.save()
    report = workspace.get(SAMPLE)
    event = report["review"]["events"][-1]
    assert (event["action"], event["note"], event["by"]) == ("reject", "keep the original", CHAIR)
    assert sg.state_of(report, made["id"]) == "rejected" and progress(workspace) == EXPORTED
    day = review.local_time(event["at"])[:10]
    refusal = f"^Mr Lord's suggestion for {A2} was rejected by Matthew Lord on {day}$"
    with pytest.raises(review.ReviewError, match=refusal):
        accept(workspace, made)
    with pytest.raises(review.ReviewError, match=refusal):
        workspace.open(SAMPLE, FOCAL).reject_suggestion(made["id"])
    assert workspace.get(SAMPLE) == report  # nothing changed


def test_accepting_is_refused_on_a_read_only_session_and_on_a_removed_row(workspace, store_path):
    made = suggest(workspace, lines(two="Line two?"))
    with pytest.raises(ReadOnlyError, match="is open read-only; nothing was changed$"):
        workspace.open(SAMPLE, FOCAL, read_only=True).accept_suggestion(made["id"])
    report = workspace.get(SAMPLE)
    row = rp.add_row(T, report, "A", "Border posts")
    workspace.store.save(report)
    report = workspace.get(SAMPLE)
    gone = sg.add(report, row["id"], "notes", None, "", "New notes", REVIEWER, WHEN, "x", True)
    rp.remove_row(T, report, row["id"])
    workspace.store.save(report)
    assert sg.outlook(workspace.get(SAMPLE), [], gone) == "gone"
    with pytest.raises(
        review.ReviewError,
        match=r"^Mr Lord's suggestion for 'notes' in a removed row cannot be accepted: it is no longer there$",
    ):
        accept(workspace, gone)


def test_an_accepted_revision_is_kept_in_a_dump_and_its_accepted_by_checked(workspace):
    accept(workspace, suggest(workspace, lines(two="Line 2.")))
    text = workspace.dump(SAMPLE)
    assert '"accepted_by"' in text
    data = json.loads(text)
    revision = next(r for r in data["history"] if r.get("accepted_by"))
    revision["accepted_by"] = {"name": "", "organisation": "", "role": "reviewer"}
    with pytest.raises(rp.ReportError, match=r"accepted_by.name: empty"):
        workspace.load(json.dumps(data))


# --- merging two copies ---------------------------------------------------------------------


def test_two_copies_carrying_suggestions_and_their_decisions_merge(workspace):
    made = suggest(workspace, lines(two="Line 2."))
    history = workspace.store.full_history(SAMPLE)
    mine, theirs = workspace.get(SAMPLE), workspace.get(SAMPLE)
    other = sg.add(theirs, "a2", "notes", None, "", "Notes by Ms Khan", OTHER, WHEN, "y.docx", False)
    assert other is not None
    sg.reject(theirs, other["id"], CHAIR, "not needed")
    accepted = sg.accept(mine, history, made["id"], FOCAL, T)
    mine, mine_history = accepted.report, [*history, *accepted.new_revisions]
    one = merge_report(mine, mine_history, theirs, history, T).report
    two = merge_report(theirs, history, mine, mine_history, T).report
    for merged in (one, two):
        merged = report_from_json(report_to_json(merged))  # passes the load checks
        assert {s["id"] for s in merged["review"]["suggestions"]} == {made["id"], other["id"]}
        assert sg.state_of(merged, made["id"]) == "accepted" and sg.state_of(merged, other["id"]) == "rejected"
        assert rp.get_field(T, merged, "a2", "progress") == lines(two="Line 2.")
    assert one["review"]["suggestions"] == two["review"]["suggestions"]


def test_an_accept_beats_a_reject_made_on_another_laptop_without_knowing_it(workspace):
    made = suggest(workspace, lines(two="Line 2."))
    history = workspace.store.full_history(SAMPLE)
    mine, theirs = workspace.get(SAMPLE), workspace.get(SAMPLE)
    sg.reject(theirs, made["id"], CHAIR)
    accepted = sg.accept(mine, history, made["id"], FOCAL, T)
    merged = merge_report(theirs, history, accepted.report, [*history, *accepted.new_revisions], T).report
    assert sg.state_of(merged, made["id"]) == "accepted"  # its text is in the field


def test_a_package_carries_the_suggestions_in_the_report_and_at_its_top(workspace):
    made = suggest(workspace, lines(two="Line 2."))
    report = workspace.get(SAMPLE)
    data = make_package("01PKG", WHEN, FOCAL, report, [], "annex2", template_data("annex2"))
    package = parse_package(data)
    assert package.report["review"]["suggestions"] == [made]
    import gzip

    assert json.loads(gzip.decompress(data))["content"]["suggestions"] == [made]


# --- the stored form, checked on load ---------------------------------------------------------


def _with_suggestion() -> dict:
    report = sample_report()
    made = sg.add(report, "a2", "progress", None, "old", "new", REVIEWER, WHEN, "x.docx", True)
    assert made is not None
    sg.reject(report, made["id"], CHAIR)
    return json.loads(dump_report(report))


def test_a_report_without_suggestions_reads_and_writes_as_before():
    report = report_from_json(report_to_json(sample_report()))
    assert "suggestions" not in report.get("review", {})
    data = _with_suggestion()
    loaded = parse_report(json.dumps(data), "x.json")
    assert loaded["review"]["suggestions"] == data["report"]["review"]["suggestions"]
    assert report_to_json(loaded)["review"]["suggestions"] == data["report"]["review"]["suggestions"]


FAULTS = [
    (lambda s, e: s.update(id="a b"), r"review.suggestions\[0\].id: 'a b' is not an id"),
    (lambda s, e: s.update(part=""), r"review.suggestions\[0\].part: '' is not an id"),
    (lambda s, e: s.update(field="a.name"), r"review.suggestions\[0\].field: 'a.name' is not an id"),
    (lambda s, e: s.update(base=7), r"review.suggestions\[0\].base: expected text"),
    (lambda s, e: s.update(before=None), r"review.suggestions\[0\].before: expected text"),
    (lambda s, e: s.update(after="x" * 200_001), r"review.suggestions\[0\].after: the text is longer than 200,000"),
    (lambda s, e: s["by"].update(role="boss"), r"review.suggestions\[0\].by.role: unknown role 'boss'"),
    (lambda s, e: s.update(at="soon"), r"review.suggestions\[0\].at: 'soon' is not a date and time"),
    (lambda s, e: s.update(source=["x"]), r"review.suggestions\[0\].source: expected text"),
    (lambda s, e: s.update(tracked="yes"), r"review.suggestions\[0\].tracked: expected true or false"),
    (lambda s, e: e.pop("suggestion"), r"review.events\[0\].suggestion: expected text"),
    (lambda s, e: e.update(suggestion="01NONE"), r"review.events\[0\].suggestion: no suggestion '01NONE'"),
    (lambda s, e: e.update(part="a3"), r"review.events\[0\].part: 'a3' is not the part of its suggestion"),
    (lambda s, e: e.update(action="accept", part="header"), r"review.events\[0\].part: 'header' is not the part"),
    (lambda s, e: e["by"].update(role="boss"), r"review.events\[0\].by.role: unknown role 'boss'"),
    (lambda s, e: e.update(action="resolve"), r"review.events\[0\].comment: missing: the comment thread to resolve"),
    (
        lambda s, e: e.update(action="request-changes"),
        r"review.events\[0\].suggestion: only an accept or a reject names a suggestion, not 'request-changes'",
    ),
]


@pytest.mark.parametrize(("spoil", "message"), FAULTS)
def test_every_fault_of_a_suggestion_or_its_decision_is_refused_by_its_place(spoil, message):
    data = _with_suggestion()
    (suggestion,) = data["report"]["review"]["suggestions"]
    (event,) = data["report"]["review"]["events"]
    spoil(suggestion, event)
    with pytest.raises(rp.ReportError, match=f"^x.json: {message}"):
        parse_report(json.dumps(data), "x.json")


def test_a_suggestion_id_used_twice_and_too_many_suggestions_are_refused():
    data = _with_suggestion()
    suggestions = data["report"]["review"]["suggestions"]
    suggestions.append(copy.deepcopy(suggestions[0]))
    with pytest.raises(rp.ReportError, match=r"review.suggestions\[1\].id: id '.*' is used twice$"):
        parse_report(json.dumps(data), "x.json")
    suggestions[:] = [{**suggestions[0], "id": f"s{n}"} for n in range(20_001)]
    data["report"]["review"]["events"] = []
    with pytest.raises(rp.ReportError, match=r"review.suggestions: 20,001 suggestions; .* at most 20,000$"):
        parse_report(json.dumps(data), "x.json")


def test_the_session_saves_what_was_typed_first_and_keeps_its_report_object(workspace):
    made = suggest(workspace, lines(two="Line 2."))
    session = workspace.open(SAMPLE, FOCAL)
    shown = session.report  # what the app's screens hold
    session.set_field("a3", "notes", "Typed, not saved yet.")
    assert session.suggestions() == [made]
    assert session.accept_suggestion(made["id"]) == "taken"
    assert session.report is shown and rp.get_field(T, shown, "a2", "progress") == lines(two="Line 2.")
    assert not session.unsaved and session.suggestions() == [] and session.suggestions(None) == [made]
    assert rp.get_field(T, workspace.get(SAMPLE), "a3", "notes") == "Typed, not saved yet."
    (typed,) = heads(workspace.store.history(SAMPLE, "a3", "notes"))
    assert typed["by"] == FOCAL and "accepted_by" not in typed  # typed text is the focal point's own
    with pytest.raises(review.ReviewError, match="who is acting is not known"):
        workspace.open(SAMPLE).reject_suggestion(made["id"])


@pytest.mark.parametrize(("part", "field"), [("partners", "p2"), ("header", "chairs")])
def test_a_partners_narrative_and_a_header_field_take_a_suggestion(workspace, part, field):
    report = workspace.get(SAMPLE)
    workspace.store.save(report, touch=False, author=dict(FOCAL), complete_history=True)
    (base,) = heads(workspace.store.history(SAMPLE, part, field))
    made = sg.add(report, part, field, base["id"], base["text"], base["text"] + " And more.", REVIEWER, WHEN, "", True)
    assert made is not None
    workspace.store.save(report)
    assert accept(workspace, made) == "taken"
    assert rp.get_field(T, workspace.get(SAMPLE), part, field) == made["after"]
    assert head(workspace, part, field)["accepted_by"] == FOCAL

"""Fields in conflict as people meet them: `show --json`, `swgtui conflicts` (JSON and text),
settling with `swgtui set` or `--take`, read back from the store and its history."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from swgtui.cli import main
from swgtui.identity import save_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.ids import new_id
from swgtui.model.template import load_template
from swgtui.model.types import Revision
from swgtui.sample import sample_report
from swgtui.store import ReportStore
from swgtui.store.history import HistoryLog

T = load_template("annex2")
VANH = {"name": "Ms Vanh", "organisation": "Ministry of Health", "role": "focal point"}
LORD = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
BASE = "Seizures rose.\nTraining went on in two provinces.\nThe border posts were equipped."
VANH_TEXT = "Seizures rose.\nTraining went on in four provinces.\nThe border posts were equipped."
LORD_TEXT = "Seizures rose.\nTraining was cut to one province.\nThe border posts were equipped."


def _revision(base: Revision, text: str, by: dict[str, str], at: str) -> Revision:
    return {**base, "id": new_id(), "parent": base["id"], "rev": base["rev"] + 1, "text": text, "by": by, "at": at}


def add_report_in_conflict(
    store_path: Path, tmp_path: Path, part: str = "a2", field: str = "progress", also: tuple[str, ...] = ()
) -> dict:
    """The sample in a store with `field` of `part` (and of the rows `also`) in conflict between
    a head by Ms Vanh and one by Mr Lord, both from BASE (as a merge leaves it). Returns the ids
    (of `part`'s conflict)."""
    report = sample_report()
    parts = [part, *also]
    for each in parts:
        rp.set_field(T, report, each, field, BASE)
    history = HistoryLog(tmp_path / "start.history.jsonl").new_lines(None, report, VANH)
    report["conflicts"] = []
    for each in reversed(parts):  # the first part's last
        base = next(r for r in history if (r["part"], r["field"]) == (each, field))
        first = _revision(base, VANH_TEXT, VANH, "2026-11-20T09:00:00+00:00")
        second = _revision(base, LORD_TEXT, LORD, "2026-11-21T10:00:00+00:00")
        shown, other = sorted([first, second], key=lambda r: r["id"])  # the lowest id is shown
        rp.set_field(T, report, each, field, shown["text"])
        report["conflicts"].append({"part": each, "field": field, "heads": sorted([first["id"], second["id"]])})
        history += [other, shown]
    with ReportStore(store_path, holder="tests") as store:
        report_id = store.add(report, history)
    return {"report": report_id, "vanh": first["id"], "lord": second["id"], "base": base["id"], "shown": shown}


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(main, list(args))
    if ok:
        assert result.exit_code == 0, result.output
    return result


def show_json(report_id: str) -> dict:
    return json.loads(run("show", report_id, "--json").stdout)


def row_of(view: dict, row_id: str) -> dict:
    return next(row for section in view["sections"] for row in section["rows"] if row["id"] == row_id)


def test_show_json_names_the_field_in_conflict_and_its_heads(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path)
    view = show_json(made["report"])
    row = row_of(view, "a2")
    assert row["conflicts"] == [{"field": "progress", "heads": sorted([made["vanh"], made["lord"]])}]
    assert row["fields"]["progress"] == made["shown"]["text"]
    assert "conflicts" not in row_of(view, "a1") and "conflicts" not in view["header"]
    shown = run("show", made["report"]).stdout
    said = "1 field is in conflict: two copies of the report changed it differently"
    assert f"{said}: swgtui conflicts {made['report']}" in shown


def test_show_json_names_a_conflict_of_the_header(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path, part=rp.HEADER_ID, field="chairs")
    header = show_json(made["report"])["header"]
    assert header["conflicts"] == [{"field": "chairs", "heads": sorted([made["vanh"], made["lord"]])}]


def test_conflicts_json_lists_base_and_every_head_with_who_when_and_mine(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**VANH)
    (entry,) = json.loads(run("conflicts", made["report"], "--json").stdout)
    assert (entry["part"], entry["field"], entry["base"]) == ("a2", "progress", BASE)
    heads = {head["revision"]: head for head in entry["heads"]}
    assert [head["revision"] for head in entry["heads"]] == sorted(heads)
    assert heads[made["vanh"]] == {
        "revision": made["vanh"],
        "by": VANH,
        "at": "2026-11-20T09:00:00+00:00",
        "text": VANH_TEXT,
        "mine": True,
    }
    assert heads[made["lord"]]["text"] == LORD_TEXT and heads[made["lord"]]["mine"] is False
    assert set(entry) == {"part", "field", "base", "heads"}


def test_conflicts_text_shows_each_version_against_the_base(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**LORD)
    output = run("conflicts", made["report"]).stdout
    assert "'Proper regulations of Special Economic Zones" in output and "(A.2): Update on progress" in output
    assert "2 versions in conflict" in output
    assert "    Training went on in two provinces." in output  # the base
    assert "    -Training went on in two provinces." in output
    assert "    +Training went on in four provinces." in output
    assert "    +Training was cut to one province." in output
    lord_line = next(line for line in output.splitlines() if made["lord"] in line)
    assert "Matthew Lord (co-chair, Embassy of Australia)" in lord_line and lord_line.endswith("(yours)")
    assert f"swgtui set {made['report']} A.2 progress TEXT" in output


def test_a_report_without_conflicts_says_so(store_path):
    with ReportStore(store_path, holder="tests") as store:
        report_id = store.add(sample_report())
    assert run("conflicts", report_id).stdout == "no conflicts\n"
    assert json.loads(run("conflicts", report_id, "--json").stdout) == []
    assert "conflicts" not in json.dumps(show_json(report_id))
    assert "in conflict" not in run("show", report_id).stdout


def test_set_settles_the_conflict_even_with_the_text_shown(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**VANH)
    run("set", made["report"], "A.2", "progress", made["shown"]["text"])
    assert "conflicts" not in row_of(show_json(made["report"]), "a2")
    assert json.loads(run("conflicts", made["report"], "--json").stdout) == []
    assert run("conflicts", made["report"]).stdout == "no conflicts\n"
    last = json.loads(run("history", made["report"], "A.2", "progress", "--json").stdout)[-1]
    assert last["parents"] == sorted([made["vanh"], made["lord"]]) and last["text"] == made["shown"]["text"]
    with ReportStore(store_path, holder="tests") as store:
        assert "conflicts" not in store.get(made["report"])
        assert rp.get_field(T, store.get(made["report"]), "a2", "progress") == made["shown"]["text"]


def test_set_settles_the_conflict_with_new_text(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**VANH)
    run("set", made["report"], "A.2", "progress", "Both: four provinces, then one.")
    view = show_json(made["report"])
    assert "conflicts" not in row_of(view, "a2")
    assert row_of(view, "a2")["fields"]["progress"] == "Both: four provinces, then one."
    history = json.loads(run("history", made["report"], "A.2", "progress", "--json").stdout)
    assert history[-1]["text"] == "Both: four provinces, then one." and history[-1]["by"] == VANH


def test_take_settles_with_the_version_chosen(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**VANH)
    result = run("conflicts", made["report"], "--take", made["lord"].lower())
    assert "settled with Matthew Lord's version" in result.stdout
    view = show_json(made["report"])
    assert row_of(view, "a2")["fields"]["progress"] == LORD_TEXT and "conflicts" not in row_of(view, "a2")


def test_take_refuses_what_is_not_a_version_in_conflict(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**VANH)
    result = run("conflicts", made["report"], "--take", made["base"], ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"no version in conflict is '{made['base']}'" in result.output
    assert made["vanh"] in result.output and made["lord"] in result.output
    result = run("conflicts", made["report"], "--take", made["vanh"][:2], ok=False)
    assert result.exit_code == 1 and "too short to name a version: give at least 4 characters" in result.output
    assert row_of(show_json(made["report"]), "a2")["conflicts"]


def add_tag_in_conflict(store_path: Path) -> dict:
    """The sample with row a2's tag in conflict: one side chose "Call For Action", the other
    cleared it (the report shows the cleared one)."""
    report = sample_report()
    base: Revision = {
        "id": new_id(),
        "parent": None,
        "part": "a2",
        "field": "@tag",
        "rev": 1,
        "text": "SWG/RTIM recommendation",
        "by": VANH,
        "at": "2026-11-19T09:00:00+00:00",
    }
    action = _revision(base, "Call For Action", LORD, "2026-11-20T09:00:00+00:00")
    cleared = _revision(base, "", VANH, "2026-11-21T09:00:00+00:00")
    rp.retag_row(T, report, "a2", "")
    report["conflicts"] = [{"part": "a2", "field": "@tag", "heads": sorted([action["id"], cleared["id"]])}]
    with ReportStore(store_path, holder="tests") as store:
        report_id = store.add(report, [base, action, cleared])
    return {"report": report_id, "action": action["id"], "cleared": cleared["id"]}


def test_a_tag_in_conflict_is_listed_and_taken(store_path):
    made = add_tag_in_conflict(store_path)
    save_identity(**VANH)
    output = run("conflicts", made["report"]).stdout
    assert "(A.2): Tag — 2 versions in conflict" in output and "+Call For Action" in output
    assert f"To write your own: swgtui tag {made['report']} A.2 TAG" in output
    run("conflicts", made["report"], "--take", made["action"])
    row = row_of(show_json(made["report"]), "a2")
    assert row["tag"] == "Call For Action" and "conflicts" not in row
    with ReportStore(store_path, holder="tests") as store:
        (last,) = [r for r in store.full_history(made["report"]) if r["field"] == "@tag"][-1:]
    assert last["parents"] == sorted([made["action"], made["cleared"]]) and last["text"] == "Call For Action"


def test_tagging_the_row_again_or_removing_it_settles_its_conflicts(store_path):
    made = add_tag_in_conflict(store_path)
    save_identity(**VANH)
    run("tag", made["report"], "A.2", "")  # the value shown, set again
    assert "conflicts" not in row_of(show_json(made["report"]), "a2")

    other = add_tag_in_conflict(store_path)
    run("remove-row", other["report"], "A.2")
    assert json.loads(run("conflicts", other["report"], "--json").stdout) == []


def test_a_conflict_left_by_merging_two_laptops_copies_is_listed_and_settled(tmp_path):
    """Two laptops change the same line of a field; the merge leaves it in conflict; the
    listing names both versions and the text they started from; `set` joins them."""
    from swgtui.model.merge import merge_report
    from swgtui.workspace import Workspace

    laptops = {name: tmp_path / name / "store.json" for name in ("focal", "chair")}
    with ReportStore(laptops["focal"], holder="tests") as store:
        report = sample_report()
        rp.set_field(T, report, "a2", "progress", BASE)
        report_id = store.add(report)
        sent = store.get(report_id), store.full_history(report_id)
    with ReportStore(laptops["chair"], holder="tests") as store:
        assert store.add(*sent) == report_id  # the chair's copy, as sent
    for name, person, text in (("focal", VANH, VANH_TEXT), ("chair", LORD, LORD_TEXT)):
        with Workspace(ReportStore(laptops[name], holder="tests")) as reports:
            session = reports.open(report_id, person)
            session.set_field("a2", "progress", text)
            session.save()
    copies = {}
    for name in laptops:
        with ReportStore(laptops[name], holder="tests") as store:
            copies[name] = (store.get(report_id), store.full_history(report_id))
    merged = merge_report(*copies["focal"], *copies["chair"], T)
    assert [(c["part"], c["field"]) for c in merged.conflicts] == [("a2", "progress")]
    merged_store = tmp_path / "merged" / "store.json"
    with ReportStore(merged_store, holder="tests") as store:
        store.add(merged.report, copies["focal"][1] + merged.new_revisions)

    save_identity(**LORD)
    (entry,) = json.loads(run("--db", str(merged_store), "conflicts", report_id, "--json").stdout)
    assert entry["base"] == BASE
    assert sorted((h["text"], h["by"]["name"], h["mine"]) for h in entry["heads"]) == [
        (LORD_TEXT, "Matthew Lord", True),
        (VANH_TEXT, "Ms Vanh", False),
    ]
    run("--db", str(merged_store), "set", report_id, "A.2", "progress", "Four provinces, then one.")
    assert json.loads(run("--db", str(merged_store), "conflicts", report_id, "--json").stdout) == []
    last = json.loads(run("--db", str(merged_store), "history", report_id, "A.2", "progress", "--json").stdout)[-1]
    assert last["parents"] == sorted(h["revision"] for h in entry["heads"])


def test_the_listing_follows_the_report_and_settling_one_leaves_the_others(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path, part="a10", also=("a2",))
    save_identity(**VANH)
    output = run("conflicts", made["report"]).stdout
    where = rp.position(sample_report(), "a10")  # A.11: a row was added before it
    assert output.index("(A.2)") < output.index(f"({where})")  # as the report reads, not by id
    assert [c["part"] for c in json.loads(run("conflicts", made["report"], "--json").stdout)] == ["a10", "a2"]
    run("set", made["report"], where, "progress", "Settled.")
    (left,) = json.loads(run("conflicts", made["report"], "--json").stdout)
    assert left["part"] == "a2" and "conflicts" in row_of(show_json(made["report"]), "a2")


def test_take_after_the_conflict_is_settled_says_the_field_is_no_longer_in_conflict(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**VANH)
    run("conflicts", made["report"], "--take", made["lord"])
    result = run("conflicts", made["report"], "--take", made["vanh"], ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Update on progress is not (or no longer) in conflict: there is no version to take" in result.output
    assert "versions: no field" not in result.output


def test_signoff_refused_lists_the_conflict_and_every_other_reason(store_path, tmp_path):
    made = add_report_in_conflict(store_path, tmp_path)
    save_identity(**LORD)  # a co-chair
    result = run("signoff", made["report"], ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Error: the report cannot be signed off yet:" in result.output
    assert "is in conflict: settle it first" in result.output
    assert "- 'Header block' is not approved (status: draft)" in result.output  # not only the conflict
    with ReportStore(store_path, holder="tests") as store:
        assert review.signoffs(store.get(made["report"])) == []

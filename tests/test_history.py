import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.app import App
from textual.widgets import OptionList, TextArea

from swgtui.cli import main
from swgtui.identity import save_identity
from swgtui.model import report as rp
from swgtui.model.ids import derived_id
from swgtui.model.report import ReportError
from swgtui.model.schema import MAX_REVISION, check_history
from swgtui.model.template import load_template
from swgtui.screens.history import HistoryDialog, diff_text
from swgtui.store import ReportStore
from swgtui.workspace import Workspace

from .conftest import release_0_1_0_store
from .test_app import field_area, go_to, sample_editor, settle

T = load_template("annex2")


def save_two_revisions(store: ReportStore, sample: rp.Report) -> str:
    """The sample added, then its c2 challenges saved as "first" and then "second" by Ms Vanh."""
    report_id = store.add(sample)
    report = store.get(report_id)
    for text in ("first", "second"):
        rp.set_field(T, report, "c2", "challenges", text)
        store.save(report, author={"name": "Ms Vanh", "organisation": "MoH", "role": "focal point"})
    return report_id


def test_every_save_records_the_changed_texts_with_who(store_path, sample):
    save_identity("Ms Vanh", "MoH", "focal point")
    with ReportStore(store_path) as store:
        report_id = save_two_revisions(store, sample)
        revisions = store.history(report_id, "c2", "challenges")
        assert [(r["rev"], r["text"], r["by"]["name"]) for r in revisions] == [
            (1, "first", "Ms Vanh"),
            (2, "second", "Ms Vanh"),
        ]
        # the sample's own texts are revision 1 of each field
        assert store.history(report_id, "a1", "notes")[0]["text"].startswith("Lao PDR is located")
        assert store.history(report_id, "a1", "title")[0]["text"] == "Enhanced border security"
        history_file = store.reports_dir / f"{report_id}.history.jsonl"
    # a line torn by a crash is skipped, the rest still reads
    with open(history_file, "ab") as handle:
        handle.write(b'{"part": "c2", "field": "chall')
    with ReportStore(store_path) as store:
        assert [r["text"] for r in store.history(report_id, "c2", "challenges")] == ["first", "second"]
        report = store.get(report_id)
        rp.set_field(T, report, "c2", "challenges", "third")
        store.save(report)
        assert [r["rev"] for r in store.history(report_id, "c2", "challenges")] == [1, 2, 3]


def test_history_and_restore_on_the_command_line():
    runner = CliRunner()
    report_id = runner.invoke(main, ["sample"]).output.strip()
    for text in ("one", "two"):
        assert runner.invoke(main, ["set", report_id, "c2", "challenges", text]).exit_code == 0
    listing = json.loads(runner.invoke(main, ["history", report_id, "c2", "challenges", "--json"]).output)
    assert [r["text"] for r in listing] == ["one", "two"]
    result = runner.invoke(main, ["history", report_id, "c2", "challenges", "--restore", "1"])
    assert result.output.strip() == "restored revision 1 as revision 3"
    shown = json.loads(runner.invoke(main, ["show", report_id, "--json"]).output)
    assert shown["sections"][2]["rows"][2]["fields"]["challenges"] == "one"
    text = runner.invoke(main, ["history", report_id, "c2", "challenges"]).output
    assert text.splitlines()[-1].endswith("one  (current)")
    missing = runner.invoke(main, ["history", report_id, "c2", "challenges", "--restore", "9"])
    assert missing.exit_code == 1 and "has no revision 9 (revisions 1 to 3)" in missing.output


def test_diff_marks_removed_and_added_lines():
    diff = diff_text("a\nb\nc", "a\nc\nd")
    assert diff.plain == "  a\n- b\n  c\n+ d\n"


async def test_f10_shows_the_history_and_restores_a_revision(store_path):
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "c2")
        area: TextArea = field_area(screen, 0)
        area.focus()
        await pilot.press(*" Added later.")
        await pilot.pause(0.6)
        await settle(pilot)
        area.focus()
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, HistoryDialog)
        assert app.screen.title_text.endswith("Innovation and technology — Update on the Progress/note on situation")
        count = len(app.screen.revisions)  # one per pause in typing: at least the sample's and ours
        assert count >= 2 and app.screen.revisions[0]["text"].endswith("Added later.")
        await pilot.press("end", "r")  # the oldest revision: the sample's text
        await settle(pilot)
        await pilot.press("ctrl+q")
    with ReportStore(store_path) as reopened:
        assert rp.get_field(T, reopened.get(report_id), "c2", "narrative").endswith("is necessary.")
        assert len(reopened.history(report_id, "c2", "narrative")) == count + 1


def test_a_dump_carries_the_history_to_another_store_where_it_goes_on(store_path, sample, tmp_path):
    with ReportStore(store_path) as store:
        report_id = save_two_revisions(store, sample)
        before = store.history(report_id, "c2", "challenges")
    dump = tmp_path / "moved.json"
    dump.write_text(CliRunner().invoke(main, ["--db", str(store_path), "dump", report_id]).output, encoding="utf-8")
    other = tmp_path / "laptop" / "store.json"
    loaded = CliRunner().invoke(main, ["--db", str(other), "load", str(dump)])
    assert loaded.exit_code == 0, loaded.output
    with ReportStore(other) as store:
        assert store.history(report_id, "c2", "challenges") == before
        report = store.get(report_id)
        rp.set_field(T, report, "c2", "challenges", "third, on the other laptop")
        store.save(report)
        revisions = store.history(report_id, "c2", "challenges")
    assert [(r["rev"], r["text"]) for r in revisions][-2:] == [(2, "second"), (3, "third, on the other laptop")]


def test_a_dump_with_a_broken_history_is_refused_and_nothing_is_stored(store_path, sample, tmp_path):
    with ReportStore(store_path) as store:
        report_id = store.add(sample)
    data = json.loads(CliRunner().invoke(main, ["--db", str(store_path), "dump", report_id]).output)
    data["history"][3]["rev"] = "two"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "other.json"
    refused = CliRunner().invoke(main, ["--db", str(other), "load", str(bad)])
    assert refused.exit_code == 1
    assert f"Error: {bad}: history revision 4: rev must be a whole number from 1" in refused.output
    assert json.loads(CliRunner().invoke(main, ["--db", str(other), "list", "--json"]).output) == []


RELEASE = Path(__file__).parent / "fixtures" / "release-0.1.0"


def release_store(tmp_path: Path) -> Path:
    """A copy of the store written by release 0.1.0 (the fixture itself is never touched)."""
    return release_0_1_0_store(tmp_path / "old")


def test_new_revisions_have_an_id_and_their_parent_and_keep_counting_rev(store_path, sample):
    with ReportStore(store_path) as store:
        report_id = save_two_revisions(store, sample)
        first, second = store.history(report_id, "c2", "challenges")
    assert (first["rev"], first["parent"], second["rev"], second["parent"]) == (1, None, 2, first["id"])
    assert len(first["id"]) == len(second["id"]) == 26 and first["id"] != second["id"]
    listing = json.loads(CliRunner().invoke(main, ["history", report_id, "c2", "challenges", "--json"]).output)
    assert [(r["id"], r["parent"], r["rev"]) for r in listing] == [
        (first["id"], None, 1),
        (second["id"], first["id"], 2),
    ]


def test_revisions_written_by_release_0_1_0_chain_by_rev_and_the_file_is_not_rewritten(tmp_path):
    path = release_store(tmp_path)
    history_file = path.parent / "store.reports" / "7b0aabad.history.jsonl"
    old_bytes = history_file.read_bytes()
    with ReportStore(path) as store:
        one, two = store.history("7b0aabad", "a1", "progress")
        with ReportStore(path, writable=False) as reader:
            again = reader.history("7b0aabad", "a1", "progress")
        assert [(r["id"], r["parent"]) for r in again] == [(one["id"], None), (two["id"], one["id"])]
        assert (one["rev"], two["rev"]) == (1, 2) and len(one["id"]) == 26
        assert one["id"] == derived_id(one["at"], "a1", "progress", 1, one["text"])  # the same on every laptop
        # a new revision after old ones: its parent is the newest old one, its rev the next number
        report = store.get("7b0aabad")
        rp.set_field(T, report, "a1", "progress", "Written after the upgrade.")
        store.save(report)
        three = store.history("7b0aabad", "a1", "progress")[-1]
    assert (three["rev"], three["parent"], three["text"]) == (3, two["id"], "Written after the upgrade.")
    assert history_file.read_bytes().startswith(old_bytes)  # appended to, never rewritten
    lines = history_file.read_bytes()[len(old_bytes) :].decode().splitlines()
    assert [json.loads(line)["parent"] for line in lines] == [two["id"]]


def test_a_mixed_history_chains_old_lines_by_rev_and_new_ones_by_parent():
    old = {"part": "a1", "field": "notes", "by": None, "at": "2025-01-01T00:00:00+00:00"}
    entries = check_history(
        [
            {**old, "rev": 1, "text": "one"},
            {**old, "part": "a2", "rev": 1, "text": "other field"},
            {**old, "rev": 2, "text": "two"},
            {**old, "id": "01JQ0000000000000000000003", "parent": None, "rev": 3, "text": "three"},
        ]
    )
    one, other, two, three = entries
    assert (one["parent"], two["parent"], other["parent"]) == (None, one["id"], None)
    assert three["id"] == "01JQ0000000000000000000003" and three["parent"] is None  # as written
    assert len({one["id"], two["id"], other["id"]}) == 3
    assert check_history(json.loads(json.dumps(entries))) == entries  # read again: the same ids


def test_a_dump_and_load_keep_the_ids_and_parents_of_old_and_new_revisions(tmp_path):
    path = release_store(tmp_path)
    with ReportStore(path) as store:
        report = store.get("7b0aabad")
        rp.set_field(T, report, "a1", "progress", "Newer.")
        store.save(report)
        before = store.full_history("7b0aabad")
    dump = tmp_path / "dump.json"
    dump.write_text(CliRunner().invoke(main, ["--db", str(path), "dump", "7b0aabad"]).output, encoding="utf-8")
    other = tmp_path / "laptop" / "store.json"
    assert CliRunner().invoke(main, ["--db", str(other), "load", str(dump)]).exit_code == 0
    with ReportStore(other) as store:
        after = store.full_history("7b0aabad")
    assert after == before and all(r["id"] for r in after)
    progress = [r for r in after if (r["part"], r["field"]) == ("a1", "progress")]
    assert [r["rev"] for r in progress] == [1, 2, 3]
    assert [r["parent"] for r in progress] == [None, progress[0]["id"], progress[1]["id"]]


def _history_file(tmp_path, report_id):
    return tmp_path / "store.reports" / f"{report_id}.history.jsonl"


def test_a_save_after_the_largest_revision_number_writes_what_reads_back(tmp_path):
    runner = CliRunner()
    report_id = runner.invoke(main, ["sample"]).output.strip()
    assert runner.invoke(main, ["set", report_id, "c2", "challenges", "one"]).exit_code == 0
    line = {"part": "c2", "field": "challenges", "rev": MAX_REVISION, "text": "far", "by": None, "at": ""}
    with open(_history_file(tmp_path, report_id), "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")
    for text in ("two", "three"):
        assert runner.invoke(main, ["set", report_id, "c2", "challenges", text]).exit_code == 0
    listed = runner.invoke(main, ["history", report_id, "c2", "challenges", "--json"])
    assert "skipped" not in listed.output  # nothing written is read as damage
    revisions = json.loads(listed.stdout)
    assert [(r["rev"], r["text"]) for r in revisions] == [
        (1, "one"),
        (MAX_REVISION, "far"),
        (MAX_REVISION, "two"),
        (MAX_REVISION, "three"),
    ]
    assert [r["parent"] for r in revisions[2:]] == [revisions[1]["id"], revisions[2]["id"]]  # still a chain


def test_restore_by_number_id_or_start_of_id_and_says_the_number_written(tmp_path):
    runner = CliRunner()
    report_id = runner.invoke(main, ["sample"]).output.strip()
    for text in ("one", "two"):
        assert runner.invoke(main, ["set", report_id, "c2", "challenges", text]).exit_code == 0
    history_file = _history_file(tmp_path, report_id)
    lines = history_file.read_text(encoding="utf-8").splitlines()
    copied = json.loads(next(line for line in lines if '"one"' in line))
    copied.update(id="01JQ8X0000AAAAAAAAAAAAAAAA", text="another one", parent=None)  # a second rev 1
    with open(history_file, "a", encoding="utf-8") as handle:
        handle.write("{torn line\n" + json.dumps(copied) + "\n")

    def history(*args):
        return runner.invoke(main, ["history", report_id, "c2", "challenges", *args])

    ambiguous = history("--restore", "1")
    assert ambiguous.exit_code == 1 and ambiguous.output.count("\n") == 1
    assert ambiguous.output.startswith(
        "Error: '2. Innovation and technology' (C.3) — Challenges, opportunities and way forwards has 2 revisions"
        " numbered 1 ("
    )
    assert ambiguous.output.endswith("01JQ8X0000AAAAAAAAAAAAAAAA); restore one by its id\n")
    assert "01JQ8X0000AAAAAAAAAAAAAAAA" in history().output  # the listing shows each revision's id

    # 3 revisions (and a torn line) were there: the restore is rev 3, the one after rev 2
    assert history("--restore", "01jq8x0000a").output == "restored revision 1 as revision 3\n"
    assert history("--restore", "2").output == "restored revision 2 as revision 4\n"
    assert history("--restore", "2").output == "revision 2 is the current text already; nothing changed\n"
    restored = json.loads(history("--json").stdout)
    assert [(r["rev"], r["text"]) for r in restored][-2:] == [(3, "another one"), (4, "two")]
    missing = history("--restore", "01ZZ")
    assert missing.exit_code == 1
    assert missing.output == (
        "Error: '2. Innovation and technology' (C.3) — Challenges, opportunities and way forwards has no revision"
        " 01ZZ (revisions 1 to 4)\n"
    )


async def test_the_history_dialog_lists_revisions_that_share_a_number():
    shared = [
        {"id": f"01JQ8X0000AAAAAAAAAAAAAAA{n}", "parent": None, "part": "c2", "field": "challenges"}
        | {"rev": MAX_REVISION, "text": text, "by": None, "at": "2026-01-0{n}T09:00:00+00:00"}
        for n, text in ((1, "far"), (2, "farther"))
    ]
    app = App()
    async with app.run_test() as pilot:
        app.push_screen(HistoryDialog("c2 challenges", shared, "farther"))
        await pilot.pause()
        assert isinstance(app.screen, HistoryDialog)
        assert app.screen.query_one(OptionList).option_count == 2


def test_a_revision_whose_id_or_parent_is_not_plain_is_refused():
    good = {"id": "01JQ8X0000AAAAAAAAAAAAAAAA", "part": "c2", "field": "challenges", "rev": 1, "text": "t", "at": ""}
    assert check_history([good])[0]["id"] == good["id"]
    for key, value in (("id", "A.2"), ("parent", "[bold]x"), ("id", "x" * 65)):
        with pytest.raises(ReportError, match=f"^history revision 1: {key} is not an id$"):
            check_history([{**good, key: value}])


# --- every value a person can change is a key of the history (merge_keys) ---------------------

VANH = {"name": "Ms Vanh", "organisation": "MoH", "role": "focal point"}


def _saved(store: ReportStore, report: rp.Report) -> list[dict]:
    """Save the report as Ms Vanh; the revisions the save wrote."""
    before = {r["id"] for r in store.full_history(report["id"])}
    store.save(report, author=VANH)
    return [r for r in store.full_history(report["id"]) if r["id"] not in before]


def test_changes_to_the_structure_are_revisions_of_their_keys(store_path, sample):
    with ReportStore(store_path) as store:
        report = store.get(store.add(sample))
        partner = rp.find_row(report, "partners")[1]["items"][1]["id"]
        contact = report["header"]["contacts"]["focal_partners"][0]["id"]
        rp.retag_row(T, report, "a1", "Call For Action")
        rp.move_row(T, report, "a2", -1)
        rp.rename_item(T, report, "partners", partner, "Japan (JICA)")
        rp.set_period(report, "2021/2022")
        rp.update_contact(T, report, "focal_partners", contact, "email", "keo@example.org")
        rp.set_section_no_update(report, "B", True)
        written = _saved(store, report)
        assert {(r["part"], r["field"], r["text"]) for r in written} == {
            ("a1", "@tag", "Call For Action"),
            ("A", "@rows", "\n".join(row["id"] for row in report["sections"][0]["rows"])),
            ("partners", f"{partner}.name", "Japan (JICA)"),
            ("header", "@period", "2021/2022"),
            ("header", f"{contact}.email", "keo@example.org"),
            ("B", "@no_update", "yes"),
        }
        assert all(r["by"] == VANH and r["rev"] == 1 and r["parent"] is None for r in written)
        # a new row: each of its values, none of them empty
        row = rp.add_row(T, report, "A", "A new action")
        written = _saved(store, report)
        assert {(r["part"], r["field"]) for r in written} == {
            ("A", "@rows"),
            (row["id"], "title"),
            (row["id"], "@kind"),
        }
        rows_key = [r for r in written if r["field"] == "@rows"][0]
        assert rows_key["rev"] == 2 and rows_key["text"].endswith(row["id"])


def test_a_removed_row_partner_or_contact_leaves_a_tombstone_for_each_of_its_values(store_path, sample):
    with ReportStore(store_path) as store:
        report = store.get(store.add(sample))
        notes = store.history(report["id"], "a2", "notes")[-1]
        partner = rp.find_row(report, "partners")[1]["items"][2]
        contact = report["header"]["contacts"]["focal_partners"][1]
        rp.remove_row(T, report, "a2")
        rp.remove_item(T, report, "partners", partner["id"])
        rp.remove_contact(T, report, "focal_partners", contact["id"])
        written = _saved(store, report)
        tombstones = {(r["part"], r["field"]): r for r in written if r.get("removed")}
        assert set(tombstones) == {
            *(("a2", f) for f in ("title", "notes", "progress", "challenges", "@tag", "@no_update", "@kind", "@items")),
            ("partners", partner["id"]),
            ("partners", partner["id"] + ".name"),
            *(("header", contact["id"] + suffix) for suffix in (".organisation", ".name", ".email")),
        }
        assert all(r["text"] == "" and r["by"] == VANH for r in tombstones.values())
        # made from the value's last revision, where it had one
        assert (tombstones[("a2", "notes")]["parent"], tombstones[("a2", "notes")]["rev"]) == (notes["id"], 2)
        assert tombstones[("a2", "@kind")]["parent"] is None
        assert {(r["part"], r["field"]) for r in written if not r.get("removed")} == {
            ("A", "@rows"),
            ("partners", "@items"),
            ("header", "@contacts:focal_partners"),
        }
        # they read back, and a row put back (the app's undo) comes back to life
        history = store.full_history(report["id"])
        assert [r for r in history if r.get("removed")] == list(tombstones.values())
        assert _saved(store, report) == []  # nothing removed twice
        store_report = store.get(report["id"])
        store_report["sections"][0]["rows"].insert(1, rp.find_row(sample, "a2")[1])
        revived = {(r["part"], r["field"]): r for r in _saved(store, store_report) if r["part"] == "a2"}
        assert set(revived) == {key for key in tombstones if key[0] == "a2"}
        assert revived[("a2", "notes")]["text"] == notes["text"]
        assert revived[("a2", "notes")]["parent"] == tombstones[("a2", "notes")]["id"]


def _two_heads(store: ReportStore, report_id: str) -> tuple[dict, dict]:
    """Two revisions of c2 challenges made apart from its last one (as a merge receives them)."""
    last = store.history(report_id, "c2", "challenges")[-1]
    made = [
        {**last, "id": f"01JQ8X0000AAAAAAAAAAAAAAA{n}", "parent": last["id"], "rev": last["rev"] + n, "text": text}
        for n, text in ((1, "ours"), (2, "theirs"))
    ]
    store._history(report_id).append(made)
    return made[0], made[1]


def test_setting_a_value_with_two_heads_writes_one_revision_made_from_both(store_path, sample):
    with ReportStore(store_path) as store:
        report_id = save_two_revisions(store, sample)
        ours, theirs = _two_heads(store, report_id)
        log = store._history(report_id)
        assert [h["id"] for h in log.heads(("c2", "challenges"))] == [ours["id"], theirs["id"]]
        report = store.get(report_id)
        rp.set_field(T, report, "c2", "challenges", "both, joined")
        [written] = _saved(store, report)
        assert written["parents"] == [ours["id"], theirs["id"]] and written["parent"] == ours["id"]
        assert (written["rev"], written["text"]) == (theirs["rev"] + 1, "both, joined")
        assert log.heads(("c2", "challenges")) == [written]
    with ReportStore(store_path) as store:  # read back from the file: the same
        assert store._history(report_id).heads(("c2", "challenges")) == [written]
        assert store.history(report_id, "c2", "challenges")[-1] == written


def test_a_conflict_dropped_from_the_report_writes_the_revision_that_settles_it(store_path, sample):
    with ReportStore(store_path) as store:
        report_id = save_two_revisions(store, sample)
        ours, theirs = _two_heads(store, report_id)
        report = store.get(report_id)
        rp.set_field(T, report, "c2", "challenges", "ours")
        report["conflicts"] = [{"part": "c2", "field": "challenges", "heads": [ours["id"], theirs["id"]]}]
        assert _saved(store, report) == []  # in conflict, showing one of its heads: nothing to write
        del report["conflicts"]  # the user took the head shown
        [settled] = _saved(store, report)
        assert (settled["part"], settled["field"], settled["text"]) == ("c2", "challenges", "ours")
        assert settled["parents"] == [ours["id"], theirs["id"]] and settled["by"] == VANH
        assert store._history(report_id).heads(("c2", "challenges")) == [settled]
        assert "conflicts" not in store.get(report_id)


def test_a_save_does_not_read_the_history_again(store_path, sample, monkeypatch):
    from swgtui.store.history import HistoryLog

    with ReportStore(store_path) as store:
        report_id = save_two_revisions(store, sample)
        reads = []
        monkeypatch.setattr(HistoryLog, "read", lambda self: reads.append(self) or [])
        report = store.get(report_id)
        rp.set_field(T, report, "c2", "challenges", "third")
        rp.retag_row(T, report, "a1", "Call For Action")
        store.save(report, author=VANH)
        assert reads == []


def test_history_listings_show_only_texts(tmp_path):
    runner = CliRunner()
    report_id = runner.invoke(main, ["sample"]).output.strip()
    with ReportStore(tmp_path / "store.json") as store:
        report = store.get(report_id)
        rp.retag_row(T, report, "a1", "Call For Action")
        rp.rename_item(T, report, "partners", "p1", "USA")
        store.save(report)
        assert [r["text"] for r in store.full_history(report_id) if r["field"] == "@tag"] == ["Call For Action"]
    a1 = "Error: 'Enhanced border security' (A.1) has no field"
    refusals = {
        ("a1", "@tag"): f"{a1} '@tag' (fields: notes, progress, challenges)",
        ("a1", "@kind"): f"{a1} '@kind' (fields: notes, progress, challenges)",
        ("header", "@period"): "Error: 'Header block' has no field '@period' (fields: swg_name, chairs, period)",
        ("partners", "p1.name"): "Error: the report has no partner 'p1.name' (give its id,",
    }
    for (part, field), message in refusals.items():
        for more in (["--json"], [], ["--restore", "1"]):
            refused = runner.invoke(main, ["history", report_id, part, field, *more])
            assert refused.exit_code == 1 and refused.output.startswith(message) and refused.output.count("\n") == 1
    with Workspace(ReportStore(tmp_path / "store.json", writable=False)) as reports:
        session = reports.open(report_id, read_only=True)
        with pytest.raises(ReportError, match="has no field '@tag'"):
            session.history("a1", "@tag")
        with pytest.raises(ReportError, match=r"has no field 'p1\.name'"):
            session.history("partners", "p1.name")
        first = session.history("partners", "p1")[0]
        assert first["text"] == rp.find_row(report, "partners")[1]["items"][0]["text"]


def test_a_dump_carries_tombstones_and_merged_revisions_and_loading_it_writes_nothing_more(
    store_path, sample, tmp_path
):
    with ReportStore(store_path) as store:
        report_id = save_two_revisions(store, sample)
        _two_heads(store, report_id)
        report = store.get(report_id)
        rp.set_field(T, report, "c2", "challenges", "joined")
        rp.remove_row(T, report, "a2")
        rp.retag_row(T, report, "a1", "Call For Action")
        store.save(report, author=VANH)
        before = store.full_history(report_id)
    assert any(r.get("removed") for r in before) and any(r.get("parents") for r in before)
    dump = tmp_path / "dump.json"
    dump.write_text(CliRunner().invoke(main, ["--db", str(store_path), "dump", report_id]).output, encoding="utf-8")
    other = tmp_path / "laptop" / "store.json"
    assert CliRunner().invoke(main, ["--db", str(other), "load", str(dump)]).exit_code == 0
    with ReportStore(other) as store:
        assert store.full_history(report_id) == before


def test_a_new_text_typed_over_a_conflict_is_kept_even_if_the_report_still_lists_it(store_path, sample):
    with ReportStore(store_path) as store:
        report_id = save_two_revisions(store, sample)
        ours, theirs = _two_heads(store, report_id)
        report = store.get(report_id)
        rp.set_field(T, report, "c2", "challenges", "theirs")
        report["conflicts"] = [{"part": "c2", "field": "challenges", "heads": [ours["id"], theirs["id"]]}]
        assert _saved(store, report) == []
        rp.set_field(T, report, "c2", "challenges", "a third text")
        [kept] = _saved(store, report)
        assert (kept["text"], kept["parents"]) == ("a third text", [ours["id"], theirs["id"]])


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX permissions")
def test_a_new_history_file_is_readable_by_its_owner_only_like_the_report(store_path):
    """The history holds every draft: not readable by other users of the machine."""
    import stat

    with ReportStore(store_path) as store:
        report = store.create("annex2", "Health Sector Working Group", "2025/2026")
        rp.set_field(T, report, "c2", "narrative", "a draft")
        store.save(report)
        history = store.reports_dir / f"{report['id']}.history.jsonl"
        report_file = store.reports_dir / f"{report['id']}.json"
    assert history.exists()
    assert stat.S_IMODE(history.stat().st_mode) == 0o600 == stat.S_IMODE(report_file.stat().st_mode)

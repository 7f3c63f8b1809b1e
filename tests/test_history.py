import json

from click.testing import CliRunner
from textual.widgets import TextArea

from swgtui.cli import main
from swgtui.identity import save_identity
from swgtui.model import report as rp
from swgtui.model.template import load_template
from swgtui.screens.history import HistoryDialog, diff_text
from swgtui.store import ReportStore

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

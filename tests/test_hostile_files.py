"""Nothing foreign reaches the terminal or crashes swgtui: dumps are checked field by field with
the place named, texts from files are cleaned like typed text, a stored report that cannot be
shown is listed as such (and can be deleted), arguments and standard input that are not UTF-8
get one line, the app needs a terminal and exits non-zero when it dies."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from docx import Document

from swgtui.app import make_app
from swgtui.cli import main
from swgtui.model.dumpfile import dump_report
from swgtui.model.report import PERIOD_EXAMPLE
from swgtui.model.review import local_time
from swgtui.sample import sample_report
from swgtui.screens.dialogs import ConfirmDialog
from swgtui.screens.report_list import ReportListScreen
from swgtui.store import ReportStore

ESCAPES = "\x1b]0;pwned\x07\x1b[2J"
PERSON = {"name": "Ana", "organisation": "MoH", "role": "chair"}
NOT_A_DATE = "is not a date and time (e.g. 2025-06-30T09:15:00+00:00)"


def run(*args, **options):
    return CliRunner().invoke(main, list(args), **options)


def one_line_error(result, exit_code: int = 1) -> str:
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.strip().splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.output
    return lines[0]


def comment(text: str, **changes) -> dict:
    return {
        "id": "k1",
        "part": "header",
        "field": "",
        "quote": "",
        "text": text,
        "by": PERSON,
        "at": "2025-01-01T00:00:00+00:00",
        "reply_to": None,
        "resolved": None,
        **changes,
    }


def dump_with(change, tmp_path, name="report.json"):
    """A dump of the sample, changed by `change(report)`, written to a file."""
    data = json.loads(dump_report(sample_report()))
    change(data["report"])
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def set_key(path: str, value):
    """change(report) that sets the value at a dotted path (numbers index lists)."""

    def change(report):
        *parents, last = [int(key) if key.isdigit() else key for key in path.split(".")]
        target = report
        for key in parents:
            target = target[key] if not isinstance(target, dict) else target.setdefault(key, {})
        target[last] = value

    return change


@pytest.mark.parametrize(
    ("path", "value", "place"),
    [
        ("updated", [1], "updated: expected text"),
        ("sections.1.rows.0.fields.notes", 5, "sections[1].rows[0].fields.notes: expected text"),
        ("sections.0.rows.1.no_update", "yes", "sections[0].rows[1].no_update: expected true or false"),
        ("sections.0.rows.0.items", {}, "sections[0].rows[0].items: expected a list"),
        ("sections.0.rows.8.items.0.name", None, "sections[0].rows[8].items[0].name: expected text"),
        ("header.contacts.focal_partners", [{"name": 3}], "header.contacts.focal_partners[0].name: expected text"),
        ("review.comments", [1, "x", {"id": 5}], "review.comments[0]: expected an object"),
        ("review.comments", [comment("hi", id=5)], "review.comments[0].id: expected text"),
        ("review.comments", [comment("hi", by={"name": "X"})], "review.comments[0].by.role: unknown role ''"),
        ("review.comments", [comment("hi", reply_to="k9")], "review.comments[0].reply_to: no earlier comment 'k9'"),
        ("review.parts", {"a1": {"status": "done"}}, "review.parts.a1.status: unknown status 'done'"),
        ("review.parts", {"a1": {"status": "approved", "approval": 1}}, "review.parts.a1.approval: expected an object"),
        ("review.signoffs", [{"by": PERSON, "at": 5}], "review.signoffs[0].at: expected text"),
        ("review.log", "x", "review.log: expected a list"),
        ("review.counter", True, "review.counter: expected a whole number from 0"),
        ("counters.p", "9", "counters.p: expected a whole number from 0"),
        ("reference", {"parts": {"a1": {"notes": 1}}}, "reference.parts.a1.notes: expected text"),
        ("period", "next year", f"period: the period 'next year' is not a year or two years ({PERIOD_EXAMPLE})"),
        ("period", ESCAPES, f"period: the period is empty ({PERIOD_EXAMPLE})"),
        ("period", "2025/2027", f"period: the period '2025/2027' should span two following years ({PERIOD_EXAMPLE})"),
        ("updated", "not a date", f"updated: 'not a date' {NOT_A_DATE}"),
        ("created", "", f"created: '' {NOT_A_DATE}"),
        ("review.comments", [comment("hi", at="yesterday")], f"review.comments[0].at: 'yesterday' {NOT_A_DATE}"),
        (
            "review.comments",
            [comment("hi", resolved={"by": PERSON, "at": "x"})],
            f"review.comments[0].resolved.at: 'x' {NOT_A_DATE}",
        ),
        ("review.signoffs", [{"by": PERSON, "at": "x"}], f"review.signoffs[0].at: 'x' {NOT_A_DATE}"),
        ("review.log", [{"at": "soon", "by": PERSON, "action": "x"}], f"review.log[0].at: 'soon' {NOT_A_DATE}"),
        (
            "review.parts",
            {"a1": {"status": "approved", "approval": {"by": PERSON, "at": "x", "fingerprint": "f"}}},
            f"review.parts.a1.approval.at: 'x' {NOT_A_DATE}",
        ),
    ],
)
def test_a_dump_is_checked_field_by_field_and_the_place_is_named(tmp_path, path, value, place):
    dump = dump_with(set_key(path, value), tmp_path)
    line = one_line_error(run("load", str(dump)))
    assert line == f"Error: {dump}: {place}"
    assert json.loads(run("list", "--json").output) == []  # nothing stored


def test_a_dump_with_a_history_date_that_is_not_a_date_is_refused(tmp_path):
    data = json.loads(dump_report(sample_report()))
    data["history"] = [{"part": "a1", "field": "notes", "rev": 1, "text": "t", "by": PERSON, "at": "x"}]
    dump = tmp_path / "report.json"
    dump.write_text(json.dumps(data), encoding="utf-8")
    line = one_line_error(run("load", str(dump)))
    assert line == f"Error: {dump}: report history revision 1 at: 'x' {NOT_A_DATE}"
    assert json.loads(run("list", "--json").output) == []


def test_a_period_written_otherwise_is_loaded_in_its_usual_form_and_a_twin_is_warned_of(tmp_path):
    first = run("load", str(dump_with(set_key("period", "2020-21"), tmp_path)))
    assert first.exit_code == 0 and first.stderr == ""
    assert json.loads(run("list", "--json").output)[0]["period"] == "2020/2021"
    second = run("load", str(dump_with(set_key("period", "2020/2021"), tmp_path)))
    assert second.exit_code == 0
    assert second.stderr.startswith("warning: 2 reports now exist for Illicit Drug Sector Working Group 2020/2021")
    assert len(json.loads(run("list", "--json").output)) == 2  # loaded all the same


def test_texts_of_a_loaded_dump_are_cleaned_before_review_app_and_word_see_them(tmp_path):
    def evil(report):
        report["review"] = {"comments": [comment(ESCAPES + "hello", quote="", by={**PERSON, "name": "Ana\x1b[31m"})]}
        report["sections"][0]["rows"][0]["title"] = "\x1b[2JBorder\x00 security"

    report_id = run("load", str(dump_with(evil, tmp_path))).output.strip()
    shown = run("review", report_id).output
    assert "\x1b" not in shown and "\x07" not in shown
    assert f"Ana (chair, MoH), {local_time('2025-01-01T00:00:00+00:00')}: hello" in shown
    exported = run("export", report_id, "--out", str(tmp_path / "out.docx"))
    assert exported.exit_code == 0, exported.output
    text = "\n".join(p.text for p in Document(str(tmp_path / "out.docx")).paragraphs)
    table = "\n".join(c.text for t in Document(str(tmp_path / "out.docx")).tables for r in t.rows for c in r.cells)
    assert "Border security" in table and "\x1b" not in text + table


def test_a_user_templates_title_is_cleaned(isolated_folders):
    bundled = json.loads(run("templates", "--json").output)["templates"]
    assert [t["id"] for t in bundled] == ["annex2"]
    from importlib import resources

    data = json.loads((resources.files("swgtui") / "data" / "templates" / "annex2.json").read_text("utf-8"))
    data["id"], data["title"] = "mine", ESCAPES + "My template"
    (isolated_folders / "templates").mkdir()
    (isolated_folders / "templates" / "mine.json").write_text(json.dumps(data), encoding="utf-8")
    shown = run("templates").output
    assert "mine\tMy template" in shown and "\x1b" not in shown and "\x07" not in shown


def test_a_dump_with_a_huge_number_or_deep_nesting_gets_one_line(tmp_path):
    huge = tmp_path / "huge.json"
    huge.write_text('{"format": "swgtui-report", "version": 1, "report": ' + "9" * 5000 + "}")
    assert "a number with too many digits" in one_line_error(run("load", str(huge)))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 60_000 + "]" * 60_000)
    assert "nested too deeply" in one_line_error(run("load", str(deep)))


def stored_sample(store_path):
    with ReportStore(store_path) as store:
        return store.add(sample_report())


def damage_report_file(store_path, report_id, change):
    path = store_path.parent / "store.reports" / f"{report_id}.json"
    data = json.loads(path.read_text("utf-8"))
    change(data["report"]["1"])
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def damage_summary(store_path, key, value):
    data = json.loads(store_path.read_text("utf-8"))
    next(iter(data["reports"].values()))[key] = value
    store_path.write_text(json.dumps(data), encoding="utf-8")


def test_a_hand_edited_report_gives_one_line_to_show_review_and_export_and_is_listed(store_path):
    report_id = stored_sample(store_path)
    damaged = damage_report_file(store_path, report_id, set_key("review.comments", [1, "x", {"id": 5}]))
    before = damaged.read_bytes()
    for command in ("show", "review", "export", "dump"):
        line = one_line_error(run(command, report_id))
        assert line.startswith(f"Error: report {report_id} cannot be opened: review.comments[0]: expected an object")
    assert damaged.read_bytes() == before


def test_a_stored_report_with_a_date_that_is_not_a_date_cannot_be_opened(store_path):
    report_id = stored_sample(store_path)
    damage_report_file(store_path, report_id, set_key("review.comments", [comment("hi", at="yesterday")]))
    line = one_line_error(run("show", report_id))
    assert line.startswith(f"Error: report {report_id} cannot be opened: review.comments[0].at: 'yesterday' is not")
    damage_summary(store_path, "updated", "not a date")
    assert run("list").output.strip().endswith("cannot open: its line in the list of reports has no date for updated")


def test_a_damaged_line_of_the_report_list_is_listed_as_cannot_open(store_path):
    report_id = stored_sample(store_path)
    damage_summary(store_path, "updated", [1])
    result = run("list")
    assert result.exit_code == 0
    assert result.output.strip().endswith("cannot open: its line in the list of reports has no text for updated")
    assert json.loads(run("list", "--json").output)[0]["id"] == report_id


async def test_the_app_starts_lists_what_cannot_be_opened_and_deletes_it(store_path, monkeypatch):
    good_id = stored_sample(store_path)
    bad_id = stored_sample(store_path)
    damage_report_file(store_path, bad_id, set_key("review.comments", [1, "x", {"id": 5}]))
    damage_summary(store_path, "updated", [1])  # the first line of the list
    store = ReportStore(store_path, holder="swgtui app").open()
    app = make_app(store)
    shown = []
    monkeypatch.setattr(app, "notify", lambda message, **options: shown.append((options.get("title"), message)))
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, ReportListScreen)
            for _ in range(40):  # every report file is read once after the list is shown
                await pilot.pause(0.05)
                if bad_id in screen.unreadable:
                    break
            lines = [option.prompt.plain for option in screen.query_one("#reports").options]
            assert "cannot open" in lines[0] and "no text for updated" in lines[0]
            assert "cannot open" in lines[1] and "review.comments[0]: expected an object" in lines[1]
            await pilot.press("down", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ReportListScreen)
            assert shown[-1][0] == "Cannot open" and "d deletes it" in shown[-1][1]
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert [s["id"] for s in store.list_reports()] == [good_id]
            await pilot.press("up", "enter")  # the report whose list line was damaged still opens
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert type(app.screen).__name__ == "EditorScreen"
    finally:
        store.close()


def test_the_app_dying_exits_non_zero(monkeypatch, store_path):
    class Dying:
        return_code = None

        def run(self):
            self.return_code = 1  # what Textual sets after an unhandled exception

    monkeypatch.setattr("swgtui.cli.base.has_terminal", lambda: True)
    monkeypatch.setattr("swgtui.app.make_app", lambda store, title_note="": Dying())
    assert run().exit_code == 1
    assert run("--read-only").exit_code == 1


@pytest.mark.parametrize("args", [[], ["--read-only"], ["demo"]])
def test_without_a_terminal_the_app_says_so_and_exits_1(tmp_path, args):
    child = subprocess.run(
        [sys.executable, "-m", "swgtui", "--db", str(tmp_path / "store.json"), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 1
    assert child.stderr.strip() == "Error: swgtui needs a terminal; the commands (swgtui --help) work without one"
    assert not (tmp_path / "store.json").exists()


def test_arguments_and_standard_input_that_are_not_utf8_get_one_line(store_path):
    report_id = stored_sample(store_path)
    before = (store_path.parent / "store.reports" / f"{report_id}.json").read_bytes()
    not_utf8 = b"Health \xff\xfe SWG".decode("utf-8", "surrogateescape")  # as Linux passes such bytes
    cases = [
        (("set", report_id, "header", "swg_name", not_utf8), "TEXT"),
        (("comment", report_id, "header", not_utf8), "TEXT"),
        (("whoami", "--name", not_utf8), "--name"),
        (("new", "--swg", not_utf8, "--period", "2025"), "--swg"),
    ]
    run("whoami", "--name", "Ana", "--org", "MoH", "--role", "chair")
    for args, name in cases:
        line = one_line_error(run(*args), exit_code=2)
        assert line == f"Error: Invalid value for '{name}': is not valid UTF-8 text"
    line = one_line_error(run("set", report_id, "header", "swg_name", "-", input=b"Health \xff SWG"))
    assert line == "Error: standard input is not UTF-8 text (byte 8 cannot be read)"
    assert (store_path.parent / "store.reports" / f"{report_id}.json").read_bytes() == before
    assert json.loads(run("whoami", "--json").output)["name"] == "Ana"


async def test_escape_sequences_in_a_stored_comment_never_reach_the_screen(store_path):
    report_id = stored_sample(store_path)
    evil = comment(ESCAPES + "hello", by={**PERSON, "name": "Ana\x1b[31m"})
    damage_report_file(store_path, report_id, set_key("review.comments", [evil]))  # a hand-edited file
    store = ReportStore(store_path, holder="swgtui app").open()
    app = make_app(store)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert type(app.screen).__name__ == "EditorScreen"
            await pilot.press("ctrl+o")
            await pilot.pause()
            screenshot = app.export_screenshot()
    finally:
        store.close()
    assert "hello" in screenshot and "pwned" not in screenshot
    assert "\x1b]" not in screenshot and "\x07" not in screenshot


def test_history_lines_of_the_wrong_types_are_skipped_and_texts_cleaned(store_path):
    report_id = stored_sample(store_path)
    assert run("set", report_id, "a1", "notes", "first").exit_code == 0
    history = store_path.parent / "store.reports" / f"{report_id}.history.jsonl"
    foreign = [
        {"part": ["a1"], "field": "notes", "rev": 7, "text": "x", "by": None, "at": ""},
        {"part": "a1", "field": "notes", "rev": 8, "text": "x", "by": {}, "at": ""},
        {"part": "a1", "field": "notes", "rev": "9", "text": "x", "by": None, "at": ""},
        {"part": "a1", "field": "notes", "rev": 6, "text": "x", "by": None, "at": "not a date"},
        {"part": "a1", "field": "notes", "rev": 3, "text": ESCAPES + "second", "by": {"name": "B\x1b[31m"}, "at": ""},
    ]
    with history.open("a", encoding="utf-8") as file:
        file.write("".join(json.dumps(line) + "\n" for line in foreign))
    shown = run("history", report_id, "a1", "notes")
    assert shown.exit_code == 0 and "\x1b" not in shown.output and "\x07" not in shown.output
    assert [line.split()[0] for line in shown.stdout.splitlines()[1:]] == ["1", "2", "3"]  # after its title
    assert shown.stderr.startswith("warning: ")  # the lines that were skipped are counted
    assert "B  6 chars  second" in shown.output
    assert run("set", report_id, "a1", "notes", "third").exit_code == 0
    assert run("history", report_id, "a1", "notes", "--json").output.count('"rev": 4') == 1

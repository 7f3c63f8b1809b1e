"""Files an attacker (or an accident) puts in the store's place: each is refused in one line,
left as it was, and never costs a saved text."""

import json

from click.testing import CliRunner

from swgtui.cli import main

from .test_store_faults import one_line_error, revisions, run, saved  # noqa: F401  (a fixture)


def test_a_history_line_with_a_huge_rev_is_skipped_and_revisions_go_on(saved):  # noqa: F811
    report_id, _, history_file = saved
    with open(history_file, "a", encoding="utf-8") as handle:
        handle.write('{"part": "c2", "field": "challenges", "rev": 99999999999999999999999999999, "text": "x"}\n')
    assert run("set", report_id, "c2", "challenges", "second").exit_code == 0
    assert revisions(report_id) == [(1, "first"), (2, "second")]
    result = CliRunner().invoke(main, ["history", report_id, "c2", "challenges"])
    assert "1 line(s) of the history could not be read" in result.output


def test_delete_on_the_command_line_removes_a_report_whose_file_cannot_be_opened(saved, store_path):  # noqa: F811
    report_id, report_file, history_file = saved
    report_file.write_text('{"report": {"1": {"not": "a report"}}}')
    assert "cannot be opened" in one_line_error(CliRunner().invoke(main, ["show", report_id]))
    result = run("delete", report_id, "--yes")
    assert result.exit_code == 0, result.output
    assert f"deleted the report 'Illicit Drug Sector Working Group 2020/2021' ({report_id})" in result.output
    assert not report_file.exists() and not history_file.exists()
    assert json.loads(run("list", "--json").stdout) == []


def test_a_damaged_export_record_is_kept_beside_it_and_the_message_says_so(tmp_path):
    report_id = run("sample").output.strip()
    record = tmp_path / "data" / "exports.json"
    record.parent.mkdir(parents=True)
    record.write_text("[[[")
    result = CliRunner().invoke(main, ["export", report_id])
    assert result.exit_code == 0, result.output
    kept = [p for p in record.parent.iterdir() if p.name.startswith("exports.json.damaged-")]
    assert len(kept) == 1 and kept[0].read_text() == "[[[", list(record.parent.iterdir())
    assert f"it was kept as {kept[0].name} and a new one is started" in result.stderr
    assert "left untouched" not in result.stderr
    assert json.loads(record.read_text())["files"]  # the new record lists the export

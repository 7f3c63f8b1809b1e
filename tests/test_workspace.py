"""The workspace: the reports of a store listed, created, rolled over (the same from the app, the
command line and here), imported, loaded, exported, deleted and opened as sessions."""

import json

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.exports.files import ExportError, export_docx
from swgtui.model import report as rp
from swgtui.sample import sample_report
from swgtui.store import ReportNotFoundError, ReportStore, StoreLockedError
from swgtui.workspace import Workspace

from .test_app import running_app, settle

FOCAL = {"name": "Phoutsavath Sounthala", "organisation": "Ministry of Public Security", "role": "focal point"}


def comparable(report: rp.Report) -> rp.Report:
    """A report without what differs between two reports made alike: its id and dates."""
    return {k: v for k, v in report.items() if k not in ("id", "created", "updated")}


async def test_rolling_over_is_the_same_from_the_workspace_the_command_line_and_the_report_list(store_path):
    async with running_app(store_path) as (_, pilot, store, sample_id):
        await pilot.press("r")  # the report list: next period's report of the sample
        await pilot.pause()
        await pilot.press("enter")  # the suggested period: 2021/2022
        await settle(pilot)
        [from_app_id] = [s["id"] for s in store.list_reports() if s["id"] != sample_id]
        await pilot.press("ctrl+q")
    result = CliRunner().invoke(main, ["new", "--from", sample_id, "--period", "2021/2022"])
    assert result.exit_code == 0, result.output
    from_cli_id = result.stdout.strip()
    with Workspace(ReportStore(store_path)) as reports:
        rolled = reports.roll_over(sample_id, "2021/2022")
        from_app, from_cli = reports.get(from_app_id), reports.get(from_cli_id)
        assert len({from_app_id, from_cli_id, rolled["id"]}) == 3
        assert comparable(from_app) == comparable(from_cli) == comparable(reports.get(rolled["id"]))
        assert rolled["reference"]["report"] == sample_id and rolled["period"] == "2021/2022"
        assert [r["id"] for r in rp.rows(rolled)] == [r["id"] for r in rp.rows(reports.get(sample_id))]
        assert sorted(reports.same_reports(rolled)) == sorted([from_app_id, from_cli_id])
        renamed = reports.roll_over(sample_id, "2022/2023", swg="Drug Control SWG")
        assert rp.swg_name(reports.get(renamed["id"])) == "Drug Control SWG"
        with pytest.raises(rp.ReportError, match="needs another period than 2020/2021"):
            reports.roll_over(sample_id, "2020/2021")


def test_create_list_open_and_delete(store_path):
    with Workspace(ReportStore(store_path)) as reports:
        assert reports.list_reports() == []
        report = reports.create("annex2", "Health Sector Working Group", "2025-2026")
        [line] = reports.list_reports()
        assert (line["id"], line["swg"], line["period"]) == (report["id"], "Health Sector Working Group", "2025/2026")
        session = reports.open(report["id"], FOCAL)
        assert (session.person, session.read_only, session.report) == (FOCAL, False, reports.get(report["id"]))
        session.set_field("c2", "challenges", "Tablets")
        session.save()
        assert reports.open(report["id"], read_only=True).read_only
        reports.delete(report["id"])
        assert reports.list_reports() == []
        with pytest.raises(ReportNotFoundError, match=f"no report '{report['id']}'"):
            reports.open(report["id"])


def test_a_dump_loads_back_with_its_history(store_path):
    with Workspace(ReportStore(store_path)) as reports:
        report_id = reports.add(sample_report())
        session = reports.open(report_id, FOCAL)
        session.set_field("c2", "challenges", "A new text")
        session.save()
        dumped = reports.dump(report_id)
        loaded_id = reports.load(dumped, "dump.json")
        assert loaded_id != report_id  # the id was taken
        assert comparable(reports.get(loaded_id)) == comparable(reports.get(report_id))
        assert reports.open(loaded_id).history("c2", "challenges") == session.history("c2", "challenges")


def test_a_file_to_add_is_checked_before_the_store_is_opened(store_path, tmp_path):
    """A bad dump or .docx is refused for what it is, even while another program holds the store,
    and no store is made for it."""
    bad = tmp_path / "bad.docx"
    bad.write_text("not a docx")
    with Workspace(ReportStore(store_path)) as reports:
        with pytest.raises(rp.ReportError):
            reports.load('{"format": "swgtui-report", "version": 1, "report": {"template": "annex2"}}')
        with pytest.raises(rp.ReportError, match="bad.docx is not a Word .docx file"):
            reports.import_docx(bad)
    assert not store_path.exists()
    with ReportStore(store_path, holder="the app"), Workspace(ReportStore(store_path, holder="a command")) as reports:
        with pytest.raises(rp.ReportError, match="bad.docx is not a Word .docx file"):
            reports.import_docx(bad)
        with pytest.raises(StoreLockedError):
            reports.list_reports()


def test_import_and_export(store_path, tmp_path):
    good = export_docx(sample_report(), tmp_path / "good.docx").path
    with Workspace(ReportStore(store_path)) as reports:
        imported = reports.import_docx(good, period="2021-22")
        report = reports.get(imported.report_id)
        assert (rp.swg_name(report), report["period"]) == ("Illicit Drug Sector Working Group", "2021/2022")
        assert imported.summary  # what went where, for the user
        markdown = reports.export(imported.report_id, "md", tmp_path / "report.md")
        assert markdown.path == tmp_path / "report.md"
        assert "Illicit Drug Sector Working Group" in markdown.path.read_text(encoding="utf-8")
        with pytest.raises(ExportError, match="^not ready for a final export:\n- "):
            reports.export(imported.report_id, "docx", tmp_path / "final.docx", final=True)
        assert not (tmp_path / "final.docx").exists()


def test_the_command_line_saves_its_changes_through_a_session_with_the_author(store_path):
    """`set` and the editing commands record who changed a text (swgtui whoami) in its history."""
    runner = CliRunner()
    whoami = ["whoami", "--name", FOCAL["name"], "--org", FOCAL["organisation"], "--role", FOCAL["role"]]
    assert runner.invoke(main, whoami).exit_code == 0
    report_id = runner.invoke(main, ["new", "--swg", "Health SWG", "--period", "2025"]).stdout.strip()
    assert runner.invoke(main, ["set", report_id, "c2", "challenges", "Tablets"]).exit_code == 0
    added = json.loads(runner.invoke(main, ["add-row", report_id, "A", "Roads", "--json"]).stdout)
    assert runner.invoke(main, ["rename-row", report_id, added["id"], "Rural roads"]).exit_code == 0
    with Workspace(ReportStore(store_path, writable=False)) as reports:
        session = reports.open(report_id)
        assert session.read_only
        assert [(r["text"], r["by"]) for r in session.history("c2", "challenges")] == [("Tablets", FOCAL)]
        assert [(r["text"], r["by"]) for r in session.history(added["id"], "title")] == [
            ("Roads", FOCAL),
            ("Rural roads", FOCAL),
        ]

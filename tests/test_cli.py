import json
import subprocess
import sys
import textwrap

from click.testing import CliRunner

from swgtui.cli import main


def run(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input)
    return result


def test_version_and_templates():
    assert run("--version").output.strip() == "swgtui, version 0.2.0"
    result = run("templates")
    assert result.output == "annex2\tAnnex 2 – Template for SWG reporting\n"


def test_new_list_show_set_and_the_json_contract(store_path):
    report_id = run("new", "--swg", "Health Sector Working Group", "--period", "2025/2026").output.strip()
    listing = json.loads(run("list", "--json").output)
    assert listing == [
        {
            "id": report_id,
            "swg": "Health Sector Working Group",
            "swg_key": "health",
            "period": "2025/2026",
            "template": "annex2",
            "complete": listing[0]["complete"],
        }
    ]
    assert 0 < listing[0]["complete"] < 0.1
    row_id = json.loads(run("show", report_id, "--json").output)["sections"][2]["rows"][2]["id"]
    assert row_id == "c2"
    assert run("set", report_id, "c2", "narrative", "ສະບາຍດີ [bold]x[/]").exit_code == 0
    assert run("set", report_id, "header", "chairs", "-", input="Ministry of Health\nWHO\n").exit_code == 0
    shown = json.loads(run("show", report_id, "--json").output)
    assert shown["header"]["id"] == "header"
    assert shown["header"]["fields"]["chairs"] == "Ministry of Health\nWHO\n"
    c2 = shown["sections"][2]["rows"][2]
    assert c2["fields"] == {"narrative": "ສະບາຍດີ [bold]x[/]", "challenges": ""}
    assert c2["complete"] == 1.0 and c2["title"] == "2. Innovation and technology"
    assert set(c2) >= {"id", "title", "tag", "fields", "complete"}


def test_ids_stay_stable_when_rows_are_renamed_or_reordered(store_path):
    from swgtui.model import report as rp
    from swgtui.model.template import load_template
    from swgtui.store import ReportStore

    report_id = run("sample").output.strip()
    before = json.loads(run("show", report_id, "--json").output)
    with ReportStore(store_path) as store:
        report = store.get(report_id)
        template = load_template("annex2")
        rp.rename_row(template, report, "a2", "Renamed")
        rp.move_row(template, report, "a2", 3)
        store.save(report)
    after = json.loads(run("show", report_id, "--json").output)
    ids = lambda view: sorted(r["id"] for s in view["sections"] for r in s["rows"])  # noqa: E731
    assert ids(before) == ids(after)
    a_rows = after["sections"][0]["rows"]
    assert [r["id"] for r in a_rows][:5] == ["a1", "a3", "a4", "a5", "a2"]
    assert a_rows[4]["title"] == "Renamed"


def test_dump_load_dump_is_lossless(tmp_path):
    report_id = run("sample").output.strip()
    assert run("set", report_id, "c3", "challenges", "ຄວາມສະເໝີພາບຍິງຊາຍ\n- ໄວໜຸ່ມ").exit_code == 0
    first = run("dump", report_id).output
    path = tmp_path / "report.json"
    path.write_text(first, encoding="utf-8")
    new_id = run("load", str(path)).stdout.strip()  # a warning on stderr: the same SWG and period
    assert new_id != report_id  # the id was taken
    second = json.loads(run("dump", new_id).output)["report"]
    original = json.loads(first)["report"]
    assert second.pop("id") == new_id
    original.pop("id")
    assert second == original
    # into another store, where the id is free, the dump comes back byte for byte
    other = tmp_path / "other.json"
    assert run("load", "--db", str(other), str(path)).output.strip() == report_id
    assert run("dump", "--db", str(other), report_id).output == first
    assert "ຄວາມສະເໝີພາບຍິງຊາຍ" in first  # Lao as itself, not as \\u escapes


def test_export_prints_the_path_of_a_docx(tmp_path):
    report_id = run("sample").output.strip()
    default = run("export", report_id)
    assert default.exit_code == 0
    assert default.output.strip() == str(
        tmp_path / "exports" / "Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021-DRAFT.docx"
    )
    out = tmp_path / "x" / "mine.docx"
    out.parent.mkdir()
    assert run("export", report_id, "--out", str(out), "--format", "docx").output.strip() == str(out)
    assert out.read_bytes()[:2] == b"PK"


def test_db_option_and_environment_choose_the_store(tmp_path):
    other = tmp_path / "other.json"
    report_id = run("new", "--db", str(other), "--swg", "X", "--period", "2025").output.strip()
    assert [r["id"] for r in json.loads(run("list", "--json", "--db", str(other)).output)] == [report_id]
    assert [r["id"] for r in json.loads(run("--db", str(other), "list", "--json").output)] == [report_id]
    assert json.loads(run("list", "--json").output) == []


def test_errors_are_one_clear_line_and_a_non_zero_exit(tmp_path):
    report_id = run("sample").output.strip()
    cases = [
        (("show", "nope"), "Error: no report 'nope'"),
        (("set", report_id, "zz", "notes", "x"), "Error: the report has no row 'zz' (give its id"),
        (
            ("set", report_id, "a1", "zz", "x"),
            "Error: 'Enhanced border security' (A.1) has no field 'zz' (fields: notes, progress, challenges)",
        ),
        (("load", str(tmp_path / "missing.json")), "Error: cannot read"),
        (("new", "--swg", "X", "--period", "1", "--template", "zz"), "Error: unknown template 'zz'"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.output.startswith(message), result.output
        assert len(result.output.strip().splitlines()) == 1
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "swgtui-report", "version": 1, "report": {"template": "annex2"}}')
    result = run("load", str(bad))
    assert result.exit_code == 1 and "Error:" in result.output and "Traceback" not in result.output


def test_a_cli_write_is_refused_while_the_app_holds_the_store(store_path):
    holder = textwrap.dedent(
        """
        import sys, time
        from pathlib import Path
        from swgtui.store import ReportStore
        ReportStore(Path(sys.argv[1]), holder="swgtui app").open()
        print("ready", flush=True)
        time.sleep(30)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", holder, str(store_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
        result = subprocess.run(
            [sys.executable, "-m", "swgtui", "--db", str(store_path), "new", "--swg", "X", "--period", "P"],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1
        assert result.stderr.startswith("Error: the store is in use by swgtui app (process ")
        assert "Traceback" not in result.stderr
        listing = subprocess.run(
            [sys.executable, "-m", "swgtui", "--db", str(store_path), "list"], capture_output=True, text=True
        )
        assert listing.returncode == 0
    finally:
        process.kill()
        process.wait()


def test_the_period_is_checked_changed_and_a_second_report_of_the_same_swg_and_period_is_warned_of(store_path):
    refused = run("new", "--swg", "Health Sector Working Group", "--period", "next year")
    assert refused.exit_code == 1
    assert (
        refused.output
        == "Error: the period 'next year' is not a year or two years (e.g. 2025/2026, 2025-2026, 2025/26 or 2025)\n"
    )
    first = run("new", "--swg", "Health Sector Working Group", "--period", "2025-26")
    assert first.exit_code == 0 and first.stderr == ""
    second = run("new", "--swg", "Health Sector Working Group", "--period", "2025/2026")
    assert second.exit_code == 0
    assert second.stderr == (
        f"warning: 2 reports now exist for Health Sector Working Group 2025/2026 (also {first.stdout.strip()})\n"
    )
    report_id = second.stdout.strip()
    assert run("set", report_id, "header", "period", "X").output.startswith("Error: the period 'X' is not a year")
    changed = run("set", report_id, "header", "period", "2026-2027")
    assert changed.exit_code == 0 and changed.stderr == ""
    assert run("set", report_id, "header", "swg_name", "Education SWG").exit_code == 0
    listing = {s["id"]: (s["swg"], s["period"]) for s in json.loads(run("list", "--json").output)}
    assert listing == {
        first.stdout.strip(): ("Health Sector Working Group", "2025/2026"),
        report_id: ("Education SWG", "2026/2027"),
    }
    rolled = run("new", "--from", report_id, "--period", "2026/2027")
    assert rolled.exit_code == 1 and "another period than 2026/2027" in rolled.output

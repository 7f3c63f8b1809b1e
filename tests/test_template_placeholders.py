"""{period} and {swg} are filled in every word of a template as written (never by str.format);
any other placeholder or stray brace is refused with its place; `swgtui templates check FILE`
names every problem of a template file; `swgtui templates` says which of the user's own
templates do not load, and why."""

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from swgtui.app import make_app
from swgtui.cli import main
from swgtui.exports.docx_writer import docx_bytes
from swgtui.exports.markdown_writer import render_markdown
from swgtui.exports.view import build_view
from swgtui.model import report as rp
from swgtui.model.template import TemplateError, fill, load_template, load_template_file
from swgtui.outline import outline
from swgtui.screens.editor import EditorScreen
from swgtui.widgets.outline_tree import OutlineTree
from tests.test_app import open_store, settle

ANNEX2 = Path(__file__).parents[1] / "swgtui" / "data" / "templates" / "annex2.json"
SWG, PERIOD = "Health Sector Working Group", "2025/2026"


def annex2_data() -> dict:
    return json.loads(ANNEX2.read_text(encoding="utf-8"))


def with_placeholders() -> dict:
    """Annex 2 as "mine", with {period} and {swg} in a column title, a section's titles, a label,
    a guidance, the header's title and the overview heading."""
    data = annex2_data()
    data["id"] = "mine"
    data["title"] = "Report of {swg}"
    data["overview_heading"] = "Overview of {swg} in {period}"
    data["columns"][1] = "Progress in {period}"
    data["header"]["title"] = "About {swg}"
    section = data["sections"][1]
    section["title"] = "B. Outreach of {swg} in {period}"
    section["short_title"] = "B. Outreach {period}"
    kind = data["row_kinds"][section["new_row_kind"]]
    kind["fields"][0]["label"] = "Done in {period}"
    kind["fields"][0]["guidance"] = "What {swg} did in {period}."
    return data


def install(folder: Path, data: dict) -> None:
    (folder / "templates").mkdir(exist_ok=True)
    (folder / "templates" / f"{data['id']}.json").write_text(json.dumps(data), encoding="utf-8")


def written(folder: Path, data: dict, name: str = "t.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# --- filled as written -------------------------------------------------------------------------


def test_fill_replaces_exactly_period_and_swg_and_reads_nothing_else():
    text = "{period} {swg} {x} {period.__class__} {0} {{period}}"
    assert fill(text, "2025/2026", "Health") == "2025/2026 Health {x} {period.__class__} {0} {2025/2026}"
    assert fill("{swg} in {period}", "{swg}", "{period}") == "{period} in {swg}"  # no second pass


def test_the_export_fills_column_titles_section_titles_labels_and_headings(isolated_folders):
    install(isolated_folders, with_placeholders())
    template = load_template("mine")
    report = rp.new_report(template, SWG, PERIOD)
    row = rp.add_row(template, report, "B", "Radio spots")
    row["fields"][template.row_kinds[row["kind"]].fields[0].id] = "Ten spots."

    view = build_view(report, template)
    assert view.title == f"Report of {SWG}"
    assert view.overview_heading == f"Overview of {SWG} in {PERIOD}"
    assert view.columns[1] == f"Progress in {PERIOD}"
    assert view.sections[1].title == f"B. Outreach of {SWG} in {PERIOD}"
    assert view.sections[1].rows[-1].fields[0].label == f"Done in {PERIOD}"
    assert view.record[0].cells[0] == f"About {SWG}"

    document = Document(io.BytesIO(docx_bytes(report)))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for r in table.rows for cell in r.cells]
    assert f"Report of {SWG}" in paragraphs and f"Overview of {SWG} in {PERIOD}" in paragraphs
    assert f"Progress in {PERIOD}" in cells
    assert any(f"B. Outreach of {SWG} in {PERIOD}" in cell for cell in cells)
    assert document.core_properties.subject == f"Report of {SWG}: Overview of {SWG} in {PERIOD}"
    markdown = render_markdown(report, template)
    assert f"### B. Outreach of {SWG} in {PERIOD}" in markdown and f"Done in {PERIOD}:" in markdown
    for text in (paragraphs, "\n".join(cells), markdown, str(document.core_properties.title)):
        assert "{period}" not in text and "{swg}" not in text

    shown = outline(template, report)
    assert shown["header"]["title"] == f"About {SWG}"
    assert shown["sections"][1]["title"] == f"B. Outreach of {SWG} in {PERIOD}"


def test_annex2_words_are_as_before():
    template = load_template("annex2")
    assert template.filled("2020/2021", "Any SWG").overview_heading == "Overview of Sector Performance in 2020/2021"
    assert template.filled("2020/2021", "Any SWG").columns == template.columns  # no placeholder in them


async def test_the_editor_shows_the_words_filled(isolated_folders, store_path):
    install(isolated_folders, with_placeholders())
    store = open_store(store_path)
    try:
        store.create("mine", SWG, PERIOD)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, EditorScreen)
            tree = screen.query_one(OutlineTree)
            labels = [str(node.label) for node in tree.root.children]
            assert any(f"About {SWG}" in label for label in labels)
            assert any(f"B. Outreach {PERIOD}" in label for label in labels)
            form = "\n".join(str(w.render()) for w in screen.form.query("LinkLine"))
            assert f"About {SWG}" in form and "{swg}" not in form and "{period}" not in form
    finally:
        store.close()


# --- refused with the place --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["sections"][2].update(title="C. {x}"),
            "sections[2].title: unknown placeholder {x} (only {period} and {swg})",
        ),
        (
            lambda d: d["columns"].__setitem__(1, "Progress in {period.__class__}"),
            "columns[1]: unknown placeholder {period.__class__} (only {period} and {swg})",
        ),
        (
            lambda d: d["row_kinds"]["action"]["fields"][0].update(guidance="In {period"),
            "row_kinds.action.fields[0].guidance: a lone { (braces are only for {period} and {swg})",
        ),
        (
            lambda d: d.update(overview_heading="Overview {{period}}"),
            "overview_heading: a lone {",
        ),
        (lambda d: d["header"].update(title="{0}"), "header.title: unknown placeholder {0}"),
    ],
)
def test_an_unknown_placeholder_or_a_stray_brace_is_refused_with_its_place(tmp_path, change, message):
    data = annex2_data()
    change(data)
    with pytest.raises(TemplateError) as error:
        load_template_file(written(tmp_path, data, "broken.json"))
    assert str(error.value).startswith("template broken.json: ")
    assert message in str(error.value)


def test_a_template_with_several_problems_names_the_first_and_keeps_them_all(tmp_path):
    data = annex2_data()
    data["sections"][2]["title"] = "C. {x}"
    data["sections"][0]["id"] = "B"
    with pytest.raises(TemplateError) as error:
        load_template_file(written(tmp_path, data))
    assert str(error.value) == "template t.json: sections: id 'B' is used twice (and 1 more problem)"
    assert error.value.problems == (
        "sections: id 'B' is used twice",
        "sections[2].title: unknown placeholder {x} (only {period} and {swg})",
    )


# --- swgtui templates check FILE ---------------------------------------------------------------


def test_check_names_every_problem_with_its_place(tmp_path):
    data = annex2_data()
    data["id"] = "t"
    data["sections"][2]["title"] = "C. {x}"
    data["columns"][1] = "Progress in {period.__class__}"
    data["sections"][0]["id"] = "B"
    del data["title"]
    data["row_kinds"]["action"]["fields"][0]["column"] = 7
    path = written(tmp_path, data)
    result = run("templates", "check", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f'{path}: top level.title: must be a non-empty string, or its languages {{"en": ..., "lo": ...}}',
        f"{path}: row_kinds.action.fields[0].column: must be a column from 2 to 3 (column 1 holds the row titles)",
        f"{path}: sections: id 'B' is used twice",
        f"{path}: columns[1]: unknown placeholder {{period.__class__}} (only {{period}} and {{swg}})",
        f"{path}: sections[2].title: unknown placeholder {{x}} (only {{period}} and {{swg}})",
    ]


def test_a_true_or_false_setting_written_as_text_is_refused_with_its_place(tmp_path):
    data = annex2_data()
    data["id"] = "t"
    data["row_kinds"]["action"]["fields"][0]["label_in_document"] = "false"  # would read as true
    data["header"]["contact_lists"][0]["required"] = "no"
    result = run("templates", "check", str(written(tmp_path, data)))
    assert result.exit_code == 1
    assert [line.split(": ", 1)[1] for line in result.output.splitlines()] == [
        "header.contact_lists[0].required: must be true or false",
        "row_kinds.action.fields[0].label_in_document: must be true or false",
    ]


def test_check_passes_a_good_template_and_tells_its_size(tmp_path):
    path = written(tmp_path, with_placeholders(), "mine.json")
    result = run("templates", "check", str(path))
    assert result.exit_code == 0, result.output
    assert result.output == f"{path}: a valid template (3 sections, 6 rows)\n"


def test_check_wants_the_id_to_be_the_file_name_and_reads_any_file(tmp_path):
    result = run("templates", "check", str(written(tmp_path, annex2_data(), "other.json")))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{tmp_path / 'other.json'}: id: 'annex2' must match the file name (other.json)"
    ]
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    result = run("templates", "check", str(tmp_path / "bad.json"))
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert result.output.startswith(f"{tmp_path / 'bad.json'}: not valid JSON (")
    result = run("templates", "check", str(tmp_path / "absent.json"))
    assert result.exit_code == 1
    assert result.output == f"{tmp_path / 'absent.json'}: cannot read it (No such file or directory)\n"


# --- swgtui templates lists the broken ones ----------------------------------------------------


def test_templates_lists_a_broken_user_template_with_why(isolated_folders):
    install(isolated_folders, with_placeholders())
    broken = annex2_data()
    broken["id"] = "broken"
    broken["sections"][2]["title"] = "C. {x}"
    install(isolated_folders, broken)
    why = "template broken.json: sections[2].title: unknown placeholder {x} (only {period} and {swg})"

    result = run("templates")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["annex2\tAnnex 2 – Template for SWG reporting", "mine\tReport of {swg}"]
    assert result.stderr == f"warning: {why}\n"

    listed = json.loads(run("templates", "--json").stdout)
    assert [t["id"] for t in listed["templates"]] == ["annex2", "mine"]
    assert listed["problems"] == [why]

"""Receiving a Word export in Lao or in both languages (`export --doc-lang lo|both`): the file
shows a template row's title, its field labels and "No update this period." in the document's
language, and none of them is the reviewer's edit. An unchanged file brings nothing new, with
its swgtui marks and without (received into a report with --into); a reviewer's edit comes
back as exactly that suggestion; a removable row the SWG renamed keeps its own title."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from swgtui import i18n
from swgtui.exchange_docx import receive_docx
from swgtui.exports.files import export_report
from swgtui.model import report as rp
from swgtui.model import suggestions
from swgtui.model.template import Template, load_template
from swgtui.model.types import Report
from swgtui.workspace import Workspace
from tests.test_receive_docx import ANNA, NOY, SAMPLE, TUESDAY
from tests.test_template_shapes import install, w
from tests.wordlike import Reviewed, W

LANGUAGES = ["lo", "both"]

# A template with Lao words everywhere a person reads them: a fixed row whose title has the
# period in it, a removable row, a labelled field, a tag, and rows added by the SWG.
LAO: dict[str, Any] = {
    "schema": 1,
    "id": "lao-note",
    "title": w("Note of {swg}", "ບົດບັນທຶກຂອງ {swg}"),
    "overview_heading": w("Work of {swg} in {period}", "ວຽກງານຂອງ {swg} ໃນ {period}"),
    "columns": [w("Area", "ຂົງເຂດ"), w("Progress in {period}", "ຄວາມຄືບໜ້າໃນ {period}"), w("Next steps", "ບາດກ້າວຕໍ່ໄປ")],
    "orientation": "portrait",
    "header": {"fields": [{"id": "swg_name", "label": w("Working group", "ກຸ່ມວຽກງານ")}]},
    "row_kinds": {
        "area": {
            "label": w("Area", "ຂົງເຂດ"),
            "tags": ["priority"],
            "fields": [
                {"id": "progress", "label": w("Progress", "ຄວາມຄືບໜ້າ"), "column": 2},
                {
                    "id": "risks",
                    "label": w("Risks:", "ຄວາມສ່ຽງ:"),
                    "column": 2,
                    "label_in_document": True,
                    "required": False,
                },
                {"id": "next", "label": w("Next steps", "ບາດກ້າວຕໍ່ໄປ"), "column": 3, "required": False},
            ],
        }
    },
    "sections": [
        {
            "id": "one",
            "title": w("1. Work of {swg}", "1. ວຽກງານຂອງ {swg}"),
            "rows": [
                {"id": "health", "kind": "area", "title": w("Health in {period}", "ສາທາລະນະສຸກໃນ {period}")},
                {"id": "schools", "kind": "area", "title": w("Schools", "ໂຮງຮຽນ"), "removable": True},
                {"id": "roads", "kind": "area", "title": w("Roads", "ເສັ້ນທາງ"), "removable": True},
            ],
            "new_row_kind": "area",
        },
        {"id": "two", "title": w("2. Other work", "2. ວຽກງານອື່ນ"), "rows": [], "new_row_kind": "area"},
    ],
}


def lao_report(workspace: Workspace, english_columns: bool = False) -> tuple[Template, Report]:
    """A report of the template above in the store: every kind of text filled, a row without
    update, a section without update, the removable row "schools" renamed by the SWG."""
    untranslated = ["Field of work", "Done in {period}", "Plans"]  # (words of the template nowhere else)
    template = install(LAO | {"columns": untranslated} if english_columns else LAO)
    report = rp.new_report(template, "Health SWG", "2025/2026")
    rp.set_field(template, report, "health", "progress", "Three hospitals were built.")
    rp.set_field(template, report, "health", "risks", "Floods in the rainy season.")
    rp.set_field(template, report, "health", "next", "Open the **third** one.")
    rp.rename_row(template, report, "schools", "Primary schools")
    rp.set_field(template, report, "schools", "progress", "- ໂຮງຮຽນ 12 ແຫ່ງ\n- 40 teachers trained")
    rp.set_no_update(report, "roads", True)
    added = rp.add_row(template, report, "one", "ການສຶກສາ", "priority")
    rp.set_field(template, report, added["id"], "progress", "ສ້າງໂຮງຮຽນ 3 ແຫ່ງ")
    rp.set_section_no_update(report, "two", True)
    workspace.store.add(report)
    return template, workspace.get(report["id"])


@pytest.fixture
def workspace(store) -> Workspace:
    return Workspace(store)


def exported(workspace: Workspace, report_id: str, language: str, folder: Path) -> Path:
    return workspace.export(report_id, out=folder / f"{language}.docx", by=NOY, language=language).path


def retitle(reviewed: Reviewed, title: str, new: str) -> None:
    """The row title `title` typed over in Word (tracked): in the table, not in the status list
    at the end that names the rows too."""
    *_, listed = (p for p in reviewed.document.iter(f"{W}p") if "".join(p.itertext()) == title)
    listed.getparent().remove(listed)
    reviewed.replace(title, new, author=ANNA, date=TUESDAY)


def nothing_new(received: Any, path: Path, report: Report) -> bool:
    named = f"{report['id']} ({rp.swg_name(report)} {report['period']})"
    expected = f"nothing new in {path.name}: no edits and no comments not already in the report {named}"
    return received.summary == expected and not received.changed


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unchanged_annex2_export_in_lao_or_both_brings_nothing_new(store, sample, tmp_path, language):
    store.add(sample)
    workspace = Workspace(store)
    path = exported(workspace, SAMPLE, language, tmp_path)
    received = workspace.receive(path, by=NOY)
    assert nothing_new(received, path, sample), received.summary
    assert suggestions.suggestions(workspace.get(SAMPLE)) == []


@pytest.mark.parametrize("columns", ["lao columns", "english columns"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unchanged_export_of_a_template_with_lao_words_brings_nothing_new(workspace, tmp_path, language, columns):
    """Its field labels and "No update this period." are read in the file's language(s) too,
    also where the column titles (English only) cannot tell it: the file's marks say it."""
    _template, report = lao_report(workspace, english_columns=columns == "english columns")
    path = exported(workspace, report["id"], language, tmp_path)
    received = workspace.receive(path, by=NOY)
    assert nothing_new(received, path, report), received.summary
    assert suggestions.suggestions(workspace.get(report["id"])) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_file_without_marks_in_lao_or_both_is_matched_by_its_lao_titles(store, sample, tmp_path, language):
    """Received into the report with --into: the rows are told by their titles (a row was added
    to section A since, so its rows cannot go by the report's order), and nothing is new."""
    store.add(sample)
    workspace = Workspace(store)
    bare = export_report(workspace.get(SAMPLE), "docx", tmp_path / f"bare-{language}.docx", language=language).path
    session = workspace.open(SAMPLE, NOY)
    session.add_row("A", "Ferry landings")
    session.save()
    received = receive_docx(store, bare, SAMPLE, NOY)
    assert nothing_new(received, bare, workspace.get(SAMPLE)), received.summary


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_edited_word_in_a_lao_export_is_exactly_that_suggestion(store, sample, tmp_path, language):
    store.add(sample)
    workspace = Workspace(store)
    path = exported(workspace, SAMPLE, language, tmp_path)
    reviewed = Reviewed(path)
    reviewed.replace("are increasingly using", "are steadily using", author=ANNA, date=TUESDAY)  # a fixed row's
    reviewed.save()
    received = workspace.receive(path, by=NOY)
    assert received.changed and "1 suggestion " in received.summary, received.summary
    report = workspace.get(SAMPLE)
    [suggestion] = suggestions.suggestions(report)
    assert (suggestion["part"], suggestion["field"], suggestion["by"]["name"]) == ("c2", "narrative", ANNA)
    before = rp.get_field(load_template("annex2"), report, "c2", "narrative")
    assert suggestion["after"] == before.replace("are increasingly using", "are steadily using")


def test_a_renamed_removable_row_keeps_its_own_title_and_its_edit_comes_back(workspace, tmp_path):
    """In a Lao export "schools" (renamed) shows its own title, "roads" the template's Lao words:
    retitling each in Word is a suggestion for that title, accepted as the row's own."""
    template, report = lao_report(workspace)
    path = exported(workspace, report["id"], "lo", tmp_path)
    reviewed = Reviewed(path)
    retitle(reviewed, "Primary schools", "Primary and secondary schools")
    retitle(reviewed, "ເສັ້ນທາງ", "ເສັ້ນທາງຊົນນະບົດ")
    reviewed.save()
    received = workspace.receive(path, by=NOY)
    assert received.summary.startswith(f"received lo.docx into {report['id']} "), received.summary
    assert "2 suggestions " in received.summary and ";" not in received.summary, received.summary
    found = {(s["part"], s["field"]): s["after"] for s in suggestions.suggestions(workspace.get(report["id"]))}
    assert found == {("schools", "title"): "Primary and secondary schools", ("roads", "title"): "ເສັ້ນທາງຊົນນະບົດ"}
    session = workspace.open(report["id"], NOY)
    for suggestion in session.suggestions():
        session.accept_suggestion(suggestion["id"])
    session.save()
    accepted = workspace.get(report["id"])
    titles = [rp.shown_title(template, accepted, rp.find_row(accepted, row)[1], "lo") for row in ("schools", "roads")]
    assert titles == ["Primary and secondary schools", "ເສັ້ນທາງຊົນນະບົດ"]


def test_a_fixed_rows_title_edited_in_word_is_noted_not_suggested(workspace, tmp_path):
    """A fixed row's title is the template's: an edit of it is said and not taken (it could
    never be accepted), in the interface's language."""
    i18n.set_language("lo")
    _template, report = lao_report(workspace)
    path = exported(workspace, report["id"], "lo", tmp_path)
    reviewed = Reviewed(path)
    retitle(reviewed, "ສາທາລະນະສຸກໃນ 2025/2026", "ສາທາລະນະສຸກ ແລະ ອະນາໄມໃນ 2025/2026")
    reviewed.save()
    received = workspace.receive(path, by=NOY)
    assert not received.changed and suggestions.suggestions(workspace.get(report["id"])) == []
    assert "'ສາທາລະນະສຸກໃນ 2025/2026' (one.1)" in received.summary
    assert "ແບບຟອມ" in received.summary, received.summary


def test_the_command_line_receives_an_unchanged_lao_export_as_nothing_new(focal):
    """As a tester found it: `swgtui export REPORT --doc-lang lo`, then `swgtui receive` the file."""
    out = focal.folder / "exp-lo.docx"
    focal.ok("export", SAMPLE, "--doc-lang", "lo", "--out", str(out))
    result = focal.ok("receive", str(out))
    named = f"{SAMPLE} (Illicit Drug Sector Working Group 2020/2021)"
    assert result.stderr == f"nothing new in exp-lo.docx: no edits and no comments not already in the report {named}\n"
    assert json.loads(focal.ok("suggestions", SAMPLE, "--json").stdout) == []

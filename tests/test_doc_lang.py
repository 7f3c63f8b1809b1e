"""The document's language (export --doc-lang en|lo|both), which is not the interface's: the
template's words from the template in that language, swgtui's own words through the catalogue,
Lao set in Phetsarath OT; a fixed row's title rendered from the template, so that no language
changes a fingerprint or voids an approval; the warning for a template without Lao."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from swgtui import i18n
from swgtui.cli import main
from swgtui.exports import compendium
from swgtui.exports.files import export_report
from swgtui.exports.markdown_writer import render_markdown
from swgtui.exports.words import has_lao
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import load_template, template_data
from swgtui.sample import sample_report
from swgtui.settings import load_settings
from swgtui.store import ReportStore
from swgtui.workspace import Workspace

from .conftest import complete_sample
from .test_app import notifications, running_app, settle
from .test_review import approve_all

T = load_template("annex2")
LAO = T.filled("2020/2021", "Illicit Drug Sector Working Group", "lo")
EN = T.filled("2020/2021", "Illicit Drug Sector Working Group", "en")
LAO_FONT = "Phetsarath OT"
PARTNERS_LAO = "ການສະໜັບສະໜູນຈາກຄູ່ຮ່ວມພັດທະນາອື່ນໆ"  # the fixed row "Support from other development partners"
CHAIR = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}


def export(report, tmp_path: Path, language: str, name: str = "report.docx"):
    path = export_report(report, "docx", tmp_path / name, language=language).path
    return Document(str(path))


def body_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def first_column(document) -> list[str]:
    return [row.cells[0].text for row in document.tables[0].rows]


def runs_of(document) -> list[Any]:
    """Every run of the document's body, its tables', page headers' and footers'."""
    parts = [document.element.body] + [s.header._element for s in document.sections]
    parts += [s.footer._element for s in document.sections]
    return [run for part in parts for run in part.iter(qn("w:r"))]


def run_text(run) -> str:
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


def check_fonts(document) -> int:
    """Every run holding Lao is set in the Lao font and marked Lao; a run of Latin text keeps the
    body's font (no font of its own). How many runs hold Lao."""
    lao_runs = 0
    for run in runs_of(document):
        text = run_text(run)
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if has_lao(text):
            lao_runs += 1
            assert fonts is not None and fonts.get(qn("w:cs")) == LAO_FONT, text
            lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            assert lang is not None and lang.get(qn("w:bidi")) == "lo-LA", text
        elif text.strip():
            assert fonts is None, text
    return lao_runs


def test_a_lao_export_has_the_templates_and_swgtuis_words_in_lao_set_in_the_lao_font(sample, tmp_path):
    rp.set_no_update(sample, "c2", True)
    document = export(sample, tmp_path, "lo")
    texts = body_texts(document)
    assert texts[0] == LAO.title == "ເອກະສານຊ້ອນທ້າຍ 2 – ແບບຟອມການລາຍງານຂອງ SWG"
    assert f"{LAO.header_fields[0].label}: Illicit Drug Sector Working Group" in texts
    assert LAO.overview_heading in texts and "ບັນທຶກການທົບທວນ" in texts  # the review record
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == list(LAO.columns)
    assert LAO.sections[2].title in first_column(document)
    # the template's rows: their titles from the template, in Lao; the SWG's own rows as written
    assert PARTNERS_LAO in first_column(document) and "2. ນະວັດຕະກຳ ແລະ ເຕັກໂນໂລຊີ" in first_column(document)
    assert any(text.startswith("Enhanced border security") for text in first_column(document))
    c2 = next(row for row in table.rows if row.cells[0].text == "2. ນະວັດຕະກຳ ແລະ ເຕັກໂນໂລຊີ")
    assert c2.cells[1].text == "ບໍ່ມີຄວາມຄືບໜ້າໃໝ່ໃນໄລຍະນີ້."
    a1 = next(row for row in table.rows if row.cells[0].text.startswith("Enhanced border security"))
    assert a1.cells[1].paragraphs[0].text.startswith("ບັນທຶກກ່ຽວກັບສະພາບການ: Lao PDR is located")
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "ຮ່າງ — ຍັງບໍ່ໄດ້ລົງນາມ"
    footer = section.footer.paragraphs[0]  # (python-docx reads no field: the page numbers are left out)
    assert footer.text == "Illicit Drug Sector Working Group — 2020/2021 — ໜ້າ  ຈາກ "
    assert [field.get(qn("w:instr")) for field in footer._p.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]
    record = document.tables[1]
    assert [cell.text for cell in record.rows[0].cells] == ["ສ່ວນ", "ສະຖານະ", "ຮັບຮອງໂດຍ", "ອົງການ", "ວັນທີ"]
    assert record.rows[1].cells[:2] and [c.text for c in record.rows[1].cells[:2]] == ["ສ່ວນຫົວຂອງບົດລາຍງານ", "ຮ່າງ"]
    assert check_fonts(document) > 50


def test_both_languages_english_then_lao(sample, tmp_path):
    document = export(sample, tmp_path, "both")
    texts = body_texts(document)
    assert texts[0] == f"{EN.title}\n{LAO.title}"  # a title: a line each
    assert f"{EN.overview_heading}\n{LAO.overview_heading}" in texts
    assert "Name of Sector Working Group / ຊື່ກຸ່ມວຽກງານຂະແໜງການ: Illicit Drug Sector Working Group" in texts
    assert "Review record / ບັນທຶກການທົບທວນ" in texts
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        f"{en}\n{lo}" for en, lo in zip(EN.columns, LAO.columns, strict=True)
    ]
    assert f"Support from other development partners\n{PARTNERS_LAO}" in first_column(document)
    a1 = next(row for row in table.rows if row.cells[0].text.startswith("Enhanced border security"))
    assert a1.cells[0].text == "Enhanced border security (SWG/RTIM recommendation)"  # the SWG's own words, once
    assert a1.cells[1].paragraphs[0].text.startswith("Notes on the situation / ບັນທຶກກ່ຽວກັບສະພາບການ: Lao PDR")
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "DRAFT / ຮ່າງ — not signed off / ຍັງບໍ່ໄດ້ລົງນາມ"
    footer = section.footer.paragraphs[0]
    assert footer.text == "Illicit Drug Sector Working Group — 2020/2021 — page  of  / ໜ້າ  ຈາກ "
    assert len(list(footer._p.iter(qn("w:fldSimple")))) == 4  # page N of M in each language
    check_fonts(document)


def test_the_english_export_has_no_lao_and_no_font_of_its_own(sample, tmp_path):
    document = export(sample, tmp_path, "en")
    assert body_texts(document)[0] == "Annex 2 – Template for SWG reporting"
    assert check_fonts(document) == 0
    assert document.sections[0].header.paragraphs[0].text == "DRAFT — not signed off"


def test_lao_typed_in_an_english_export_is_set_in_the_lao_font(sample, tmp_path):
    rp.set_field(T, sample, "a2", "challenges", "ສິ່ງທ້າທາຍ of SEZs")
    document = export(sample, tmp_path, "en")
    assert check_fonts(document) == 1  # that run: Lao and Latin, so only the complex script is marked Lao
    (run,) = [run for run in runs_of(document) if has_lao(run_text(run))]
    assert run.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) is None


def test_markdown_in_lao(sample):
    text = render_markdown(sample, T, "lo")
    assert text.startswith(f"# {LAO.title}\n\n> **ຮ່າງ** — ຍັງບໍ່ໄດ້ລົງນາມ\n")
    assert f"## {LAO.overview_heading}" in text
    assert "### C. ຂົງເຂດວຽກງານຂ້າມຂະແໜງການ ທີ່ນຳໃຊ້ກັບທຸກ SWG" in text
    assert f"#### {PARTNERS_LAO}" in text and "**ບັນທຶກກ່ຽວກັບສະພາບການ:**" in text
    both = render_markdown(sample, T, "both")
    assert both.startswith(f"# {EN.title} / {LAO.title}\n")  # a Markdown heading is one line
    assert f"#### Support from other development partners / {PARTNERS_LAO}" in both


def test_the_compendium_in_lao(store, tmp_path):
    store.add(sample_report())
    out = tmp_path / "compendium.docx"
    compendium.write_compendium(store, "2020/2021", "docx", out, language="lo")
    texts = body_texts(Document(str(out)))
    assert "ບົດລາຍງານຂອງກຸ່ມວຽກງານຂະແໜງການ 2020/2021" in texts  # the cover
    assert "ສາລະບານ" in texts and "ສະຫຼຸບ" in texts and "ສະຫຼຸບການທົບທວນ" in texts
    assert f"ການສັງລວມລະຫວ່າງ SWG: {LAO.sections[2].title}" in texts
    assert "2. ນະວັດຕະກຳ ແລະ ເຕັກໂນໂລຊີ" in texts  # a theme, the template's row in Lao
    assert LAO.title in texts  # the report within it
    assert out.name == "compendium.docx"
    markdown = compendium.render_markdown(compendium.gather(store, "2020/2021", language="lo"))
    assert markdown.startswith("# ບົດລາຍງານຂອງກຸ່ມວຽກງານຂະແໜງການ 2020/2021\n\nກອງປະຊຸມຈັດຕັ້ງປະຕິບັດໂຕະມົນ\n")
    assert "## ສິ່ງທີ່ຍັງຂາດ" in markdown and "ບໍ່ມີບົດລາຍງານສຳລັບ 2020/2021" in markdown
    assert compendium.file_name(compendium.gather(store, "2020/2021", language="lo"), "docx").startswith(
        "Sector-Working-Group-reports-2020-2021"  # a file name stays English
    )


def test_the_compendiums_synthesis_titles_are_the_templates_words_filled(store, tmp_path):
    data = template_data("annex2")
    data["id"] = "themed"
    data["sections"][2]["title"] = {"en": "C. Themes of {swg} in {period}", "lo": "C. ຫົວຂໍ້ຂອງ {swg} ໃນ {period}"}
    data["sections"][2]["rows"][2]["title"] = {"en": "2. Innovation in {period}", "lo": "2. ນະວັດຕະກຳ ໃນ {period}"}
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "themed.json").write_text(json.dumps(data), encoding="utf-8")
    store.create("themed", "Health Sector Working Group", "2025/2026")
    (synthesis,) = compendium.gather(store, "2025/2026").syntheses
    assert synthesis.title == "C. Themes of the Sector Working Groups in 2025/2026"
    assert "2. Innovation in 2025/2026" in [theme.title for theme in synthesis.themes]
    (lao,) = compendium.gather(store, "2025/2026", language="lo").syntheses
    assert lao.title == "C. ຫົວຂໍ້ຂອງ ກຸ່ມວຽກງານຂະແໜງການ ໃນ 2025/2026"
    assert lao.heading == f"ການສັງລວມລະຫວ່າງ SWG: {lao.title}"


def test_the_language_changes_no_fingerprint_and_voids_no_approval(store, tmp_path):
    report = complete_sample(sample_report())
    approve_all(report)
    review.sign_off(report, CHAIR, "SWG meeting")
    report_id = store.add(report)
    stored = store.get(report_id)
    fingerprints = {part: review.part_fingerprint(stored, part) for part in rp.part_ids(stored)}
    assert all(review.part_status(stored, part) == review.APPROVED for part in fingerprints)

    i18n.set_language("lo")  # the interface in Lao, the document in Lao
    assert rp.part_title(T, stored, "partners") == PARTNERS_LAO
    exported = Workspace(store).export(report_id, "docx", tmp_path / "lao.docx", language="lo")
    document = Document(str(exported.path))
    assert body_texts(document)[0] == LAO.title and PARTNERS_LAO in first_column(document)
    assert document.sections[0].header.paragraphs[0].text == ""  # signed off: no DRAFT
    after = store.get(report_id)
    assert {part: review.part_fingerprint(after, part) for part in rp.part_ids(after)} == fingerprints
    assert all(review.part_status(after, part) == review.APPROVED for part in fingerprints)
    assert review.review_summary(after)["signoff"]["state"] == "valid"
    assert rp.find_row(after, "partners")[1]["title"] == "Support from other development partners"  # as stored


def test_a_template_rows_title_is_the_templates_a_renamed_rows_its_own(sample):
    data = template_data("annex2")
    data["sections"][2]["rows"][2]["removable"] = True  # c2 may be renamed
    template = load_template("annex2")
    from swgtui.model.template import parse_template

    removable = parse_template(data, "annex2.json")
    # an older report keeps an older wording of a fixed row: the template's words are shown
    rp.find_row(sample, "c3")[1]["title"] = "3. Gender equality (as worded in 2020)"
    assert rp.shown_title(template, sample, rp.find_row(sample, "c3")[1], "en").startswith("3. Promoting gender")
    # a removable row of the template shows the template's words until it is renamed
    c2 = rp.find_row(sample, "c2")[1]
    assert rp.shown_title(removable, sample, c2, "lo") == "2. ນະວັດຕະກຳ ແລະ ເຕັກໂນໂລຊີ"
    rp.rename_row(removable, sample, "c2", "2. Digital government")
    assert rp.shown_title(removable, sample, c2, "lo") == "2. Digital government"
    # a row the SWG added is its own
    a1 = rp.find_row(sample, "a1")[1]
    assert rp.shown_title(template, sample, a1, "lo") == a1["title"]


# --- a template without Lao -----------------------------------------------------------------------


def english_only(value: Any) -> Any:
    """Template data with every word's Lao taken out."""
    if isinstance(value, dict):
        if set(value) == {"en", "lo"}:
            return value["en"]
        return {key: english_only(item) for key, item in value.items()}
    if isinstance(value, list):
        return [english_only(item) for item in value]
    return value


def add_english_only_template(folder: Path) -> int:
    """A template "plain" (Annex 2 without its Lao) in the user's templates; how many words it has."""
    data = english_only(copy.deepcopy(template_data("annex2")))
    data["id"] = "plain"
    folder.mkdir(exist_ok=True)
    (folder / "plain.json").write_text(json.dumps(data), encoding="utf-8")
    return len(load_template("plain").missing_words("lo"))


def test_the_export_warns_of_a_template_without_lao(store_path, tmp_path):
    missing = add_english_only_template(tmp_path / "templates")
    assert missing > 40
    runner = CliRunner()
    created = runner.invoke(
        main, ["--db", str(store_path), "new", "--swg", "Health", "--period", "2025", "--template", "plain"]
    )
    report_id = created.output.strip()
    warning = f"template Annex 2 – Template for SWG reporting (plain) has no Lao for {missing} of its words"
    for language in ("lo", "both"):
        out = tmp_path / f"{language}.docx"
        result = runner.invoke(
            main, ["--db", str(store_path), "export", report_id, "--doc-lang", language, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert f"{warning}; they are shown in English" in result.stderr
        assert result.stdout.strip() == str(out)
        assert body_texts(Document(str(out)))[0] == "Annex 2 – Template for SWG reporting"  # English, as it has
    english = runner.invoke(main, ["--db", str(store_path), "export", report_id, "--out", str(tmp_path / "en.docx")])
    assert english.exit_code == 0 and "has no Lao" not in english.stderr
    compiled = runner.invoke(
        main,
        [
            "--db",
            str(store_path),
            "compendium",
            "--period",
            "2025",
            "--doc-lang",
            "lo",
            "--format",
            "md",
            "--out",
            str(tmp_path / "c.md"),
        ],
    )
    assert compiled.exit_code == 0, compiled.output
    assert f"{warning}; they are shown in English" in compiled.stderr
    lao_interface = runner.invoke(
        main, ["--db", str(store_path), "--lang", "lo", "export", report_id, "--doc-lang", "lo", "--out", str(out)]
    )
    assert f"ແບບຟອມ Annex 2 – Template for SWG reporting (plain) ບໍ່ມີພາສາລາວສຳລັບ {missing} ຄຳ" in lao_interface.stderr


async def test_the_app_warns_once_of_a_template_without_lao_when_it_speaks_lao(store_path, tmp_path, monkeypatch):
    add_english_only_template(tmp_path / "templates")
    with ReportStore(store_path) as store:
        store.create("plain", "Health Sector Working Group", "2025/2026")
    i18n.set_language("lo")
    async with running_app(store_path, report=None) as (app, pilot, _, _):
        shown = notifications(app, monkeypatch)
        for _time in range(2):  # opened twice: told once
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
    warnings = [message for title, message in shown if "(plain)" in message]
    assert len(warnings) == 1 and warnings[0].startswith("ແບບຟອມ Annex 2 – Template for SWG reporting (plain)")


async def test_annex2_has_every_word_in_lao_so_the_app_does_not_warn(store_path, monkeypatch):
    assert T.missing_words("lo") == []
    i18n.set_language("lo")
    async with running_app(store_path) as (app, pilot, _, _):
        shown = notifications(app, monkeypatch)
        await pilot.press("enter")
        await settle(pilot)
    assert not [message for _title, message in shown if "annex2" in message]


# --- the app's document language ------------------------------------------------------------------


async def test_the_app_exports_in_the_document_language_chosen_in_the_palette(store_path, tmp_path):
    async with running_app(store_path, open_it=True) as (app, pilot, _, _):
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        assert "Document language: English ✓" in commands  # English until another is chosen
        commands["Document language: Lao"].callback()
        assert load_settings()["document_language"] == "lo"
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        assert "Document language: Lao ✓" in commands and "Document language: English" in commands
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
    path = (
        tmp_path / "exports" / "Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021-lo-DRAFT.docx"
    )  # its language in its name
    document = Document(str(path))
    assert body_texts(document)[0] == LAO.title and PARTNERS_LAO in first_column(document)
    assert i18n.language() == "en"  # the interface kept its language


def test_a_word_export_records_its_language_in_its_marks(store, tmp_path):
    from swgtui.exports.docx_properties import read_marks

    report_id = store.add(sample_report())
    for language in ("en", "lo", "both"):
        exported = Workspace(store).export(report_id, "docx", tmp_path / f"{language}.docx", language=language)
        marks = read_marks(Document(str(exported.path)))
        assert marks is not None and marks.language == language
    raw = Document(str(tmp_path / "en.docx")).part.package
    custom = next(part for part in raw.parts if part.partname.endswith("custom.xml"))
    assert b"language" not in custom.blob  # an English file's marks as before


def test_a_comments_quote_is_introduced_in_the_documents_language(sample, tmp_path):
    review.add_comment(T, sample, "a1", "Which posts?", CHAIR, field="progress", quote="20 Border Liaison Offices")
    document = export(sample, tmp_path, "lo")
    (comment,) = document.comments
    assert comment.text == "Which posts?\nກ່ຽວກັບ: “20 Border Liaison Offices”"


def test_the_english_and_the_lao_export_of_a_report_sit_side_by_side(store, tmp_path):
    report_id = store.add(sample_report())
    workspace = Workspace(store)
    written = {code: workspace.export(report_id, language=code).path for code in ("en", "lo", "both")}
    stem = "Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021"
    assert [path.name for path in written.values()] == [f"{stem}{tail}-DRAFT.docx" for tail in ("", "-lo", "-both")]
    assert all(path.is_file() for path in written.values())  # none replaced another


def test_the_review_record_names_each_role_in_the_documents_language(store, tmp_path):
    report = sample_report()
    approve_all(report)
    report_id = store.add(report)
    path = Workspace(store).export(report_id, out=tmp_path / "lo.docx", language="lo").path
    cells = [cell.text for table in Document(str(path)).tables for row in table.rows for cell in row.cells]
    name, role = CHAIR["name"], CHAIR["role"]
    lao_role = i18n.translator("lo").gettext(role)
    assert lao_role != role
    assert any(f"{name} ({lao_role})" in cell for cell in cells)
    assert not any(f"{name} ({role})" in cell for cell in cells)

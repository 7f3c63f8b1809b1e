"""Templates of any shape: three templates built here (two columns on a portrait page without
contacts; four columns, one that no field writes to, with partners; six columns on a landscape
page with Lao words and {swg} in its headings) are filled, exported to Word, laid out as their
data says, and imported back, with the file's record of its template, without it (found by its
words, also in Lao), and asked for with --template when neither tells; every field compared."""

from __future__ import annotations

import copy
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.section import WD_ORIENT

from swgtui import i18n, paths
from swgtui.cli import main
from swgtui.exports import layout
from swgtui.exports.docx_properties import TEMPLATE, TEMPLATE_FINGERPRINT, template_fingerprint
from swgtui.exports.docx_writer import NO_UPDATE_TEXT
from swgtui.exports.files import export_docx
from swgtui.imports.docx_reader import DocxImportError, _no_update, import_docx
from swgtui.imports.template_match import BOTH, Words, languages
from swgtui.model import report as rp
from swgtui.model.template import Template, load_template
from swgtui.model.types import Report
from swgtui.store import ReportStore

SWG = "Health Sector Working Group"
PERIOD = "2025/2026"


def w(en: str, lo: str) -> dict[str, str]:
    return {"en": en, "lo": lo}


TWO: dict[str, Any] = {
    "schema": 1,
    "id": "two",
    "title": "Quarterly note of {swg}",
    "overview_heading": "Work done in {period}",
    "columns": [{"title": "Activity", "width": 5.0}, "Progress in {period}"],
    "orientation": "portrait",
    "header": {
        "fields": [
            {"id": "swg_name", "label": "Working group"},
            {"id": "lead", "label": "Lead ministry", "required": False},
        ]
    },
    "row_kinds": {
        "activity": {
            "label": "Activity",
            "tags": ["priority"],
            "fields": [
                {"id": "progress", "label": "Progress", "column": 2},
                {"id": "next", "label": "Next steps:", "column": 2, "label_in_document": True, "required": False},
            ],
        }
    },
    "sections": [
        {
            "id": "results",
            "title": "1. Results in {period}",
            "rows": [{"id": "trained", "kind": "activity", "title": "Staff trained"}],
            "new_row_kind": "activity",
        },
        {"id": "other", "title": "2. Other matters", "rows": [], "new_row_kind": "activity"},
    ],
}

FOUR: dict[str, Any] = {
    "schema": 1,
    "id": "four",
    "title": "Sector report",
    "overview_heading": "Sector performance in {period}",
    "columns": [
        {"title": "Output", "width": 5.0},
        {"title": "Progress", "width": 9.0},
        "Challenges",
        {"title": "Reviewer notes", "width": 4.0},
    ],
    "orientation": "landscape",
    "header": {
        "fields": [{"id": "swg_name", "label": "Name of the group"}, {"id": "chairs", "label": "Chairs"}],
        "contact_lists": [{"id": "focal", "label": "Focal points", "heading": "Focal points:"}],
    },
    "row_kinds": {
        "output": {
            "label": "Output",
            "fields": [
                {"id": "progress", "label": "Progress", "column": 2},
                {"id": "challenges", "label": "Challenges", "column": 3, "required": False},
            ],
        },
        "partners": {
            "label": "Partners",
            "item_label": "Partner",
            "fields": [{"id": "challenges", "label": "Challenges", "column": 3, "required": False}],
        },
    },
    "sections": [
        {"id": "A", "title": "A. Outputs", "rows": [], "new_row_kind": "output"},
        {
            "id": "B",
            "title": "B. Partners",
            "rows": [{"id": "dps", "kind": "partners", "title": "Development partners", "items": ["Japan", "WHO"]}],
        },
    ],
}

SIX: dict[str, Any] = {
    "schema": 1,
    "id": "six",
    "title": w("Annual review of {swg}", "ການທົບທວນປະຈຳປີຂອງ {swg}"),
    "overview_heading": w("Results of {swg} in {period}", "ຜົນງານຂອງ {swg} ໃນ {period}"),
    "columns": [
        w("Area", "ຂົງເຂດ"),
        w("Plan", "ແຜນ"),
        w("Done in {period}", "ສຳເລັດໃນ {period}"),
        w("Budget", "ງົບປະມານ"),
        w("Risks", "ຄວາມສ່ຽງ"),
        w("Next", "ຕໍ່ໄປ"),
    ],
    "orientation": "landscape",
    "header": {
        "title": w("Header", "ຫົວເອກະສານ"),
        "fields": [{"id": "swg_name", "label": w("Working group", "ກຸ່ມວຽກງານ")}],
        "contact_lists": [
            {"id": "people", "label": w("Contacts", "ຜູ້ຕິດຕໍ່"), "heading": w("Contacts:", "ຜູ້ຕິດຕໍ່:"), "required": False}
        ],
    },
    "row_kinds": {
        "area": {
            "label": w("Area", "ຂົງເຂດ"),
            "fields": [
                {"id": "plan", "label": w("Plan", "ແຜນ"), "column": 2},
                {"id": "done", "label": w("Done", "ສຳເລັດ"), "column": 3},
                {"id": "budget", "label": w("Budget", "ງົບປະມານ"), "column": 4, "required": False},
                {"id": "risks", "label": w("Risks", "ຄວາມສ່ຽງ"), "column": 5, "required": False},
                {
                    "id": "owner",
                    "label": w("Owner", "ຜູ້ຮັບຜິດຊອບ"),
                    "column": 5,
                    "required": False,
                    "label_in_document": True,
                },
                {"id": "next", "label": w("Next", "ຕໍ່ໄປ"), "column": 6, "required": False},
            ],
        }
    },
    "sections": [
        {
            "id": "one",
            "title": w("1. Priorities of {swg} for {period}", "1. ບູລິມະສິດຂອງ {swg} ສຳລັບ {period}"),
            "rows": [{"id": "health", "kind": "area", "title": "ສາທາລະນະສຸກ"}],
            "new_row_kind": "area",
        },
        {"id": "two", "title": w("2. Other work of {swg}", "2. ວຽກງານອື່ນຂອງ {swg}"), "rows": [], "new_row_kind": "area"},
    ],
}

SHAPES = {"two": TWO, "four": FOUR, "six": SIX}


def install(data: dict[str, Any], template_id: str | None = None) -> Template:
    """The template written to the user's templates folder (as its id), loaded from there."""
    data = copy.deepcopy(data)
    data["id"] = template_id or data["id"]
    folder = paths.templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{data['id']}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return load_template(data["id"])


def filled(template: Template) -> Report:
    """A report on `template` with something in every field, list, column and section."""
    report = rp.new_report(template, SWG, PERIOD)
    fields = report["header"]["fields"]
    if template.id == "two":
        fields["lead"] = "Ministry of Health"
        rp.set_field(template, report, "trained", "progress", "- 120 nurses\n- 40 midwives, **in 5 provinces**")
        rp.set_field(template, report, "trained", "next", "Train the rest in *2026*.")
        added = rp.add_row(template, report, "results", "Clinics built", "priority")
        rp.set_field(template, report, added["id"], "progress", "1. Design\n2. Tender\n3. Build")
        quiet = rp.add_row(template, report, "results", "Roads surveyed")
        rp.set_no_update(report, quiet["id"], True)
        rp.set_section_no_update(report, "other", True)
    elif template.id == "four":
        fields["chairs"] = "Ministry of Health; WHO"
        rp.add_contact(template, report, "focal", organisation="MoH", name="Dr Somphone", email="s@moh.gov.la")
        rp.add_contact(template, report, "focal", organisation="WHO", name="Ms Lee", email="lee@who.int")
        first = rp.add_row(template, report, "A", "Vaccination coverage")
        rp.set_field(template, report, first["id"], "progress", "Coverage rose to 92%.\nSecond paragraph.")
        rp.set_field(template, report, first["id"], "challenges", "- Cold chain\n- Staff turnover")
        second = rp.add_row(template, report, "A", "Health insurance")
        rp.set_field(template, report, second["id"], "progress", "Reached all districts.")
        japan, who = rp.find_row(report, "dps")[1]["items"]
        rp.set_field(template, report, "dps", japan["id"], "Funded 3 hospitals.")
        rp.set_field(template, report, "dps", who["id"], "- Technical advice\n- Vaccines")
        rp.set_field(template, report, "dps", "challenges", "Reporting is late.")
    else:
        rp.add_contact(template, report, "people", organisation="ກະຊວງສາທາລະນະສຸກ", name="ທ່ານ ສົມພອນ", email="")
        rp.set_field(template, report, "health", "plan", "ສ້າງໂຮງໝໍ 3 ແຫ່ງ")
        rp.set_field(template, report, "health", "done", "- ສຳເລັດ 2 ແຫ່ງ\n- ກຳລັງກໍ່ສ້າງ 1 ແຫ່ງ")
        rp.set_field(template, report, "health", "budget", "1.2 million USD")
        rp.set_field(template, report, "health", "risks", "Floods in the rainy season.")
        rp.set_field(template, report, "health", "owner", "ກົມແຜນການ")
        rp.set_field(template, report, "health", "next", "**Open** the third one.")
        added = rp.add_row(template, report, "two", "ການສຶກສາ")
        rp.set_field(template, report, added["id"], "plan", "Schools")
        rp.set_field(template, report, added["id"], "next", "ກິ່ງ ໄມ້")
    return report


def content(report: Report) -> dict[str, Any]:
    """What a report says, without its ids (a row added on import is given a new one)."""

    def row(row: dict[str, Any]) -> tuple[Any, ...]:
        fields = {key: text for key, text in row["fields"].items() if text}
        items = [(item["name"], item["text"]) for item in row["items"]]
        return row["kind"], row["title"], row.get("tag", ""), bool(row.get("no_update")), fields, items

    return {
        "template": report["template"],
        "period": report["period"],
        "swg": report["swg"],
        "header": report["header"]["fields"],
        "contacts": {
            key: [(c["organisation"], c["name"], c["email"]) for c in contacts]
            for key, contacts in report["header"]["contacts"].items()
        },
        "sections": [(s["id"], bool(s.get("no_update")), [row(r) for r in s["rows"]]) for s in report["sections"]],
    }


def assert_same(imported: Report, original: Report) -> None:
    got, expected = content(imported), content(original)
    for key in expected:
        if key == "sections":
            for (section, *was), (_section, *now) in zip(expected[key], got[key], strict=True):
                assert now == was, f"section {section}"
        else:
            assert got[key] == expected[key], key


def without_record(path: Path) -> Path:
    """A copy of the export without the record of its template (as a file typed in Word)."""
    out = path.with_name(f"bare-{path.name}")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/custom.xml":
                data = re.sub(rb'<property [^>]*name="swgtui\.template[^"]*"[^>]*>.*?</property>', b"", data)
            target.writestr(info, data)
    return out


def exported(template_id: str, tmp_path: Path) -> tuple[Report, Path]:
    template = install(SHAPES[template_id])
    report = filled(template)
    return report, export_docx(report, tmp_path / f"{template_id}.docx").path


def merged(row: Any) -> bool:
    """Whether a table row is one cell across the table (python-docx repeats it for each column)."""
    return len({id(cell._tc) for cell in row.cells}) == 1


# --- the export ---------------------------------------------------------------------------------


def test_widths_without_a_value_share_the_rest_and_widths_too_wide_are_scaled_to_fit() -> None:
    assert layout.text_width("portrait") == pytest.approx(17.4)
    assert layout.text_width("landscape") == pytest.approx(26.1)
    assert layout.column_widths((5.0, None), "portrait") == pytest.approx((5.0, 12.4))
    assert layout.column_widths((None,) * 6, "landscape") == pytest.approx((4.35,) * 6)
    assert layout.column_widths((20.0, 20.0), "portrait") == pytest.approx((8.7, 8.7))
    # the columns without a width keep their least share; the given ones are scaled into the rest
    assert layout.column_widths((20.0, 20.0, None), "portrait") == pytest.approx((7.7, 7.7, 2.0))
    assert layout.column_widths((6.2, 12.6, 7.3), "landscape") == (6.2, 12.6, 7.3)  # Annex 2: as given
    assert layout.column_widths((3.0, 4.0), "landscape") == (3.0, 4.0)  # narrower than the page: kept


@pytest.mark.parametrize(
    ("template_id", "orientation", "widths"),
    [
        ("two", WD_ORIENT.PORTRAIT, (5.0, 12.4)),
        ("four", WD_ORIENT.LANDSCAPE, (5.0, 9.0, 8.1, 4.0)),
        ("six", WD_ORIENT.LANDSCAPE, (4.35,) * 6),
    ],
)
def test_the_export_has_the_templates_columns_widths_and_page(tmp_path, template_id, orientation, widths) -> None:
    report, path = exported(template_id, tmp_path)
    document = Document(str(path))
    section = document.sections[0]
    assert section.orientation == orientation
    portrait = orientation == WD_ORIENT.PORTRAIT
    size = (section.page_width.cm, section.page_height.cm)
    assert size == pytest.approx((21.0, 29.7) if portrait else (29.7, 21.0), abs=0.01)
    table = document.tables[0]  # (then the review record)
    assert [column.width.cm for column in table.columns] == pytest.approx(widths, abs=0.01)
    template = load_template(template_id).filled(PERIOD, SWG)
    assert [cell.text for cell in table.rows[0].cells] == list(template.columns)
    headings = [row.cells[0].text for row in table.rows if merged(row)]
    assert [s.title for s in template.sections] == [h for h in headings if not h.startswith("No update")]


def test_each_field_is_in_its_column_and_a_column_no_field_writes_to_stays_empty(tmp_path) -> None:
    _report, path = exported("four", tmp_path)
    table = Document(str(path)).tables[0]
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows if not merged(row)}
    assert rows["Vaccination coverage"] == [
        "Vaccination coverage",
        "Coverage rose to 92%.\nSecond paragraph.",
        "Cold chain\nStaff turnover",
        "",
    ]
    assert rows["Development partners"][1:] == [
        "Japan\nFunded 3 hospitals.\nWHO\nTechnical advice\nVaccines",
        "Reporting is late.",
        "",
    ]
    assert all(cells[3] == "" for title, cells in rows.items() if title != "Output")
    _report, six = exported("six", tmp_path)
    table = Document(str(six)).tables[0]
    health = next(row for row in table.rows if row.cells[0].text == "ສາທາລະນະສຸກ")
    assert [cell.text for cell in health.cells][3:] == [
        "1.2 million USD",
        "Floods in the rainy season.\nOwner: ກົມແຜນການ",
        "Open the third one.",
    ]


def test_every_export_records_its_template_and_its_fingerprint(tmp_path) -> None:
    _report, path = exported("two", tmp_path)
    with zipfile.ZipFile(path) as archive:
        custom = archive.read("docProps/custom.xml").decode("utf-8")
    assert re.search(f'name="{TEMPLATE}"[^>]*><vt:lpwstr>two</vt:lpwstr>', custom)
    fingerprint = template_fingerprint("two")
    assert re.fullmatch("[0-9a-f]{64}", fingerprint)
    assert re.search(f'name="{TEMPLATE_FINGERPRINT}"[^>]*><vt:lpwstr>{fingerprint}</vt:lpwstr>', custom)
    data = copy.deepcopy(TWO)
    data["title"] = "Another title"
    install(data, "two_changed")
    assert template_fingerprint("two_changed") not in ("", fingerprint)


# --- export, then import ------------------------------------------------------------------------


@pytest.mark.parametrize("template_id", ["two", "four", "six"])
def test_export_then_import_gives_back_the_same_report(tmp_path, template_id) -> None:
    report, path = exported(template_id, tmp_path)
    result = import_docx(path)
    assert result.report["template"] == template_id
    assert_same(result.report, report)


@pytest.mark.parametrize("template_id", ["two", "four", "six"])
def test_without_its_record_the_template_is_found_by_its_column_titles_and_headings(tmp_path, template_id) -> None:
    report, path = exported(template_id, tmp_path)
    for other in SHAPES.values():
        install(other)  # every shape is known: the right one must be told from the others
    bare = without_record(path)
    with zipfile.ZipFile(bare) as archive:
        assert b"swgtui.template" not in archive.read("docProps/custom.xml")
    assert_same(import_docx(bare).report, report)


def test_a_file_in_lao_is_matched_and_read_in_lao(tmp_path, monkeypatch) -> None:
    """The template's words in the file in Lao (as a document in Lao has them): its columns,
    headings and labels are matched in Lao."""
    template = install(SIX)
    report = filled(template)
    in_english = Template.filled
    with monkeypatch.context() as patch:
        patch.setattr(Template, "filled", lambda self, period, swg, language="en": in_english(self, period, swg, "lo"))
        path = export_docx(report, tmp_path / "lao.docx").path
    table = Document(str(path)).tables[0]
    assert [cell.text for cell in table.rows[0].cells][2] == f"ສຳເລັດໃນ {PERIOD}"
    assert_same(import_docx(without_record(path)).report, report)


def test_a_template_this_computer_lacks_is_named_and_an_unknown_shape_asks_for_it(tmp_path) -> None:
    report, path = exported("four", tmp_path)
    (paths.templates_dir() / "four.json").unlink()
    with pytest.raises(DocxImportError, match="four.docx was written from the template four, which this computer"):
        import_docx(path)
    with pytest.raises(DocxImportError, match="matches none of the templates here .*--template ID"):
        import_docx(without_record(path))
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(without_record(path))])
    assert result.exit_code == 1 and "--template" in result.output
    install(FOUR, "four_copy")  # the same words under another id: told apart only with --template
    install(FOUR)
    with pytest.raises(DocxImportError, match=r"matches several templates \(four, four_copy\)"):
        import_docx(without_record(path))
    result = runner.invoke(main, ["import", str(without_record(path)), "--template", "four"])
    assert result.exit_code == 0, result.output
    report_id = result.stdout.strip().splitlines()[-1]
    with ReportStore(tmp_path / "store.json") as store:  # (the test's store: see conftest)
        assert_same(store.get(report_id), report)


def test_a_changed_template_is_noted_and_used(tmp_path) -> None:
    report, path = exported("two", tmp_path)
    changed = copy.deepcopy(TWO)
    changed["row_kinds"]["activity"]["fields"][0]["guidance"] = "What was done."
    install(changed)
    result = import_docx(path)
    assert "template two has changed since the file was written" in result.summary[0]
    assert_same(result.report, report)


SEVEN = [f"Column {n}" for n in range(1, 8)]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.update(columns=SEVEN), "columns: must be 2 to 6 columns, found 7"),
        (lambda d: d.update(sections=[]), "sections: a template needs at least one section"),
        (lambda d: d["sections"].append(copy.deepcopy(d["sections"][0])), "sections: id 'results' is used twice"),
    ],
)
def test_a_broken_template_is_refused_with_its_place_by_check_and_by_import(
    tmp_path, monkeypatch, change, problem
) -> None:
    _report, path = exported("two", tmp_path)
    broken = copy.deepcopy(TWO)
    change(broken)
    monkeypatch.setenv("SWGTUI_TEMPLATES", str(tmp_path / "later"))  # (a template is read once a process)
    file = paths.templates_dir() / "two.json"
    file.parent.mkdir()
    file.write_text(json.dumps(broken), encoding="utf-8")
    checked = CliRunner().invoke(main, ["templates", "check", str(file)])
    assert checked.exit_code == 1 and problem in checked.output
    with pytest.raises(DocxImportError, match=re.escape(problem)):
        import_docx(path)  # the file records "two": the template here is broken, and says how
    with pytest.raises(DocxImportError, match=re.escape(problem)):
        import_docx(without_record(path), template_id="two")


def test_the_import_says_in_lao_which_template_it_lacks(tmp_path) -> None:
    _report, path = exported("four", tmp_path)
    (paths.templates_dir() / "four.json").unlink()
    i18n.set_language("lo")
    result = CliRunner().invoke(main, ["import", str(path)])
    assert result.exit_code == 1
    assert "four.docx ຖືກຂຽນຈາກແບບຟອມ four ເຊິ່ງຄອມພິວເຕີນີ້ບໍ່ມີ" in result.output and "--template ID" in result.output
    result = CliRunner().invoke(main, ["import", str(without_record(path))])
    assert "ບໍ່ກົງກັບແບບຟອມໃດຢູ່ທີ່ນີ້" in result.output


def readme_template() -> str:
    """The example template of the README's "Writing a template", as its text has it."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Writing a template\n", 1)[1].split("\n## ", 1)[0]
    return section.split("\n```json\n", 1)[1].split("\n```\n", 1)[0]


def test_the_readmes_example_template_is_valid_and_goes_to_word_and_back(tmp_path) -> None:
    text = readme_template()
    data = json.loads(text)
    assert len(data["columns"]) == 2 and data["orientation"] == "portrait"
    file = paths.templates_dir() / f"{data['id']}.json"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    checked = CliRunner().invoke(main, ["templates", "check", str(file)])
    assert checked.exit_code == 0 and "a valid template" in checked.output
    template = load_template(data["id"])
    assert template.filled(PERIOD, SWG, "lo").columns == ("ກິດຈະກຳ", f"ຄວາມຄືບໜ້າໃນ {PERIOD}")
    report = rp.new_report(template, SWG, PERIOD)
    rp.set_field(template, report, "trained", "progress", "- 120 nurses")
    rp.set_field(template, report, "trained", "next", "The rest in 2026.")
    path = export_docx(report, tmp_path / "note.docx").path
    assert_same(import_docx(without_record(path)).report, report)


def test_a_document_in_english_and_lao_is_told_by_its_words_in_both() -> None:
    """With --doc-lang both a title is in English then Lao, a line each, and a label
    "English / ລາວ:"; the import's words of the template read them so."""
    template = install(SIX)
    assert languages(template) == ["en", "lo", BOTH]
    both = Words(template, BOTH)
    titles = ["Area\nຂົງເຂດ", "Plan\nແຜນ", f"Done in {PERIOD}\nສຳເລັດໃນ {PERIOD}", "Budget\nງົບປະມານ"]
    titles += ["Risks\nຄວາມສ່ຽງ", "Next\nຕໍ່ໄປ"]
    assert both.columns_match(titles) and not Words(template, "en").columns_match(titles)
    assert both.section_of(f"1. Priorities of {SWG} for {PERIOD}\n1. ບູລິມະສິດຂອງ {SWG} ສຳລັບ {PERIOD}") == "one"
    assert both.label("Owner") == "Owner / ຜູ້ຮັບຜິດຊອບ" and both.label("Contacts:") == "Contacts / ຜູ້ຕິດຕໍ່:"
    assert languages(install(TWO)) == ["en", "lo", BOTH]  # its header block is titled in swgtui's own Lao words
    lao = i18n.translator("lo").gettext(NO_UPDATE_TEXT)  # (once the document's words are in the catalogue)
    assert _no_update(f"{NO_UPDATE_TEXT} / {lao}") and _no_update(lao) and _no_update(NO_UPDATE_TEXT)


def test_the_compendium_gives_each_report_its_templates_page_and_columns(store, tmp_path) -> None:
    from swgtui.exports.compendium import write_compendium
    from swgtui.sample import sample_report

    two = install(TWO)
    report = rp.new_report(two, SWG, "2020/2021")
    rp.set_field(two, report, "trained", "progress", "Nurses trained.")
    store.add(report)
    store.add(sample_report())
    path = write_compendium(store, "2020/2021", out=tmp_path / "compendium.docx").path
    document = Document(str(path))
    pages = [(section.orientation, round(section.page_width.cm, 1)) for section in document.sections]
    assert (WD_ORIENT.PORTRAIT, 21.0) in pages and pages[0] == pages[-1] == (WD_ORIENT.LANDSCAPE, 29.7)
    widths = sorted(len(table.columns) for table in document.tables)
    assert 2 in widths and 3 in widths  # the note's two columns, Annex 2's three


@pytest.mark.parametrize("language", ["lo", "both"])
@pytest.mark.parametrize("template_id", ["two", "four", "six"])
def test_a_document_in_lao_or_both_goes_back_the_same(tmp_path, template_id, language) -> None:
    """`export --doc-lang lo|both`: the template's words in the document's language are read in
    it, with the file's record and without it."""
    from swgtui.exports.files import export_report

    template = install(SHAPES[template_id])
    report = filled(template)
    path = export_report(report, "docx", tmp_path / f"{language}.docx", language=language).path
    assert_same(import_docx(path).report, report)
    assert_same(import_docx(without_record(path)).report, report)


@pytest.mark.parametrize("language", ["lo", "both"])
def test_annex2_in_lao_or_both_goes_back_the_same(tmp_path, language) -> None:
    from swgtui.exports.files import export_report
    from swgtui.sample import sample_report

    report = sample_report()
    path = export_report(report, "docx", tmp_path / f"{language}.docx", language=language).path
    assert_same(import_docx(without_record(path)).report, report)

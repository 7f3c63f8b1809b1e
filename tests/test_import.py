"""Import of filled Annex 2 Word files: our own exports (round trip), Word-made files, comments,
and files that must be refused without storing anything."""

import random
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.section import WD_ORIENT

from benchmarks.docx_bomb import import_in_child, write_bomb
from swgtui.cli import main
from swgtui.exports.files import export_docx
from swgtui.imports import docx_reader
from swgtui.imports.docx_reader import DocxImportError, import_docx
from swgtui.model import refs, review
from swgtui.model import report as rp
from swgtui.model.template import load_template

T = load_template("annex2")
CHAIR = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}


def content(report):
    """What must survive a round trip: header, and every row's title, tag, text and partners (in
    their sections; the ids of what the file adds are new)."""
    rows = [
        (r["title"], r["tag"], r["no_update"], r["fields"], [(i["name"], i["text"]) for i in r["items"]])
        for r in rp.rows(report)
    ]
    contacts = {key: [without_id(c) for c in people] for key, people in report["header"]["contacts"].items()}
    sections = [(s["id"], len(s["rows"])) for s in report["sections"]]
    return report["period"], report["header"]["fields"], contacts, sections, rows


def without_id(contact):
    assert len(contact["id"]) == 26  # a ULID, made on import
    return {key: value for key, value in contact.items() if key != "id"}


def test_export_then_import_gives_back_the_sample(sample, tmp_path):
    result = import_docx(export_docx(sample, tmp_path / "sample.docx").path)
    assert content(result.report) == content(sample)
    fixed = {row.id for section in T.sections for row in section.rows}  # the template's rows keep their ids
    assert [r["id"] for r in rp.rows(result.report) if r["id"] in fixed] == [
        r["id"] for r in rp.rows(sample) if r["id"] in fixed
    ]
    assert "A.1 ← 'Enhanced border security'" in result.summary


def test_a_section_marked_no_update_comes_back_marked(sample, tmp_path):
    rp.remove_row(T, sample, "b1")
    rp.set_section_no_update(sample, "B", True)
    result = import_docx(export_docx(sample, tmp_path / "sample.docx").path)
    assert content(result.report) == content(sample)
    assert [s.get("no_update") for s in result.report["sections"]] == [False, True, False]


WORDS = ["district", "ສາທາລະນະສຸກ", "coffee", "border", "ຊາວໜຸ່ມ", "training", "2021", "UXO", "women's", "roads"]


def generated_report(seed: int) -> rp.Report:
    rng = random.Random(seed)

    def sentence(n=8):
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    def narrative():
        lines = []
        for _ in range(rng.randint(1, 5)):
            kind = rng.choice(["p", "p", "b", "n", "fmt"])
            if kind == "b":
                lines.append(f"- {sentence()}")
            elif kind == "n":
                lines.append(f"{sum(1 for line in lines if line[:1].isdigit()) + 1}. {sentence()}")
            elif kind == "fmt":
                lines.append(f"{sentence(3)} **{sentence(2)}** and *{sentence(2)}* end")
            else:
                lines.append(sentence())
        return "\n".join(lines)

    report = rp.new_report(T, f"SWG {seed} ກຸ່ມ", f"{2020 + seed}/{2021 + seed}")
    rp.set_field(T, report, "header", "chairs", "Ministry of Health, WHO")
    rp.add_contact(T, report, "focal_government", organisation="MoH", name="Ms Vanh", email="vanh@moh.gov.la")
    rp.add_contact(T, report, "focal_partners", name="Mr Lord", email="lord@dfat.gov.au")
    for n in range(rng.randint(1, 4)):
        row = rp.add_row(
            T, report, "A", f"Recommendation {n} {sentence(4)}", rng.choice(["", *T.row_kinds["action"].tags])
        )
        for field in ("notes", "progress", "challenges"):
            if rng.random() < 0.8:
                rp.set_field(T, report, row["id"], field, narrative())
        if rng.random() < 0.2:
            rp.set_no_update(report, row["id"], True)
            row["fields"] = {k: "" for k in row["fields"]}
    partners = rp.find_row(report, "partners")[1]
    for item in list(partners["items"])[: rng.randint(0, 4)]:
        rp.remove_item(T, report, "partners", item["id"])
    for item in partners["items"]:
        rp.set_field(T, report, "partners", item["id"], narrative())
    row = rp.add_row(T, report, "B", f"{sentence(4)}\n- {sentence(2)}\n- {sentence(2)}")
    rp.set_field(T, report, row["id"], "progress", narrative())
    for field in T.row_kinds["vdcap"].fields:
        rp.set_field(T, report, "c1-vdcap", field.id, sentence())
    for row_id in ("c1", "c2", "c3", "c4"):
        rp.set_field(T, report, row_id, "narrative", narrative())
    return report


@pytest.mark.parametrize("seed", range(6))
def test_export_then_import_gives_back_generated_reports(seed, tmp_path):
    report = generated_report(seed)
    result = import_docx(export_docx(report, tmp_path / "generated.docx").path)
    assert content(result.report) == content(report)


def test_open_comments_come_back_as_threads(sample, tmp_path):
    review.add_comment(T, sample, "a1", "Add 2021 figures", CHAIR, "progress", "20 Border Liaison Offices")
    review.add_comment(T, sample, "header", "Check the chairs", CHAIR, "chairs")
    result = import_docx(export_docx(sample, tmp_path / "commented.docx").path)
    threads = sorted(review.threads(result.report), key=lambda t: t["part"] == "header")
    first_row = refs.find_row(result.report, "A.1")[1]["id"]
    assert [(t["part"], t["field"], t["text"], t["by"]["name"]) for t in threads] == [
        (first_row, "progress", "Add 2021 figures\nOn: “20 Border Liaison Offices”", "Matthew Lord"),
        ("header", "chairs", "Check the chairs", "Matthew Lord"),
    ]
    # the passage a Word comment is anchored on: the paragraph that holds the quote
    assert "20 Border Liaison Offices" in threads[0]["quote"]
    assert "2 Word comment(s) became comment threads" in result.summary


def word_made_annex(path):
    """An Annex 2 typed in Word the way SWGs did: the header in one paragraph, tags in italics,
    the column titles repeated, a row continued across a page, an extra row in C, a comment."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    document.add_paragraph("Annex 2 – Template for SWG reporting")
    document.add_paragraph("Name of Sector Working Group: Health Sector Working Group")
    document.add_paragraph("SWG Chair and Co-Chair(s): Ministry of Health, WHO, Japan")
    document.add_paragraph("SWG Secretariat Focal Point:")
    document.add_paragraph(
        "- Government Officials: Dr Somphone (somphone@moh.gov.la) - Development Partners: "
        "(1) WHO: Ms Anna Lee (leea@who.int) (2) JICA: Mr Sato (sato@jica.go.jp)"
    )
    document.add_paragraph("Technical Supporting Staff:")
    document.add_paragraph("(1) WHO: Mr Bounmy / bounmy@who.int")
    document.add_paragraph("Overview of Sector Performance in 2024/2025")
    table = document.add_table(rows=0, cols=3)

    def titles():
        cells = table.add_row().cells
        for cell, title in zip(cells, T.columns, strict=True):
            cell.text = title

    def heading(text):
        cells = table.add_row().cells
        cells[0].merge(cells[2]).text = text

    def row(title, tag, progress_paragraphs, challenges=""):
        cells = table.add_row().cells
        paragraph = cells[0].paragraphs[0]
        paragraph.add_run(title + " (")
        paragraph.add_run(tag).italic = True
        paragraph.add_run(")")
        first = True
        for text, style in progress_paragraphs:
            target = cells[1].paragraphs[0] if first else cells[1].add_paragraph()
            if style:
                target.style = style
            target.add_run(text)
            first = False
        cells[2].text = challenges
        return cells

    titles()
    heading(
        "A. Actions/activities relating to the RTIM key recommendations and those highlighted in "
        "SWG Call for Action 2024/2025"
    )
    cells = row(
        "Universal health coverage",
        "SWG/RTIM recommendation",
        [
            ("Notes on the situation: coverage is uneven.", None),
            ("Update on progress:", None),
            ("Health insurance reached 94% of districts", "List Bullet"),
        ],
        "Funding gaps remain.",
    )
    titles()
    continued = table.add_row().cells
    continued[1].paragraphs[0].style = "List Bullet"
    continued[1].paragraphs[0].add_run("Village health volunteers trained in 5 provinces")
    heading("C. Cross-sectoral thematic areas applied to all SWGs")
    other = table.add_row().cells
    other[0].text = "2. Innovation and technology"
    other[1].text = "Telemedicine pilots in Oudomxay."
    extra = table.add_row().cells
    extra[0].text = "5. Climate and health"
    extra[1].text = "Heat action plans drafted."
    anchor = cells[1].paragraphs[2].runs[0]
    document.add_comment(anchor, "Which source for 94%?", author="Jane Reviewer", initials="JR")
    document.save(str(path))
    return path


def test_a_word_made_annex_is_mapped_onto_the_template(tmp_path):
    result = import_docx(word_made_annex(tmp_path / "health.docx"))
    report = result.report
    header = report["header"]
    assert report["period"] == "2024/2025" and header["fields"]["swg_name"] == "Health Sector Working Group"
    assert [without_id(c) for c in header["contacts"]["focal_government"]] == [
        {"organisation": "", "name": "Dr Somphone", "email": "somphone@moh.gov.la"}
    ]
    assert [c["organisation"] for c in header["contacts"]["focal_partners"]] == ["WHO", "JICA"]
    assert [without_id(c) for c in header["contacts"]["technical_staff"]] == [
        {"organisation": "WHO", "name": "Mr Bounmy", "email": "bounmy@who.int"}
    ]
    a1 = rp.rows(report)[0]
    assert (a1["title"], a1["tag"]) == ("Universal health coverage", "SWG/RTIM recommendation")
    assert a1["fields"] == {
        "notes": "coverage is uneven.",
        "progress": "- Health insurance reached 94% of districts\n- Village health volunteers trained in 5 provinces",
        "challenges": "Funding gaps remain.",
    }
    assert rp.find_row(report, "c2")[1]["fields"]["narrative"] == "Telemedicine pilots in Oudomxay."
    added = [r for r in rp.rows(report) if r["title"] == "5. Climate and health"]
    assert len(added) == 1 and added[0]["fields"]["progress"] == "Heat action plans drafted."
    assert any("(its section C has fixed rows)" in line for line in result.summary)
    assert any(line.startswith("not in the file, left empty: ") and "c3" in line for line in result.summary)
    (thread,) = review.threads(report)
    assert (thread["part"], thread["field"], thread["by"]["name"]) == (a1["id"], "progress", "Jane Reviewer")
    assert thread["text"] == "Which source for 94%?"
    assert thread["quote"] == "Health insurance reached 94% of districts"


def test_files_that_are_not_annexes_are_refused_clearly(tmp_path, monkeypatch, sample):
    text = tmp_path / "notes.docx"
    text.write_text("hello")
    with pytest.raises(DocxImportError, match="notes.docx is not a Word .docx file"):
        import_docx(text)
    good = export_docx(sample, tmp_path / "good.docx").path
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    with pytest.raises(DocxImportError, match="truncated.docx is not a Word .docx file|is damaged"):
        import_docx(truncated)
    other_zip = tmp_path / "other.docx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(DocxImportError, match="no word/document.xml"):
        import_docx(other_zip)
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, b"<w:document" if info.filename == "word/document.xml" else data)
    with pytest.raises(DocxImportError, match="damaged.docx is damaged and cannot be read"):
        import_docx(damaged)
    no_table = tmp_path / "letter.docx"
    letter = Document()
    letter.add_paragraph("Dear colleagues")
    letter.save(str(no_table))
    with pytest.raises(DocxImportError, match="no Annex 2 table"):
        import_docx(no_table)
    monkeypatch.setattr(docx_reader, "MAX_BYTES", 1000)
    with pytest.raises(DocxImportError, match="files over 0 MB are not imported"):
        import_docx(good)


def test_the_import_command_stores_all_or_nothing(tmp_path, sample):
    runner = CliRunner()
    bad = tmp_path / "bad.docx"
    bad.write_text("not a docx")
    result = runner.invoke(main, ["import", str(bad)])
    assert result.exit_code == 1 and result.output.startswith("Error: bad.docx is not a Word .docx file")
    assert runner.invoke(main, ["list", "--json"]).output.strip() == "[]"
    good = export_docx(sample, tmp_path / "good.docx").path
    result = runner.invoke(main, ["import", str(good), "--swg", "Renamed SWG", "--period", "2021/2022"])
    assert result.exit_code == 0
    report_id = result.stdout.strip().splitlines()[-1]
    listing = runner.invoke(main, ["list", "--json"]).output
    assert '"swg": "Renamed SWG"' in listing and '"period": "2021/2022"' in listing and report_id in listing


def test_an_imported_period_is_checked_when_given_and_put_in_the_usual_form(tmp_path, sample):
    good = export_docx(sample, tmp_path / "good.docx").path
    with pytest.raises(rp.ReportError, match="the period 'next year' is not a year"):
        import_docx(good, period="next year")
    assert import_docx(good, period="2021-22").report["period"] == "2021/2022"
    assert import_docx(good).report["period"] == "2020/2021"


@pytest.mark.parametrize("megabytes", [100, 4])
def test_a_docx_that_unpacks_to_millions_of_elements_is_refused_quickly_in_little_memory(tmp_path, megabytes):
    """100 MB of <w:p/> is refused by the zip's declared sizes; 4 MB (700,000 elements, 10 GB per
    GB of text once read) by counting the elements while unpacking."""
    bomb = write_bomb(tmp_path / "bomb.docx", megabytes)
    assert bomb.stat().st_size < 300_000
    message, seconds, peak_mb = import_in_child(bomb)
    assert message.startswith("bomb.docx is too big to import: reading it would need more than 300 MB of memory")
    assert seconds < 2
    assert peak_mb < 300
    result = CliRunner().invoke(main, ["import", str(bomb)])
    assert result.exit_code == 1 and "too big to import" in result.output
    assert CliRunner().invoke(main, ["list", "--json"]).output.strip() == "[]"


def test_an_imported_report_belongs_to_the_swg_its_name_stands_for(sample, tmp_path):
    rp.set_field(load_template("annex2"), sample, "header", "swg_name", "IDSWG")
    result = import_docx(export_docx(sample, tmp_path / "named.docx").path)
    assert result.report["swg"] == "illicit_drug"
    rp.set_field(load_template("annex2"), sample, "header", "swg_name", "Tourism Working Group")
    result = import_docx(export_docx(sample, tmp_path / "other.docx").path)
    assert result.report["swg"] == ""

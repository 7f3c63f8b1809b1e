from datetime import UTC, datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm

from swgtui.exports.docx_writer import default_file_name
from swgtui.exports.files import export_docx
from swgtui.identity import save_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import load_template
from swgtui.richtext import parse_blocks

from .conftest import SAMPLE_PARTNERS, complete_sample

T = load_template("annex2")


def export(report, tmp_path):
    path = export_docx(report, tmp_path / default_file_name(report)).path
    return Document(str(path))


def unique_cells(table_row):
    cells = []
    for cell in table_row.cells:
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    return cells


def test_page_title_header_block_and_overview(sample, tmp_path):
    document = export(sample, tmp_path)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Cm(29.7)) < Cm(0.01) and abs(section.page_height - Cm(21)) < Cm(0.01)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Annex 2 – Template for SWG reporting"
    assert "Name of Sector Working Group: Illicit Drug Sector Working Group" in texts
    assert texts[2].startswith("SWG Chair and Co-Chair(s): Ministry of Public Security, Embassy of Australia")
    assert "SWG Secretariat Focal Point:" in texts and "Technical Supporting Staff:" in texts
    assert "UNODC: Erlend Audunson Falch (erlend-audunson.falch@un.org)" in texts
    assert "Phoutsavath Sounthala (phoutsavath@hotmail.com)" in texts
    assert "Overview of Sector Performance in 2020/2021" in texts
    assert texts.index("Overview of Sector Performance in 2020/2021") < texts.index("Review record")
    assert document.core_properties.author == "swgtui"  # no one said who they are (swgtui whoami)
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml


def test_one_table_with_the_column_titles_repeated_and_full_width_headings(sample, tmp_path):
    document = export(sample, tmp_path)
    assert len(document.tables) == 2  # the report, then the review record
    table = document.tables[0]
    first = table.rows[0]
    assert [c.text for c in first.cells] == list(T.columns)
    assert first._tr.trPr.find(qn("w:tblHeader")) is not None
    headings = [r for r in table.rows if len(unique_cells(r)) == 1]
    assert [h.cells[0].text[:2] for h in headings] == ["A.", "B.", "C."]
    assert headings[0].cells[0].text.endswith("SWG Call for Action 2020/2021")


def test_every_row_of_the_sample_is_in_the_table_with_all_its_text(sample, tmp_path):
    table = export(sample, tmp_path).tables[0]
    body = [r for r in table.rows[1:] if len(unique_cells(r)) == 3]
    rows = rp.rows(sample)
    assert len(body) == len(rows) == 18
    for table_row, row in zip(body, rows, strict=False):
        first, second, third = unique_cells(table_row)
        title_text = "\n".join(b.plain for b in parse_blocks(row["title"], numbered=False))
        assert first.text.startswith(title_text), row["id"]
        if row["tag"]:
            italic = [run.text for p in first.paragraphs for run in p.runs if run.italic]
            assert italic == [row["tag"]], row["id"]
        kind = T.row_kinds[row["kind"]]
        for spec in kind.fields:
            cell = second if spec.column == 2 else third
            for block in parse_blocks(row["fields"][spec.id]):
                assert block.plain in cell.text, (row["id"], spec.id, block.plain[:40])
        for item in row["items"]:
            assert item["name"] in [p.text for p in second.paragraphs]
            for block in parse_blocks(item["text"]):
                assert block.plain in second.text


def test_labels_bullets_partners_and_principles_are_formatted(sample, tmp_path):
    table = export(sample, tmp_path).tables[0]
    a1 = unique_cells(table.rows[2])
    paragraphs = a1[1].paragraphs
    assert paragraphs[0].runs[0].text == "Notes on the situation: " and paragraphs[0].runs[0].bold
    progress_label = next(p for p in paragraphs if p.text == "Update on progress:")
    assert progress_label.runs[0].bold
    bullets = [p for p in paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 2 and bullets[1].text.startswith("Through the Container Control programme")
    partners = next(r for r in table.rows if r.cells[0].text == "Support from other development partners")
    bold = [p.text for p in partners.cells[1].paragraphs if p.runs and p.runs[0].bold]
    assert bold == SAMPLE_PARTNERS
    vdcap = next(r for r in table.rows if r.cells[0].text == "VDCAP principles")
    assert vdcap.cells[1].paragraphs[0].runs[0].text == "Ownership: " and vdcap.cells[1].paragraphs[0].runs[0].bold
    italic_quote = [run.text for p in partners.cells[1].paragraphs for run in p.runs if run.italic]
    assert italic_quote == [
        "Support to Legal Teaching and Training and to the Promotion of the Rule of Law Concept in Lao PDR"
    ]


def test_lao_text_control_characters_and_no_update_rows(tmp_path):
    report = rp.new_report(T, "ກຸ່ມວຽກງານຂະແໜງສາທາລະນະສຸກ", "2025/2026")
    rp.set_field(T, report, "c2", "narrative", "ການປະດິດສ້າງ ແລະ ເຕັກໂນໂລຊີ\n- ຂໍ້ທີ ໜຶ່ງ")
    rp.find_row(report, "c3")[1]["fields"]["narrative"] = "raw\x00control\x0bchars\x1b[31m"  # bypassing set_field
    rp.set_no_update(report, "c4", True)
    document = export(report, tmp_path)
    assert document.paragraphs[1].text == "Name of Sector Working Group: ກຸ່ມວຽກງານຂະແໜງສາທາລະນະສຸກ"
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:cs")) == "Phetsarath OT"
    table = document.tables[0]
    by_title = {r.cells[0].text: r for r in table.rows}
    c2 = by_title["2. Innovation and technology"].cells[1]
    assert [p.text for p in c2.paragraphs] == ["ການປະດິດສ້າງ ແລະ ເຕັກໂນໂລຊີ", "ຂໍ້ທີ ໜຶ່ງ"]
    assert c2.paragraphs[1].style.name == "List Bullet"
    c3 = next(r for t, r in by_title.items() if t.startswith("3. Promoting")).cells[1]
    assert c3.text == "rawcontrolchars"
    c4 = next(r for t, r in by_title.items() if t.startswith("4. Other")).cells[1]
    assert c4.text == "No update this period."


def test_default_file_name_keeps_lao_letters():
    report = rp.new_report(T, "ກຸ່ມ SWG / ທົດລອງ", "2025/2026")
    assert default_file_name(report) == f"ກຸ່ມ-SWG-ທົດລອງ-2025-2026-annex2-{report['id']}-DRAFT.docx"


def test_numbered_lists_restart_and_inline_formatting_is_real(tmp_path):
    report = rp.new_report(T, "SWG", "2025/2026")
    rp.set_field(
        T, report, "c2", "narrative", "Intro **bold** and *italic*\n1. first\n2. second\n- a bullet\n1. new list"
    )
    cell = next(r for r in export(report, tmp_path).tables[0].rows if r.cells[0].text.startswith("2. Innov")).cells[1]
    paragraphs = cell.paragraphs
    assert [(p.style.name, p.text) for p in paragraphs] == [
        ("Normal", "Intro bold and italic"),
        ("List Number", "first"),
        ("List Number", "second"),
        ("List Bullet", "a bullet"),
        ("List Number", "new list"),
    ]
    runs = paragraphs[0].runs
    assert [(r.text, r.bold, r.italic) for r in runs] == [
        ("Intro ", None, None),
        ("bold", True, None),
        (" and ", None, None),
        ("italic", None, True),
    ]
    first_list = paragraphs[1]._p.pPr.numPr.numId.val
    assert paragraphs[2]._p.pPr.numPr.numId.val == first_list
    assert paragraphs[4]._p.pPr.numPr.numId.val != first_list  # numbered from 1 again
    # a row title that starts with a number stays a title
    title_cell = next(r for r in export(report, tmp_path).tables[0].rows if r.cells[0].text.startswith("2. Innov"))
    assert title_cell.cells[0].paragraphs[0].style.name == "Normal"


def test_a_section_marked_no_update_says_so_under_its_heading(tmp_path):
    report = rp.new_report(T, "Health Sector Working Group", "2025/2026")
    rp.set_section_no_update(report, "B", True)
    table = export(report, tmp_path).tables[0]
    texts = [[c.text for c in unique_cells(r)] for r in table.rows]
    heading = next(i for i, cells in enumerate(texts) if cells[0].startswith("B. Communication"))
    assert texts[heading + 1] == ["No update this period."]  # one merged row, right under the heading
    note = unique_cells(table.rows[heading + 1])[0].paragraphs[0].runs[0]
    assert note.italic
    assert texts[heading + 2][0].startswith("C. Cross-sectoral")
    assert sum(cells == ["No update this period."] for cells in texts) == 1  # only the marked section


def test_the_files_properties_say_what_it_is_when_and_by_whom(sample, tmp_path):
    save_identity("Ms Vanh", "Ministry of Health", "focal point")
    before = datetime.now(UTC).replace(microsecond=0)
    properties = export(sample, tmp_path).core_properties
    assert properties.title == "Illicit Drug Sector Working Group — 2020/2021"
    assert (properties.author, properties.last_modified_by) == ("Ms Vanh", "Ms Vanh")
    assert properties.created == properties.modified
    assert before <= properties.created.replace(tzinfo=UTC) <= datetime.now(UTC)
    assert properties.comments == "" and "python-docx" not in properties.comments


def _signed_off(sample, person):
    """The sample complete, every part approved by `person`, and signed off by them: the sign-off."""
    complete_sample(sample)
    for part in rp.part_ids(sample):
        review.set_status(sample, part, "ready", {**person, "role": "focal point"})
        review.set_status(sample, part, "approve", person)
    return review.sign_off(sample, person)


def test_a_sign_off_no_longer_valid_says_since_when(sample, tmp_path):
    person = {"name": "Mr Lord", "organisation": "DFAT", "role": "co-chair"}
    signed = _signed_off(sample, person)
    sample["sections"][0]["rows"][0]["fields"]["notes"] += " Later."
    texts = [p.text for p in export(sample, tmp_path).paragraphs]
    line = next(text for text in texts if text.startswith("Mr Lord (co-chair, DFAT)"))
    day = review.local_time(signed["at"])[:10]
    assert line.endswith(f" — no longer valid: the report changed since it was signed off on {day}")


def test_a_sign_off_voided_by_a_comment_says_so_not_that_the_report_changed(sample, tmp_path):
    person = {"name": "Mr Lord", "organisation": "DFAT", "role": "co-chair"}
    signed = _signed_off(sample, person)
    review.add_comment(T, sample, "a1", "Which border posts?", person)
    document = export(sample, tmp_path)
    assert document.sections[0].header.paragraphs[0].text == "DRAFT — a comment is open since it was signed off"
    line = next(p.text for p in document.paragraphs if p.text.startswith("Mr Lord (co-chair, DFAT)"))
    day = review.local_time(signed["at"])[:10]
    assert line.endswith(f" — no longer valid: a comment is open since it was signed off on {day}")

"""The Round Table compendium: every SWG's report of a period in one Word (or Markdown) file,
written by the single export's own writer, with what is missing named and --final refused."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from swgtui.cli import main
from swgtui.exports import compendium
from swgtui.exports.files import ExportError
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import load_template
from swgtui.sample import sample_report
from swgtui.store import ReportStore

from .conftest import complete_sample

T = load_template("annex2")
FOCAL = {"name": "Noy Focal", "organisation": "Ministry of Public Security", "role": "focal point"}
CHAIR = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def add(store: ReportStore, name: str, key: str, narrative: str = "", signed: bool = False) -> str:
    """The sample as the report of SWG `key` (named `name`) for 2020/2021; its id."""
    report = sample_report()
    report["header"]["fields"]["swg_name"] = name
    rp.set_swg(report, key)
    if narrative:
        rp.set_field(T, report, "c2", "narrative", narrative)
    if signed:
        complete_sample(report)
        for part in rp.part_ids(report):
            review.set_status(report, part, "ready", FOCAL)
            review.set_status(report, part, "approve", CHAIR)
        review.sign_off(report, CHAIR)
    return store.add(report)


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_a_period_without_reports_is_one_line_and_nothing_is_written(store, tmp_path):
    add(store, "Health Sector Working Group", "health")
    with pytest.raises(ExportError, match=r"^no reports for the period 2019/2020: nothing to compile$"):
        compendium.write_compendium(store, "2019-20", out=tmp_path / "c.docx")
    assert not (tmp_path / "c.docx").exists()


def test_the_word_file_has_a_filled_toc_a_section_per_report_the_synthesis_and_what_is_missing(store, tmp_path):
    health = add(store, "Health Sector Working Group", "health", narrative="Telemedicine in ten provinces.")
    drugs = add(store, "Illicit Drug Sector Working Group", "illicit_drug", signed=True)
    written = compendium.write_compendium(store, "2020-2021", out=tmp_path / "c.docx")
    data = written.path.read_bytes()
    document = Document(io.BytesIO(data))
    body = document.element.body
    texts = [p.text for p in document.paragraphs]

    # the TOC: a real field, its result filled with a linked entry per heading, updated on opening
    instructions = "".join(body.xpath(".//w:instrText/text()"))
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions
    anchors = body.xpath(".//w:hyperlink/@w:anchor")
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    bookmarks = [p._p.xpath("./w:bookmarkStart/@w:name")[0] for p in headings]
    assert anchors == bookmarks
    first_heading = texts.index("Summary", texts.index("What is missing") + 1)  # after the TOC's entries
    assert [p.text for p in headings][:3] == [
        "Summary",
        "Health Sector Working Group — 2020/2021",
        "Illicit Drug Sector Working Group — 2020/2021",
    ]
    assert "Review summary" in texts and "What is missing" in texts
    settings = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings
    assert f"PAGEREF {bookmarks[1]}" in instructions  # the list of SWGs gives each report's page

    # a section per report, each with its own footer naming the SWG; DRAFT only where not signed off
    sections = document.sections
    assert len(sections) == 4  # the front, two reports, the synthesis and the rest
    footers = [s.footer.paragraphs[0].text for s in sections]
    assert footers[1].startswith("Health Sector Working Group — 2020/2021 — page ")
    assert footers[2].startswith("Illicit Drug Sector Working Group — 2020/2021 — page ")
    headers = [s.header.paragraphs[0].text for s in sections]
    assert headers[1] == "DRAFT — not signed off" and headers[2] == ""
    assert all(not s.footer.is_linked_to_previous and not s.header.is_linked_to_previous for s in sections[1:])

    # each report's body as a single export writes it, without Word comments or review record
    assert texts.count(T.title) == 2 and len(document.tables) == 4  # two reports, summary, review summary
    assert "Review record" not in texts
    assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()

    # the synthesis: each theme with every SWG's text under its name
    synthesis = texts.index("Cross-SWG synthesis: " + T.sections[2].title, first_heading)  # not the TOC's entry
    theme = texts.index("2. Innovation and technology", synthesis)
    after = texts[theme : theme + 6]
    assert after[1] == "Health Sector Working Group — 2020/2021"
    assert after[2] == "Telemedicine in ten provinces."
    assert "VDCAP principles: Ownership" in texts
    assert texts[synthesis + 1].startswith("No report from: Education Sector Working Group, ")

    # what is missing: the SWGs without a report, the draft's parts; not the signed-off report
    missing = texts[texts.index("What is missing", first_heading) :]
    assert "Education Sector Working Group" in missing and "no report for 2020/2021" in missing
    assert "Health Sector Working Group — 2020/2021" in missing
    assert "Illicit Drug Sector Working Group — 2020/2021" not in missing
    assert written.path.name == "c.docx" and health and drugs


def test_final_refuses_with_every_reason_and_writes_nothing(store, tmp_path):
    add(store, "Health Sector Working Group", "health")
    with pytest.raises(ExportError) as refused:
        compendium.write_compendium(store, "2020/2021", out=tmp_path / "c.docx", final=True)
    lines = str(refused.value).split("\n")
    assert lines[0] == "not ready for a final compendium (9 SWGs without a report, 1 report not final):"
    assert "- Education Sector Working Group: no report for 2020/2021" in lines
    assert "- Health Sector Working Group — 2020/2021: the report is not signed off" in lines
    # whom to chase first, then what each report lacks
    chase = [n for n, line in enumerate(lines) if line.endswith(": no report for 2020/2021")]
    health = [n for n, line in enumerate(lines) if line.startswith("- Health Sector Working Group — 2020/2021: ")]
    assert len(chase) == 9 and max(chase) < min(health)
    assert not (tmp_path / "c.docx").exists()


def test_two_reports_of_one_swg_are_both_included_and_named_as_a_duplicate(store, tmp_path):
    first = add(store, "Health Sector Working Group", "health", narrative="First text.")
    second = add(store, "Health SWG", "health", narrative="Second text.")
    document = Document(compendium.write_compendium(store, "2020/2021", out=tmp_path / "c.docx").path)
    texts = [p.text for p in document.paragraphs]
    assert f"Health Sector Working Group — 2020/2021 ({first})" in texts
    assert f"Health Sector Working Group — 2020/2021 ({second})" in texts
    assert "First text." in texts and "Second text." in texts
    assert texts[3] == "Reports from 1 of 10 SWGs; 0 of 2 reports signed off; 1 SWG with more than one report"
    duplicate = f"2 reports for 2020/2021 ({first}, {second}), a duplicate to settle"
    assert duplicate in texts[texts.index("What is missing", texts.index("What is missing") + 1) :]  # not the TOC's


def test_markdown_has_the_same_content_in_order(store, tmp_path):
    add(store, "Health Sector Working Group", "health", narrative="Telemedicine in ten provinces.")
    text = compendium.write_compendium(store, "2020/2021", "md", tmp_path / "c.md").path.read_text()
    order = [
        "# Sector Working Group reports 2020/2021",
        "## Summary",
        "## Health Sector Working Group — 2020/2021",
        "## Cross-SWG synthesis: C. Cross-sectoral thematic areas applied to all SWGs",
        "### 2. Innovation and technology",
        "Telemedicine in ten provinces.",
        "## Review summary",
        "## What is missing",
        "- no report for 2020/2021",
    ]
    place = 0
    for line in order:  # each after the one before
        place = text.index(line, place) + 1


def test_the_command_writes_to_the_export_folder_and_refuses_in_one_line(store_path, isolated_folders):
    with ReportStore(store_path, holder="tests") as store:
        add(store, "Health Sector Working Group", "health")
    done = run("--db", str(store_path), "compendium", "--period", "2020/21")
    assert done.exit_code == 0, done.output
    path = Path(done.output.strip())
    assert path.parent == isolated_folders / "exports"
    assert path.name == "Sector-Working-Group-reports-2020-2021-DRAFT.docx"
    assert Document(path).paragraphs[0].text == "Sector Working Group reports 2020/2021"
    refused = run("--db", str(store_path), "compendium", "--period", "2030/2031")
    assert refused.exit_code == 1
    assert refused.output == "Error: no reports for the period 2030/2031: nothing to compile\n"
    final = run("--db", str(store_path), "compendium", "--period", "2020/2021", "--final", "--format", "md")
    assert final.exit_code == 1 and "the report is not signed off" in final.output


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="no LibreOffice or pdftotext")
def test_libreoffice_shows_the_contents_and_the_page_each_report_starts_on(store, tmp_path):
    ids = {
        name: add(store, name, key) for name, key in (("Health SWG", "health"), ("Illicit Drug SWG", "illicit_drug"))
    }
    docx = compendium.write_compendium(store, "2020/2021", out=tmp_path / "c.docx").path
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"  # its own: tests run in parallel
    command = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    pdf = str(tmp_path / "c.pdf")
    pages = subprocess.run(["pdftotext", pdf, "-"], check=True, capture_output=True, text=True).stdout.split("\f")
    contents, summary = pages[1], pages[2]
    for entry in (
        "Summary",
        "Health Sector Working Group — 2020/2021",
        "VDCAP principles: Ownership",
        "What is missing",
    ):
        assert entry in contents
    starts = [
        next(n for n, page in enumerate(pages, 1) if page.startswith(f"DRAFT — not signed off\n\n{name} — 2020/2021"))
        for name in ("Health Sector Working Group", "Illicit Drug Sector Working Group")
    ]
    assert 3 < starts[0] < starts[1]
    for report_id, start in zip(ids.values(), starts, strict=True):
        assert f"{report_id}, page {start}" in summary


def test_the_themes_are_the_rows_of_the_sections_the_template_fixes_and_each_principle(store):
    """Annex 2: section C alone (A and B let the SWG add rows); its VDCAP row gives a theme a principle."""
    add(store, "Health Sector Working Group", "health")
    (synthesis,) = compendium.gather(store, "2020/2021").syntheses
    assert synthesis.title == T.sections[2].title
    principles = [spec.label for spec in T.row_kinds["vdcap"].fields]
    rows = [row.title for row in T.sections[2].rows]
    assert [theme.title for theme in synthesis.themes] == [
        rows[0],
        *(f"{rows[1]}: {label}" for label in principles),
        *rows[2:],
    ]
    assert synthesis.without_report[0] == "Education Sector Working Group"


def test_reports_on_two_templates_each_get_their_own_templates_themes(store, tmp_path, monkeypatch):
    import json
    import os

    from swgtui.model.template import template_data

    data = json.loads(json.dumps(template_data("annex2")))  # a copy
    data["id"], data["title"] = "alt", "Another template"
    section_c = next(section for section in data["sections"] if section["id"] == "C")
    section_c["rows"][0]["title"] = "Climate change"
    folder = Path(os.environ["SWGTUI_TEMPLATES"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "alt.json").write_text(json.dumps(data), encoding="utf-8")
    add(store, "Trade & Private Sector Development Sector Working Group", "trade", narrative="Annex 2 innovation.")
    alt = store.create("alt", "Health Sector Working Group", "2020/2021")
    rp.set_field(load_template("alt"), alt, "c1", "narrative", "Floods in the south.")
    store.save(alt)
    gathered = compendium.gather(store, "2020/2021")
    titles = [synthesis.title for synthesis in gathered.syntheses]
    assert titles == [  # in the order of the SWGs: Health's template first
        "C. Cross-sectoral thematic areas applied to all SWGs (Another template)",
        "C. Cross-sectoral thematic areas applied to all SWGs (Annex 2 – Template for SWG reporting)",
    ]
    other, annex2 = gathered.syntheses
    climate = next(theme for theme in other.themes if theme.title == "Climate change")
    assert [text.heading for text in climate.texts] == ["Health Sector Working Group — 2020/2021"]
    assert climate.texts[0].pieces and not any(t.title == "Climate change" for t in annex2.themes)
    innovation = next(theme for theme in annex2.themes if theme.title == "2. Innovation and technology")
    assert [text.heading for text in innovation.texts] == [
        "Trade & Private Sector Development Sector Working Group — 2020/2021"
    ]

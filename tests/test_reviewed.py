"""Reading a Word file a reviewer sent back: the texts as exported and as the reviewer left them
(tracked changes by author and date, untracked edits), comments with replies and done state,
rows matched to the report, files written by Word (tests.wordlike) and by LibreOffice."""

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from benchmarks.docx_bomb import write_bomb
from swgtui.cli import main
from swgtui.exports.docx_writer import build_document
from swgtui.exports.files import export_docx
from swgtui.imports.docx_reader import DocxImportError
from swgtui.imports.reviewed import read_file_marks, read_reviewed
from swgtui.model import report as rp
from swgtui.model.template import load_template
from tests.test_export_marks import marks_of
from tests.wordlike import Reviewed

T = load_template("annex2")
LORD = "Mr Lord"
NOY = "Noy Focal"
MONDAY, TUESDAY = "2026-03-02T09:15:00Z", "2026-03-03T14:30:00Z"
AT_MONDAY, AT_TUESDAY = "2026-03-02T09:15:00+00:00", "2026-03-03T14:30:00+00:00"


def exported(report, path: Path, marks=None) -> Path:
    """The report's Word export (with marks when given), as a reviewer receives it."""
    if marks is None:
        return export_docx(report, path).path
    build_document(report, T, marks=marks).save(str(path))
    return path


def fields_of(found):
    return {(text.part, text.field): text for text in found.fields}


def partner(report, name):
    return next(item for item in rp.find_row(report, "partners")[1]["items"] if item["name"] == name)


def review_everything(path: Path, sample) -> Reviewed:
    """Tracked changes in a row field, the header, a partner's narrative and a row title, by two
    reviewers on two days; an untracked edit; comments, a reply, a resolved thread."""
    reviewed = Reviewed(path)
    reviewed.replace("attractive transit point", "obvious transit point", author=LORD, date=MONDAY)
    reviewed.replace("Embassy of Japan, United", "Embassy of Japan, the United", author=LORD, date=MONDAY)
    japan = partner(sample, "Japan")["text"].split("\n")[0]
    reviewed.insert_after(japan[:40], " (JICA)", author=NOY, date=TUESDAY, where=japan)
    title = rp.find_row(sample, "a2")[1]["title"]
    reviewed.replace("Proper", "Better", author=NOY, date=TUESDAY, where=f"{title} (")
    reviewed.edit("Regional Cooperation", "Regional co-operation", where="Regional Cooperation (")
    first = reviewed.comment("borders all the other Mekong countries", "Which borders?", author=LORD, date=MONDAY)
    reviewed.reply(first, "All five.", author=NOY, date=TUESDAY)
    reviewed.resolve(first)
    reviewed.comment(
        "Sustainable Alternative Development",
        "Rename this row?",
        author=NOY,
        date=TUESDAY,
        where="Sustainable Alternative Development (",
    )
    reviewed.saved_by(LORD, "2026-03-04T08:00:00Z")
    reviewed.save()
    return reviewed


def check_everything(found, sample, replies_read: bool = True) -> None:
    fields = fields_of(found)
    exported_text = {key: rp.get_field(T, sample, *key) for key in fields if key[1] != "title"}
    exported_text |= {(row["id"], "title"): row["title"] for row in rp.rows(sample)}
    changed = {
        ("a1", "notes"): ("attractive transit point", "obvious transit point", [LORD], AT_MONDAY),
        (rp.HEADER_ID, "chairs"): ("Embassy of Japan, United", "Embassy of Japan, the United", [LORD], AT_MONDAY),
        ("partners", partner(sample, "Japan")["id"]): (None, " (JICA)", [NOY], AT_TUESDAY),
        ("a2", "title"): ("Proper regulations", "Better regulations", [NOY], AT_TUESDAY),
    }
    for key, text in fields.items():
        if key == ("a6", "title"):  # typed over with Track Changes off: no trace but the text
            assert (text.original, text.accepted, text.authors, text.changed_at) == (
                "Regional co-operation",
                "Regional co-operation",
                [],
                None,
            )
            assert text.accepted != exported_text[key]
            continue
        assert text.original == exported_text[key], key  # every tracked change rejected: as exported
        if key in changed:
            old, new, authors, when = changed[key]
            assert new in text.accepted and (old is None or old not in text.accepted), key
            assert text.accepted.replace(new, old or "", 1) == text.original, key
            assert (text.authors, text.changed_at) == (authors, when), key
            assert text.change_dates == [when, when] if old else [when], key
        else:
            assert (text.accepted, text.authors, text.changed_at) == (text.original, [], None), key
    assert ("header", "swg_name") in fields and ("c1-vdcap", "ownership") in fields
    assert len([key for key in fields if key[1] == "title"]) == len(rp.rows(sample))

    first, reply, other = found.comments
    assert (first.part, first.field, first.quote) == ("a1", "notes", "borders all the other Mekong countries")
    assert (first.text, first.author, first.at, first.parent, first.done) == (
        "Which borders?",
        LORD,
        AT_MONDAY,
        None,
        True,
    )
    assert (reply.text, reply.author, reply.at, reply.done) == ("All five.", NOY, AT_TUESDAY, True)
    assert (reply.part, reply.field, reply.quote) == ("a1", "notes", first.quote)
    assert reply.parent == (first.word_id if replies_read else None)
    assert (other.part, other.field, other.quote) == ("a4", "", "Sustainable Alternative Development")
    assert (other.text, other.author, other.parent, other.done) == ("Rename this row?", NOY, None, False)
    assert (found.modified_by, found.modified_at) == (LORD, "2026-03-04T08:00:00+00:00")


def test_tracked_changes_untracked_edits_and_comments_as_word_writes_them(sample, tmp_path):
    path = exported(sample, tmp_path / "report.docx")
    review_everything(path, sample)
    found = read_reviewed(path, sample, T, None)
    assert found.name == "report.docx" and found.marks is None and found.notes == []
    check_everything(found, sample)


def test_a_tracked_deletion_across_two_rows_is_a_change_of_each_field_it_touches(sample, tmp_path):
    path = exported(sample, tmp_path / "report.docx")
    challenges = rp.get_field(T, sample, "a3", "challenges").split("\n")[-1]
    reviewed = Reviewed(path)
    reviewed.delete_across(
        challenges[-30:], "Sustainable", author=NOY, date=TUESDAY, where_end="Sustainable Alternative Development ("
    )
    reviewed.save()
    fields = fields_of(read_reviewed(path, sample, T, None))
    tail, title = fields["a3", "challenges"], fields["a4", "title"]
    assert tail.original == rp.get_field(T, sample, "a3", "challenges")
    assert tail.accepted == tail.original[: -len(challenges[-30:])].rstrip()
    assert (title.original, title.accepted) == ("Sustainable Alternative Development", "Alternative Development")
    assert tail.authors == title.authors == [NOY]
    assert tail.changed_at == title.changed_at == AT_TUESDAY
    unchanged = [t for key, t in fields.items() if key not in {("a3", "challenges"), ("a4", "title")}]
    assert all(t.original == t.accepted and not t.authors for t in unchanged)


def test_a_tracked_deletion_of_paragraph_marks_joins_the_paragraphs(sample, tmp_path):
    rp.set_field(T, sample, "b1", "progress", "First point.\nSecond point.\nThird point.")
    path = exported(sample, tmp_path / "report.docx")
    reviewed = Reviewed(path)
    reviewed.delete_across("point.", "Second", where="First point.")  # "First Second point." …
    reviewed.save()
    text = fields_of(read_reviewed(path, sample, T, None))["b1", "progress"]
    assert text.original == "First point.\nSecond point.\nThird point."
    assert text.accepted == "First  point.\nThird point."


def test_rows_are_matched_by_the_marks_even_when_the_report_moved_them_since(sample, tmp_path):
    marks = marks_of(sample)
    path = exported(sample, tmp_path / "report.docx", marks)
    reviewed = Reviewed(path)
    reviewed.edit("Proper regulations", "Proper regulation", where="Proper regulations of Special Economic Zones (")
    reviewed.replace("Sustainable", "Lasting", where="Sustainable Alternative Development (")
    reviewed.save()
    rp.move_row(T, sample, "a4", -2)  # a4 before a2 in the report now
    rp.add_row(T, sample, "A", "A row added since the export", "")
    assert read_file_marks(path) == marks
    fields = fields_of(read_reviewed(path, sample, T, marks))
    assert fields["a2", "title"].accepted == "Proper regulation of Special Economic Zones"
    assert fields["a4", "title"].accepted == "Lasting Alternative Development"
    assert fields["a3", "title"].original == rp.find_row(sample, "a3")[1]["title"]


def test_without_marks_rows_are_matched_by_title_else_by_the_reports_order(sample, tmp_path):
    path = exported(sample, tmp_path / "report.docx")
    assert read_file_marks(path) is None
    reviewed = Reviewed(path)
    reviewed.replace("Sustainable", "Lasting", where="Sustainable Alternative Development (")
    reviewed.save()
    moved = rp.rows(sample)
    rp.move_row(T, sample, "a4", -2)  # reordered since: the titles tell the rows apart
    fields = fields_of(read_reviewed(path, sample, T, None))
    assert fields["a4", "title"].accepted == "Lasting Alternative Development"
    assert [key for key in fields if key[1] == "title"] == [(row["id"], "title") for row in rp.rows(sample)]
    assert moved  # the report's order, not the file's, is the order of the fields

    reviewed = Reviewed(path)
    reviewed.edit(  # a title the report does not know
        "Proper regulations of Special Economic Zones",
        "Special Economic Zones",
        where="Proper regulations of Special Economic Zones (",
    )
    reviewed.save()
    rp.move_row(T, sample, "a4", 2)  # back as exported: the report's order tells the rows
    fields = fields_of(read_reviewed(path, sample, T, None))
    assert fields["a2", "title"].accepted == "Special Economic Zones"


def test_partners_are_matched_by_the_marks_order_else_by_name(sample, tmp_path):
    marks = marks_of(sample)
    japan = partner(sample, "Japan")
    path = exported(sample, tmp_path / "report.docx", marks)
    reviewed = Reviewed(path)
    reviewed.edit("Japan", "Government of Japan", where="Japan")
    reviewed.replace(japan["text"][:20], "", author=LORD, date=MONDAY)
    reviewed.save()
    with_marks = read_reviewed(path, sample, T, marks)
    assert fields_of(with_marks)["partners", japan["id"]].accepted == japan["text"][20:].lstrip()
    assert any("partners renamed" in note for note in with_marks.notes) is False  # the name is as exported
    without = fields_of(read_reviewed(path, sample, T, None))
    assert ("partners", japan["id"]) not in without  # its name changed (untracked): no partner of that name


def test_the_import_command_takes_tracked_changes_accepted(sample, tmp_path):
    path = exported(sample, tmp_path / "report.docx")
    reviewed = Reviewed(path)
    reviewed.replace("attractive transit point", "obvious transit point")
    reviewed.insert_after("Regional Cooperation", " in ASEAN", where="Regional Cooperation (")
    reviewed.save()
    result = CliRunner().invoke(main, ["import", str(path), "--swg", "Imported SWG"])
    assert result.exit_code == 0, result.output
    from swgtui.store import ReportStore

    with ReportStore(tmp_path / "store.json", holder="check") as opened:
        (summary,) = opened.list_reports()
        report = opened.get(summary["id"])
    notes = next(row for row in rp.rows(report) if row["title"] == "Enhanced border security")["fields"]["notes"]
    assert "obvious transit point" in notes and "attractive" not in notes
    assert "Regional Cooperation in ASEAN" in [row["title"] for row in rp.rows(report)]


def test_an_inserted_row_and_a_contact_edit_are_noted_not_taken(sample, tmp_path):
    path = exported(sample, tmp_path / "report.docx")
    reviewed = Reviewed(path)
    row = reviewed.paragraph("Regional Cooperation (").getparent().getparent()
    import copy

    from tests.wordlike import W, _w

    added = copy.deepcopy(row)
    properties = added.find(f"{W}trPr")
    if properties is None:
        properties = _w("trPr")
        added.insert(0, properties)
    properties.append(_w("ins", id="900", author=LORD, date=MONDAY))
    row.addnext(added)
    reviewed.edit("Phoutsavath Sounthala", "P. Sounthala")
    reviewed.save()
    found = read_reviewed(path, sample, T, None)
    assert "1 row(s) added in Word were not taken: add them in swgtui" in found.notes
    assert [t.accepted for t in found.fields if t.part == "a6" and t.field == "title"] == ["Regional Cooperation"]
    assert sum(1 for t in found.fields if t.field == "title") == len(rp.rows(sample))


# --- LibreOffice ---------------------------------------------------------------------------------


def through_libreoffice(path: Path, folder: Path) -> Path:
    """The file opened and saved as .docx by LibreOffice, as a reviewer without Word does."""
    folder.mkdir()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / path.name


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_a_file_saved_again_by_libreoffice_reads_the_same(sample, tmp_path):
    marks = marks_of(sample)
    path = exported(sample, tmp_path / "report.docx", marks)
    review_everything(path, sample)
    converted = through_libreoffice(path, tmp_path / "libreoffice")
    with zipfile.ZipFile(converted) as archive:
        extended = archive.read("word/commentsExtended.xml")
    assert b'w15:done="1"' in extended  # LibreOffice keeps the done state …
    replies_kept = b"paraIdParent" in extended  # … and, from some version on, the replies
    found = read_reviewed(converted, sample, T, read_file_marks(converted))
    assert found.marks == marks
    check_everything(found, sample, replies_read=replies_kept)


# --- bad input -----------------------------------------------------------------------------------


def test_files_that_cannot_be_read_give_one_line(sample, tmp_path):
    good = exported(sample, tmp_path / "good.docx")
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(good.read_bytes()[:5000])
    no_document = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(no_document, "w") as archive:
        archive.writestr("word/other.xml", "<x/>")
    letter = tmp_path / "letter.docx"
    document = Document()
    document.add_paragraph("Dear colleagues")
    document.add_table(rows=2, cols=3).cell(1, 0).text = "Not a row of any report"
    document.save(str(letter))
    bomb = write_bomb(tmp_path / "bomb.docx", 40)
    laughs = tmp_path / "laughs.docx"
    entities = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(laughs, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", f"?>{entities}".encode(), 1).replace(b"Regional", b"&b;Regional")
            target.writestr(info, data)
    cases = {
        damaged: "damaged.docx is not a Word .docx file|damaged.docx is damaged",
        no_document: "nodoc.docx is not a Word .docx file \\(no word/document.xml\\)",
        letter: "letter.docx is not an Annex 2 report",
        bomb: "bomb.docx is too big to import",
        laughs: "laughs.docx is damaged and cannot be read \\(/word/document.xml declares XML entities\\)",
    }
    for path, message in cases.items():
        with pytest.raises(DocxImportError, match=message) as raised:
            read_reviewed(path, sample, T, None)
        assert "\n" not in str(raised.value)
        assert isinstance(raised.value, rp.ReportError)
        if path is not letter:
            with pytest.raises(DocxImportError, match=message):
                read_file_marks(path)

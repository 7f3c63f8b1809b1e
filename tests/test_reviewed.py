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
from tests.wordlike import W_NS, Reviewed

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


def test_replies_to_swgtui_comments_and_comments_on_the_header_or_elsewhere(sample, tmp_path):
    from swgtui.model import review

    noy = {"name": NOY, "organisation": "Ministry of Public Security", "role": "focal point"}
    thread = review.add_comment(T, sample, "a2", "Is this up to date?", noy, "progress")
    path = exported(sample, tmp_path / "report.docx")
    reviewed = Reviewed(path)
    (exported_id,) = [c.get(f"{{{W_NS}}}id") for c in reviewed.comments]
    reviewed.reply(exported_id, "Yes, as of March.", author=LORD, date=MONDAY)
    reviewed.resolve(exported_id)
    reviewed.comment("Illicit Drug Sector Working Group", "Full name?", where="Name of Sector Working Group:")
    reviewed.comment("Phoutsavath Sounthala", "Still the focal point?")
    reviewed.comment("Review record", "Not needed.")
    reviewed.save()
    found = read_reviewed(path, sample, T, None)
    swgtuis, reply, name, contact = found.comments
    assert (swgtuis.part, swgtuis.field, swgtuis.author, swgtuis.text) == ("a2", "progress", NOY, thread["text"])
    assert swgtuis.done and reply.done and reply.parent == swgtuis.word_id
    assert (reply.text, reply.author, reply.at) == ("Yes, as of March.", LORD, AT_MONDAY)
    assert (name.part, name.field, name.quote) == (rp.HEADER_ID, "swg_name", "Illicit Drug Sector Working Group")
    assert (contact.part, contact.field, contact.quote) == (rp.HEADER_ID, "", "Phoutsavath Sounthala")
    assert found.notes == [f"a comment by {LORD} is not on a part of the report: not taken"]


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


def test_a_file_exported_from_the_store_carries_the_marks_its_texts_are_read_against(tmp_path):
    runner = CliRunner()
    report_id = runner.invoke(main, ["sample"]).output.strip()
    path = tmp_path / "report.docx"
    assert runner.invoke(main, ["export", report_id, "--out", str(path)]).exit_code == 0
    reviewed = Reviewed(path)
    reviewed.replace("Sustainable", "Lasting", where="Sustainable Alternative Development (")
    reviewed.save()
    from swgtui.store import ReportStore

    with ReportStore(tmp_path / "store.json", holder="check") as opened:
        report = opened.get(report_id)
    marks = read_file_marks(path)
    assert marks is not None and marks.report_id == report_id
    assert marks.rows["A"] == [row["id"] for row in report["sections"][0]["rows"]]
    found = read_reviewed(path, report, T, marks)
    assert {(t.part, t.field) for t in found.fields if t.original} <= set(marks.bases)  # each text has its base
    assert fields_of(found)["a4", "title"].accepted == "Lasting Alternative Development"


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
    assert with_marks.notes == [
        "partner 'Japan' is named 'Government of Japan' in the file: "
        "a partner's name is not taken from Word (rename it in swgtui)"
    ]
    without = read_reviewed(path, sample, T, None)
    assert ("partners", japan["id"]) not in fields_of(without)  # no partner of that name: not taken
    assert without.notes == [
        "partner 'Government of Japan' of 'Support from other development partners' "
        "matches no partner of the report: not taken"
    ]


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


def test_rows_deleted_or_added_and_formatting_changed_with_track_changes(sample, tmp_path):
    path = exported(sample, tmp_path / "report.docx")
    reviewed = Reviewed(path)
    reviewed.delete_row("Regional Cooperation (", author=NOY, date=TUESDAY)
    reviewed.insert_row_after("Sustainable Alternative Development (", "A row typed in Word")
    reviewed.make_bold("borders all the other Mekong countries", author=LORD, date=MONDAY)
    reviewed.replace("Phoutsavath Sounthala", "P. Sounthala")
    reviewed.save()
    found = read_reviewed(path, sample, T, None)
    assert found.notes == [
        "1 row(s) added in Word were not taken: add them in swgtui",
        "contacts changed in Word were not taken: change them in swgtui",
        "the row 'Regional Cooperation' was deleted in Word: its texts are suggested empty, remove it in swgtui",
    ]
    fields = fields_of(found)
    assert sum(1 for key in fields if key[1] == "title") == len(rp.rows(sample))  # the added row is no row
    for key in [("a6", "title"), ("a6", "progress"), ("a6", "challenges")]:  # the deleted row: emptied
        assert fields[key].original == rp.get_field(T, sample, *key) if key[1] != "title" else "Regional Cooperation"
        assert (fields[key].accepted, fields[key].authors, fields[key].changed_at) == ("", [NOY], AT_TUESDAY)
    assert fields["a7", "title"].accepted == fields["a7", "title"].original  # the rows after still line up
    notes = fields["a1", "notes"]
    assert "**borders all the other Mekong countries**" in notes.accepted
    assert notes.original == rp.get_field(T, sample, "a1", "notes")
    assert notes.accepted.replace("**", "") == notes.original


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


# --- the two views of tracked changes ------------------------------------------------------------

BODY = """<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Kept </w:t></w:r><w:del w:id="1" w:author="A" w:date="2026-03-02T09:15:00Z"><w:r><w:delText>old
</w:delText></w:r></w:del><w:ins w:id="2" w:author="B" w:date="2026-03-03T10:00:00"><w:r><w:t>new</w:t></w:r></w:ins>
<w:moveFrom w:id="3" w:author="C"><w:r><w:t> moved</w:t></w:r></w:moveFrom></w:p>
<w:p><w:pPr><w:rPr><w:ins w:id="4" w:author="B"/></w:rPr></w:pPr><w:r><w:t>split </w:t></w:r></w:p>
<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="A"/></w:rPr></w:pPr><w:r><w:t>joined</w:t></w:r></w:p>
<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:b/><w:rPrChange w:id="6" w:author="A"><w:rPr/></w:rPrChange>
</w:rPr><w:t> here</w:t></w:r><w:moveTo w:id="7" w:author="C"><w:r><w:t> moved</w:t></w:r></w:moveTo></w:p>
<w:tbl><w:tr><w:trPr><w:ins w:id="8" w:author="B"/></w:trPr>
<w:tc><w:p><w:r><w:t>added row</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:trPr><w:del w:id="9" w:author="A"/></w:trPr><w:tc><w:p><w:r><w:t>gone row</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>last row</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>""".replace("\n", "")


def paragraphs_of(root):
    from swgtui.imports.tracked import W

    return ["".join(t.text for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def test_the_accepted_and_the_original_view_of_tracked_changes():
    from lxml import etree

    from swgtui.imports import tracked

    root = etree.fromstring(BODY)
    numbers = [number for number, _ in tracked.number_paragraphs(root)]
    assert numbers == [0, 1, 2, 3, 4, 5, 6]
    accepted, original = tracked.accepted(root), tracked.original(root)
    assert paragraphs_of(accepted) == ["Kept new", "split ", "joined here moved", "", "last row"]
    assert paragraphs_of(original) == ["Kept old moved", "split joined", " here", "gone row", "last row"]
    assert [p.get(tracked.SOURCE) for p in accepted.iter(f"{tracked.W}p")] == ["0", "1", "2 3", "5", "6"]
    assert [p.get(tracked.SOURCE) for p in original.iter(f"{tracked.W}p")] == ["0", "1 2", "3", "5", "6"]
    bold = [r for r in accepted.iter(f"{tracked.W}r") if r.find(f"{tracked.W}rPr/{tracked.W}b") is not None]
    assert [r.findtext(f"{tracked.W}t") for r in bold] == [" here"]  # accepted: the new formatting
    assert not [r for r in original.iter(f"{tracked.W}b")]  # original: the old one
    assert tracked.inserted_rows(root) == 1
    assert b"ins" not in etree.tostring(accepted) and b"del" not in etree.tostring(original).replace(b"delText", b"")
    first, *_ = root.iter(f"{tracked.W}p")
    assert tracked.changes_in(first) == [
        ("del", "A", "2026-03-02T09:15:00+00:00"),
        ("ins", "B", "2026-03-03T10:00:00+00:00"),  # LibreOffice may leave out the zone: UTC
        ("del", "C", None),
    ]


def test_two_tracked_edits_in_one_paragraph_are_both_read(sample, tmp_path):
    """A second edit of a paragraph finds its text after the first one's insertion (tests.wordlike)."""
    path = exported(sample, tmp_path / "report.docx")
    reviewed = Reviewed(path)
    reviewed.replace("attractive transit point", "obvious transit point", author=LORD, date=MONDAY)
    reviewed.replace("obvious", "plain", author=NOY, date=TUESDAY, where="obvious transit point")
    reviewed.save()
    text = fields_of(read_reviewed(path, sample, T, None))[("a1", "notes")]
    assert "plain transit point" in text.accepted and "obvious" not in text.accepted
    assert "attractive transit point" in text.original
    assert text.authors[-1] == NOY

"""`swgtui export REPORT --changes-since approval|DATE [--for NAME]`: what changed since then,
as Word tracked changes by their authors and dates; accepting them all gives today's export,
rejecting them all the export as it was then."""

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from swgtui.cli import main
from swgtui.exports.docx_properties import read_marks
from swgtui.exports.docx_writer import build_document
from swgtui.model import report as rp
from swgtui.model.template import load_template
from swgtui.sample import sample_report
from swgtui.store import ReportStore

T = load_template("annex2")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEN = "2026-11-10"
PROGRESS_0 = "- New curriculum adopted\n- **Training** of 40 officers\n1. first step\n2. second step"
PROGRESS_1 = "- New curriculum adopted by all provinces\n- **Training** of 40 officers\n1. first step\n2. second step"
PROGRESS_2 = (
    "- New curriculum adopted by all provinces\n- **Training** of 45 officers\n"
    "1. first step\n2. second *important* step\n3. third step"
)


def run(*args):
    result = CliRunner().invoke(main, list(args))
    return result


def ok(*args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def at(monkeypatch, when):
    """Every save and review step from now on happens at `when` (UTC)."""
    monkeypatch.setattr(rp, "now_iso", lambda: when)


def be(name, role):
    ok("whoami", "--name", name, "--org", "Org", "--role", role)


@pytest.fixture
def edited(monkeypatch, store_path):
    """The sample edited by Noy before the 10th of November, then by Mr Lord and Ms Kay after;
    returns the report's id and a copy of the report as it was on the 10th."""
    at(monkeypatch, "2026-11-01T09:00:00+00:00")
    be("Noy Focal", "focal point")
    sample = sample_report()
    sample["created"] = sample["updated"] = rp.now_iso()
    with ReportStore(store_path, holder="tests") as store:
        report_id = store.add(sample)
    ok("set", report_id, "A.1", "progress", PROGRESS_0)
    ok("set", report_id, "header", "chairs", "Mr X and Ms Y")
    ok("set", report_id, "A.1", "challenges", "An old challenge.")
    ok("export", report_id, "--out", str(store_path.parent / "sent-for-review.docx"))  # its tags are in the history
    then = json.loads(ok("dump", report_id).output)["report"]
    at(monkeypatch, "2026-11-20T09:00:00+00:00")
    be("Mr Lord", "co-chair")
    ok("set", report_id, "A.1", "progress", PROGRESS_1)
    ok("set", report_id, "header", "chairs", "Mr X, Ms Y and Mr Z")
    at(monkeypatch, "2026-11-21T10:30:00+07:00")
    be("Ms Kay", "co-chair")
    ok("set", report_id, "A.1", "progress", PROGRESS_2)
    ok("set", report_id, "A.1", "challenges", "")
    ok("tag", report_id, "A.1", "Call For Action")
    ok("tag", report_id, "A.3", "")
    return report_id, then


def document_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml")


def tracked(xml: bytes) -> list[tuple[str, str, str, str]]:
    """Every tracked change: (ins|del, author, date, its text)."""
    root = etree.fromstring(xml)
    found = []
    for mark in root.iter(f"{W}ins", f"{W}del"):
        text = "".join(t.text or "" for t in mark.iter(f"{W}t", f"{W}delText"))
        found.append((etree.QName(mark).localname, mark.get(f"{W}author"), mark.get(f"{W}date"), text))
    return found


def view(xml: bytes, accept: bool) -> list[tuple[str, str]]:
    """The body's paragraphs (style, text) as Word shows them once every change is accepted
    (w:del removed, w:ins unwrapped) or rejected; a paragraph whose mark goes joins the next."""
    root = etree.fromstring(xml)
    gone, kept = (f"{W}del", f"{W}ins") if accept else (f"{W}ins", f"{W}del")
    joined = []
    for mark in list(root.iter(gone, kept)):
        parent = mark.getparent()
        if parent.tag == f"{W}rPr":  # on a paragraph mark
            if mark.tag == gone:
                joined.append(parent.getparent().getparent())
            parent.remove(mark)
        elif mark.tag == gone:
            parent.remove(mark)
        else:
            for child in list(mark):
                mark.addprevious(child)
            parent.remove(mark)
    for deleted in root.iter(f"{W}delText"):
        deleted.tag = f"{W}t"
    for paragraph in joined:
        following = paragraph.getnext()
        if following is not None and following.tag == f"{W}p":
            place = following.find(f"{W}pPr")
            for child in reversed([c for c in paragraph if c.tag != f"{W}pPr"]):
                if place is not None:
                    place.addnext(child)
                else:
                    following.insert(0, child)
            paragraph.getparent().remove(paragraph)
    shown = []
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        if text == "Review record":
            break
        if text:
            shown.append((style.get(f"{W}val") if style is not None else "", text))
    return shown


def export_xml(report) -> bytes:
    buffer = io.BytesIO()
    build_document(report, T).save(buffer)
    return document_xml(buffer)


def test_changes_since_a_date_are_tracked_by_their_authors_and_dates(edited, tmp_path):
    report_id, then = edited
    out = tmp_path / "changes.docx"
    result = ok("export", report_id, "--changes-since", THEN, "--out", str(out))
    assert result.stderr.splitlines()[0] == f"3 fields and 2 tags changed since {THEN}"
    changes = tracked(document_xml(out))
    lord, kay = "2026-11-20T09:00:00Z", "2026-11-21T03:30:00Z"  # +07:00 in UTC
    assert ("ins", "Mr Lord", lord, " by all provinces") in changes
    assert ("del", "Mr Lord", lord, " and") in changes
    assert ("ins", "Mr Lord", lord, ",") in changes
    assert ("ins", "Mr Lord", lord, " and Mr Z") in changes
    assert ("del", "Ms Kay", kay, "40") in changes
    assert ("ins", "Ms Kay", kay, "45") in changes
    assert ("ins", "Ms Kay", kay, "third step") in changes
    assert ("del", "Ms Kay", kay, "An old challenge.") in changes  # a field emptied since shows deleted
    assert ("del", "Ms Kay", kay, "SWG/RTIM recommendation") in changes  # a tag changed: brackets kept
    assert ("ins", "Ms Kay", kay, "Call For Action") in changes
    assert ("del", "Ms Kay", kay, " (SWG/RTIM recommendation)") in changes  # a tag removed, with its brackets
    assert {author for _, author, _, _ in changes} == {"Mr Lord", "Ms Kay"}
    marks = read_marks(Document(str(out)))
    assert marks is not None and marks.changes_since == THEN and marks.report_id == report_id

    root = etree.fromstring(document_xml(out))
    ids = [mark.get(qn("w:id")) for mark in root.iter(f"{W}ins", f"{W}del")]
    assert len(ids) == len(set(ids)) == len(changes)
    important = next(m for m in root.iter(f"{W}ins") if "important" in "".join(m.itertext()))
    assert important.find(f"{W}r/{W}rPr/{W}i") is not None  # italic kept
    third = next(m for m in root.iter(f"{W}ins") if "third step" in "".join(m.itertext())).getparent()
    assert third.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "ListNumber"
    assert third.find(f"{W}pPr/{W}rPr/{W}ins").get(f"{W}author") == "Ms Kay"  # its paragraph break is new
    assert not [d for d in root.iter(f"{W}del") if d.find(f"{W}r/{W}t") is not None]  # deleted text is delText


def test_accepting_every_change_gives_todays_export_and_rejecting_them_the_export_of_then(edited, tmp_path, store):
    report_id, then = edited
    out = tmp_path / "changes.docx"
    ok("export", report_id, "--changes-since", THEN, "--out", str(out))
    xml = document_xml(out)
    now = store.get(report_id)
    assert view(xml, accept=True) == view(export_xml(now), accept=True)
    assert view(xml, accept=False) == view(export_xml(then), accept=True)
    assert view(xml, accept=True) != view(xml, accept=False)


def test_changes_since_approval_for_one_reviewer_or_anyone(edited, monkeypatch, tmp_path):
    report_id, _ = edited
    at(monkeypatch, "2026-11-20T12:00:00+00:00")  # after Mr Lord's edits, before Ms Kay's
    be("Noy Focal", "focal point")
    ok("status", report_id, "header", "ready")
    be("Mr Lord", "co-chair")
    ok("status", report_id, "header", "approve")
    result = ok(
        "export", report_id, "--changes-since", "approval", "--for", "mr lord", "--out", str(tmp_path / "a.docx")
    )
    # the count is of the parts he approved (the header: nothing since), said first; the rest once
    assert result.stderr.splitlines()[0] == (
        "0 fields changed since the last approval by mr lord, in the 1 part approved; "
        "the 18 parts never approved by mr lord show all their text as new"
    )
    header_changes = [c for c in tracked(document_xml(tmp_path / "a.docx")) if "Mr Z" in c[3] or c[3] == ","]
    assert header_changes == []  # the header was approved by him after his own change
    kays = [c for c in tracked(document_xml(tmp_path / "a.docx")) if c[1] == "Ms Kay"]
    assert ("ins", "Ms Kay", "2026-11-21T03:30:00Z", "45") in kays  # A.1 was never approved: all shows


def test_changes_since_approval_of_someone_who_approved_nothing_is_refused_naming_who_did(
    edited, monkeypatch, tmp_path
):
    report_id, _ = edited
    out = tmp_path / "n.docx"
    nobody_yet = run("export", report_id, "--changes-since", "approval", "--out", str(out))
    assert nobody_yet.exit_code == 1 and nobody_yet.output == (
        "Error: no part of this report was approved yet: give a DATE instead (--changes-since 2026-11-14)\n"
    )
    at(monkeypatch, "2026-11-22T12:00:00+00:00")
    be("Noy Focal", "focal point")
    ok("status", report_id, "header", "ready")
    be("Matthew Lord", "co-chair")
    ok("status", report_id, "header", "approve")
    before = ok("dump", report_id).output
    refused = run("export", report_id, "--changes-since", "approval", "--for", "Matt Lord", "--out", str(out))
    assert refused.exit_code == 1 and refused.output == (
        "Error: nobody named 'Matt Lord' approved a part of this report; "
        "approvals are by: Matthew Lord (co-chair, Org)\n"
    )
    assert not out.exists() and ok("dump", report_id).output == before  # nothing written
    ok("export", report_id, "--changes-since", "approval", "--for", "matthew lord", "--out", str(out))


def test_default_names_differ_per_reviewer_and_per_moment(edited, monkeypatch):
    report_id, _ = edited
    at(monkeypatch, "2026-11-22T12:00:00+00:00")
    be("Noy Focal", "focal point")
    ok("status", report_id, "header", "ready")
    for name in ("Matthew Lord", "Mori Kosuke"):
        be(name, "co-chair")
        ok("status", report_id, "header", "approve")
    paths = [
        Path(ok("export", report_id, "--changes-since", *args).stdout.strip())
        for args in (
            ["approval", "--for", "Matthew Lord"],
            ["approval", "--for", "Mori Kosuke"],
            ["approval"],
            ["2026-11-20"],
            ["2026-11-10T00:00+07:00"],
        )
    ]
    stem = "Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021-DRAFT"
    assert [path.name for path in paths] == [
        f"{stem}-changes-for-Matthew-Lord.docx",
        f"{stem}-changes-for-Mori-Kosuke.docx",
        f"{stem}-changes-since-approval.docx",
        f"{stem}-changes-since-2026-11-20.docx",
        f"{stem}-changes-since-2026-11-10T00-00+07-00.docx",
    ]
    assert all(path.is_file() for path in paths)  # none replaced another
    assert read_marks(Document(str(paths[0]))).changes_since == "approval"


def test_the_text_no_revision_names_an_author_for_is_the_swgs_before_the_history(edited, tmp_path):
    report_id, _ = edited
    out = tmp_path / "all.docx"
    ok("export", report_id, "--changes-since", "2026-10-01", "--out", str(out))
    authors = {author for _, author, _, _ in tracked(document_xml(out))}
    assert authors == {"Illicit Drug Sector Working Group (before the history)", "Noy Focal", "Mr Lord", "Ms Kay"}


def test_bad_options_are_one_line(edited):
    report_id, _ = edited
    for args, message in [
        (["--for", "Mr Lord"], "Error: --for NAME goes with --changes-since approval (that person's"),
        (["--changes-since", THEN, "--format", "md"], "Error: --changes-since needs --format docx: the"),
        (["--changes-since", "last week"], "Error: changes since 'last week': give 'approval', an ISO date"),
        (["--changes-since", THEN, "--for", "Mr Lord"], "Error: --for NAME goes with --changes-since approval"),
    ]:
        result = run("export", report_id, *args)
        assert result.exit_code == 1 and message in result.output and len(result.output.splitlines()) == 1, args


def test_a_row_added_since_shows_all_inserted_and_a_removed_row_is_said(edited, monkeypatch, tmp_path):
    report_id, _ = edited
    ok("add-row", report_id, "A", "A brand new row")
    ok("remove-row", report_id, "A.2")
    result = ok("export", report_id, "--changes-since", THEN, "--out", str(tmp_path / "r.docx"))
    assert "the row 'Proper regulations of Special Economic Zones' was removed since 2026-11-10" in result.stderr
    assert ("ins", "Ms Kay", "2026-11-21T03:30:00Z", "A brand new row") in tracked(document_xml(tmp_path / "r.docx"))


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_reads_them_as_tracked_changes(edited, tmp_path):
    report_id, _ = edited
    out = tmp_path / "changes.docx"
    ok("export", report_id, "--changes-since", THEN, "--out", str(out))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with zipfile.ZipFile(tmp_path / "changes.odt") as odt:
        content = etree.fromstring(odt.read("content.xml"))
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0", "dc": "http://purl.org/dc/elements/1.1/"}
    regions = content.findall(".//text:tracked-changes/text:changed-region", ns)
    deletions = {
        "".join(r.find("text:deletion", ns).itertext()) for r in regions if r.find("text:deletion", ns) is not None
    }
    assert any("40" in text for text in deletions) and any("An old challenge." in text for text in deletions)
    insertions = [r for r in regions if r.find("text:insertion", ns) is not None]
    authors = {r.find(".//dc:creator", ns).text for r in insertions}
    assert authors == {"Mr Lord", "Ms Kay"}
    # inserted words stand in the body between text:change-start and text:change-end
    xml = etree.tostring(content, encoding="unicode")
    for region in insertions:
        region_id = region.get("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}id")
        start = xml.index(f'<text:change-start text:change-id="{region_id}"/>')
        end = xml.index(f'<text:change-end text:change-id="{region_id}"/>')
        assert start < end
    marked = _between_change_marks(xml)
    assert " and Mr Z" in marked and " by all provinces" in marked


def _between_change_marks(xml: str) -> list[str]:
    """The text between each text:change-start and its text:change-end."""
    pattern = re.compile(
        r'<text:change-start text:change-id="([^"]+)"/>(.*?)<text:change-end text:change-id="\1"/>', re.S
    )
    return [re.sub(r"<[^>]+>", "", match.group(2)) for match in pattern.finditer(xml)]


def test_an_open_comment_on_a_row_added_since_stays_in_the_file(edited, tmp_path):
    report_id, _ = edited
    row_id = ok("add-row", report_id, "A", "A brand new row").output.split("(id ")[1].rstrip(")\n")
    ok("comment", report_id, row_id, "Who leads this?")
    ok("export", report_id, "--changes-since", THEN, "--out", str(tmp_path / "c.docx"))
    with zipfile.ZipFile(tmp_path / "c.docx") as docx:
        comments = docx.read("word/comments.xml").decode()
        body = etree.fromstring(docx.read("word/document.xml"))
    assert "Who leads this?" in comments
    start = next(body.iter(f"{W}commentRangeStart"))
    assert "A brand new row" in "".join(start.getparent().itertext())


def test_edits_from_a_review_package_merged_here_keep_their_authors(focal, cochair, monkeypatch, tmp_path):
    at(monkeypatch, "2030-01-01T09:00:00+00:00")
    focal.ok("set", "idswg-2020-2021", "A.1", "progress", "- Curriculum drafted\n- Books printed\n- Officers trained")
    cochair.receive(focal.send())
    at(monkeypatch, "2030-01-02T09:00:00+00:00")
    lord = "- Curriculum drafted\n- Books printed\n- 45 officers trained in Vientiane"
    cochair.ok("set", "idswg-2020-2021", "A.1", "progress", lord)
    package = cochair.send()
    at(monkeypatch, "2030-01-03T09:00:00+00:00")
    focal.ok("set", "idswg-2020-2021", "A.1", "progress", "- Curriculum adopted\n- Books printed\n- Officers trained")
    assert "1 field merged" in focal.receive(package)[1]  # both changed the field: merged line by line
    out = tmp_path / "merged.docx"
    focal.ok("export", "idswg-2020-2021", "--changes-since", "2030-01-01T12:00", "--out", str(out))
    changes = tracked(document_xml(out))
    assert ("del", "Mr Lord", "2030-01-02T09:00:00Z", "Officers") in changes
    assert ("ins", "Mr Lord", "2030-01-02T09:00:00Z", "45 officers") in changes
    assert ("ins", "Mr Lord", "2030-01-02T09:00:00Z", " in Vientiane") in changes
    assert ("ins", "Noy Focal", "2030-01-03T09:00:00Z", "adopted") in changes
    assert {author for _, author, _, _ in changes} == {"Mr Lord", "Noy Focal"}

"""Receiving a reviewed Word file into the report it was exported from: the reviewer's edits
become suggestions, their comments threads and replies (tests.wordlike writes the changes the
way Word does); receiving again changes nothing; --undo takes it back; bad files are refused in
one line with the store unchanged; LibreOffice's copy of the file gives the same."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from swgtui.exports.docx_properties import read_marks, write_marks
from swgtui.exports.files import export_docx
from swgtui.model import report as rp
from swgtui.model import review, suggestions
from swgtui.model.report import ReportError
from swgtui.model.template import load_template
from swgtui.store import ReportStore
from swgtui.store.repository import ReportNotFoundError
from swgtui.workspace import Workspace
from tests.test_reviewed import through_libreoffice
from tests.wordlike import W14, Reviewed, W

T = load_template("annex2")
SAMPLE = "idswg-2020-2021"
NAMED = f"{SAMPLE} (Illicit Drug Sector Working Group 2020/2021)"
NOY = {"name": "Noy Focal", "organisation": "Ministry of Public Security", "role": "focal point"}
LORD, ANNA = "Mr Lord", "Anna Reviewer"
MONDAY, TUESDAY, SAVED = "2026-03-02T09:15:00Z", "2026-03-03T14:30:00Z", "2026-03-04T08:00:00Z"
AT_MONDAY, AT_TUESDAY, AT_SAVED = (t.replace("Z", "+00:00") for t in (MONDAY, TUESDAY, SAVED))
ASKED, DONE = "Please add the 2021 survey figures.", "Name the ministries."


@pytest.fixture
def workspace(store, sample) -> Workspace:
    """The sample in the store, with two comments of the focal point (exported as Word comments)."""
    store.add(sample)
    reports = Workspace(store)
    session = reports.open(SAMPLE, NOY)
    session.add_comment("a4", ASKED, "notes", "opium survey")
    session.add_comment("b1", DONE)
    session.save()
    return reports


def export(reports: Workspace, folder: Path, name: str = "report.docx") -> Path:
    return reports.export(SAMPLE, out=folder / name, by=NOY).path


def exported_comment(reviewed: Reviewed, text: str) -> str:
    """The Word id of a comment swgtui exported, given a paraId so that Word-like replies and
    the done state can name it."""
    comment = next(c for c in reviewed.comments if "".join(c.itertext()).startswith(text))
    para_id = f"{next(reviewed.para_numbers):08X}"
    comment.findall(f"{W}p")[-1].set(f"{W14}paraId", para_id)
    word_id = comment.get(f"{W}id")
    reviewed.para_ids[word_id] = para_id
    reviewed.extended.append((para_id, None, False))
    return word_id


def review_in_word(path: Path, sample: dict) -> None:
    """Two reviewers' tracked edits in two fields, one across two rows, an untracked edit, a new
    comment quoting a passage, a reply to a comment swgtui exported, an exported comment done."""
    reviewed = Reviewed(path)
    reviewed.replace("organized crime, and borders", "organised crime, and borders", author=LORD, date=MONDAY)
    reviewed.replace("often lax", "lax", author=ANNA, date=TUESDAY)
    reviewed.replace("increased dramatically", "grown sharply", author=LORD, date=MONDAY)
    challenges = rp.get_field(T, sample, "a3", "challenges").split("\n")[-1]
    reviewed.delete_across(
        challenges[-30:], "Sustainable", author=ANNA, date=TUESDAY, where_end="Sustainable Alternative Development ("
    )
    reviewed.edit("are increasingly using", "increasingly use")  # c2, Track Changes off
    reviewed.comment("network of 20 Border Liaison Offices", "Which provinces?", author=ANNA, date=TUESDAY)
    reviewed.reply(exported_comment(reviewed, ASKED), "The survey is due in June.", author=LORD, date=MONDAY)
    reviewed.resolve(exported_comment(reviewed, DONE))
    reviewed.saved_by(LORD, SAVED)
    reviewed.save()


def store_files(store_path: Path) -> dict[str, bytes]:
    folder = store_path.parent
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.glob("store*/**/*")) + [store_path]
        if p.is_file() and not p.name.endswith(".lock") and "backups" not in str(p)
    }


def suggested(report: dict) -> dict[tuple[str, str], dict]:
    return {(s["part"], s["field"]): s for s in suggestions.suggestions(report)}


def test_edits_become_suggestions_and_comments_threads(workspace, sample, tmp_path):
    path = export(workspace, tmp_path)
    review_in_word(path, sample)
    received = workspace.receive(path, by=NOY)
    assert (received.report_id, received.added, received.changed) == (SAMPLE, False, True)
    assert received.summary == (
        f"received report.docx into {NAMED}: 5 suggestions (see them: swgtui suggestions {SAMPLE}), "
        "1 comment added, 1 reply, 1 thread resolved"
    )
    report = workspace.get(SAMPLE)
    found = suggested(report)
    expected = {
        ("a1", "notes"): (LORD, AT_MONDAY, True, "organized crime, and borders", "organised crime, and borders"),
        ("a2", "notes"): (ANNA, AT_TUESDAY, True, "are often lax, making", "are lax, making"),
        ("a3", "challenges"): (ANNA, AT_TUESDAY, True, "has increased dramatically", "has grown sharply"),
        ("a4", "title"): (ANNA, AT_TUESDAY, True, "Sustainable Alternative", "Alternative"),
        ("c2", "narrative"): (LORD, AT_SAVED, False, "are increasingly using", "increasingly use"),
    }
    history = workspace.store.full_history(SAMPLE)
    by_id = {revision["id"]: revision for revision in history}
    for key, (by, at, tracked, old, new) in expected.items():
        suggestion = found[key]
        assert (suggestion["by"]["name"], suggestion["by"]["role"], suggestion["at"], suggestion["tracked"]) == (
            by,
            "reviewer",
            at,
            tracked,
        ), key
        current = rp.get_field(T, report, *key) if key[1] != "title" else rp.find_row(report, key[0])[1]["title"]
        assert suggestion["before"] == current and old in suggestion["before"], key
        assert by_id[suggestion["base"]]["text"] == current, key
        assert new in suggestion["after"] and suggestion["after"] != suggestion["before"], key
        assert suggestion["source"].startswith("report.docx (export ")
        assert suggestions.outlook(report, history, suggestion) == "applies"
    a3 = found["a3", "challenges"]  # Mr Lord's change on Monday, then Anna's across two rows on Tuesday
    tail = a3["before"][-30:]  # to the end of the row, deleted with the start of the next row's title
    assert a3["after"] == a3["before"].replace("increased dramatically", "grown sharply")[: -len(tail)].rstrip()
    assert found["a4", "title"]["after"] == "Alternative Development"
    assert len(found) == len(expected)
    comments = review.review_data(report)["comments"]
    assert [c["text"] for c in comments if c["by"]["name"] == NOY["name"]] == [ASKED, DONE]  # none twice
    threads = {t["text"]: t for t in review.threads(report)}
    new = threads["Which provinces?"]
    assert (new["part"], new["field"], new["quote"]) == ("a1", "progress", "network of 20 Border Liaison Offices")
    assert (new["by"]["name"], new["by"]["role"], new["at"], new["resolved"]) == (ANNA, "reviewer", AT_TUESDAY, None)
    asked = threads[ASKED]
    assert [(r["text"], r["by"]["name"], r["at"]) for r in asked["replies"]] == [
        ("The survey is due in June.", LORD, AT_MONDAY)
    ]
    assert asked["resolved"] is None
    assert threads[DONE]["resolved"]["by"]["name"] == LORD


def test_receiving_again_changes_nothing_and_undo_takes_it_back(workspace, sample, tmp_path, store_path):
    path = export(workspace, tmp_path)
    review_in_word(path, sample)
    before = store_files(store_path)
    workspace.receive(path, by=NOY)
    received = store_files(store_path)
    assert received != before
    again = workspace.receive(path, by=NOY)
    assert (again.changed, again.summary) == (False, f"already received: nothing changed in {NAMED}")
    assert store_files(store_path) == received
    assert workspace.undo_receive() == f"took back the receive of report.docx: report {NAMED} is as it was before"
    assert store_files(store_path) == before
    assert suggestions.suggestions(workspace.get(SAMPLE)) == []


def test_a_field_changed_here_since_the_export_merges_or_conflicts(workspace, sample, tmp_path):
    path = export(workspace, tmp_path)
    reviewed = Reviewed(path)
    reviewed.replace("several SDG indicators", "many SDG indicators", author=LORD, date=MONDAY)
    reviewed.replace("often lax", "lax", author=ANNA, date=TUESDAY)
    reviewed.save()
    session = workspace.open(SAMPLE, NOY)  # after the export: a line away from the reviewer's edit, and on it
    progress = rp.get_field(T, session.report, "a11", "progress")
    session.set_field("a11", "progress", progress.replace("Life on land", "Life on Land"))
    session.set_field("a2", "notes", rp.get_field(T, session.report, "a2", "notes").replace("often lax", "weak"))
    session.save()
    workspace.receive(path, by=NOY)
    report, history = workspace.get(SAMPLE), workspace.store.full_history(SAMPLE)
    found = suggested(report)
    assert found["a11", "progress"]["before"] == progress  # as exported
    assert suggestions.outlook(report, history, found["a11", "progress"]) == "merges"
    assert suggestions.outlook(report, history, found["a2", "notes"]) == "conflicts"
    accepted = suggestions.accept(report, history, found["a11", "progress"]["id"], NOY, T)
    assert accepted.outcome == "merged"
    text = rp.get_field(T, accepted.report, "a11", "progress")
    assert "many SDG indicators" in text and "Life on Land" in text
    history += accepted.new_revisions
    conflicting = suggestions.accept(accepted.report, history, found["a2", "notes"]["id"], NOY, T)
    assert conflicting.outcome == "conflict"
    assert ("a2", "notes") in {(c["part"], c["field"]) for c in conflicting.report["conflicts"]}


def test_a_file_without_marks_is_compared_with_the_current_texts_into_the_report_given(workspace, sample, tmp_path):
    bare = export_docx(workspace.get(SAMPLE), tmp_path / "bare.docx").path  # written without marks
    reviewed = Reviewed(bare)
    reviewed.replace("often lax", "lax", author=ANNA, date=TUESDAY)
    reviewed.save()
    session = workspace.open(SAMPLE, NOY)
    # changed since: the file is compared with this
    session.set_field("c2", "challenges", "Too few forensic experts.")
    session.save()
    with pytest.raises(ReportError, match="bare.docx carries no swgtui marks"):
        workspace.receive(bare, by=NOY)
    received = workspace.receive(bare, into=SAMPLE[:6], in_app=True, by=NOY)
    assert received.summary == (
        f"received bare.docx into {NAMED}: 2 suggestions (see them: f12 in the report); the file carries no swgtui "
        "marks: its texts were compared with the report's current texts, so an edit you made since you sent it "
        "shows as the reviewer's suggestion to undo it"
    )
    report = workspace.get(SAMPLE)
    found = suggested(report)
    assert found["c2", "challenges"]["before"] == "Too few forensic experts."  # the file's "" would empty it
    assert found["c2", "challenges"]["after"] == ""
    lax = found["a2", "notes"]
    heads = [r for r in workspace.store.history(SAMPLE, "a2", "notes")]
    assert (lax["base"], lax["before"], lax["source"]) == (heads[-1]["id"], heads[-1]["text"], "bare.docx")


def refused(reports: Workspace, store_path: Path, path: Path, message: str, into: str | None = None) -> None:
    before = store_files(store_path)
    with pytest.raises(ReportError) as error:
        reports.receive(path, into=into, by=NOY)
    assert str(error.value) == message
    assert "\n" not in message
    assert store_files(store_path) == before


def test_files_that_do_not_fit_are_refused_in_one_line_and_nothing_is_stored(workspace, sample, tmp_path, store_path):
    path = export(workspace, tmp_path)
    review_in_word(path, sample)
    other = workspace.create("annex2", "Health SWG", "2025/2026")["id"]
    refused(
        workspace,
        store_path,
        path,
        f"report.docx was exported from report {SAMPLE}, not from {other}: "
        f"leave out --into to receive it into {SAMPLE}",
        into=other,
    )
    with pytest.raises(ReportNotFoundError, match=f"^no report 'nope' in {store_path} "):
        workspace.receive(path, into="nope", by=NOY)
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(path.read_bytes()[:5000])
    refused(workspace, store_path, damaged, "damaged.docx is not a Word .docx file")
    letter = tmp_path / "letter.docx"
    document = Document()
    document.add_paragraph("Dear colleagues, please find the report attached.")
    document.save(str(letter))
    for into in (None, SAMPLE):  # the missing table is said first, not the missing marks
        refused(
            workspace,
            store_path,
            letter,
            "letter.docx: no Annex 2 table (three columns: outputs, progress, challenges) was found",
            into=into,
        )
    package = workspace.send(SAMPLE, tmp_path / "review.swgpkg").path
    refused(
        workspace,
        store_path,
        package,
        "review.swgpkg is a review package: it names its report itself (--into is for Word files)",
        into=SAMPLE,
    )
    workspace.delete(SAMPLE)
    refused(
        workspace,
        store_path,
        path,
        f"report.docx was exported from report {SAMPLE}, which is not in this store: receive its review package "
        "first, or point it at a report with --into REPORT",
    )


def test_a_file_exported_on_another_laptop_needs_into(sample, tmp_path, store_path):
    (tmp_path / "other").mkdir()
    with ReportStore(tmp_path / "other" / "store.json", holder="tests") as elsewhere:
        elsewhere.add(sample)
        path = export(Workspace(elsewhere), tmp_path)
    reviewed = Reviewed(path)
    reviewed.replace("organized crime, and borders", "organised crime, and borders", author=LORD, date=MONDAY)
    reviewed.save()
    with ReportStore(store_path, holder="tests") as store:
        store.add(sample)
        here = Workspace(store)
        refused(
            here,
            store_path,
            path,
            f"report.docx does not match any export of report {SAMPLE} in this store (exported on another laptop?): "
            "use --into REPORT to compare it with the report's current texts",
        )
        received = here.receive(path, into=SAMPLE, by=NOY)
        assert received.summary == (
            f"received report.docx into {NAMED}: 1 suggestion (see them: swgtui suggestions {SAMPLE})"
        )
        (suggestion,) = suggestions.suggestions(here.get(SAMPLE))
        assert (suggestion["part"], suggestion["field"], suggestion["by"]["name"]) == ("a1", "notes", LORD)
        assert suggestion["base"] == store.history(SAMPLE, "a1", "notes")[-1]["id"]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_the_file_saved_again_by_libreoffice_gives_the_same(workspace, sample, tmp_path):
    path = export(workspace, tmp_path)
    review_in_word(path, sample)
    converted = through_libreoffice(path, tmp_path / "libreoffice")
    workspace.receive(path, by=NOY)
    from_word = workspace.get(SAMPLE)
    workspace.undo_receive()
    workspace.receive(converted, by=NOY)
    from_libreoffice = workspace.get(SAMPLE)

    def seen(report: dict) -> tuple[list, list]:
        found = [
            (s["part"], s["field"], s["by"]["name"], s["at"], s["tracked"], " ".join(s["after"].split()))
            for s in suggestions.suggestions(report)
        ]
        threads = [
            (t["part"], t["field"], t["quote"], t["text"], t["by"]["name"], t["at"], bool(t["resolved"]))
            for t in review.threads(report)
        ]
        return found, threads

    with zipfile.ZipFile(converted) as archive:
        replies_kept = b"paraIdParent" in archive.read("word/commentsExtended.xml")
    found, threads = seen(from_libreoffice)
    assert found == seen(from_word)[0]
    if replies_kept:
        assert threads == seen(from_word)[1]
    else:  # LibreOffice 7.4 keeps the done state only: the reply stands alone, on the same field
        reply = ("a4", "notes", "", "The survey is due in June.", LORD, AT_MONDAY, False)
        assert threads == [*seen(from_word)[1], reply]


def test_swgtuis_own_tracked_changes_in_a_changes_since_export_are_not_the_reviewers(workspace, tmp_path):
    path = export(workspace, tmp_path)
    reviewed = Reviewed(path)  # swgtui's changes since, as tracked changes dated before the export
    for words in ("attractive transit point", "often lax", "are increasingly using"):
        reviewed.replace(words, words, author=NOY["name"], date="2026-01-05T10:00:00Z")
    reviewed.replace("borders all", "borders all five", author=LORD, date="2099-01-01T10:00:00Z")  # after it
    reviewed.edit("targets for", "a target for")  # Track Changes off
    reviewed.saved_by(ANNA, SAVED)
    reviewed.save()
    document = Document(str(path))
    marks = read_marks(document)
    marks.changes_since = "approval"
    write_marks(document, marks)
    document.save(str(path))
    workspace.receive(path, by=NOY)
    found = {key: (s["by"]["name"], s["at"], s["tracked"]) for key, s in suggested(workspace.get(SAMPLE)).items()}
    assert found == {
        ("a1", "notes"): (LORD, "2099-01-01T10:00:00+00:00", True),
        ("a2", "notes"): (ANNA, AT_SAVED, False),  # swgtui's change there is not the reviewer's
    }  # c2's narrative: swgtui's change only, the text as exported


def changes_since_approval(workspace: Workspace, tmp_path: Path) -> tuple[Path, str]:
    """A changes-since export of the sample where some parts were approved, the rest never (all
    their text, row titles too, is a tracked insertion), with a row added since after A.5."""
    focal = workspace.open(SAMPLE, NOY)
    for part in ("header", "a1", "a2"):
        focal.set_status(part, "ready")
    focal.save()
    chair = workspace.open(SAMPLE, {"name": "Ms Chair", "organisation": "UNODC", "role": "co-chair"})
    for part in ("header", "a1", "a2"):
        chair.set_status(part, "approve")
    chair.save()
    session = workspace.open(SAMPLE, NOY)
    row = session.add_row("A", "Test new row", after="a5")
    session.set_field(row["id"], "progress", "Some progress")
    session.save()
    return workspace.export(SAMPLE, out=tmp_path / "since.docx", by=NOY, changes_since="approval").path, row["id"]


def test_a_changes_since_export_sent_back_unchanged_brings_nothing_new(workspace, tmp_path, store_path):
    path, _ = changes_since_approval(workspace, tmp_path)
    before = store_files(store_path)
    received = workspace.receive(path, by=NOY)
    assert (received.changed, received.summary) == (
        False,
        f"nothing new in since.docx: no edits and no comments not already in the report {NAMED}",
    )
    assert store_files(store_path) == before


def test_a_reviewers_edit_in_a_changes_since_export_lands_on_its_row(workspace, tmp_path):
    path, row_id = changes_since_approval(workspace, tmp_path)
    reviewed = Reviewed(path)
    reviewed.replace("Some progress", "Some good progress", author=LORD, date="2099-01-01T10:00:00Z")
    reviewed.save()
    received = workspace.receive(path, by=NOY)
    assert received.summary == f"received since.docx into {NAMED}: 1 suggestion (see them: swgtui suggestions {SAMPLE})"
    (suggestion,) = suggestions.suggestions(workspace.get(SAMPLE))
    assert (suggestion["part"], suggestion["field"], suggestion["before"], suggestion["after"]) == (
        row_id,
        "progress",
        "Some progress",
        "Some good progress",
    )
    assert (suggestion["by"]["name"], suggestion["tracked"]) == (LORD, True)


def test_a_file_without_marks_of_another_swg_or_period_is_refused(workspace, tmp_path, store_path):
    bare = export_docx(workspace.get(SAMPLE), tmp_path / "bare.docx").path  # written without marks
    health = workspace.create("annex2", "Health SWG", "2025/2026")["id"]
    refused(
        workspace,
        store_path,
        bare,
        "bare.docx is the report of Illicit Drug Sector Working Group 2020/2021, not of "
        f"{health} (Health SWG 2025/2026): give the report it came from with --into REPORT",
        into=health,
    )
    drugs = workspace.create("annex2", "  illicit drug  SECTOR working group", "2025-26")["id"]
    refused(
        workspace,
        store_path,
        bare,
        "bare.docx is the report of Illicit Drug Sector Working Group 2020/2021, not of "
        f"{drugs} (illicit drug  SECTOR working group 2025/2026): give the report it came from with --into REPORT",
        into=drugs,
    )
    session = workspace.open(drugs, NOY)
    session.set_period("2020-2021")
    session.save()
    received = workspace.receive(bare, into=drugs, by=NOY)  # the same SWG and period, written otherwise
    assert received.changed


def test_a_file_never_received_that_brings_nothing_says_so(workspace, tmp_path, store_path):
    path = export(workspace, tmp_path)
    before = store_files(store_path)
    received = workspace.receive(path, by=NOY)
    assert (received.changed, received.summary) == (
        False,
        f"nothing new in report.docx: no edits and no comments not already in the report {NAMED}",
    )
    assert store_files(store_path) == before


def test_the_same_words_on_another_row_or_thread_are_a_comment_of_their_own(workspace, sample, tmp_path):
    """'Agreed.' on A.1 and a reply 'Agreed.' (done) under the thread on A.4: both are added and
    only the A.4 thread is resolved; receiving again adds nothing."""
    path = export(workspace, tmp_path)
    reviewed = Reviewed(path)
    reviewed.comment("network of 20 Border Liaison Offices", "Agreed.", author=LORD, date=MONDAY)
    reply = reviewed.reply(exported_comment(reviewed, ASKED), "Agreed.", author=LORD, date=TUESDAY)
    reviewed.resolve(reply)
    reviewed.saved_by(LORD, SAVED)
    reviewed.save()
    received = workspace.receive(path, by=NOY)
    assert received.summary.endswith("1 comment added, 1 reply, 1 thread resolved")
    threads = {t["part"]: t for t in review.threads(workspace.get(SAMPLE)) if t["by"]["name"] in (LORD, NOY["name"])}
    assert (threads["a1"]["text"], threads["a1"]["resolved"]) == ("Agreed.", None)
    assert [r["text"] for r in threads["a4"]["replies"]] == ["Agreed."]
    assert threads["a4"]["resolved"]["by"]["name"] == LORD
    again = workspace.receive(path, by=NOY)
    assert not again.changed
    assert len(review.review_data(workspace.get(SAMPLE))["comments"]) == 4


def test_rows_dragged_in_word_are_matched_by_their_titles(workspace, sample, tmp_path):
    """A.2 dragged above A.1 with Track Changes off, and one tracked edit in A.2: exactly that
    edit is suggested, on A.2 (not 8 suggestions swapping the rows' texts)."""
    path = export(workspace, tmp_path)
    reviewed = Reviewed(path)
    reviewed.move_row_before("often lax", "network of 20 Border Liaison Offices")  # A.2 above A.1
    reviewed.replace("often lax", "lax", author=ANNA, date=TUESDAY)
    reviewed.saved_by(LORD, SAVED)
    reviewed.save()
    received = workspace.receive(path, by=NOY)
    found = suggested(workspace.get(SAMPLE))
    assert list(found) == [("a2", "notes")], received.summary
    assert found["a2", "notes"]["before"] == rp.get_field(T, sample, "a2", "notes")
    assert "are lax, making" in found["a2", "notes"]["after"]


def test_texts_that_could_never_be_accepted_are_not_suggested_and_the_summary_says_so(workspace, sample, tmp_path):
    """The SWG name deleted in Word and a field over 200,000 characters: each not taken, named
    in the summary; the file's other edit is taken."""
    path = export(workspace, tmp_path)
    reviewed = Reviewed(path)
    name = "Illicit Drug Sector Working Group"
    reviewed.replace(name, "", author=LORD, date=MONDAY, where=f"Name of Sector Working Group: {name}")
    reviewed.insert_after("often lax", " and lax" * 26_000, author=LORD, date=MONDAY)
    reviewed.replace("organized crime, and borders", "organised crime, and borders", author=LORD, date=MONDAY)
    reviewed.saved_by(LORD, SAVED)
    reviewed.save()
    received = workspace.receive(path, by=NOY)
    assert received.summary == (
        f"received report.docx into {NAMED}: 1 suggestion (see them: swgtui suggestions {SAMPLE}); "
        "the SWG name was emptied in Word: not taken; "
        "'Notes on the situation' of 'Proper regulations of Special Economic Zones' (A.2): "
        "a field is longer than 200,000 characters (208,240): not taken"
    )
    assert list(suggested(workspace.get(SAMPLE))) == [("a1", "notes")]


def test_a_row_title_deleted_in_word_is_not_suggested(workspace, sample, tmp_path):
    """The title of a row the SWG added, deleted in Word (tracked), and another made over 500
    characters: neither is suggested; the summary names each."""
    report = workspace.get(SAMPLE)
    ferry = rp.add_row(T, report, "A", "Ferry landings")["id"]
    posts = rp.add_row(T, report, "A", "Border posts")["id"]
    workspace.store.save(report)
    path = export(workspace, tmp_path)
    reviewed = Reviewed(path)
    for title in ("Ferry landings", "Border posts"):  # the status table names them too: found once
        *_, listed = (p for p in reviewed.document.iter(f"{W}p") if "".join(p.itertext()) == title)
        listed.getparent().remove(listed)
    reviewed.replace("Ferry landings", "", author=LORD, date=MONDAY)
    reviewed.insert_after("Border posts", " and more" * 60, author=LORD, date=MONDAY)
    reviewed.saved_by(LORD, SAVED)
    reviewed.save()
    received = workspace.receive(path, by=NOY)
    assert received.summary == (
        f"nothing new in report.docx: no edits and no comments not already in the report {NAMED}; "
        "the row 'Ferry landings' was deleted in Word: its texts are suggested empty, remove it in swgtui; "
        "the title of 'Ferry landings' (A.13) was emptied in Word: not taken; "
        "'Title' of 'Border posts' (A.14): a row's title is longer than 500 characters (552): not taken"
    )
    assert suggested(workspace.get(SAMPLE)) == {}
    assert [rp.find_row(workspace.get(SAMPLE), row)[1]["title"] for row in (ferry, posts)] == [
        "Ferry landings",
        "Border posts",
    ]

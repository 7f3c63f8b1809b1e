"""Pilot tests of reviewers' suggestions in the app: the outline marks the part, f12 opens the
suggestions view (only while some are open), the diff shows the words, accepting and rejecting
are read back from the store and its history; a Word file is received from the report list."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widgets import OptionList, Static

from swgtui.identity import save_identity
from swgtui.model import report as rp
from swgtui.model import suggestions as sg
from swgtui.model.ids import new_id
from swgtui.model.types import Revision
from swgtui.sample import sample_report
from swgtui.screens.conflict import ConflictScreen
from swgtui.screens.dialogs import ConfirmDialog
from swgtui.screens.review_dialogs import NoteDialog
from swgtui.screens.suggestions import DELETED, INSERTED, SuggestionsScreen, word_changes
from swgtui.store import ReportStore
from swgtui.store.history import HistoryLog
from swgtui.widgets.keys_panel import KeysPanel
from swgtui.widgets.outline_tree import OutlineTree

from .test_app import notifications, running_app, settle
from .test_app_display import key_bar_lines
from .test_conflicts import BASE, VANH, T

REVIEWER = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "reviewer"}
SUGGESTED = "Seizures rose sharply.\nTraining went on in two provinces.\nThe border posts were equipped."
SINCE = "Seizures fell.\nTraining went on in two provinces.\nThe border posts were equipped."  # the same line
ELSEWHERE = "Seizures rose.\nTraining went on in two provinces.\nThe border posts were equipped and staffed."
AT = "2026-11-25T08:30:00+00:00"


def add_report_with_suggestion(store_path: Path, tmp_path: Path, since: str | None = None) -> dict:
    """The sample in a store, `progress` of row a2 reading BASE (a revision by Ms Vanh), with
    Mr Lord's suggestion on it (from BASE to SUGGESTED); with `since`, the field was changed to
    that text after the export."""
    report = sample_report()
    rp.set_field(T, report, "a2", "progress", BASE)
    history = HistoryLog(tmp_path / "start.history.jsonl").new_lines(None, report, VANH)
    base = next(r for r in history if (r["part"], r["field"]) == ("a2", "progress"))
    if since is not None:
        later: Revision = {**base, "id": new_id(), "parent": base["id"], "rev": 2, "text": since}
        later["at"] = "2026-11-26T09:00:00+00:00"
        history.append(later)
        rp.set_field(T, report, "a2", "progress", since)
    source = "reviewed.docx (export 01X)"
    made = sg.add(report, "a2", "progress", base["id"], BASE, SUGGESTED, REVIEWER, AT, source, True)
    assert made is not None
    with ReportStore(store_path, holder="tests") as store:
        report_id = store.add(report, history)
    return {"report": report_id, "suggestion": made["id"], "base": base["id"]}


def test_the_diff_strikes_out_and_underlines_words_and_never_reads_markup():
    shown = word_changes("The old words [b]stay[/b].", "The new words [b]stay[/b].\n[red]More[/red]")
    assert shown.plain == "The oldnew words [b]stay[/b].¶\n[red]More[/red]"
    styles = {shown.plain[span.start : span.end]: str(span.style) for span in shown.spans}
    assert styles == {"old": DELETED, "new": INSERTED, "¶": INSERTED, "[red]More[/red]": INSERTED}
    long = "\n".join(f"Paragraph {n}." for n in range(1, 10))
    shown = word_changes(long, long.replace("Paragraph 5.", "Paragraph five."))
    assert shown.plain == "…\nParagraph 5five.\n…"  # only the paragraph that changed
    assert word_changes(long, long).plain == "(no change)"


async def test_the_outline_marks_the_part_f12_shows_the_words_and_accepting_takes_the_text(
    store_path, tmp_path, monkeypatch
):
    made = add_report_with_suggestion(store_path, tmp_path)
    save_identity(**VANH)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        editor = app.screen
        outline = editor.query_one(OutlineTree)
        assert "✎1" in outline.part_nodes["a2"].label.plain
        assert "✎" not in outline.part_nodes["a1"].label.plain
        assert any("f12 Suggestions" in line for line in key_bar_lines(app))
        await pilot.press("f1")  # the keys panel explains the mark
        await pilot.pause()
        table = editor.query_one(KeysPanel).query_one("#keys-table")
        panel = " ".join(" ".join(s.text for s in table.render_lines(Region(0, 0, *table.region.size))).split())
        assert "Marks in the outline" in panel and "open suggestions from reviewers" in panel
        await pilot.press("f1")
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, SuggestionsScreen)
        listed = app.screen.query_one(OptionList)
        label = str(listed.get_option_at_index(0).prompt)
        assert "Matthew Lord (reviewer, Embassy of Australia)" in label and "applies" in label
        assert "Update on progress" in label or "progress" in label.casefold()
        diff = app.screen.query_one("#diff", Static).render()
        pieces = [(diff.plain[span.start : span.end], str(span.style)) for span in diff.spans]
        assert any(
            piece.strip() == "sharply" and {"green", "underline"} <= set(style.replace("_", " ").split())
            for piece, style in pieces
        )
        told = notifications(app, monkeypatch)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is editor and editor.part_id == "a2", told
        assert editor.focused.text == SUGGESTED  # the form shows the new text, the cursor in its field
        assert "✎" not in outline.part_nodes["a2"].label.plain
        assert not any("Suggestions" in line for line in key_bar_lines(app))  # f12 went with the last one
        told = notifications(app, monkeypatch)
        await pilot.press("f12")
        await settle(pilot)
        assert ("", "No suggestion from reviewers is open.") in told
    with ReportStore(store_path) as reopened:
        report = reopened.get(made["report"])
        assert rp.get_field(T, report, "a2", "progress") == SUGGESTED
        latest = reopened.history(made["report"], "a2", "progress")[-1]
        assert (latest["text"], latest["by"], latest["accepted_by"]) == (SUGGESTED, REVIEWER, VANH)
        assert sg.state_of(report, made["suggestion"]) == "accepted"


async def test_rejecting_asks_for_a_note_and_records_it(store_path, tmp_path):
    made = add_report_with_suggestion(store_path, tmp_path)
    save_identity(**VANH)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        editor = app.screen
        await pilot.press("f12")
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Keep the figures")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor
        assert "✎" not in editor.query_one(OutlineTree).part_nodes["a2"].label.plain
        await pilot.press("ctrl+s")
        await settle(pilot)
    with ReportStore(store_path) as reopened:
        report = reopened.get(made["report"])
        assert rp.get_field(T, report, "a2", "progress") == BASE
        event = report["review"]["events"][-1]
        assert (event["action"], event["suggestion"], event["part"]) == ("reject", made["suggestion"], "a2")
        assert (event["note"], event["by"]) == ("Keep the figures", VANH)


async def test_a_suggestion_on_words_changed_since_is_a_conflict_and_the_conflict_view_is_offered(store_path, tmp_path):
    made = add_report_with_suggestion(store_path, tmp_path, since=SINCE)
    save_identity(**VANH)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        await pilot.press("f12")
        await settle(pilot)
        label = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "conflicts" in label
        assert SINCE.splitlines()[0] in str(app.screen.query_one("#diff", Static).render())  # the field now
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "in conflict" in str(app.screen.question)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        versions = app.screen.query_one(OptionList)
        labels = [str(versions.get_option_at_index(i).prompt) for i in range(versions.option_count)]
        assert any("Matthew Lord" in label for label in labels)
    with ReportStore(store_path) as reopened:
        report = reopened.get(made["report"])
        assert [(c["part"], c["field"]) for c in report["conflicts"]] == [("a2", "progress")]
        assert sg.state_of(report, made["suggestion"]) == "accepted"


async def test_a_suggestion_on_other_lines_changed_since_is_merged(store_path, tmp_path, monkeypatch):
    made = add_report_with_suggestion(store_path, tmp_path, since=ELSEWHERE)
    save_identity(**VANH)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        told = notifications(app, monkeypatch)
        await pilot.press("f12")
        await settle(pilot)
        assert "merges" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("a")
        await settle(pilot)
        assert any(title == "Accepted" and "merged the suggestion of Matthew Lord" in said for title, said in told)
        merged = SUGGESTED.replace("equipped.", "equipped and staffed.")
        assert app.screen.focused.text == merged
    with ReportStore(store_path) as reopened:
        assert rp.get_field(T, reopened.get(made["report"]), "a2", "progress") == merged


async def test_the_key_is_hidden_without_open_suggestions(store_path, monkeypatch):
    save_identity(**VANH)
    async with running_app(store_path, open_it=True) as (app, pilot, _, _):
        assert not any("Suggestions" in line for line in key_bar_lines(app))
        told = notifications(app, monkeypatch)
        await pilot.press("f12")
        await settle(pilot)
        assert ("", "No suggestion from reviewers is open.") in told
        assert not isinstance(app.screen, SuggestionsScreen)


async def test_a_read_only_store_shows_suggestions_but_refuses_to_accept(store_path, tmp_path, monkeypatch):
    from swgtui.app import make_app

    made = add_report_with_suggestion(store_path, tmp_path)
    save_identity(**VANH)
    with ReportStore(store_path, writable=False) as store:
        app = make_app(store, title_note="read-only")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter")
            await settle(pilot)
            told = notifications(app, monkeypatch)
            await pilot.press("f12")
            await settle(pilot)
            assert isinstance(app.screen, SuggestionsScreen)
            await pilot.press("a")
            await settle(pilot)
            assert any("open read-only; nothing was changed" in said for _, said in told)
    with ReportStore(store_path) as reopened:
        assert sg.state_of(reopened.get(made["report"]), made["suggestion"]) == "open"


# --- receiving a reviewed Word file from the report list ------------------------------------------


def word_file_without_marks(folder: Path, report: dict, old: str, new: str) -> Path:
    """The report written to Word without swgtui's marks (as a file made by hand would be),
    with the paragraph `old` edited to `new` (not tracked)."""
    from swgtui.exports.docx_writer import build_document

    document = build_document(report, T)
    edited = [p for table in document.tables for c in table._cells for p in c.paragraphs if p.text == old]
    assert edited, old
    for run in edited[0].runs[1:]:
        run.text = ""
    edited[0].runs[0].text = new
    path = folder / "reviewed by hand.docx"
    document.save(path)
    return path


async def receive_from_the_list(pilot, path: Path) -> None:
    await pilot.press("g")
    await pilot.pause()
    await pilot.press(*str(path), "enter")
    await settle(pilot)


async def test_g_asks_to_receive_a_word_file_without_marks_into_the_highlighted_report(
    store_path, tmp_path, monkeypatch
):
    save_identity(**VANH)
    async with running_app(store_path) as (app, pilot, store, report_id):
        report = store.get(report_id)
        old = rp.get_field(T, report, "a2", "progress").split("\n")[0].removeprefix("- ")  # a Word bullet
        path = word_file_without_marks(tmp_path, report, old, old + " Reviewed in Word.")
        told = notifications(app, monkeypatch)
        await receive_from_the_list(pilot, path)
        assert isinstance(app.screen, ConfirmDialog)
        assert "carries no swgtui marks" in str(app.screen.question)
        assert rp.swg_name(report) in str(app.screen.question)  # the highlighted report
        await pilot.press("y")
        await settle(pilot)
        title, said = told[-1]
        assert title == "Received" and said.startswith(f"received {path.name} into ")
        assert "1 suggestion (see them: f12 in the report)" in said
        received = store.get(report_id)
        (suggestion,) = sg.suggestions(received)
        assert (suggestion["part"], suggestion["field"]) == ("a2", "progress")
        assert old + " Reviewed in Word." in suggestion["after"]


async def test_g_says_one_line_when_the_word_file_cannot_be_received(store_path, tmp_path, monkeypatch):
    async with running_app(store_path) as (app, pilot, store, report_id):
        told = notifications(app, monkeypatch)
        damaged = tmp_path / "damaged.docx"
        damaged.write_bytes(b"PK\x03\x04 not a zip at all")
        await receive_from_the_list(pilot, damaged)
        assert not isinstance(app.screen, ConfirmDialog)
        (title, said), *_ = told
        assert title == "Not received" and "damaged.docx" in said and "\n" not in said
        assert sg.suggestions(store.get(report_id)) == []


async def test_g_asks_before_receiving_a_file_without_marks_and_names_the_highlighted_report(
    store_path, tmp_path, monkeypatch
):
    """The app's side alone (the refusal is the receive's own): no into at first; after yes,
    into is the highlighted report; the receive's summary is what the notification says."""
    from swgtui import exchange_docx
    from swgtui.exchange import Received
    from swgtui.workspace import Workspace

    asked: list[str | None] = []

    def receive(self, path, into=None, in_app=False, by=None):
        asked.append(into)
        if into is None:
            exchange_docx._which_report(self.store, path, None, None)  # refuses: no marks
        return Received(into, False, True, f"received {path.name} into {into}: 1 suggestion (see them: f12)")

    monkeypatch.setattr(Workspace, "receive", receive)
    path = tmp_path / "by hand.docx"
    async with running_app(store_path, report=None) as (app, pilot, store, _):
        first = store.create("annex2", "Health Sector Working Group", "2025/2026")["id"]
        second = store.create("annex2", "Education Sector Working Group", "2025/2026")["id"]
        app.screen.refresh_reports(select=second)
        await pilot.pause()
        told = notifications(app, monkeypatch)
        await receive_from_the_list(pilot, path)
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.question)
        assert "by hand.docx carries no swgtui marks" in question and "Education Sector Working Group" in question
        await pilot.press("n")  # not now: nothing received
        await settle(pilot)
        assert asked == [None] and not any(title == "Received" for title, _ in told)
        await receive_from_the_list(pilot, path)
        await pilot.press("y")
        await settle(pilot)
        assert asked == [None, None, second] and first != second
        assert ("Received", f"received by hand.docx into {second}: 1 suggestion (see them: f12)") in told


async def test_a_word_file_exported_with_marks_comes_back_as_a_suggestion_shown_in_the_report(
    store_path, tmp_path, monkeypatch
):
    from docx import Document

    from swgtui.workspace import Workspace

    save_identity(**VANH)
    async with running_app(store_path) as (app, pilot, store, report_id):
        exported = Workspace(store).export(report_id, out=tmp_path / "for review.docx").path
        document = Document(str(exported))
        old = rp.get_field(T, store.get(report_id), "a2", "progress").split("\n")[0].removeprefix("- ")
        paragraph = next(p for t in document.tables for c in t._cells for p in c.paragraphs if p.text == old)
        for run in paragraph.runs[1:]:
            run.text = ""
        paragraph.runs[0].text = old + " Reviewed in Word."
        document.save(str(exported))
        told = notifications(app, monkeypatch)
        await receive_from_the_list(pilot, exported)
        assert not isinstance(app.screen, ConfirmDialog)  # the marks name the report
        title, said = told[-1]
        assert title == "Received" and "1 suggestion (see them: f12 in the report)" in said
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert "✎1" in editor.query_one(OutlineTree).part_nodes["a2"].label.plain
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, SuggestionsScreen)
        assert "Reviewed in Word." in str(app.screen.query_one("#diff", Static).render())


async def test_applies_says_what_is_true_for_a_file_with_marks_and_without(store_path, tmp_path):
    """Without marks the suggestion was made against the text at the receive, not the one the
    reviewer found: "applies" speaks of when the suggestion was made."""
    add_report_with_suggestion(store_path, tmp_path)
    save_identity(**VANH)
    async with running_app(store_path, report=None, open_it=True) as (app, pilot, _, _):
        await pilot.press("f12")
        await settle(pilot)
        said = " ".join(app.screen.query_one("#diff", Static).render().plain.split())
        assert "the field reads as when the suggestion was made: accepting gives it this text." in said
        assert "as the reviewer found it" not in said
